"""--no-deps: a namespace generated alone imports its includes from another generated package."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def girgen_bin():
    explicit = os.environ.get("GIRGEN_BIN")
    if explicit:
        return explicit
    release = ROOT / "target" / "release" / "girgen"
    return str(release if release.exists() else ROOT / "target" / "debug" / "girgen")


def test_no_deps_imports_includes_from_the_deps_package(gi, testlibs):
    backend_args = ["--backend", gi.backend.split("-")[0]]
    if gi.backend.startswith("cffi-"):
        backend_args += ["--cffi-mode", gi.backend.split("-", 1)[1]]
    out = Path(gi.path).parent / ("no-deps-" + gi.backend)
    # Only Bench (which includes GObject and GLib); those come from the package of the suite.
    # cffi's build step imports the dependencies' package, as the user's Python would.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(gi.path), str(ROOT / "python")]))
    if gi.backend == "pyo3":
        # A pyo3 package is importable once its crate is compiled (`--build`, as cffi's modules are
        # compiled at generation). Its own target directory: both crates build `lib_native.so`.
        backend_args.append("--build")
        env.pop("CARGO_TARGET_DIR", None)
    gen = subprocess.run([girgen_bin(), *backend_args, "Bench-1.0", "--gir-dir", str(testlibs), "--no-deps",
                          "--deps-package", gi.package, "-o", str(out), "--package", "bench_only", "-q",
                          "--python", sys.executable], capture_output=True, text=True, env=env)
    assert gen.returncode == 0, gen.stderr
    assert not (out / "bench_only" / "GLib").exists()
    code = (
        "import sys; sys.path[:0] = [%r, %r, %r]\n"
        "from bench_only import Bench\n"
        "from %s import GLib\n"
        "try:\n"
        "    Bench.overhead([1, 2], 'fail')\n"
        "except GLib.Error as e:\n"
        "    print(e.domain, int(e.code))\n" % (str(out), str(gi.path), str(ROOT / "python"), gi.package)
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["bench-error-quark", "0"]
