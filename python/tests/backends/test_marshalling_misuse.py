"""No crash on misuse: every function of GIMarshallingTests and Regress that takes an argument
Python can get wrong is called with unconvertible arguments (and with too many), in a separate
interpreter; each call must raise TypeError, ValueError or OverflowError before reaching C."""

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

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
