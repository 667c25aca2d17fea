"""Signals with Python handlers: connect/connect_after/disconnect/block, emission from C and
from Python, handler arguments (converted by their GIR types) and return values, extra
arguments, notify::, detailed signals; against regress.c and gimarshallingtests.c."""

import gc
import weakref

import pytest


class Recorder:
    def __init__(self, ret=None):
        self.calls = []
        self.ret = ret

    def __call__(self, *args):
        self.calls.append(args)
        return self.ret


def test_connect_emit_disconnect(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    hid = o.connect("test", rec)
    assert isinstance(hid, int) and hid > 0
    o.emit("test")
    assert rec.calls == [(o,)]
    assert o.handler_is_connected(hid)
    o.disconnect(hid)
    assert not o.handler_is_connected(hid)
    o.emit("test")
    assert len(rec.calls) == 1


def test_extra_arguments(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    o.connect("test", rec, "a", 2)
    o.emit("test")
    assert rec.calls == [(o, "a", 2)]


def test_block_unblock_and_disconnect_by_func(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    hid = o.connect("test", rec)
    o.handler_block(hid)
    o.emit("test")
    o.handler_unblock(hid)
    o.emit("test")
    assert len(rec.calls) == 1
    assert o.disconnect_by_func(rec) == 1
    o.emit("test")
    assert len(rec.calls) == 1


def test_connect_after_order(gi):
    o = gi.Regress.TestObj()
    order = []
    o.connect_after("test", lambda obj: order.append("after"))
    o.connect("test", lambda obj: order.append("normal"))
    o.emit("test")
    assert order == ["normal", "after"]


def test_signal_with_object_argument_from_c(gi):
    R = gi.Regress
    o = R.TestObj()
    seen = []

    def handler(obj, arg):
        seen.append((obj, arg, arg.props.int, arg.__grefcount__))

    o.connect("sig-with-obj", handler)
    o.emit_sig_with_obj()
    (obj, arg, value, refs), = seen
    assert obj is o and isinstance(arg, R.TestObj) and value == 3
    assert refs == 3  # C's own, the emission's GValue and the handler's wrapper
    assert arg.__grefcount__ == 1  # C is done with it: only our wrapper remains


def test_signal_with_64_bit_values(gi):
    o = gi.Regress.TestObj()
    o.connect("sig-with-int64-prop", lambda obj, i: i)
    o.connect("sig-with-uint64-prop", lambda obj, i: i)
    assert o.emit("sig-with-int64-prop", 2 ** 63 - 1) == 2 ** 63 - 1
    assert o.emit("sig-with-int64-prop", -(2 ** 63)) == -(2 ** 63)
    assert o.emit("sig-with-uint64-prop", 2 ** 64 - 1) == 2 ** 64 - 1


def test_signal_with_strv(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    o.connect("sig-with-strv", rec)
    o.emit("sig-with-strv", ["a", "b", "c"])
    assert rec.calls == [(o, ["a", "b", "c"])]


def test_signal_with_array_and_length_from_c(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    o.connect("sig-with-array-len-prop", rec)
    o.emit_sig_with_array_len_prop()
    assert rec.calls == [(o, [0, 1, 2, 3, 4])]


def test_signal_with_inout_argument(gi):
    # The C emitter asserts that the handler incremented the position.
    o = gi.Regress.TestObj()
    seen = []

    def handler(obj, position):
        seen.append(position)
        return position + 1

    o.connect("sig-with-inout-int", handler)
    o.emit_sig_with_inout_int()
    assert seen == [42]


def test_signal_with_gerror(gi):
    R, GLib, Gio = gi.Regress, gi.GLib, gi.Gio
    o = R.TestObj()
    rec = Recorder()
    o.connect("sig-with-gerror", rec)
    o.emit_sig_with_error()
    o.emit_sig_with_null_error()
    (obj, err), (obj2, none) = rec.calls
    assert isinstance(err, GLib.Error)
    assert err.message == "Something failed"
    assert err.code == Gio.IOErrorEnum.FAILED
    assert none is None


def test_signal_with_boxed_ptrarray(gi):
    s = gi.GIMarshallingTests.SignalsObject()
    rec = Recorder()
    s.connect("some-boxed-gptrarray-utf8", rec)
    s.emit_boxed_gptrarray_utf8()
    assert rec.calls == [(s, ["0", "1", "2"])]
    rec2 = Recorder()
    s.connect("some-boxed-gptrarray-boxed-struct", rec2)
    s.emit_boxed_gptrarray_boxed_struct()
    (obj, structs), = rec2.calls
    assert [b.long_ for b in structs] == [42, 43, 44]


def test_notify_detailed(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    other = Recorder()
    o.connect("notify::int", rec)
    o.connect("notify::float", other)
    o.props.int = 4
    assert len(rec.calls) == 1 and not other.calls
    obj, pspec = rec.calls[0]
    assert obj is o
    assert pspec.name == "int"
    o.set_string("s")  # notifies "string" only
    assert len(rec.calls) == 1


def test_detailed_action_signal(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    o.connect("all::foo", rec)
    o.emit("all::bar")
    assert rec.calls == []
    o.emit("all::foo")
    assert rec.calls == [(o,)]


def test_interface_signal(gi):
    R = gi.Regress
    sub = R.TestSubObj()
    rec = Recorder()
    sub.connect("interface-signal", rec)
    sub.emit_signal()
    assert len(rec.calls) == 1 and rec.calls[0][0] is sub


def test_handler_exception_does_not_propagate_into_c(gi, capsys):
    o = gi.Regress.TestObj()

    def bad(obj):
        raise ValueError("from a handler")

    o.connect("test", bad)
    o.emit("test")  # reported on stderr, like an uncaught exception
    assert "from a handler" in capsys.readouterr().err


def test_handler_released_on_disconnect(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    r = weakref.ref(rec)
    hid = o.connect("test", rec)
    del rec
    gc.collect()
    assert r() is not None
    o.disconnect(hid)
    gc.collect()
    assert r() is None


def test_handler_released_with_object(gi):
    o = gi.Regress.TestObj()
    rec = Recorder()
    r = weakref.ref(rec)
    o.connect("test", rec)
    del rec, o
    gc.collect()
    assert r() is None


def test_signal_errors(gi):
    o = gi.Regress.TestObj()
    with pytest.raises(TypeError):
        o.connect("no-such-signal", lambda *a: None)
    with pytest.raises(TypeError):
        o.connect("test", 42)
    with pytest.raises(TypeError):
        o.emit("sig-with-int64-prop")  # missing argument
    with pytest.raises(TypeError):
        o.emit("sig-with-int64-prop", "x")
    with pytest.raises(OverflowError):
        o.emit("sig-with-int64-prop", 2 ** 63)
