"""Hand-written cffi binding of libbench, ABI mode inline (cdef + dlopen, no compiler needed).

bench_void/bench_str/bench_double are the raw cffi functions (bench_str takes bytes);
bench_overhead and bench_int_list are Python wrappers with full validation. Python 3.9 compatible.
"""

from cffi import FFI

from anchor_common import (GINT32_MAX, GINT32_MIN, INT_MAX, INT_MIN, GError, int_list_arg,
                           libbench_path, utf8_arg)

ffi = FFI()
# ABI mode cannot see the headers, so the GLib typedefs are spelled out for LP64 Linux.
ffi.cdef("""
    typedef int32_t gint32;
    typedef unsigned long gsize;
    typedef int gboolean;
    typedef uint32_t GQuark;
    typedef struct { GQuark domain; int code; char *message; } GError;

    void bench_void (void);
    gsize bench_str (const char *s);
    double bench_double (double x);
    gboolean bench_overhead (const gint32 *list, gsize num, const char *utf8, GError **error);
    void bench_int_list (const int *list, gsize n);

    const char *g_quark_to_string (GQuark quark);
    void g_error_free (GError *error);
""")
lib = ffi.dlopen(libbench_path())
_glib = ffi.dlopen("libglib-2.0.so.0")

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
                     _string(_glib.g_quark_to_string(e.domain)).decode("utf-8"), e.code)
        _glib.g_error_free(e)
        raise exc
    return bool(ok)


def bench_int_list(values):
    """bench_int_list(list) -> None."""
    values = int_list_arg("bench_int_list", "list", values, INT_MIN, INT_MAX)
    _bench_int_list(_new("int[]", values), len(values))
