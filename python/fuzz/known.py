"""Open findings (docs/robustness.md, "Findings"): crashes of the bindings the fuzzer found and
that are not fixed yet. Their callables (or values) are quarantined so that a run finds new
bugs instead of the same ones again; each finding also has an xfail(strict=True) test in
python/tests/robustness/test_findings.py that flips when the bug is fixed. When it does, delete
the entry here.

Unlike unsafe.py (calls that are misuse by their C contract), everything here is a bug of the
bindings (emitter, runtime or IR).

FINDINGS: id -> (backends it was seen on, patterns of C identifiers / "py:" Python paths).
VALUES: id -> sources of prelude values (prelude.ODD_OBJECTS) that trigger it everywhere.
"""

FINDINGS = {
    # gpointer parameters that are not nullable accept None (passed as NULL)
    "R1": (("ctypes", "cffi", "pyo3"), ("g_int_hash", "g_int_equal", "g_int64_hash", "g_int64_equal",
                                "g_double_hash", "g_double_equal", "g_str_hash", "g_str_equal",
                                "g_variant_store")),
    # enum arguments are not checked against the enum's values
    "R2": (("ctypes", "cffi"), ("regress_test_enum_param", "regress_test_unsigned_enum_param")),
    # the GIR type and its c:type disagree on the pointer depth; the bindings follow the type
    "R3": (("ctypes", "cffi", "pyo3"), (
        "g_clear_signal_handler", "g_io_channel_get_line_term", "g_io_channel_read",
        "g_io_channel_read_line_string", "g_io_channel_write", "g_rand_set_seed_array",
        "g_strjoinv", "g_strv_contains", "g_strv_equal", "g_strv_length",
        "g_time_zone_adjust_time", "g_timer_elapsed", "g_ucs4_to_utf16", "g_ucs4_to_utf8",
        "g_unichar_get_mirror_char", "g_unicode_canonical_decomposition",
        "g_unicode_canonical_ordering", "g_utf16_to_ucs4", "g_utf16_to_utf8", "g_variant_parse",
        "gi_marshalling_tests_object_method_int8_arg_and_out_callee",
        # an array of utf8 in the GIR, a gchar* in C
        "g_regex_match_all_full", "g_regex_match_full", "g_regex_replace",
        "g_regex_replace_literal", "g_regex_split_full", "g_regex_escape_string",
        # a record in the GIR, a pointer to a pointer in C
        "g_prefix_error_literal", "g_datalist_*",
        # an out struct the caller allocates (c:type GTypeInfo*), called callee-allocated
        "g_enum_complete_type_info", "g_flags_complete_type_info",
        "gi_marshalling_tests_object_method_variant_array_in")),
    # a str argument is passed as the buffer of its encoded bytes (for a one-character ASCII str,
    # CPython's shared single-byte bytes object): C functions that write into their gchar*
    # argument change interpreter-wide objects (and overflow them)
    "R8": (("ctypes", "cffi", "pyo3"), ("g_utf8_strncpy", "g_strlcpy", "g_strlcat",
                                        "g_date_strftime")),
    # GObject.Value(gtype) and Value.init(gtype) do not check the GType (a negative int wraps)
    "R6": (("ctypes", "cffi"), ("py:GObject.Value", "py:GObject.Value.init")),
    # pyo3: writing a field that holds a record by value frees memory it does not own
    "P6": (("pyo3",), ("setattr-embedded:*",)),
    # pyo3: a GValue array argument with an uninitialised Value crashes in the conversion
    "P3": (("pyo3",), ("gi_marshalling_tests_multi_array_key_value_in",)),
}

# Targets that crash when called unbound with a wrong-class self: while open, the fuzzer
# passes them only instances of their class as self.
STRICT_SELF = {
    # the runtime's methods (GObject.Object, GObject.Value, GLib.Variant, GObject.ParamSpec)
    # do not check the class of self
    "R5": (("ctypes", "cffi"), ("runtime:*",)),
}

# Kinds of pool objects not made while a finding is open: id -> (backends, prelude helper).
POOL = {
    # pyo3: a wrapper that was never initialised (Cls.__new__(Cls)) reaches C as NULL
    "P1": (("pyo3",), "_uninit"),
}

VALUES = {
    # an object with an int _ptr attribute is taken for a GTypeInstance where a GValue is built
    "R4": ("_PtrLike()",),
}


def patterns(backend=None, table=None):
    out = []
    for fid, (backends, pats) in (FINDINGS if table is None else table).items():
        if backend is None or backend in backends:
            out.extend(pats)
    return out


def matches(target, pats):
    import fnmatch
    py = "py:" + target.path
    for p in pats:
        if p.startswith("setattr-embedded:"):
            if target.kind == "setattr" and target.embedded and fnmatch.fnmatchcase(target.path, p[17:]):
                return True
        elif p.startswith("runtime:"):
            if target.runtime and fnmatch.fnmatchcase(target.path, p[8:]):
                return True
        elif p.startswith("py:"):
            if fnmatch.fnmatchcase(py, p):
                return True
        elif target.cid is not None and fnmatch.fnmatchcase(target.cid, p):
            return True
    return False


def pool_skips(backend):
    return set(helper for backends, helper in POOL.values() if backend in backends)


def values():
    out = []
    for srcs in VALUES.values():
        out.extend(srcs)
    return out
