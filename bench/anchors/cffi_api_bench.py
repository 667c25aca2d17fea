"""Hand-written cffi binding of libbench, API mode out-of-line: wraps the compiled `_bench_cffi_api`
(built by scripts/build-anchors.sh into OUTDIR/anchors, which must be on sys.path).

Same surface as cffi_abi_bench: raw bench_void/bench_str/bench_double (bench_str takes bytes),
validating wrappers bench_overhead and bench_int_list. Python 3.9 compatible.
"""

from _bench_cffi_api import ffi, lib

from anchor_common import GINT32_MAX, GINT32_MIN, INT_MAX, INT_MIN, GError, int_list_arg, utf8_arg

bench_void = lib.bench_void
bench_str = lib.bench_str
bench_double = lib.bench_double
_bench_overhead = lib.bench_overhead
_bench_int_list = lib.bench_int_list
_new = ffi.new
_string = ffi.string
_NULL = ffi.NULL


def bench_overhead(values, utf8):
    """bench_overhead(list, utf8) -> True; raises GError when utf8 == "fail"."""
    values = int_list_arg("bench_overhead", "list", values, GINT32_MIN, GINT32_MAX)
    s = utf8_arg("bench_overhead", "utf8", utf8)
    err = _new("GError **")
    ok = _bench_overhead(_new("gint32[]", values), len(values), s, err)
    if err[0] != _NULL:
        e = err[0]
        exc = GError(_string(e.message).decode("utf-8", "replace"),
                     _string(lib.g_quark_to_string(e.domain)).decode("utf-8"), e.code)
        lib.g_error_free(e)
        raise exc
    return bool(ok)


def bench_int_list(values):
    """bench_int_list(list) -> None."""
    values = int_list_arg("bench_int_list", "list", values, INT_MIN, INT_MAX)
    _bench_int_list(_new("int[]", values), len(values))
