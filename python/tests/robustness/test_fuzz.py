"""Misuse never crashes: a CI-sized run of the fuzzer (python/fuzz) on every backend. Every
callable of GIRepository, GLib, GObject, GIMarshallingTests and Regress that the public API
exposes is called with random and plausible arguments, in subprocess batches; only Python
exceptions may come out. Calls unsafe by their C contract are listed in fuzz/unsafe.py; open
findings are quarantined by fuzz/known.py (and tested in test_findings.py).

GIRGEN_FUZZ_CALLS (default 5000) scales the random batches; GIRGEN_FUZZ_SEED changes the seeds.
The long run is `python -m fuzz` (docs/robustness.md)."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))  # python/: the fuzz package

from fuzz import discover, known, runner, unsafe, gir  # noqa: E402
from fuzz.__main__ import describe  # noqa: E402

CALLS = int(os.environ.get("GIRGEN_FUZZ_CALLS", "5000"))
SEED = int(os.environ.get("GIRGEN_FUZZ_SEED", "1000"))
BATCHES = 2


def _run(gi, testlibs, seed, calls, engine, tmp_path):
    b = runner.run_batch(gi.package, seed, calls, bindings_path=str(gi.path), testlibs=str(testlibs),
                         engine=engine, hang_seconds=60, workdir=str(tmp_path), backend=gi.backend)
    assert b.status == "ok", describe(b)
    assert b.calls >= calls * 0.99, b.calls
    return b


@pytest.mark.parametrize("batch", range(BATCHES))
def test_random_calls_raise_only_python_exceptions(gi, testlibs, tmp_path, batch):
    b = _run(gi, testlibs, SEED + batch, CALLS // BATCHES, "random", tmp_path)
    s = b.summary
    # the fuzzer reaches C: most targets were called and not everything was rejected
    assert s["targets"] > 2000, s["targets"]
    assert sum(s["exceptions"].values()) < b.calls


def test_hypothesis_calls_raise_only_python_exceptions(gi, testlibs, tmp_path):
    pytest.importorskip("hypothesis")
    _run(gi, testlibs, SEED + 100, max(200, CALLS // 20), "hypothesis", tmp_path)


def test_the_harness_reports_a_crash(gi, testlibs, tmp_path):
    """The harness must see a crash for what it is: R1 (GLib.int_hash(None)) is a known crash
    on the backends it names; with the quarantine lifted, a batch of only that call dies and
    the reproducer names it."""
    backends, pats = known.FINDINGS["R1"]
    if gi.backend not in backends:
        pytest.skip("R1 is not open on %s" % gi.backend)
    b = runner.run_batch(gi.package, 7, 400, bindings_path=str(gi.path), testlibs=str(testlibs),
                         hang_seconds=60, workdir=str(tmp_path), backend=gi.backend,
                         include_known=True, only=["GLib.int_hash"])
    assert b.status == "crash", describe(b)
    assert b.target == "GLib.int_hash" and b.reproducer and "int_hash" in b.reproducer[-1]


def test_test_library_calls_run_in_groups(gi, testlibs, tmp_path):
    """Test-library calls run in forked children, several per child (fuzz.worker.Isolator): a
    by-design assertion ends only its child and the group goes on in a fresh one; a crash
    ends the run with the crashing call as the last statement printed."""
    fresh, iso = "  # isolated, new child", "  # isolated"
    group = ["r1 = GIMarshallingTests.int_return_max()" + fresh,
             "r2 = GIMarshallingTests.int_in_max(0)" + iso,        # g_assert_cmpint aborts
             "r3 = GIMarshallingTests.int_in_max(GIMarshallingTests.int_return_max())" + iso,
             "r4 = GIMarshallingTests.int_in_max('x')" + iso]
    rc, out = runner.replay(gi.package, group, str(testlibs), str(gi.path), workdir=str(tmp_path))
    assert rc == 0, out
    lines = [line for line in out.splitlines() if line.startswith((">>>", "    "))]
    # (each call is announced by the child running it; outcomes are printed after the group)
    assert lines == [">>> " + line for line in group] + [
        "    asserted (%s)" % group[1][:60], "    TypeError (%s)" % group[3][:60]], out
    crash = group[:1] + ["r5 = __import__('ctypes').string_at(8)" + iso] + group[2:3]
    rc, out = runner.replay(gi.package, crash, str(testlibs), str(gi.path), workdir=str(tmp_path))
    assert rc == -11, out
    assert runner.last_statement_output(out).startswith(">>> " + crash[1]), out


def test_unsafe_list_is_reviewed():
    """Every entry has a reason and matches something in the GIRs (no stale entries)."""
    cids = set()
    for ns, version in (("GLib", "2.0"), ("GObject", "2.0"), ("GIRepository", "2.0"),
                        ("GIMarshallingTests", "1.0"), ("Regress", "1.0")):
        g = gir.load(ns, version)
        assert g is not None, ns
        cids.update(g.by_cid)
    import fnmatch
    stale = []
    for pattern, reason in unsafe.SKIP:
        assert len(reason) > 10, pattern
        if pattern.startswith("py:"):
            continue
        if not any(fnmatch.fnmatchcase(c, pattern) for c in cids):
            stale.append(pattern)
    assert not stale, "entries matching no C function: %s" % stale


def test_discovery_is_complete(gi):
    """Every namespace attribute is reachable, and callables of every kind are found."""
    api = discover.discover(gi.package)
    assert not api.errors, api.errors[:10]
    kinds = {t.kind for t in api.targets}
    assert kinds >= {"function", "static", "ctor", "method", "init", "getattr", "setattr"}
    assert len(api.targets) > 3000
    # every namespace's GIR was found: targets have C identifiers, so unsafe.py applies
    for ns in ("GLib.", "GIMarshallingTests.", "Regress."):
        functions = [t for t in api.targets if t.kind == "function" and t.path.startswith(ns)]
        assert functions and all(t.cid for t in functions), ns
