"""One fuzzing batch, run in its own process (`python -m fuzz.worker ...`, started by runner.py).

Before each call the worker writes the call as a line of Python to the log and flushes it (one
`os.write`); after the call returns it writes `#`. So when the process dies of a signal the log's
last line names the call that crashed (or, when the last line is `#`, the crash happened after it
returned: while releasing results or in the generator). At the end it writes a JSON summary.
"""

import argparse
import ctypes
import gc
import json
import os
import sys
import time

from . import discover as _discover
from . import gen as _gen
from . import prelude as _prelude
from . import unsafe as _unsafe

EXPECTED = ("TypeError", "ValueError", "OverflowError", "Error", "NotImplementedError")


def preload_testlibs(testlibs):
    """The test libraries are opened by soname; loading them by path first lets that work
    without LD_LIBRARY_PATH (as the test suite's conftest does)."""
    if not testlibs:
        return
    for lib in ("libgimarshallingtests.so", "libregress.so", "libbench.so"):
        p = os.path.join(testlibs, lib)
        if os.path.exists(p):
            ctypes.CDLL(p, mode=ctypes.RTLD_GLOBAL)


def relax_test_assertions():
    """GIMarshallingTests and Regress check with g_assert_cmp*() that they receive exactly the
    values their own test suites pass, and abort otherwise: every random value would abort by
    design. GLib can make those assertions non-fatal (they print and the function continues),
    which needs g_test_init (it also makes warnings and criticals fatal: undone right after).
    This configures the C test libraries for the harness, through libglib directly, the same
    for every backend; plain g_assert() and g_error() stay fatal."""
    g = ctypes.CDLL("libglib-2.0.so.0")
    argc = ctypes.c_int(1)
    argv = (ctypes.c_char_p * 2)(b"fuzz", None)
    pargv = ctypes.pointer(argv)
    g.g_test_init.argtypes = (ctypes.POINTER(ctypes.c_int), ctypes.c_void_p, ctypes.c_void_p)
    g.g_test_init.restype = None
    g.g_test_init(ctypes.byref(argc), ctypes.byref(pargv), None)
    g.g_log_set_always_fatal.argtypes = (ctypes.c_int,)
    g.g_log_set_always_fatal(0)
    g.g_test_set_nonfatal_assertions()


class Log:
    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def line(self, text):
        os.write(self.fd, text.encode("utf-8", "backslashreplace") + b"\n")

    def returned(self):
        os.write(self.fd, b"#\n")


class Worker:
    def __init__(self, package, log, chooser, namespaces=None, only=None, quarantine=()):
        self.env = _prelude.environment(package)
        self.api = _discover.discover(package, namespaces)
        self.log = log
        self.pool = _gen.Pool()
        self.gen = _gen.Generator(self.api, self.env, chooser, self.pool)
        self.skipped = {}
        targets = []
        for t in self.api.targets:
            why = _unsafe.reason(t)
            if why is None and (t.cid in quarantine or t.path in quarantine):
                why = "quarantined: crashed earlier in this run"
            if why is None and only is not None and not any(o in t.path for o in only):
                why = "not selected"
            if why is not None:
                self.skipped[t.path] = why
            else:
                targets.append(t)
        self.targets = targets
        self.counter = 0
        self.calls = 0
        self.exc_counts = {}
        self.unexpected = {}     # (path, exception type) -> first line
        self.var = 0
        self.result_types = self._result_filter()

    def _result_filter(self):
        ids = set(self.api.class_paths)
        return ids

    # -- the pool ------------------------------------------------------------------------------

    def _try(self, src, fn):
        """Run a setup statement, logged like a call. Returns the value or None."""
        self.var += 1
        name = "o%d" % self.var
        self.log.line("%s = %s" % (name, src))
        try:
            v = fn()
        except BaseException:  # noqa: BLE001 -- a failed setup step is just not pooled
            v = None
        self.log.returned()
        if v is not None:
            self.env[name] = v
            self.pool.add(name, v)
        return v

    def build_pool(self):
        """Instances of every class: Cls(), zero-argument constructors, then a few typed tries of
        the other constructors; and wrong-state wrappers (disposed, uninitialised)."""
        c = self.gen.c
        ctors = {}
        for t in self.targets:
            if t.kind == "ctor" and t.owner is not None:
                ctors.setdefault(id(t.owner), []).append(t)
        for path, cls in sorted(self.api.classes.items()):
            if issubclass(cls, int) or self.api.class_paths.get(id(cls)) != path:
                continue
            if _unsafe.reason_path(path) is None:
                self._try("%s()" % path, cls)
            for t in ctors.get(id(cls), ()):
                required = [p for p in (t.params or ()) if p[2] == "pos"]
                tries = 1 if not required else 3
                for _ in range(tries):
                    args, kwargs = self.gen.arguments(t)
                    src = "%s(%s)" % (t.path, _render(args, kwargs))
                    self._try(src, lambda: t.fn(*[v for _, v in args], **{k: v for k, _, v in kwargs}))
        gobject = self.env["GObject"]
        # wrong-state wrappers: disposed private objects, wrappers never initialised
        for path in ("Regress.TestObj", "GIMarshallingTests.Object", "GObject.Object",
                     "Regress.TestSubObj", "GIMarshallingTests.SubObject"):
            if path in self.api.classes and _unsafe.reason_path(path) is None:
                self._try("_disposed(%s())" % path, lambda p=path: _prelude._disposed(self.api.classes[p]()))
        for path, cls in sorted(self.api.classes.items()):
            if issubclass(cls, int) or c.chance(0.7) or _unsafe.reason_path(path) is not None:
                continue
            self._try("_uninit(%s)" % path, lambda cls=cls: _prelude._uninit(cls))
        del gobject

    # -- calls ---------------------------------------------------------------------------------

    def one_call(self):
        g = self.gen
        c = g.c
        t = self.targets[c.below(len(self.targets))]
        self.counter += 1
        rname = "r%d" % self.counter
        kind = t.kind
        try:
            if kind == "getattr":
                self_src, self_v = g.self_value(t.owner)
                line = "%s = %s.%s" % (rname, _paren(self_src), t.attr)
                call = lambda: getattr(self_v, t.attr)  # noqa: E731
            elif kind == "setattr":
                self_src, self_v = g.self_value(t.owner)
                vs, vv = g.wild() if c.chance(0.5) else g.value(t.path.split(".")[0], None)
                line = "%s.%s = %s" % (_paren(self_src), t.attr, vs)
                rname = None
                call = lambda: setattr(self_v, t.attr, vv)  # noqa: E731
            else:
                args, kwargs = g.arguments(t)
                if kind == "method":
                    self_src, self_v = g.self_value(t.owner)
                    args = [(self_src, self_v)] + args
                line = "%s = %s(%s)" % (rname, t.path, _render(args, kwargs))
                fn = t.fn
                pos = [v for _, v in args]
                kw = {k: v for k, _, v in kwargs}
                call = lambda: fn(*pos, **kw)  # noqa: E731
        except RecursionError:
            return
        self.log.line(line)
        self.calls += 1
        try:
            r = call()
        except BaseException as e:  # noqa: BLE001 -- any Python exception is an allowed outcome
            name = type(e).__name__
            self.exc_counts[name] = self.exc_counts.get(name, 0) + 1
            if name not in EXPECTED:
                key = (t.path, name)
                if key not in self.unexpected:
                    self.unexpected[key] = (line, str(e)[:200])
            r = None
            e = None
        self.log.returned()
        if rname is not None and r is not None:
            self._keep(rname, r)

    def _keep(self, rname, r):
        """Pool wrapper instances a call returned (so later calls get them as arguments)."""
        if isinstance(r, tuple):
            for i, v in enumerate(r[:4]):
                if v is not None and self._poolable(v):
                    self.env[rname] = r
                    self.pool.add("%s[%d]" % (rname, i), v, self.gen.c)
            return
        if self._poolable(r):
            self.env[rname] = r
            self.pool.add(rname, r, self.gen.c)

    def _poolable(self, v):
        t = type(v)
        if t in (int, str, bytes, float, bool, list, dict):
            return False
        if isinstance(v, int):
            return False
        for k in t.__mro__:
            if id(k) in self.result_types:
                return True
        return False


def _paren(src):
    return src if src.isidentifier() or src.endswith(")") and src[0].isalpha() else "(%s)" % src


def _render(args, kwargs):
    parts = [s for s, _ in args]
    parts.extend("%s=%s" % (k, s) for k, s, _ in kwargs)
    return ", ".join(parts)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m fuzz.worker")
    ap.add_argument("--package", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--summary", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--engine", choices=("random", "hypothesis"), default="random")
    ap.add_argument("--testlibs", default=None)
    ap.add_argument("--namespace", action="append", default=None)
    ap.add_argument("--only", action="append", default=None)
    ap.add_argument("--quarantine", action="append", default=[])
    ap.add_argument("--gc-every", type=int, default=200)
    a = ap.parse_args(argv)
    preload_testlibs(a.testlibs)
    relax_test_assertions()
    log = Log(a.log)
    t0 = time.perf_counter()
    chooser = _gen.RandomChooser(a.seed)
    w = Worker(a.package, log, chooser, a.namespace, a.only, set(a.quarantine))
    t_setup = time.perf_counter()
    w.build_pool()
    t_pool = time.perf_counter()
    if a.engine == "random":
        for i in range(a.calls):
            w.one_call()
            if a.gc_every and i % a.gc_every == 0:
                log.line("gc.collect()")
                gc.collect()
                log.returned()
    else:
        run_hypothesis(w, a.calls, a.seed)
    t_end = time.perf_counter()
    log.line("# end of batch")
    w.pool.entries.clear()
    gc.collect()
    summary = {
        "calls": w.calls, "targets": len(w.targets), "skipped": len(w.skipped),
        "exceptions": w.exc_counts,
        "unexpected": [[k[0], k[1], v[0], v[1]] for k, v in sorted(w.unexpected.items())],
        "seconds_setup": t_setup - t0, "seconds_pool": t_pool - t_setup,
        "seconds_calls": t_end - t_pool, "pool": len(w.pool.entries),
        "discovery_errors": w.api.errors,
    }
    with open(a.summary, "w") as f:
        json.dump(summary, f)
    log.line("# summary written")
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: what is being tested ran above; finalizers of a dying
    # interpreter are out of scope (the runtime skips them itself).
    os._exit(0)


def run_hypothesis(w, calls, seed):
    """The same calls, with every choice drawn by Hypothesis (its distributions, its seed)."""
    from hypothesis import HealthCheck, Phase, given, settings, strategies as st
    from hypothesis import seed as hseed
    per_example = 10
    examples = max(1, calls // per_example)

    @hseed(seed)
    @settings(max_examples=examples, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck), derandomize=False)
    @given(st.data())
    def property_only_python_exceptions(data):
        w.gen.c = _gen.HypothesisChooser(data)
        for _ in range(per_example):
            w.one_call()

    property_only_python_exceptions()


if __name__ == "__main__":
    main()
