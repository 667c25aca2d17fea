"""THE reviewed list of what the fuzzer does not call, and why. One place, one reason per entry.

A call is left out only when its *C contract* makes misuse undefined or fatal by design (freeing
memory it is handed, dropping references the caller does not own, aborting on purpose, blocking
forever, acting on process-wide resources such as file descriptors or the log machinery), never
because the bindings crash on it: a binding crash is a finding (docs/robustness.md), not an entry
here. Patterns (fnmatch) are used only where the pattern is honest, i.e. every function it
matches has the stated property; they match the C identifier, or the Python path when written
"py:Ns.Class.name".

Besides the list, two value rules apply to every callable (gen.py):
- gpointer/gconstpointer parameters get no ints and no wrappers: by the API's contract an int is
  an address and a wrapper passes its C pointer; what C does with an arbitrary address (read,
  write, free) is outside what a binding can check. They get None and non-address values, which
  must be rejected or passed as NULL.
- GType parameters (and each element of an array of GTypes) get classes' GTypes, the fundamental constants, multiples of 4 up to
  GTYPE_INT_MAX (fundamental type ids; other small values alias them), and non-ints: a GType
  above the fundamental range is the address of GLib's type node, so an arbitrary int there is
  an arbitrary address.
- Flags parameters get combinations of the flags type's bits (or non-ints): C functions may
  assert on bits outside their type by design (g_format_size_full reaches
  g_assert_not_reached, in PyGObject too). Enum parameters do get unknown values: the API
  promises ValueError where C would misbehave.
- LIMITS below bound a few integer parameters whose large values are legitimate but block or
  allocate without bound.
- A length or offset parameter that describes a preceding string argument (GIR ties them with no
  annotation, so the binding passes both as given; `g_string_new_len(init, len)`,
  `g_utf8_substring(str, start_pos, end_pos)`, `g_strlcpy(dest, src, dest_size)`) makes C read or
  write past the string's buffer when it is out of bounds, by contract. When the string argument
  is a str or bytes, such a parameter gets a value within bounds: STRING_LENGTHS -1..len(bytes),
  STRING_SIZES (sizes of a buffer C writes to) 0..len(bytes)+1, STRING_OFFSETS 0..len(chars),
  STRING_BYTE_OFFSETS 0..len(bytes).
"""

import fnmatch

# (title, ((pattern, reason), ...)): reviewed groups; SKIP is all of them.
GROUPS = (
    ('Frees, drops or takes over what it is given (the wrapper still owns it: a double '
     'free or unref follows when it dies), or works on raw memory by address', (
        ('g_free', 'frees the address it is given'),
        ('g_aligned_free', 'frees the address it is given'),
        ('g_clear_error', 'frees the GError its argument points to'),
        ('g_strfreev', 'frees the vector it is given'),
        ('g_slice_*', 'raw slice allocator: frees/allocates by address and size'),
        ('g_nullify_pointer', 'writes NULL through the address it is given'),
        ('*_unref',
         'drops a reference the caller must own; the wrapper owns its '
         'reference, so a second drop follows when it dies (double '
         'unref)'),
        ('*_unref_to_*', 'drops the reference the wrapper owns (g_bytes_unref_to_data, ...)'),
        ('*_free', 'frees the record or container the wrapper owns (double free when it dies)'),
        ('*_free_full', 'frees the record or container and its elements'),
        ('*_free_to_bytes', 'frees the container the wrapper owns'),
        ('g_hash_table_destroy', "drops the table's reference (same as unref)"),
        ('g_hook_destroy', 'frees the hook by id'),
        ('g_hook_destroy_link', 'frees the hook it is given'),
        ('g_hook_list_clear', 'frees the hooks the list owns; the list is then unusable'),
        ('g_tree_destroy', "drops the tree's reference (same as unref)"),
        ('g_node_destroy', 'frees the node and its children'),
        ('g_scanner_destroy', 'frees the scanner the wrapper owns'),
        ('g_main_loop_unref', "drops the loop's reference"),
        ('g_typelib_free', 'frees the typelib'),
        ('g_option_context_free', 'frees the context'),
        ('g_type_free_instance', 'frees a type instance the wrapper owns'),
        ('g_type_class_unref', 'drops a class reference the caller does not own'),
        ('g_type_default_interface_unref', 'drops an interface reference the caller does not own'),
        ('g_closure_sink', 'drops the floating reference the wrapper owns'),
        ('g_object_force_floating',
         "makes the wrapper's reference floating; the next ref_sink "
         'steals it'),
        ('g_object_steal_data', 'takes ownership of data the object still frees'),
        ('g_object_steal_qdata', 'takes ownership of data the object still frees'),
        ('g_value_take_*', 'takes ownership of the value it is given'),
        ('g_value_set_*_take_ownership', 'takes ownership of the value it is given'),
        ('g_variant_type_free', 'frees the type'),
        ('g_variant_unref', "drops the variant's reference"),
        ('g_bytes_unref', "drops the bytes' reference"),
        ('g_error_free', 'frees the error'),
        ('g_date_time_unref', 'drops the reference'),
        ('g_string_free*', 'frees the string'),
        ('g_dir_close', 'frees the GDir; the wrapper still points to it'),
        ('g_io_channel_close', 'closes and frees'),
        ('g_io_channel_init',
         're-initialises a live channel: its reference count becomes 1, so an unref by '
         'any other owner (a watch source, another wrapper) frees it under the wrapper (found '
         'by the fuzzer as a hang: read_unichar on the freed channel read from a reused fd)'),
        ('g_markup_parse_context_free', 'frees the context'),
        ('g_source_destroy', 'destroys a source other owners may still use'),
        ('g_object_run_dispose',
         'disposes a possibly shared object (other owners keep using '
         'it); the fuzzer disposes only private objects it made '
         '(prelude._disposed)'),
        ('py:GObject.Object.run_dispose', 'same as g_object_run_dispose'),
        ('g_rc_box_*', 'reference-counted memory by address'),
        ('g_atomic_rc_box_*', 'reference-counted memory by address'),
        ('g_ref_count_*', 'reference counts by address'),
        ('g_atomic_ref_count_*', 'reference counts by address'),
        ('g_atomic_*', 'atomic operations through a pointer'),
        ('g_bit_lock', 'locks through a pointer (blocks when the bit is set)'),
        ('g_bit_trylock', 'locks through a pointer'),
        ('g_bit_unlock', 'unlocks through a pointer'),
        ('g_pointer_bit_*', 'locks through a pointer'),
        ('g_once_*', 'one-time init through a pointer location'),
        ('g_trash_stack_*', 'a stack threaded through the memory it is given, by address'),
        ('g_environ_*', 'operates on environment vectors by address'),
        ('g_type_class_adjust_private_offset', 'writes through a pointer to an offset'),
        ('g_source_modify_unix_fd', 'a tag returned by g_source_add_unix_fd, by address'),
        ('g_source_remove_unix_fd', 'a tag returned by g_source_add_unix_fd, by address'),
        ('g_source_query_unix_fd', 'a tag returned by g_source_add_unix_fd, by address'),
        ('g_source_remove_poll', 'removes a GPollFD by address'),
        ('g_main_context_remove_poll', 'removes a GPollFD by address'),
        ('g_main_context_pop_thread_default',
         'pops a context the caller did not push (g_return_if_fail '
         'guards only the stack top)'),
    )),
    ('The GIR misdescribes the memory: the result is memory the caller does not own, '
     'or C keeps a pointer or callback beyond the call (every binding frees or drops '
     'it wrongly; PyGObject aborts the same way)', (
        ('g_strreverse', 'returns its argument (reversed in place); GIR: transfer full'),
        ('g_strchomp', 'returns its argument (modified in place); GIR: transfer full'),
        ('g_strchug', 'returns its argument (modified in place); GIR: transfer full'),
        ('g_strup', 'returns its argument (modified in place); GIR: transfer full'),
        ('g_strdown', 'returns its argument (modified in place); GIR: transfer full'),
        ('g_strdelimit', 'returns its argument (modified in place); GIR: transfer full'),
        ('g_strcanon', 'returns its argument (modified in place); GIR: transfer full'),
        ('g_ascii_dtostr', 'returns its buffer argument; GIR: transfer full'),
        ('g_ascii_formatd', 'returns its buffer argument; GIR: transfer full'),
        ('g_strstr_len', 'returns a pointer into its haystack argument; GIR: transfer full'),
        ('g_strrstr', 'returns a pointer into its haystack argument; GIR: transfer full'),
        ('g_strrstr_len', 'returns a pointer into its haystack argument; GIR: transfer full'),
        ('g_stpcpy', 'copies into its dest argument (no size) and returns a pointer into it'),
        ('g_ref_string_*',
         'returns a reference-counted string, released with '
         'g_ref_string_release, not g_free; GIR: utf8 transfer full'),
        ('g_base64_decode_inplace',
         'GIR: an array of length out_len; C takes strlen(text), so a buffer without a NUL '
         'is read and decoded in place past its end (heap corruption)'),
        ('g_variant_type_string_scan', 'limit and endptr point into the string argument'),
        ('g_tree_new_full',
         'GIR: value_destroy_func is the destroy notify of the compare '
         'data and key_destroy_func has scope async, but GLib calls '
         'both for every element'),
        ('g_tree_node_*',
         'a GTreeNode is borrowed from its tree: valid only while the '
         'tree holds it'),
        ('g_tree_lookup_node', 'returns a node borrowed from the tree'),
        ('g_tree_insert_node', 'returns a node borrowed from the tree'),
        ('g_tree_replace_node', 'returns a node borrowed from the tree'),
        ('g_tree_lower_bound', 'returns a node borrowed from the tree'),
        ('g_tree_upper_bound', 'returns a node borrowed from the tree'),
        ('g_tree_node_first', 'returns a node borrowed from the tree'),
        ('g_tree_node_last', 'returns a node borrowed from the tree'),
        ('g_source_add_poll', 'keeps a pointer to the GPollFD, which the caller must keep alive'),
        ('g_main_context_add_poll',
         'keeps a pointer to the GPollFD, which the caller must keep '
         'alive'),
        ('g_markup_parse_context_new',
         'keeps a pointer to the GMarkupParser it is given, which the '
         'caller must keep alive as long as the context'),
        ('g_markup_parse_context_push', 'keeps a pointer to the GMarkupParser it is given'),
        ('g_hash_table_iter_*',
         'iterates a GHashTable the bindings built from a dict for one '
         'call; the iterator outlives the table'),
    )),
    ('Pointers into another argument, raw function pointers, raw arrays whose length C '
     'takes from elsewhere', (
        ('g_utf8_pointer_to_offset', 'pos must point into str'),
        ('g_utf8_find_prev_char', 'p must point into str'),
        ('g_utf8_find_next_char', 'end must point after p in the same string'),
        ('g_utf8_prev_char', 'reads before its argument'),
        ('g_utf8_offset_to_pointer',
         'returns a pointer into its argument; offsets may walk out of '
         'it'),
        ('g_uri_unescape_segment', 'escaped_string_end must point into escaped_string'),
        ('g_source_set_callback_indirect',
         'calls the functions of the GSourceCallbackFuncs record, raw '
         'function pointers'),
        ('*cclosure_marshal_*',
         'marshallers read n_param_values GValues from param_values '
         "and write the return GValue: the closure machinery's "
         'contract'),
        ('g_signal_emitv',
         'reads n_params+1 GValues of the signal from the array '
         '(length from the signal, not from the caller)'),
        ('g_closure_new_simple', 'sizeof_closure smaller than GClosure corrupts memory'),
        ('g_closure_new_object', 'sizeof_closure smaller than GClosure corrupts memory'),
        ('g_signal_type_cclosure_new',
         'the closure calls the function pointer at struct_offset of '
         'the class structure: any other offset is an arbitrary '
         'address'),
        ('g_object_compat_control',
         'private GLib interface: writes through data for some values '
         'of what'),
        ('g_main_context_query', 'fills the fds array beyond its size when n_fds is too small'),
        ('g_main_context_check', 'reads n_fds entries of the fds array'),
        ('g_param_spec_pool_*', 'raw pool of param specs (transfer annotations disagree with C)'),
        # (R8: the bindings pass these a copy of the str, never its own buffer; how much C
        # writes into that copy is still the caller's to size)
        ('g_utf8_strncpy', 'writes up to n characters of src into dest: the caller sizes dest'),
        ('g_strlcpy', 'writes up to dest_size bytes into dest: the caller sizes dest'),
        ('g_strlcat', 'appends up to dest_size bytes in total to dest: the caller sizes dest'),
        ('g_date_strftime', 'writes up to slen bytes into s: the caller sizes s'),
    )),
    ('Preconditions C asserts (abort by design) or does not check (it dereferences)', (
        ('py:GObject.Binding',
         'g_object_new(G_TYPE_BINDING) without its construct-only '
         "source and target dereferences NULL in GLib's constructed() "
         '(PyGObject crashes too)'),
        ('g_variant_type_first', 'requires a tuple or dict-entry type (g_assert)'),
        ('g_variant_type_next', 'requires an item type of a tuple (g_assert)'),
        ('g_variant_type_n_items', 'requires a tuple or dict-entry type (g_assert)'),
        ('g_variant_type_key', 'requires a dict-entry type (g_assert)'),
        ('g_variant_type_value', 'requires a dict-entry type (g_assert)'),
        ('g_variant_type_element', 'requires an array or maybe type (g_assert)'),
        ('g_variant_get_child_value',
         'index_ must be below g_variant_n_children (aborts otherwise)'),
        ('g_variant_n_children', 'requires a container variant (aborts otherwise)'),
        ('g_variant_get_data_as_bytes',
         'asserts on a variant made by g_variant_new_from_bytes from '
         'data of the wrong size for its fixed-size type (GLib)'),
        ('g_variant_new_objv',
         'invalid object paths leave NULL children in the array '
         'variant, which GLib dereferences later (printing, comparing)'),
        ('g_variant_dict_new', 'from_asv must be an a{sv} variant (GLib asserts on the iteration)'),
        ('g_date_time_add_full',
         'converts seconds (a double) to an integer without a range check: a huge value is '
         'undefined in C, and GLib then asserts on the resulting date'),
        ('g_date_time_add_seconds', 'same as g_date_time_add_full'),
        ('g_format_size_full',
         'some combinations of its own flags reach '
         'g_assert_not_reached (PyGObject aborts too)'),
        ('g_markup_parse_context_pop', 'must follow a g_markup_parse_context_push'),
        ('g_parse_debug_string',
         'reads the key strings of its GDebugKey array without a NULL '
         'check (a zeroed GDebugKey has none)'),
        ('g_signal_chain_from_overridden*',
         'requires an emission in progress of the same instance'),
        ('g_signal_has_handler_pending',
         'with a detail, dereferences the node of the signal id '
         'without checking that the signal exists (GLib)'),
        ('g_signal_override_class_closure',
         'the signal id must belong to the type; GLib dereferences the '
         "signal's class closure data"),
        ('g_signal_handlers_destroy', "disconnects every handler, including the runtime's own"),
        ('g_param_spec_*',
         'an invalid name makes g_param_spec_internal return NULL '
         'after a critical, which the constructors then dereference '
         '(GLib)'),
        ('g_type_default_interface_ref',
         'G_TYPE_INTERFACE itself (the fundamental, not an interface) '
         'makes GLib set up a vtable for it and crash'),
        ('g_type_default_interface_peek', 'same as g_type_default_interface_ref'),
        ('g_source_add_child_source',
         'a source added as its own (or an attached) child corrupts '
         "the main context's lists (g_return_if_fail checks only some)"),
    )),
    ('Locks and waits: misuse deadlocks or is undefined; calls that block or loop '
     'forever', (
        ('g_mutex_*',
         'locking primitives: a second lock deadlocks, unlocking an '
         'unlocked mutex is undefined'),
        ('g_rec_mutex_*', 'locking primitive: unlocking a mutex not held is undefined'),
        ('g_rw_lock_*', 'locking primitive: relocking deadlocks, unlocking unheld is undefined'),
        ('g_cond_*', 'waits for a signal nobody sends; clear of a used cond is undefined'),
        ('g_private_*', 'thread-private keys: g_private_replace runs the destroy notify'),
        ('g_async_queue_pop*', 'blocks until another thread pushes'),
        ('g_async_queue_timeout_pop*', 'blocks for the random timeout'),
        ('g_async_queue_lock', "locks the queue's mutex (a second lock deadlocks)"),
        ('g_async_queue_unlock', 'unlocks a mutex that may not be held'),
        ('g_async_queue_*_unlocked', 'requires the queue lock to be held'),
        ('g_thread_join', 'blocks until the thread ends; joins a thread at most once'),
        ('g_main_loop_run', 'blocks until quit'),
        ('g_main_context_iteration', 'blocks when may_block is true'),
        ('g_main_context_wait*', 'waits on a condition'),
        ('g_main_context_acquire', "acquiring without releasing makes other threads' loops block"),
        ('g_main_context_release', 'releases an ownership the caller may not hold'),
        ('g_poll', 'blocks for the random timeout on random fds'),
        ('g_main_context_dispatch',
         'a step of a main-loop iteration: the context must be acquired, prepared, polled and '
         'checked first (it dispatches the sources check() recorded)'),
        ('g_main_context_prepare', 'a step of a main-loop iteration: the context must be acquired'),
        ('g_main_context_invoke*',
         'calls the function again while it returns true (immediately '
         'when the caller owns the context): a callable returning true '
         'loops forever'),
    )),
    ('Abort, exit or allocate without bound by design', (
        ('g_assertion_message*', 'aborts by design'),
        ('g_assert_warning', 'aborts by design'),
        ('g_on_error_query', 'prompts on stdin and may abort'),
        ('g_on_error_stack_trace', 'runs gdb on the process'),
        ('g_log_structured_array', 'level ERROR or G_LOG_FLAG_FATAL aborts by design'),
        ('g_log_variant', 'level ERROR aborts by design'),
        ('g_log_default_handler', 'level ERROR aborts by design'),
        ('g_log_writer_default', 'level ERROR aborts by design'),
        ('g_log_writer_standard_streams', 'level ERROR aborts by design'),
        ('g_log_writer_journald', 'level ERROR aborts by design'),
        ('g_log_set_always_fatal', 'makes later warnings/criticals abort by design'),
        ('g_log_set_fatal_mask', 'makes later messages of a domain abort by design'),
        ('g_test_*',
         'GTest harness: most abort outside an initialised test '
         'program (g_test_fail, g_test_init parses argv, ...)'),
        ('regress_set_abort_on_error', 'makes Regress abort on its own errors, by design'),
        ('g_atexit', 'registers exit handlers'),
        ('g_malloc*', 'allocates a caller-chosen size; aborts on failure by design'),
        ('g_realloc*', 'reallocates a caller-chosen address'),
        ('g_try_malloc*', 'allocates raw memory that is never freed'),
        ('g_try_realloc*', 'reallocates a caller-chosen address'),
        ('g_aligned_alloc*', 'allocates a caller-chosen size; aborts on failure by design'),
        ('g_memdup*', 'copies from a caller-chosen address and size'),
        ('g_value_array_new', 'allocates n_prealloced GValues (aborts on failure by design)'),
        ('g_mem_set_vtable', 'replaces the allocator'),
    )),
    ('Process-wide resources of the harness: file descriptors, processes, threads, '
     'environment, files, log and print handlers', (
        ('g_thread_exit', 'ends the calling thread (the harness)'),
        ('g_thread_pool_*',
         'starts pool threads that run fuzz callables concurrently '
         'with the harness'),
        ('g_log_set_handler*', 'installs process-wide log handlers (fatal flags abort)'),
        ('g_log_set_writer_func',
         'replaces the process-wide log writer (allowed once, aborts '
         'after)'),
        ('g_log_remove_handler', 'removes handlers by id the harness did not install'),
        ('g_log_writer_default_set_use_stderr', 'process-wide log configuration'),
        ('g_log_set_debug_enabled', 'process-wide log configuration'),
        ('g_spawn_*', 'runs programs named by random strings'),
        ('g_child_watch_*', 'reaps child processes by pid'),
        ('g_close', "closes a file descriptor by number (the harness's own, e.g. its log)"),
        ('g_io_channel_unix_new',
         'wraps a file descriptor by number; close/shutdown then '
         "closes the harness's fds"),
        ('g_io_channel_shutdown',
         'closes the fd but the channel keeps its number: later calls on the channel act on '
         'whatever file reuses the number (get_flags even makes the channel readable from it), '
         'so a read can block forever on a pipe of the harness (found by the fuzzer: the ctypes '
         "1M run's hang, seed 42, read_line on a shut-down channel reading fd 4)"),
        ('g_unix_*', 'file descriptors and signals by number'),
        ('g_source_add_unix_fd', 'file descriptors by number'),
        ('g_source_remove', 'removes sources by id the harness may not own'),
        ('g_source_remove_by_*', 'removes sources by data the harness may not own'),
        ('g_slice_set_config', 'process-wide allocator configuration'),
        ('g_setenv', "changes the harness's environment (G_DEBUG, G_SLICE, PATH)"),
        ('g_unsetenv', "changes the harness's environment"),
        ('g_chdir', "changes the harness's working directory"),
        ('g_mkdir*', 'creates directories at random paths'),
        ('g_rmdir', 'removes directories at random paths'),
        ('g_unlink', 'removes files at random paths'),
        ('g_file_set_contents*', 'writes files at random paths'),
        ('g_file_open_tmp', 'creates files'),
        ('g_dir_make_tmp', 'creates directories'),
        ('g_key_file_save_to_file', 'writes files at random paths'),
        ('g_bookmark_file_to_file', 'writes files at random paths'),
    )),
    ('The type system from raw records and function pointers', (
        ('g_type_register_*',
         'registers types from TypeInfo records holding raw function '
         'pointers'),
        ('g_type_add_interface_*', 'registers interfaces from records of raw function pointers'),
        ('g_type_interface_add_prerequisite', 'changes the type system (aborts on conflicts)'),
        ('g_type_add_class_private', 'changes class layout after class init is undefined'),
        ('g_type_add_instance_private', 'changes instance layout after class init is undefined'),
        ('g_type_class_add_private', 'changes instance layout after class init is undefined'),
        ('g_type_set_qdata', 'stores raw pointers on types'),
        ('g_type_init*', 'deprecated global initialisation'),
    )),
    ('GIRepository: infos of one kind, raw memory, trusted typelibs', (
        ('g_irepository_dump',
         "the scanner's type dumper: its argument must be 'input,output' file paths; it writes "
         'the output file and crashes on anything else'),
        ('g_callable_info_invoke',
         'calls an arbitrary C function with the GIArguments it is '
         'given'),
        ('g_arg_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_callable_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_constant_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_enum_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_value_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_field_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_function_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_interface_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_object_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_property_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_registered_type_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_signal_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_struct_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_type_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_union_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_vfunc_info_*',
         'takes a GI*Info of one kind, but every GI*Info is a typedef '
         'of GIBaseInfo in this GIR, so nothing tells a struct info '
         'from an arg info before C reads the typelib blob of the kind '
         'it expects (only some functions check with g_return_if_fail)'),
        ('g_irepository_load_typelib', 'trusts the typelib it is given'),
    )),
    ('The GI test libraries: virtual methods their C classes leave NULL (the GI test '
     'suite implements them in Python subclasses), and inputs they read without '
     'checking', (
        ('gi_marshalling_tests_object_method_int8_*', 'invokes a virtual method left NULL in C'),
        ('gi_marshalling_tests_object_int8_*', 'invokes a virtual method left NULL in C'),
        ('gi_marshalling_tests_object_method_str_arg_out_ret',
         'invokes a virtual method left NULL in C'),
        ('gi_marshalling_tests_object_call_vfunc_with_callback',
         'invokes a virtual method left NULL in C'),
        ('gi_marshalling_tests_object_vfunc_*', 'invokes a virtual method left NULL in C'),
        ('gi_marshalling_tests_object_get_ref_info_for_vfunc_*',
         'invokes a virtual method left NULL in C'),
        ('gi_marshalling_tests_interface_test_int8_in',
         'invokes an interface method left NULL in C'),
        ('gi_marshalling_tests_test_interface_test_int8_in',
         'invokes an interface method left NULL in C'),
        ('regress_test_obj_do_matrix', 'invokes a virtual method left NULL in C'),
        ('regress_test_glist_nothing_in*', 'strcmp()s the list elements its test passes (NULL when None)'),
        ('regress_test_gslist_nothing_in*', 'strcmp()s the list elements its test passes (NULL when None)'),
        ('regress_test_glist_gtype_container_in', 'reads the list elements its test passes'),
        ('gi_marshalling_tests_ghashtable_*_in',
         'dereferences g_hash_table_lookup() of the keys its test '
         'passes (NULL when absent)'),
    )),
)

SKIP = tuple(e for _, entries in GROUPS for e in entries)


GTYPE_INT_MAX = 1020   # G_TYPE_FUNDAMENTAL_MAX

STRING_LENGTHS = ("len", "length", "text_len", "max", "max_len", "haystack_len")
STRING_SIZES = ("buf_len", "dest_size", "slen")
STRING_OFFSETS = ("offset", "start_pos", "end_pos")
STRING_BYTE_OFFSETS = ("msgidoffset",)

# cid -> {python parameter name: (lo, hi)}: large values are legitimate but block or allocate
# without bound, so these parameters get ints in [lo, hi] (and non-ints).
LIMITS = {
    "g_usleep": {"microseconds": (0, 20000)},
    "g_timeout_add": {"interval": (0, 1000)},
    "g_timeout_add_full": {"interval": (0, 1000)},
    "g_timeout_add_seconds": {"interval": (0, 10)},
    "g_timeout_add_seconds_full": {"interval": (0, 10)},
    "g_strnfill": {"length": (0, 100000)},
    "g_string_sized_new": {"dfl_size": (0, 100000)},
    "g_byte_array_sized_new": {"reserved_size": (0, 100000)},
    "g_ptr_array_sized_new": {"reserved_size": (0, 100000)},
    "g_array_sized_new": {"reserved_size": (0, 100000), "element_size": (1, 64)},
    "g_string_set_size": {"len": (0, 100000)},
    "g_string_truncate": {"len": (0, 100000)},
    "g_io_channel_set_buffer_size": {"size": (0, 100000)},
    "g_strndup": {"n": (0, 100000)},
    "g_date_clear": {"n_dates": (0, 1)},
    # trusted=TRUE: GLib does not validate the serialised data (malformed data crashes later)
    "g_variant_new_from_bytes": {"trusted": (0, 0)},
    "g_variant_new_from_data": {"trusted": (0, 0)},
    # offset + length overflows GLib's bounds check, making a GBytes of a huge size
    "g_bytes_new_from_bytes": {"length": (0, 100000)},
}


def reason(target):
    """Why a discovery.Target is not fuzzed, or None."""
    if target.union and target.kind in ("getattr", "setattr"):
        return ("a union's pointer member is valid only when it is the member last written, "
                "which only C knows (reading it after another member was written reads that "
                "member's bits as an address)")
    cid = target.cid
    py = "py:" + target.path
    for pattern, why in SKIP:
        if pattern.startswith("py:"):
            if fnmatch.fnmatchcase(py, pattern):
                return why
        elif cid is not None and fnmatch.fnmatchcase(cid, pattern):
            return why
    return None


# Records whose zeroed memory is a valid value although they have a constructor or init
# function (GLib documents zero-initialisation for them).
ZERO_OK = ("GLib.Mutex", "GLib.RecMutex", "GLib.RWLock", "GLib.Cond", "GLib.Private",
           "GObject.Value", "GIRepository.AttributeIter", "GIRepository.Argument", "GLib.Date")
# Records without constructor whose zeroed memory is nevertheless not a value.
ZERO_BAD = {
    "GIRepository.BaseInfo": "a GIBaseInfo is only valid as made by the repository",
    "GIRepository.Typelib": "a typelib is only valid as loaded",
    "GLib.Scanner": "made by g_scanner_new (not in the GIR)",
    "GLib.ScannerConfig": "its character sets must be set: GScanner dereferences them",
    "GLib.Hook": "hooks are allocated by their hook list (g_hook_alloc)",
    "GLib.HookList": "initialised by g_hook_list_init",
    "GLib.Node": "nodes are made by g_node_new (not in the GIR)",
    "GLib.TreeNode": "tree nodes belong to their tree",
    "GLib.List": "list nodes are made by g_list_alloc",
    "GLib.SList": "list nodes are made by g_slist_alloc",
    "GLib.Array": "a GArray has hidden fields beyond the public ones",
    "GLib.ByteArray": "a GByteArray has hidden fields beyond the public ones",
    "GLib.PtrArray": "a GPtrArray has hidden fields beyond the public ones",
    "GLib.ThreadPool": "made by g_thread_pool_new",
    "GLib.TestLogBuffer": "made by g_test_log_buffer_new",
    "GLib.TestLogMsg": "made by the test log buffer",
    "GLib.VariantIter": "initialised by g_variant_iter_init",
    "GLib.Source": "made by g_source_new",
    "GLib.IOChannel": "made by its constructors",
    "GObject.CClosure": "made by g_cclosure_new",
    "GObject.TypeInstance": "made by g_type_create_instance",
    "GObject.ObjectConstructParam": "filled by GObject during construction",
    "GObject.TypeValueTable": "a table of functions GType calls",
    "GObject.TypePlugin": "an interface",
    "GObject.EnumClass": "a class structure: made by g_type_class_ref",
    "GObject.FlagsClass": "a class structure: made by g_type_class_ref",
    "GObject.TypeClass": "a class structure: made by g_type_class_ref",
    "GObject.TypeInterface": "an interface structure: made by GType",
    "GObject.TypePluginClass": "an interface structure: made by GType",
}


ZERO_REASON = ("the record is initialised by its constructor or init function in C: its zeroed "
               "memory (Cls()) is not a valid value, and writing its fields breaks invariants C "
               "keeps between them (GValueArray.n_values, GString.len)")


def zero_value_ok(path, info):
    """Whether `Ns.Cls()` (zeroed memory) is a value C accepts. Records and unions with a
    constructor or an init* function are initialised by those in C, so their zeroed memory is
    not a valid value (a zeroed GString has str == NULL, a zeroed GHashTableIter points nowhere):
    the fuzzer does not pass zeroed instances of them. GObjects (g_object_new) are not records."""
    if path in ZERO_OK:
        return True
    if path in ZERO_BAD:
        return False
    if info.kind not in ("record", "union"):
        return True
    if info.gtype_struct_for:
        return False  # a class or interface struct: made by GType, not by zeroed memory
    for name, c in info.methods.items():
        if c.kind == "constructor" or name.startswith("init"):
            return False
    return True


def reason_path(path):
    """Why the Python path (e.g. a class: its Cls() call) is not fuzzed, or None."""
    py = "py:" + path
    for pattern, why in SKIP:
        if pattern.startswith("py:") and fnmatch.fnmatchcase(py, pattern):
            return why
    return None


def summary():
    """(pattern, reason) pairs, for the docs."""
    return list(SKIP)
