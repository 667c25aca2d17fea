import enum
import pickle

import pytest

import girgen_runtime as rt
from girgen_runtime import core

from rt_helpers import C, collect


class CountingDomain:
    """A GError domain registered with g_error_domain_register: GLib calls our
    clear function every time a GError of this domain is freed and the copy
    function on every copy, so frees are counted exactly, from C."""

    def __init__(self, name):
        self.freed = 0
        self.copied = 0
        self._init = C.ERR_INIT(lambda e: None)
        self._copy = C.ERR_COPY(self._on_copy)
        self._clear = C.ERR_CLEAR(self._on_clear)
        self.quark = C.g_error_domain_register(name.encode(), 8, self._init, self._copy,
                                               self._clear)
        assert self.quark

    def _on_copy(self, src, dest):
        self.copied += 1

    def _on_clear(self, err):
        self.freed += 1


_domain = CountingDomain("girgen-test-counting-error-quark")


class Codes(enum.IntEnum):
    FIRST = 1
    SECOND = 2


def test_constructor_attributes_and_str():
    e = rt.Error("msg", "my-domain", 3)
    assert isinstance(e, RuntimeError)
    assert (e.message, e.domain, e.code) == ("msg", "my-domain", 3)
    assert e.args == ("msg",)
    assert str(e) == "my-domain: msg (3)"
    assert repr(e) == "GLib.Error('msg', 'my-domain', 3)"
    d = rt.Error()
    assert (d.message, d.domain, d.code) == ("unknown error", "pygi-error", 0)


def test_constructor_accepts_quark_domain():
    e = rt.Error("m", C.g_file_error_quark(), 4)
    assert e.domain == "g-file-error-quark"


def test_pickle_roundtrip_base_and_subclass():
    e = rt.Error("msg", "some-domain", 7)
    e.extra = "kept"
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is rt.Error
    assert (e2.message, e2.domain, e2.code, e2.extra) == ("msg", "some-domain", 7, "kept")

    cls = rt.register_error_domain("girgen-test-pickle-quark", "PickleError", Codes)
    s = cls("boom", code=2)
    s2 = pickle.loads(pickle.dumps(s))
    assert type(s2) is cls
    assert s2.code is Codes.SECOND
    assert s2.domain == "girgen-test-pickle-quark"


def test_matches_by_string_quark_and_class():
    cls = rt.register_error_domain("girgen-test-matches-quark", "MatchError")
    e = cls("x", code=5)
    q = C.g_quark_from_string(b"girgen-test-matches-quark")
    assert e.matches("girgen-test-matches-quark", 5)
    assert e.matches(q, 5)
    assert e.matches(cls, 5)
    assert not e.matches(cls, 6)
    assert not e.matches("other-quark", 5)
    assert not e.matches(C.g_file_error_quark(), 5)
    with pytest.raises(TypeError):
        e.matches(3.5, 5)


def test_register_error_domain_is_cached_and_maps_codes():
    cls = rt.register_error_domain("girgen-test-codes-quark", "CodesError", Codes,
                                   module="gen.Test")
    assert rt.register_error_domain("girgen-test-codes-quark", "CodesError") is cls
    assert issubclass(cls, rt.Error)
    assert cls("m", code=1).code is Codes.FIRST
    unknown = cls("m", code=99).code
    assert unknown == 99 and type(unknown) is int
    assert repr(cls("m", code=1)) == "Test.CodesError('m', 'girgen-test-codes-quark', 1)"


def test_lazy_code_enum():
    calls = []

    def get_enum():
        calls.append(1)
        return Codes

    cls = rt.register_error_domain("girgen-test-lazy-quark", "LazyError", get_enum)
    assert calls == []
    assert cls("m", code=2).code is Codes.SECOND
    assert cls("m", code=1).code is Codes.FIRST
    assert calls == [1]


def test_take_gerror_builds_exception_and_frees_once():
    cls = rt.register_error_domain("girgen-test-counting-error-quark", "CountingError", Codes)
    before = _domain.freed
    p = core.g_error_new_literal(_domain.quark, 2, "héllo wörld".encode())
    with pytest.raises(rt.Error) as info:
        rt.raise_gerror(p)
    e = info.value
    assert type(e) is cls
    assert e.domain == "girgen-test-counting-error-quark"
    assert e.code is Codes.SECOND
    assert e.message == "héllo wörld"
    assert str(e) == "girgen-test-counting-error-quark: héllo wörld (2)"
    assert _domain.freed == before + 1


def test_take_gerror_unregistered_domain_gives_base_error():
    p = core.g_error_new_literal(C.g_quark_from_string(b"girgen-test-unregistered-quark"),
                                 11, b"m")
    e = rt.take_gerror(p)
    assert type(e) is rt.Error
    assert (e.domain, e.code, e.message) == ("girgen-test-unregistered-quark", 11, "m")


def test_gerror_copy_free_counts_via_runtime_boxed():
    """A boxed GError (G_TYPE_ERROR) copied by g_boxed_copy and freed by the wrapper."""

    class ErrorBoxed(rt.Boxed):
        __slots__ = ()
        __gtype__ = rt.LazyGType(core.g_error_get_type)

    p = core.g_error_new_literal(_domain.quark, 1, b"boxed")
    freed, copied = _domain.freed, _domain.copied
    w = rt.boxed_from_none(ErrorBoxed, p)
    assert _domain.copied == copied + 1 and w._ptr != p
    core.g_error_free(p)
    assert _domain.freed == freed + 1
    del w

    collect()
    assert _domain.freed == freed + 2


def test_gerror_new_from_python_error_roundtrip():
    cls = rt.register_error_domain("girgen-test-counting-error-quark", "CountingError", Codes)
    p = rt.gerror_new(cls("from python", code=Codes.FIRST))
    assert core.gerror_fields(p) == (_domain.quark, 1, b"from python")
    e = rt.take_gerror(p)
    assert type(e) is cls and e.code is Codes.FIRST and e.message == "from python"


def test_gerror_new_from_other_exception():
    p = rt.gerror_new(ValueError("bad"))
    e = rt.take_gerror(p)
    assert (e.domain, e.code, e.message) == ("pygi-error", 0, "ValueError: bad")


def test_propagate_gerror_into_location():
    keep, slot = core.alloc(core.POINTER_SIZE)
    rt.propagate_gerror(slot, rt.Error("first", "d1", 1))
    rt.propagate_gerror(slot, rt.Error("second", "d2", 2))  # must not overwrite
    rt.propagate_gerror(None, rt.Error("ignored", "d3", 3))  # NULL location: no-op
    e = rt.take_gerror(core.read_pointer(slot))
    assert (e.message, e.domain, e.code) == ("first", "d1", 1)


def test_new_literal_and_copy():
    e = rt.Error.new_literal(C.g_file_error_quark(), "nope", 4)
    assert (e.domain, e.message, e.code) == ("g-file-error-quark", "nope", 4)
    c = e.copy()
    assert c is not e and (c.domain, c.message, c.code) == (e.domain, e.message, e.code)
