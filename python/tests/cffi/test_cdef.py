"""The cffi cdefs against the real C side.

For each cffi mode, girgen generates the GIRepository-2.0 closure (GLib, GObject, GIRepository);
then every declared function must resolve (ABI: dlsym in the GIR's libraries; API: compiled and
linked against the headers), every enum constant must read (API: cffi compares it with the C
compiler's value) and every struct body must lay out (API: cffi compares every declared field's
offset and size and the struct's size with the compiler's). The ABI layouts, which nothing checks
at run time, must equal the API ones.

API mode compiles three C modules (about a minute); GIRGEN_CFFI_SKIP_API=1 skips it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
NAMESPACES = ("GLib", "GObject", "GIRepository")
PKG = "girgen_girepository"


def girgen_bin():
    explicit = os.environ.get("GIRGEN_BIN")
    if explicit:
        return explicit
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "girgen"
        if p.exists():
            return str(p)
    pytest.skip("girgen is not built")


_generated = {}


def generate(mode, tmp_path_factory):
    if mode in _generated:
        return _generated[mode]
    out = tmp_path_factory.mktemp("cffi-" + mode)
    env = dict(os.environ, GIRGEN_PYTHON=sys.executable)
    proc = subprocess.run([girgen_bin(), "--backend", "cffi", "--cffi-mode", mode, "GIRepository-2.0",
                           "-o", str(out), "-q"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    _generated[mode] = out
    return out


def check(out):
    """cdefcheck.py in a fresh interpreter (each mode has its own modules of the same names)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(out), str(ROOT / "python")]))
    proc = subprocess.run([sys.executable, str(HERE / "cdefcheck.py"), str(out), PKG] + list(NAMESPACES),
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


MODES = ["abi-inline", "abi-outofline"]
if not os.environ.get("GIRGEN_CFFI_SKIP_API"):
    MODES.append("api")


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return {mode: check(generate(mode, tmp_path_factory)) for mode in MODES}


@pytest.mark.parametrize("mode", MODES)
def test_every_declaration_checks_out(results, mode):
    r = results[mode]
    assert r["errors"] == []
    # The closure's size as of GLib 2.74 / GI 1.74: a regression that drops most of the cdef fails.
    assert r["functions"] > 1500
    assert r["constants"] > 700
    assert len(r["structs"]) > 90
    assert r["calls"] > 5
    if mode == "api":
        # Nearly every function the closure binds with a pointer or a string has a compiled shim.
        assert r["shims_missing"] == []
        assert r["shims"] > 1400
    else:
        assert r["shims"] == 0


@pytest.mark.skipif("api" not in MODES, reason="API mode skipped (GIRGEN_CFFI_SKIP_API)")
def test_abi_layouts_equal_the_compilers(results):
    abi, api = results["abi-outofline"]["structs"], results["api"]["structs"]
    mismatches = []
    for name, (size, align, fields) in sorted(abi.items()):
        assert name in api, "%s has a body in ABI mode but not in API mode" % name
        a_size, a_align, a_fields = api[name]
        if (size, align) != (a_size, a_align):
            mismatches.append("%s: size/align %s/%s, compiler %s/%s" % (name, size, align, a_size, a_align))
        for field, offset in fields.items():
            if field in a_fields and a_fields[field] != offset:
                mismatches.append("%s.%s: offset %s, compiler %s" % (name, field, offset, a_fields[field]))
    assert mismatches == []
    # Structs ABI mode leaves opaque are the ones the GIR cannot lay out.
    assert set(api) - set(abi) <= {"GIOChannel", "GTestLogMsg"}


def test_out_of_line_products_are_deterministic(tmp_path_factory):
    first = generate("abi-outofline", tmp_path_factory)
    again = tmp_path_factory.mktemp("cffi-again")
    env = dict(os.environ, GIRGEN_PYTHON=sys.executable)
    subprocess.run([girgen_bin(), "--backend", "cffi", "GIRepository-2.0", "-o", str(again), "-q"],
                   check=True, env=env)
    for ns in NAMESPACES:
        name = "%s/_%s_cffi.py" % (PKG, ns)
        assert (first / name).read_bytes() == (again / name).read_bytes(), name


def test_build_errors_are_clear(tmp_path):
    env = dict(os.environ, GIRGEN_PYTHON=str(tmp_path / "no-such-python"))
    proc = subprocess.run([girgen_bin(), "--backend", "cffi", "GIRepository-2.0", "-o", str(tmp_path / "o"), "-q"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode != 0
    assert "no-such-python" in proc.stderr and "cffi build" in proc.stderr
    assert not (tmp_path / "o").exists(), "nothing is written when the build fails"


def test_runtime_core_matches_ctypes_core_interface():
    sys.path.insert(0, str(ROOT / "python"))
    from girgen_runtime import _cffi_core as c, _ctypes_core as k
    public = [n for n in dir(k) if not n.startswith("_") and not isinstance(getattr(k, n), type(os))]
    ctypes_only = {"CFUNCTYPE", "POINTER", "Structure", "byref", "P", "GType", "GQuark", "gboolean"}
    missing = [n for n in public if not n.startswith("c_") and n not in ctypes_only and not hasattr(c, n)]
    assert missing == []
    gt = c.g_type_from_name(b"GObject")
    assert c.g_type_name(gt) == b"GObject" and c.g_type_name(0) is None
    obj = c.g_object_new_with_properties(gt, 0, None, None)
    assert c.object_ref_count(obj) == 1 and c.type_from_instance(obj) == gt
    keep, arr = c.array_new([1, -2, 3], c.KIND_INT32, True)
    assert c.array_read(arr, 3, c.KIND_INT32) == [1, -2, 3]
    assert c.array_length_zero_terminated(arr, c.KIND_INT32) == 3
    e = c.g_error_new_literal(c.g_quark_from_string(b"d"), 7, b"m")
    assert c.gerror_fields(e)[1:] == (7, b"m")
    c.g_error_free(e)
    c.g_object_unref(obj)


def test_runtime_core_precompiled_ffi_is_current():
    sys.path.insert(0, str(ROOT / "python"))
    from girgen_runtime import _cffi_core as c
    assert c._PRECOMPILED_KEY == c._cdef_key(), "run: python -m girgen_runtime._cffi_core --regenerate"
