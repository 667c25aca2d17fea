import enum
import math

import pytest

import girgen_runtime as rt
from girgen_runtime import core

from rt_helpers import C, collect

INT_CASES = [
    (rt.TYPE_CHAR, -128, 127),
    (rt.TYPE_UCHAR, 0, 255),
    (rt.TYPE_INT, -(1 << 31), (1 << 31) - 1),
    (rt.TYPE_UINT, 0, (1 << 32) - 1),
    (rt.TYPE_LONG, -(1 << 63), (1 << 63) - 1),
    (rt.TYPE_ULONG, 0, (1 << 64) - 1),
    (rt.TYPE_INT64, -(1 << 63), (1 << 63) - 1),
    (rt.TYPE_UINT64, 0, (1 << 64) - 1),
]


@pytest.mark.parametrize("gtype,lo,hi", INT_CASES)
def test_int_roundtrip_and_bounds(gtype, lo, hi):
    for x in (lo, hi, 0, 1):
        v = rt.Value(gtype, x)
        assert v.get_value() == x and type(v.get_value()) is int
    v = rt.Value(gtype)
    with pytest.raises(OverflowError):
        v.set_value(hi + 1)
    with pytest.raises(OverflowError):
        v.set_value(lo - 1)
    with pytest.raises(TypeError):
        v.set_value(1.5)
    with pytest.raises(TypeError):
        v.set_value("1")


def test_boolean():
    for x in (True, False):
        got = rt.Value(rt.TYPE_BOOLEAN, x).get_value()
        assert got is x
    assert rt.Value(rt.TYPE_BOOLEAN, []).get_value() is False
    assert rt.Value(rt.TYPE_BOOLEAN, [1]).get_value() is True


def test_float_and_double():
    assert rt.Value(rt.TYPE_DOUBLE, 0.1).get_value() == 0.1
    assert rt.Value(rt.TYPE_DOUBLE, 3).get_value() == 3.0
    f = rt.Value(rt.TYPE_FLOAT, 0.1).get_value()
    assert f != 0.1 and math.isclose(f, 0.1, rel_tol=1e-7)
    assert rt.Value(rt.TYPE_FLOAT, float("inf")).get_value() == float("inf")
    with pytest.raises(OverflowError):
        rt.Value(rt.TYPE_FLOAT, 1e300)
    with pytest.raises(TypeError):
        rt.Value(rt.TYPE_DOUBLE, "1.0")


def test_string():
    assert rt.Value(rt.TYPE_STRING, "héllo ✓").get_value() == "héllo ✓"
    v = rt.Value(rt.TYPE_STRING, "x")
    v.set_value(None)
    assert v.get_value() is None
    with pytest.raises(ValueError, match="null"):
        v.set_value("a\0b")
    with pytest.raises(TypeError, match="must be str, not bytes"):
        v.set_value(b"x")


class UnicodeType(enum.IntEnum):
    CONTROL = 0
    FORMAT = 1
    UNASSIGNED = 2


class BindingFlags(enum.IntFlag):
    DEFAULT = 0
    BIDIRECTIONAL = 1
    SYNC_CREATE = 2
    INVERT_BOOLEAN = 4


def test_enum_and_flags_use_registered_classes():
    et = C.g_unicode_type_get_type()
    ft = C.g_binding_flags_get_type()
    assert rt.Value(et, 2).get_value() == 2  # unregistered: plain int
    rt.register_class("GUnicodeType", UnicodeType)
    rt.register_class("GBindingFlags", BindingFlags)
    try:
        got = rt.Value(et, UnicodeType.FORMAT).get_value()
        assert got is UnicodeType.FORMAT
        unknown = rt.Value(et, 25).get_value()  # not a member of our (partial) class
        assert unknown == 25 and type(unknown) is int
        f = rt.Value(ft, 3).get_value()
        assert isinstance(f, BindingFlags) and f == BindingFlags.BIDIRECTIONAL | 2
        odd = rt.Value(ft, 1 << 10).get_value()  # unknown bit still converts
        assert isinstance(odd, BindingFlags) and int(odd) == 1 << 10
        with pytest.raises(TypeError):
            rt.Value(et, "FORMAT")
    finally:
        rt.gtype._registered.pop("GUnicodeType")
        rt.gtype._registered.pop("GBindingFlags")
        rt.gtype._class_cache.clear()


def test_object_value_keeps_identity_and_references():
    o = rt.Object()
    v = rt.Value(rt.TYPE_OBJECT, o)
    assert core.object_ref_count(o._ptr) == 2
    assert v.get_value() is o
    v.set_value(None)
    assert v.get_value() is None
    assert core.object_ref_count(o._ptr) == 1
    with pytest.raises(TypeError):
        v.set_value("not an object")
    iu = rt.Value(C.g_initially_unowned_get_type())
    with pytest.raises(TypeError, match="GInitiallyUnowned"):
        iu.set_value(o)  # wrong object type


def test_pointer_and_gtype():
    assert rt.Value(rt.TYPE_POINTER, 0x1234).get_value() == 0x1234
    assert rt.Value(rt.TYPE_POINTER, None).get_value() is None
    gt = core.g_gtype_get_type()
    got = rt.Value(gt, rt.TYPE_OBJECT).get_value()
    assert got == rt.TYPE_OBJECT and isinstance(got, rt.GType)
    assert rt.Value(gt, rt.InitiallyUnowned).get_value() == C.g_initially_unowned_get_type()


def test_variant():
    p = C.g_variant_new_int32(41)
    var = rt.fundamental_from_none(rt.Variant, p)
    v = rt.Value(rt.TYPE_VARIANT, var)
    got = v.get_value()
    assert isinstance(got, rt.Variant) and got._ptr == p
    assert C.g_variant_get_int32(got._ptr) == 41
    v.set_value(None)
    assert v.get_value() is None
    with pytest.raises(TypeError):
        v.set_value(41)


def test_param():
    p = C.g_param_spec_int(b"n", b"N", b"b", 0, 9, 1, 3)
    ps = rt.fundamental_from_none(rt.ParamSpec, p)
    v = rt.Value(rt.TYPE_PARAM, ps)
    got = v.get_value()
    assert isinstance(got, rt.ParamSpec) and got._ptr == p and got.name == "n"


def test_boxed_strv_and_value_in_value():
    strv = core.g_strv_get_type()
    assert rt.Value(strv, ["a", "bé", ""]).get_value() == ["a", "bé", ""]
    assert rt.Value(strv, []).get_value() == []
    with pytest.raises(TypeError):
        rt.Value(strv, "abc")
    vt = core.g_value_get_type()
    inner = rt.Value(rt.TYPE_INT, 5)
    assert rt.Value(vt, inner).get_value() == 5  # unwrapped like PyGObject
    assert rt.Value(vt, "guessed").get_value() == "guessed"


def test_value_wrapper_api():
    v = rt.Value()
    assert repr(v) == "<Value (invalid)>"
    with pytest.raises(TypeError, match="not initialized"):
        v.get_value()
    v.init(rt.TYPE_INT)
    assert v.g_type == rt.TYPE_INT
    with pytest.raises(TypeError, match="already"):
        v.init(rt.TYPE_INT)
    v.set_value(9)
    assert repr(v) == "<Value (gint) 9>"
    v.unset()
    assert v.g_type == 0
    v.init(rt.Object)  # a class with __gtype__
    assert v.g_type == rt.TYPE_OBJECT


def test_value_from_c_is_copied_and_freed_by_gtype():
    src = rt.Value(rt.TYPE_STRING, "copied")
    w = rt.boxed_from_none(rt.Value, src._ptr)
    assert w._ptr != src._ptr and w.get_value() == "copied"
    del src
    collect()
    assert w.get_value() == "copied"


def test_value_holding_object_releases_it_on_death():
    o = rt.Object()
    v = rt.Value(rt.TYPE_OBJECT, o)
    assert core.object_ref_count(o._ptr) == 2
    del v
    collect()
    assert core.object_ref_count(o._ptr) == 1


def test_value_init_set_unsets_on_error():
    keep, addr = core.alloc(rt.GVALUE_SIZE)
    with pytest.raises(OverflowError):
        rt.value_init_set(addr, rt.TYPE_UCHAR, 300)
    assert core.gvalue_type(addr) == 0


def test_interface_typed_value():
    iface = C.g_action_get_type()
    action = rt.object_from_full(C.g_simple_action_new(b"a", None))
    v = rt.Value(iface, action)
    assert v.g_type == iface and v.get_value() is action
    with pytest.raises(TypeError, match="GAction"):
        v.set_value(rt.Object())  # a GObject that does not implement GAction
