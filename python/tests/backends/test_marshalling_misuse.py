"""No crash on misuse: every function of GIMarshallingTests and Regress that takes an argument
Python can get wrong is called with unconvertible arguments (and with too many), in a separate
interpreter; each call must raise TypeError, ValueError or OverflowError before reaching C."""

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

CORE = "{http://www.gtk.org/introspection/core/1.0}"

SCRIPT = textwrap.dedent("""
    import ctypes, importlib, json, os, sys
    testlibs, pkg, path, plan = sys.argv[1:5]
    for lib in ("libgimarshallingtests.so", "libregress.so"):
        ctypes.CDLL(os.path.join(testlibs, lib), mode=ctypes.RTLD_GLOBAL)
    sys.path.insert(0, path)
    bad = []
    tried = 0
    for ns, owner, name, n in json.loads(plan):
        mod = importlib.import_module(pkg + "." + ns)
        target = getattr(mod, owner) if owner else mod
        fn = getattr(target, name, None)
        if fn is None:
            continue
        for k in range(1, n + 2):
            tried += 1
            try:
                fn(*[object()] * k)
            except (TypeError, ValueError, OverflowError):
                continue
            except Exception as e:
                bad.append("%s.%s(%d args): %s: %s" % (owner or ns, name, k, type(e).__name__, e))
            else:
                bad.append("%s.%s(%d args): no exception" % (owner or ns, name, k))
    print(json.dumps({"tried": tried, "bad": bad}))
""")


def plan(gir_path, ns):
    """(namespace, owner class or "", function, number of GIR parameters) of every function and
    static function whose inputs are not all booleans (any object is a valid boolean), and of
    every method (the instance is checked first)."""
    root = ET.parse(gir_path).getroot()
    out = []
    for owner_el in [root.find(CORE + "namespace")] + list(root.find(CORE + "namespace")):
        owner = "" if owner_el.tag == CORE + "namespace" else owner_el.get("name")
        if owner and owner_el.tag not in (CORE + "class", CORE + "record", CORE + "union", CORE + "interface"):
            continue
        for fn in owner_el.findall(CORE + "function") + owner_el.findall(CORE + "constructor"):
            if fn.get("introspectable") == "0" or fn.get("shadowed-by"):
                continue
            params = fn.find(CORE + "parameters")
            plist = [] if params is None else params.findall(CORE + "parameter")
            inputs = [p for p in plist if p.get("direction", "in") != "out"]
            types = [(p.find(CORE + "type").get("name") if p.find(CORE + "type") is not None else "array")
                     for p in inputs]
            if not inputs or all(t == "gboolean" for t in types):
                continue
            out.append((ns, owner, fn.get("name"), len(inputs)))
        # Methods called unbound with a wrong instance: rejected before any argument is used.
        for fn in owner_el.findall(CORE + "method") if owner else []:
            if fn.get("introspectable") == "0" or fn.get("shadowed-by"):
                continue
            params = fn.find(CORE + "parameters")
            n = 1 + (0 if params is None else len(params.findall(CORE + "parameter")))
            out.append((ns, owner, fn.get("name"), n))
    return out


def test_unconvertible_arguments_never_reach_c(gi, testlibs):
    import json
    work = plan(os.path.join(str(testlibs), "GIMarshallingTests-1.0.gir"), "GIMarshallingTests")
    work += plan(os.path.join(str(testlibs), "Regress-1.0.gir"), "Regress")
    assert len(work) > 350
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(testlibs), gi.package, str(gi.path), json.dumps(work)],
        capture_output=True, text=True, timeout=600,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["tried"] > 900
    assert result["bad"] == []


# --- the exceptions python-api.md promises for values C would misuse (docs/robustness.md, R1-R8) --


def test_none_for_a_gpointer_that_is_not_nullable(gi):
    # R1: g_int_hash dereferences its argument; None must not reach it as NULL.
    GLib = gi.GLib
    with pytest.raises(TypeError, match="'v'"):
        GLib.int_hash(None)
    with pytest.raises(TypeError, match="'v1'"):
        GLib.str_equal(None, None)
    assert GLib.direct_hash(None) == 0  # nullable: None is NULL


def test_enum_value_not_in_the_enum(gi):
    # R2: C takes a GEnum argument to be one of its values (g_enum_get_value returns NULL else).
    R = gi.Regress
    assert R.test_enum_param(1) == "value2"
    assert R.test_enum_param(R.TestEnum.VALUE3) == "value3"
    with pytest.raises(ValueError, match="'e'"):
        R.test_enum_param(160)
    with pytest.raises(ValueError, match="'e'"):
        R.TestEnum.param(65536)
    with pytest.raises((ValueError, OverflowError), match="'e'"):
        R.test_enum_param(2 ** 40)
    with pytest.raises(TypeError, match="'e'"):
        R.test_enum_param("value2")


def test_gvalue_from_an_object_that_only_looks_like_a_wrapper(gi):
    # R4: an int `_ptr` attribute does not make an object a GTypeInstance.
    class PtrLike:
        _ptr = 16
    with pytest.raises(TypeError, match="'v'"):
        gi.Regress.test_int_value_arg(PtrLike())


def test_runtime_methods_check_self(gi):
    # R5: the runtime's own methods called unbound with an instance of another type.
    GLib, GObject = gi.GLib, gi.GObject
    checksum = GLib.Checksum.new(GLib.ChecksumType.SHA256)
    with pytest.raises(TypeError):
        GObject.Object.disconnect(checksum, 43)
    with pytest.raises(TypeError):
        GObject.Object.get_property(checksum, "name")
    with pytest.raises(TypeError):
        GObject.Object.emit(GObject.Value(), "notify")
    variant = GLib.Variant.new_variant(GLib.Variant.new_byte(1))
    with pytest.raises(TypeError):
        GObject.Value.unset(variant)
    with pytest.raises(TypeError):
        GObject.Value.init(variant, GObject.Object.__gtype__)
    with pytest.raises(TypeError):
        GLib.Variant.get_type_string(GObject.Value())
    with pytest.raises(TypeError):
        GObject.ParamSpec.get_name(GObject.Value())


def test_value_init_checks_the_gtype(gi):
    # R6: an int out of the GType range must not reach g_value_init as an address.
    GObject = gi.GObject
    with pytest.raises(OverflowError):
        GObject.Value().init(-5)
    with pytest.raises(OverflowError):
        GObject.Value().init(2 ** 64)
    with pytest.raises(TypeError):
        GObject.Value().init(None)
    with pytest.raises(TypeError):
        GObject.Value().init("gint")
    GObject.Value().init(GObject.Object.__gtype__)


def test_value_constructor_checks_the_gtype(gi):
    GObject = gi.GObject
    with pytest.raises(OverflowError):
        GObject.Value(-5)
    with pytest.raises(TypeError):
        GObject.Value("gint")
    assert GObject.Value(GObject.TYPE_INT, 5).get_value() == 5


def test_signal_handler_ids_are_checked(gi):
    # O2: handler ids of the wrong type are a TypeError naming the parameter, not an FFI error.
    o = gi.Regress.TestObj()
    with pytest.raises(TypeError, match="handler_id"):
        o.disconnect("x")
    with pytest.raises(TypeError, match="handler_id"):
        o.handler_block(None)
    with pytest.raises(TypeError, match="handler_id"):
        o.handler_unblock(1.5)
    with pytest.raises(OverflowError, match="handler_id"):
        o.handler_unblock(-1)
    with pytest.raises(OverflowError, match="handler_id"):
        o.handler_block(2 ** 70)
    with pytest.raises(TypeError, match="handler_id"):
        o.handler_is_connected("x")
    assert o.handler_is_connected(12345) is False


def test_runtime_methods_of_a_wrapper_never_initialised(gi):
    # O2: Cls.__new__(Cls) has no C instance: the runtime's ValueError, not AttributeError.
    R, GObject = gi.Regress, gi.GObject
    o = R.TestObj.__new__(R.TestObj)
    with pytest.raises(ValueError, match="not initialised"):
        o.get_property("int")
    with pytest.raises(ValueError, match="not initialised"):
        o.disconnect(1)
    with pytest.raises(ValueError, match="not initialised"):
        GObject.Object.notify(o, "int")
    with pytest.raises(ValueError, match="not initialised"):
        R.test_int_value_arg(GObject.Value.__new__(GObject.Value))


def test_generated_methods_of_a_wrapper_never_initialised(gi):
    # O2/P1: the same ValueError from generated methods (never NULL reaching C).
    GLib, R = gi.GLib, gi.Regress
    with pytest.raises(ValueError, match="not initialised"):
        GLib.String.__new__(GLib.String).truncate(41)
    with pytest.raises(ValueError, match="not initialised"):
        R.TestObj.__new__(R.TestObj).instance_method()


@pytest.mark.parametrize("extra", [5, None, b"x", object()])
def test_functions_without_parameters_reject_arguments(gi, extra):
    # ctypes would pass surplus arguments as C varargs and call the function anyway.
    GLib, GIM = gi.GLib, gi.GIMarshallingTests
    for fn in (GLib.get_monotonic_time, GIM.int_return_max, GLib.MainContext.default):
        with pytest.raises(TypeError, match="argument"):
            fn(extra)
    assert GIM.int_return_max() == 2 ** 31 - 1


def test_arguments_never_initialised(gi):
    # An uninitialised wrapper of exactly the parameter's class, as an argument (not self):
    # the same ValueError naming the parameter (the fuzzer found AttributeError here).
    GObject, R = gi.GObject, gi.Regress
    with pytest.raises(ValueError, match="'instance'.*not initialised"):
        GObject.type_check_instance(GObject.TypeInstance.__new__(GObject.TypeInstance))
    with pytest.raises(ValueError, match="not initialised"):
        R.TestObj.new(R.TestObj.__new__(R.TestObj))


def test_strings_c_writes_into_are_copies(gi):
    # R8: g_utf8_strncpy writes into dest; a one-character ASCII str encodes to the interpreter's
    # shared bytes object, which must not change.
    GLib = gi.GLib
    assert GLib.utf8_strncpy("\n", "f", 1) == "f"
    assert "\n".encode() == b"\n"
    dest = "xyz"
    assert GLib.utf8_strncpy(dest, "ab", 2) == "ab"
    assert dest == "xyz"
