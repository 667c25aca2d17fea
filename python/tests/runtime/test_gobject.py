import os
import subprocess
import sys
import types
import weakref

import pytest

import girgen_runtime as rt
from girgen_runtime import core

from rt_helpers import C, Finalized, collect, new_object

refcount = core.object_ref_count


def test_full_wrapper_owns_the_only_reference_and_drops_it():
    p = new_object()
    fin = Finalized(p)
    w = rt.object_from_full(p)
    assert type(w) is rt.Object
    assert w._ptr == p
    assert refcount(p) == 1
    del w
    collect()
    assert fin.done


def test_none_wrapper_takes_its_own_reference():
    p = new_object()
    fin = Finalized(p)
    w = rt.object_from_none(p)
    assert refcount(p) == 2
    del w
    collect()
    assert refcount(p) == 1 and not fin.done
    C.g_object_unref(p)
    assert fin.done


def test_identity_same_wrapper_for_same_object():
    p = new_object()
    w1 = rt.object_from_full(p)
    assert rt.object_from_none(p) is w1
    assert refcount(p) == 1
    # an extra transfer-full reference is dropped when the wrapper exists
    C.g_object_ref(p)
    assert rt.object_from_full(p) is w1
    assert refcount(p) == 1
    assert rt.live_wrapper(p) is w1


def test_new_wrapper_after_old_one_died():
    p = new_object()
    C.g_object_ref(p)  # keep the C object alive across wrappers
    w = rt.object_from_full(p)
    r = weakref.ref(w)
    del w
    collect()
    assert r() is None
    assert rt.live_wrapper(p) is None
    w2 = rt.object_from_full(p)
    assert refcount(p) == 1
    del w2


def test_null_converts_to_none():
    assert rt.object_from_none(None) is None
    assert rt.object_from_full(0) is None
    assert rt.object_to_full(None) is None


def test_object_to_full_adds_reference():
    w = rt.Object()
    p = rt.object_to_full(w)
    assert p == w._ptr and refcount(p) == 2
    C.g_object_unref(p)


def test_floating_reference_is_sunk_transfer_none():
    p = new_object(C.g_initially_unowned_get_type())
    assert C.g_object_is_floating(p)
    fin = Finalized(p)
    w = rt.object_from_none(p)
    assert isinstance(w, rt.InitiallyUnowned)
    assert not C.g_object_is_floating(p)
    assert refcount(p) == 1  # the floating reference became the wrapper's
    del w
    collect()
    assert fin.done


def test_floating_reference_is_sunk_transfer_full():
    p = new_object(C.g_initially_unowned_get_type())
    w = rt.object_from_full(p)
    assert not C.g_object_is_floating(p)
    assert refcount(p) == 1
    del w


def test_constructor_sinks_initially_unowned():
    w = rt.InitiallyUnowned()
    assert not C.g_object_is_floating(w._ptr)
    assert refcount(w._ptr) == 1
    assert rt.object_from_none(w._ptr) is w


def test_constructor_of_object_and_release():
    w = rt.Object()
    p = w._ptr
    fin = Finalized(p)
    assert refcount(p) == 1 and rt.live_wrapper(p) is w
    del w
    collect()
    assert fin.done


def test_failed_constructor_does_not_crash_in_del(capsys):
    with pytest.raises(TypeError, match="doesn't support property `nosuch'"):
        rt.Object(nosuch=1)
    collect()
    assert "Exception ignored" not in capsys.readouterr().err


def test_abstract_type_cannot_be_constructed():
    klass = rt.class_for_gtype(_gio_type("g_input_stream_get_type"))
    assert klass.__name__ == "GInputStream"
    with pytest.raises(TypeError, match="abstract"):
        klass()


def _gio_type(name):
    f = getattr(C.gio, name)
    f.restype = C.g_simple_action_get_type.restype
    f.argtypes = ()
    return f()


def test_gtype_helpers():
    t = rt.gtype_from_name("GObject")
    assert t == rt.TYPE_OBJECT and isinstance(t, rt.GType)
    assert repr(t) == "<GType GObject (80)>"
    assert rt.gtype_name(rt.TYPE_INT) == "gint"
    assert rt.gtype_name(0) is None
    assert rt.gtype_from_name("NoSuchTypeName") == 0
    iu = C.g_initially_unowned_get_type()
    assert rt.is_a(iu, rt.TYPE_OBJECT) and not rt.is_a(rt.TYPE_OBJECT, iu)
    assert rt.GType(iu).parent == rt.TYPE_OBJECT
    assert rt.GType(iu).fundamental == rt.TYPE_OBJECT
    w = rt.InitiallyUnowned()
    assert rt.type_of(w) == iu and rt.type_from_instance(w._ptr) == iu
    assert rt.Object.__gtype__ == rt.TYPE_OBJECT
    assert rt.InitiallyUnowned.__gtype__ == iu


def test_unregistered_type_gets_dynamic_subclass_of_registered_ancestor():
    t = C.g_simple_action_get_type()
    w = rt.object_from_full(C.g_simple_action_new(b"act", None))
    cls = type(w)
    assert cls.__name__ == "GSimpleAction"
    assert cls.__gtype__ == t
    assert issubclass(cls, rt.Object)
    assert rt.class_for_gtype(t) is cls  # cached, built once


def test_registered_class_resolved_lazily_and_interfaces_added():
    mod = types.ModuleType("girgen_test_fake_gio")
    built = []

    def module_getattr(name):
        if name == "Action":
            built.append(name)

            class Action(rt.Interface):
                __slots__ = ()

                def activate_twice(self):
                    return "iface method"

            mod.Action = Action
            return Action
        raise AttributeError(name)

    mod.__getattr__ = module_getattr
    sys.modules[mod.__name__] = mod
    try:
        rt.register_types(mod.__name__, {"GAction": "Action"})
        assert built == []  # nothing resolved at registration
        C.g_list_store_get_type()
        w = rt.object_from_full(C.g_simple_action_new(b"a", None))
        assert built == ["Action"]
        assert isinstance(w, mod.Action) and isinstance(w, rt.Object)
        assert w.activate_twice() == "iface method"

        class SimpleAction(rt.Object, mod.Action):
            __slots__ = ()
            __gtype__ = rt.LazyGType(C.g_simple_action_get_type)

        mod.SimpleAction = SimpleAction
        rt.register_types(mod.__name__, {"GSimpleAction": "SimpleAction"})
        w2 = rt.object_from_full(C.g_simple_action_new(b"b", None))
        assert type(w2) is SimpleAction
        # an existing wrapper keeps its class (identity wins)
        assert rt.object_from_none(w._ptr) is w
        # constructing the registered class creates its GType
        w3 = SimpleAction(name="c")
        assert rt.type_of(w3) == C.g_simple_action_get_type()
    finally:
        for name in ("GAction", "GSimpleAction"):
            rt.gtype._registered.pop(name, None)
        rt.gtype._class_cache.clear()
        del sys.modules[mod.__name__]


def test_weak_ref_notify_from_c():
    w = rt.Object()
    seen = []
    w.weak_ref(seen.append, "gone")
    handle = w.weak_ref(seen.append, "cancelled")
    handle.unref()
    del w
    collect()
    assert seen == ["gone"]


def test_repr():
    w = rt.Object()
    assert repr(w).startswith("<gobject.Object object at 0x")
    assert "(GObject at 0x%x)" % w._ptr in repr(w)


def test_python_subclass_instances_keep_their_class_and_dict():
    class Mine(rt.Object):
        def __init__(self, **kw):
            super().__init__(**kw)
            self.extra = 42

    m = Mine()
    assert rt.object_from_none(m._ptr) is m
    assert m.extra == 42


def test_interpreter_shutdown_is_clean():
    code = r"""
import sys
sys.path.insert(0, %r)
import girgen_runtime as rt
keep = [rt.Object() for _ in range(20)]
class Holder:
    pass
h = Holder(); h.self = h; h.obj = rt.InitiallyUnowned()   # a cycle, freed at shutdown
o = rt.Object()
o.connect("notify", lambda *a: None)
o.weak_ref(print, "finalized at exit")
v = rt.Value(rt.TYPE_STRING, "x")
sys.modules["__main__"].late = rt.Object()
""" % os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
