"""Records and unions: plain structs, boxed types (copy/free through their GType), ref-counted
boxed, fields (read, write, nested by value, pointers, arrays), caller-allocated out structs,
unions, against gimarshallingtests.c and regress.c."""

import gc
import weakref

import pytest


# --- plain structs ---------------------------------------------------------------------------------


def test_simple_struct(gi):
    GI = gi.GIMarshallingTests
    s = GI.SimpleStruct.returnv()
    assert (s.long_, s.int8) == (6, 7)
    s.inv()
    s.method()
    GI.SimpleStruct.inv(s)
    assert GI.simple_struct_returnv().long_ == 6


def test_simple_struct_python_allocated(gi):
    GI = gi.GIMarshallingTests
    s = GI.SimpleStruct()
    assert (s.long_, s.int8) == (0, 0)
    s.long_ = 6
    s.int8 = 7
    s.inv()  # C reads the fields written from Python
    with pytest.raises(OverflowError):
        s.int8 = 128
    with pytest.raises(TypeError):
        s.long_ = "6"
    assert (s.long_, s.int8) == (6, 7)


def test_struct_takes_no_arguments(gi):
    # Record() is a zeroed struct; fields are set afterwards (PyGObject takes no arguments either).
    GI, GLib = gi.GIMarshallingTests, gi.GLib
    for args, kwargs in (((), {"long_": 6}), ((), {"bogus": 1}), ((6,), {})):
        with pytest.raises(TypeError):
            GI.SimpleStruct(*args, **kwargs)
    with pytest.raises(TypeError):
        GLib.DebugKey(key="x")


def test_pointer_struct(gi):
    GI = gi.GIMarshallingTests
    s = GI.PointerStruct.returnv()
    assert s.long_ == 42
    s.inv()
    assert GI.pointer_struct_returnv().long_ == 42


def test_nested_struct_shares_memory(gi):
    GI = gi.GIMarshallingTests
    n = GI.NestedStruct()
    inner = n.simple_struct
    assert isinstance(inner, GI.SimpleStruct)
    inner.long_ = 6
    inner.int8 = 7
    assert n.simple_struct.long_ == 6
    n.simple_struct.inv()
    del n
    gc.collect()
    assert inner.long_ == 6  # the inner wrapper keeps its parent's memory alive


def test_regress_struct_fields(gi):
    R = gi.Regress
    a = R.TestStructA()
    a.some_int = 3
    a.some_int8 = -4
    a.some_double = 0.5
    a.some_enum = R.TestEnum.VALUE3
    assert (a.some_int, a.some_int8, a.some_double, a.some_enum) == (3, -4, 0.5, R.TestEnum.VALUE3)
    assert a.some_enum is R.TestEnum.VALUE3
    b = R.TestStructB()
    b.some_int8 = 8
    b.nested_a.some_int = 9
    assert b.nested_a.some_int == 9


def test_struct_caller_allocated_out(gi):
    R = gi.Regress
    a = R.TestStructA()
    a.some_int = 1
    a.some_int8 = 2
    a.some_double = 3.5
    a.some_enum = R.TestEnum.VALUE2
    c = a.clone()
    assert isinstance(c, R.TestStructA) and c is not a
    assert (c.some_int, c.some_int8, c.some_double, c.some_enum) == (1, 2, 3.5, R.TestEnum.VALUE2)
    c.some_int = 100
    assert a.some_int == 1
    assert R.test_struct_a_parse("ignored").some_int == 23
    assert R.TestStructA.parse("ignored").some_int == 23


def test_struct_b_clone_with_nested(gi):
    R = gi.Regress
    b = R.TestStructB()
    b.some_int8 = 5
    b.nested_a.some_int = 6
    b.nested_a.some_double = 1.25
    c = b.clone()
    assert (c.some_int8, c.nested_a.some_int, c.nested_a.some_double) == (5, 6, 1.25)


def test_struct_fixed_array_field(gi):
    R = gi.Regress
    s = R.TestStructFixedArray()
    assert s.array == [0] * 10
    s.frob()
    assert s.just_int == 7
    assert s.array == list(range(42, 52))


def test_struct_with_object_field(gi):
    R = gi.Regress
    c = R.TestStructC()
    assert c.obj is None
    assert c.another_int == 0


def test_struct_wrong_instance(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(TypeError, match="'self'"):
        GI.SimpleStruct.inv(GI.PointerStruct.returnv())
    with pytest.raises(TypeError, match="'self'"):
        GI.SimpleStruct.inv(None)
    with pytest.raises(TypeError, match="'self'"):
        GI.BoxedStruct.inv(GI.SimpleStruct())


# --- boxed ------------------------------------------------------------------------------------------


def test_boxed_struct(gi):
    GI = gi.GIMarshallingTests
    b = GI.BoxedStruct.returnv()
    assert isinstance(b, GI.BoxedStruct)
    assert b.long_ == 42
    assert b.string_ == "hello"
    assert b.g_strv == ["0", "1", "2"]
    b.inv()
    assert GI.boxed_struct_returnv().long_ == 42


def test_boxed_transfer_none_return_is_a_copy(gi):
    GI = gi.GIMarshallingTests
    a = GI.BoxedStruct.returnv()
    b = GI.BoxedStruct.returnv()
    a.long_ = 7
    assert b.long_ == 42 and GI.BoxedStruct.returnv().long_ == 42


def test_boxed_constructors(gi):
    GI = gi.GIMarshallingTests
    b = GI.BoxedStruct.new()
    assert b.long_ == 0 and b.string_ is None and b.g_strv == []
    b.long_ = 42
    b.inv()
    c = GI.BoxedStruct()
    c.long_ = 42
    c.inv()


def test_boxed_out_and_inout(gi):
    GI = gi.GIMarshallingTests
    assert GI.BoxedStruct.out().long_ == 42
    assert GI.boxed_struct_out().long_ == 42
    b = GI.BoxedStruct()
    b.long_ = 42
    r = GI.BoxedStruct.inout(b)  # transfer full: C frees a copy, not our struct
    assert r.long_ == 0
    assert b.long_ == 42


def test_boxed_copy(gi):
    GI = gi.GIMarshallingTests
    b = GI.BoxedStruct.returnv()
    c = b.copy()
    assert c is not b and type(c) is GI.BoxedStruct
    assert (c.long_, c.string_) == (42, "hello")


def test_regress_boxed(gi):
    R = gi.Regress
    b = R.TestBoxed.new()
    assert b.some_int8 == 0
    b.some_int8 = 42
    b.nested_a.some_int = 5
    c = b.copy()
    assert c.some_int8 == 42 and c.nested_a.some_int == 5
    assert b.equals(c) is True
    c.some_int8 = 1
    assert b.equals(c) is False
    assert R.TestBoxed.new_alternative_constructor1(7).some_int8 == 7
    assert R.TestBoxed.new_alternative_constructor2(3, 4).some_int8 == 7
    assert R.TestBoxed.new_alternative_constructor3("21").some_int8 == 21
    R.test_boxeds_not_a_method(b)
    R.test_boxeds_not_a_static()


def test_regress_boxed_b_c_d(gi):
    R = gi.Regress
    b = R.TestBoxedB.new(8, 2 ** 40)
    assert (b.some_int8, b.some_long) == (8, 2 ** 40)
    assert b.copy().some_long == 2 ** 40
    c = R.TestBoxedC.new()
    assert c.another_thing == 42
    c2 = c.copy()  # a new reference (ref-counted boxed)
    assert c2.another_thing == 42
    d = R.TestBoxedD.new("abcd", 4)
    assert d.get_magic() == 8
    assert d.copy().get_magic() == 8


def test_simple_boxed_a(gi):
    R = gi.Regress
    a = R.test_simple_boxed_a_const_return()
    assert (a.some_int, a.some_int8, a.some_double) == (5, 6, 7.0)
    b = a.copy()
    assert b.equals(a) is True
    b.some_int = 0
    assert b.equals(a) is False


def test_boxed_caller_allocated(gi):
    R = gi.Regress
    b = R.aliased_caller_alloc()
    assert isinstance(b, R.TestBoxed)
    assert b.copy().some_int8 == 0


def test_boxed_released(gi):
    GI = gi.GIMarshallingTests
    b = GI.BoxedStruct.returnv()
    r = weakref.ref(b)
    del b
    gc.collect()
    assert r() is None


# --- unions -------------------------------------------------------------------------------------------


def test_union(gi):
    GI = gi.GIMarshallingTests
    u = GI.Union.returnv()
    assert isinstance(u, GI.Union)
    assert u.long_ == 42
    u.inv()
    u.method()
    assert GI.union_returnv().long_ == 42
    v = GI.Union()
    v.long_ = 42
    v.inv()
    w = u.copy()
    assert w.long_ == 42


def test_overrides_struct(gi):
    GI = gi.GIMarshallingTests
    s = GI.OverridesStruct.new()
    assert s.method() == 42
    assert isinstance(GI.OverridesStruct.returnv(), GI.OverridesStruct)
