"""Per-call micro-measurements of the runtime (not a test; run by hand):

    python3 python/tests/runtime/bench_runtime.py
    pypy3   python/tests/runtime/bench_runtime.py

Prints CPU ns per operation (best of 5 repeats, process CPU time).  Numbers are recorded in
docs/runtime.md ("Measurements").
"""

import ctypes
import os
import sys
import time
import timeit
from ctypes import c_char_p, c_int, c_int32, c_size_t, c_uint32, c_void_p

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))

import girgen_runtime as rt  # noqa: E402
from girgen_runtime import core  # noqa: E402

PYPY = sys.implementation.name == "pypy"
N = 200000 if not PYPY else 1000000

glib = ctypes.CDLL("libglib-2.0.so.0")
gobject = ctypes.CDLL("libgobject-2.0.so.0")


def fn(lib, name, restype, *argtypes):
    f = lib[name]  # a fresh function object: lib.name is cached and shared
    f.restype = restype
    f.argtypes = argtypes
    return f


results = []


def bench(label, stmt, setup="pass", n=N, **ns):
    g = dict(globals())
    g.update(ns)
    # CPU time of this process: the machine is shared, wall time is too noisy.
    t = min(timeit.repeat(stmt, setup, timer=time.process_time, globals=g, number=n,
                          repeat=5)) / n * 1e9
    results.append((label, t))
    print("%-64s %8.1f ns" % (label, t), flush=True)
    return t


# --- raw ctypes costs ---------------------------------------------------------------
is_floating_cdll = fn(gobject, "g_object_is_floating", c_int, c_void_p)
obj = rt.Object()
p = obj._ptr
bench("ctypes call, CDLL (GIL released): g_object_is_floating", "f(p)", f=is_floating_cdll, p=p)
bench("ctypes call, core (PyDLL on CPython): g_object_is_floating", "f(p)",
      f=core.g_object_is_floating, p=p)
bench("read pointer from memory (core.read_pointer)", "f(p)", f=core.read_pointer, p=p)
bench("G_TYPE_FROM_INSTANCE (core.type_from_instance)", "f(p)", f=core.type_from_instance, p=p)

# --- wrapping objects -------------------------------------------------------------------
bench("object_from_none, wrapper exists (identity hit)", "f(p)", f=rt.object_from_none, p=p)
bench("object_from_full, wrapper exists (hit + g_object_unref)", "ref(p); f(p)",
      f=rt.object_from_full, ref=core.g_object_ref, p=p)
class _Plain:
    __slots__ = ("_ptr", "__weakref__", "__dict__")


keep = fn(gobject, "g_object_new_with_properties", c_void_p, c_size_t, ctypes.c_uint, c_void_p,
          c_void_p)(rt.TYPE_OBJECT, 0, None, None)
bench("object_from_none new wrapper + wrapper death (ref_sink+unref)",
      "w = f(p); del w", f=rt.object_from_none, p=keep, n=N // 2)
bench("baseline: object.__new__ + slot + weakref (no C calls)",
      "w = new(C); w._ptr = 1; r = wref(w); del w, r", new=object.__new__, C=_Plain,
      wref=__import__("weakref").ref)

# --- records ---------------------------------------------------------------------------
bytes_new = fn(glib, "g_bytes_new", c_void_p, c_void_p, c_size_t)
bytes_get_type = fn(gobject, "g_bytes_get_type", c_size_t)


class Bytes(rt.Boxed):
    __slots__ = ()
    __gtype__ = rt.LazyGType(bytes_get_type)


bp = bytes_new(None, 0)
bench("boxed_from_none (g_boxed_copy) + wrapper death (g_boxed_free)",
      "w = f(C, p); del w", f=rt.boxed_from_none, C=Bytes, p=bp, n=N // 2)

# --- strings -----------------------------------------------------------------------------
type_name_bytes = fn(gobject, "g_type_name", c_char_p, c_size_t)
bench("utf8 return transfer none: c_char_p restype + inline decode",
      "r = f(80); s = None if r is None else r.decode()", f=type_name_bytes)
strdup = fn(glib, "g_strdup", c_void_p, c_char_p)
bench("utf8 return transfer full: g_strdup + utf8_from_full (g_free)",
      "utf8(f(b'hello world'))", f=strdup, utf8=rt.utf8_from_full)
bench("  baseline: g_strdup + g_free only", "free(f(b'hello world'))", f=strdup,
      free=fn(glib, "g_free", None, c_void_p))

# --- GError --------------------------------------------------------------------------------
quark = core.g_quark_from_string(b"bench-error-quark")
new_err = fn(glib, "g_error_new_literal", c_void_p, c_uint32, c_int, c_char_p)
bench("GError: g_error_new_literal alone", "f(q, 1, b'msg')", f=new_err, q=quark)
bench("GError: new + raise_gerror + except (build, free, raise)",
      "try:\n    raise_(f(q, 1, b'msg'))\nexcept Error:\n    pass",
      f=new_err, q=quark, raise_=rt.raise_gerror, Error=rt.Error, n=N // 2)
bench("GError out slot: c_void_p() + byref + .value check",
      "e = cvp(); b = byref(e)\nif e.value: pass", cvp=c_void_p, byref=ctypes.byref)

# --- argument conversion strategies ---------------------------------------------------
quark_f = fn(glib, "g_quark_try_string", c_uint32, c_char_p)
P = (("string", rt.args.UTF8),)


def plain(s):
    return quark_f(s.encode())


def checked_inline(s):
    try:
        if "\0" in s:
            raise ValueError
        return quark_f(s.encode())
    except Exception as e:
        raise rt.arg_error("f", P, (s,), e) from None


def checked_upfront(s):
    rt.check_args("f", P, (s,))
    return quark_f(s.encode())


class Utf8Param:
    """argtypes entry doing the conversion in from_param (one Python call/arg)."""

    @classmethod
    def from_param(cls, s):
        if not isinstance(s, str) or "\0" in s:
            raise TypeError("bad")
        return s.encode()


quark_fp = fn(glib, "g_quark_try_string", c_uint32, Utf8Param)

bench("str arg: s.encode() only (no validation)", "f('hello')", f=plain)
bench("str arg: inline NUL check + try/except + arg_error on error path", "f('hello')",
      f=checked_inline)
bench("str arg: check_args() up front", "f('hello')", f=checked_upfront)
bench("str arg: custom argtypes class with from_param", "f('hello')", f=quark_fp)
bench("error path: arg_error for an int passed as str",
      "try:\n    f(5)\nexcept TypeError:\n    pass", f=checked_inline, n=N // 4)

rand = fn(glib, "g_random_int_range", c_int32, c_int32, c_int32)


def int_plain(a, b):
    return rand(a, b)


def int_checked(a, b):
    try:
        if not (-0x80000000 <= a <= 0x7FFFFFFF and -0x80000000 <= b <= 0x7FFFFFFF):
            raise OverflowError
        return rand(a, b)
    except Exception as e:
        raise rt.arg_error("f", (("a", rt.args.INT32), ("b", rt.args.INT32)), (a, b), e) from None


bench("2 gint32 args: no range check (ctypes truncates silently)", "f(1, 5)", f=int_plain)
bench("2 gint32 args: inline range checks + try/except", "f(1, 5)", f=int_checked)

obj_type_name = fn(gobject, "g_type_name_from_instance", c_char_p, c_void_p)
Obj = rt.Object


def obj_arg_ptr(o):
    return obj_type_name(o._ptr)


def obj_arg_isinstance(o):
    if not isinstance(o, Obj):
        raise TypeError
    return obj_type_name(o._ptr)


bench("object arg: o._ptr", "f(o)", f=obj_arg_ptr, o=obj)
bench("object arg: isinstance check + o._ptr", "f(o)", f=obj_arg_isinstance, o=obj)

# --- enums -------------------------------------------------------------------------------------
E = rt.make_enum("E", (("A", 0), ("B", 1)))
F = rt.make_flags("F", (("A", 1), ("B", 2)))
bench("enum_from_int (member)", "f(E, 1)", f=rt.enum_from_int, E=E)
bench("  vs E(1)", "E(1)", E=E)
bench("flags_from_int (combination, cached)", "f(F, 3)", f=rt.flags_from_int, F=F)

# --- properties and signals ------------------------------------------------------------------
gio = ctypes.CDLL("libgio-2.0.so.0")
sa_type = fn(gio, "g_simple_action_get_type", c_size_t)()
SA = rt.class_for_gtype(sa_type)
a = SA(name="x")
bench("get_property('enabled') (bool)", "a.get_property('enabled')", a=a, n=N // 4)
bench("props.enabled = True", "a.props.enabled = True", a=a, n=N // 4)
bench("construct SimpleAction(name=...) + death", "w = C(name='x'); del w", C=SA, n=N // 10)
a.connect("activate", lambda o, p: None)
bench("emit('activate', None) to a Python handler", "a.emit('activate', None)", a=a,
      n=N // 10)
activate = fn(gio, "g_action_activate", None, c_void_p, c_void_p)
bench("C emission (g_action_activate) -> marshal -> Python handler", "f(p, None)", f=activate,
      p=a._ptr, n=N // 4)

# --- callbacks ------------------------------------------------------------------------------
CMP = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)


def _tramp(x, y, ud):
    func, args = rt.callback_get(ud)
    return func(x, y)


TRAMP = CMP(_tramp)
call_cb = fn(glib, "g_list_sort_with_data", c_void_p, c_void_p, c_void_p, c_void_p)
two = rt.list_to_glist([2, 1])


def call_with_registry():
    key = rt.callback_add(cmp_py)
    try:
        return call_cb(two, TRAMP, key)
    finally:
        rt.callback_remove(key)


def call_with_new_trampoline():
    return call_cb(two, CMP(lambda x, y, ud: cmp_py(x, y)), None)


def cmp_py(x, y):
    return 0


bench("call-scope callback, static trampoline + registry key", "f()", f=call_with_registry,
      n=N // 4)
bench("call-scope callback, new CFUNCTYPE trampoline per call", "f()",
      f=call_with_new_trampoline, n=N // 10)
