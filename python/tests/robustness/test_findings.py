"""One test per finding of docs/robustness.md ("Findings"): the minimal reproducer runs in a
fresh interpreter (fuzz.worker.run_statements, as the fuzzer ran it) and must not crash; the
last statement must raise the exception python-api.md promises. A finding still open on a
backend is xfail(strict=True) there, so the test flips (XPASS fails) when it is fixed: then
delete the finding from fuzz/known.py and the backend from OPEN below."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))  # python/: the fuzz package

from fuzz import runner  # noqa: E402

# id -> (backends where it is open, statements, what the last one must raise: exception names,
# or () for "anything but a crash")
FINDINGS = {
    "R1": ((),
           ["r = GLib.int_hash(None)"], ("TypeError",)),
    "R2": ((),
           ["r = Regress.test_enum_param(160)"], ("ValueError",)),
    # (R3 is fixed in the IR: a callable whose GIR type and c:type disagree on the pointer depth
    # is skipped, so no backend binds it)
    "R3-utf16": ((),
                 ["r = GLib.utf16_to_ucs4(17, 3)"], ("AttributeError",)),
    "R3-typeinfo": ((),
                    ["o = GObject.EnumValue()",
                     "r = GObject.enum_complete_type_info(GIMarshallingTests.GEnum.__gtype__, o)"],
                    ("AttributeError",)),
    "R3-error": ((),
                 ["e = GLib.Error.new_literal(1, 'message', 2)",
                  "r = GLib.prefix_error_literal(e, 'prefix: ')"], ("AttributeError",)),
    "R4": ((),
           ["r = Regress.test_int_value_arg(_PtrLike())"], ("TypeError",)),
    "R5-object": ((),
                  ["c = GLib.Checksum.new(GLib.ChecksumType.SHA256)",
                   "r = GObject.Object.disconnect(c, 43)"], ("TypeError",)),
    "R5-value": ((),
                 ["v = GLib.Variant.new_variant(GLib.Variant.new_byte(1))",
                  "r = GObject.Value.get_value(v)"], ("TypeError", "AttributeError")),
    "R6": ((),
           ["r = GObject.Value(-5)"], ("OverflowError", "TypeError", "ValueError")),
    "P1": ((),
           ["s = GLib.String.__new__(GLib.String)",
            "r = GLib.String.truncate(s, 41)"], ("TypeError", "ValueError", "AttributeError")),
    "P2": ((),
           ["p = GObject.Parameter()",
            "p.value = GObject.Value()"], ()),
    # (run under glibc's checking allocator: without it the bad free corrupts the heap silently)
    "P6": ((),
           ["b = Regress.TestSimpleBoxedB()",
            "b.nested_a = Regress.TestSimpleBoxedA()",
            "b.nested_a = Regress.TestSimpleBoxedA()"], ()),
    "P3": ((),
           # (the test library asserts on its input by design: the call runs in a forked child,
           # as the fuzzer runs it, and that assertion is an allowed outcome)
           ["r1 = GIMarshallingTests.multi_array_key_value_in(['a'], [GObject.Value()])  # isolated"],
           ()),
}


MALLOC_CHECK = ("P6",)


class Crash(Exception):
    """The reproducer still crashes (what xfail expects of an open finding; any other failure,
    e.g. of the harness, is reported as a failure)."""


class Leak(Exception):
    """The reproducer still leaks."""


@pytest.mark.parametrize("fid", sorted(FINDINGS))
def test_finding(gi, testlibs, fid, request, tmp_path):
    backends, statements, expected = FINDINGS[fid]
    if gi.backend in backends:
        request.applymarker(pytest.mark.xfail(strict=True, raises=Crash,
                                              reason="%s is open (docs/robustness.md)" % fid))
    rc, out = runner.replay(gi.package, statements, str(testlibs), str(gi.path), workdir=str(tmp_path),
                            malloc_check=fid in MALLOC_CHECK)
    if isinstance(rc, int) and rc < 0:
        raise Crash("%s: %s\n%s" % (fid, runner.signal_name(rc), out[-2000:]))
    assert rc == 0 and "no crash" in out, "%s: %s\n%s" % (fid, runner.signal_name(rc), out[-2000:])
    lines = runner.last_statement_output(out).splitlines()
    if expected:
        # run_statements prints "    ExceptionName message" under the statement
        assert len(lines) > 1 and lines[1].split()[:1] in [[e] for e in expected], lines[:3]


# R7: the error path of containers of strings with transfer full: the elements converted
# (g_strdup) before the element that fails are never freed.
R7_OPEN = ()
R7_SCRIPT = """
import ctypes, gc, importlib, sys
pkg, path, testlibs = sys.argv[1:4]
sys.path.insert(0, path)
for lib in ("libgimarshallingtests.so", "libregress.so"):
    ctypes.CDLL(testlibs + "/" + lib, mode=ctypes.RTLD_GLOBAL)
GI = importlib.import_module(pkg + ".GIMarshallingTests")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096
def it():
    for f in (lambda: GI.gslist_utf8_full_inout(["0", 1]),
              lambda: GI.garray_utf8_full_inout(["0", "1", b"2"])):
        try:
            f()
        except TypeError:
            pass
for _ in range(10000):
    it()
gc.collect()
before = rss()
for _ in range(100000):
    it()
gc.collect()
print(rss() - before)
"""


def test_finding_R7_error_path_frees_converted_elements(gi, testlibs, request):
    import subprocess
    if gi.backend in R7_OPEN:
        request.applymarker(pytest.mark.xfail(strict=True, raises=Leak,
                                              reason="R7 is open (docs/robustness.md)"))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([runner.PYTHON_DIR] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    proc = subprocess.run([sys.executable, "-c", R7_SCRIPT, gi.package, str(gi.path), str(testlibs)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    grow = int(proc.stdout.split()[-1])
    # 300,000 leaked g_strdup("0")/("1") blocks would be ~9.6 MB
    if grow >= 2_000_000:
        raise Leak("RSS grew by %d bytes over 100,000 failed calls" % grow)


# R8: a str argument reaches C as the buffer of its encoded bytes; for a one-character ASCII
# str that is CPython's shared single-byte bytes object, which g_utf8_strncpy (dest is a gchar*
# it writes to) then changes for the whole process.
R8_OPEN = ()


class Corruption(Exception):
    """A C function changed a Python object it was lent."""


def test_finding_R8_strings_written_by_c_are_copies(gi, testlibs, request, tmp_path):
    if gi.backend in R8_OPEN:
        request.applymarker(pytest.mark.xfail(strict=True, raises=Corruption,
                                              reason="R8 is open (docs/robustness.md)"))
    statements = ["r = GLib.utf8_strncpy('\\n', 'f', 1)",
                  "print('R8 newline encodes to', list('\\n'.encode()))"]
    rc, out = runner.replay(gi.package, statements, str(testlibs), str(gi.path), workdir=str(tmp_path))
    assert rc == 0, out[-2000:]
    if "R8 newline encodes to [10]" not in out:
        raise Corruption(out[-500:])
