"""GValue <-> Python conversion and the GObject.Value wrapper."""

import operator

from ._core import core as _c
from . import gtype as _gt
from .gtype import GType
from .wrappers import (Boxed, Fundamental, Interface, boxed_from_none, fundamental_from_none,
                       object_from_none, self_ptr)
from .containers import strv_from_none, strv_new_full

__all__ = ["Value", "value_get", "value_set", "value_init_set", "guess_gtype", "GVALUE_SIZE",
           "TYPE_VALUE", "TYPE_STRV", "TYPE_GTYPE"]

GVALUE_SIZE = _c.GVALUE_SIZE
_gvalue_type = _c.gvalue_type
_index = operator.index
# Wrappers of GObject instances: (Interface,) until gobject.py (which imports this module) adds
# its Object class. Only these (and Fundamental) are GTypeInstances whose class can be read.
_OBJECT_CLASSES = (Interface,)

TYPE_GTYPE = _c.g_gtype_get_type()
TYPE_VALUE = _c.g_value_get_type()
TYPE_STRV = _c.g_strv_get_type()

# --- GValue -> Python -----------------------------------------------------------------


def _plain(getter):
    return lambda a, t: getter(a)


def _get_boolean(a, t, _g=_c.g_value_get_boolean):
    return bool(_g(a))


def _get_string(a, t, _g=_c.g_value_get_string):
    s = _g(a)
    return None if s is None else s.decode()


def _get_enum(a, t, _g=_c.g_value_get_enum):
    v = _g(a)
    cls = _gt.class_for_gtype(t)
    return v if cls is None else cls._value2member_map_.get(v, v)


def _get_flags(a, t, _g=_c.g_value_get_flags):
    v = _g(a)
    cls = _gt.class_for_gtype(t)
    return v if cls is None else cls(v)


def _get_object(a, t, _g=_c.g_value_get_object):
    return object_from_none(_g(a))


def _get_boxed(a, t, _g=_c.g_value_get_boxed):
    p = _g(a)
    if not p:
        return None
    cls = _gt.class_for_gtype(t)
    if cls is None:
        return p
    return boxed_from_none(cls, p)


def _get_gvalue(a, t, _g=_c.g_value_get_boxed):
    p = _g(a)
    return None if not p else value_get(p)  # PyGObject unwraps GValue-in-GValue


def _get_strv(a, t, _g=_c.g_value_get_boxed):
    return strv_from_none(_g(a))


def _get_pointer(a, t, _g=_c.g_value_get_pointer):
    return _g(a)


def _get_gtype(a, t, _g=_c.g_value_get_gtype):
    return GType(_g(a))


def _get_variant(a, t, _g=_c.g_value_get_variant):
    p = _g(a)
    if not p:
        return None
    return fundamental_from_none(_gt.class_for_gtype(_gt.TYPE_VARIANT), p)


def _get_param(a, t, _g=_c.g_value_get_param):
    p = _g(a)
    if not p:
        return None
    return fundamental_from_none(_gt.class_for_gtype(_gt.TYPE_PARAM), p)


def _get_instance(a, t, _g=_c.g_value_peek_pointer):
    p = _g(a)
    if not p:
        return None
    return fundamental_from_none(_gt.class_for_gtype(t), p)


_GETTERS_BY_FUNDAMENTAL = {
    _gt.TYPE_BOOLEAN: _get_boolean,
    _gt.TYPE_CHAR: _plain(_c.g_value_get_schar),
    _gt.TYPE_UCHAR: _plain(_c.g_value_get_uchar),
    _gt.TYPE_INT: _plain(_c.g_value_get_int),
    _gt.TYPE_UINT: _plain(_c.g_value_get_uint),
    _gt.TYPE_LONG: _plain(_c.g_value_get_long),
    _gt.TYPE_ULONG: _plain(_c.g_value_get_ulong),
    _gt.TYPE_INT64: _plain(_c.g_value_get_int64),
    _gt.TYPE_UINT64: _plain(_c.g_value_get_uint64),
    _gt.TYPE_FLOAT: _plain(_c.g_value_get_float),
    _gt.TYPE_DOUBLE: _plain(_c.g_value_get_double),
    _gt.TYPE_STRING: _get_string,
    _gt.TYPE_ENUM: _get_enum,
    _gt.TYPE_FLAGS: _get_flags,
    _gt.TYPE_OBJECT: _get_object,
    _gt.TYPE_INTERFACE: _get_object,
    _gt.TYPE_BOXED: _get_boxed,
    _gt.TYPE_POINTER: _get_pointer,
    _gt.TYPE_VARIANT: _get_variant,
    _gt.TYPE_PARAM: _get_param,
}
_getters = {TYPE_GTYPE: _get_gtype, TYPE_VALUE: _get_gvalue, TYPE_STRV: _get_strv}


def _getter_for(t):
    fund = _gt.fundamental(t)
    g = _GETTERS_BY_FUNDAMENTAL.get(fund)
    if g is None:
        cls = _gt.class_for_gtype(t)
        if isinstance(cls, type) and issubclass(cls, Fundamental):
            g = _get_instance
        else:
            raise TypeError("unsupported GValue type %s" % _gt.gtype_name(t))
    _getters[t] = g
    return g


def value_get(addr):
    """Python value of the GValue at addr (references/copies are taken)."""
    t = _gvalue_type(addr)
    g = _getters.get(t)
    if g is None:
        if not t:
            raise TypeError("GValue is not initialized")
        g = _getter_for(t)
    return g(addr, t)


# --- Python -> GValue -----------------------------------------------------------------


def _type_error(expected, v):
    return TypeError("must be %s, not %s" % (expected, type(v).__name__))


def _int_setter(setter, lo, hi, cname):
    def set_int(a, t, v):
        try:
            i = _index(v)
        except TypeError:
            raise _type_error("int", v) from None
        if not lo <= i <= hi:
            raise OverflowError("%d not in range %d to %d (%s)" % (i, lo, hi, cname))
        setter(a, i)
    return set_int


def _bits(n, signed):
    return (-(1 << (n - 1)), (1 << (n - 1)) - 1) if signed else (0, (1 << n) - 1)


_LONG_BITS = 8 * _c.kind_size(_c.KIND_LONG)
_FLT_MAX = 3.4028234663852886e38


def _set_boolean(a, t, v, _s=_c.g_value_set_boolean):
    _s(a, 1 if v else 0)


def _float_setter(setter, single):
    def set_float(a, t, v):
        if isinstance(v, (str, bytes)) or not hasattr(v, "__float__") and not hasattr(v, "__index__"):
            raise _type_error("float", v)
        f = float(v)
        if single and (f > _FLT_MAX or f < -_FLT_MAX) and f not in (float("inf"), float("-inf")):
            raise OverflowError("%r out of range for float" % (v,))
        setter(a, f)
    return set_float


def _set_string(a, t, v, _s=_c.g_value_set_string):
    if v is None:
        _s(a, None)
        return
    if not isinstance(v, str):
        raise _type_error("str", v)
    if "\0" in v:
        raise ValueError("embedded null character")
    _s(a, v.encode())


def _set_enum(a, t, v, _s=_c.g_value_set_enum):
    try:
        i = _index(v)
    except TypeError:
        raise _type_error("int", v) from None
    if not -0x80000000 <= i <= 0x7FFFFFFF:
        raise OverflowError("%d out of range for enum" % i)
    _s(a, i)


def _set_flags(a, t, v, _s=_c.g_value_set_flags):
    try:
        i = _index(v)
    except TypeError:
        raise _type_error("int", v) from None
    if not 0 <= i <= 0xFFFFFFFF:
        raise OverflowError("%d out of range for flags" % i)
    _s(a, i)


def _instance_ptr(v, t, what):
    p = getattr(v, "_ptr", None)
    if not isinstance(p, int) or not p:
        raise _type_error(_gt.gtype_name(t) or what, v)
    return p


def _set_object(a, t, v, _s=_c.g_value_set_object):
    if v is None:
        _s(a, None)
        return
    p = _instance_ptr(v, t, "GObject")
    if not isinstance(v, _OBJECT_CLASSES) or not _c.g_type_is_a(
            _c.type_from_instance(p), t):
        raise _type_error(_gt.gtype_name(t), v)
    _s(a, p)


def _set_boxed(a, t, v, _s=_c.g_value_set_boxed):
    if v is None:
        _s(a, None)
        return
    if not isinstance(v, Boxed):
        raise _type_error(_gt.gtype_name(t), v)
    vt = type(v).__gtype__
    if not vt or not _c.g_type_is_a(vt, t):
        raise _type_error(_gt.gtype_name(t), v)
    _s(a, v._ptr)  # copies


def _set_gvalue(a, t, v, _s=_c.g_value_set_boxed):
    if v is None:
        _s(a, None)
    elif isinstance(v, Value):
        _s(a, v._ptr)
    else:
        tmp = Value(guess_gtype(v), v)  # must outlive the copy made by set_boxed
        _s(a, tmp._ptr)


def _set_strv(a, t, v, _take=_c.g_value_take_boxed):
    if v is None:
        _take(a, None)
        return
    if isinstance(v, str) or not isinstance(v, (list, tuple)):
        raise _type_error("list of str", v)
    _take(a, strv_new_full(v))


def _set_pointer(a, t, v, _s=_c.g_value_set_pointer):
    if v is not None and not isinstance(v, int):
        raise _type_error("int (address) or None", v)
    _s(a, v)


def _set_gtype(a, t, v, _s=_c.g_value_set_gtype):
    if isinstance(v, type):
        g = getattr(v, "__gtype__", None)
        if g is None:
            raise _type_error("GType", v)
        v = g
    try:
        i = _index(v)
    except TypeError:
        raise _type_error("GType", v) from None
    _s(a, i)


def _set_variant(a, t, v, _s=_c.g_value_set_variant):
    if v is None:
        _s(a, None)
        return
    cls = _gt.class_for_gtype(_gt.TYPE_VARIANT)
    if not isinstance(v, cls):
        raise _type_error("GLib.Variant", v)
    _s(a, v._ptr)


def _set_param(a, t, v, _s=_c.g_value_set_param):
    if v is None:
        _s(a, None)
        return
    p = _instance_ptr(v, t, "GParamSpec")
    if not isinstance(v, Fundamental) or not _c.g_type_is_a(_c.type_from_instance(p), t):
        raise _type_error(_gt.gtype_name(t), v)
    _s(a, p)


def _set_instance(a, t, v, _s=_c.g_value_set_instance):
    if v is None:
        _c.g_value_reset(a)
        return
    p = _instance_ptr(v, t, "instance")
    if not isinstance(v, Fundamental) or not _c.g_type_is_a(_c.type_from_instance(p), t):
        raise _type_error(_gt.gtype_name(t), v)
    _s(a, p)


_SETTERS_BY_FUNDAMENTAL = {
    _gt.TYPE_BOOLEAN: _set_boolean,
    _gt.TYPE_CHAR: _int_setter(_c.g_value_set_schar, -128, 127, "gchar"),
    _gt.TYPE_UCHAR: _int_setter(_c.g_value_set_uchar, 0, 255, "guchar"),
    _gt.TYPE_INT: _int_setter(_c.g_value_set_int, *_bits(32, True), cname="gint"),
    _gt.TYPE_UINT: _int_setter(_c.g_value_set_uint, *_bits(32, False), cname="guint"),
    _gt.TYPE_LONG: _int_setter(_c.g_value_set_long, *_bits(_LONG_BITS, True), cname="glong"),
    _gt.TYPE_ULONG: _int_setter(_c.g_value_set_ulong, *_bits(_LONG_BITS, False),
                                cname="gulong"),
    _gt.TYPE_INT64: _int_setter(_c.g_value_set_int64, *_bits(64, True), cname="gint64"),
    _gt.TYPE_UINT64: _int_setter(_c.g_value_set_uint64, *_bits(64, False), cname="guint64"),
    _gt.TYPE_FLOAT: _float_setter(_c.g_value_set_float, True),
    _gt.TYPE_DOUBLE: _float_setter(_c.g_value_set_double, False),
    _gt.TYPE_STRING: _set_string,
    _gt.TYPE_ENUM: _set_enum,
    _gt.TYPE_FLAGS: _set_flags,
    _gt.TYPE_OBJECT: _set_object,
    _gt.TYPE_INTERFACE: _set_object,
    _gt.TYPE_BOXED: _set_boxed,
    _gt.TYPE_POINTER: _set_pointer,
    _gt.TYPE_VARIANT: _set_variant,
    _gt.TYPE_PARAM: _set_param,
}
_setters = {TYPE_GTYPE: _set_gtype, TYPE_VALUE: _set_gvalue, TYPE_STRV: _set_strv}


def _setter_for(t):
    fund = _gt.fundamental(t)
    s = _SETTERS_BY_FUNDAMENTAL.get(fund)
    if s is None:
        cls = _gt.class_for_gtype(t)
        if isinstance(cls, type) and issubclass(cls, Fundamental):
            s = _set_instance
        else:
            raise TypeError("unsupported GValue type %s" % _gt.gtype_name(t))
    _setters[t] = s
    return s


def value_set(addr, v):
    """Store a Python value into the initialised GValue at addr (TypeError,
    OverflowError or ValueError when v does not fit the GValue's type)."""
    t = _gvalue_type(addr)
    s = _setters.get(t)
    if s is None:
        if not t:
            raise TypeError("GValue is not initialized")
        s = _setter_for(t)
    s(addr, t, v)


def value_init_set(addr, gtype, v):
    """g_value_init(addr, gtype) then value_set; unsets again if v does not fit."""
    _c.g_value_init(addr, gtype)
    try:
        value_set(addr, v)
    except BaseException:
        _c.g_value_unset(addr)
        raise


def guess_gtype(v):
    """GType for a Python value stored in a GValue of unspecified type
    (bool, int, float, str, list of str, GType, Value, wrappers); TypeError else."""
    if isinstance(v, bool):
        return _gt.TYPE_BOOLEAN
    if isinstance(v, int):
        t = getattr(type(v), "__gtype__", None)
        if t:
            return t
        return _gt.TYPE_INT if -0x80000000 <= v <= 0x7FFFFFFF else _gt.TYPE_INT64
    if isinstance(v, float):
        return _gt.TYPE_DOUBLE
    if isinstance(v, str):
        return _gt.TYPE_STRING
    if isinstance(v, Value):
        return TYPE_VALUE
    if isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
        return TYPE_STRV
    if isinstance(v, GType):
        return TYPE_GTYPE
    # Only the runtime's wrappers: any other object with an int `_ptr` (a ctypes-based type of
    # another library) is no GTypeInstance, and reading its class would crash.
    p = getattr(v, "_ptr", None) if isinstance(v, (Boxed, Fundamental) + _OBJECT_CLASSES) else None
    if isinstance(p, int) and p:
        if isinstance(v, Boxed):
            t = type(v).__gtype__
            if t:
                return t
            raise TypeError("cannot determine a GType for %s (not a boxed type)" % type(v).__name__)
        vcls = _gt.class_for_gtype(_gt.TYPE_VARIANT)
        if vcls is not None and isinstance(v, vcls):
            return _gt.TYPE_VARIANT
        return _c.type_from_instance(p)
    raise TypeError("cannot determine a GType for %s" % type(v).__name__)


# --- GObject.Value ----------------------------------------------------------------------


def _gtype_arg(gtype, func):
    """The GType argument of Value(gtype) / Value.init: a class with a __gtype__ or a GType
    (int). An int out of the GType range is an OverflowError (GLib would read it as an address);
    GLib's g_value_init then rejects types that hold no value."""
    if isinstance(gtype, type):
        g = getattr(gtype, "__gtype__", None)
        if g is None:
            raise TypeError("%s() argument 'gtype' must be a GType or a class with a GType, not %s"
                            % (func, gtype.__name__))
        gtype = g
    if isinstance(gtype, bool) or not isinstance(gtype, int):
        raise TypeError("%s() argument 'gtype' must be a GType, not %s"
                        % (func, "None" if gtype is None else type(gtype).__name__))
    if not 0 <= gtype < 1 << (8 * _c.POINTER_SIZE):
        raise OverflowError("%s() argument 'gtype': %d is not a GType" % (func, gtype))
    return int(gtype)



class Value(Boxed):
    """A GValue: ``Value(gtype=None, py_value=None)``; pass ``v._ptr`` where C
    takes a ``GValue *``.  Python-allocated Values are unset when they die."""

    __slots__ = ()
    __gtype__ = GType(TYPE_VALUE)
    _size_ = GVALUE_SIZE

    @staticmethod
    def _clear_func_(p):
        if _gvalue_type(p):
            _c.g_value_unset(p)

    def __init__(self, value_type=None, py_value=None):
        Boxed.__init__(self)
        if value_type is not None:
            self.init(value_type)
            if py_value is not None:
                self.set_value(py_value)

    def init(self, gtype):
        p = self_ptr(self, Value, "Value.init")
        gtype = _gtype_arg(gtype, "Value.init")
        if _gvalue_type(p):
            raise TypeError("Value is already initialized")
        _c.g_value_init(p, gtype)

    def unset(self):
        p = self_ptr(self, Value, "Value.unset")
        if _gvalue_type(p):
            _c.g_value_unset(p)

    def reset(self):
        p = self_ptr(self, Value, "Value.reset")
        if _gvalue_type(p):  # (g_value_reset of an uninitialised value is a critical)
            _c.g_value_reset(p)

    @property
    def g_type(self):
        return GType(_gvalue_type(self_ptr(self, Value, "Value.g_type")))

    def set_value(self, py_value):
        value_set(self_ptr(self, Value, "Value.set_value"), py_value)

    def get_value(self):
        return value_get(self_ptr(self, Value, "Value.get_value"))

    def __repr__(self):
        if not (isinstance(self, Value) and getattr(self, "_ptr", 0)):
            return object.__repr__(self)
        t = _gvalue_type(self._ptr)
        if not t:
            return "<Value (invalid)>"
        return "<Value (%s) %r>" % (_gt.gtype_name(t), self.get_value())


_guess_gtype = guess_gtype  # name used by support.py

_gt.register_class("GValue", Value)
