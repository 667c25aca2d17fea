"""GObject properties: obj.props, get_property/set_property, constructor keyword arguments,
every value type of GIMarshallingTests.PropertiesObject (gimarshallingtests.c) and
Regress.TestObj (regress.c), read-only/construct properties, wrong types."""

import pytest

G_MAXFLOAT = 3.4028234663852886e38

# property -> (a value to set, the default the C class installs)
VALUES = {
    "some_boolean": (True, False),
    "some_char": (-128, 0),
    "some_uchar": (255, 0),
    "some_int": (-(2 ** 31), 0),
    "some_uint": (2 ** 32 - 1, 0),
    "some_long": (-(2 ** 63), 0),
    "some_ulong": (2 ** 64 - 1, 0),
    "some_int64": (-(2 ** 63), 0),
    "some_uint64": (2 ** 64 - 1, 0),
    "some_float": (G_MAXFLOAT, 0.0),
    "some_double": (-1e300, 0.0),
    "some_string": ("\u2665 value", None),
    "some_strv": (["a", "b", "c"], []),
}


@pytest.mark.parametrize("name", sorted(VALUES))
def test_properties_object_values(gi, name):
    o = gi.GIMarshallingTests.PropertiesObject()
    value, default = VALUES[name]
    assert getattr(o.props, name) == default
    setattr(o.props, name, value)
    assert getattr(o.props, name) == value
    assert o.get_property(name) == value
    assert o.get_property(name.replace("_", "-")) == value


@pytest.mark.parametrize("name", sorted(VALUES))
def test_properties_object_constructor(gi, name):
    value = VALUES[name][0]
    o = gi.GIMarshallingTests.PropertiesObject(**{name: value})
    assert getattr(o.props, name) == value


def test_enum_and_flags_properties(gi):
    GI = gi.GIMarshallingTests
    o = GI.PropertiesObject()
    assert o.props.some_enum is GI.GEnum.VALUE1
    assert o.props.some_flags == GI.Flags.VALUE1
    o.props.some_enum = GI.GEnum.VALUE3
    o.props.some_flags = GI.Flags.VALUE2 | GI.Flags.VALUE3
    assert o.props.some_enum is GI.GEnum.VALUE3
    assert o.props.some_flags == GI.Flags.VALUE2 | GI.Flags.VALUE3
    assert isinstance(o.props.some_flags, GI.Flags)
    with pytest.raises(TypeError):
        o.props.some_enum = "VALUE1"


def test_object_property(gi):
    GI = gi.GIMarshallingTests
    o = GI.PropertiesObject()
    assert o.props.some_object is None
    inner = GI.Object(int=3)
    o.props.some_object = inner
    assert o.props.some_object is inner
    assert inner.__grefcount__ == 2
    o.props.some_object = None
    assert inner.__grefcount__ == 1
    with pytest.raises(TypeError):
        o.props.some_object = gi.GIMarshallingTests.SimpleStruct()


def test_boxed_property(gi):
    GI = gi.GIMarshallingTests
    o = GI.PropertiesObject()
    b = GI.BoxedStruct()
    b.long_ = 7
    o.props.some_boxed_struct = b
    got = o.props.some_boxed_struct
    assert got.long_ == 7 and got is not b  # boxed values are copied
    with pytest.raises(TypeError):
        o.props.some_boxed_struct = GI.SimpleStruct()


def test_variant_and_gvalue_properties(gi):
    GI, GLib = gi.GIMarshallingTests, gi.GLib
    o = GI.PropertiesObject()
    o.props.some_variant = GLib.Variant.new_int32(3)
    assert o.props.some_variant.get_int32() == 3
    o.props.some_gvalue = 42
    assert o.props.some_gvalue == 42
    o.props.some_gvalue = "text"
    assert o.props.some_gvalue == "text"


def test_properties_typed_by_the_gir(gi):
    # GByteArray, a boxed GList of ints: the GIR type, not the GType, tells the elements.
    GI = gi.GIMarshallingTests
    o = GI.PropertiesObject(some_byte_array=b"\x01\x00\x02")
    assert o.props.some_byte_array == b"\x01\x00\x02"
    o.props.some_boxed_glist = [1, -2, 3]
    assert o.props.some_boxed_glist == [1, -2, 3]


def test_regress_container_properties(gi):
    R = gi.Regress
    o = R.TestObj()
    o.props.hash_table = {"mec": 56}
    assert o.props.hash_table == {"mec": 56}
    o.props.list = ["a", "b"]
    assert o.props.list == ["a", "b"]


def test_readonly_property(gi):
    o = gi.GIMarshallingTests.PropertiesObject()
    assert o.props.some_readonly == 42
    with pytest.raises(TypeError):
        o.props.some_readonly = 1
    with pytest.raises(TypeError):
        o.set_property("some-readonly", 1)
    with pytest.raises(TypeError):
        gi.GIMarshallingTests.PropertiesObject(some_readonly=1)


def test_regress_properties(gi):
    R = gi.Regress
    o = R.TestObj(int=42, float=1.5, double=2.5, string="s", gtype=R.TestObj)
    assert o.props.int == 42
    assert o.props.float == 1.5
    assert o.props.double == 2.5
    assert o.props.string == "s"
    assert o.props.gtype == R.TestObj.__gtype__
    o.props.string = None
    assert o.props.string is None
    assert o.props.name_conflict == 42
    o.set_property("write-only", True)
    assert o.props.int == 0  # writing TRUE resets the integer in C


def test_interface_property(gi):
    R = gi.Regress
    sub = R.TestSubObj()
    assert sub.props.number == 0
    sub.props.number = 5
    assert sub.props.number == 5
    assert sub.props.boolean is True


def test_property_wrong_type(gi):
    GI = gi.GIMarshallingTests
    o = GI.PropertiesObject()
    with pytest.raises(TypeError):
        o.props.some_int = "x"
    with pytest.raises(OverflowError):
        o.props.some_uchar = 256
    with pytest.raises(OverflowError):
        o.props.some_char = -129
    with pytest.raises(TypeError):
        o.props.some_string = 42
    with pytest.raises(ValueError):
        o.props.some_string = "a\0b"
    with pytest.raises(TypeError):
        o.props.some_strv = ["a", 1]
    with pytest.raises(TypeError):
        GI.PropertiesObject(some_int="x")
    with pytest.raises(OverflowError):
        GI.PropertiesObject(some_uint=-1)


def test_unknown_property(gi):
    o = gi.GIMarshallingTests.PropertiesObject()
    with pytest.raises(AttributeError):
        o.props.no_such_property
    with pytest.raises(TypeError):
        o.get_property("no-such-property")
    with pytest.raises(TypeError):
        o.set_property("no-such-property", 1)
    with pytest.raises(TypeError):
        o.get_property(42)


def test_class_props_and_param_specs(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    ps = GI.PropertiesObject.props.some_int
    assert isinstance(ps, GObject.ParamSpec)
    assert ps.name == "some-int"
    assert ps.value_type == GObject.TYPE_INT
    names = {p.name for p in GI.PropertiesObject.list_properties()}
    assert {"some-int", "some-strv", "some-readonly"} <= names
    assert "some_int" in dir(GI.PropertiesObject().props)


def test_construct_property_default(gi):
    # "int" of GIMarshallingTests.Object is G_PARAM_CONSTRUCT: set even without a value.
    assert gi.GIMarshallingTests.Object().props.int == 0
    assert gi.GIMarshallingTests.Object(int=5).props.int == 5
