"""Argument validation (in the shape generated functions use it) and enums."""

import ctypes
import enum
import pickle
import sys
import types

import pytest

import girgen_runtime as rt
from girgen_runtime import args as A

from rt_helpers import C, _fn

_f_quark = _fn(C.glib, "g_quark_from_string", ctypes.c_uint32, ctypes.c_char_p)
_f_quark_to = _fn(C.glib, "g_quark_to_string", ctypes.c_char_p, ctypes.c_uint32)
_f_rand = _fn(C.glib, "g_random_int_range", ctypes.c_int32, ctypes.c_int32, ctypes.c_int32)
_f_name = _fn(C.gobject, "g_type_name", ctypes.c_char_p, ctypes.c_size_t)

_P_quark = (("string", A.UTF8),)
_P_rand = (("begin", A.INT32), ("end", A.INT32))
_P_set_name = (("action", A.Instance(rt.Object)), ("name", A.UTF8_OR_NONE))


def quark_from_string(string):
    try:
        if "\0" in string:
            raise ValueError
        return _f_quark(string.encode())
    except Exception as e:
        raise A.arg_error("quark_from_string", _P_quark, (string,), e) from None


def random_int_range(begin, end):
    try:
        if not (-0x80000000 <= begin <= 0x7FFFFFFF and -0x80000000 <= end <= 0x7FFFFFFF):
            raise OverflowError
        return _f_rand(begin, end)
    except Exception as e:
        raise A.arg_error("random_int_range", _P_rand, (begin, end), e) from None


def type_name_of(action, name=None):
    """Object + nullable string parameters."""
    try:
        p = action._ptr
        if name is not None and "\0" in name:
            raise ValueError
        return _f_name(rt.core.type_from_instance(p)).decode()
    except Exception as e:
        raise A.arg_error("type_name_of", _P_set_name, (action, name), e) from None


def test_generated_style_fast_path_works():
    q = quark_from_string("girgen-args")
    assert _f_quark_to(q) == b"girgen-args"
    assert 3 <= random_int_range(3, 4) < 4
    assert type_name_of(rt.Object()) == "GObject"


@pytest.mark.parametrize("call,exc,msg", [
    (lambda: quark_from_string(1), TypeError,
     "quark_from_string() argument 'string' must be str, not int"),
    (lambda: quark_from_string(None), TypeError,
     "quark_from_string() argument 'string' must be str, not None"),
    (lambda: quark_from_string(b"x"), TypeError,
     "quark_from_string() argument 'string' must be str, not bytes"),
    (lambda: quark_from_string("a\0b"), ValueError,
     "quark_from_string() argument 'string' contains an embedded null character"),
    (lambda: random_int_range(1 << 40, 3), OverflowError,
     "random_int_range() argument 'begin' 1099511627776 not in range -2147483648 to "
     "2147483647 (gint32)"),
    (lambda: random_int_range(0, 1.5), TypeError,
     "random_int_range() argument 'end' must be int, not float"),
    (lambda: random_int_range(0, "3"), TypeError,
     "random_int_range() argument 'end' must be int, not str"),
    (lambda: type_name_of(5), TypeError,
     "type_name_of() argument 'action' must be gobject.Object, not int"),
    (lambda: type_name_of(None), TypeError,
     "type_name_of() argument 'action' must be gobject.Object, not None"),
    (lambda: type_name_of(rt.Object(), 7), TypeError,
     "type_name_of() argument 'name' must be str, not int"),
])
def test_error_path_names_the_parameter(call, exc, msg):
    with pytest.raises(exc) as info:
        call()
    assert type(info.value) is exc
    assert str(info.value) == msg


def test_arg_error_returns_original_when_arguments_are_fine():
    orig = RuntimeError("elsewhere")
    assert A.arg_error("f", _P_rand, (1, 2), orig) is orig


def test_kinds():
    A.check_args("f", (("a", A.FILENAME), ("b", A.POINTER_OR_NONE), ("c", A.DOUBLE),
                       ("d", A.Seq(A.UTF8)), ("e", A.CALLABLE), ("f", A.UNICHAR),
                       ("g", A.BOOLEAN), ("h", A.Enum("GFoo"))),
                 (b"/x", None, 1, ["a"], print, "x", object(), 3))
    with pytest.raises(TypeError, match="argument 'd' item 1 must be str, not int"):
        A.check_args("f", (("d", A.Seq(A.UTF8)),), (["a", 1],))
    with pytest.raises(OverflowError):
        A.check_args("f", (("x", A.FLOAT),), (1e300,))
    with pytest.raises(OverflowError):
        A.check_args("f", (("x", A.UINT8),), (256,))
    with pytest.raises(OverflowError):
        A.check_args("f", (("x", A.Enum("GFlags", unsigned=True)),), (-1,))
    with pytest.raises(TypeError, match="must be callable"):
        A.check_args("f", (("x", A.CALLABLE_OR_NONE),), (3,))
    with pytest.raises(ValueError):
        A.check_args("f", (("x", A.FILENAME_OR_NONE),), ("a\0",))
    lazy = A.Instance(lambda: rt.Value)
    assert lazy.check(rt.Value()) is None
    assert "must be gvalue.Value" in lazy.check(3)[1]


# --- enums ------------------------------------------------------------------------------


def test_make_enum_and_unknown_values():
    E = rt.make_enum("Orientation", (("HORIZONTAL", 0), ("VERTICAL", 1)),
                     module="gen.Gtk", gtype=rt.TYPE_ENUM)
    assert issubclass(E, enum.IntEnum)
    assert E.VERTICAL == 1 and E.__module__ == "gen.Gtk"
    assert rt.enum_from_int(E, 1) is E.VERTICAL
    unknown = rt.enum_from_int(E, 7)
    assert unknown == 7 and type(unknown) is int
    assert E.__gtype__ == rt.TYPE_ENUM


def test_make_flags_any_combination():
    F = rt.make_flags("BindingFlags", (("DEFAULT", 0), ("BIDIRECTIONAL", 1),
                                       ("SYNC_CREATE", 2)),
                      gtype=C.g_binding_flags_get_type)
    both = rt.flags_from_int(F, 3)
    assert isinstance(both, F) and both == F.BIDIRECTIONAL | F.SYNC_CREATE
    odd = rt.flags_from_int(F, 0x100 | 1)
    assert isinstance(odd, F) and int(odd) == 0x101
    assert rt.flags_from_int(F, 0) == F.DEFAULT
    assert F.__gtype__ == C.g_binding_flags_get_type()  # lazy get_type resolved
    assert isinstance(F.__dict__["__gtype__"], rt.GType)


def test_lazy_module_attributes_and_pickling_members():
    mod = types.ModuleType("girgen_test_lazy_mod")
    built = []

    def build():
        built.append(1)
        return rt.make_enum("Color", (("RED", 1), ("GREEN", 2)), module=mod.__name__)

    builders = {"Color": build}
    mod.__getattr__ = lambda name: rt.lazy_getattr(vars(mod), builders, name)
    sys.modules[mod.__name__] = mod
    try:
        assert built == []
        assert mod.Color.RED == 1
        assert mod.Color is mod.Color and built == [1]
        assert pickle.loads(pickle.dumps(mod.Color.GREEN)) is mod.Color.GREEN
        with pytest.raises(AttributeError, match="no attribute 'Nope'"):
            mod.Nope
    finally:
        del sys.modules[mod.__name__]
