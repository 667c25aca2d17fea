"""Callbacks from C into Python: arguments and return values (arrays, hash tables, GErrors,
out parameters), and the lifetime of the Python callable for every scope (call, async,
notified), checked with weak references; against regress.c and gimarshallingtests.c."""

import gc
import weakref

import pytest


class Callable:
    """A callable that can be weakly referenced and counts its calls."""

    def __init__(self, fn):
        self.fn = fn
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


def collect():
    gc.collect()
    gc.collect()


# --- values in and out ----------------------------------------------------------------------------


def test_callback_return_value(gi):
    R = gi.Regress
    assert R.test_callback(lambda: 42) == 42
    assert R.test_callback(None) == 0
    assert R.test_multi_callback(lambda: 21) == 42
    R.test_simple_callback(lambda: None)
    R.test_simple_callback(None)
    R.test_noptr_callback(lambda: None)
    R.TestObj.static_method_callback(lambda: 7)
    R.TestObj().instance_method_callback(lambda: 7)


def test_callback_user_data_is_hidden(gi):
    R = gi.Regress
    data = []
    assert R.test_callback_user_data(lambda: data.append(1) or 3) == 3
    assert data == [1]


def test_callback_arguments(gi):
    R = gi.Regress
    seen = []

    def cb(ints, strings):
        seen.append((ints, strings))
        return len(ints) + len(strings)

    assert R.test_array_callback(cb) == 14
    assert seen == [([-1, 0, 1, 2], ["one", "two", "three"])] * 2


def test_callback_inout_array(gi):
    R = gi.Regress
    seen = []

    def cb(ints):
        seen.append(ints)
        return ints[1:]

    assert R.test_array_inout_callback(cb) == 3
    assert seen == [[-2, -1, 0, 1, 2], [-1, 0, 1, 2]]


def test_callback_hash_table_argument(gi):
    R = gi.Regress
    seen = []
    R.test_hash_table_callback({"a": 1, "b": 2}, seen.append)
    assert seen == [{"a": 1, "b": 2}]


def test_callback_gerror_arguments(gi):
    R, GLib, Gio = gi.Regress, gi.GLib, gi.Gio
    seen = []
    R.test_gerror_callback(seen.append)
    R.test_null_gerror_callback(seen.append)
    R.test_owned_gerror_callback(seen.append)
    err, none, owned = seen
    assert isinstance(err, GLib.Error)
    assert (err.message, err.code) == ("regression test error", Gio.IOErrorEnum.NOT_SUPPORTED)
    assert none is None
    assert (owned.message, owned.code) == ("regression test owned error", Gio.IOErrorEnum.PERMISSION_DENIED)


def test_callback_returning_owned_object(gi):
    R = gi.Regress
    made = []

    def cb():
        o = R.TestObj()
        made.append(o)
        return o

    R.test_callback_return_full(cb)  # C unrefs the returned object: it must own a reference
    assert made[0].__grefcount__ == 1


def test_callback_out_parameters(gi):
    GI = gi.GIMarshallingTests
    assert GI.callback_return_value_only(lambda: 42) == 42
    assert GI.callback_one_out_parameter(lambda: 5.5) == 5.5
    assert GI.callback_multiple_out_parameters(lambda: (1.5, 2.5)) == (1.5, 2.5)
    assert GI.callback_return_value_and_one_out_parameter(lambda: (5, 42)) == (5, 42)
    assert GI.callback_return_value_and_multiple_out_parameters(lambda: (5, 42, -1000)) == (5, 42, -1000)


def test_callback_owned_boxed(gi):
    GI = gi.GIMarshallingTests
    seen = []

    def cb(box):
        seen.append(box.long_)
        box.long_ = 100  # a copy: C's box is not changed

    r = GI.callback_owned_boxed(cb)
    assert seen == [r]


def test_callback_wrong_result_does_not_crash(gi, capsys):
    GI = gi.GIMarshallingTests
    assert GI.callback_return_value_only(lambda: "not a number") == 0
    assert "must be int, not str" in capsys.readouterr().err
    assert GI.callback_multiple_out_parameters(lambda: 1.0) == (0.0, 0.0)


def test_callback_exception_is_reported(gi, capsys):
    R = gi.Regress

    def bad():
        raise RuntimeError("raised in a callback")

    assert R.test_callback(bad) == 0
    assert "raised in a callback" in capsys.readouterr().err


# --- lifetimes by scope ------------------------------------------------------------------------------


def test_scope_call_released_after_the_call(gi):
    R = gi.Regress
    cb = Callable(lambda: 5)
    ref = weakref.ref(cb)
    assert R.test_callback_user_data(cb) == 5
    del cb
    collect()
    assert ref() is None


def test_scope_async_released_after_it_ran(gi):
    R = gi.Regress
    cb = Callable(lambda: 44)
    ref = weakref.ref(cb)
    R.test_callback_async(cb)
    del cb
    collect()
    assert ref() is not None  # C still holds it
    assert R.test_callback_thaw_async() == 44
    collect()
    assert ref() is None


def test_scope_notified_released_by_destroy_notify(gi):
    R = gi.Regress
    R.test_callback_thaw_notifications()  # start from a clean list
    cb = Callable(lambda: 3)
    ref = weakref.ref(cb)
    assert R.test_callback_destroy_notify(cb) == 3
    del cb
    collect()
    assert ref() is not None
    assert R.test_callback_thaw_notifications() == 3  # calls it again, then the notify
    collect()
    assert ref() is None


def test_scope_notified_without_user_data(gi):
    R = gi.Regress
    R.test_callback_thaw_notifications()
    cb = Callable(lambda: 9)
    ref = weakref.ref(cb)
    assert R.test_callback_destroy_notify_no_user_data(cb) == 9
    del cb
    collect()
    assert ref() is not None
    assert R.test_callback_thaw_notifications() == 9
    collect()
    assert ref() is None


def test_scope_notified_from_constructor(gi):
    R = gi.Regress
    R.test_callback_thaw_notifications()
    cb = Callable(lambda: 1)
    ref = weakref.ref(cb)
    o = R.TestObj.new_callback(cb)
    assert isinstance(o, R.TestObj) and cb.calls == 1
    del cb
    collect()
    assert R.test_callback_thaw_notifications() == 1
    collect()
    assert ref() is None


def test_async_ready_callback_from_main_loop(gi):
    R, GLib, Gio = gi.Regress, gi.GLib, gi.Gio
    seen = []
    cb = Callable(lambda source, result: seen.append((source, result)))
    ref = weakref.ref(cb)
    R.test_async_ready_callback(cb)
    del cb
    ctx = GLib.MainContext.default()
    for _ in range(100):
        if seen:
            break
        ctx.iteration(False)
    assert len(seen) == 1
    source, result = seen[0]
    assert source is None
    assert isinstance(result, Gio.AsyncResult)
    del seen[:], source, result
    collect()
    assert ref() is None


def test_glib_idle_add_notified(gi):
    GLib = gi.GLib
    calls = []
    cb = Callable(lambda: calls.append(1) or len(calls) < 3)  # stays until it returns False
    ref = weakref.ref(cb)
    GLib.idle_add(GLib.PRIORITY_DEFAULT, cb)
    del cb
    ctx = GLib.MainContext.default()
    for _ in range(100):
        if len(calls) >= 3 and not ctx.pending():
            break
        ctx.iteration(False)
    assert calls == [1, 1, 1]
    collect()
    assert ref() is None


def test_callback_errors(gi):
    R = gi.Regress
    with pytest.raises(TypeError, match="'callback'"):
        R.test_callback_user_data(42)
    with pytest.raises(TypeError, match="'callback'"):
        R.test_callback_async(None)
