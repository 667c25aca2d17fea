"""GObjects: construction, methods, static methods and constructors, inheritance, interfaces,
virtual-method invokers, wrapper identity, reference counts for every transfer, floating
references, fundamental types; against gimarshallingtests.c and regress.c."""

import gc
import weakref

import pytest


def collect():
    gc.collect()
    gc.collect()


# --- construction and classes --------------------------------------------------------------------


def test_construct_with_properties(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    o = GI.Object(int=42)
    assert isinstance(o, GI.Object) and isinstance(o, GObject.Object)
    assert o.props.int == 42
    assert o.__grefcount__ == 1
    o.method()
    assert GI.Object().props.int == 0


def test_constructor_function(gi):
    GI = gi.GIMarshallingTests
    o = GI.Object.new(42)
    assert type(o) is GI.Object
    assert o.props.int == 42
    assert o.__grefcount__ == 1
    o.method()


def test_unknown_construct_property(gi):
    with pytest.raises(TypeError):
        gi.GIMarshallingTests.Object(no_such_property=1)
    with pytest.raises(TypeError):
        gi.GIMarshallingTests.Object(int="forty-two")


def test_abstract_class_cannot_be_instantiated(gi):
    with pytest.raises(TypeError):
        gi.Gio.InputStream()


def test_gtype_of_classes(gi):
    GI, GObject = gi.GIMarshallingTests, gi.GObject
    assert GI.Object.__gtype__.name == "GIMarshallingTestsObject"
    assert GI.SubObject.__gtype__.parent == GI.Object.__gtype__
    assert GObject.Object.__gtype__ == GObject.TYPE_OBJECT


def test_static_methods(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    assert GI.Object.static_method() is None
    assert R.TestObj.static_method(5) == 5.0
    assert R.TestWi8021x.static_method(21) == 42


def test_methods(gi):
    GI = gi.GIMarshallingTests
    o = GI.Object(int=42)
    o.method()
    assert o.method_array_out() == [-1, 0, 1, 2]
    o.method_array_in([-1, 0, 1, 2])
    assert o.method_array_inout([-1, 0, 1, 2]) == [-2, -1, 0, 1, 2]
    assert o.method_array_return() == [-1, 0, 1, 2]
    GI.Object.method(o)  # unbound call on an instance of the class


def test_regress_object_methods(gi):
    R = gi.Regress
    o = R.TestObj()
    assert o.instance_method() == -1
    o.forced_method()
    assert o.torture_signature_0(5678, "foo", 3) == (5678.0, 11356, 6)
    assert o.torture_signature_1(42, "foo", 2) == (True, 42.0, 84, 5)
    o.set_string("hello")
    assert o.get_string() == "hello"
    assert o.props.string == "hello"
    assert R.TestSubObj().instance_method() == 0


def test_regress_object_skip_annotations(gi):
    R = gi.Regress
    o = R.TestObj()
    # (a, c, inout_d, num1, num2) -> outputs minus the skipped ones
    assert o.skip_return_val(1, 2.0, 3, 4, 5) == (2, 4, 54)
    assert o.skip_param(1, 3, 4, 5) == (True, 2, 4, 54)  # c is skipped
    assert o.skip_out_param(1, 2.0, 3, 4, 5) == (True, 4, 54)
    assert o.skip_inout_param(1, 2.0, 4, 5) == (True, 2, 54)


def test_constructors_of_regress(gi):
    R = gi.Regress
    assert type(R.TestObj.new(R.TestObj())) is R.TestObj
    assert type(R.TestObj.constructor()) is R.TestObj
    assert type(R.TestObj.new_from_file("x")) is R.TestObj
    assert type(R.TestSubObj.new()) is R.TestSubObj
    assert R.TestWi8021x.new().get_testbool() is True


# --- inheritance and interfaces --------------------------------------------------------------------


def test_inheritance(gi):
    GI = gi.GIMarshallingTests
    s = GI.SubObject(int=0)
    assert isinstance(s, GI.Object)
    s.sub_method()
    s.overridden_method()
    s.method_with_default_implementation(42)
    assert s.props.int == 42
    ss = GI.SubSubObject(int=42)
    assert isinstance(ss, GI.SubObject) and isinstance(ss, GI.Object)
    ss.method()
    assert issubclass(GI.SubSubObject, GI.Object)


def test_most_derived_class_is_returned(gi):
    R = gi.Regress
    o = R.TestObj()
    sub = R.TestSubObj()
    o.set_bare(sub)
    got = o.props.bare
    assert got is sub and type(got) is R.TestSubObj


def test_interfaces(gi):
    GI = gi.GIMarshallingTests
    impl = GI.InterfaceImpl()
    assert isinstance(impl, GI.Interface)
    impl.test_int8_in(42)
    GI.test_interface_test_int8_in(impl, 42)
    iface = impl.get_as_interface()
    assert iface is impl
    assert GI.Interface.__gtype__.name == "GIMarshallingTestsInterface"
    with pytest.raises(TypeError, match="'test_iface'"):
        GI.test_interface_test_int8_in(GI.Object(), 42)


def test_regress_interface(gi):
    R = gi.Regress
    sub = R.TestSubObj()
    assert isinstance(sub, R.TestInterface)
    assert not isinstance(R.TestObj(), R.TestInterface)


def test_virtual_method_invokers(gi):
    GI, R = gi.GIMarshallingTests, gi.Regress
    o = GI.Object(int=0)
    o.method_with_default_implementation(42)  # the C class's default implementation sets "int"
    assert o.props.int == 42
    assert R.TestObj().do_matrix("meaningless") == 42


def test_invoker_of_unimplemented_virtual_method_raises(gi):
    # GIMarshallingTests.Object leaves these vfuncs NULL (subclasses are meant to implement them):
    # calling the C invoker would jump to address 0.
    GI = gi.GIMarshallingTests
    o = GI.Object(int=42)
    with pytest.raises(NotImplementedError):
        o.method_int8_in(5)
    with pytest.raises(NotImplementedError):
        o.vfunc_return_value_only()
    with pytest.raises(NotImplementedError):
        GI.SubObject(int=0).method_int8_out()
    o.method_with_default_implementation(7)  # implemented in C: still called
    assert o.props.int == 7


VFUNC_OVERRIDE = """
import ctypes, importlib, os, sys
testlibs, pkg, path = sys.argv[1:4]
ctypes.CDLL(os.path.join(testlibs, "libgimarshallingtests.so"), mode=ctypes.RTLD_GLOBAL)
sys.path.insert(0, path)
GI = importlib.import_module(pkg + ".GIMarshallingTests")

class Mine(GI.Object):
    def do_method_int8_in(self, v):
        self.seen = v

o = Mine()
o.method_int8_in(42)
assert o.seen == 42
print("ok")
"""


@pytest.mark.xfail(reason="overriding virtual methods in Python subclasses (do_*) needs GType "
                          "registration of Python classes, which the bindings do not do yet",
                   strict=False)
def test_python_subclass_overrides_virtual_method(gi, testlibs):
    import os
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-c", VFUNC_OVERRIDE, str(testlibs), gi.package, str(gi.path)],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)))
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]


def test_unregistered_subclass_gets_a_dynamic_class(gi):
    R = gi.Regress
    f = R.test_create_fundamental_hidden_class_instance()
    assert isinstance(f, R.TestFundamentalObject)
    assert type(f).__gtype__.name == "RegressTestFundamentalHiddenSubObject"


def test_nullable_objects(gi):
    R = gi.Regress
    assert R.TestObj.null_out() is None
    R.func_obj_nullable_in(None)
    R.func_obj_nullable_in(R.TestObj())
    o = R.TestObj()
    o.set_bare(None)
    assert o.props.bare is None


# --- identity --------------------------------------------------------------------------------------


def test_same_c_object_same_wrapper(gi):
    GI = gi.GIMarshallingTests
    a = GI.Object.none_return()
    b = GI.Object.none_return()
    assert a is b
    assert GI.Object.none_out() is GI.Object.none_out()


def test_wrapper_identity_through_properties(gi):
    R = gi.Regress
    o = R.TestObj()
    bare = R.TestObj()
    o.props.bare = bare
    assert o.props.bare is bare
    assert o.get_property("bare") is bare


def test_wrapper_dies_with_last_python_reference(gi):
    GI = gi.GIMarshallingTests
    o = GI.Object(int=3)
    r = weakref.ref(o)
    del o
    collect()
    assert r() is None


def test_new_wrapper_after_old_one_died(gi):
    R = gi.Regress
    holder = R.TestObj()
    inner = R.TestObj()
    holder.set_bare(inner)
    inner_id = id(inner)
    r = weakref.ref(inner)
    del inner
    collect()
    assert r() is None  # the C object lives on in holder; the wrapper does not
    again = holder.props.bare
    assert isinstance(again, R.TestObj)
    assert again.__grefcount__ == 2  # holder's reference + the new wrapper's
    del inner_id


# --- reference counts by transfer --------------------------------------------------------------------


def test_return_transfer_none(gi):
    GI = gi.GIMarshallingTests
    o = GI.Object.none_return()
    assert o.__grefcount__ == 2  # the C static + our wrapper


def test_return_transfer_full(gi):
    GI = gi.GIMarshallingTests
    o = GI.Object.full_return()
    assert o.__grefcount__ == 1


def test_out_transfer_none_and_full(gi):
    GI = gi.GIMarshallingTests
    assert GI.Object.none_out().__grefcount__ == 2
    assert GI.Object.full_out().__grefcount__ == 1


def test_in_transfer_none(gi):
    GI = gi.GIMarshallingTests
    o = GI.Object(int=42)
    o.none_in()
    assert o.__grefcount__ == 1


def test_in_transfer_full(gi):
    R = gi.Regress
    t = R.TestObj()
    t.instance_method_full()  # C takes (and drops) its own reference
    assert t.__grefcount__ == 1


def test_inout_transfer_none_and_full(gi):
    GI = gi.GIMarshallingTests
    o = GI.Object(int=42)
    r = GI.Object.none_inout(o)
    assert r is not o and r.props.int == 0
    assert r.__grefcount__ == 2  # C's static reference + ours
    assert o.__grefcount__ == 1
    o2 = GI.Object(int=42)
    r2 = GI.Object.full_inout(o2)
    assert r2 is not o2 and r2.__grefcount__ == 1
    assert o2.__grefcount__ == 1


def test_object_held_by_c(gi):
    R = gi.Regress
    o = R.TestObj()
    bare = R.TestObj()
    o.set_bare(bare)
    assert bare.__grefcount__ == 2
    o.set_bare(None)
    assert bare.__grefcount__ == 1
    sub = R.TestSubObj()
    sub.set_bare(bare)
    sub.unset_bare()
    assert bare.__grefcount__ == 1


# --- floating references ----------------------------------------------------------------------------


def test_floating_reference_sunk_on_construction(gi):
    R = gi.Regress
    f = R.TestFloating()
    assert f.__grefcount__ == 1
    del f
    collect()  # regress_test_floating_finalize asserts it is not floating


def test_floating_reference_sunk_from_constructor(gi):
    R = gi.Regress
    f = R.TestFloating.new()
    assert f.__grefcount__ == 1
    r = weakref.ref(f)
    del f
    collect()
    assert r() is None


def test_initially_unowned_from_gio(gi):
    # A GInitiallyUnowned subclass of another namespace behaves the same.
    GObject = gi.GObject
    assert issubclass(gi.Regress.TestFloating, GObject.InitiallyUnowned)


# --- fundamental types --------------------------------------------------------------------------------


def test_fundamental_object(gi):
    R = gi.Regress
    f = R.TestFundamentalSubObject.new("data")
    assert isinstance(f, R.TestFundamentalObject)
    assert type(f) is R.TestFundamentalSubObject
    r = weakref.ref(f)
    del f
    collect()
    assert r() is None


def test_fundamental_no_get_set_func(gi):
    R = gi.Regress
    f = R.TestFundamentalObjectNoGetSetFunc.new("foo")
    assert f.get_data() == "foo"
    s = R.TestFundamentalSubObjectNoGetSetFunc.new("bar")
    assert s.get_data() == "bar"
    assert isinstance(s, R.TestFundamentalObjectNoGetSetFunc)


def test_fundamental_cannot_be_constructed_directly(gi):
    with pytest.raises(TypeError):
        gi.Regress.TestFundamentalObject()
