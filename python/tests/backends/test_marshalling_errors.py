"""GError: throwing functions, GError out parameters and return values, error domain classes;
and misuse of every kind raising a Python exception that names the parameter (never a crash)."""

import pytest

DOMAIN = "gi-marshalling-tests-gerror-domain"
MESSAGE = "gi-marshalling-tests-gerror-message"
CODE = 5


# --- throwing functions -------------------------------------------------------------------------


def test_gerror_raised(gi):
    GLib = gi.GLib
    with pytest.raises(GLib.Error) as info:
        gi.GIMarshallingTests.gerror()
    e = info.value
    assert isinstance(e, RuntimeError)
    assert (e.domain, e.code, e.message) == (DOMAIN, CODE, MESSAGE)
    assert e.matches(DOMAIN, CODE)
    assert not e.matches(DOMAIN, CODE + 1)
    assert not e.matches("other-domain", CODE)
    assert GLib.GError is GLib.Error


def test_gerror_with_array_argument(gi):
    with pytest.raises(gi.GLib.Error) as info:
        gi.GIMarshallingTests.gerror_array_in([1, 2, 3])
    assert info.value.message == MESSAGE


def test_throwing_constructor(gi):
    with pytest.raises(gi.GLib.Error) as info:
        gi.GIMarshallingTests.Object.new_fail(42)
    assert (info.value.domain, info.value.code) == (DOMAIN, CODE)


def test_throwing_function_returns_its_values_on_success(gi):
    R = gi.Regress
    ok, y, z, q = R.test_torture_signature_1(42, "foo", 2)
    assert (ok, y, z, q) == (True, 42.0, 84, 5)
    obj = R.TestObj()
    assert obj.skip_return_val_no_out(1) is None  # the gboolean is skip="1"


def test_gerror_of_a_known_domain(gi):
    Gio, R = gi.Gio, gi.Regress
    with pytest.raises(Gio.IOErrorEnum.Error) as info:
        R.test_torture_signature_1(42, "foo", 3)
    e = info.value
    assert isinstance(e, gi.GLib.Error)
    assert e.code == Gio.IOErrorEnum.FAILED and isinstance(e.code, Gio.IOErrorEnum)
    assert e.message == "m is odd"
    assert e.domain == "g-io-error-quark"
    with pytest.raises(gi.GLib.Error, match="a is zero"):
        R.TestObj().skip_return_val_no_out(0)


def test_gerror_out_and_return(gi):
    GI, GLib = gi.GIMarshallingTests, gi.GLib
    for fn in (GI.gerror_out, GI.gerror_out_transfer_none):
        err, debug = fn()
        assert isinstance(err, GLib.Error)
        assert (err.domain, err.code, err.message) == (DOMAIN, CODE, MESSAGE)
        assert debug == "we got an error, life is shit"
    err = GI.gerror_return()
    assert isinstance(err, GLib.Error)
    assert (err.domain, err.code, err.message) == (DOMAIN, CODE, MESSAGE)


def test_error_domain_classes(gi):
    R, GLib = gi.Regress, gi.GLib
    cls = R.TestError.Error
    assert issubclass(cls, GLib.Error)
    e = cls("boom", "regress-test-error", R.TestError.CODE2)
    assert e.code is R.TestError.CODE2
    assert e.matches(cls, R.TestError.CODE2)
    assert isinstance(GLib.Error("x", "regress-test-error", 1), GLib.Error)
    assert R.ATestError.Error is not R.TestError.Error
    e = GLib.Error("msg", "some-domain", 3)
    assert (e.message, e.domain, e.code) == ("msg", "some-domain", 3)


def test_error_enum_quarks(gi):
    R = gi.Regress
    assert R.test_error_quark() != 0
    assert R.test_error_quark() == R.test_error_quark()
    assert R.test_abc_error_quark() != R.test_def_error_quark()


# --- misuse -----------------------------------------------------------------------------------------


def test_wrong_number_of_arguments(gi):
    GI = gi.GIMarshallingTests
    with pytest.raises(TypeError):
        GI.int8_in_max()
    with pytest.raises(TypeError):
        GI.int8_in_max(1, 2)
    with pytest.raises(TypeError):
        GI.int8_in_max(w=127)
    with pytest.raises(TypeError):
        GI.boolean_return_true(1)
    with pytest.raises(TypeError):
        GI.Object(int=1).method_int8_in()


def test_keyword_arguments(gi):
    GI = gi.GIMarshallingTests
    GI.int8_in_max(v=127)
    assert GI.int_three_in_three_out(c=3, b=2, a=1) == (1, 2, 3)
    with pytest.raises(TypeError):
        GI.int_three_in_three_out(1, 2, 3, a=1)


def test_wrong_object_arguments(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    with pytest.raises(TypeError, match="'self'"):
        GI.Object.none_in(R.TestObj())  # a method called unbound on the wrong type
    with pytest.raises(TypeError, match="'self'"):
        GI.Object.method(R.TestObj())
    with pytest.raises(TypeError, match="'obj'"):
        R.func_obj_null_in(42)
    R.func_obj_null_in(None)
    R.func_obj_null_in(R.TestObj())
    with pytest.raises(TypeError, match="'obj'"):
        R.func_obj_null_in(GI.Object())
    with pytest.raises(TypeError, match="'boxed'|'struct_'"):
        GI.BoxedStruct.inout(GI.SimpleStruct())


def test_none_where_not_nullable(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    with pytest.raises(TypeError, match="'utf8'"):
        GI.utf8_none_in(None)
    with pytest.raises(TypeError, match="'ints'"):
        GI.array_in(None)
    with pytest.raises(TypeError, match="'callback'"):
        R.test_callback_user_data(None)
    with pytest.raises(TypeError):
        R.TestObj().set_bare(42)


def test_uncallable_callback(gi):
    with pytest.raises(TypeError, match="'callback'"):
        gi.Regress.test_callback_user_data(42)


def test_unknown_attributes(gi):
    with pytest.raises(AttributeError):
        gi.GIMarshallingTests.no_such_function
    with pytest.raises(AttributeError):
        gi.GIMarshallingTests.Object.no_such_method
    with pytest.raises(AttributeError):
        gi.GIMarshallingTests.Enum.NO_SUCH_VALUE


def test_misuse_does_not_change_later_calls(gi):
    GI = gi.GIMarshallingTests
    for bad in (None, "x", 1.5, 2 ** 100, object()):
        with pytest.raises((TypeError, OverflowError)):
            GI.int8_in_max(bad)
    GI.int8_in_max(127)
    assert GI.utf8_full_return() == "const \u2665 utf8"
