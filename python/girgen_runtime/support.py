"""What generated Python modules (ctypes and cffi backends) import, by name.

Generated code converts the common cases inline (str → bytes, int range checks) and calls the
helpers here for everything else: wrapping instances by their memory kind, containers, callbacks,
GErrors and the error path of argument conversion. Every helper that can reject a value takes
``(func, param)`` — the Python names of the function and the parameter — for its message.

The element spec of a container, written by the generator:
  "i8".."u64", "bool", "f32", "f64", "gtype", "unichar", "ptr", "utf8", "filename", "error"
  or (kind, lambda: cls) with kind in "object", "fundamental", "boxed", "enum", "flags", "ptr".
An array spec: (array kind: "c" | "garray" | "ptrarray" | "bytearray", element spec,
zero_terminated, fixed size or -1, elements inline (structs by value)).
"""

import enum as _enum
import importlib
import operator
import os
import sys

from ._core import core as _c
from . import callbacks as _cb
from . import containers as _co
from . import errors as _er
from . import gtype as _gt
from . import gvalue as _gv
from . import signals as _sig
from . import wrappers as _w
from .gobject import Object, ParamSpec as RuntimeParamSpec, Variant as RuntimeVariant  # noqa: F401
from .gtype import GType, LazyGType
from .wrappers import Boxed, Fundamental, Interface

__all__ = [
    "Library", "lazy_attribute", "register_namespace", "Object", "Interface", "Boxed", "Fundamental",
    "Opaque", "LazyGType", "IntEnum", "IntFlag", "int_in", "float_in", "overflow", "argument_error", "utf8_in", "utf8_check",
    "utf8_in_full", "utf8_in_copy", "filename_in", "filename_in_full", "filename_in_copy", "unichar_in", "unichar_out", "gtype_in",
    "gtype_out", "pointer_in", "enum_in", "bytes_ref", "instance_in", "instance_in_full", "instance_out",
    "record_new", "enum_out", "flags_out", "utf8_from_none", "utf8_from_full", "filename_from_none",
    "filename_from_full", "array_in", "array_out", "list_in", "list_out", "hash_in", "hash_out",
    "error_in", "error_out", "check_gerror", "error_domain_class", "callback_in", "CallbackType",
    "read_out", "write_out", "g_free", "result_tuple", "uninitialised",
]

IntEnum = _enum.IntEnum
IntFlag = _enum.IntFlag
g_free = _c.g_free
_index = operator.index
_fsencode = os.fsencode


def gobject_type_constants():
    """PyGObject's ``GObject.TYPE_*`` constants, as GType values."""
    names = ("INVALID", "NONE", "INTERFACE", "CHAR", "UCHAR", "BOOLEAN", "INT", "UINT", "LONG",
             "ULONG", "INT64", "UINT64", "ENUM", "FLAGS", "FLOAT", "DOUBLE", "STRING", "POINTER",
             "BOXED", "PARAM", "OBJECT", "VARIANT")
    out = {"TYPE_" + n: GType(getattr(_gt, "TYPE_" + n)) for n in names}
    out["TYPE_UNICHAR"] = out["TYPE_UINT"]
    from . import gvalue
    out["TYPE_GTYPE"] = GType(gvalue.TYPE_GTYPE)
    out["TYPE_STRV"] = GType(gvalue.TYPE_STRV)
    out["TYPE_VALUE"] = GType(gvalue.TYPE_VALUE)
    return out


# --- libraries and lazy namespaces ----------------------------------------------------


from ._namespace import Library, lazy_attribute, register_namespace  # noqa: E402,F401
from ._namespace import pending_domains as _pending_domains  # noqa: E402
from ._namespace import pending_quark_enums as _pending_quark_enums  # noqa: E402


def _load_enum(entry):
    module, attr = entry
    try:
        getattr(importlib.import_module(module), attr)
    except Exception:  # an error while reporting an error must not hide it
        pass


def error_domain_class(domain, class_name, code_enum):
    """The exception class of an error domain enum (`Enum.Error`). `domain` is the domain
    string or the domain's quark function."""
    if not isinstance(domain, str):
        quark = domain()
        domain = _c.g_quark_to_string(quark)
        domain = domain.decode() if domain is not None else class_name
    return _er.register_error_domain(domain, class_name, code_enum, module=getattr(code_enum, "__module__", None))


def check_gerror(addr):
    """Raise the exception for a set GError* (freed exactly once)."""
    quark = _c.gerror_fields(addr)[0]
    s = _c.g_quark_to_string(quark)
    domain = s.decode() if s is not None else None
    if domain is not None and _er.error_class_for_domain(domain) is _er.Error:
        entry = _pending_domains.pop(domain, None)
        if entry is not None:
            _load_enum(entry)
        elif _pending_quark_enums:
            pending = list(_pending_quark_enums)
            del _pending_quark_enums[:]
            for e in pending:
                _load_enum(e)
    raise _er.take_gerror(addr)


# --- results --------------------------------------------------------------------------

_result_types = {}


def _result_type(names):
    cls = _result_types.get(names)
    if cls is not None:
        return cls

    def __repr__(self):
        return "(%s)" % ", ".join(repr(v) if n is None else "%s=%r" % (n, v) for n, v in zip(names, self))

    ns = {"__slots__": (), "__repr__": __repr__, "_fields": names}
    for i, n in enumerate(names):
        if n is not None:
            ns[n] = property(operator.itemgetter(i))
    cls = type("ResultTuple", (tuple,), ns)
    _result_types[names] = cls
    return cls


def result_tuple(names, values):
    """Several results, as PyGObject returns them: a tuple whose out parameters are also
    attributes, shown by name in its repr (`(True, argvp=['a'])`)."""
    return _result_type(names)(values)


# --- argument errors -----------------------------------------------------------------


def _tname(v):
    return "None" if v is None else type(v).__name__


def int_in(value, func, param):
    """The slow path of an integer argument: accepts int subclasses and __index__."""
    if isinstance(value, float) or isinstance(value, str) or value is None:
        raise TypeError("%s() argument '%s' must be int, not %s" % (func, param, _tname(value)))
    try:
        return _index(value)
    except TypeError:
        raise TypeError("%s() argument '%s' must be int, not %s" % (func, param, _tname(value))) from None


def float_in(value, single, func, param):
    """The slow path of a float argument: ints and __float__ objects, gfloat's range (infinities
    and NaN pass, as in PyGObject)."""
    if isinstance(value, float):
        f = value
    elif isinstance(value, (str, bytes)) or value is None or not (
            hasattr(value, "__float__") or hasattr(value, "__index__")):
        raise TypeError("%s() argument '%s' must be float, not %s" % (func, param, _tname(value)))
    else:
        try:
            f = float(value)
        except OverflowError:
            raise OverflowError("%s() argument '%s': %r does not fit %s"
                                % (func, param, value, "gfloat" if single else "gdouble")) from None
    if single and f == f and (f > _FLT_MAX or f < -_FLT_MAX) and f not in (_INF, -_INF):
        raise OverflowError("%s() argument '%s': %r does not fit gfloat" % (func, param, value))
    return f


def overflow(value, ctype, func, param):
    return OverflowError("%s() argument '%s': %d does not fit %s" % (func, param, value, ctype))


def argument_error(exc, func, names):
    """Turn an FFI conversion error (ctypes.ArgumentError: "argument 2: TypeError: ...")
    into a TypeError naming the parameter."""
    text = str(exc)
    param = None
    if text.startswith("argument "):
        try:
            index = int(text[9:text.index(":")]) - 1
            param = names[index]
            text = text[text.index(":") + 1:].strip()
        except (ValueError, IndexError):
            pass
    # A str the FFI encodes itself (Utf8Arg) that is not valid UTF-8 (a lone surrogate): CPython
    # names the exception in the text, PyPy chains it.
    cls = ValueError if (text.startswith("UnicodeEncodeError") or
                         isinstance(exc.__context__, UnicodeEncodeError)) else TypeError
    if param is None:
        return cls("%s(): %s" % (func, text))
    return cls("%s() argument '%s': %s" % (func, param, text))


def utf8_in(value, nullable, func, param):
    """The slow path of a str argument: None, str subclasses, NUL bytes, wrong types."""
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be str, not None" % (func, param))
    if not isinstance(value, str):
        raise TypeError("%s() argument '%s' must be str, not %s" % (func, param, _tname(value)))
    if "\0" in value:
        raise ValueError("%s() argument '%s' contains an embedded null character" % (func, param))
    try:
        return value.encode()
    except UnicodeEncodeError as e:
        raise ValueError("%s() argument '%s' is not valid UTF-8: %s" % (func, param, e)) from None


def utf8_check(value, func, param):
    """The slow path of a str argument the FFI encodes itself (ctypes' Utf8Arg): raises for
    everything but a str (subclasses included) without NUL that encodes to UTF-8."""
    utf8_in(value, False, func, param)


def utf8_in_full(value, nullable, func, param):
    """A str argument whose ownership C takes: a g_strdup'ed copy."""
    b = utf8_in(value, nullable, func, param)
    return None if b is None else _c.g_strdup(b)


def _writable_copy(b):
    """A Python-owned, NUL-terminated copy of b: (address, keepalive)."""
    keep, addr = _c.alloc(len(b) + 1)
    _memmove(addr, b, len(b))
    return addr, keep


def utf8_in_copy(value, nullable, func, param):
    """A str for a non-const ``gchar *`` parameter, which C may write into: the address of a
    copy, never the buffer of the encoded bytes (for a one-character ASCII str that is an
    object the whole interpreter shares). Returns (address or None, keepalive)."""
    b = utf8_in(value, nullable, func, param)
    return (None, None) if b is None else _writable_copy(b)


def filename_in(value, nullable, func, param):
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be str, bytes or os.PathLike, not None" % (func, param))
    try:
        b = _fsencode(value)
    except TypeError:
        raise TypeError("%s() argument '%s' must be str, bytes or os.PathLike, not %s"
                        % (func, param, _tname(value))) from None
    if b"\0" in b:
        raise ValueError("%s() argument '%s' contains an embedded null byte" % (func, param))
    return b


def filename_in_full(value, nullable, func, param):
    b = filename_in(value, nullable, func, param)
    return None if b is None else _c.g_strdup(b)


def filename_in_copy(value, nullable, func, param):
    """A filename for a non-const ``gchar *`` parameter (see utf8_in_copy)."""
    b = filename_in(value, nullable, func, param)
    return (None, None) if b is None else _writable_copy(b)


def unichar_in(value, func, param):
    if isinstance(value, str) and len(value) == 1:
        return ord(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0x10FFFF:
        return value
    raise TypeError("%s() argument '%s' must be a str of length 1, not %s" % (func, param, _tname(value)))


def unichar_out(value):
    try:
        return chr(value)
    except (ValueError, OverflowError):
        return "\ufffd"


def gtype_in(value, func, param):
    """A GType argument: a GType (int), or a class or object with a __gtype__."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < 1 << 64:
            raise OverflowError("%s() argument '%s': %d is not a GType" % (func, param, value))
        return value
    g = getattr(value, "__gtype__", None)
    if isinstance(g, int):
        return g
    raise TypeError("%s() argument '%s' must be a GType, not %s" % (func, param, _tname(value)))


def gtype_out(value):
    return GType(value)


def pointer_in(value, func, param, nullable=True):
    """gpointer: an address (int), or None where the parameter is nullable; wrappers pass their
    C pointer."""
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be an address (int), not None" % (func, param))
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < 1 << 64:
            raise OverflowError("%s() argument '%s': %d is not an address" % (func, param, value))
        return value
    p = getattr(value, "_ptr", None)
    if isinstance(p, int):
        return p
    raise TypeError("%s() argument '%s' must be an address (int) or None, not %s"
                    % (func, param, _tname(value)))


def enum_in(value, cls, func, param):
    """The slow path of an argument of an enum with a GType (the fast path passed plain ints that
    are values of the enum): one of the enum's values, as an int. C functions take the value to
    be valid (g_enum_get_value returns NULL for another one)."""
    if value.__class__ is cls:
        return value._value_
    if value.__class__ is not int:
        value = int_in(value, func, param)
    if value in cls._value2member_map_:
        return value
    if not -(1 << 31) <= value <= (1 << 32) - 1:
        raise overflow(value, "gint" if value < 0 else "guint", func, param)
    raise ValueError("%s() argument '%s': %d is not a valid %s.%s"
                     % (func, param, value, cls.__module__.rsplit(".", 1)[-1], cls.__qualname__))


def bytes_ref(b):
    """(address, keepalive) of a NUL-terminated copy of bytes `b` for C; the keepalive must live
    as long as C uses the address. On CPython the address is b's own buffer (the keepalive holds
    b); PyPy's ctypes copies the bytes into memory the keepalive owns, so keeping `b` alone
    would leave C a dangling pointer."""
    if b is None:
        return None, None
    import ctypes
    cp = ctypes.c_char_p(b)
    return ctypes.cast(cp, ctypes.c_void_p).value, cp


# --- instances by memory kind ----------------------------------------------------------


class Opaque:
    """Instances of unregistered classes without ref/unref: borrowed pointers."""

    __slots__ = ("_ptr", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("%s cannot be constructed directly" % type(self).__qualname__)


def _instance_ptr(value, cls, nullable, func, param):
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be %s, not None" % (func, param, cls.__name__))
    if not isinstance(value, cls):
        raise TypeError("%s() argument '%s' must be %s, not %s" % (func, param, cls.__name__, _tname(value)))
    p = getattr(value, "_ptr", None)
    if not p:
        raise ValueError("%s() argument '%s': the %s has been destroyed or is not initialised"
                         % (func, param, cls.__name__))
    return p


_vfunc_offsets = {}  # (class struct class, slot) -> offset, or -1 when the layout is unknown


def vfunc_missing(obj, struct_cls, slot):
    """Is the virtual method `slot` NULL in obj's class struct (struct_cls describes it)?"""
    key = (struct_cls, slot)
    off = _vfunc_offsets.get(key)
    if off is None:
        layout = struct_cls._layout_
        if layout is None:
            off = -1
        else:
            f = getattr(layout, "_field_offset_", None)
            off = f(slot) if f is not None else getattr(layout, slot).offset
        _vfunc_offsets[key] = off
    if off < 0:
        return False
    return not _c.read_pointer(_c.read_pointer(obj._ptr) + off)


def uninitialised(exc, obj, func):
    """The error for an AttributeError raised by a generated method's call: the ValueError of a
    wrapper without a C instance (``Cls.__new__(Cls)``) when `self` has no ``_ptr``, else exc."""
    try:
        obj._ptr
    except AttributeError:
        return ValueError("%s() argument 'self': the %s has been destroyed or is not initialised"
                          % (func, type(obj).__name__))
    return exc


def self_error(value, cls, func):
    """The error for a method called unbound on an instance of another type."""
    return TypeError("%s() argument 'self' must be %s, not %s" % (func, cls.__name__, _tname(value)))


def instance_in(value, cls, nullable, func, param):
    """Pointer of a wrapper of class `cls` (checked), borrowed for the call."""
    if value.__class__ is cls:
        try:
            p = value._ptr
        except AttributeError:   # never initialised: _instance_ptr raises the ValueError
            p = None
        if p:
            return p
    return _instance_ptr(value, cls, nullable, func, param)


def instance_in_full(value, cls, nullable, func, param):
    """Pointer with a new reference/copy that C takes over (transfer full)."""
    p = _instance_ptr(value, cls, nullable, func, param)
    if p is None:
        return None
    if isinstance(value, Object):
        return _c.g_object_ref(p)
    if isinstance(value, Fundamental):
        return type(value)._ref_func_(p)
    if isinstance(value, Boxed):
        return _w.boxed_to_full(value)
    return p


def instance_out(cls, p, transfer):
    """Wrapper for a pointer returned by C, by the class's memory kind."""
    if not p:
        return None
    if issubclass(cls, (Object, Interface)):
        return _w.object_from_none(p) if transfer == 0 else _w.object_from_full(p)
    if issubclass(cls, Boxed):
        return _w.boxed_from_none(cls, p) if transfer == 0 else _w.boxed_from_full(cls, p)
    if issubclass(cls, Fundamental):
        return _w.fundamental_from_none(cls, p) if transfer == 0 else _w.fundamental_from_full(cls, p)
    w = object.__new__(cls)
    w._ptr = p
    return w


def record_new(cls):
    """A zeroed, Python-owned struct for a caller-allocates out parameter."""
    if not cls._size_:
        raise TypeError("%s has no known size; it cannot be allocated by the caller" % cls.__qualname__)
    return _w.record_alloc(cls)


def embedded_struct(obj, cls, name):
    """A struct embedded by value in obj's struct (field `name`): a wrapper of cls sharing the
    parent's memory, which it keeps alive; changes go to the parent."""
    layout = type(obj)._layout_
    off = getattr(layout, "_field_offset_", None)
    offset = off(name) if off is not None else getattr(layout, name).offset
    w = object.__new__(cls)
    w._ptr = obj._ptr + offset
    w._own = _w.OWN_NONE
    w._buf = obj
    return w


def enum_out(cls, value):
    return cls._value2member_map_.get(value, value)


def flags_out(cls, value):
    m = cls._value2member_map_.get(value)
    return m if m is not None else cls(value)


utf8_from_none = _co.utf8_from_none
utf8_from_full = _co.utf8_from_full
filename_from_none = _co.filename_from_none
filename_from_full = _co.filename_from_full


# --- GArray / GPtrArray / GByteArray ---------------------------------------------------


def _glib_fn(name, restype, *argtypes):
    """A GLib function from the core, or bound here with ctypes when the core lacks it."""
    f = getattr(_c, name, None)
    if f is not None:
        return f
    import ctypes
    f = getattr(ctypes.CDLL("libglib-2.0.so.0"), name)
    f.restype = restype
    f.argtypes = argtypes
    return f


class _GArrays:
    """GArray family functions, bound on first use."""

    def __getattr__(self, name):
        import ctypes
        P, U = ctypes.c_void_p, ctypes.c_uint
        protos = {
            "g_array_new": (P, ctypes.c_int, ctypes.c_int, U),
            "g_array_sized_new": (P, ctypes.c_int, ctypes.c_int, U, U),
            "g_ptr_array_new_full": (P, U, P),
            "g_array_append_vals": (P, P, P, U),
            "g_array_unref": (None, P),
            "g_ptr_array_new": (P,),
            "g_ptr_array_add": (None, P, P),
            "g_ptr_array_unref": (None, P),
            "g_byte_array_new": (P,),
            "g_byte_array_append": (P, P, ctypes.c_char_p, U),
            "g_byte_array_unref": (None, P),
        }
        restype, *argtypes = protos[name]
        f = _glib_fn(name, restype, *argtypes)
        setattr(self, name, f)
        return f


_ga = _GArrays()


# --- element conversions for containers -------------------------------------------------

_NUMERIC = {
    "bool": _c.KIND_BOOLEAN, "i8": _c.KIND_INT8, "u8": _c.KIND_UINT8, "i16": _c.KIND_INT16,
    "u16": _c.KIND_UINT16, "i32": _c.KIND_INT32, "u32": _c.KIND_UINT32, "i64": _c.KIND_INT64,
    "u64": _c.KIND_UINT64, "f32": _c.KIND_FLOAT, "f64": _c.KIND_DOUBLE, "gtype": _c.KIND_GTYPE,
    "unichar": _c.KIND_UNICHAR,
}
_RANGES = {
    "i8": (-(1 << 7), (1 << 7) - 1), "u8": (0, (1 << 8) - 1), "i16": (-(1 << 15), (1 << 15) - 1),
    "u16": (0, (1 << 16) - 1), "i32": (-(1 << 31), (1 << 31) - 1), "u32": (0, (1 << 32) - 1),
    "i64": (-(1 << 63), (1 << 63) - 1), "u64": (0, (1 << 64) - 1),
}
_PTR_MASK = (1 << (8 * _c.POINTER_SIZE)) - 1
# Integers small enough for GINT_TO_POINTER in pointer-sized slots (GList, GHashTable, GPtrArray):
# spec -> (bits, signed).
_SMALL_INTS = {"i8": (8, True), "u8": (8, False), "i16": (16, True), "u16": (16, False),
               "i32": (32, True), "u32": (32, False), "unichar": (32, False)}
# Values that do not fit a pointer: stored through a pointer to a g_malloc'ed value, as GI does.
_HEAP_NUMBERS = {"i64": _c.KIND_INT64, "u64": _c.KIND_UINT64, "f32": _c.KIND_FLOAT,
                 "f64": _c.KIND_DOUBLE}
_FLT_MAX = 3.4028234663852886e38


_INF = float("inf")


def _elem_in(spec, transfer, func, param):
    """Python value -> C element (number or address); with transfer full, C owns the result."""
    if isinstance(spec, str):
        if spec in _RANGES:
            lo, hi = _RANGES[spec]

            def conv(v):
                if v.__class__ is not int:
                    v = int_in(v, func, param)
                if not lo <= v <= hi:
                    raise overflow(v, spec, func, param)
                return v
            return conv
        if spec == "bool":
            return lambda v: 1 if v else 0
        if spec in ("f32", "f64"):
            single = spec == "f32"
            return lambda v: float_in(v, single, func, param)
        if spec == "unichar":
            return lambda v: unichar_in(v, func, param)
        if spec == "gtype":
            return lambda v: gtype_in(v, func, param)
        if spec == "utf8":
            return lambda v: _c.g_strdup(utf8_in(v, True, func, param))
        if spec == "filename":
            return lambda v: _c.g_strdup(filename_in(v, True, func, param))
        if spec == "error":
            return lambda v: error_in(v, True, func, param)
        return lambda v: pointer_in(v, func, param)
    kind, cls = spec
    if kind == "enum":
        return _elem_in("i32", transfer, func, param)
    if kind == "flags":
        return _flags_elem_in(func, param)
    if kind == "ptr":
        return lambda v: pointer_in(v, func, param)
    if kind == "gvalue":
        # Only transfer-none GValue pointers: the caller keeps the Value alive (see _ptr_elem_in).
        return lambda v: _value_ptr(v, func, param)[0]
    # Container elements are not nullable (GI has no annotation for it), as in PyGObject.
    if transfer == 2:
        return lambda v: instance_in_full(v, cls(), False, func, param)
    return lambda v: instance_in(v, cls(), False, func, param)


def _flags_elem_in(func, param):
    def conv(v):
        if v.__class__ is not int:
            v = int_in(v, func, param)
        if not -(1 << 31) <= v <= (1 << 32) - 1:
            raise overflow(v, "guint", func, param)
        return v & 0xFFFFFFFF
    return conv


def _signed(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def _elem_out(spec, transfer):
    """C element -> Python value; transfer 2 (full) means the element's ownership is ours."""
    if isinstance(spec, str):
        if spec in _NUMERIC:
            if spec == "bool":
                return lambda v: v != 0
            if spec == "unichar":
                return unichar_out
            if spec == "gtype":
                return GType
            return None
        if spec == "utf8":
            return _co.utf8_from_full if transfer == 2 else _co.utf8_from_none
        if spec == "filename":
            return _co.filename_from_full if transfer == 2 else _co.filename_from_none
        if spec == "error":
            return lambda p: error_out(p, transfer)
        return lambda p: p or None
    kind, cls = spec
    if kind == "enum":
        return lambda v: enum_out(cls(), v)
    if kind == "flags":
        return lambda v: flags_out(cls(), v & 0xFFFFFFFF)
    if kind == "ptr":
        return lambda p: p or None
    if kind == "gvalue":
        return lambda p: value_out(p, 2 if transfer == 2 else 0)
    t = 2 if transfer == 2 else 0
    return lambda p: instance_out(cls(), p, t)


def _ptr_elem_in(spec, transfer, func, param, keep):
    """For elements stored in pointer-sized slots (GList, GSList, GHashTable, GPtrArray):
    (conv, free) where conv(value) gives the slot's value and free is the GDestroyNotify
    address of what conv allocated (None when elements are numbers or borrowed: Python objects
    they point into are appended to `keep`, which must outlive the C call)."""
    if isinstance(spec, str):
        if spec in _HEAP_NUMBERS:
            kind = _HEAP_NUMBERS[spec]
            num = _elem_in(spec, 0, func, param)
            return (lambda v: _c.array_new_gmalloc([num(v)], kind)), _c.G_FREE
        if spec in _SMALL_INTS or spec in ("bool", "gtype"):
            num = _elem_in(spec, 0, func, param)
            return (lambda v: num(v) & _PTR_MASK), None
        if spec in ("utf8", "filename"):
            enc = utf8_in if spec == "utf8" else filename_in
            if transfer == 2:
                return (lambda v: _c.g_strdup(enc(v, True, func, param))), _c.G_FREE

            def borrowed(v):
                addr, k = bytes_ref(enc(v, True, func, param))
                keep.append(k)
                return addr
            return borrowed, None
        return _elem_in(spec, transfer, func, param), None
    kind, cls = spec
    if kind in ("enum", "flags"):
        num = _elem_in(spec, 0, func, param)
        return (lambda v: num(v) & _PTR_MASK), None
    if kind == "gvalue":
        def gvalue(v):
            p, k = _value_ptr(v, func, param)
            keep.append(k)
            return p
        return gvalue, None
    if kind in ("object", "fundamental", "boxed") and transfer != 2:
        conv = _elem_in(spec, 0, func, param)

        def borrowed_instance(v):
            keep.append(v)
            return conv(v)
        return borrowed_instance, None
    if kind == "object":
        return _elem_in(spec, 2, func, param), _c.G_OBJECT_UNREF
    return _elem_in(spec, transfer, func, param), None


def _ptr_elem_out(spec, transfer):
    """Slot value of a pointer-stored element -> Python value (transfer 2: the element is ours)."""
    if isinstance(spec, str):
        if spec in _HEAP_NUMBERS:
            kind = _HEAP_NUMBERS[spec]

            def heap(p):
                if not p:
                    return 0
                v = _c.array_read(p, 1, kind)[0]
                if transfer == 2:
                    _c.g_free(p)
                return v
            return heap
        small = _SMALL_INTS.get(spec)
        if small is not None:
            bits, signed = small
            if spec == "unichar":
                return lambda p: unichar_out((p or 0) & 0xFFFFFFFF)
            if signed:
                return lambda p: _signed(p or 0, bits)
            mask = (1 << bits) - 1
            return lambda p: (p or 0) & mask
        if spec == "bool":
            return lambda p: bool(p)
        if spec == "gtype":
            return lambda p: GType(p or 0)
        return _elem_out(spec, transfer)
    kind, cls = spec
    if kind == "enum":
        return lambda p: enum_out(cls(), _signed(p or 0, 32))
    if kind == "flags":
        return lambda p: flags_out(cls(), (p or 0) & 0xFFFFFFFF)
    return _elem_out(spec, transfer)


def _elem_kind(spec):
    if isinstance(spec, str):
        return _NUMERIC.get(spec, _c.KIND_POINTER)
    if spec[0] == "enum":
        return _c.KIND_INT32
    if spec[0] == "flags":
        return _c.KIND_UINT32
    return _c.KIND_POINTER


class _Keep:
    """Keeps C memory made for one call alive, and frees what C did not take when it dies."""

    __slots__ = ("refs", "free")

    def __init__(self, refs, free=None):
        self.refs = refs
        self.free = free

    def __del__(self):
        f = self.free
        if f is not None:
            self.free = None
            f()


def _memmove(dst, src, n):
    import ctypes
    ctypes.memmove(dst, src, n)


def _struct_size(cls, func, param):
    size = cls._size_
    if not size:
        raise TypeError("%s() argument '%s': the size of %s is not known, so an array of it "
                        "cannot be built" % (func, param, cls.__qualname__))
    return size


def _inline_in(items, elem, transfer, zero_terminated, func, param, gmalloc):
    """Structs by value, laid out one after the other: (address, keepalive, count).
    Elements are copied bit for bit (what C gets is a shallow copy of each struct)."""
    kind, clsf = elem
    cls = clsf()
    n = len(items)
    if kind == "gvalue":
        size = _gv.GVALUE_SIZE
        total = size * (n + (1 if zero_terminated else 0)) or size
        if gmalloc:
            addr, keep = _c.g_malloc0(total), None
        else:
            keep, addr = _c.alloc(total)
        for i, v in enumerate(items):
            try:
                if isinstance(v, _gv.Value):
                    _c.g_value_init(addr + i * size, v.g_type)
                    _c.g_value_copy(v._ptr, addr + i * size)
                else:
                    _gv.value_init_set(addr + i * size, _gv._guess_gtype(v), v)
            except (TypeError, ValueError, OverflowError) as e:
                for j in range(i):
                    _c.g_value_unset(addr + j * size)
                if gmalloc:
                    _c.g_free(addr)
                raise type(e)("%s() argument '%s': item %d: %s" % (func, param, i, e)) from None
        if gmalloc:
            return addr, None, n

        def unset():
            for j in range(n):
                _c.g_value_unset(addr + j * size)
        return addr, _Keep(keep, unset), n
    size = _struct_size(cls, func, param)
    ptrs = [instance_in(v, cls, False, func, param) for v in items]
    total = size * (n + (1 if zero_terminated else 0)) or size
    if gmalloc:
        addr, keep = _c.g_malloc0(total), None
    else:
        keep, addr = _c.alloc(total)
    for i, p in enumerate(ptrs):
        _memmove(addr + i * size, p, size)
    return addr, _Keep((keep, items)), n


def _inline_out(p, n, elem, transfer):
    """n structs by value at p -> list of wrappers owning their own copy."""
    kind, clsf = elem
    cls = clsf()
    if kind == "gvalue":
        size = _gv.GVALUE_SIZE
        return [_gv.value_get(p + i * size) for i in range(n)]
    size = cls._size_
    if not size:
        raise TypeError("the size of %s is not known: an array of it cannot be read"
                        % cls.__qualname__)
    out = []
    for i in range(n):
        a = p + i * size
        if cls._acquire_ is not None:
            out.append(_w.boxed_from_full(cls, cls._acquire_(a)))
        else:
            w = _w.record_alloc(cls)
            _memmove(w._ptr, a, size)
            out.append(w)
    return out


def _inline_zero_length(p, size):
    n = 0
    zero = bytes(size)
    while _c.string_at(p + n * size, size) != zero:
        n += 1
    return n


def _inline_size(elem):
    kind, clsf = elem
    return _gv.GVALUE_SIZE if kind == "gvalue" else clsf()._size_


def array_in(value, spec, transfer, nullable, func, param):
    """A sequence as a C array (or GArray/GPtrArray/GByteArray): (address, keepalive)."""
    if value is None:
        if nullable:
            return None, None
        raise TypeError("%s() argument '%s' must be a sequence, not None" % (func, param))
    akind, elem, zero_terminated, fixed, inline = spec
    # Fast path: a list or tuple of ints for a borrowed C array of integers. min/max check the
    # range in C; the FFI's array constructor checks the element types; anything unusual falls
    # through to the element-by-element path, which reports errors precisely.
    cls = value.__class__
    if (cls is list or cls is tuple) and akind == "c" and transfer == 0 and elem.__class__ is str:
        bounds = _RANGES.get(elem)
        if bounds is not None and (fixed < 0 or len(value) == fixed):
            try:
                if not value or (bounds[0] <= min(value) and max(value) <= bounds[1]):
                    keep, addr = _c.array_new(value, _NUMERIC[elem], zero_terminated)
                    return addr, keep
            except TypeError:
                pass
    if isinstance(value, (bytes, bytearray)) and elem in ("u8", "i8"):
        items = list(value)
    else:
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
            raise TypeError("%s() argument '%s' must be a sequence, not %s" % (func, param, _tname(value)))
        items = list(value)
    if fixed >= 0 and len(items) != fixed:
        raise ValueError("%s() argument '%s' must have %d elements, not %d" % (func, param, fixed, len(items)))
    if inline:
        if akind == "c":
            addr, keep, n = _inline_in(items, elem, transfer, zero_terminated, func, param, transfer != 0)
            return addr, keep
        if akind == "garray":
            addr, keep, n = _inline_in(items, elem, 0, False, func, param, False)
            size = _inline_size(elem)
            ga = _ga.g_array_sized_new(1 if zero_terminated else 0, 1, size, n)
            if n:
                _ga.g_array_append_vals(ga, addr, n)
            if keep is not None and elem[0] == "gvalue":
                keep.free = None  # the GArray now holds the (shallow-copied) values
            return ga, _Keep(keep, None if transfer else (lambda: _ga.g_array_unref(ga)))
    refs = []
    if akind == "ptrarray":
        conv, free = _ptr_elem_in(elem, transfer, func, param, refs)
        vals = _convert_all(items, conv, free if free is not None else _owned_release(elem, transfer))
        pa = _ga.g_ptr_array_new_full(len(vals), free if transfer != 2 else None)
        for v in vals:
            _ga.g_ptr_array_add(pa, v)
        return pa, _Keep(refs, None if transfer else (lambda: _ga.g_ptr_array_unref(pa)))
    kind = _elem_kind(elem)
    full_elems = transfer == 2
    if isinstance(elem, str) and elem in ("utf8", "filename") and not full_elems:
        # Borrowed strings: keep Python bytes alive instead of copying.
        enc = utf8_in if elem == "utf8" else filename_in
        refs_ = [bytes_ref(enc(v, True, func, param)) for v in items]
        vals = [a for a, _ in refs_]
        raw = [k for _, k in refs_]
    elif not isinstance(elem, str) and elem[0] in ("object", "fundamental", "boxed") and not full_elems:
        conv = _elem_in(elem, 0, func, param)
        raw = items
        vals = [conv(v) for v in items]
    else:
        raw = None
        conv = _elem_in(elem, 2 if full_elems else 0, func, param)
        vals = _convert_all(items, conv, _owned_release(elem, 2 if full_elems else 0)) \
            if conv is not None else items
    if akind == "c":
        if transfer == 0:
            keep, addr = _c.array_new(vals, kind, zero_terminated)
            return addr, _Keep((keep, raw))
        addr = _c.array_new_gmalloc(vals, kind, zero_terminated)
        return addr, _Keep(raw)
    if akind == "bytearray":
        data = bytes(vals)
        ba = _ga.g_byte_array_new()
        _ga.g_byte_array_append(ba, data, len(data))
        return ba, _Keep(raw, None if transfer else (lambda: _ga.g_byte_array_unref(ba)))
    # GArray
    size = _c.kind_size(kind)
    ga = _ga.g_array_sized_new(1 if zero_terminated else 0, 0, size, len(vals))
    if vals:
        keep, addr = _c.array_new(vals, kind, False)
        _ga.g_array_append_vals(ga, addr, len(vals))
    return ga, _Keep(raw, None if transfer else (lambda: _ga.g_array_unref(ga)))


def array_new_out(spec, func):
    """An empty GArray for a caller-allocates out parameter: (address, keepalive)."""
    akind, elem, zero_terminated, fixed, inline = spec
    if akind != "garray":
        raise NotImplementedError("%s(): caller-allocated %s out parameters are not supported"
                                  % (func, akind))
    size = _inline_size(elem) if inline else _c.kind_size(_elem_kind(elem))
    ga = _ga.g_array_sized_new(1 if zero_terminated else 0, 1, size, 0)
    return ga


def array_out(p, n, spec, transfer):
    """A C array (or GArray/GPtrArray/GByteArray) as a list (bytes for guint8 C arrays)."""
    akind, elem, zero_terminated, fixed, inline = spec
    if not p:
        if akind == "c" and (zero_terminated or fixed >= 0 or (n is not None and n >= 0)):
            return []
        return None
    if akind == "c":
        if n is None or n < 0:
            if fixed >= 0:
                n = fixed
            elif zero_terminated:
                n = (_inline_zero_length(p, _inline_size(elem)) if inline
                     else _c.array_length_zero_terminated(p, _elem_kind(elem)))
            else:
                raise TypeError("the length of a returned C array is unknown")
        try:
            if inline:
                return _inline_out(p, n, elem, transfer)
            kind = _elem_kind(elem)
            vals = _c.array_read(p, n, kind)
            if elem == "u8":
                return bytes(vals)
            conv = _elem_out(elem, 2 if transfer == 2 else 0)
            return [conv(v) for v in vals] if conv is not None else vals
        finally:
            if transfer != 0:
                _c.g_free(p)
    data, length = _c.read_pointer(p), _c.read_u32(p + _c.POINTER_SIZE)
    try:
        if akind == "bytearray":
            return bytes(_c.array_read(data, length, _c.KIND_UINT8)) if length else b""
        if akind == "ptrarray":
            conv = _ptr_elem_out(elem, 2 if transfer == 2 else 0)
            return [conv(v) for v in _c.array_read(data, length, _c.KIND_POINTER)]
        if inline:
            return _inline_out(data, length, elem, transfer) if length else []
        kind = _elem_kind(elem)
        vals = _c.array_read(data, length, kind)
        conv = _elem_out(elem, 2 if transfer == 2 else 0)
        return [conv(v) for v in vals] if conv is not None else vals
    finally:
        if transfer != 0:
            unref = {"garray": _ga.g_array_unref, "ptrarray": _ga.g_ptr_array_unref,
                     "bytearray": _ga.g_byte_array_unref}[akind]
            unref(p)


def _sequence(value, nullable, func, param):
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be a sequence, not None" % (func, param))
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise TypeError("%s() argument '%s' must be a sequence, not %s" % (func, param, _tname(value)))
    return list(value)


def list_in(value, single, elem, transfer, nullable, func, param):
    """A sequence as a GList/GSList: (address, keepalive that frees it unless C took it)."""
    items = _sequence(value, nullable, func, param)
    if items is None:
        return None, None
    refs = []
    conv, free = _ptr_elem_in(elem, transfer, func, param, refs)
    vals = _convert_all(items, conv, free if free is not None else _owned_release(elem, transfer))
    p = (_co.list_to_gslist if single else _co.list_to_glist)(vals)
    if transfer == 2:
        return p, None
    if transfer == 1:
        # C frees the list; the elements are ours (borrowed, or freed here after the call).
        if free is None:
            return p, _Keep(refs)
        return p, _Keep(refs, lambda: [_free_addr(free, v) for v in vals])
    lfree = _co.gslist_free if single else _co.glist_free
    return p, _Keep(refs, lambda: lfree(p, free))


def _convert_all(items, conv, free):
    """[conv(v) for v in items]; when one fails, what conv made of the others (strings
    g_strdup'ed, references and copies taken for C) is released with `free`: a GDestroyNotify
    address (G_FREE, G_OBJECT_UNREF) or a Python callable taking the address."""
    if free is None:
        return [conv(v) for v in items]
    vals = []
    try:
        for v in items:
            vals.append(conv(v))
    except BaseException:
        for v in vals:
            if v:
                if callable(free):
                    free(v)
                else:
                    _free_addr(free, v)
        raise
    return vals


def _owned_release(spec, transfer):
    """How to release an element _elem_in(spec, transfer) made for C to own, on the error path
    (None where it owns nothing: numbers, borrowed pointers)."""
    if transfer != 2:
        return None
    if isinstance(spec, str):
        return _c.G_FREE if spec in ("utf8", "filename") else None
    kind, clsf = spec
    if kind == "object":
        return _c.G_OBJECT_UNREF
    if kind not in ("boxed", "fundamental"):
        return None

    def release(p):
        # As instance_in_full took it (a GLib.Variant is a "boxed" record there, a Fundamental here).
        cls = clsf()
        if issubclass(cls, Object):
            _c.g_object_unref(p)
        elif issubclass(cls, Fundamental):
            cls._unref_func_(p)
        elif issubclass(cls, Boxed) and cls._release_ is not None:
            cls._release_(p)
    return release


def _free_addr(free, v):
    if not v:
        return
    if free == _c.G_FREE:
        _c.g_free(v)
    elif free == _c.G_OBJECT_UNREF:
        _c.g_object_unref(v)


def list_out(p, single, elem, transfer):
    conv = _ptr_elem_out(elem, transfer)
    return (_co.gslist_to_list if single else _co.glist_to_list)(p, conv, transfer)


_HASH_FUNCS = {}


def _hash_funcs(kspec):
    """(hash, equal) function addresses for a key spec."""
    if kspec in ("utf8", "filename"):
        return _c.G_STR_HASH, _c.G_STR_EQUAL
    if kspec in ("i64", "u64", "f64", "f32"):
        f = _HASH_FUNCS.get(kspec)
        if f is None:
            import ctypes
            lib = ctypes.CDLL("libglib-2.0.so.0")
            names = ("g_int64_hash", "g_int64_equal") if kspec[0] in "iu" else \
                ("g_double_hash", "g_double_equal")
            f = tuple(ctypes.cast(getattr(lib, n), ctypes.c_void_p).value for n in names)
            _HASH_FUNCS[kspec] = f
        return f
    return _c.G_DIRECT_HASH, _c.G_DIRECT_EQUAL


def hash_in(value, kspec, vspec, transfer, nullable, func, param):
    """A dict as a GHashTable: (address, keepalive that unrefs it unless C took it)."""
    if value is None:
        if nullable:
            return None, None
        raise TypeError("%s() argument '%s' must be a dict, not None" % (func, param))
    if not isinstance(value, dict):
        raise TypeError("%s() argument '%s' must be a dict, not %s" % (func, param, _tname(value)))
    refs = []
    t = 2 if transfer == 2 else 0
    kconv, kfree = _ptr_elem_in(kspec, t, func, param, refs)
    vconv, vfree = _ptr_elem_in(vspec, t, func, param, refs)
    h, eq = _hash_funcs(kspec)
    # str and 64-bit keys are hashed through the pointer: a NULL key would crash g_str_hash & co.
    keys_deref = h != _c.G_DIRECT_HASH
    pairs = []
    try:
        for k, v in value.items():
            ck = kconv(k)
            if keys_deref and not ck:
                raise TypeError("%s() argument '%s': a key must not be None" % (func, param))
            try:
                cv = vconv(v)
            except BaseException:
                _free_addr(kfree, ck)
                raise
            pairs.append((ck, cv))
    except BaseException:
        for ck, cv in pairs:
            _free_addr(kfree, ck)
            _free_addr(vfree, cv)
        raise
    table = _c.g_hash_table_new_full(h, eq, kfree, vfree)
    for ck, cv in pairs:
        _c.g_hash_table_insert(table, ck, cv)
    if transfer:
        # C owns the table; with transfer container the elements stay ours (kept for the call).
        return table, _Keep(refs)
    return table, _Keep(refs, lambda: _c.g_hash_table_unref(table))


def hash_out(p, kspec, vspec, transfer):
    if not p:
        return None  # unlike an empty GList, a NULL GHashTable is no table (as in PyGObject)
    return _co.ghashtable_to_dict(p, _ptr_elem_out(kspec, 0), _ptr_elem_out(vspec, 0), transfer)


def error_in(value, nullable, func, param):
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be GLib.Error, not None" % (func, param))
    if not isinstance(value, _er.Error):
        raise TypeError("%s() argument '%s' must be GLib.Error, not %s" % (func, param, _tname(value)))
    return _er.gerror_new(value)


def error_out(p, transfer):
    if not p:
        return None
    if transfer == 0:
        p = _c.g_error_copy(p)
    return _er.take_gerror(p)


# --- GValue and GClosure ----------------------------------------------------------------

Value = _gv.Value


def _value_ptr(v, func, param):
    """A ``GValue *`` for a Value or a plain Python value: (address, keepalive)."""
    if isinstance(v, Value):
        p = getattr(v, "_ptr", 0)
        if not p:
            raise ValueError("%s() argument '%s': the GObject.Value has been destroyed or is not "
                             "initialised" % (func, param))
        if not _c.gvalue_type(p):
            raise TypeError("%s() argument '%s': the GObject.Value is not initialized" % (func, param))
        return p, v
    try:
        t = _gv._guess_gtype(v)
        tmp = Value(t, None)
        tmp.set_value(v)
    except (TypeError, ValueError, OverflowError) as e:
        if v is None:
            raise TypeError("%s() argument '%s' must be GObject.Value or a value, not None"
                            % (func, param)) from None
        raise type(e)("%s() argument '%s': %s" % (func, param, e)) from None
    return tmp._ptr, tmp


def value_in(v, nullable, transfer, func, param):
    """A GValue argument: (address, keepalive). With transfer full C gets its own copy."""
    if v is None and nullable:
        return None, None
    p, keep = _value_ptr(v, func, param)
    if transfer:
        return _c.g_boxed_copy(_gv.TYPE_VALUE, p), None
    return p, keep


def value_out(p, transfer):
    """The Python value held by a returned ``GValue *`` (freed with transfer full)."""
    if not p:
        return None
    try:
        return _gv.value_get(p)
    finally:
        if transfer:
            _c.g_boxed_free(_gv.TYPE_VALUE, p)


def value_new():
    """Zeroed, Python-owned GValue storage for a caller-allocates out parameter."""
    return Value()


def value_take(v):
    """The Python value of a caller-allocated GValue filled by C (unset afterwards)."""
    if not _c.gvalue_type(v._ptr):
        return None
    try:
        return _gv.value_get(v._ptr)
    finally:
        _c.g_value_unset(v._ptr)


def closure_in(func, cls, nullable, transfer, fname, param):
    """A ``GClosure *`` argument: a GObject.Closure, or a Python callable wrapped in a new
    closure calling func(*args) (arguments and return value converted through GValues)."""
    if func is None:
        if nullable:
            return None, None
        raise TypeError("%s() argument '%s' must be callable, not None" % (fname, param))
    if isinstance(func, Boxed):
        p = instance_in(func, cls, nullable, fname, param)
        return (_c.g_closure_ref(p) if transfer else p), func
    if not callable(func):
        raise TypeError("%s() argument '%s' must be callable, not %s" % (fname, param, _tname(func)))
    closure = _sig.closure_new(func)
    _c.g_closure_ref(closure)
    _c.g_closure_sink(closure)
    if transfer:
        return closure, None  # our reference goes to C
    return closure, _Keep(None, lambda: _c.g_closure_unref(closure))


# --- signals with GIR-typed arguments ---------------------------------------------------

_GVALUE_SIZE = _gv.GVALUE_SIZE
_value_get = _gv.value_get
value_set = _gv.value_set


def signal_arg(params, i):
    """Python value of the signal's GValue argument i (0: the instance)."""
    return _value_get(params + i * _GVALUE_SIZE)


def signal_ptr(params, i):
    """The pointer held by the signal's GValue argument i (a pointer, boxed or object)."""
    return _c.g_value_peek_pointer(params + i * _GVALUE_SIZE)


def gvalue_pointer(v):
    """The pointer a GValue holds (G_TYPE_POINTER, boxed or object types), or None."""
    return _c.g_value_peek_pointer(v) or None


def gvalue_holds_pointer(v):
    return _gt.fundamental(_c.gvalue_type(v)) == _gt.TYPE_POINTER


def gvalue_take_boxed(v, p):
    """Give a boxed value (a reference, a container with its elements) to a GValue."""
    _c.g_value_take_boxed(v, p)


def gvalue_store_pointer(v, p):
    """Store a pointer in an initialised GValue: boxed values are copied (or ref'd) by the
    GValue, a G_TYPE_POINTER value just points (the caller keeps the memory alive)."""
    if _gt.fundamental(_c.gvalue_type(v)) == _gt.TYPE_POINTER:
        _c.g_value_set_pointer(v, p)
    else:
        _c.g_value_set_boxed(v, p)


def unpack_results(r, n):
    """A handler's results for a signal with out/inout arguments: a sequence of n values."""
    if not isinstance(r, (tuple, list)) or len(r) != n:
        raise TypeError("the signal handler must return %d values, not %r" % (n, r))
    return r


# --- callbacks ------------------------------------------------------------------------


class CallbackType:
    """A C callback type: its ctypes function type and the generated invoker that converts
    C arguments to Python, calls the Python callable and converts the result back."""

    __slots__ = ("name", "cfunctype", "invoke", "user_data", "error", "ret_kind")

    def __init__(self, name, cfunctype, invoke, user_data, error, ret_kind):
        self.name = name
        self.cfunctype = cfunctype
        self.invoke = invoke
        self.user_data = user_data
        self.error = error
        self.ret_kind = ret_kind

    def __repr__(self):
        return "<callback type %s>" % self.name


_SCOPES = {"call": _cb.SCOPE_CALL, "async": _cb.SCOPE_ASYNC, "notified": _cb.SCOPE_NOTIFIED,
           "forever": _cb.SCOPE_FOREVER}


def _default_return(kind):
    return None if kind in ("Void", "Ptr") else 0


_graveyard = []  # C thunks released while they may still be running; freed at the next callback_in


def _bury(key):
    """Release a held trampoline (and what it keeps) without freeing a C thunk that may be
    running right now: the thunk goes to the graveyard, emptied at the next callback_in."""
    entry = _cb._entries.get(key)
    _cb.release(key)
    if entry is not None:
        _graveyard.append(entry[0])


def callback_in(func, cbtype, scope, nullable, has_destroy, has_user_data, fname, param):
    """A Python callable as a C callback: (function pointer, user_data, destroy notify).

    A new C trampoline per call keeps the callable without looking it up; its lifetime follows
    the scope: `call` (the keepalive local of the generated call), `async` (until it has run once),
    `notified` (until C calls the destroy notify), `forever`. The callable itself is dropped as
    soon as its scope ends (a weak reference to it dies then).
    """
    if _graveyard:
        del _graveyard[:]
    if func is None:
        if nullable:
            return None, None, None
        raise TypeError("%s() argument '%s' must be callable, not None" % (fname, param))
    if not callable(func):
        raise TypeError("%s() argument '%s' must be callable, not %s" % (fname, param, _tname(func)))
    invoke = cbtype.invoke
    err_index = cbtype.error
    default = _default_return(cbtype.ret_kind)
    sc = _SCOPES[scope]
    box = [func, None]  # the callable, the key holding the thunk (async scope)
    del func

    def trampoline(*args):
        f = box[0]
        if f is None:  # called again after its scope ended (a C bug): do nothing
            return default
        try:
            return invoke(f, (), *args)
        except BaseException as e:
            if err_index is not None and isinstance(e, Exception):
                _er.propagate_gerror(args[err_index], e)
            else:
                _cb.report_exception()
            return default
        finally:
            if sc == _cb.SCOPE_ASYNC and box[1] is not None:
                box[0] = None
                _bury(box[1])
                box[1] = None

    cfunc = cbtype.cfunctype(trampoline)
    import ctypes
    addr = ctypes.cast(cfunc, ctypes.c_void_p).value
    if sc == _cb.SCOPE_CALL:
        return cfunc, None, None
    if sc == _cb.SCOPE_NOTIFIED and has_destroy and not has_user_data:
        # No user_data to carry the key to the shared destroy notify: one of its own.
        holder = [cfunc]

        def destroy(_data):
            box[0] = None
            _bury(key)

        dkeep, daddr = _c.make_callback("destroy_notify", destroy)
        holder.append(dkeep)
        key = _cb.hold(holder)
        return addr, None, daddr
    key = _cb.hold(cfunc)
    if sc == _cb.SCOPE_ASYNC:
        box[1] = key
        return addr, key, None
    if sc == _cb.SCOPE_NOTIFIED and has_destroy:
        return addr, key, _cb.DESTROY_NOTIFY_ADDRESS
    # forever, or notified without a destroy notify: kept for the process
    return addr, key, None


_OUT_KINDS = {
    "Bool": _c.KIND_BOOLEAN, "Float": _c.KIND_FLOAT, "Double": _c.KIND_DOUBLE, "Ptr": _c.KIND_POINTER,
}


def _out_kind(kind):
    if kind in _OUT_KINDS:
        return _OUT_KINDS[kind]
    # "Int { bits: 32, signed: true }"
    bits = int(kind.split("bits: ")[1].split(",")[0])
    signed = "signed: true" in kind
    return {(8, True): _c.KIND_INT8, (8, False): _c.KIND_UINT8, (16, True): _c.KIND_INT16,
            (16, False): _c.KIND_UINT16, (32, True): _c.KIND_INT32, (32, False): _c.KIND_UINT32,
            (64, True): _c.KIND_INT64, (64, False): _c.KIND_UINT64}[(bits, signed)]


def read_out(p, kind):
    """The value at a C out/inout pointer (callbacks)."""
    if not p:
        return None
    return _c.array_read(p, 1, _out_kind(kind))[0]


def write_out(p, kind, value):
    """Store a callback's out value through the C pointer (ignored when NULL)."""
    if not p:
        return
    import ctypes
    k = _out_kind(kind)
    k.from_address(p).value = value if value is not None else 0
