"""Argument validation with parameter names, for the error path of generated code.

Generated functions convert arguments inline and let ctypes reject bad types;
only when something raises do they call arg_error(), which re-checks each
argument against its declared kind and builds the precise exception:

    _P_get_info = (("namespace_", UTF8), ("version", UTF8_OR_NONE))  # module level

    def get_info(self, namespace_, version=None):
        try:
            if "\\0" in namespace_ ...: raise ValueError   # cheap inline checks
            r = _f(self._ptr, namespace_.encode(), ...)
        except Exception as e:
            raise arg_error("get_info", _P_get_info, (namespace_, version), e) from None

Checks on the normal path are only those ctypes cannot do (ranges of ints,
NUL in strings), see docs/runtime.md.
"""

import operator
import os

from ._core import core as _c

__all__ = [
    "ArgKind", "arg_error", "check_args", "Instance", "Seq", "IntRange", "Enum",
    "UTF8", "UTF8_OR_NONE", "FILENAME", "FILENAME_OR_NONE", "BOOLEAN", "INT8", "UINT8",
    "INT16", "UINT16", "INT32", "UINT32", "INT64", "UINT64", "LONG", "ULONG", "SIZE",
    "SSIZE", "GTYPE", "FLOAT", "DOUBLE", "POINTER", "POINTER_OR_NONE", "CALLABLE",
    "CALLABLE_OR_NONE", "UNICHAR", "ANY",
]

_index = operator.index


def _tname(v):
    return "None" if v is None else type(v).__name__


class ArgKind:
    """What a parameter accepts.  check() returns (exception class, detail) or None."""

    __slots__ = ("expected", "nullable")

    def __init__(self, expected, nullable=False):
        self.expected = expected
        self.nullable = nullable

    def check(self, v):
        if v is None:
            return None if self.nullable else (TypeError, "must be %s, not None" % self.expected)
        return self._check(v)

    def _check(self, v):
        return None

    def __repr__(self):
        return "<ArgKind %s%s>" % (self.expected, " or None" if self.nullable else "")


class _Utf8(ArgKind):
    __slots__ = ()

    def _check(self, v):
        if not isinstance(v, str):
            return TypeError, "must be str, not %s" % _tname(v)
        if "\0" in v:
            return ValueError, "contains an embedded null character"
        return None


class _Filename(ArgKind):
    __slots__ = ()

    def _check(self, v):
        try:
            b = os.fsencode(v)
        except TypeError:
            return TypeError, "must be str, bytes or os.PathLike, not %s" % _tname(v)
        if b"\0" in b:
            return ValueError, "contains an embedded null character"
        return None


class IntRange(ArgKind):
    __slots__ = ("lo", "hi", "cname")

    def __init__(self, lo, hi, cname, nullable=False):
        ArgKind.__init__(self, "int", nullable)
        self.lo, self.hi, self.cname = lo, hi, cname

    def _check(self, v):
        try:
            i = _index(v)
        except TypeError:
            return TypeError, "must be int, not %s" % _tname(v)
        if not self.lo <= i <= self.hi:
            return OverflowError, "%d not in range %d to %d (%s)" % (i, self.lo, self.hi,
                                                                     self.cname)
        return None


class Enum(IntRange):
    """An enum/flags parameter: any int-like in the C range (members included)."""

    __slots__ = ()

    def __init__(self, cname, unsigned=False, nullable=False):
        lo, hi = (0, 0xFFFFFFFF) if unsigned else (-0x80000000, 0x7FFFFFFF)
        IntRange.__init__(self, lo, hi, cname, nullable)


class _Float(ArgKind):
    __slots__ = ("single",)

    def __init__(self, single):
        ArgKind.__init__(self, "float")
        self.single = single

    def _check(self, v):
        if isinstance(v, (str, bytes)) or not (hasattr(v, "__float__") or hasattr(v, "__index__")):
            return TypeError, "must be float, not %s" % _tname(v)
        f = float(v)
        if self.single and abs(f) > 3.4028234663852886e38 and abs(f) != float("inf"):
            return OverflowError, "%r out of range for float" % (v,)
        return None


class _Pointer(ArgKind):
    __slots__ = ()

    def _check(self, v):
        if not isinstance(v, int):
            return TypeError, "must be int (address), not %s" % _tname(v)
        if not 0 <= v < (1 << _SB):
            return OverflowError, "address %d out of range" % v
        return None


class _Callable(ArgKind):
    __slots__ = ()

    def _check(self, v):
        if not callable(v):
            return TypeError, "must be callable, not %s" % _tname(v)
        return None


class _Unichar(ArgKind):
    __slots__ = ()

    def _check(self, v):
        if not isinstance(v, str) or len(v) != 1:
            return TypeError, "must be a str of length 1, not %r" % (v,)
        return None


class _Any(ArgKind):
    __slots__ = ()


class Instance(ArgKind):
    """An instance of a wrapper class.  cls may be a class or a zero-arg
    callable returning it (lazily built classes); display is the name shown
    in messages (default: the class's qualified name)."""

    __slots__ = ("cls", "display")

    def __init__(self, cls, nullable=False, display=None):
        ArgKind.__init__(self, display or "", nullable)
        self.cls = cls
        self.display = display

    def _resolve(self):
        c = self.cls
        if not isinstance(c, type):
            c = self.cls = c()
        if not self.display:
            mod = c.__module__.rsplit(".", 1)[-1]
            self.display = self.expected = "%s.%s" % (mod, c.__qualname__)
        return c

    def check(self, v):
        self._resolve()
        return ArgKind.check(self, v)

    def _check(self, v):
        c = self._resolve()
        if not isinstance(v, c):
            return TypeError, "must be %s, not %s" % (self.expected, _tname(v))
        return None


class Seq(ArgKind):
    """A list/tuple whose items are all of item kind."""

    __slots__ = ("item",)

    def __init__(self, item, nullable=False):
        ArgKind.__init__(self, "sequence", nullable)
        self.item = item

    def _check(self, v):
        if isinstance(v, (str, bytes)) or not hasattr(v, "__len__") or not hasattr(v, "__iter__"):
            return TypeError, "must be a sequence, not %s" % _tname(v)
        for i, x in enumerate(v):
            r = self.item.check(x)
            if r is not None:
                return r[0], "item %d %s" % (i, r[1])
        return None


UTF8 = _Utf8("str")
UTF8_OR_NONE = _Utf8("str", True)
FILENAME = _Filename("str, bytes or os.PathLike")
FILENAME_OR_NONE = _Filename("str, bytes or os.PathLike", True)
BOOLEAN = _Any("bool", True)  # any object has a truth value
ANY = _Any("object", True)
INT8 = IntRange(-(1 << 7), (1 << 7) - 1, "gint8")
UINT8 = IntRange(0, (1 << 8) - 1, "guint8")
INT16 = IntRange(-(1 << 15), (1 << 15) - 1, "gint16")
UINT16 = IntRange(0, (1 << 16) - 1, "guint16")
INT32 = IntRange(-(1 << 31), (1 << 31) - 1, "gint32")
UINT32 = IntRange(0, (1 << 32) - 1, "guint32")
INT64 = IntRange(-(1 << 63), (1 << 63) - 1, "gint64")
UINT64 = IntRange(0, (1 << 64) - 1, "guint64")
_LB = 8 * _c.kind_size(_c.KIND_LONG)
_SB = 8 * _c.kind_size(_c.KIND_SIZE)
LONG = IntRange(-(1 << (_LB - 1)), (1 << (_LB - 1)) - 1, "glong")
ULONG = IntRange(0, (1 << _LB) - 1, "gulong")
SIZE = IntRange(0, (1 << _SB) - 1, "gsize")
SSIZE = IntRange(-(1 << (_SB - 1)), (1 << (_SB - 1)) - 1, "gssize")
GTYPE = IntRange(0, (1 << _SB) - 1, "GType")
FLOAT = _Float(True)
DOUBLE = _Float(False)
POINTER = _Pointer("int (address)")
POINTER_OR_NONE = _Pointer("int (address)", True)
CALLABLE = _Callable("callable")
CALLABLE_OR_NONE = _Callable("callable", True)
UNICHAR = _Unichar("str of length 1")


def arg_error(func_name, specs, values, exc=None):
    """Exception to raise for a failed call: the first argument that does not
    match its kind gives ``<func>() argument '<name>' ...``; if every argument
    is fine, exc itself (the failure came from elsewhere)."""
    for (name, kind), v in zip(specs, values):
        r = kind.check(v)
        if r is not None:
            cls, detail = r
            return cls("%s() argument '%s' %s" % (func_name, name, detail))
    return exc if exc is not None else TypeError("%s(): invalid arguments" % func_name)


def check_args(func_name, specs, values):
    """Validate all arguments up front (raising arg_error's exception)."""
    for (name, kind), v in zip(specs, values):
        r = kind.check(v)
        if r is not None:
            cls, detail = r
            raise cls("%s() argument '%s' %s" % (func_name, name, detail))
