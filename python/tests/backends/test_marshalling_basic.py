"""Fundamental types through GIMarshallingTests and Regress: booleans, every integer width,
floating point, unichar, strings and filenames, enums and flags, GType and pointers.

Expected values are those of gimarshallingtests.c / regress.c (e.g. `int8_in_max` asserts
G_MAXINT8, `uint16_inout` turns G_MAXUINT16 into 0).
"""

import math
import os

import pytest

G_MAXFLOAT = 3.4028234663852886e38
G_MINFLOAT = 1.1754943508222875e-38
G_MAXDOUBLE = 1.7976931348623157e308
G_MINDOUBLE = 2.2250738585072014e-308
UTF8 = "const \u2665 utf8"

# name -> (bits, signed) of the C types GIMarshallingTests has *_in_max/_min families for (LP64).
SIGNED = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "short": 16, "int": 32, "long": 64, "ssize": 64}
UNSIGNED = {"uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64, "ushort": 16, "uint": 32, "ulong": 64, "size": 64}


# The parameter of these functions is named `v`, or after the type (`int_`, `size`).
PARAM = r"argument '(v|[a-z]+_?)'"


def smax(bits):
    return (1 << (bits - 1)) - 1


def smin(bits):
    return -(1 << (bits - 1))


def umax(bits):
    return (1 << bits) - 1


# --- booleans --------------------------------------------------------------------------------


def test_boolean_return_out(gi):
    GI = gi.GIMarshallingTests
    assert GI.boolean_return_true() is True
    assert GI.boolean_return_false() is False
    assert GI.boolean_out_true() is True
    assert GI.boolean_out_false() is False


def test_boolean_in_inout(gi):
    GI = gi.GIMarshallingTests
    GI.boolean_in_true(True)
    GI.boolean_in_false(False)
    assert GI.boolean_inout_true_false(True) is False
    assert GI.boolean_inout_false_true(False) is True


@pytest.mark.parametrize("value, expected", [(1, True), (0, False), ("x", True), ("", False), ([1], True),
                                             (None, False), (2 ** 70, True)])
def test_boolean_in_takes_any_truth_value(gi, value, expected):
    assert gi.Regress.test_boolean(value) is expected


# --- integers -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SIGNED))
def test_signed_integers(gi, name):
    GI = gi.GIMarshallingTests
    bits = SIGNED[name]
    hi, lo = smax(bits), smin(bits)
    assert getattr(GI, name + "_return_max")() == hi
    assert getattr(GI, name + "_return_min")() == lo
    assert getattr(GI, name + "_out_max")() == hi
    assert getattr(GI, name + "_out_min")() == lo
    getattr(GI, name + "_in_max")(hi)
    getattr(GI, name + "_in_min")(lo)
    assert getattr(GI, name + "_inout_max_min")(hi) == lo
    assert getattr(GI, name + "_inout_min_max")(lo) == hi


@pytest.mark.parametrize("name", sorted(SIGNED))
def test_signed_integer_overflow(gi, name):
    fn = getattr(gi.GIMarshallingTests, name + "_in_max")
    bits = SIGNED[name]
    with pytest.raises(OverflowError, match=PARAM):
        fn(smax(bits) + 1)
    with pytest.raises(OverflowError, match=PARAM):
        getattr(gi.GIMarshallingTests, name + "_in_min")(smin(bits) - 1)
    with pytest.raises(OverflowError, match=PARAM):
        getattr(gi.GIMarshallingTests, name + "_inout_max_min")(smax(bits) + 1)


@pytest.mark.parametrize("name", sorted(UNSIGNED))
def test_unsigned_integers(gi, name):
    GI = gi.GIMarshallingTests
    hi = umax(UNSIGNED[name])
    assert getattr(GI, name + "_return")() == hi
    assert getattr(GI, name + "_out")() == hi
    getattr(GI, name + "_in")(hi)
    assert getattr(GI, name + "_inout")(hi) == 0
    with pytest.raises(OverflowError, match=PARAM):
        getattr(GI, name + "_in")(hi + 1)
    with pytest.raises(OverflowError, match=PARAM):
        getattr(GI, name + "_in")(-1)


@pytest.mark.parametrize("name, bits, signed", [
    ("int8", 8, True), ("uint8", 8, False), ("int16", 16, True), ("uint16", 16, False),
    ("int32", 32, True), ("uint32", 32, False), ("int64", 64, True), ("uint64", 64, False),
    ("short", 16, True), ("ushort", 16, False), ("int", 32, True), ("uint", 32, False),
    ("long", 64, True), ("ulong", 64, False), ("ssize", 64, True), ("size", 64, False),
])
def test_regress_integer_round_trip(gi, name, bits, signed):
    fn = getattr(gi.Regress, "test_" + name)
    lo, hi = (smin(bits), smax(bits)) if signed else (0, umax(bits))
    for v in (lo, hi, 0, 1, hi // 3):
        r = fn(v)
        assert r == v and type(r) is int
    with pytest.raises(OverflowError, match="'in_'"):
        fn(hi + 1)
    with pytest.raises(OverflowError, match="'in_'"):
        fn(lo - 1)


def test_integers_accept_index_objects_and_bool(gi):
    class Index:
        def __index__(self):
            return 7

    assert gi.Regress.test_int(Index()) == 7
    assert gi.Regress.test_int8(True) == 1


@pytest.mark.parametrize("bad", ["1", 1.0, 1.5, None, [1], b"1"])
def test_integer_wrong_type(gi, bad):
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_int(bad)


def test_time_t(gi):
    GI = gi.GIMarshallingTests
    assert GI.time_t_return() == 1234567890
    assert GI.time_t_out() == 1234567890
    GI.time_t_in(1234567890)
    assert GI.time_t_inout(1234567890) == 0
    assert gi.Regress.test_timet(2 ** 40) == 2 ** 40


def test_several_outputs(gi):
    GI = gi.GIMarshallingTests
    assert GI.int_out_out() == (6, 7)
    assert GI.int_return_out() == (6, 7)
    assert GI.int_three_in_three_out(1, 2, 3) == (1, 2, 3)
    assert GI.int_three_in_three_out(a=4, b=5, c=6) == (4, 5, 6)


# --- floating point ----------------------------------------------------------------------------


def test_float(gi):
    GI = gi.GIMarshallingTests
    assert GI.float_return() == G_MAXFLOAT
    assert GI.float_out() == G_MAXFLOAT
    GI.float_in(G_MAXFLOAT)
    assert GI.float_inout(G_MAXFLOAT) == G_MINFLOAT


def test_double(gi):
    GI = gi.GIMarshallingTests
    assert GI.double_return() == G_MAXDOUBLE
    assert GI.double_out() == G_MAXDOUBLE
    GI.double_in(G_MAXDOUBLE)
    assert GI.double_inout(G_MAXDOUBLE) == G_MINDOUBLE


def test_float_conversions(gi):
    R = gi.Regress
    assert R.test_float(1.5) == 1.5
    assert R.test_float(2) == 2.0 and type(R.test_float(2)) is float
    assert R.test_double(0.1) == 0.1
    assert R.test_double(-3) == -3.0
    assert R.test_float(float("inf")) == float("inf")
    assert math.isnan(R.test_double(float("nan")))
    # A gfloat keeps 24 bits of mantissa.
    assert R.test_float(0.1) == pytest.approx(0.1, rel=1e-7) and R.test_float(0.1) != 0.1
    assert R.test_multi_double_args(2.5) == (5.0, 7.5)


def test_float_out_of_range_and_wrong_type(gi):
    with pytest.raises(OverflowError, match="'in_'"):
        gi.Regress.test_float(1e39)
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_float("1.0")
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_double(None)
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_double([])


# --- unichar --------------------------------------------------------------------------------------


@pytest.mark.parametrize("ch", ["c", "\u2665", "\U0001F600", "\0"])
def test_unichar(gi, ch):
    assert gi.Regress.test_unichar(ch) == ch


@pytest.mark.parametrize("bad", ["", "ab", 3.0, None, b"a"])
def test_unichar_wrong(gi, bad):
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_unichar(bad)


# --- strings -------------------------------------------------------------------------------------


def test_utf8_return_and_out(gi):
    GI = gi.GIMarshallingTests
    assert GI.utf8_none_return() == UTF8
    assert GI.utf8_full_return() == UTF8
    assert GI.utf8_none_out() == UTF8
    assert GI.utf8_full_out() == UTF8
    assert gi.Regress.test_utf8_const_return() == "const \u2665 utf8"
    assert gi.Regress.test_utf8_nonconst_return() == "nonconst \u2665 utf8"
    assert gi.Regress.test_utf8_out() == "nonconst \u2665 utf8"
    assert gi.Regress.test_utf8_out_out() == ("first", "second")
    assert gi.Regress.test_utf8_out_nonconst_return() == ("first", "second")
    assert gi.Regress.test_int_out_utf8("abc\u2665") == 4  # g_utf8_strlen


def test_utf8_in_and_inout(gi):
    GI = gi.GIMarshallingTests
    GI.utf8_none_in(UTF8)
    gi.Regress.test_utf8_const_in("const \u2665 utf8")
    assert GI.utf8_none_inout(UTF8) == ""
    assert GI.utf8_full_inout(UTF8) == ""
    assert gi.Regress.test_utf8_inout("const \u2665 utf8") == "nonconst \u2665 utf8"


def test_utf8_as_uint8array(gi):
    gi.GIMarshallingTests.utf8_as_uint8array_in(UTF8.encode())


def test_utf8_dangling_out_is_none(gi):
    # The C function leaves the out pointer untouched: the binding must have initialised it.
    assert gi.GIMarshallingTests.utf8_dangling_out() is None


def test_utf8_nullable(gi):
    R = gi.Regress
    R.test_utf8_null_in(None)
    assert R.test_utf8_null_out() is None
    assert R.test_return_allow_none() is None
    assert R.test_return_nullable() is None
    GI = gi.GIMarshallingTests
    GI.int_one_in_utf8_two_in_one_allows_none(1, None, "3")
    GI.int_two_in_utf8_two_in_with_allow_none(1, 2, None, None)
    GI.int_two_in_utf8_two_in_with_allow_none(1, 2)  # trailing nullable arguments default to None


def test_utf8_errors(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(ValueError, match="'utf8'"):
        GI.utf8_none_in("const \0 utf8")
    with pytest.raises(TypeError, match="'utf8'"):
        GI.utf8_none_in(None)
    with pytest.raises(TypeError, match="'utf8'"):
        GI.utf8_none_in(b"const utf8")
    with pytest.raises(TypeError, match="'utf8'"):
        GI.utf8_none_in(42)
    with pytest.raises(ValueError, match="'utf8'"):
        GI.utf8_full_inout("a\0b")
    with pytest.raises(TypeError, match="'utf8'"):
        GI.utf8_full_inout(None)
    with pytest.raises(ValueError):
        GI.utf8_none_in("\ud800")  # a lone surrogate is not UTF-8


def test_utf8_str_subclass(gi):
    class S(str):
        pass

    gi.GIMarshallingTests.utf8_none_in(S(UTF8))


def test_filename(gi):
    names = gi.Regress.test_filename_return()
    assert names == ["\u00e5\u00e4\u00f6", "/etc/fstab"]
    assert gi.GIMarshallingTests.filename_list_return() == []


def test_filename_in(gi, tmp_path):
    # g_file_test from GLib takes a filename: str, bytes and os.PathLike all work.
    GLib = gi.GLib
    p = tmp_path / "f\u00e9"
    p.write_text("x")
    assert GLib.file_test(str(p), GLib.FileTest.EXISTS) is True
    assert GLib.file_test(os.fsencode(str(p)), GLib.FileTest.EXISTS) is True
    assert GLib.file_test(p, GLib.FileTest.EXISTS) is True
    assert GLib.file_test(str(tmp_path / "nope"), GLib.FileTest.EXISTS) is False
    with pytest.raises(ValueError, match="'filename'"):
        GLib.file_test("a\0b", GLib.FileTest.EXISTS)
    with pytest.raises(TypeError, match="'filename'"):
        GLib.file_test(42, GLib.FileTest.EXISTS)


def test_filename_full_return(gi):
    GLib = gi.GLib
    assert GLib.build_filenamev(["a", "b\u00e9", "c"]) == os.path.join("a", "b\u00e9", "c")
    assert GLib.path_get_basename("/x/y\u00e9") == "y\u00e9"


def test_filename_none_return_and_out(gi):
    import tempfile
    GLib = gi.GLib
    assert GLib.get_tmp_dir() == tempfile.gettempdir()
    # (filename return, hostname out)
    assert GLib.filename_from_uri("file:///tmp/a%20b%C3%A9") == ("/tmp/a b\u00e9", None)
    assert GLib.filename_from_uri("file://host/x") == ("/x", "host")


# --- enums and flags ------------------------------------------------------------------------------


def test_enum(gi):
    GI = gi.GIMarshallingTests
    E = GI.Enum
    assert E.VALUE1 == 0 and E.VALUE2 == 1 and E.VALUE3 == 42
    r = GI.enum_returnv()
    assert r is E.VALUE3 and isinstance(r, int)
    assert GI.enum_out() is E.VALUE3
    GI.enum_in(E.VALUE3)
    GI.enum_in(42)
    assert GI.enum_inout(E.VALUE3) is E.VALUE1
    assert E(42) is E.VALUE3 and E.VALUE3.name == "VALUE3"


def test_genum(gi):
    GI = gi.GIMarshallingTests
    E = GI.GEnum
    assert GI.genum_returnv() is E.VALUE3
    assert GI.genum_out() is E.VALUE3
    GI.genum_in(E.VALUE3)
    assert GI.genum_inout(E.VALUE3) is E.VALUE1
    assert E.__gtype__.name == "GIMarshallingTestsGEnum"


def test_enum_is_intenum(gi):
    import enum
    assert issubclass(gi.GIMarshallingTests.Enum, enum.IntEnum)
    assert issubclass(gi.GIMarshallingTests.Flags, enum.IntFlag)
    assert issubclass(gi.GIMarshallingTests.NoTypeFlags, enum.IntFlag)


def test_enum_unknown_value_comes_back_as_int(gi):
    R = gi.Regress
    # regress_test_enum_param maps known values to their nick; C just uses the int it gets.
    assert R.test_enum_param(R.TestEnum.VALUE1) == "value1"
    assert R.test_enum_param(R.TestEnum.VALUE3) == "value3"
    assert R.test_unsigned_enum_param(R.TestEnumUnsigned.VALUE2) == "value2"
    assert R.TestEnum.VALUE3 == -1
    assert R.TestEnumUnsigned.VALUE2 == 0x80000000


def test_unknown_enum_and_flags_values_out(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    r = GI.gvalue_round_trip(GObject.Value(GI.GEnum, 7))  # 7 is no member of GEnum
    assert r == 7 and type(r) is int
    f = GI.gvalue_round_trip(GObject.Value(GI.Flags, GI.Flags.VALUE1 | 64))
    assert isinstance(f, GI.Flags) and int(f) == 65 and GI.Flags.VALUE1 in f


def test_enum_errors(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(TypeError, match="'v'"):
        GI.enum_in("VALUE3")
    with pytest.raises(TypeError, match="'v'"):
        GI.enum_in(None)
    with pytest.raises(OverflowError, match="'v'"):
        GI.enum_in(2 ** 40)


def test_flags(gi):
    GI = gi.GIMarshallingTests
    F = GI.Flags
    assert F.VALUE1 == 1 and F.VALUE2 == 2 and F.VALUE3 == 4 and F.MASK == 3 and F.MASK2 == 3
    assert GI.flags_returnv() is F.VALUE2
    assert GI.flags_out() is F.VALUE2
    GI.flags_in(F.VALUE2)
    GI.flags_in(2)
    GI.flags_in_zero(0)
    GI.flags_in_zero(F(0))
    assert GI.flags_inout(F.VALUE2) is F.VALUE1
    assert F.VALUE1 | F.VALUE2 == F.MASK
    assert isinstance(F.VALUE1 | F.VALUE3, F)


def test_no_type_flags(gi):
    GI = gi.GIMarshallingTests
    F = GI.NoTypeFlags
    assert GI.no_type_flags_returnv() is F.VALUE2
    assert GI.no_type_flags_out() is F.VALUE2
    GI.no_type_flags_in(F.VALUE2)
    GI.no_type_flags_in_zero(0)
    assert GI.no_type_flags_inout(F.VALUE2) is F.VALUE1


def test_flags_combination_out(gi):
    R = gi.Regress
    r = R.global_get_flags_out()
    assert r == R.TestFlags.FLAG1 | R.TestFlags.FLAG3 == 5
    assert isinstance(r, R.TestFlags)


def test_flags_errors(gi):
    with pytest.raises(OverflowError, match="'v'"):
        gi.GIMarshallingTests.flags_in(-1)
    with pytest.raises(TypeError, match="'v'"):
        gi.GIMarshallingTests.flags_in(1.0)


# --- GType ----------------------------------------------------------------------------------------


def test_gtype(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    none = GI.gtype_return()
    assert isinstance(none, GObject.GType) and isinstance(none, int)
    assert none.name == "void"
    assert GI.gtype_out().name == "void"
    assert GI.gtype_string_return().name == "gchararray"
    assert GI.gtype_string_out().name == "gchararray"
    GI.gtype_in(none)
    GI.gtype_in(int(none))
    GI.gtype_string_in(GI.gtype_string_return())
    r = GI.gtype_inout(none)
    assert r.name == "gint"


def test_gtype_from_classes(gi):
    R, GObject = gi.Regress, gi.GObject
    assert R.test_gtype(GObject.Object).name == "GObject"
    assert R.test_gtype(R.TestObj).name == "RegressTestObj"
    assert R.test_gtype(R.TestObj) == R.TestObj.__gtype__
    assert R.test_gtype(gi.GIMarshallingTests.GEnum).name == "GIMarshallingTestsGEnum"


def test_gtype_errors(gi):
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_gtype("gint")
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_gtype(None)
    with pytest.raises(OverflowError, match="'in_'"):
        gi.Regress.test_gtype(-1)


# --- pointers -------------------------------------------------------------------------------------


def test_pointer(gi):
    GI = gi.GIMarshallingTests
    assert GI.pointer_in_return(0x1234) == 0x1234
    assert GI.pointer_in_return(None) is None
    assert GI.pointer_in_return(0) is None
    with pytest.raises(TypeError, match="'pointer'"):
        GI.pointer_in_return("0x1234")
    with pytest.raises(OverflowError, match="'pointer'"):
        GI.pointer_in_return(-1)


# --- constants ------------------------------------------------------------------------------------


def test_constants(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    assert GI.CONSTANT_NUMBER == 42
    assert GI.CONSTANT_UTF8 == UTF8
    assert GI.CONSTANT_GERROR_MESSAGE == "gi-marshalling-tests-gerror-message"
    assert R.INT_CONSTANT == 4422
    assert R.DOUBLE_CONSTANT == 44.22
    assert R.STRING_CONSTANT == "Some String"
    assert R.Mixed_Case_Constant == 4423
    assert R.BOOL_CONSTANT is True
    assert R.G_GINT64_CONSTANT == 1000
    assert R.GUINT64_CONSTANT == 18446744073709551615
    assert R.LONG_STRING_CONSTANT.startswith("TYPE,VALUE,ENCODING,CHARSET")


def test_gir_errata_are_left_out(gi, tmp_path):
    # g_mapped_file_get_contents: the GIR says "utf8, transfer full"; it returns the mapping
    # (not NUL-terminated, not freeable), so it is skipped (gir/src/ir/errata.rs). The contents
    # come through get_bytes, whose annotations are right.
    GLib = gi.GLib
    assert not hasattr(GLib.MappedFile, "get_contents")
    p = tmp_path / "mapped.txt"
    p.write_bytes(b"mapped \xe2\x99\xa5")
    m = GLib.MappedFile.new(str(p), False)
    assert m.get_length() == 10
    assert bytes(m.get_bytes().get_data()) == b"mapped \xe2\x99\xa5"
