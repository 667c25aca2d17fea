"""Names the logged calls use besides the namespaces: fuzz callables, odd Python objects, and
helpers that make wrong-state wrappers. A logged line is plain Python that runs in
``environment(package)``, so every reproducer is a short script (see replay.py).
"""

import importlib

NAMESPACES = ("GIRepository", "GLib", "GObject", "GIMarshallingTests", "Regress")

nan = float("nan")
inf = float("inf")


# --- callables handed to callback parameters -------------------------------------------

def _cb_none(*args):
    return None


def _cb_true(*args):
    return True


def _cb_zero(*args):
    return 0


def _cb_int(*args):
    return 7


def _cb_str(*args):
    return "fuzz"


def _cb_obj(*args):
    return object()


def _cb_tuple(*args):
    return (1, "x", None)


def _cb_raise(*args):
    raise RuntimeError("raised by a fuzz callback")


def _cb_exit(*args):
    raise SystemExit(3)


def _cb_args(a):
    """Takes exactly one argument: called with another number, it raises TypeError."""
    return a


# _cb_exit (SystemExit) is left out: the backends disagree on it by design so far (pyo3 and
# PyGObject end the process, ctypes and cffi print it; docs/robustness.md, O1).
CALLBACKS = ("_cb_none", "_cb_true", "_cb_zero", "_cb_int", "_cb_str", "_cb_obj", "_cb_tuple",
             "_cb_raise", "_cb_args", "len")


# --- odd objects --------------------------------------------------------------------------

class _IntSub(int):
    pass


class _FloatSub(float):
    pass


class _StrSub(str):
    pass


class _Index:
    """Not an int, but has __index__ (accepted where ints are)."""

    def __index__(self):
        return 5


class _HugeIndex:
    def __index__(self):
        return 1 << 70


class FuzzObjectError(ArithmeticError):
    """Raised by the special methods of the fuzz's own bad objects: a binding that lets it
    through did right (Python propagates what __index__, __float__, ... raise)."""


class _BadIndex:
    def __index__(self):
        raise FuzzObjectError("__index__ of a fuzz object")


class _BadFloat:
    def __float__(self):
        raise FuzzObjectError("__float__ of a fuzz object")


class _BadBool:
    def __bool__(self):
        raise FuzzObjectError("__bool__ of a fuzz object")


class _BadLen:
    """Claims 3 items, iterates 1, indexing raises: sequence conversions must not trust len."""

    def __len__(self):
        return 3

    def __iter__(self):
        return iter([1])

    def __getitem__(self, i):
        raise IndexError(i)


class _BadIter:
    def __len__(self):
        return 2

    def __iter__(self):
        raise FuzzObjectError("__iter__ of a fuzz object")


class _BadDict(dict):
    def items(self):
        raise FuzzObjectError("items() of a fuzz dict")


class _BadStrObj:
    def __str__(self):
        raise FuzzObjectError("__str__ of a fuzz object")

    __repr__ = object.__repr__


class _PtrLike:
    """Has a `_ptr` like a wrapper, pointing nowhere useful: a fake wrapper must be rejected."""

    _ptr = 16


class _PathLike:
    def __fspath__(self):
        return "fuzz-file"


def _rec_list():
    lst = []
    lst.append(lst)
    return lst


def _big_list(n=3000):
    return list(range(n))


def _uninit(cls):
    """A wrapper that was never initialised (no C object behind it)."""
    return cls.__new__(cls)


def _disposed(obj):
    """A GObject after g_object_run_dispose: alive but torn down, as after a widget's destroy."""
    obj.run_dispose()
    return obj


ODD_OBJECTS = ("_IntSub(3)", "_FloatSub(2.5)", "_StrSub('sub')", "_Index()", "_HugeIndex()",
               "_BadIndex()", "_BadFloat()", "_BadBool()", "_BadLen()", "_BadIter()",
               "_BadDict(a=1)", "_BadStrObj()", "_PtrLike()", "_PathLike()", "_rec_list()",
               "_big_list()", "object()", "type", "Ellipsis", "NotImplemented",
               "complex(1, 2)", "range(3)", "frozenset([1])", "memoryview(b'ab')",
               "bytearray(b'xy')", "(1, 2)", "iter([1, 2])")


def environment(package):
    """The globals a logged line runs in: the namespaces of `package` and the helpers above."""
    env = {k: v for k, v in globals().items() if not k.startswith("__")}
    env["len"] = len
    env["gc"] = __import__("gc")
    for ns in NAMESPACES:
        env[ns] = importlib.import_module(package + "." + ns)
    glib = env["GLib"]

    def _gerror(message="fuzz", domain="fuzz-domain", code=3):
        return glib.Error(message, domain, code)
    env["_gerror"] = _gerror
    return env
