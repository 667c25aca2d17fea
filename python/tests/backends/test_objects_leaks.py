"""Leaks: 100,000 calls of each kind that hands over ownership (strings, objects, boxed
structs, containers, GErrors, GValues, callbacks, signal handlers) must leave the resident set
size bounded. Each family runs in a fresh interpreter, after a warm-up, reading /proc/self/statm
before and after."""

import os
import subprocess
import sys
import textwrap

import pytest

CALLS = 100_000
WARMUP = 10_000
# A leak of one small allocation per call (>= 32 bytes with malloc's overhead) is >= 3.2 MB
# over 100,000 calls; allocator and interpreter noise stay well below this.
LIMIT_BYTES = 2_500_000

FAMILIES = {
    "utf8_full_return": "GI.utf8_full_return()",
    "utf8_full_out": "GI.utf8_full_out()",
    "utf8_full_inout": "GI.utf8_full_inout('const \\u2665 utf8')",
    "object_full_return": "GI.Object.full_return()",
    "object_none_return": "GI.Object.none_return()",
    "object_new": "GI.Object(int=42)",
    "object_full_inout": "GI.Object.full_inout(GI.Object(int=42))",
    "boxed_returnv_copy": "GI.boxed_struct_returnv()",
    "boxed_inout_full": "GI.BoxedStruct.inout(GI.boxed_struct_returnv())",
    "strv_full_return": "GI.gstrv_return()",
    "glist_full_return": "GI.glist_utf8_full_return()",
    "ghash_full_return": "GI.ghashtable_utf8_full_return()",
    "ghash_in": "GI.ghashtable_utf8_none_in({'-1': '1', '0': '0', '1': '-1', '2': '-2'})",
    "garray_full_return": "GI.garray_utf8_full_return()",
    "ptrarray_full_return": "GI.gptrarray_utf8_full_return()",
    "struct_array_full": "GI.array_zero_terminated_return_struct()",
    "gvalue_copy": "GI.gvalue_copy('text')",
    "variant_none_return": "R.test_gvariant_s()",
    "gerror_raised": "raises(GI.gerror)",
    "gerror_out": "GI.gerror_out()",
    "callback_call": "R.test_callback_user_data(lambda: 1)",
    "callback_notified": "(R.test_callback_destroy_notify(lambda: 1), R.test_callback_thaw_notifications())",
    "closure": "R.test_closure(lambda: 1)",
    "signal_connect_emit": "(lambda o: (o.disconnect(o.connect('test', lambda *a: None)), o.emit('test')))(R.TestObj())",
    "property_string": "(lambda o: (setattr(o.props, 'string', 'x' * 20), o.props.string))(R.TestObj())",
}

SCRIPT = textwrap.dedent("""
    import ctypes, gc, importlib, os, sys
    testlibs, pkg, path, stmt, calls, warmup = sys.argv[1:7]
    for lib in ("libgimarshallingtests.so", "libregress.so"):
        ctypes.CDLL(os.path.join(testlibs, lib), mode=ctypes.RTLD_GLOBAL)
    sys.path.insert(0, path)
    GI = importlib.import_module(pkg + ".GIMarshallingTests")
    R = importlib.import_module(pkg + ".Regress")
    GLib = importlib.import_module(pkg + ".GLib")

    def raises(fn):
        try:
            fn()
        except GLib.Error:
            return
        raise AssertionError("no GLib.Error")

    code = compile(stmt, "<leak>", "eval")
    page = os.sysconf("SC_PAGE_SIZE")

    def rss():
        gc.collect()
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * page

    env = {"GI": GI, "R": R, "GLib": GLib, "raises": raises}
    for _ in range(int(warmup)):
        eval(code, env)
    before = rss()
    for _ in range(int(calls)):
        eval(code, env)
    after = rss()
    print(after - before)
""")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_bounded_memory(gi, testlibs, family):
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(testlibs), gi.package, str(gi.path), FAMILIES[family],
         str(CALLS), str(WARMUP)],
        capture_output=True, text=True, timeout=600,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    growth = int(proc.stdout.split()[-1])
    assert growth < LIMIT_BYTES, "%s: RSS grew by %d bytes over %d calls" % (family, growth, CALLS)
