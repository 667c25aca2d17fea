"""GValue (as GObject.Value or as plain Python values), GClosure from Python callables,
GParamSpec and GVariant, against gimarshallingtests.c and regress.c."""

import weakref

import pytest


# --- GValue ----------------------------------------------------------------------------------------


def test_gvalue_return_and_out_give_python_values(gi):
    GI = gi.GIMarshallingTests
    assert GI.gvalue_return() == 42
    assert GI.gvalue_out() == 42
    assert GI.gvalue_int64_out() == 2 ** 63 - 1
    assert GI.gvalue_out_caller_allocates() == 42


def test_gvalue_in_from_python_values(gi):
    GI = gi.GIMarshallingTests
    GI.gvalue_in(42)
    GI.gvalue_int64_in(2 ** 63 - 1)  # too large for gint: a gint64 GValue
    GI.gvalue_in_enum(GI.GEnum.VALUE3)  # the member's class gives the GType
    GI.gvalue_in_flags(GI.Flags.VALUE3)


def test_gvalue_in_from_value_objects(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    GI.gvalue_in(GObject.Value(GObject.TYPE_INT, 42))
    GI.gvalue_int64_in(GObject.Value(GObject.TYPE_INT64, 2 ** 63 - 1))
    GI.gvalue_in_enum(GObject.Value(GI.GEnum, GI.GEnum.VALUE3))
    GI.gvalue_in_flags(GObject.Value(GI.Flags.__gtype__, GI.Flags.VALUE3))
    GI.gvalue_in_with_type(GObject.Value(GObject.TYPE_STRING, "x"), GObject.TYPE_STRING)
    GI.gvalue_in_with_type(GObject.Value(GI.SubObject, GI.SubObject(int=0)), GI.Object)
    GI.gvalue_in_with_type("x", GObject.TYPE_STRING)


def test_gvalue_modified_in_place(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    v = GObject.Value(GObject.TYPE_INT, 42)
    GI.gvalue_in_with_modification(v)
    assert v.get_value() == 24
    GI.gvalue_in_with_modification(42)  # a temporary GValue: nothing to see afterwards


def test_gvalue_inout(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    assert GI.gvalue_inout(42) == "42"
    assert GI.gvalue_inout(GObject.Value(GObject.TYPE_INT, 42)) == "42"


def test_gvalue_round_trip_and_copy(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    for value in (42, "hello", True, 1.5, ["a", "b"], GI.GEnum.VALUE2):
        assert GI.gvalue_round_trip(value) == value
        assert GI.gvalue_copy(value) == value
    obj = GI.Object(int=3)
    assert GI.gvalue_round_trip(obj) is obj
    assert GI.gvalue_copy(GObject.Value(GObject.TYPE_UINT64, 2 ** 64 - 1)) == 2 ** 64 - 1


def test_value_object(gi):
    GObject = gi.GObject
    v = GObject.Value(GObject.TYPE_STRING, "abc")
    assert v.g_type == GObject.TYPE_STRING
    assert v.get_value() == "abc"
    v.set_value("def")
    assert v.get_value() == "def"
    with pytest.raises(TypeError):
        v.set_value(3)
    w = GObject.Value()
    w.init(GObject.TYPE_DOUBLE)
    w.set_value(2)
    assert w.get_value() == 2.0
    # GIR methods of GValue work on it too.
    assert w.get_double() == 2.0
    i = GObject.Value(GObject.TYPE_UCHAR, 255)
    with pytest.raises(OverflowError):
        i.set_value(256)


def test_regress_gvalues(gi):
    R, GLib = gi.Regress, gi.GLib
    assert R.test_int_value_arg(42) == 42
    assert R.test_int_value_arg(gi.GObject.Value(gi.GObject.TYPE_INT, -7)) == -7
    assert R.test_value_return(42) == 42
    assert R.test_strv_in_gvalue() == ["one", "two", "three"]
    assert R.test_null_strv_in_gvalue() == []
    d = R.test_date_in_gvalue()
    assert isinstance(d, GLib.Date)
    assert (d.get_day(), d.get_month(), d.get_year()) == (5, GLib.DateMonth.DECEMBER, 1984)


def test_gvalue_errors(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(TypeError, match="'value'"):
        GI.gvalue_in(object())
    with pytest.raises(TypeError, match="'value'"):
        GI.gvalue_in(None)
    with pytest.raises(TypeError, match="'value'"):
        GI.gvalue_in(gi.GObject.Value())  # not initialised


# --- GClosure --------------------------------------------------------------------------------------


def test_gclosure_from_callable(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    GI.gclosure_in(lambda: 42)
    assert R.test_closure(lambda: 17) == 17
    assert R.test_closure_one_arg(lambda a: a * 2, 21) == 42
    v = gi.GLib.Variant.new_string("x")
    r = R.test_closure_variant(lambda var: gi.GLib.Variant.new_int32(len(var.get_string()[0])), v)
    assert r.get_int32() == 1


def test_gclosure_return(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    c = GI.gclosure_return()
    assert isinstance(c, GObject.Closure)
    GI.gclosure_in(c)  # the C closure returns 42


def test_gclosure_callable_released(gi):
    import gc
    R = gi.Regress

    class Handler:
        def __call__(self, a):
            return a + 1

    h = Handler()
    ref = weakref.ref(h)
    assert R.test_closure_one_arg(h, 1) == 2
    del h
    gc.collect()
    assert ref() is None


def test_gclosure_errors(gi):
    with pytest.raises(TypeError, match="'closure'"):
        gi.Regress.test_closure(42)
    with pytest.raises(TypeError, match="'closure'"):
        gi.Regress.test_closure(None)


# --- GParamSpec ------------------------------------------------------------------------------------


def test_param_spec(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    for fn in (GI.param_spec_return, GI.param_spec_out):
        ps = fn()
        assert isinstance(ps, GObject.ParamSpec)
        assert isinstance(ps, GObject.ParamSpecString)
        assert ps.name == "test-param"
        assert ps.get_name() == "test-param"
        assert ps.get_blurb() == "This is a test"
        assert ps.get_default_value() == "42"


def test_param_spec_in(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    ps = GObject.param_spec_boolean("mybool", "test-bool", "boolblurb", True, GObject.ParamFlags.READABLE)
    assert ps.value_type == GObject.TYPE_BOOLEAN
    GI.param_spec_in_bool(ps)
    with pytest.raises(TypeError, match="'param'"):
        GI.param_spec_in_bool(GObject.ParamSpecBoolean)
    with pytest.raises(TypeError, match="'param'"):
        GI.param_spec_in_bool(None)


# --- GVariant -------------------------------------------------------------------------------------


def test_gvariant_returns(gi):
    R, GLib = gi.Regress, gi.GLib
    i = R.test_gvariant_i()
    assert isinstance(i, GLib.Variant)
    assert i.get_type_string() == "i" and i.get_int32() == 1
    s = R.test_gvariant_s()
    assert s.get_string() == ("one", 3)
    asv = R.test_gvariant_asv()
    assert asv.get_type_string() == "a{sv}"
    assert asv.n_children() == 2
    assert asv.lookup_value("timeout", None).get_int32() == 10
    assert asv.lookup_value("name", None).get_string()[0] == "foo"
    v = R.test_gvariant_v()
    assert v.get_variant().get_string()[0] == "contents"
    assert R.test_gvariant_as().get_strv() == ["one", "two", "three"]
    assert R.get_variant().get_int32() == 42


def test_gvariant_floating_reference_is_sunk(gi):
    v = gi.GLib.Variant.new_int32(5)
    assert v.is_floating() is False
    assert gi.Regress.test_gvariant_i().is_floating() is False
