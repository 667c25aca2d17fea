"""One fuzzing batch, run in its own process (`python -m fuzz.worker ...`, started by runner.py).

Before each call the worker writes the call as a line of Python to the log (one `os.write`, no
buffering); after the call returns it writes `#`. So when the process dies of a signal the log's
last line names the call that crashed (or, when the last line is `#`, the crash happened after it
returned: while releasing results, in the generator or in gc.collect(), which is logged too).
At the end it writes a JSON summary. `run_statements` replays a log the same way.
"""

import argparse
import ctypes
import faulthandler
import gc
import json
import os
import re
import select
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
FRESH_MARK = "  # isolated, new child"
PROBED_MARK = "  # probed"
# Test-library calls run in groups of this many per forked child (see Isolator).
GROUP_SIZE = 32
CHILD_SECONDS = 20   # a forked call that takes longer is killed ("child timeout")
_TESTLIB_ASSERT = re.compile(
    r"ERROR:[^\n]*(gimarshallingtests|regress|everything|utility|foo|drawable|annotation)\.c:\d+:"
    r"[^\n]*(assertion failed|should not be reached)")


def preload_testlibs(testlibs):
    """The test libraries are opened by soname; loading them by path first lets that work
    without LD_LIBRARY_PATH (as the test suite's conftest does). Their GIRs are there too:
    fuzz.gir must find them, or no test-library target has a C identifier and unsafe.py's
    entries for them match nothing."""
    if not testlibs:
        return
    os.environ["GIRGEN_TESTLIBS"] = testlibs
    for lib in ("libgimarshallingtests.so", "libregress.so", "libbench.so"):
        p = os.path.join(testlibs, lib)
        if os.path.exists(p):
            ctypes.CDLL(p, mode=ctypes.RTLD_GLOBAL)


class Isolator:
    """Runs calls of the test libraries in a forked child (see ISOLATED_NAMESPACES).

    A fork is expensive here (about 2 ms plus 0.14 ms per MB of the worker's memory: 8 ms for a
    48 MB worker, more than the calls themselves), so calls are run in groups: one child runs a
    group's calls one after the other, and only a child that died of a by-design assertion is
    replaced by a fresh fork for the rest of the group. The replay (`run_statements`) groups the
    same way: the first call of each group is logged with FRESH_MARK."""

    def __init__(self):
        fd, self._child_err = tempfile.mkstemp(prefix="fuzz-child-", suffix=".txt")
        os.close(fd)

    def run(self, call, line):
        return self.run_group([(call, line)])[0]

    def run_group(self, items, before=None, after=None):
        """Outcomes of the calls `items` [(call, line)]: "returned", the exception's type name,
        "asserted" (a by-design assertion of a test library) or "child timeout". In the child,
        `before(i)` runs before call i and `after(i)` after it (logging). Any other death of a
        child kills this process with the same signal (after copying the child's stderr), so
        the batch reports the crash with the call that was running as its last line."""
        outcomes = []
        while len(outcomes) < len(items):
            outcomes.extend(self._run_child(items, len(outcomes), before, after))
        return outcomes

    def _run_child(self, items, start, before, after):
        """Runs items[start:] in one child: the outcomes of the calls it finished, plus the one it
        died in (if it did)."""
        sys.stdout.flush()
        sys.stderr.flush()
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(rfd)
                # A child of a process with threads (GLib's, or ones a fuzzed call started) can
                # inherit a lock held by one of them and block forever: SIGALRM ends it.
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                fd = os.open(self._child_err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(fd, 2)
                for i in range(start, len(items)):
                    call = items[i][0]
                    if before:
                        before(i)
                    signal.alarm(CHILD_SECONDS)
                    try:
                        call()
                        outcome = "returned"
                    except BaseException as e:  # noqa: BLE001
                        outcome = type(e).__name__
                    e = None
                    signal.alarm(0)
                    sys.stderr.flush()
                    if after:
                        after(i)
                    os.write(wfd, outcome.encode() + b"\n")
            finally:
                os._exit(0)
        os.close(wfd)
        outcomes = []
        buf = b""
        deadline = time.monotonic() + CHILD_SECONDS + 5
        # The child reports each call's outcome as a line; EOF means it ended.
        while True:
            timeout = deadline - time.monotonic()
            ready = select.select([rfd], [], [], max(0.0, timeout))[0] if timeout > 0 else []
            if not ready:
                # blocked (in fork handlers before its own alarm, or with SIGALRM blocked)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(rfd)
                return outcomes + ["child timeout"]
            data = os.read(rfd, 4096)
            if not data:
                break
            buf += data
            *lines, buf = buf.split(b"\n")
            outcomes.extend(x.decode() for x in lines)
            deadline = time.monotonic() + CHILD_SECONDS + 5
        os.close(rfd)
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status) and len(outcomes) == len(items) - start:
            return outcomes
        line = items[start + len(outcomes)][1]
        text = self._read_child_err()
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGABRT and _TESTLIB_ASSERT.search(text[-4000:]):
                return outcomes + ["asserted"]
            if sig == signal.SIGALRM:
                return outcomes + ["child timeout"]
        else:
            sig = None
        os.write(2, ("\n--- forked call died (%s): %s\n" % (
            "signal %d" % sig if sig else "exit %d" % os.WEXITSTATUS(status), line)).encode())
        os.write(2, text[-4000:].encode("utf-8", "replace"))
        if sig is None:   # the call ended the child's process (exit()): so would it here
            os._exit(os.WEXITSTATUS(status) or 1)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        time.sleep(1)
        os._exit(128 + sig)

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
    i = 0
    while i < len(statements):
        line = statements[i]
        if line.endswith((ISOLATED_MARK, FRESH_MARK)):
            # a group of test-library calls, run as the worker ran it (Isolator.run_group)
            j = i + 1
            while j < len(statements) and statements[j].endswith(ISOLATED_MARK):
                j += 1
            group = [(lambda line=line: exec(line, env), line) for line in statements[i:j]]  # noqa: S102

            def before(k, group=group):
                os.write(1, (">>> %s\n" % group[k][1]).encode("utf-8", "backslashreplace"))

            for (_, line), outcome in zip(group, iso.run_group(group, before)):
                if outcome != "returned":
                    print("   ", outcome, "(%s)" % line[:60], flush=True)
            i = j
            continue
        print(">>>", line, flush=True)

        def call(line=line):
            exec(line, env)  # noqa: S102 -- our own log
        if line.endswith(PROBED_MARK):
            outcome = iso.run(call, line)
            if outcome != "returned":
                print("   ", outcome, flush=True)
                i += 1
                continue
        try:
            call()
        except BaseException as e:  # noqa: BLE001
            print("   ", type(e).__name__, str(e)[:200], flush=True)
            e = None
        lhs = line.split(" = ", 1)[0] if " = " in line else None
        if lhs in env and last_use.get(lhs, -1) <= i and re.fullmatch(r"[or]\d+", lhs):
            del env[lhs]
        i += 1
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
        self.pending = []        # test-library calls waiting for their group: (call, line, path)
        # what python-api.md promises for wrong arguments, and GLib.Error for C's errors
        self.expected = (TypeError, ValueError, OverflowError, NotImplementedError,
                         self.env["GLib"].Error, _prelude.FuzzObjectError)

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
        self.calls += 1
        if isolate:
            # run later, with the group (Isolator); its arguments stay alive in `call`
            self.pending.append((call, line, t.path))
            if len(self.pending) >= GROUP_SIZE:
                self.flush_isolated()
            return
        self.log.line(line)
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

    def flush_isolated(self):
        """Run the pending test-library calls in a forked child (Isolator.run_group), logged
        as they run: the group's first line with FRESH_MARK, the others with ISOLATED_MARK."""
        items, self.pending = self.pending, []
        if not items:
            return
        self.isolated_calls += len(items)
        log = self.log

        def before(i):
            log.line(items[i][1] + (FRESH_MARK if i == 0 else ISOLATED_MARK))

        outcomes = self.isolator.run_group([(c, line) for c, line, _ in items], before,
                                           lambda i: log.returned())
        for (_, _, path), outcome in zip(items, outcomes):
            if outcome == "asserted":
                self.asserted[path] = self.asserted.get(path, 0) + 1
                log.returned()   # the child died in the call: the log's `#` is the parent's
            elif outcome == "child timeout":
                self.exc_counts[outcome] = self.exc_counts.get(outcome, 0) + 1
                log.returned()
            elif outcome != "returned":
                self.exc_counts[outcome] = self.exc_counts.get(outcome, 0) + 1

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
    # The runner sends SIGUSR1 to a batch that hangs: every thread's Python stack goes to stderr.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
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
    w.flush_isolated()
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
