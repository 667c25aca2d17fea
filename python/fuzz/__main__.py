"""The long run: `PYTHONPATH=python python -m fuzz --backend ctypes --calls 1000000`.

Generates the bindings (girgen, into build/fuzz-bindings/BACKEND) unless --bindings is given,
then runs batches in subprocesses until --calls calls were made. A target that crashed is
quarantined for the rest of the run (so one bug is reported once, not a thousand times). Prints
one line per batch and a summary; --report writes everything as JSON (crashes with their
reproducer scripts).
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from . import runner

ROOT = os.path.dirname(os.path.dirname(runner.HERE))
NAMESPACES = ("GIRepository-2.0", "GIMarshallingTests-1.0", "Regress-1.0", "Bench-1.0")


def girgen_bin():
    b = os.environ.get("GIRGEN_BIN")
    if b:
        return b
    for profile in ("release", "debug"):
        p = os.path.join(ROOT, "target", profile, "girgen")
        if os.path.exists(p):
            return p
    sys.exit("fuzz: girgen is not built (cargo build --release -p girgen), or set GIRGEN_BIN")


def testlibs_dir():
    d = os.environ.get("GIRGEN_TESTLIBS", os.path.join(ROOT, "build", "testlibs"))
    if not os.path.exists(os.path.join(d, "Regress-1.0.gir")):
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "build-testlibs.sh"), d], check=True)
    return os.path.abspath(d)


def generate(backend, out, testlibs):
    """girgen BACKEND -> (sys.path entry, package)."""
    package = "gi_" + backend.replace("-", "_")
    name, extra = backend, []
    if backend.startswith("cffi"):
        name = "cffi"
        extra = ["--cffi-mode", backend.split("-", 1)[1] if "-" in backend else "abi-outofline"]
    if backend == "pyo3":
        extra = ["--build"]
    cmd = [girgen_bin(), "--backend", name, *NAMESPACES, "--gir-dir", testlibs, "-o", out,
           "--package", package, "-q", *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("fuzz: girgen failed for %s:\n%s" % (backend, proc.stderr))
    path = out
    if os.path.isdir(os.path.join(out, "python", package)):
        path = os.path.join(out, "python")
    return path, package


def describe(b):
    out = ["== %s (%s) seed %d: %s" % (b.status, runner.signal_name(b.returncode), b.seed, b.target),
           "last call%s: %s" % (" (it had returned)" if b.after_return else "", b.last_line)]
    out.append("stderr tail:\n    " + "\n    ".join(b.stderr_tail.splitlines()[-8:]))
    if b.reproducer:
        out.append("reproducer (%s, %d statements):" % (b.reproducer_kind, len(b.reproducer)))
        out.extend("    " + s[:300] for s in b.reproducer[-12:])
    if b.hang_stacks:
        out.append("where it hung:\n    " + "\n    ".join(b.hang_stacks.splitlines()[-60:]))
    if b.replay_output:
        out.append("replay of the last statement:\n    " + "\n    ".join(b.replay_output.splitlines()[:14]))
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", default="ctypes", help="ctypes, cffi, cffi-api, pyo3")
    ap.add_argument("--calls", type=int, default=100000, help="total calls (default 100000)")
    ap.add_argument("--batch", type=int, default=20000, help="calls per subprocess batch")
    ap.add_argument("--jobs", type=int, default=1, help="batches run in parallel")
    ap.add_argument("--seed", type=int, default=1, help="seed of the first batch (then +1 each)")
    ap.add_argument("--engine", choices=("random", "hypothesis"), default="random")
    ap.add_argument("--bindings", help="existing bindings: the sys.path entry holding --package")
    ap.add_argument("--package", help="with --bindings: the package name")
    ap.add_argument("--only", action="append", help="fuzz only targets whose path contains this")
    ap.add_argument("--namespace", action="append", help="fuzz only these namespaces")
    ap.add_argument("--hang-seconds", type=float, default=60)
    ap.add_argument("--report", help="write the results as JSON here")
    ap.add_argument("--malloc-check", action="store_true",
                    help="glibc's checking allocator in the workers: heap corruption is caught "
                         "near the call that caused it (slower)")
    ap.add_argument("--reduce", action="store_true",
                    help="reduce crashes that need earlier calls by delta debugging (slow)")
    ap.add_argument("--include-known", action="store_true",
                    help="also call what open findings (fuzz/known.py) quarantine")
    ap.add_argument("-v", "--verbose", action="store_true", help="describe each crash when it happens")
    a = ap.parse_args(argv)

    testlibs = testlibs_dir()
    if a.bindings:
        path, package = os.path.abspath(a.bindings), a.package or "gi_" + a.backend.replace("-", "_")
    else:
        out = os.path.join(ROOT, "build", "fuzz-bindings", a.backend)
        print("fuzz: generating %s bindings in %s" % (a.backend, out), flush=True)
        path, package = generate(a.backend, out, testlibs)

    lock = threading.Lock()
    quarantine = []
    results = []
    state = {"calls": 0, "next_seed": a.seed, "t0": time.time()}

    def next_batch():
        with lock:
            if state["calls"] >= a.calls:
                return None
            n = min(a.batch, a.calls - state["calls"])
            state["calls"] += n
            seed = state["next_seed"]
            state["next_seed"] += 1
            return seed, n, list(quarantine)

    def work():
        while True:
            job = next_batch()
            if job is None:
                return
            seed, n, q = job
            b = runner.run_batch(package, seed, n, bindings_path=path, testlibs=testlibs,
                                 engine=a.engine, hang_seconds=a.hang_seconds, quarantine=q,
                                 only=a.only, namespaces=a.namespace, backend=a.backend,
                                 include_known=a.include_known,
                                 minimize="ddmin" if a.reduce else True,
                                 malloc_check=a.malloc_check)
            with lock:
                results.append(b)
                if b.status == "error":
                    print("fuzz: the worker failed to start:\n" + b.stderr_tail, flush=True)
                    state["calls"] = a.calls   # stop: every batch would fail the same way
                    return
                if b.status != "ok":
                    if b.target and b.target not in quarantine:
                        quarantine.append(b.target)
                    # the calls the batch did not make are made by later batches
                    state["calls"] -= max(0, n - (b.calls or 0))
                rate = (b.calls or 0) / b.seconds if b.seconds else 0
                print("batch seed=%d %s calls=%s %.0fs (%.0f calls/s)%s" % (
                    b.seed, b.status, b.calls, b.seconds, rate,
                    "" if b.status == "ok" else " %s in %s: %s" % (
                        runner.signal_name(b.returncode), b.target, b.last_line[:200])), flush=True)
                if b.status != "ok" and a.verbose:
                    print(describe(b) + "\n", flush=True)

    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for _ in range(a.jobs):
            ex.submit(work)
    elapsed = time.time() - state["t0"]
    total = sum(b.calls or 0 for b in results)
    bad = [b for b in results if b.status != "ok"]
    exc = {}
    unexpected = {}
    for b in results:
        if b.summary:
            for k, v in b.summary["exceptions"].items():
                exc[k] = exc.get(k, 0) + v
            for path_, name, line, text in b.summary["unexpected"]:
                unexpected.setdefault((path_, name), (line, text))
    print("\nfuzz %s: %d calls in %d batches, %.0f s wall (%.0f calls/s), %d crashes/hangs/exits" % (
        a.backend, total, len(results), elapsed, total / elapsed if elapsed else 0, len(bad)))
    print("exceptions raised: %s" % ", ".join("%s %d" % kv for kv in sorted(exc.items(), key=lambda kv: -kv[1])))
    if unexpected:
        print("unexpected exception types (%d call sites), first of each:" % len(unexpected))
        for (p, n), (line, text) in sorted(unexpected.items())[:40]:
            print("  %s %s: %s  [%s]" % (p, n, text[:80], line[:120]))
    if not a.verbose:
        for b in bad:
            print("\n" + describe(b))
    if a.report:
        with open(a.report, "w") as f:
            json.dump({"backend": a.backend, "calls": total, "seconds": elapsed,
                       "batches": [b.as_dict() for b in results],
                       "exceptions": exc,
                       "unexpected": [[k[0], k[1], v[0], v[1]] for k, v in sorted(unexpected.items())]},
                      f, indent=1, default=str)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
