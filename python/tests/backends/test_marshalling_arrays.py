"""C arrays (fixed size, with a length parameter, zero-terminated; of numbers, strings, structs,
objects and GValues), GArray, GPtrArray, GByteArray, GBytes and GStrv, in every direction and
with every transfer, against gimarshallingtests.c and regress.c."""

import pytest

UCS4 = "const \u2665 utf8"


# --- fixed-size C arrays --------------------------------------------------------------------------


def test_array_fixed(gi):
    GI = gi.GIMarshallingTests
    assert GI.array_fixed_int_return() == [-1, 0, 1, 2]
    assert GI.array_fixed_short_return() == [-1, 0, 1, 2]
    GI.array_fixed_int_in([-1, 0, 1, 2])
    GI.array_fixed_short_in((-1, 0, 1, 2))
    assert GI.array_fixed_out() == [-1, 0, 1, 2]
    assert GI.array_fixed_inout([-1, 0, 1, 2]) == [2, 1, 0, -1]


def test_array_fixed_wrong_size(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(ValueError, match="'ints'"):
        GI.array_fixed_int_in([-1, 0, 1])
    with pytest.raises(ValueError, match="'ints'"):
        GI.array_fixed_int_in([-1, 0, 1, 2, 3])
    with pytest.raises(ValueError):
        gi.Regress.test_array_static_in_int([1, 2, 3])


def test_array_fixed_regress(gi):
    R = gi.Regress
    assert R.test_array_fixed_size_int_in([1, 2, 3, 4, 5]) == 15
    assert R.test_array_fixed_size_int_out() == [0, 1, 2, 3, 4]
    assert R.test_array_fixed_size_int_return() == [0, 1, 2, 3, 4]
    R.test_array_static_in_int(list(range(10)))


def test_array_fixed_out_structs_by_value(gi):
    # A static array of two SimpleStructs by value (not pointers).
    s = gi.GIMarshallingTests.array_fixed_out_struct()
    assert [(x.long_, x.int8) for x in s] == [(7, 6), (6, 7)]
    assert all(type(x) is gi.GIMarshallingTests.SimpleStruct for x in s)


def test_array_fixed_out_objects(gi):
    R = gi.Regress
    objs = R.test_array_fixed_out_objects()
    assert len(objs) == 2
    assert all(isinstance(o, R.TestObj) for o in objs)
    assert objs[0] is not objs[1]  # two new objects from regress_constructor()
    assert [o.props.int for o in objs] == [0, 0]
    assert all(o.__grefcount__ == 1 for o in objs)


# --- C arrays with a length --------------------------------------------------------------------------


def test_array_return_and_out(gi):
    GI = gi.GIMarshallingTests
    assert GI.array_return() == [-1, 0, 1, 2]
    assert GI.array_return_etc(5, 9) == ([5, 0, 1, 9], 14)
    assert GI.array_out() == [-1, 0, 1, 2]
    assert GI.array_out_etc(-5, 9) == ([-5, 0, 1, 9], 4)
    assert GI.array_bool_out() == [True, False, True, True]
    assert GI.array_unichar_out() == list(UCS4)


def test_array_in(gi):
    GI = gi.GIMarshallingTests
    GI.array_in([-1, 0, 1, 2])
    GI.array_in((-1, 0, 1, 2))
    GI.array_in(range(-1, 3))
    GI.array_in_len_before([-1, 0, 1, 2])
    GI.array_in_len_zero_terminated([-1, 0, 1, 2])
    GI.array_in_guint64_len([-1, 0, 1, 2])
    GI.array_in_guint8_len([-1, 0, 1, 2])
    GI.array_int64_in([-1, 0, 1, 2])
    GI.array_uint64_in([2 ** 64 - 1, 0, 1, 2])
    GI.array_unichar_in(list(UCS4))
    GI.array_bool_in([True, False, 1, "yes"])
    GI.array_string_in(["foo", "bar"])
    GI.array_uint8_in(b"abcd")
    GI.array_uint8_in(bytearray(b"abcd"))
    GI.array_uint8_in([ord(c) for c in "abcd"])
    GI.array_enum_in([GI.Enum.VALUE1, GI.Enum.VALUE2, GI.Enum.VALUE3])
    GI.array_enum_in([0, 1, 42])
    GI.array_flags_in([GI.Flags.VALUE1, GI.Flags.VALUE2, GI.Flags.VALUE3])
    GI.array_in_utf8_two_in([-1, 0, 1, 2], "1", "2")
    GI.array_in_utf8_two_in_out_of_order("1", [-1, 0, 1, 2], "2")


def test_array_inout(gi):
    GI = gi.GIMarshallingTests
    assert GI.array_inout([-1, 0, 1, 2]) == [-2, -1, 0, 1, 2]
    assert GI.array_inout_etc(7, [-1, 0, 1, 2], 8) == ([7, -1, 0, 1, 8], 15)


def test_array_regress_length(gi):
    R = gi.Regress
    assert R.test_array_int_in([1, 2, 3, 4]) == 10
    assert R.test_array_int_in([]) == 0
    assert R.test_array_gint8_in([1, 2, 3, -4]) == 2
    assert R.test_array_gint16_in([1000, 2000]) == 3000
    assert R.test_array_gint32_in([2 ** 30, 2 ** 30 - 1]) == 2 ** 31 - 1
    assert R.test_array_gint64_in([2 ** 40, 2 ** 40]) == 2 ** 41
    assert R.test_array_int_out() == [0, 1, 2, 3, 4]
    assert R.test_array_int_inout([5, 2, 3]) == [3, 4]
    assert R.test_array_int_inout([]) == []
    assert R.test_array_int_full_out() == [0, 1, 2, 3, 4]
    assert R.test_array_int_none_out() == [1, 2, 3, 4, 5]
    assert R.test_array_gtype_in([R.TestObj, gi.GObject.Object, gi.GObject.GType(64)]) == \
        "[RegressTestObj,GObject,gchararray,]"


def test_array_nullable(gi):
    R = gi.Regress
    R.test_array_int_null_in(None)
    assert R.test_array_int_null_out() == []


def test_array_element_errors(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    with pytest.raises(OverflowError, match="'ints'"):
        R.test_array_gint8_in([1, 200])
    with pytest.raises(TypeError, match="'ints'"):
        R.test_array_int_in([1, "2"])
    with pytest.raises(TypeError, match="'ints'"):
        R.test_array_int_in(5)
    with pytest.raises(TypeError, match="'ints'"):
        R.test_array_int_in(None)
    with pytest.raises(TypeError, match="'ints'"):
        R.test_array_int_in({1: 2})
    with pytest.raises(TypeError, match="'strings'"):
        GI.array_string_in(["foo", 1])
    with pytest.raises(ValueError, match="'strings'"):
        GI.array_string_in(["foo", "b\0r"])
    with pytest.raises(TypeError, match="'chars'"):
        GI.array_uint8_in("abcd")
    with pytest.raises(OverflowError, match="'ints'"):
        GI.array_uint64_in([-1, 0, 1, 2])
    with pytest.raises(TypeError, match="'types'"):
        R.test_array_gtype_in(["gint"])


# --- zero-terminated C arrays -------------------------------------------------------------------


def test_array_zero_terminated(gi):
    GI = gi.GIMarshallingTests
    assert GI.array_zero_terminated_return() == ["0", "1", "2"]
    assert GI.array_zero_terminated_return_null() == []
    assert GI.array_zero_terminated_return_unichar() == list(UCS4)
    GI.array_zero_terminated_in(["0", "1", "2"])
    assert GI.array_zero_terminated_out() == ["0", "1", "2"]
    assert GI.array_zero_terminated_inout(["0", "1", "2"]) == ["-1", "0", "1", "2"]


def test_strv(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    assert GI.gstrv_return() == ["0", "1", "2"]
    GI.gstrv_in(["0", "1", "2"])
    assert GI.gstrv_out() == ["0", "1", "2"]
    assert GI.gstrv_inout(["0", "1", "2"]) == ["-1", "0", "1", "2"]
    assert R.test_strv_in(["1", "2", "3"]) is True
    assert R.test_strv_in(["1", "2"]) is False
    assert R.test_strv_out() == ["thanks", "for", "all", "the", "fish"]
    assert R.test_strv_out_c() == ["thanks", "for", "all", "the", "fish"]
    assert R.test_strv_out_container() == ["1", "2", "3"]
    assert R.test_strv_outarg() == ["1", "2", "3"]


def test_array_of_gvariants(gi):
    GI, GLib = gi.GIMarshallingTests, gi.GLib
    for fn in (GI.array_gvariant_none_in, GI.array_gvariant_container_in, GI.array_gvariant_full_in):
        v = [GLib.Variant.new_int32(27), GLib.Variant.new_string("Hello")]
        r = fn(v)
        assert [x.get_type_string() for x in r] == ["i", "s"]
        assert r[0].get_int32() == 27
        assert r[1].get_string() == ("Hello", 5)


# --- arrays of structs -----------------------------------------------------------------------------


def boxed(gi, *values):
    out = []
    for v in values:
        s = gi.GIMarshallingTests.BoxedStruct()
        s.long_ = v
        out.append(s)
    return out


def test_array_of_struct_pointers_in(gi):
    GI = gi.GIMarshallingTests
    structs = boxed(gi, 1, 2, 3)
    GI.array_struct_in(structs)
    GI.array_struct_take_in(structs)  # C frees copies, not our structs
    assert [s.long_ for s in structs] == [1, 2, 3]


def test_array_of_structs_by_value_in(gi):
    GI = gi.GIMarshallingTests
    GI.array_struct_value_in(boxed(gi, 1, 2, 3))
    simple = []
    for v in (1, 2, 3):
        s = GI.SimpleStruct()
        s.long_ = v
        simple.append(s)
    GI.array_simple_struct_in(simple)
    R = gi.Regress

    def a(n):
        s = R.TestStructA()
        s.some_int = n
        return s

    R.test_array_struct_in_none([a(301), a(302), a(303)])
    R.test_array_struct_in_full([a(201), a(202)])


def test_array_of_structs_wrong_element(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(TypeError, match="'structs'"):
        GI.array_struct_value_in([GI.BoxedStruct(), 3, GI.BoxedStruct()])
    with pytest.raises(TypeError, match="'structs'"):
        GI.array_simple_struct_in([GI.BoxedStruct()])
    with pytest.raises(TypeError, match="'structs'"):
        GI.array_struct_in([None])


def test_array_of_structs_out(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    r = GI.array_zero_terminated_return_struct()
    assert [s.long_ for s in r] == [42, 43, 44]
    assert all(type(s) is GI.BoxedStruct for s in r)
    assert [s.some_int for s in R.test_array_struct_out()] == [22, 33, 44]
    assert [s.some_int for s in R.test_array_struct_out_none()] == [111, 222, 333]
    assert [s.some_int for s in R.test_array_struct_out_container()] == [11, 13, 17, 19, 23]
    assert [s.some_int for s in R.test_array_struct_out_full_fixed()] == [2, 3, 5, 7]


def test_structs_out_survive_the_array(gi):
    # Elements are copies: they stay valid after the C array is freed and can be changed.
    R = gi.Regress
    first = R.test_array_struct_out_container()
    second = R.test_array_struct_out_container()
    first[0].some_int = 1000
    assert second[0].some_int == 11
    assert first[0].some_int == 1000


def test_array_struct_caller_alloc_raises(gi):
    # The length of this caller-allocated array is only known to C (the GIR marks it as an out
    # parameter although C takes it by value): the call must not be made. The IR skips the
    # function (its c:type and GIR type disagree), so it is not bound at all.
    with pytest.raises((NotImplementedError, TypeError, AttributeError)):
        gi.Regress.test_array_struct_out_caller_alloc()


# --- arrays of GValues ----------------------------------------------------------------------------


def test_array_of_gvalues(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    GI.gvalue_flat_array([42, "42", True])
    v = GObject.Value(GObject.TYPE_INT, 42)
    GI.gvalue_flat_array([v, "42", True])
    assert GI.return_gvalue_flat_array() == [42, "42", True]
    GI.multi_array_key_value_in(["one", "two", "three"], [1, 2, GObject.Value(GObject.TYPE_INT, 3)])


def test_array_of_gvalues_errors(gi):
    with pytest.raises(TypeError, match="'values'"):
        gi.GIMarshallingTests.gvalue_flat_array([42, object(), True])
    with pytest.raises(TypeError, match="'values'"):
        gi.GIMarshallingTests.gvalue_flat_array(None)


# --- GArray ----------------------------------------------------------------------------------------


def test_garray_return(gi):
    GI = gi.GIMarshallingTests
    assert GI.garray_int_none_return() == [-1, 0, 1, 2]
    assert GI.garray_uint64_none_return() == [0, 2 ** 64 - 1]
    assert GI.garray_utf8_none_return() == ["0", "1", "2"]
    assert GI.garray_utf8_container_return() == ["0", "1", "2"]
    assert GI.garray_utf8_full_return() == ["0", "1", "2"]
    r = GI.garray_boxed_struct_full_return()
    assert [s.long_ for s in r] == [42, 43, 44]


def test_garray_in(gi):
    GI = gi.GIMarshallingTests
    GI.garray_int_none_in([-1, 0, 1, 2])
    GI.garray_uint64_none_in([0, 2 ** 64 - 1])
    GI.garray_utf8_none_in(["0", "1", "2"])
    GI.garray_bool_none_in([True, False, True, True])
    GI.garray_unichar_none_in(list(UCS4))


def test_garray_out_inout(gi):
    GI = gi.GIMarshallingTests
    assert GI.garray_utf8_none_out() == ["0", "1", "2"]
    assert GI.garray_utf8_container_out() == ["0", "1", "2"]
    assert GI.garray_utf8_full_out() == ["0", "1", "2"]
    assert GI.garray_utf8_full_out_caller_allocated() == ["0", "1", "2"]
    for fn in (GI.garray_utf8_none_inout, GI.garray_utf8_container_inout, GI.garray_utf8_full_inout):
        assert fn(["0", "1", "2"]) == ["-2", "-1", "0", "1"]


def test_garray_regress(gi):
    assert gi.Regress.test_garray_container_return() == ["regress"]
    assert gi.Regress.test_garray_full_return() == ["regress"]


def test_garray_errors(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(OverflowError, match="'array_'"):
        GI.garray_uint64_none_in([0, 2 ** 64])
    with pytest.raises(TypeError, match="'array_'"):
        GI.garray_utf8_none_in(["0", 1, "2"])
    with pytest.raises(TypeError, match="'array_'"):
        GI.garray_int_none_in(None)


# --- GPtrArray ---------------------------------------------------------------------------------------


def test_gptrarray(gi):
    GI = gi.GIMarshallingTests
    assert GI.gptrarray_utf8_none_return() == ["0", "1", "2"]
    assert GI.gptrarray_utf8_container_return() == ["0", "1", "2"]
    assert GI.gptrarray_utf8_full_return() == ["0", "1", "2"]
    GI.gptrarray_utf8_none_in(["0", "1", "2"])
    assert GI.gptrarray_utf8_none_out() == ["0", "1", "2"]
    assert GI.gptrarray_utf8_container_out() == ["0", "1", "2"]
    assert GI.gptrarray_utf8_full_out() == ["0", "1", "2"]
    for fn in (GI.gptrarray_utf8_none_inout, GI.gptrarray_utf8_container_inout, GI.gptrarray_utf8_full_inout):
        assert fn(["0", "1", "2"]) == ["-2", "-1", "0", "1"]


def test_gptrarray_of_boxed(gi):
    r = gi.GIMarshallingTests.gptrarray_boxed_struct_full_return()
    assert [s.long_ for s in r] == [42, 43, 44]
    assert all(type(s) is gi.GIMarshallingTests.BoxedStruct for s in r)


# --- GByteArray and GBytes -----------------------------------------------------------------------


def test_gbytearray(gi):
    GI = gi.GIMarshallingTests
    r = GI.bytearray_full_return()
    assert r == b"\x001\xff3" and type(r) is bytes
    GI.bytearray_none_in(b"\x00\x31\xff\x33")
    GI.bytearray_none_in(bytearray(b"\x00\x31\xff\x33"))
    GI.bytearray_none_in([0, 49, 255, 51])
    with pytest.raises(OverflowError, match="'v'"):
        GI.bytearray_none_in([0, 49, 256, 51])


def test_gbytes(gi):
    GI, GLib = gi.GIMarshallingTests, gi.GLib
    b = GI.gbytes_full_return()
    assert isinstance(b, GLib.Bytes)
    assert b.get_size() == 4
    assert b.get_data() == b"\x001\xff3"
    GI.gbytes_none_in(b)
    mine = GLib.Bytes.new(b"\x00\x31\xff\x33")
    GI.gbytes_none_in(mine)
    assert mine.get_data() == b"\x001\xff3"
