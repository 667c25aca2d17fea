import ctypes
import os

import pytest

import girgen_runtime as rt
from girgen_runtime import core

from rt_helpers import C, Finalized, collect

refcount = core.object_ref_count


def test_utf8_and_filename_helpers():
    p = C.g_strdup("héllo".encode())
    assert rt.utf8_from_none(p) == "héllo"
    assert rt.utf8_from_full(p) == "héllo"  # g_free'd
    assert rt.utf8_from_none(None) is None and rt.utf8_from_full(0) is None
    q = rt.utf8_to_full("abc")
    assert ctypes.string_at(q) == b"abc"
    C.g_free(q)
    raw = b"/tmp/\xff-not-utf8"
    fp = C.g_strdup(raw)
    name = rt.filename_from_none(fp)
    assert os.fsencode(name) == raw
    assert rt.filename_from_full(fp) == name
    assert rt.filename_to_bytes(name) == raw
    assert rt.filename_to_bytes(os.path.join("a", "b")) == b"a/b"
    fq = rt.filename_to_full(name)
    assert ctypes.string_at(fq) == raw
    C.g_free(fq)


def test_glist_of_strings_transfer_full():
    p = None
    for s in ("c", "b", "a"):
        p = core.g_list_prepend(p, C.g_strdup(s.encode()))
    assert rt.glist_to_list(p, rt.utf8_from_full, rt.TRANSFER_FULL) == ["a", "b", "c"]
    assert rt.glist_to_list(None, rt.utf8_from_full) == []


def test_glist_of_objects_transfer_none_and_container():
    objs = [rt.Object() for _ in range(3)]
    p = rt.list_to_glist(objs, lambda o: o._ptr)
    assert C.g_list_length(p) == 3
    got = rt.glist_to_list(p, rt.object_from_none, rt.TRANSFER_NONE)
    assert all(a is b for a, b in zip(got, objs))
    assert all(refcount(o._ptr) == 1 for o in objs)
    got = rt.glist_to_list(p, rt.object_from_none, rt.TRANSFER_CONTAINER)  # list freed
    assert len(got) == 3


def test_glist_of_objects_transfer_full_adopts_references():
    p = None
    fins = []
    for _ in range(2):
        o = C.g_object_new_with_properties(rt.TYPE_OBJECT, 0, None, None)
        fins.append(Finalized(o))
        p = core.g_list_prepend(p, o)
    got = rt.glist_to_list(p, rt.object_from_full, rt.TRANSFER_FULL)
    assert [refcount(o._ptr) for o in got] == [1, 1]
    del got, o
    collect()
    assert all(f.done for f in fins)


def test_gslist_roundtrip_and_free():
    p = rt.list_to_gslist(["x", "yz"], rt.utf8_to_full)
    assert C.g_slist_length(p) == 2
    assert rt.gslist_to_list(p, rt.utf8_from_none) == ["x", "yz"]
    rt.gslist_free(p, core.G_FREE)
    q = rt.list_to_gslist([1, 2, 3])
    assert rt.gslist_to_list(q, None, rt.TRANSFER_CONTAINER) == [1, 2, 3]
    rt.glist_free(None)


def test_ghashtable_string_keys_roundtrip():
    d = {"one": "1", "two": "2", "drei": "3"}
    t = rt.dict_to_ghashtable(d, rt.utf8_to_full, rt.utf8_to_full, rt.HASH_STRING,
                              core.G_FREE, core.G_FREE)
    assert C.g_hash_table_size(t) == 3
    assert ctypes.string_at(C.g_hash_table_lookup(t, b"two")) == b"2"
    assert rt.ghashtable_to_dict(t, rt.utf8_from_none, rt.utf8_from_none) == d
    # transfer full: the table (and, through its destroy functions, the strings) is freed
    assert rt.ghashtable_to_dict(t, rt.utf8_from_none, rt.utf8_from_none,
                                 rt.TRANSFER_FULL) == d


def test_ghashtable_pointer_keys_and_object_values():
    o = rt.Object()
    t = rt.dict_to_ghashtable({1: o}, None, lambda x: x._ptr)
    got = rt.ghashtable_to_dict(t, None, rt.object_from_none, rt.TRANSFER_CONTAINER)
    assert got == {1: o} and got[1] is o
    assert rt.ghashtable_to_dict(None, None, None) == {}


@pytest.mark.parametrize("kind,values", [
    (core.KIND_INT32, [1, -2, 3]),
    (core.KIND_UINT8, [0, 255, 7]),
    (core.KIND_INT64, [1 << 40, -(1 << 40)]),
    (core.KIND_DOUBLE, [0.5, -1.25]),
    (core.KIND_GTYPE, [rt.TYPE_OBJECT, rt.TYPE_INT]),
])
def test_carray_numbers_roundtrip(kind, values):
    keep, addr, n = rt.list_to_carray(values, kind)
    assert n == len(values)
    assert rt.carray_to_list(addr, n, kind) == values
    full, n = rt.list_to_carray_full(values, kind, zero_terminated=True)
    if 0 not in values:
        assert rt.carray_zt_to_list(full, kind) == values
    assert rt.carray_to_list(full, n, kind, rt.TRANSFER_FULL) == values  # g_free'd


def test_carray_of_strings_and_pointers():
    ptrs = [C.g_strdup(s) for s in (b"a", b"bb")]
    full, n = rt.list_to_carray_full(ptrs, core.KIND_POINTER, zero_terminated=True)
    assert rt.carray_zt_to_list(full, core.KIND_POINTER, rt.TRANSFER_FULL,
                                rt.utf8_from_full) == ["a", "bb"]
    assert rt.carray_to_list(None, 3, core.KIND_INT32) == []
    keep, addr, n = rt.list_to_carray([None, 5], core.KIND_POINTER)
    assert rt.carray_to_list(addr, n, core.KIND_POINTER) == [None, 5]


def test_strv_roundtrips():
    keep, addr = rt.strv_new(["a", "bé", ""])
    assert C.g_strv_length(addr) == 3
    assert rt.strv_from_none(addr) == ["a", "bé", ""]
    full = rt.strv_new_full(["x", "y"])
    assert C.g_strv_length(full) == 2
    assert rt.strv_from_full(full) == ["x", "y"]  # g_strfreev'd
    cont = rt.strv_new_full(["k"])
    p = core.read_pointer(cont)
    assert rt.strv_from_container(cont) == ["k"]
    C.g_free(p)
    assert rt.strv_from_none(None) == []
    with pytest.raises(ValueError, match="null"):
        rt.strv_new(["a\0b"])
    with pytest.raises(TypeError):
        rt.strv_new(["a", 1])
