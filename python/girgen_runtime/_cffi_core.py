"""cffi implementation of the runtime's C-access core (same names and semantics as
``_ctypes_core``; selected with GIRGEN_RUNTIME_CORE=cffi).

cffi matters on PyPy, where ctypes calls are slow and cffi calls are JIT-compiled.

Conventions, as in the ctypes core: pointers are Python ints (NULL may come back as ``None`` or
``0``, so test with ``if not p``); pointer arguments take an int or ``None``; ``const char *``
arguments take ``bytes`` or ``None``; ``const char *`` results are ``bytes`` or ``None`` (copied,
not freed); gboolean results are ints.

How: every pointer is declared ``uintptr_t`` in the cdef below, so cffi passes and returns plain
ints with no conversion (a pointer and a pointer-sized integer are passed identically by the C
calling conventions of every 64-bit platform GLib supports with cffi: x86-64, AArch64,
ppc64le, s390x, RISC-V). A function that takes a pointer or a string gets a small generated
Python wrapper mapping ``None`` to NULL (cffi accepts no ``None`` for a pointer); the others are
the cffi functions themselves.

Python 3.9 compatible (PyPy 7.3).
"""

BACKEND = "cffi"

# One line per function: name, library, result kind, argument kinds. Kinds: P pointer (int, None
# or any pointer-like object), S const char * (bytes/None), p pointer the emitter guarantees to be
# an int (e.g. `self._ptr`), s const char * never None (bytes), v void, b gboolean, i int,
# I unsigned int, q GQuark (guint32), T GType, l long, L unsigned long, x gint64, X guint64,
# z gsize, c gint8, C guint8, f float, d double. p and s go to C as they are: a signature of
# only those and numbers needs no Python wrapper around the cffi function.
_C_TYPES = {
    "P": "uintptr_t", "S": "char *", "p": "uintptr_t", "s": "char *", "v": "void", "b": "int",
    "i": "int", "I": "unsigned int",
    "q": "uint32_t", "T": "unsigned long", "l": "long", "L": "unsigned long", "x": "int64_t",
    "X": "uint64_t", "z": "size_t", "c": "int8_t", "C": "uint8_t", "f": "float", "d": "double",
    "h": "int16_t", "H": "uint16_t",
}

_GLIB = """
g_free v P
g_malloc0 P z
g_strdup P S
g_strndup P S z
g_memdup2 P P z
g_strfreev v P
g_strv_length I P
g_quark_from_string q S
g_quark_try_string q S
g_quark_to_string S q
g_error_new_literal P q i S
g_error_free v P
g_error_copy P P
g_list_prepend P P P
g_list_reverse P P
g_list_length I P
g_list_free v P
g_list_free_full v P P
g_slist_prepend P P P
g_slist_reverse P P
g_slist_length I P
g_slist_free v P
g_slist_free_full v P P
g_hash_table_new_full P P P P P
g_hash_table_insert b P P P
g_hash_table_size I P
g_hash_table_ref P P
g_hash_table_unref v P
g_hash_table_lookup P P P
g_hash_table_iter_init v P P
g_hash_table_iter_next b P P P
g_variant_ref P P
g_variant_ref_sink P P
g_variant_unref v P
g_variant_is_floating b P
g_variant_get_type_string S P
g_variant_print P P b
g_variant_equal b P P
g_str_hash I P
g_str_equal b P P
g_direct_hash I P
g_direct_equal b P P
"""

_GOBJECT = """
g_type_name S T
g_type_from_name T S
g_type_parent T T
g_type_fundamental T T
g_type_is_a b T T
g_type_interfaces P T P
g_type_test_flags b T I
g_type_class_ref P T
g_type_default_interface_ref P T
g_type_check_instance_is_a b P T
g_strv_get_type T
g_gtype_get_type T
g_value_get_type T
g_initially_unowned_get_type T
g_closure_get_type T
g_error_get_type T
g_variant_type_get_gtype T
g_object_ref P P
g_object_ref_sink P P
g_object_is_floating b P
g_object_unref v P
g_object_new_with_properties P T I P P
g_object_get_property v P S P
g_object_set_property v P S P
g_object_class_find_property P P S
g_object_class_list_properties P P P
g_object_interface_find_property P P S
g_object_notify v P S
g_object_freeze_notify v P
g_object_thaw_notify v P
g_object_weak_ref v P P P
g_object_weak_unref v P P P
g_param_spec_ref P P
g_param_spec_ref_sink P P
g_param_spec_unref v P
g_param_spec_get_name S P
g_param_spec_get_nick S P
g_param_spec_get_blurb S P
g_param_spec_get_default_value P P
g_boxed_copy P T P
g_boxed_free v T P
g_value_init P P T
g_value_unset v P
g_value_reset P P
g_value_copy v P P
g_value_type_transformable b T T
g_value_transform b P P
g_value_get_boolean b P
g_value_set_boolean v P b
g_value_get_schar c P
g_value_set_schar v P c
g_value_get_uchar C P
g_value_set_uchar v P C
g_value_get_int i P
g_value_set_int v P i
g_value_get_uint I P
g_value_set_uint v P I
g_value_get_long l P
g_value_set_long v P l
g_value_get_ulong L P
g_value_set_ulong v P L
g_value_get_int64 x P
g_value_set_int64 v P x
g_value_get_uint64 X P
g_value_set_uint64 v P X
g_value_get_float f P
g_value_set_float v P f
g_value_get_double d P
g_value_set_double v P d
g_value_get_enum i P
g_value_set_enum v P i
g_value_get_flags I P
g_value_set_flags v P I
g_value_get_gtype T P
g_value_set_gtype v P T
g_value_get_pointer P P
g_value_set_pointer v P P
g_value_get_string S P
g_value_set_string v P S
g_value_get_object P P
g_value_set_object v P P
g_value_get_boxed P P
g_value_set_boxed v P P
g_value_take_boxed v P P
g_value_get_variant P P
g_value_set_variant v P P
g_value_get_param P P
g_value_set_param v P P
g_value_peek_pointer P P
g_value_set_instance v P P
g_closure_new_simple P I P
g_closure_set_marshal v P P
g_closure_add_finalize_notifier v P P P
g_closure_ref P P
g_closure_sink v P
g_closure_unref v P
g_closure_invalidate v P
g_signal_parse_name b S T P P b
g_signal_lookup I S T
g_signal_name S I
g_signal_list_ids P T P
g_signal_query v I P
g_signal_connect_closure_by_id L P I q P b
g_signal_handler_disconnect v P L
g_signal_handler_block v P L
g_signal_handler_unblock v P L
g_signal_handler_is_connected b P L
g_signal_handlers_disconnect_matched I P I I q P P P
g_signal_handlers_block_matched I P I I q P P P
g_signal_handlers_unblock_matched I P I I q P P P
g_signal_emitv v P I q P
g_signal_stop_emission v P I q
"""


def _table(text):
    return [line.split() for line in text.strip().splitlines()]


_FUNCTIONS = [("glib",) + tuple(t) for t in _table(_GLIB)] + [("gobject",) + tuple(t) for t in _table(_GOBJECT)]


def _proto(name, ret, args):
    return "%s %s(%s);" % (_C_TYPES[ret], name, ", ".join(_C_TYPES[a] for a in args) or "void")


# Private struct layouts (LP64), read through casts of int addresses.
_CDEF = """
typedef struct { uint32_t domain; int code; char *message; } _GError;
typedef struct { unsigned int signal_id; const char *signal_name; unsigned long itype;
                 unsigned int signal_flags; unsigned long return_type; unsigned int n_params;
                 const unsigned long *param_types; } _GSignalQuery;
typedef struct { void *g_class; const char *name; unsigned int flags; unsigned long value_type;
                 unsigned long owner_type; } _GParamSpec;
typedef struct { void *d1; void *d2; void *d3; int d4; int d5; void *d6; } _GHashTableIter;
typedef struct { uint32_t flags; void *marshal; void *data; void *notifiers; } _GClosure;
typedef struct { void *g_class; unsigned int ref_count; void *qdata; } _GObject;
typedef struct { unsigned long g_type; uint64_t data[2]; } _GValue;
""" + "\n".join(_proto(name, ret, args) for _lib, name, ret, *args in _FUNCTIONS)


def _cdef_key():
    import zlib  # built in; hashlib would cost 60 ms on PyPy
    return "%d-%08x" % (len(_CDEF), zlib.crc32(_CDEF.encode()))


# Parsing the cdef takes pycparser about 0.5 s on CPython and 2 s on PyPy, at every start. So the
# FFI is kept here precompiled, as cffi's out-of-line ABI mode writes it (`python -m
# girgen_runtime._cffi_core --regenerate` rewrites the block after a change to the tables; a test
# checks it is current). The format is cffi's stable one (version 0x2601, read by cffi >= 1.8 and
# every PyPy since 5.4); anything unexpected falls back to parsing.
# BEGIN PRECOMPILED
_PRECOMPILED_KEY = '7955-cd637773'
_PRECOMPILED = dict(
    _version = 0x2601,
    _types = b'\x00\x00\x13\x0D\x00\x00\x16\x01\x00\x00\x00\x0F\x00\x00\x13\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x13\x0D\x00\x00\x08\x01\x00\x00\x00\x0F\x00\x00\x13\x0D\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\xB0\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xB4\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x17\x0D\x00\x00\xFA\x03\x00\x00\x0A\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x07\x01\x00\x00\x00\x0F\x00\x00\x17\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x17\x0D\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x17\x0D\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x17\x0D\x00\x00\x1A\x01\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\x17\x0D\x00\x00\x0A\x01\x00\x00\x08\x01\x00\x00\x00\x0F\x00\x00\x17\x0D\x00\x00\x0A\x01\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\xBC\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xC0\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xC4\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x01\x0D\x00\x00\x13\x11\x00\x00\x00\x0F\x00\x00\xC8\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xCC\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x13\x11\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x13\x11\x00\x00\x1C\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1C\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x16\x01\x00\x00\x07\x01\x00\x00\x13\x11\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1A\x01\x00\x00\x13\x11\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1A\x01\x00\x00\x07\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1A\x01\x00\x00\x1C\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x1A\x01\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x08\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x0A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x04\x0D\x00\x00\x0A\x01\x00\x00\x08\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x07\x0D\x00\x00\x13\x11\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\x07\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x07\x0D\x00\x00\x1A\x01\x00\x00\x08\x01\x00\x00\x08\x01\x00\x00\x16\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x0A\x0D\x00\x00\x13\x11\x00\x00\x00\x0F\x00\x00\x0A\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x0A\x0D\x00\x00\x1A\x01\x00\x00\x08\x01\x00\x00\x16\x01\x00\x00\x1A\x01\x00\x00\x07\x01\x00\x00\x00\x0F\x00\x00\x0A\x0D\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\x0A\x0D\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x13\x11\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x13\x11\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x0E\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x0D\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x07\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x17\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x11\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x09\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x18\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x12\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x08\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x08\x01\x00\x00\x16\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x08\x01\x00\x00\x16\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x1A\x01\x00\x00\x0A\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x08\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\xFF\x0D\x00\x00\x0A\x01\x00\x00\x1A\x01\x00\x00\x00\x0F\x00\x00\x00\x09\x00\x00\x01\x09\x00\x00\x02\x09\x00\x00\x03\x09\x00\x00\x04\x09\x00\x00\x05\x09\x00\x00\x06\x09\x00\x00\xFA\x03\x00\x00\x02\x01\x00\x00\xC8\x05\x00\x00\x00\x02\x00\x00\x0A\x03\x00\x00\xFF\x03\x00\x00\x00\x01',
    _globals = (b'\x00\x00\x76\x23g_boxed_copy',0,b'\x00\x00\xEE\x23g_boxed_free',0,b'\x00\x00\xD2\x23g_closure_add_finalize_notifier',0,b'\x00\x00\xA0\x23g_closure_get_type',0,b'\x00\x00\xA2\x23g_closure_invalidate',0,b'\x00\x00\x6F\x23g_closure_new_simple',0,b'\x00\x00\x52\x23g_closure_ref',0,b'\x00\x00\xCE\x23g_closure_set_marshal',0,b'\x00\x00\xA2\x23g_closure_sink',0,b'\x00\x00\xA2\x23g_closure_unref',0,b'\x00\x00\x1C\x23g_direct_equal',0,b'\x00\x00\x84\x23g_direct_hash',0,b'\x00\x00\x52\x23g_error_copy',0,b'\x00\x00\xA2\x23g_error_free',0,b'\x00\x00\xA0\x23g_error_get_type',0,b'\x00\x00\x4D\x23g_error_new_literal',0,b'\x00\x00\xA2\x23g_free',0,b'\x00\x00\xA0\x23g_gtype_get_type',0,b'\x00\x00\x20\x23g_hash_table_insert',0,b'\x00\x00\xCE\x23g_hash_table_iter_init',0,b'\x00\x00\x20\x23g_hash_table_iter_next',0,b'\x00\x00\x61\x23g_hash_table_lookup',0,b'\x00\x00\x65\x23g_hash_table_new_full',0,b'\x00\x00\x52\x23g_hash_table_ref',0,b'\x00\x00\x84\x23g_hash_table_size',0,b'\x00\x00\xA2\x23g_hash_table_unref',0,b'\x00\x00\xA0\x23g_initially_unowned_get_type',0,b'\x00\x00\xA2\x23g_list_free',0,b'\x00\x00\xCE\x23g_list_free_full',0,b'\x00\x00\x84\x23g_list_length',0,b'\x00\x00\x61\x23g_list_prepend',0,b'\x00\x00\x52\x23g_list_reverse',0,b'\x00\x00\x4A\x23g_malloc0',0,b'\x00\x00\x5D\x23g_memdup2',0,b'\x00\x00\x55\x23g_object_class_find_property',0,b'\x00\x00\x61\x23g_object_class_list_properties',0,b'\x00\x00\xA2\x23g_object_freeze_notify',0,b'\x00\x00\xA9\x23g_object_get_property',0,b'\x00\x00\x55\x23g_object_interface_find_property',0,b'\x00\x00\x19\x23g_object_is_floating',0,b'\x00\x00\x7A\x23g_object_new_with_properties',0,b'\x00\x00\xA5\x23g_object_notify',0,b'\x00\x00\x52\x23g_object_ref',0,b'\x00\x00\x52\x23g_object_ref_sink',0,b'\x00\x00\xA9\x23g_object_set_property',0,b'\x00\x00\xA2\x23g_object_thaw_notify',0,b'\x00\x00\xA2\x23g_object_unref',0,b'\x00\x00\xD2\x23g_object_weak_ref',0,b'\x00\x00\xD2\x23g_object_weak_unref',0,b'\x00\x00\x03\x23g_param_spec_get_blurb',0,b'\x00\x00\x52\x23g_param_spec_get_default_value',0,b'\x00\x00\x03\x23g_param_spec_get_name',0,b'\x00\x00\x03\x23g_param_spec_get_nick',0,b'\x00\x00\x52\x23g_param_spec_ref',0,b'\x00\x00\x52\x23g_param_spec_ref_sink',0,b'\x00\x00\xA2\x23g_param_spec_unref',0,b'\x00\x00\x3A\x23g_quark_from_string',0,b'\x00\x00\x00\x23g_quark_to_string',0,b'\x00\x00\x3A\x23g_quark_try_string',0,b'\x00\x00\x96\x23g_signal_connect_closure_by_id',0,b'\x00\x00\xE0\x23g_signal_emitv',0,b'\x00\x00\xE6\x23g_signal_handler_block',0,b'\x00\x00\xE6\x23g_signal_handler_disconnect',0,b'\x00\x00\x25\x23g_signal_handler_is_connected',0,b'\x00\x00\xE6\x23g_signal_handler_unblock',0,b'\x00\x00\x87\x23g_signal_handlers_block_matched',0,b'\x00\x00\x87\x23g_signal_handlers_disconnect_matched',0,b'\x00\x00\x87\x23g_signal_handlers_unblock_matched',0,b'\x00\x00\x76\x23g_signal_list_ids',0,b'\x00\x00\x80\x23g_signal_lookup',0,b'\x00\x00\x06\x23g_signal_name',0,b'\x00\x00\x12\x23g_signal_parse_name',0,b'\x00\x00\xEA\x23g_signal_query',0,b'\x00\x00\xDB\x23g_signal_stop_emission',0,b'\x00\x00\xA2\x23g_slist_free',0,b'\x00\x00\xCE\x23g_slist_free_full',0,b'\x00\x00\x84\x23g_slist_length',0,b'\x00\x00\x61\x23g_slist_prepend',0,b'\x00\x00\x52\x23g_slist_reverse',0,b'\x00\x00\x1C\x23g_str_equal',0,b'\x00\x00\x84\x23g_str_hash',0,b'\x00\x00\x43\x23g_strdup',0,b'\x00\x00\xA2\x23g_strfreev',0,b'\x00\x00\x46\x23g_strndup',0,b'\x00\x00\xA0\x23g_strv_get_type',0,b'\x00\x00\x84\x23g_strv_length',0,b'\x00\x00\x25\x23g_type_check_instance_is_a',0,b'\x00\x00\x73\x23g_type_class_ref',0,b'\x00\x00\x73\x23g_type_default_interface_ref',0,b'\x00\x00\x90\x23g_type_from_name',0,b'\x00\x00\x9D\x23g_type_fundamental',0,b'\x00\x00\x76\x23g_type_interfaces',0,b'\x00\x00\x2D\x23g_type_is_a',0,b'\x00\x00\x09\x23g_type_name',0,b'\x00\x00\x9D\x23g_type_parent',0,b'\x00\x00\x29\x23g_type_test_flags',0,b'\x00\x00\xCE\x23g_value_copy',0,b'\x00\x00\x19\x23g_value_get_boolean',0,b'\x00\x00\x52\x23g_value_get_boxed',0,b'\x00\x00\x0C\x23g_value_get_double',0,b'\x00\x00\x19\x23g_value_get_enum',0,b'\x00\x00\x84\x23g_value_get_flags',0,b'\x00\x00\x0F\x23g_value_get_float',0,b'\x00\x00\x93\x23g_value_get_gtype',0,b'\x00\x00\x19\x23g_value_get_int',0,b'\x00\x00\x31\x23g_value_get_int64',0,b'\x00\x00\x37\x23g_value_get_long',0,b'\x00\x00\x52\x23g_value_get_object',0,b'\x00\x00\x52\x23g_value_get_param',0,b'\x00\x00\x52\x23g_value_get_pointer',0,b'\x00\x00\x34\x23g_value_get_schar',0,b'\x00\x00\x03\x23g_value_get_string',0,b'\x00\x00\xA0\x23g_value_get_type',0,b'\x00\x00\x40\x23g_value_get_uchar',0,b'\x00\x00\x84\x23g_value_get_uint',0,b'\x00\x00\x3D\x23g_value_get_uint64',0,b'\x00\x00\x93\x23g_value_get_ulong',0,b'\x00\x00\x52\x23g_value_get_variant',0,b'\x00\x00\x6B\x23g_value_init',0,b'\x00\x00\x52\x23g_value_peek_pointer',0,b'\x00\x00\x52\x23g_value_reset',0,b'\x00\x00\xB6\x23g_value_set_boolean',0,b'\x00\x00\xCE\x23g_value_set_boxed',0,b'\x00\x00\xAE\x23g_value_set_double',0,b'\x00\x00\xB6\x23g_value_set_enum',0,b'\x00\x00\xD7\x23g_value_set_flags',0,b'\x00\x00\xB2\x23g_value_set_float',0,b'\x00\x00\xE6\x23g_value_set_gtype',0,b'\x00\x00\xCE\x23g_value_set_instance',0,b'\x00\x00\xB6\x23g_value_set_int',0,b'\x00\x00\xBA\x23g_value_set_int64',0,b'\x00\x00\xC2\x23g_value_set_long',0,b'\x00\x00\xCE\x23g_value_set_object',0,b'\x00\x00\xCE\x23g_value_set_param',0,b'\x00\x00\xCE\x23g_value_set_pointer',0,b'\x00\x00\xBE\x23g_value_set_schar',0,b'\x00\x00\xA5\x23g_value_set_string',0,b'\x00\x00\xCA\x23g_value_set_uchar',0,b'\x00\x00\xD7\x23g_value_set_uint',0,b'\x00\x00\xC6\x23g_value_set_uint64',0,b'\x00\x00\xE6\x23g_value_set_ulong',0,b'\x00\x00\xCE\x23g_value_set_variant',0,b'\x00\x00\xCE\x23g_value_take_boxed',0,b'\x00\x00\x1C\x23g_value_transform',0,b'\x00\x00\x2D\x23g_value_type_transformable',0,b'\x00\x00\xA2\x23g_value_unset',0,b'\x00\x00\x1C\x23g_variant_equal',0,b'\x00\x00\x03\x23g_variant_get_type_string',0,b'\x00\x00\x19\x23g_variant_is_floating',0,b'\x00\x00\x59\x23g_variant_print',0,b'\x00\x00\x52\x23g_variant_ref',0,b'\x00\x00\x52\x23g_variant_ref_sink',0,b'\x00\x00\xA0\x23g_variant_type_get_gtype',0,b'\x00\x00\xA2\x23g_variant_unref',0),
    _struct_unions = ((b'\x00\x00\x00\xF2\x00\x00\x00\x02$_GClosure',b'\x00\x00\x01\x11flags',b'\x00\x00\xFE\x11marshal',b'\x00\x00\xFE\x11data',b'\x00\x00\xFE\x11notifiers'),(b'\x00\x00\x00\xF3\x00\x00\x00\x02$_GError',b'\x00\x00\x01\x11domain',b'\x00\x00\x17\x11code',b'\x00\x00\x13\x11message'),(b'\x00\x00\x00\xF4\x00\x00\x00\x02$_GHashTableIter',b'\x00\x00\xFE\x11d1',b'\x00\x00\xFE\x11d2',b'\x00\x00\xFE\x11d3',b'\x00\x00\x17\x11d4',b'\x00\x00\x17\x11d5',b'\x00\x00\xFE\x11d6'),(b'\x00\x00\x00\xF5\x00\x00\x00\x02$_GObject',b'\x00\x00\xFE\x11g_class',b'\x00\x00\x07\x11ref_count',b'\x00\x00\xFE\x11qdata'),(b'\x00\x00\x00\xF6\x00\x00\x00\x02$_GParamSpec',b'\x00\x00\xFE\x11g_class',b'\x00\x00\xF9\x11name',b'\x00\x00\x07\x11flags',b'\x00\x00\x0A\x11value_type',b'\x00\x00\x0A\x11owner_type'),(b'\x00\x00\x00\xF7\x00\x00\x00\x02$_GSignalQuery',b'\x00\x00\x07\x11signal_id',b'\x00\x00\xF9\x11signal_name',b'\x00\x00\x0A\x11itype',b'\x00\x00\x07\x11signal_flags',b'\x00\x00\x0A\x11return_type',b'\x00\x00\x07\x11n_params',b'\x00\x00\xFD\x11param_types'),(b'\x00\x00\x00\xF8\x00\x00\x00\x02$_GValue',b'\x00\x00\x0A\x11g_type',b'\x00\x00\xFB\x11data')),
    _typenames = (b'\x00\x00\x00\xF2_GClosure',b'\x00\x00\x00\xF3_GError',b'\x00\x00\x00\xF4_GHashTableIter',b'\x00\x00\x00\xF5_GObject',b'\x00\x00\x00\xF6_GParamSpec',b'\x00\x00\x00\xF7_GSignalQuery',b'\x00\x00\x00\xF8_GValue'),
)
# END PRECOMPILED


def _make_ffi():
    if _PRECOMPILED is not None and _PRECOMPILED_KEY == _cdef_key():
        try:
            import _cffi_backend
            return _cffi_backend.FFI("girgen_runtime._cffi_core", **_PRECOMPILED)
        except Exception:  # pragma: no cover - an unknown cffi: parse instead
            pass
    from cffi import FFI
    f = FFI()
    f.cdef(_CDEF)
    return f


def _regenerate():
    """Rewrites the precompiled block of this file from the tables above."""
    import os
    import re
    import tempfile
    from cffi import FFI
    builder = FFI()
    builder.cdef(_CDEF)
    builder.set_source("girgen_runtime._cffi_core", None)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ffi.py")
        builder.emit_python_code(out)
        with open(out) as f:
            text = f.read()
    m = re.search(r"ffi = _cffi_backend\.FFI\('girgen_runtime\._cffi_core',\n(.*)\)\n", text, re.S)
    args = m.group(1).strip()
    block = ("# BEGIN PRECOMPILED\n_PRECOMPILED_KEY = %r\n_PRECOMPILED = dict(\n    %s\n)\n# END PRECOMPILED"
             % (_cdef_key(), args))
    path = os.path.abspath(__file__)
    with open(path) as f:
        src = f.read()
    src = re.sub(r"# BEGIN PRECOMPILED\n.*?# END PRECOMPILED", lambda _: block, src, flags=re.S)
    with open(path, "w") as f:
        f.write(src)


ffi = _make_ffi()

libglib = ffi.dlopen("libglib-2.0.so.0")
libgobject = ffi.dlopen("libgobject-2.0.so.0")

_NULL = ffi.NULL
_string = ffi.string
_cast = ffi.cast
_new = ffi.new


def _p(value):
    """A pointer argument as an int: None, ints, ctypes objects (function pointers, byref(),
    c_void_p, arrays) and cffi cdata."""
    if value is None:
        return 0
    if value.__class__ is int:
        return value
    if isinstance(value, ffi.CData):
        return int(_cast("uintptr_t", value))
    import ctypes
    try:
        return ctypes.cast(value, ctypes.c_void_p).value or 0
    except ctypes.ArgumentError:
        pass
    as_param = getattr(value, "_as_parameter_", None)
    if as_param is not None:
        return _p(as_param)
    raise TypeError("expected a pointer (int or None), not %s" % type(value).__name__)


def _retry(*pointers):
    """Whether a failed call is worth retrying with converted pointers."""
    return any(p is not None and p.__class__ is not int for p in pointers)


def _wrapper_source(name, ret, args):
    """Source of a wrapper doing what cffi does not: None as NULL for pointers and strings,
    NULL results as None, char * results as bytes; None when the cffi function will do."""
    if "P" not in args and "S" not in args and ret not in "PS":
        return None
    params = ", ".join("a%d" % i for i in range(len(args)))
    conv = []
    for i, a in enumerate(args):
        if a == "P":
            conv.append("a%d or 0" % i)
        elif a == "S":
            conv.append("_N if a%d is None else a%d" % (i, i))
        else:
            conv.append("a%d" % i)
    call = "_f_%s(%s)" % (name, ", ".join(conv))
    # Pointers that are not ints (ctypes callback objects and byref() from the shared runtime,
    # cffi cdata) take the slow path: a TypeError, then a retry with each converted.
    slow = "_f_%s(%s)" % (name, ", ".join(
        "_p(a%d)" % i if a == "P" else c for i, (a, c) in enumerate(zip(args, conv))))
    if ret == "P":
        fmt = "return %s or None"
    elif ret == "S":
        fmt = "r = %s\n        return None if r == _N else _s(r)"
    else:
        fmt = "return %s"
    pointers = ", ".join("a%d" % i for i, a in enumerate(args) if a == "P")
    if not pointers:
        return "def %s(%s):\n    %s\n" % (name, params, fmt.replace("\n        ", "\n    ") % call)
    body = "try:\n        %s\n    except TypeError:\n        if not _retry(%s):\n            raise\n    %s" % (
        fmt % call, pointers, fmt.replace("\n        ", "\n    ") % slow)
    return "def %s(%s):\n    %s\n" % (name, params, body)


_TABLE = dict((name, (libname, ret, args)) for libname, name, ret, *args in _FUNCTIONS)


def _bind(name):
    libname, ret, args = _TABLE[name]
    f = getattr(libglib if libname == "glib" else libgobject, name)
    src = _wrapper_source(name, ret, args)
    if src is not None:
        scope = {"_N": _NULL, "_s": _string, "_p": _p, "_retry": _retry, "_f_" + name: f}
        exec(compile(src, "<girgen cffi core: %s>" % name, "exec"), scope)
        f = scope[name]
    globals()[name] = f
    return f


def __getattr__(name):
    """Functions are bound on first use: binding all ~150 at import costs more than the rest of
    the import (cffi looks each symbol up, and most wrappers are compiled)."""
    if name in _TABLE:
        return _bind(name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


# The functions this module's own helpers call (module code does not see __getattr__).
for _name in ("g_free", "g_malloc0", "g_signal_query", "g_signal_parse_name", "g_type_interfaces",
              "g_object_class_list_properties", "g_hash_table_iter_init", "g_hash_table_iter_next",
              "g_object_new_with_properties"):
    _bind(_name)
del _name


def _addr(cdata):
    return int(_cast("uintptr_t", cdata))


G_FREE = _addr(libglib.g_free)
G_STR_HASH = _addr(libglib.g_str_hash)
G_STR_EQUAL = _addr(libglib.g_str_equal)
G_DIRECT_HASH = _addr(libglib.g_direct_hash)
G_DIRECT_EQUAL = _addr(libglib.g_direct_equal)
G_OBJECT_UNREF = _addr(libgobject.g_object_unref)

GVALUE_SIZE = ffi.sizeof("_GValue")
GCLOSURE_SIZE = ffi.sizeof("_GClosure")
POINTER_SIZE = ffi.sizeof("void *")


# --- raw memory access -----------------------------------------------------------------

def read_pointer(addr):
    """The pointer stored at addr (int, or None for NULL)."""
    return _cast("uintptr_t *", addr)[0] or None


def write_pointer(addr, value):
    _cast("uintptr_t *", addr)[0] = value or 0


def read_gsize(addr):
    return _cast("size_t *", addr)[0]


def read_u32(addr):
    return _cast("uint32_t *", addr)[0]


def read_i32(addr):
    return _cast("int32_t *", addr)[0]


def string_at(addr, size=-1):
    """bytes at addr up to the NUL (or exactly size bytes)."""
    if size < 0:
        return _string(_cast("char *", addr))
    return ffi.buffer(_cast("char *", addr), size)[:]


def alloc(size):
    """Zeroed memory owned by Python: returns (keepalive, address)."""
    buf = _new("char[]", size)
    return buf, _addr(buf)


def type_from_instance(addr):
    """G_TYPE_FROM_INSTANCE: instance->g_class->g_type."""
    return _cast("size_t **", addr)[0][0]


def object_ref_count(addr):
    """GObject.ref_count (for tests and debugging)."""
    return _cast("_GObject *", addr).ref_count


def gvalue_type(addr):
    """G_VALUE_TYPE."""
    return _cast("size_t *", addr)[0]


def gerror_fields(addr):
    """(domain quark, code, message bytes) of a GError*."""
    e = _cast("_GError *", addr)
    return e.domain, e.code, (None if e.message == _NULL else _string(e.message))


def signal_query(signal_id):
    """(signal_id, name bytes, itype, flags, return_type, param_types tuple)."""
    q = _new("_GSignalQuery *")
    g_signal_query(signal_id, _addr(q))
    name = None if q.signal_name == _NULL else _string(q.signal_name)
    return (q.signal_id, name, q.itype, q.signal_flags, q.return_type,
            tuple(q.param_types[i] for i in range(q.n_params)))


def param_spec_info(addr):
    """(name bytes, flags, value_type, owner_type) of a GParamSpec*."""
    s = _cast("_GParamSpec *", addr)
    return (None if s.name == _NULL else _string(s.name)), s.flags, s.value_type, s.owner_type


def signal_parse_name(detailed_name, itype):
    """(signal_id, detail quark) or None when the signal does not exist."""
    sid = _new("unsigned int *")
    detail = _new("uint32_t *")
    if not g_signal_parse_name(detailed_name, itype, _addr(sid), _addr(detail), 1):
        return None
    return sid[0], detail[0]


def pointer_array_read(addr, n):
    """n pointers at addr as a list (None for NULL entries)."""
    if n == 0:
        return []
    p = _cast("uintptr_t *", addr)
    return [p[i] or None for i in range(n)]


def type_interfaces(gtype):
    """All interfaces a GType implements (list of ints)."""
    n = _new("unsigned int *")
    arr = g_type_interfaces(gtype, _addr(n))
    try:
        return list(ffi.unpack(_cast("unsigned long *", arr), n[0])) if n[0] else []
    finally:
        g_free(arr)


def class_list_properties(klass):
    """List of GParamSpec* of an object class."""
    n = _new("unsigned int *")
    arr = g_object_class_list_properties(klass, _addr(n))
    try:
        return pointer_array_read(arr, n[0]) if arr else []
    finally:
        g_free(arr)


def hash_table_items(table):
    """List of (key, value) pointer pairs of a GHashTable*."""
    it = _new("_GHashTableIter *")
    kv = _new("uintptr_t[2]")
    g_hash_table_iter_init(_addr(it), table)
    k_addr = _addr(kv)
    v_addr = k_addr + POINTER_SIZE
    out = []
    while g_hash_table_iter_next(_addr(it), k_addr, v_addr):
        out.append((kv[0] or None, kv[1] or None))
    return out


# --- typed arrays ------------------------------------------------------------------------
# Element kinds are cffi type names.
KIND_BOOLEAN = "int"
KIND_INT8 = "int8_t"
KIND_UINT8 = "uint8_t"
KIND_INT16 = "int16_t"
KIND_UINT16 = "uint16_t"
KIND_INT32 = "int32_t"
KIND_UINT32 = "uint32_t"
KIND_INT64 = "int64_t"
KIND_UINT64 = "uint64_t"
KIND_LONG = "long"
KIND_ULONG = "unsigned long"
KIND_SIZE = "size_t"
KIND_GTYPE = "unsigned long"
KIND_FLOAT = "float"
KIND_DOUBLE = "double"
KIND_POINTER = "uintptr_t"
KIND_UNICHAR = "uint32_t"

_ptr_types = {}
_arr_types = {}


def _ptr(kind):
    t = _ptr_types.get(kind)
    if t is None:
        t = _ptr_types[kind] = ffi.typeof(kind + " *")
        _arr_types[kind] = ffi.typeof(kind + "[]")
    return t


def kind_size(kind):
    return ffi.sizeof(kind)


def array_read(addr, n, kind):
    """n elements of kind at addr as a list of Python numbers (pointers: int or None)."""
    if n == 0:
        return []
    values = list(ffi.unpack(_cast(_ptr(kind), addr), n))
    if kind == KIND_POINTER:
        return [v or None for v in values]
    return values


def array_length_zero_terminated(addr, kind):
    """Number of elements before the first zero element."""
    p = _cast(_ptr(kind), addr)
    n = 0
    while p[n]:
        n += 1
    return n


def _values(values, kind):
    if kind == KIND_POINTER:
        return [v or 0 for v in values]
    return values


def array_new(values, kind, zero_terminated=False):
    """Python-owned C array of kind: returns (keepalive, address)."""
    n = len(values)
    _ptr(kind)
    arr = _new(_arr_types[kind], n + 1 if zero_terminated else n or 1)
    if n:
        arr[0:n] = _values(values, kind)
    return arr, _addr(arr)


# For generated code: a list of numbers for a borrowed C array is built by cffi, which checks
# every element's type and range in C (TypeError, OverflowError; the generated code then takes
# the runtime's path, which names the parameter). `A_<elem>` are the array types by the shared
# emitter's element names.
new = _new
cast = _cast
T_uintptr = ffi.typeof("uintptr_t")
for _elem, _ctype in (("i8", "int8_t"), ("u8", "uint8_t"), ("i16", "int16_t"), ("u16", "uint16_t"),
                      ("i32", "int32_t"), ("u32", "uint32_t"), ("i64", "int64_t"), ("u64", "uint64_t"),
                      ("f32", "float"), ("f64", "double")):
    globals()["A_" + _elem] = ffi.typeof(_ctype + "[]")


def array_new_gmalloc(values, kind, zero_terminated=False):
    """g_malloc'ed C array (for transfer full): returns the address."""
    n = len(values)
    size = ffi.sizeof(kind)
    addr = g_malloc0(size * (n + 1 if zero_terminated else n) or 1)
    if n:
        _cast(_ptr(kind), addr)[0:n] = _values(values, kind)
    return addr


# --- C function pointers for Python callables ----------------------------------------
CLOSURE_MARSHAL = "void(*)(uintptr_t, uintptr_t, unsigned int, uintptr_t, uintptr_t, uintptr_t)"
CLOSURE_NOTIFY = "void(*)(uintptr_t, uintptr_t)"
DESTROY_NOTIFY = "void(*)(uintptr_t)"
WEAK_NOTIFY = "void(*)(uintptr_t, uintptr_t)"

_CALLBACK_TYPES = {
    "closure_marshal": CLOSURE_MARSHAL,   # (closure, return_value, n_params, params, hint, data)
    "closure_notify": CLOSURE_NOTIFY,     # (data, closure)
    "destroy_notify": DESTROY_NOTIFY,     # (data)
    "weak_notify": WEAK_NOTIFY,           # (data, where_the_object_was)
}


def make_callback(kind, func):
    """C function pointer calling func: returns (keepalive, address).

    kind is one of "closure_marshal", "closure_notify", "destroy_notify",
    "weak_notify".  The keepalive must outlive every C use of the address.
    Pointer arguments reach func as ints (0 for NULL).
    """
    cb = ffi.callback(_CALLBACK_TYPES[kind], func)
    return cb, _addr(cb)


def strv_new(items):
    """Python-owned NULL-terminated ``char **`` of bytes items: (keepalive, address)."""
    bufs = [_new("char[]", b) for b in items]
    arr = _new("char *[]", len(items) + 1)
    for i, b in enumerate(bufs):
        arr[i] = b
    return (arr, bufs), _addr(arr)


def object_new_with_properties(gtype, names, values_addr):
    """g_object_new_with_properties with names a list of bytes and values_addr
    the address of len(names) consecutive initialised GValues."""
    n = len(names)
    if n == 0:
        return g_object_new_with_properties(gtype, 0, None, None)
    keep, arr = strv_new(names)
    return g_object_new_with_properties(gtype, n, arr, values_addr)



# --- calls of generated bindings ----------------------------------------------------------
# The generated modules of the cffi backend call C through `bind`: the function is resolved by
# the namespace's FFI module (PKG._<Ns>_ffi, whatever its cffi mode) and called through a cffi
# function whose type follows the emitter's value kinds (the letters of _C_TYPES): in api mode
# the compiled shim girgen generated for it (pointers as uintptr_t, cast to their C types in C),
# else a cffi function pointer of those types cast from its address (a libffi call).

_ns_ffi_modules = {}
_call_types = {}


def _namespace_ffi(ns_module):
    name = ns_module.__name__
    mod = _ns_ffi_modules.get(name)
    if mod is None:
        import importlib
        package, _, ns = name.rpartition(".")
        mod = _ns_ffi_modules[name] = importlib.import_module("%s._%s_ffi" % (package, ns))
    return mod


def _symbol_address(ns_module, library, symbol):
    nsffi = _namespace_ffi(ns_module)
    # ABI modes open a namespace of several libraries as a _Libraries of them (_<Ns>_ffi.py).
    for lib in getattr(nsffi.lib, "_libs", None) or (nsffi.lib,):
        try:
            return int(nsffi.ffi.cast("uintptr_t", nsffi.ffi.addressof(lib, symbol)))
        except Exception:  # AttributeError or ffi.error: not declared in this cdef
            pass
    # Not in this namespace's cdef (a function of another namespace): the runtime's ctypes lookup.
    # With an argument type: on PyPy a function of none comes wrapped (to count arguments), and
    # only its address is read here.
    import ctypes
    f = library.fn(symbol, None, (ctypes.c_void_p,))
    try:
        return ctypes.cast(f, ctypes.c_void_p).value
    except ctypes.ArgumentError:
        return None


def bind(ns_module, library, symbol, ret, args):
    """The C function `symbol` as a Python callable taking and returning what the shared emitter
    passes: ints or None for pointers, bytes or None for strings."""
    nsffi = _namespace_ffi(ns_module)
    f = None
    if ret not in "PSpsc" and not any(k in args for k in "PSpc"):
        # Numbers and non-NULL strings only: the namespace's own cffi function takes and
        # returns them as they are (bytes for `const char *`), and in api mode it is the
        # compiled call (no libffi). Not 8-bit signed kinds: `gchar` is C `char`, which cffi
        # treats as a one-byte bytes object, not an int. Not addresses: the namespace's cdef
        # types pointers, the emitter passes ints.
        try:
            return getattr(nsffi.lib, symbol)
        except Exception:  # not in this cdef, or not exported
            pass
    else:
        # api mode: the shim takes and returns exactly the kinds' C types (int8_t for `c`), so
        # it is what the function pointer below would be, compiled. It is missing where the
        # build left it out (or the function: then so is the symbol).
        prefix = getattr(nsffi, "SHIM_PREFIX", None)
        if prefix is not None:
            try:
                f = getattr(nsffi.lib, prefix + symbol)
            except Exception:  # AttributeError: no shim
                pass
    if f is None:
        addr = _symbol_address(ns_module, library, symbol)
        if not addr:
            def missing(*a, **k):
                raise NotImplementedError("%s is not exported by %s" % (symbol, ", ".join(library.names)))
            return missing
        key = (ret, args)
        t = _call_types.get(key)
        if t is None:
            t = _call_types[key] = ffi.typeof("%s(*)(%s)" % (_C_TYPES[ret], ", ".join(_C_TYPES[a] for a in args) or "void"))
        f = _cast(t, addr)
    src = _wrapper_source(symbol, ret, args)
    if src is None:
        return f
    scope = {"_N": _NULL, "_s": _string, "_p": _p, "_retry": _retry, "_f_" + symbol: f}
    exec(compile(src, "<girgen cffi: %s>" % symbol, "exec"), scope)
    return scope[symbol]


_out_types = dict((k, ffi.typeof(t + "[1]")) for k, t in _C_TYPES.items() if k not in "vS")
_uintptr = T_uintptr


# For generated code: `O_<kind letter>` is the type of out-value storage (`new(O_P)`), so a call
# needs no Python frame to make it.
for _k, _t in _out_types.items():
    globals()["O_" + _k] = _t


def out_new(kind, init=None):
    """Storage for one out value of a kind letter (P: pointer-sized)."""
    if init is None:
        return _new(_out_types[kind])
    return _new(_out_types[kind], [init])


def address(cdata):
    return int(_cast(_uintptr, cdata))


def address_function(ns_module):
    """For api-mode generated modules: the namespace's compiled `_girgen__address` (the int
    address of a cdata, without a Python frame); `address` where the module has none."""
    nsffi = _namespace_ffi(ns_module)
    prefix = getattr(nsffi, "SHIM_PREFIX", None)
    f = getattr(nsffi.lib, prefix + "_address", None) if prefix is not None else None
    return f if f is not None else address


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["--regenerate"]:
        _regenerate()
    else:
        sys.exit("usage: python -m girgen_runtime._cffi_core --regenerate")
