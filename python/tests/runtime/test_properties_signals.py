import ctypes
import gc
import weakref

import pytest

import girgen_runtime as rt
from girgen_runtime import core, signals

from rt_helpers import C, _fn, collect


def SimpleAction(**kw):
    return rt.class_for_gtype(C.g_simple_action_get_type())(**kw)


def Application(**kw):
    return rt.class_for_gtype(C.g_application_get_type())(**kw)


# --- properties ----------------------------------------------------------------------


def test_constructor_properties_and_get_set():
    a = SimpleAction(name="act", enabled=False)
    assert a.get_property("name") == "act"
    assert a.get_property("enabled") is False
    a.set_property("enabled", True)
    assert a.props.enabled is True
    a.props.enabled = False
    assert a.get_property("enabled") is False
    assert a.props.parameter_type is None
    assert a.props.state is None


def test_underscores_and_dashes():
    vt = C.g_variant_type_new(b"s")
    try:
        # a boxed GVariantType set through the C API, read back via the dashed name
        p = C.g_simple_action_new(b"x", vt)
        a = rt.object_from_full(p)
        pt = a.get_property("parameter-type")
        assert pt is not None and type(pt).__name__ == "GVariantType"
        assert a.props.parameter_type._ptr != vt  # a copy owned by the wrapper
    finally:
        C.g_variant_type_free(vt)


def test_props_dir_and_errors():
    a = SimpleAction(name="a")
    assert set(dir(a.props)) >= {"enabled", "name", "parameter_type", "state", "state_type"}
    with pytest.raises(AttributeError):
        a.props.nosuch
    with pytest.raises(TypeError, match="does not have property `nosuch'"):
        a.get_property("nosuch")
    with pytest.raises(TypeError, match="does not have property `nosuch'"):
        a.set_property("nosuch", 1)
    with pytest.raises(TypeError, match="can only be set in constructor"):
        a.props.name = "b"
    with pytest.raises(TypeError, match="doesn't support property `nosuch'"):
        SimpleAction(nosuch=1)
    with pytest.raises(TypeError, match="property 'name' of type 'gchararray'"):
        SimpleAction(name=5)
    with pytest.raises(TypeError, match="must be GVariant, not int|must be GLib.Variant"):
        a.props.state = 5


def test_class_props_and_find_property():
    cls = type(SimpleAction(name="a"))
    ps = cls.props.enabled
    assert isinstance(ps, rt.ParamSpec) and ps.name == "enabled"
    assert ps.value_type == rt.TYPE_BOOLEAN and ps.default_value is True
    assert cls.find_property("nosuch") is None
    assert "state_type" in dir(cls.props)
    assert {p.name for p in cls.list_properties()} >= {"name", "enabled"}


def test_binding_properties_and_object_identity():
    src = SimpleAction(name="src")
    dst = SimpleAction(name="dst")
    b = rt.object_from_none(C.g_object_bind_property(src._ptr, b"enabled", dst._ptr,
                                                     b"enabled", 2))
    assert type(b).__name__ == "GBinding"
    assert b.props.source is src and b.props.target is dst
    assert b.props.source_property == "enabled"
    assert int(b.props.flags) == 2
    src.props.enabled = False
    assert dst.props.enabled is False


# --- signals ------------------------------------------------------------------------------


def test_notify_handler_args_user_data_and_disconnect():
    a = SimpleAction(name="a")
    seen = []
    hid = a.connect("notify::enabled", lambda obj, pspec, *ud: seen.append((obj, pspec, ud)),
                    1, "two")
    assert hid > 0 and a.handler_is_connected(hid)
    a.props.enabled = False
    assert len(seen) == 1
    obj, pspec, ud = seen[0]
    assert obj is a and pspec.name == "enabled" and ud == (1, "two")
    a.props.state_type  # reading does not notify
    a.disconnect(hid)
    assert not a.handler_is_connected(hid)
    a.props.enabled = True
    assert len(seen) == 1


def test_detail_filters_and_plain_notify():
    o = SimpleAction(name="o")
    details = []
    o.connect("notify", lambda obj, pspec: details.append(pspec.name))
    o.connect("notify::state", lambda obj, pspec: details.append("state-only"))
    o.props.enabled = False
    o.notify("enabled")
    assert details == ["enabled", "enabled"]
    with pytest.raises(TypeError):
        o.notify("nosuch")


def test_connect_after_order_block_unblock_and_by_func():
    a = SimpleAction(name="a")
    order = []

    def first(*args):
        order.append("first")

    def second(*args):
        order.append("second")

    a.connect_after("notify::enabled", second)
    hid = a.connect("notify::enabled", first)
    a.props.enabled = False
    assert order == ["first", "second"]
    a.handler_block(hid)
    a.props.enabled = True
    assert order == ["first", "second", "second"]
    a.handler_unblock(hid)
    a.handler_block_by_func(second)
    a.props.enabled = False
    assert order[-1] == "first"
    a.handler_unblock_by_func(second)
    assert a.disconnect_by_func(second) == 1
    with pytest.raises(TypeError, match="nothing connected"):
        a.disconnect_by_func(second)
    order.clear()
    a.props.enabled = True
    assert order == ["first"]


def test_emit_with_variant_argument():
    a = SimpleAction(name="a")
    got = []
    a.connect("activate", lambda obj, param: got.append(param))
    var = rt.fundamental_from_none(rt.Variant, C.g_variant_new_int32(5))
    assert a.emit("activate", var) is None
    assert len(got) == 1 and got[0] == var
    C.g_action_activate(a._ptr, None)  # emitted from C
    assert got[-1] is None
    with pytest.raises(TypeError, match="1 parameters needed for signal activate; 0 given"):
        a.emit("activate")
    with pytest.raises(TypeError, match="argument 1 of signal activate"):
        a.emit("activate", 5)
    with pytest.raises(TypeError, match="unknown signal name: nosuch"):
        a.emit("nosuch")
    with pytest.raises(TypeError, match="unknown signal name: nosuch"):
        a.connect("nosuch", print)
    with pytest.raises(TypeError, match="callable"):
        a.connect("activate", 5)


def test_emit_returns_handler_value():
    app = Application(application_id="org.girgen.Test", flags=0)
    calls = []

    def on_command_line(obj, cmdline):
        calls.append((obj, cmdline))
        return 42

    app.connect("command-line", on_command_line)
    assert app.emit("command-line", None) == 42
    assert calls == [(app, None)]


def test_handler_exception_is_printed_not_raised(capsys):
    a = SimpleAction(name="a")
    after = []

    def bad(*args):
        raise ValueError("handler failed")

    a.connect("notify::enabled", bad)
    a.connect("notify::enabled", lambda *args: after.append(1))
    a.props.enabled = False
    err = capsys.readouterr().err
    assert "ValueError: handler failed" in err and "Traceback" in err
    assert after == [1]  # emission went on


def test_bad_return_value_is_reported(capsys):
    app = Application(application_id="org.girgen.Test2", flags=0)
    app.connect("command-line", lambda *a: "not an int")
    assert app.emit("command-line", None) == 0
    assert "TypeError" in capsys.readouterr().err


def test_stop_emission():
    a = SimpleAction(name="a")
    seen = []
    a.connect("notify::enabled", lambda o, p: o.stop_emission_by_name("notify::enabled"))
    a.connect("notify::enabled", lambda o, p: seen.append(1))
    a.props.enabled = False
    assert seen == []


def test_handler_lives_exactly_as_long_as_the_closure():
    class Handler:
        def __call__(self, *args):
            pass

    a = SimpleAction(name="a")
    h = Handler()
    r = weakref.ref(h)
    n = signals.closure_count()
    hid = a.connect("notify", h)
    del h
    gc.collect()
    assert r() is not None and signals.closure_count() == n + 1
    a.disconnect(hid)
    collect()
    assert r() is None and signals.closure_count() == n

    h2 = Handler()
    r2 = weakref.ref(h2)
    a.connect("notify", h2)
    del h2
    del a  # the object's finalization destroys its closures
    collect()
    assert r2() is None and signals.closure_count() == n


def test_closure_new_invoked_from_c_and_released():
    invoke = _fn(C.gobject, "g_closure_invoke", None, ctypes.c_void_p, ctypes.c_void_p,
                 ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p)
    seen = []

    def func(a, b, tag):
        seen.append((a, b, tag))
        return a * 10 + len(b)

    n = signals.closure_count()
    closure = rt.closure_new(func, ("ud",))
    core.g_closure_ref(closure)
    core.g_closure_sink(closure)
    assert signals.closure_count() == n + 1
    keep, params = core.alloc(2 * rt.GVALUE_SIZE)
    rt.value_init_set(params, rt.TYPE_INT, 4)
    rt.value_init_set(params + rt.GVALUE_SIZE, rt.TYPE_STRING, "abc")
    ret = rt.Value(rt.TYPE_INT)
    invoke(closure, ret._ptr, 2, params, None)
    assert seen == [(4, "abc", "ud")] and ret.get_value() == 43
    for i in range(2):
        core.g_value_unset(params + i * rt.GVALUE_SIZE)
    core.g_closure_unref(closure)
    assert signals.closure_count() == n
