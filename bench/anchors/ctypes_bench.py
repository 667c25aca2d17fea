"""Hand-written ctypes binding of libbench: the baseline style of the study.

Every foreign function has argtypes/restype set. bench_void/bench_str/bench_double are the raw
ctypes function objects (bench_str takes bytes); bench_str_of_str is bench_str for a str. bench_overhead is a Python wrapper doing full
validation; bench_int_list wraps the array conversion only, as a plain ctypes user would
(ctypes raises TypeError for non-ints but silently truncates out-of-range values).
Python 3.9 compatible.
"""

import ctypes
from ctypes import POINTER, byref, c_char_p, c_double, c_int, c_int32, c_size_t, c_uint32

from anchor_common import GINT32_MAX, GINT32_MIN, GError, int_list_arg, libbench_path, utf8_arg

_lib = ctypes.CDLL(libbench_path())
_glib = ctypes.CDLL("libglib-2.0.so.0")


class _GError(ctypes.Structure):
    _fields_ = [("domain", c_uint32), ("code", c_int), ("message", c_char_p)]


_glib.g_quark_to_string.argtypes = [c_uint32]
_glib.g_quark_to_string.restype = c_char_p
_glib.g_error_free.argtypes = [POINTER(_GError)]
_glib.g_error_free.restype = None

bench_void = _lib.bench_void
bench_void.argtypes = []
bench_void.restype = None

bench_str = _lib.bench_str
bench_str.argtypes = [c_char_p]
bench_str.restype = c_size_t

bench_double = _lib.bench_double
bench_double.argtypes = [c_double]
bench_double.restype = c_double

bench_overhead_raw = _lib.bench_overhead
bench_overhead_raw.argtypes = [POINTER(c_int32), c_size_t, c_char_p, POINTER(POINTER(_GError))]
bench_overhead_raw.restype = c_int  # gboolean

bench_int_list_raw = _lib.bench_int_list
bench_int_list_raw.argtypes = [POINTER(c_int), c_size_t]
bench_int_list_raw.restype = None


def bench_overhead(values, utf8):
    """bench_overhead(list, utf8) -> True; raises GError when utf8 == "fail"."""
    values = int_list_arg("bench_overhead", "list", values, GINT32_MIN, GINT32_MAX)
    n = len(values)
    arr = (c_int32 * n)(*values)
    s = utf8_arg("bench_overhead", "utf8", utf8)
    err = POINTER(_GError)()
    ok = bench_overhead_raw(arr, n, s, byref(err))
    if err:
        e = err.contents
        exc = GError(e.message.decode("utf-8", "replace"),
                     _glib.g_quark_to_string(e.domain).decode("utf-8"), e.code)
        _glib.g_error_free(err)
        raise exc
    return bool(ok)


def bench_str_of_str(s):
    """bench_str as a hand-written ctypes binding offers it to Python callers, who have a str: the
    raw function takes bytes, so the binding encodes (and validates nothing)."""
    return bench_str(s.encode())


def bench_int_list(values):
    """bench_int_list(list) -> None."""
    n = len(values)
    bench_int_list_raw((c_int * n)(*values), n)
