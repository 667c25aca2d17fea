"""Smoke test of every anchor binding of libbench: each function once, plus the error paths.

Run through scripts/check-anchors.sh OUTDIR (sets sys.path and GIRGEN_TESTLIBS). Python 3.9 compatible.
"""

import importlib
import sys

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def raises(exc_type, fn, what):
    try:
        fn()
    except exc_type as e:
        return e
    except Exception as e:  # noqa: BLE001 - any other exception is a failure we want reported
        failures.append("%s: expected %s, got %r" % (what, exc_type.__name__, e))
        return None
    failures.append("%s: expected %s, nothing raised" % (what, exc_type.__name__))
    return None


def smoke(modname, str_arg, validates_int_list):
    m = importlib.import_module(modname)
    name = modname + "."
    check(m.bench_void() is None, name + "bench_void")
    check(m.bench_str(str_arg) == 0, name + "bench_str")
    check(m.bench_double(1.5) == 1.5, name + "bench_double")
    check(m.bench_overhead([1, 2, -3], "ok") is True, name + "bench_overhead ok")
    check(m.bench_overhead(list(range(1000)), "ok") is True, name + "bench_overhead long list")
    check(m.bench_int_list([1, 2, 3]) is None, name + "bench_int_list")
    e = raises(m.GError, lambda: m.bench_overhead([1, 2], "fail"), name + "bench_overhead fail")
    if e is not None:
        check((e.domain, e.code, e.message) == ("bench-error-quark", 0, "bench_overhead was asked to fail"),
              name + "GError fields %r" % ((e.domain, e.code, e.message),))
    e = raises(OverflowError, lambda: m.bench_overhead([1, 2 ** 31], "ok"), name + "gint32 overflow")
    check(e is None or "'list'" in str(e), name + "overflow message names the argument: %s" % e)
    raises(OverflowError, lambda: m.bench_overhead([-(2 ** 31) - 1], "ok"), name + "gint32 underflow")
    e = raises(TypeError, lambda: m.bench_overhead([1, "2"], "ok"), name + "non-int item")
    check(e is None or "'list'" in str(e), name + "TypeError message names the argument: %s" % e)
    raises(TypeError, lambda: m.bench_overhead(5, "ok"), name + "non-sequence list")
    raises(TypeError, lambda: m.bench_overhead([1], b"ok"), name + "bytes utf8")
    raises(ValueError, lambda: m.bench_overhead([1], "a\0b"), name + "embedded NUL")
    check(m.bench_overhead((), "") is True, name + "empty tuple")
    if validates_int_list:
        raises(OverflowError, lambda: m.bench_int_list([2 ** 31]), name + "int_list overflow")


smoke("benchcapi", "hello", True)
import benchcapi  # noqa: E402
raises(ValueError, lambda: benchcapi.bench_str("a\0b"), "benchcapi.bench_str embedded NUL")
raises(TypeError, lambda: benchcapi.bench_str(b"x"), "benchcapi.bench_str bytes")
smoke("ctypes_bench", b"hello", False)
smoke("cffi_abi_bench", b"hello", True)
smoke("cffi_api_bench", b"hello", True)

if failures:
    print("smoke: FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("smoke: all anchors OK (%s %s)" % (sys.implementation.name, sys.version.split()[0]))
