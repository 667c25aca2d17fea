"""Shared pieces of the hand-written Python-level anchors (ctypes, cffi ABI, cffi API).

The anchors validate arguments the way a careful hand-written binding (and PyGObject) would, so the
benchmark compares like with like: TypeError/OverflowError/ValueError naming the argument.
Must stay Python 3.9 compatible (PyPy 7.3).
"""

import os

GINT32_MIN = -(2 ** 31)
GINT32_MAX = 2 ** 31 - 1
# C int on every platform this project targets (LP64 Linux).
INT_MIN = GINT32_MIN
INT_MAX = GINT32_MAX


def libbench_path():
    """Path of libbench.so: $GIRGEN_TESTLIBS/libbench.so, or the bare soname for LD_LIBRARY_PATH."""
    outdir = os.environ.get("GIRGEN_TESTLIBS")
    if outdir:
        return os.path.join(outdir, "libbench.so")
    return "libbench.so"


class GError(Exception):
    """A GError from libbench: args (message, domain, code), also as attributes."""

    def __init__(self, message, domain, code):
        super().__init__(message, domain, code)
        self.message = message
        self.domain = domain
        self.code = code


def int_list_arg(func, argname, values, lo, hi):
    """Check a sequence of ints in [lo, hi]; return it as a list or tuple."""
    tp = type(values)
    if tp is not list and tp is not tuple:
        if isinstance(values, (str, bytes, bytearray)) or not (
                hasattr(tp, "__getitem__") and hasattr(tp, "__len__")):
            raise TypeError("%s() argument '%s' must be a sequence of int, not %s"
                            % (func, argname, tp.__name__))
        values = list(values)
    for i, v in enumerate(values):
        if not isinstance(v, int):
            raise TypeError("%s() argument '%s' item %d must be int, not %s"
                            % (func, argname, i, type(v).__name__))
        if v < lo or v > hi:
            raise OverflowError("%s() argument '%s' item %d: %r out of range for %s"
                                % (func, argname, i, v, "gint32" if lo == GINT32_MIN else "int"))
    return values


def utf8_arg(func, argname, s):
    """str -> NUL-free UTF-8 bytes (lone surrogates raise UnicodeEncodeError, a ValueError)."""
    if not isinstance(s, str):
        raise TypeError("%s() argument '%s' must be str, not %s" % (func, argname, type(s).__name__))
    if "\0" in s:
        raise ValueError("%s() argument '%s' contains an embedded null character" % (func, argname))
    return s.encode("utf-8")
