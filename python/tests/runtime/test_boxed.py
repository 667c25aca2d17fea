import ctypes

import pytest

import girgen_runtime as rt
from girgen_runtime import core
from girgen_runtime._ctypes_records import EmbeddedField, Field
from girgen_runtime.args import INT32

from rt_helpers import C, _fn, collect


class BytesTracker:
    """A GBytes whose free function (called by GLib when the last reference
    goes) records that it ran."""

    def __init__(self, payload=b"payload"):
        self.freed = 0
        self._buf = ctypes.create_string_buffer(payload)
        self._free = C.DESTROY(self._on_free)
        self.ptr = C.g_bytes_new_with_free_func(ctypes.addressof(self._buf), len(payload),
                                                self._free, None)

    def _on_free(self, data):
        self.freed += 1


class GBytesByGType(rt.Boxed):
    __slots__ = ()
    __gtype__ = rt.LazyGType(C.g_bytes_get_type)


class GBytesRefCounted(rt.Boxed):
    __slots__ = ()
    _ref_func_ = C.g_bytes_ref
    _unref_func_ = C.g_bytes_unref


@pytest.mark.parametrize("cls", [GBytesByGType, GBytesRefCounted])
def test_transfer_none_takes_reference_and_releases_it(cls):
    t = BytesTracker()
    w = rt.boxed_from_none(cls, t.ptr)
    assert w._ptr == t.ptr  # g_boxed_copy of GBytes is a ref
    C.g_bytes_unref(t.ptr)  # the C owner lets go
    assert t.freed == 0
    assert C.g_bytes_get_size(w._ptr) == 7
    del w
    collect()
    assert t.freed == 1


@pytest.mark.parametrize("cls", [GBytesByGType, GBytesRefCounted])
def test_transfer_full_adopts(cls):
    t = BytesTracker()
    w = rt.boxed_from_full(cls, t.ptr)
    assert t.freed == 0
    del w
    collect()
    assert t.freed == 1


def test_boxed_to_full_and_copy():
    t = BytesTracker()
    w = rt.boxed_from_full(GBytesByGType, t.ptr)
    p = rt.boxed_to_full(w)  # a new reference for C
    c = w.copy()
    del w, c
    collect()
    assert t.freed == 0
    C.g_bytes_unref(p)
    assert t.freed == 1
    assert rt.boxed_from_none(GBytesByGType, None) is None
    assert rt.boxed_to_full(None) is None


class Date(rt.Boxed):
    """GDate with explicit copy/free functions instead of its GType."""

    __slots__ = ()
    _copy_func_ = _fn(C.glib, "g_date_copy", ctypes.c_void_p, ctypes.c_void_p)
    _free_func_ = _fn(C.glib, "g_date_free", None, ctypes.c_void_p)
    _size_ = 8  # sizeof(GDate)


def test_copy_free_functions_and_caller_allocates():
    d = C.g_date_new_dmy(24, 12, 2023)
    w = rt.boxed_from_none(Date, d)
    assert w._ptr != d and C.g_date_get_year(w._ptr) == 2023
    C.g_free(d)
    out = rt.record_alloc(Date)  # caller-allocates out parameter
    C.g_date_clear(out._ptr, 1)
    C.g_date_set_dmy(out._ptr, 1, 2, 1999)
    assert C.g_date_get_year(out._ptr) == 1999
    assert out._own == rt.OWN_PY
    py = Date()  # Record() construction: zeroed, Python-owned
    assert not C.g_date_valid(py._ptr)


class _Inner(ctypes.Structure):
    _fields_ = [("a", ctypes.c_int32), ("b", ctypes.c_int32)]


class _OuterLayout(ctypes.Structure):
    _fields_ = [("tag", ctypes.c_int32), ("inner", _Inner), ("name", ctypes.c_void_p)]


class Inner(rt.Boxed):
    __slots__ = ()
    _layout_ = _Inner
    _size_ = ctypes.sizeof(_Inner)
    a = Field("a", check=INT32)
    b = Field("b")


class Outer(rt.Boxed):
    __slots__ = ()
    _layout_ = _OuterLayout
    _size_ = ctypes.sizeof(_OuterLayout)
    tag = Field("tag", check=INT32)
    inner = EmbeddedField("inner", lambda: Inner)
    name = Field("name", to_py=rt.utf8_from_none)


def test_fields_of_python_allocated_record():
    o = Outer()
    assert o.tag == 0
    o.tag = 5
    assert o.tag == 5
    o.tag = -7
    assert _OuterLayout.from_address(o._ptr).tag == -7
    with pytest.raises(OverflowError, match="field 'tag'"):
        o.tag = 1 << 40
    with pytest.raises(TypeError, match="field 'tag' must be int, not str"):
        o.tag = "x"
    inner = o.inner
    inner.a = 11
    assert _OuterLayout.from_address(o._ptr).inner.a == 11
    del o
    collect()
    assert inner.a == 11  # the embedded view keeps the parent's memory alive
    with pytest.raises(AttributeError, match="read-only"):
        inner._buf.name = "x"


def test_char_pointer_field_reads_through_converter():
    keep = ctypes.create_string_buffer(b"fieldname")
    o = Outer()
    assert o.name is None
    _OuterLayout.from_address(o._ptr).name = ctypes.addressof(keep)
    assert o.name == "fieldname"


def test_record_without_size_cannot_be_allocated():
    class Opaque(rt.Boxed):
        __slots__ = ()

    with pytest.raises(TypeError, match="size unknown"):
        Opaque()
    # plain struct without copy: transfer none borrows
    keep, addr = core.alloc(8)
    w = rt.boxed_from_none(Opaque, addr)
    assert w._ptr == addr and w._own == rt.OWN_NONE
    with pytest.raises(TypeError, match="cannot be copied"):
        w.copy()


def test_unregistered_boxed_type_from_gvalue_gets_dynamic_class():
    t = BytesTracker()
    v = rt.Value(C.g_bytes_get_type())
    core.g_value_set_boxed(v._ptr, t.ptr)  # the GValue takes a reference
    C.g_bytes_unref(t.ptr)
    w = v.get_value()
    assert type(w).__name__ == "GBytes" and isinstance(w, rt.Boxed)
    assert type(w).__gtype__ == C.g_bytes_get_type()
    del v
    collect()
    assert t.freed == 0
    del w
    collect()
    assert t.freed == 1


def test_fundamental_variant_floating_and_refs():
    p = C.g_variant_new_int32(7)
    assert C.g_variant_is_floating(p)
    w = rt.fundamental_from_none(rt.Variant, p)
    assert not C.g_variant_is_floating(p)
    assert repr(w) == "GLib.Variant('i', 7)"
    p2 = C.g_variant_new_int32(7)
    w2 = rt.fundamental_from_full(rt.Variant, p2)  # floating + full: sunk, not leaked
    assert not C.g_variant_is_floating(p2)
    assert w == w2 and w.get_type_string() == "i"
    extra = rt.fundamental_to_full(w)
    assert extra == p
    C.g_variant_unref(extra)


def test_fundamental_param_spec_most_derived_class():
    p = C.g_param_spec_int(b"count", b"Count", b"a count", 0, 10, 3, 3)
    w = rt.fundamental_from_none(rt.ParamSpec, p)
    assert isinstance(w, rt.ParamSpec)
    assert type(w).__name__ == "GParamInt"
    assert (w.name, w.nick, w.blurb, w.value_type) == ("count", "Count", "a count", rt.TYPE_INT)
    assert w.default_value == 3
    assert repr(w) == "<GParamInt 'count'>"
    with pytest.raises(TypeError):
        rt.ParamSpec()
