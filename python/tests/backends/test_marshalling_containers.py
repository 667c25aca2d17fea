"""GList, GSList and GHashTable with every transfer and direction, elements stored in the
container's pointers (strings, GINT_TO_POINTER integers, pointers to 64-bit and floating-point
values, GTypes, GValues), against gimarshallingtests.c and regress.c."""

import pytest

SEQ = ["1", "2", "3"]
HASH = {"foo": "bar", "baz": "bat", "qux": "quux"}
GI_HASH = {"-1": "1", "0": "0", "1": "-1", "2": "-2"}


# --- GList / GSList --------------------------------------------------------------------------------


def test_glist_return(gi):
    GI = gi.GIMarshallingTests
    assert GI.glist_int_none_return() == [-1, 0, 1, 2]
    assert GI.glist_uint32_none_return() == [0, 2 ** 32 - 1]
    assert GI.glist_utf8_none_return() == ["0", "1", "2"]
    assert GI.glist_utf8_container_return() == ["0", "1", "2"]
    assert GI.glist_utf8_full_return() == ["0", "1", "2"]


def test_glist_in_out_inout(gi):
    GI = gi.GIMarshallingTests
    GI.glist_int_none_in([-1, 0, 1, 2])
    GI.glist_uint32_none_in([0, 2 ** 32 - 1])
    GI.glist_utf8_none_in(["0", "1", "2"])
    GI.glist_utf8_none_in(("0", "1", "2"))
    assert GI.glist_utf8_none_out() == ["0", "1", "2"]
    assert GI.glist_utf8_container_out() == ["0", "1", "2"]
    assert GI.glist_utf8_full_out() == ["0", "1", "2"]
    for fn in (GI.glist_utf8_none_inout, GI.glist_utf8_container_inout, GI.glist_utf8_full_inout):
        assert fn(["0", "1", "2"]) == ["-2", "-1", "0", "1"]


def test_gslist(gi):
    GI = gi.GIMarshallingTests
    assert GI.gslist_int_none_return() == [-1, 0, 1, 2]
    assert GI.gslist_utf8_none_return() == ["0", "1", "2"]
    assert GI.gslist_utf8_container_return() == ["0", "1", "2"]
    assert GI.gslist_utf8_full_return() == ["0", "1", "2"]
    GI.gslist_int_none_in([-1, 0, 1, 2])
    GI.gslist_utf8_none_in(["0", "1", "2"])
    assert GI.gslist_utf8_none_out() == ["0", "1", "2"]
    assert GI.gslist_utf8_container_out() == ["0", "1", "2"]
    assert GI.gslist_utf8_full_out() == ["0", "1", "2"]
    for fn in (GI.gslist_utf8_none_inout, GI.gslist_utf8_container_inout, GI.gslist_utf8_full_inout):
        assert fn(["0", "1", "2"]) == ["-2", "-1", "0", "1"]


@pytest.mark.parametrize("kind", ["glist", "gslist"])
def test_regress_lists(gi, kind):
    R = gi.Regress
    f = lambda name: getattr(R, "test_%s_%s" % (kind, name))  # noqa: E731
    assert f("nothing_return")() == SEQ
    assert f("nothing_return2")() == SEQ
    assert f("container_return")() == SEQ
    assert f("everything_return")() == SEQ
    f("nothing_in")(SEQ)
    f("nothing_in2")(SEQ)
    f("null_in")(None)
    f("null_in")([])
    assert f("null_out")() == []


def test_glist_of_gtypes(gi):
    R = gi.Regress
    R.test_glist_gtype_container_in([R.TestObj, R.TestSubObj])
    R.test_glist_gtype_container_in([R.TestObj.__gtype__, R.TestSubObj.__gtype__])


def test_list_filenames(gi):
    assert gi.GIMarshallingTests.filename_list_return() == []


def test_list_errors(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(TypeError, match="'list'"):
        GI.glist_utf8_none_in(["0", 1, "2"])
    with pytest.raises(TypeError, match="'list'"):
        GI.glist_utf8_none_in("012")
    with pytest.raises(TypeError, match="'list'"):
        GI.glist_utf8_none_in(None)
    with pytest.raises(OverflowError, match="'list'"):
        GI.glist_uint32_none_in([0, 2 ** 32])
    with pytest.raises(OverflowError, match="'list'"):
        GI.glist_int_none_in([-1, 0, 1, 2 ** 31])
    with pytest.raises(TypeError, match="'in_'"):
        gi.Regress.test_glist_gtype_container_in([gi.Regress.TestObj, "x"])


# --- GHashTable ------------------------------------------------------------------------------------


def test_ghashtable_return_and_out(gi):
    GI = gi.GIMarshallingTests
    assert GI.ghashtable_int_none_return() == {-1: 1, 0: 0, 1: -1, 2: -2}
    for fn in (GI.ghashtable_utf8_none_return, GI.ghashtable_utf8_container_return,
               GI.ghashtable_utf8_full_return, GI.ghashtable_utf8_none_out,
               GI.ghashtable_utf8_container_out, GI.ghashtable_utf8_full_out):
        assert fn() == GI_HASH


def test_ghashtable_in(gi):
    GI = gi.GIMarshallingTests
    GI.ghashtable_int_none_in({-1: 1, 0: 0, 1: -1, 2: -2})
    GI.ghashtable_utf8_none_in(dict(GI_HASH))


def test_ghashtable_inout(gi):
    GI = gi.GIMarshallingTests
    for fn in (GI.ghashtable_utf8_none_inout, GI.ghashtable_utf8_container_inout,
               GI.ghashtable_utf8_full_inout):
        assert fn(dict(GI_HASH)) == {"-1": "1", "0": "0", "1": "1"}


def test_ghashtable_values_behind_pointers(gi):
    # 64-bit and floating-point values do not fit a pointer: GI stores pointers to them.
    GI = gi.GIMarshallingTests
    GI.ghashtable_double_in({"-1": -0.1, "0": 0.0, "1": 0.1, "2": 0.2})
    GI.ghashtable_float_in({"-1": -0.1, "0": 0.0, "1": 0.1, "2": 0.2})
    GI.ghashtable_int64_in({"-1": -1, "0": 0, "1": 1, "2": 2 ** 32})
    GI.ghashtable_uint64_in({"-1": 2 ** 32, "0": 0, "1": 1, "2": 2})


def test_regress_ghash(gi):
    R = gi.Regress
    assert R.test_ghash_nothing_return() == HASH
    assert R.test_ghash_nothing_return2() == HASH
    assert R.test_ghash_container_return() == HASH
    assert R.test_ghash_everything_return() == HASH
    R.test_ghash_nothing_in(HASH)
    R.test_ghash_nothing_in2(HASH)
    R.test_ghash_null_in(None)
    assert R.test_ghash_null_return() is None
    assert R.test_ghash_null_out() is None


def test_ghash_of_gvalues(gi):
    R = gi.Regress
    d = R.test_ghash_gvalue_return()
    assert d == {"integer": 12, "boolean": True, "string": "some text",
                 "strings": ["first", "second", "third"],
                 "flags": R.TestFlags.FLAG1 | R.TestFlags.FLAG3, "enum": R.TestEnum.VALUE2}
    assert isinstance(d["enum"], R.TestEnum) and isinstance(d["flags"], R.TestFlags)
    R.test_ghash_gvalue_in(d)


def test_ghashtable_errors(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(TypeError, match="'hash_table'"):
        GI.ghashtable_utf8_none_in([("-1", "1")])
    with pytest.raises(TypeError, match="'hash_table'"):
        GI.ghashtable_utf8_none_in({"-1": 1})
    with pytest.raises(TypeError, match="'hash_table'"):
        GI.ghashtable_utf8_none_in({1: "1"})
    with pytest.raises(OverflowError, match="'hash_table'"):
        GI.ghashtable_int_none_in({-1: 2 ** 40})
    with pytest.raises(TypeError, match="'hash_table'"):
        GI.ghashtable_double_in({"-1": "x"})
    with pytest.raises(TypeError, match="'hash_table'"):
        GI.ghashtable_utf8_none_in(None)
    # a None key where keys are hashed through their pointer (g_str_hash, g_int64_hash): the
    # fuzzer found Regress.test_ghash_gvalue_in({None: []}) crashing
    with pytest.raises(TypeError):
        gi.Regress.test_ghash_gvalue_in({None: []})
    with pytest.raises(TypeError):
        GI.ghashtable_utf8_none_in({None: "1"})
