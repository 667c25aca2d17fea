"""The C-access core contract: names of _ctypes_core.__all__ exist in every core,
and the helpers behave the same on the real libraries."""

import importlib

import pytest

import girgen_runtime as rt
from girgen_runtime import _ctypes_core


def _cores():
    cores = [_ctypes_core]
    try:
        cores.append(importlib.import_module("girgen_runtime._cffi_core"))
    except ImportError:  # cffi not installed for this interpreter
        pass
    return cores


@pytest.mark.parametrize("mod", _cores(), ids=lambda m: m.BACKEND)
def test_core_provides_the_interface(mod):
    missing = [n for n in _ctypes_core.__all__ if not hasattr(mod, n)]
    assert missing == []


@pytest.mark.parametrize("mod", _cores(), ids=lambda m: m.BACKEND)
def test_core_helpers(mod):
    o = rt.Object()
    assert mod.type_from_instance(o._ptr) == rt.TYPE_OBJECT
    assert mod.object_ref_count(o._ptr) == 1
    keep, addr = mod.alloc(mod.POINTER_SIZE * 2)
    assert not mod.read_pointer(addr)
    mod.write_pointer(addr, 0x1234)
    assert mod.read_pointer(addr) == 0x1234 and mod.read_gsize(addr) == 0x1234
    assert mod.read_u32(addr) == 0x1234 and mod.read_i32(addr) == 0x1234
    s = mod.g_strdup(b"abc")
    assert mod.string_at(s) == b"abc" and mod.string_at(s, 2) == b"ab"
    mod.g_free(s)
    q = mod.g_quark_from_string(b"core-test-quark")
    assert mod.g_quark_to_string(q) == b"core-test-quark"
    e = mod.g_error_new_literal(q, 3, b"msg")
    assert mod.gerror_fields(e) == (q, 3, b"msg")
    mod.g_error_free(e)
    assert mod.signal_parse_name(b"notify::x", rt.TYPE_OBJECT)[0] > 0
    assert mod.signal_parse_name(b"nosuch", rt.TYPE_OBJECT) is None
    sid = mod.signal_parse_name(b"notify", rt.TYPE_OBJECT)[0]
    info = mod.signal_query(sid)
    assert info[1] == b"notify" and info[2] == rt.TYPE_OBJECT and len(info[5]) == 1
    vals = [1, 2, 3]
    keep, arr = mod.array_new(vals, mod.KIND_INT32, True)
    assert mod.array_length_zero_terminated(arr, mod.KIND_INT32) == 3
    assert mod.array_read(arr, 3, mod.KIND_INT32) == vals
    keep, strv = mod.strv_new([b"a", b"b"])
    assert mod.g_strv_length(strv) == 2
    assert mod.kind_size(mod.KIND_INT64) == 8
    assert mod.GVALUE_SIZE == 3 * mod.POINTER_SIZE
