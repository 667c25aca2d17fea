"""Everything the measurements need, built or found once per run; what cannot be had is recorded
with the reason instead of stopping the run.

Per measured interpreter ("stage": cpython, pypy) under WORK/<stage>/:
  testlibs/   libbench and the test libraries, the compiled anchors in testlibs/anchors
              (scripts/build-anchors.sh with PYTHON=<interpreter>)
  site/       one directory on PYTHONPATH, laid out like an installed site-packages and
              bytecode-compiled with that interpreter (`-m compileall`): girgen_runtime (copied from
              python/), the anchors, the hand-written libgirepository wrappers, PGI (pip --target)
              and every generated package: gb_<backend> (Bench-1.0) and gr_<backend> (GIRepository-2.0)
Generated distributions live in WORK/gen/<stage or common>/<package>/; a stamp (girgen binary,
command) skips regeneration when nothing changed. pyo3 packages are built per interpreter and
their build time and extension size are kept in WORK/build-info.json.
"""

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .common import (BENCH, GIRGEN_BACKENDS, ROOT, WORKER, copy_tree, error_line, last_line, log, parse_result, run,
                     tree_signature)

PGI_REQ = "pgi==0.0.11.2"
# Part of every generation stamp: change it when the way the harness runs girgen changes (its
# environment, say), so that cached packages and cached failures are made again.
GEN_RECIPE = "gen-2"
ANCHOR_PY = ("anchor_common.py", "ctypes_bench.py", "cffi_abi_bench.py", "cffi_api_bench.py")
HANDWRITTEN_PY = ("girepo_ctypes.py", "girepo_cffi_common.py", "girepo_cffi_abi.py", "girepo_cffi_ool.py")

CALL_VARIANTS = ("loop", "capi", "ctypes", "ctypes-str", "cffi-abi", "cffi-api", "bare-ctypes", "bare-cffi-abi",
                 "bare-cffi-api") + tuple("girgen-" + b for b in GIRGEN_BACKENDS) + ("pygobject", "pgi")
IMPORT_VARIANTS = ("none",) + tuple("girgen-" + b for b in GIRGEN_BACKENDS) + (
    "pygobject", "pgi", "hand-ctypes", "hand-cffi-abi", "hand-cffi-ool")


@dataclass
class Interp:
    key: str  # cpython | pypy | pypy-nojit
    label: str
    exe: str
    flags: list
    stage: str
    is_pypy: bool
    version: str = ""


@dataclass
class Stage:
    key: str
    exe: str
    root: Path
    testlibs: Path = None
    site: Path = None
    env: dict = None
    version: str = ""
    cffi: str = ""
    # variant -> reason it cannot run on this stage (set during preparation)
    broken: dict = field(default_factory=dict)


@dataclass
class Setup:
    work: Path
    girgen: str = None
    girgen_reason: str = None
    girgen_has_python_opt: bool = False
    stages: dict = field(default_factory=dict)
    interps: list = field(default_factory=list)
    # (interp key, kind) -> {variant: None if it runs, else the reason}
    avail: dict = field(default_factory=dict)
    build_info: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def reason(self, interp_key, kind, variant):
        return self.avail.get((interp_key, kind), {}).get(variant, "not probed")


def _sh(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, **kw)
    except OSError as e:
        return subprocess.CompletedProcess(cmd, 127, "", str(e))


def find_interps(args):
    interps = []
    cpy = shutil.which(args.cpython) or args.cpython
    interps.append(Interp("cpython", "CPython", cpy, [], "cpython", False))
    if args.pypy != "none":
        pypy = shutil.which(args.pypy) or args.pypy
        interps.append(Interp("pypy", "PyPy (JIT)", pypy, [], "pypy", True))
        interps.append(Interp("pypy-nojit", "PyPy --jit off", pypy, ["--jit", "off"], "pypy", True))
    return interps


# ---------------------------------------------------------------------------------------------
# girgen


def build_girgen(setup, args):
    explicit = os.environ.get("GIRGEN_BIN")
    binary = Path(explicit) if explicit else ROOT / "target" / "release" / "girgen"
    if not explicit and not args.no_cargo:
        if shutil.which("cargo"):
            log("cargo build --release -p girgen")
            p = _sh(["cargo", "build", "--release", "-p", "girgen"], cwd=ROOT)
            if p.returncode != 0:
                setup.notes.append("`cargo build --release -p girgen` failed: %s" % last_line(p.stderr))
        else:
            setup.notes.append("cargo not found: using an existing girgen binary if there is one")
    if binary.is_file():
        setup.girgen = str(binary)
        helptext = _sh([str(binary), "--help"]).stdout
        setup.girgen_has_python_opt = "--python" in helptext
    else:
        setup.girgen_reason = "girgen is not built (%s missing)" % binary


def _bin_id(path):
    st = Path(path).stat()
    return "%s:%d:%d" % (path, st.st_size, st.st_mtime_ns)


def generate(setup, backend, namespace, prefix, stage, testlibs):
    """Generate one package (cached); returns (dist dir, None) or (None, reason)."""
    if not setup.girgen:
        return None, setup.girgen_reason
    pkg = prefix + "_" + backend.replace("-", "_")
    per_interp = backend.startswith("cffi")
    gen_dir = setup.work / "gen" / (stage.key if per_interp else "common")
    dist = gen_dir / pkg
    name, extra = backend, []
    if backend.startswith("cffi-"):
        name, extra = "cffi", ["--cffi-mode", backend[len("cffi-"):]]
        if setup.girgen_has_python_opt:
            extra += ["--python", stage.exe]
    cmd = [setup.girgen, "--backend", name, namespace, "--gir-dir", str(testlibs), "-o", str(dist),
           "--package", pkg, "-q"] + extra
    stamp = gen_dir / (pkg + ".stamp")
    # The GIR directory differs per interpreter but its Bench-1.0.gir does not: key on the content.
    gir_sig = hashlib.sha256((testlibs / "Bench-1.0.gir").read_bytes()).hexdigest() if prefix == "gb" else ""
    key = json.dumps([GEN_RECIPE, _bin_id(setup.girgen), [c for c in cmd[1:] if c != str(testlibs)], gir_sig,
                      stage.exe if per_interp else ""])
    failed = gen_dir / (pkg + ".failed")
    if stamp.exists() and stamp.read_text() == key and (dist / pkg).is_dir():
        return dist, None
    if failed.exists():
        # The same binary and command failed before: do not spend the time again.
        prev_key, _, prev_why = failed.read_text().partition("\n")
        if prev_key == key:
            return None, prev_why
    gen_dir.mkdir(parents=True, exist_ok=True)
    for f in (stamp, failed):
        if f.exists():
            f.unlink()
    log("girgen --backend %s %s -> %s" % (backend, namespace, dist))
    # The cffi build loads and links the namespace's libraries (the test libraries are not
    # installed) and must run on the measured interpreter: --python when girgen has it, and
    # $GIRGEN_PYTHON, which it honours as the default.
    def prepend(var, value, sep):
        return value + (sep + os.environ[var] if os.environ.get(var) else "")
    # bench.h is not installed either: api mode compiles against it (build.py honours $CPPFLAGS).
    env = dict(stage.env, GIRGEN_PYTHON=stage.exe, LIBRARY_PATH=prepend("LIBRARY_PATH", str(testlibs), ":"),
               CPPFLAGS=prepend("CPPFLAGS", "-I" + str(BENCH / "lib"), " "))
    env.pop("PYTHONPATH", None)
    p = run(cmd, env=env, timeout=1800)
    why = None
    if p.returncode != 0:
        err = error_line(p.stderr) or "exit %d" % p.returncode
        why = "girgen failed: %s" % re.sub(r"^girgen: error: ", "", err)
    elif not (dist / pkg).is_dir():
        why = "girgen wrote no package directory %s" % (dist / pkg)
    if why:
        failed.write_text(key + "\n" + why)
        return None, why
    stamp.write_text(key)
    return dist, None


def build_pyo3(setup, dist, pkg, stage):
    """Build a generated pyo3 distribution for stage's interpreter and put the package into
    stage.site; returns None or the reason. Knows the two ways a crate can be built: a build.sh
    next to it, or a maturin pyproject."""
    out = setup.work / "pyo3-build" / stage.key / pkg
    stamp = out / ".stamp"
    # The build writes its product into the distribution: leave products and cargo output out.
    key = json.dumps([tree_signature(dist, skip=("*.so", "target", "Cargo.lock")), stage.exe])
    target = stage.site / pkg
    if stamp.exists() and stamp.read_text() == key and (out / "pkg" / pkg).is_dir():
        copy_tree(out / "pkg" / pkg, target)
        return None
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # One cargo target directory per package and interpreter: the first build is a cold build
    # (dependencies included), later ones after a regeneration are incremental; both are recorded.
    target_dir = setup.work / "pyo3-target" / stage.key / pkg
    cold = not target_dir.exists()
    env = dict(os.environ, PYTHON=stage.exe, PYO3_PYTHON=stage.exe, CARGO_TARGET_DIR=str(target_dir))
    pyproject = dist / "pyproject.toml"
    t0 = time.perf_counter()
    if (dist / "build.sh").is_file():
        log("pyo3: bash build.sh for %s (%s)" % (pkg, stage.key))
        p = run(["bash", str(dist / "build.sh")], env=env, cwd=dist, timeout=3600)
        if p.returncode != 0:
            return "pyo3 build.sh failed: %s" % (error_line(p.stderr) or last_line(p.stdout))
        src = dist / pkg
    elif pyproject.is_file() and "maturin" in pyproject.read_text():
        maturin = shutil.which("maturin") or str(Path(sys.executable).parent / "maturin")
        if not Path(maturin).exists():
            return "maturin not found (pip install maturin)"
        log("pyo3: maturin build --release for %s (%s)" % (pkg, stage.key))
        p = run([maturin, "build", "--release", "--interpreter", stage.exe, "--out", str(out / "wheels")],
                env=env, cwd=dist, timeout=3600)
        if p.returncode != 0:
            return "maturin build failed: %s" % (error_line(p.stderr) or last_line(p.stdout))
        wheels = sorted((out / "wheels").glob("*.whl"))
        if not wheels:
            return "maturin built no wheel"
        import zipfile
        with zipfile.ZipFile(wheels[-1]) as z:
            z.extractall(out / "unpacked")
        src = out / "unpacked" / pkg
    else:
        return "the generated pyo3 distribution has neither build.sh nor a maturin pyproject.toml"
    seconds = time.perf_counter() - t0
    if not src.is_dir():
        return "the pyo3 build left no package directory %s" % src
    sos = [p for p in src.rglob("*.so")]
    if not sos:
        return "the pyo3 build produced no extension module in %s" % src
    copy_tree(src, out / "pkg" / pkg)
    copy_tree(src, target)
    setup.build_info.setdefault(stage.key, {})[pkg] = {
        "seconds": seconds, "so_bytes": sum(p.stat().st_size for p in sos),
        "when": time.strftime("%Y-%m-%d %H:%M:%S"), "cold_target": cold}
    stamp.write_text(key)
    return None


# ---------------------------------------------------------------------------------------------
# stages


def stage_env(stage):
    env = dict(os.environ)
    for var in ("PYTHONSTARTUP", "PYTHONHOME", "PYTHONINSPECT", "PYPYLOG", "VIRTUAL_ENV"):
        env.pop(var, None)
    env["PYTHONPATH"] = str(stage.site)
    env["LD_LIBRARY_PATH"] = str(stage.testlibs) + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    env["GI_TYPELIB_PATH"] = str(stage.testlibs)
    env["GIRGEN_TESTLIBS"] = str(stage.testlibs)
    env["PYTHONHASHSEED"] = "0"
    return env


def prepare_stage(setup, stage, args):
    stage.root.mkdir(parents=True, exist_ok=True)
    stage.testlibs = stage.root / "testlibs"
    stage.site = stage.root / "site"
    stage.site.mkdir(parents=True, exist_ok=True)
    stage.env = stage_env(stage)

    p = _sh([stage.exe, "-c", "import sys; print(sys.version.split()[0]); "
             "import cffi; print(cffi.__version__)"])
    lines = p.stdout.split()
    stage.version = lines[0] if lines else "?"
    stage.cffi = lines[1] if len(lines) > 1 else "not importable"

    # Test libraries and compiled anchors.
    log("build-anchors (%s)" % stage.key)
    p = run(["bash", str(ROOT / "scripts" / "build-anchors.sh"), str(stage.testlibs)],
            env=dict(os.environ, PYTHON=stage.exe), timeout=1800)
    if p.returncode != 0:
        why = "scripts/build-anchors.sh failed: %s" % last_line(p.stderr)
        for v in ("capi", "cffi-api", "bare-cffi-api"):
            stage.broken[v] = why
        if not (stage.testlibs / "libbench.so").exists():
            stage.broken["*bench"] = why
    for name in ANCHOR_PY:
        shutil.copy2(BENCH / "anchors" / name, stage.site / name)
    for so in (stage.testlibs / "anchors").glob("*.so"):
        shutil.copy2(so, stage.site / so.name)

    # Hand-written libgirepository wrappers (+ the out-of-line cffi module, built by this interpreter).
    for name in HANDWRITTEN_PY:
        shutil.copy2(BENCH / "handwritten" / name, stage.site / name)
    ool = stage.site / "_girepo_cffi_ool.py"
    srcs = [BENCH / "handwritten" / n for n in ("girepo_cffi_build.py", "girepo_cffi_common.py")]
    if not ool.exists() or any(ool.stat().st_mtime_ns < s.stat().st_mtime_ns for s in srcs):
        p = run([stage.exe, str(srcs[0]), str(stage.site)], timeout=300)
        if p.returncode != 0:
            stage.broken["hand-cffi-ool"] = "girepo_cffi_build.py failed: %s" % last_line(p.stderr)

    # girgen's runtime, as installed.
    rt_src = ROOT / "python" / "girgen_runtime"
    rt_stamp = stage.root / "runtime.stamp"
    sig = tree_signature(rt_src)
    if not (rt_stamp.exists() and rt_stamp.read_text() == sig and (stage.site / "girgen_runtime").is_dir()):
        copy_tree(rt_src, stage.site / "girgen_runtime")
        rt_stamp.write_text(sig)

    # PGI from PyPI (pure Python; installed once).
    if not (stage.site / "pgi").is_dir():
        log("pip install --target %s %s" % (stage.site, PGI_REQ))
        p = run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--target",
                 str(stage.site), PGI_REQ], timeout=600)
        if p.returncode != 0:
            stage.broken["pgi"] = "pip install %s failed: %s" % (PGI_REQ, last_line(p.stderr))

    # girgen's packages.
    for backend in GIRGEN_BACKENDS:
        for prefix, ns in (("gb", "Bench-1.0"), ("gr", "GIRepository-2.0")):
            pkg = prefix + "_" + backend.replace("-", "_")
            variant = ("*gb-" if prefix == "gb" else "*gr-") + backend
            if prefix == "gb" and "*bench" in stage.broken:
                stage.broken[variant] = stage.broken["*bench"]
                continue
            dist, why = generate(setup, backend, ns, prefix, stage, stage.testlibs)
            if why:
                stage.broken[variant] = why
                if (stage.site / pkg).exists():
                    shutil.rmtree(stage.site / pkg)
                continue
            if backend == "pyo3":
                if args.skip_pyo3_build and not (stage.site / pkg).is_dir():
                    stage.broken[variant] = "pyo3 build skipped (--skip-pyo3-build)"
                    continue
                why = None if args.skip_pyo3_build else build_pyo3(setup, dist, pkg, stage)
                if why:
                    stage.broken[variant] = why
            else:
                sig = tree_signature(dist / pkg)
                st = stage.root / (pkg + ".stamp")
                if not (st.exists() and st.read_text() == sig and (stage.site / pkg).is_dir()):
                    copy_tree(dist / pkg, stage.site / pkg)
                    st.write_text(sig)

    # Bytecode, as pip would have written it at install time (PYTHONDONTWRITEBYTECODE=1 is set in
    # this environment, so imports would otherwise compile every module on every run).
    # Only the entries of site/ that changed since the last compileall are compiled again.
    cstamp = stage.root / "compileall.json"
    try:
        done = json.loads(cstamp.read_text())
    except (OSError, ValueError):
        done = {}
    sigs = {e.name: tree_signature(e) if e.is_dir() else repr(e.stat().st_mtime_ns)
            for e in sorted(stage.site.iterdir()) if e.name != "__pycache__" and e.suffix in ("", ".py")}
    todo = [name for name, sig in sigs.items() if done.get(name) != sig]
    if todo:
        log("compileall (%s): %s" % (stage.key, ", ".join(todo) if len(todo) < 8 else "%d entries" % len(todo)))
        p = run([stage.exe, "-m", "compileall", "-q", "-j", "0"] + [str(stage.site / n) for n in todo], timeout=1800)
        if p.returncode != 0:
            setup.notes.append("compileall with %s reported errors: %s" % (stage.exe, last_line(p.stdout + p.stderr)))
        else:
            cstamp.write_text(json.dumps(sigs))


def probe(setup, interp, stage):
    """Which variants import and work on this interpreter; the reason for each that does not."""
    for kind, variants in (("calls", CALL_VARIANTS), ("import", IMPORT_VARIANTS)):
        avail = {}
        todo = []
        for v in variants:
            why = None
            if v.startswith("girgen-"):
                why = stage.broken.get(("*gb-" if kind == "calls" else "*gr-") + v[len("girgen-"):])
            elif kind == "calls" and v not in ("loop",):
                why = stage.broken.get(v) or stage.broken.get("*bench")
            else:
                why = stage.broken.get(v)
            if why:
                avail[v] = why
            else:
                todo.append(v)
        results = {}
        if todo:
            p = run([interp.exe] + interp.flags + [str(WORKER), "probe", kind] + todo, env=stage.env, timeout=600)
            try:
                results = parse_result(p)
            except RuntimeError:
                # One variant crashed the process: probe them one by one.
                for v in todo:
                    p = run([interp.exe] + interp.flags + [str(WORKER), "probe", kind, v], env=stage.env, timeout=300)
                    try:
                        results.update(parse_result(p))
                    except RuntimeError as e:
                        results[v] = {"ok": False, "error": str(e)}
        for v in todo:
            r = results.get(v, {"ok": False, "error": "not probed"})
            avail[v] = None if r.get("ok") else "fails on %s: %s" % (interp.label, r.get("error"))
        if interp.is_pypy and avail.get("pygobject"):
            avail["pygobject"] = ("PyGObject (python3-gi) is built for CPython's C-API only and Debian ships no "
                                  "PyPy build (here: %s)" % avail["pygobject"].split(": ", 1)[-1].split(" (most likely")[0][:120])
        setup.avail[(interp.key, kind)] = avail


# ---------------------------------------------------------------------------------------------
# versions for the result headers


def collect_versions(setup):
    v = setup.versions
    v["date"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    v["machine"] = "%s %s, %s" % (platform.system(), platform.release(), platform.machine())
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    v["cpu"] = "%s, %d logical cores" % (cpu, os.cpu_count() or 0)
    try:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        v["memory"] = "%.1f GB" % (mem_kb / 1e6)
    except (OSError, AttributeError):
        pass
    try:
        v["os"] = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    v["load_start"] = "%.2f %.2f %.2f" % os.getloadavg()
    for pkg in ("glib-2.0", "gobject-introspection-1.0"):
        p = _sh(["pkg-config", "--modversion", pkg])
        v[pkg] = p.stdout.strip() or "?"
    for st in setup.stages.values():
        v["python:" + st.key] = "%s %s (cffi %s)" % (st.exe, st.version, st.cffi)
    cp = setup.stages.get("cpython")
    if cp:
        p = _sh([cp.exe, "-c", "import gi; print(gi.__version__)"])
        v["PyGObject"] = p.stdout.strip() or "not importable (%s)" % last_line(p.stderr)
    v["PGI"] = PGI_REQ.split("==")[1]
    p = _sh(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT)
    dirty = _sh(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT).stdout.strip()
    v["girgen"] = "%s%s (%s)" % (p.stdout.strip() or "?", " + uncommitted changes" if dirty else "",
                                 setup.girgen or setup.girgen_reason)
    v["rustc"] = _sh(["rustc", "--version"]).stdout.strip() or "?"
    v["g-ir-compiler"] = shutil.which("g-ir-compiler") or "not found"
