"""Leaks: 100,000 iterations of each scenario of leakcheck.py (objects made and dropped, owned
strings and containers returned, GErrors raised and caught, boxed copies, callbacks of scope
call and notified, signal handlers connected and disconnected, and the error paths of wrong
arguments), per backend, each in a fresh interpreter after a warm-up: the resident set size
must stay bounded."""

import json
import os
import subprocess
import sys

import pytest

from leakcheck import SCENARIOS

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(os.path.dirname(HERE))
ITERATIONS = int(os.environ.get("GIRGEN_LEAK_ITERATIONS", "100000"))
WARMUP = ITERATIONS // 10
# A leak of one small allocation per iteration (>= 32 bytes with malloc's overhead) is
# >= 3.2 MB over 100,000 iterations; allocator and interpreter noise stay well below.
LIMIT_BYTES = 2_500_000 * ITERATIONS // 100_000


def run_leakcheck(gi, testlibs, names, iterations, warmup, timeout=900):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR, str(gi.path)] + (
        [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    proc = subprocess.run(
        [sys.executable, os.path.join(HERE, "leakcheck.py"), gi.package, str(gi.path), str(testlibs),
         str(iterations), str(warmup), *names],
        capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL)
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc, results


# scenario -> (finding, backends where it is open): xfail(strict) there (docs/robustness.md)
OPEN = {}


class Leak(AssertionError):
    pass


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_bounded_rss(gi, testlibs, scenario, request):
    if scenario in OPEN and gi.backend in OPEN[scenario][1]:
        request.applymarker(pytest.mark.xfail(strict=True, raises=Leak,
                                              reason="%s is open (docs/robustness.md)" % OPEN[scenario][0]))
    proc, results = run_leakcheck(gi, testlibs, [scenario], ITERATIONS, WARMUP)
    assert proc.returncode == 0 and results, (
        "leakcheck %s died (%s):\n%s" % (scenario, proc.returncode, proc.stderr[-3000:]))
    r = results[0]
    if r["grow"] >= LIMIT_BYTES:
        raise Leak("%s: RSS grew by %d bytes over %d iterations (%.1f bytes/iteration)"
                   % (scenario, r["grow"], r["iterations"], r["grow"] / r["iterations"]))
