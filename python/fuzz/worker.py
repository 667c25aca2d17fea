"""One fuzzing batch, run in its own process (`python -m fuzz.worker ...`, started by runner.py).

Before each call the worker writes the call as a line of Python to the log (one `os.write`, no
buffering); after the call returns it writes `#`. So when the process dies of a signal the log's
last line names the call that crashed (or, when the last line is `#`, the crash happened after it
returned: while releasing results, in the generator or in gc.collect(), which is logged too).
At the end it writes a JSON summary. `run_statements` replays a log the same way.
"""

import argparse
import ctypes
import gc
import json
import os
import re
import signal
import sys
import tempfile
import time

from . import discover as _discover
from . import gen as _gen
from . import known as _known
from . import prelude as _prelude
from . import unsafe as _unsafe

# GIMarshallingTests and Regress check with g_assert*() that they receive exactly the values of
# their own test suites, and abort otherwise: by design, any other value aborts. Their callables
# run in a forked child; a child that died of such an assertion (its message names the test
# library's source file) is an allowed outcome, any other death of the child is a crash of the
# batch, with the same signal.
ISOLATED_NAMESPACES = ("GIMarshallingTests.", "Regress.")
# Log markers (comments, so a line stays plain Python): the statement ran in a forked child
# only; or it ran in a child first and, if that survived, here.
ISOLATED_MARK = "  # isolated"
PROBED_MARK = "  # probed"
CHILD_SECONDS = 20   # a forked call that takes longer is killed ("child timeout")
_TESTLIB_ASSERT = re.compile(
    r"ERROR:[^\n]*(gimarshallingtests|regress|everything|utility|foo|drawable|annotation)\.c:\d+:"
    r"[^\n]*(assertion failed|should not be reached)")


def preload_testlibs(testlibs):
    """The test libraries are opened by soname; loading them by path first lets that work
    without LD_LIBRARY_PATH (as the test suite's conftest does)."""
    if not testlibs:
        return
    for lib in ("libgimarshallingtests.so", "libregress.so", "libbench.so"):
        p = os.path.join(testlibs, lib)
        if os.path.exists(p):
            ctypes.CDLL(p, mode=ctypes.RTLD_GLOBAL)


class Isolator:
    """Runs a call in a forked child (see ISOLATED_NAMESPACES)."""

    def __init__(self):
        fd, self._child_err = tempfile.mkstemp(prefix="fuzz-child-", suffix=".txt")
        os.close(fd)

    def run(self, call, line):
        """"returned", the exception's type name, or "asserted" (a by-design assertion of a
        test library). Any other death of the child kills this process with the same signal
        (after copying the child's stderr), so the batch reports the crash with this call as
        its last line."""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                # A child of a process with threads (GLib's, or ones a fuzzed call started) can
                # inherit a lock held by one of them and block forever: SIGALRM ends it.
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                signal.alarm(CHILD_SECONDS)
                fd = os.open(self._child_err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(fd, 2)
                try:
                    call()
                except BaseException as e:  # noqa: BLE001
                    os.write(2, ("\nEXC:%s\n" % type(e).__name__).encode())
                    code = 10
                sys.stderr.flush()
            finally:
                os._exit(code)
        status = self._wait(pid)
        if status is None:
            return "child timeout"
        if os.WIFEXITED(status):
            code = os.WEXITSTATUS(status)
            if code == 0:
                return "returned"
            text = self._read_child_err()
            m = re.search(r"EXC:(\w+)", text)
            return m.group(1) if m else "exit %d" % code
        sig = os.WTERMSIG(status)
        text = self._read_child_err()
        if sig == signal.SIGABRT and _TESTLIB_ASSERT.search(text):
            return "asserted"
        if sig == signal.SIGALRM:
            return "child timeout"
        os.write(2, ("\n--- forked call died of signal %d: %s\n" % (sig, line)).encode())
        os.write(2, text[-4000:].encode("utf-8", "replace"))
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        time.sleep(1)
        os._exit(128 + sig)

    @staticmethod
    def _wait(pid):
        """The child's status, or None when it did not end within CHILD_SECONDS (then it is
        killed): a child can block in fork handlers before its own alarm is set."""
        deadline = time.monotonic() + CHILD_SECONDS + 5
        delay = 0.0001
        while True:
            p, status = os.waitpid(pid, os.WNOHANG)
            if p:
                return status
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
            time.sleep(delay)
            delay = min(delay * 2, 0.01)

    def _read_child_err(self):
        try:
            with open(self._child_err, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""


def run_statements(package, statements, testlibs=None):
    """Replay logged statements the way the worker ran them (test-library calls in a forked
    child; setup statements of test-library classes probed in a child first), printing each
    before it runs. Ends the process: exit 0 when nothing crashed."""
    preload_testlibs(testlibs)
    env = _prelude.environment(package)
    iso = Isolator()
    # A result lives as long as in the worker: until its last use (the worker drops what it
    # does not pool right away), so wrappers die, and free C memory, at the same points.
    last_use = {}
    for i, line in enumerate(statements):
        for n in _gen.names_used(line):
            last_use[n] = i
    for i, line in enumerate(statements):
        print(">>>", line, flush=True)

        def call(line=line):
            exec(line, env)  # noqa: S102 -- our own log
        if line.endswith((ISOLATED_MARK, PROBED_MARK)):
            outcome = iso.run(call, line)
            if line.endswith(ISOLATED_MARK) or outcome != "returned":
                print("   ", outcome, flush=True)
                continue
        try:
            call()
        except BaseException as e:  # noqa: BLE001
            print("   ", type(e).__name__, str(e)[:200], flush=True)
            e = None
        lhs = line.split(" = ", 1)[0] if " = " in line else None
        if lhs in env and last_use.get(lhs, -1) <= i and re.fullmatch(r"[or]\d+", lhs):
            del env[lhs]
    print("no crash", flush=True)
    sys.stdout.flush()
    os._exit(0)


class Log:
    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def line(self, text):
        os.write(self.fd, text.encode("utf-8", "backslashreplace") + b"\n")

    def returned(self):
        os.write(self.fd, b"#\n")


class Worker:
    def __init__(self, package, log, chooser, namespaces=None, only=None, quarantine=(),
                 backend=None, include_known=False):
        self.env = _prelude.environment(package)
        self.api = _discover.discover(package, namespaces)
        self.log = log
        self.pool = _gen.Pool()
        known = () if include_known else _known.patterns(backend)
        strict = () if include_known else _known.patterns(backend, _known.STRICT_SELF)
        bad_values = () if include_known else _known.values()
        self.pool_skips = set() if include_known else _known.pool_skips(backend)
        self.gen = _gen.Generator(self.api, self.env, chooser, self.pool, bad_values=bad_values)
        self.skipped = {}
        targets = []
        # records whose zeroed memory is no value (unsafe.zero_value_ok): no Cls(), no field writes
        zero_bad = self._zero_skip = set(
            path for path, info in self.api.class_info.items()
            if info is not None and not _unsafe.zero_value_ok(path, info))
        for t in self.api.targets:
            why = _unsafe.reason(t)
            if why is None and (t.kind == "init" and t.path in zero_bad or
                                t.kind == "setattr" and t.path.rsplit(".", 1)[0] in zero_bad):
                why = _unsafe.ZERO_REASON
            if why is None and (t.cid in quarantine or t.path in quarantine or (
                    t.attr is not None and t.kind in ("getattr", "setattr") and "." + t.attr in quarantine)):
                why = "quarantined: crashed earlier in this run"
            if why is None and known and _known.matches(t, known):
                why = "open finding (known.py)"
            if why is None and only is not None and not any(o in t.path for o in only):
                why = "not selected"
            if why is not None:
                self.skipped[t.path] = why
            else:
                targets.append(t)
        self.targets = targets
        self.strict_self = set(t.path for t in targets if strict and _known.matches(t, strict))
        self.counter = 0
        self.calls = 0
        self.exc_counts = {}
        self.unexpected = {}     # (path, exception type) -> first line
        self.var = 0
        self.result_types = set(self.api.class_paths)   # ids of the API's classes
        self.asserted = {}       # path -> count of by-design assertion aborts (isolated)
        self.isolated_calls = 0
        self.isolator = Isolator()
        # what python-api.md promises for wrong arguments, and GLib.Error for C's errors
        self.expected = (TypeError, ValueError, OverflowError, NotImplementedError,
                         self.env["GLib"].Error)

    # -- the pool ------------------------------------------------------------------------------

    def _try(self, src, fn, isolate=False):
        """Run a setup statement, logged like a call. Returns the value or None. With isolate,
        the statement first runs in a forked child and only runs here if the child survived."""
        self.var += 1
        name = "o%d" % self.var
        self.log.line("%s = %s%s" % (name, src, PROBED_MARK if isolate else ""))
        if isolate and self.isolated(fn, src) != "returned":
            self.log.returned()
            return None
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
            isolate = path.startswith(ISOLATED_NAMESPACES)
            if _unsafe.reason_path(path) is None and path not in self._zero_skip:
                self._try("%s()" % path, cls, isolate)
            for t in ctors.get(id(cls), ()):
                required = [p for p in (t.params or ()) if p[2] == "pos"]
                tries = 1 if not required else 3
                for _ in range(tries):
                    args, kwargs = self.gen.arguments(t)
                    src = "%s(%s)" % (t.path, _render(args, kwargs))
                    self._try(src, lambda: t.fn(*[v for _, v in args], **{k: v for k, _, v in kwargs}),
                              isolate)
        # wrong-state wrappers: disposed private objects, wrappers never initialised
        for path in ("Regress.TestObj", "GIMarshallingTests.Object", "GObject.Object",
                     "Regress.TestSubObj", "GIMarshallingTests.SubObject"):
            if path in self.api.classes and _unsafe.reason_path(path) is None:
                self._try("_disposed(%s())" % path, lambda p=path: _prelude._disposed(self.api.classes[p]()),
                          path.startswith(ISOLATED_NAMESPACES))
        for path, cls in sorted(self.api.classes.items()):
            if issubclass(cls, int) or c.chance(0.7) or _unsafe.reason_path(path) is not None \
                    or "_uninit" in self.pool_skips:
                continue
            self._try("_uninit(%s)" % path, lambda cls=cls: _prelude._uninit(cls))

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
                vs, vv = g.value(t.path.split(".")[0], t.field)
                line = "%s.%s = %s" % (_paren(self_src), t.attr, vs)
                rname = None
                call = lambda: setattr(self_v, t.attr, vv)  # noqa: E731
            else:
                if kind == "method":
                    self_src, self_v = g.self_value(t.owner, t.path in self.strict_self)
                    owner = type(self_v) if isinstance(self_v, t.owner) else t.owner
                    args, kwargs = g.arguments(t, owner)
                    args = [(self_src, self_v)] + args
                else:
                    args, kwargs = g.arguments(t)
                line = "%s = %s(%s)" % (rname, t.path, _render(args, kwargs))
                fn = t.fn
                pos = [v for _, v in args]
                kw = {k: v for k, _, v in kwargs}
                call = lambda: fn(*pos, **kw)  # noqa: E731
        except RecursionError:
            return
        isolate = t.path.startswith(ISOLATED_NAMESPACES)
        self.log.line(line + ISOLATED_MARK if isolate else line)
        self.calls += 1
        if isolate:
            outcome = self.isolated(call, line)
            if outcome == "asserted":
                self.asserted[t.path] = self.asserted.get(t.path, 0) + 1
            elif outcome != "returned":
                self.exc_counts[outcome] = self.exc_counts.get(outcome, 0) + 1
            self.log.returned()
            return
        try:
            r = call()
        except BaseException as e:  # noqa: BLE001 -- any Python exception is an allowed outcome
            name = type(e).__name__
            self.exc_counts[name] = self.exc_counts.get(name, 0) + 1
            if not isinstance(e, self.expected) and not (
                    kind in ("getattr", "setattr") and isinstance(e, AttributeError)):
                key = (t.path, name)
                if key not in self.unexpected:
                    self.unexpected[key] = (line, str(e)[:200])
            r = None
            e = None
        self.log.returned()
        if rname is not None and r is not None:
            self._keep(rname, r)

    def isolated(self, call, line):
        self.isolated_calls += 1
        return self.isolator.run(call, line)

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
    ap.add_argument("--backend", default=None, help="selects the open findings to quarantine")
    ap.add_argument("--include-known", action="store_true", help="do not quarantine open findings")
    a = ap.parse_args(argv)
    preload_testlibs(a.testlibs)
    log = Log(a.log)
    t0 = time.perf_counter()
    chooser = _gen.RandomChooser(a.seed)
    w = Worker(a.package, log, chooser, a.namespace, a.only, set(a.quarantine), a.backend,
               a.include_known)
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
        "asserted": w.asserted, "isolated_calls": w.isolated_calls,
        "discovery_errors": w.api.errors,
    }
    with open(a.summary, "w") as f:
        json.dump(summary, f)
    log.line("# summary written")
    try:
        os.unlink(w.isolator._child_err)
    except OSError:
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: what is being tested ran above; finalizers of a dying
    # interpreter are out of scope (the runtime skips them itself).
    os._exit(0)


def run_hypothesis(w, calls, seed):
    """The same calls, with every choice drawn by Hypothesis (its distributions, its seed).

    The property is "any call raises only Python exceptions": a crash ends the process, so it is
    the runner, not Hypothesis, that reports it. The pool and the generator's caches change
    between examples, which Hypothesis may notice as inconsistent data generation
    (FlakyStrategyDefinition); the run then goes on with the next seed."""
    from hypothesis import HealthCheck, Phase, given, settings, strategies as st
    from hypothesis import seed as hseed
    from hypothesis.errors import Flaky
    per_example = 10
    k = 0
    while w.calls < calls and k < 1000:
        examples = max(1, (calls - w.calls) // per_example)

        @hseed(seed * 1000 + k)
        @settings(max_examples=examples, database=None, phases=[Phase.generate], deadline=None,
                  suppress_health_check=list(HealthCheck), derandomize=False)
        @given(st.data())
        def property_only_python_exceptions(data):
            w.gen.c = _gen.HypothesisChooser(data)
            for _ in range(per_example):
                if w.calls >= calls:
                    return
                w.one_call()

        try:
            property_only_python_exceptions()
        except Flaky:
            pass
        k += 1


if __name__ == "__main__":
    main()
