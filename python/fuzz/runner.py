"""Runs batches of the fuzzer in subprocesses, watches them, and turns a dead batch into a report
with a reproducer.

A batch is `python -m fuzz.worker` with its own seed. The outcome of a batch:
- "ok": it wrote its summary and exited 0;
- "crash": killed by a signal (SIGSEGV, SIGABRT from a failed assertion or a double free, ...);
- "exit": it exited without finishing (a callable ended the process);
- "hang": the log did not grow for `hang_seconds` (a call that blocks): the worker is killed;
- "error": the worker failed before its first call (the harness itself: see stderr_tail).

For a crash the reproducer is first the dependency closure of the last logged call (the lines
that define the variables it uses, transitively), replayed alone in a fresh process; when that
does not crash, the whole batch log is the reproducer (the crash needs earlier state).
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from . import gen as _gen

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)


class Batch:
    __slots__ = ("seed", "status", "returncode", "calls", "seconds", "summary", "last_line",
                 "after_return", "stderr_tail", "log_path", "target", "reproducer",
                 "reproducer_kind", "replay_output", "hang_stacks")

    def as_dict(self):
        return {k: getattr(self, k) for k in self.__slots__}


# glibc's checking allocator (--malloc-check): heap corruption is detected at the next free of
# the damaged chunk, close to the call that caused it, instead of crashing calls later; Python's
# objects go through it too (PYTHONMALLOC=malloc).
MALLOC_CHECK_ENV = {"LD_PRELOAD": "libc_malloc_debug.so.0",
                    "GLIBC_TUNABLES": "glibc.malloc.check=3:glibc.malloc.perturb=165",
                    "PYTHONMALLOC": "malloc"}


def _env(bindings_path, extra_env=None):
    env = dict(os.environ)
    paths = [PYTHON_DIR] + ([bindings_path] if bindings_path else [])
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = os.pathsep.join(paths + ([old] if old else []))
    env.pop("G_DEBUG", None)  # criticals are not crashes; fatal-criticals would make them so
    env["PYTHONFAULTHANDLER"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if extra_env:
        env.update(extra_env)
    return env


def _tail(path, n=4000):
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - n))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def read_log(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace").splitlines()


def last_call(lines):
    """(last statement, whether it returned) of a batch log."""
    returned = False
    for line in reversed(lines):
        if line == "#":
            returned = True
            continue
        if line.startswith("# "):
            continue
        return line, returned
    return None, False


def _statement_target(line):
    m = re.match(r"(?:[or]\d+ = )?([A-Za-z_][\w.]*)\(", line)
    if m:
        return m.group(1)
    m = re.match(r"(?:[or]\d+ = )?[or]\d+\.(\w+)", line)   # a field: read or written
    return "." + m.group(1) if m else None


def closure(lines, last):
    """The statements `last` depends on, in log order, then `last`."""
    defs = {}
    order = []
    for i, line in enumerate(lines):
        if line.startswith("#") or line == last:
            continue
        lhs = line.split(" = ", 1)[0] if " = " in line else None
        if lhs and re.fullmatch(r"[or]\d+", lhs):
            defs[lhs] = i
        order.append((i, line))
    need = set()
    todo = list(_gen.names_used(last))
    while todo:
        n = todo.pop()
        if n in need or n not in defs:
            continue
        need.add(n)
        todo.extend(_gen.names_used(lines[defs[n]]))
    keep = sorted(defs[n] for n in need)
    return [lines[i] for i in keep] + [last]


def script(package, statements, testlibs=None, bindings_path=None):
    """A standalone reproducer: the statements run as the worker ran them (fuzz.worker
    .run_statements); Python exceptions are printed and ignored."""
    out = ["# fuzz reproducer (%s)" % package, "import sys"]
    if bindings_path:
        out.append("sys.path[:0] = [%r, %r]" % (PYTHON_DIR, bindings_path))
    out.append("from fuzz.worker import run_statements")
    out.append("run_statements(%r, [\n    %s,\n], %r)" % (
        package, ",\n    ".join(repr(st) for st in statements), testlibs))
    return "\n".join(out) + "\n"


def replay(package, statements, testlibs=None, bindings_path=None, timeout=120, workdir=None,
           malloc_check=False):
    """Run statements in a fresh process: (returncode, output tail). With malloc_check, under
    glibc's checking allocator (MALLOC_CHECK_ENV)."""
    src = script(package, statements, testlibs, bindings_path)
    with tempfile.TemporaryDirectory(prefix="fuzz-replay-", dir=workdir) as d:
        p = os.path.join(d, "repro.py")
        with open(p, "w") as f:
            f.write(src)
        try:
            proc = subprocess.run([sys.executable, p], cwd=d,
                                  env=_env(bindings_path, MALLOC_CHECK_ENV if malloc_check else None),
                                  stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "timeout", ""
        out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        return proc.returncode, out[-3000:]


def run_batch(package, seed, calls, bindings_path=None, testlibs=None, engine="random",
              hang_seconds=30, workdir=None, quarantine=(), only=None, namespaces=None,
              minimize=True, backend=None, include_known=False, malloc_check=False):
    b = Batch()
    b.seed = seed
    b.reproducer = None
    b.reproducer_kind = None
    b.replay_output = None
    d = tempfile.mkdtemp(prefix="fuzz-batch-%d-" % seed, dir=workdir)
    log = os.path.join(d, "calls.log")
    summ = os.path.join(d, "summary.json")
    err = os.path.join(d, "stderr.txt")
    cmd = [sys.executable, "-m", "fuzz.worker", "--package", package, "--log", log,
           "--summary", summ, "--seed", str(seed), "--calls", str(calls), "--engine", engine]
    if testlibs:
        cmd += ["--testlibs", testlibs]
    for q in quarantine:
        cmd += ["--quarantine", q]
    for o in only or ():
        cmd += ["--only", o]
    for n in namespaces or ():
        cmd += ["--namespace", n]
    if backend:
        cmd += ["--backend", backend]
    if include_known:
        cmd += ["--include-known"]
    t0 = time.time()
    hang_stacks = None
    with open(err, "wb") as ferr:
        proc = subprocess.Popen(cmd, cwd=d, env=_env(bindings_path, MALLOC_CHECK_ENV if malloc_check else None),
                                stdin=subprocess.DEVNULL,
                                stdout=ferr, stderr=subprocess.STDOUT)
        last_size, last_change = -1, time.time()
        status = None
        while True:
            try:
                proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            try:
                size = os.path.getsize(log)
            except OSError:
                size = 0
            if size != last_size:
                last_size, last_change = size, time.time()
            elif time.time() - last_change > hang_seconds:
                hang_stacks = _stacks(proc, err)
                proc.kill()
                proc.wait()
                status = "hang"
                break
    b.seconds = time.time() - t0
    b.returncode = proc.returncode
    b.log_path = log
    b.stderr_tail = _tail(err, 3000)
    b.summary = None
    if os.path.exists(summ):
        with open(summ) as f:
            b.summary = json.load(f)
    b.calls = b.summary["calls"] if b.summary else None
    lines = read_log(log) if os.path.exists(log) else []
    b.last_line, b.after_return = last_call(lines)
    b.target = _statement_target(b.last_line or "")
    if status is None:
        if proc.returncode == 0 and b.summary is not None:
            status = "ok"
        elif proc.returncode < 0:
            status = "crash"
        elif not lines:
            status = "error"   # the harness failed before its first call (see stderr_tail)
        else:
            status = "exit"
    b.status = status
    if b.calls is None:
        b.calls = sum(1 for line in lines if not line.startswith("#") and line[:1] == "r")
    if status in ("crash", "exit") and minimize and b.last_line:
        stmts = closure(lines, b.last_line)
        rc, out = replay(package, stmts, testlibs, bindings_path, workdir=workdir)
        b.replay_output = last_statement_output(out)
        if rc == proc.returncode and b.replay_output.startswith(">>> " + stmts[-1][:60]):
            b.reproducer, b.reproducer_kind = stmts, "alone"
        else:
            full = [line for line in lines if not line.startswith("#")]
            b.reproducer, b.reproducer_kind = full, "whole batch"
            if minimize == "ddmin":
                small = ddmin(package, full, testlibs, bindings_path, workdir, rc0=proc.returncode)
                if small is not None:
                    b.reproducer, b.reproducer_kind = small, "reduced from the whole batch"
    elif status == "hang":
        b.reproducer, b.reproducer_kind = closure(lines, b.last_line), "alone (hang)"
    b.hang_stacks = hang_stacks
    return b


def _stacks(proc, err):
    """Where a hanging worker is: its threads' Python stacks (faulthandler, on SIGUSR1, into
    the batch's stderr) and native stacks (gdb, when installed)."""
    try:
        proc.send_signal(signal.SIGUSR1)
        time.sleep(1)
    except OSError:
        pass
    out = "Python stacks:\n" + _tail(err, 6000)
    try:
        g = subprocess.run(["gdb", "-p", str(proc.pid), "-batch", "-nx", "-ex", "thread apply all bt 30"],
                           capture_output=True, text=True, timeout=60)
        out += "\nnative stacks (gdb):\n" + "\n".join(
            line for line in g.stdout.splitlines() if line.startswith(("#", "Thread")))
    except (OSError, subprocess.TimeoutExpired) as e:
        out += "\nno native stacks: %s" % e
    return out


def _crashes(package, stmts, testlibs, bindings_path, workdir, rc0=None):
    """Whether replaying stmts crashes at the last statement (with signal rc0 if given)."""
    rc, out = replay(package, stmts, testlibs, bindings_path, workdir=workdir)
    if not (isinstance(rc, int) and rc < 0) or (rc0 is not None and rc != rc0):
        return False
    i = out.rfind(">>> ")
    return i >= 0 and out[i + 4:].startswith(stmts[-1][:60])


def ddmin(package, stmts, testlibs=None, bindings_path=None, workdir=None, budget=80, rc0=None):
    """Delta debugging over the statements before the last one (which is kept, with the
    definitions every kept statement needs): a small list that still crashes, or None when the
    whole list does not crash in a fresh process (the crash then depends on more than Python
    state, e.g. on addresses)."""
    if not _crashes(package, stmts, testlibs, bindings_path, workdir, rc0):
        return None
    last = stmts[-1]
    body = stmts[:-1]
    spent = [1]

    def test(subset):
        spent[0] += 1
        kept = [s for s in subset]
        # every kept statement brings the statements defining what it uses
        need = closure(body, last)[:-1]
        for s in kept:
            need.extend(closure(body, s)[:-1])
        keep = set(need) | set(kept)
        trial = [s for s in body if s in keep] + [last]
        return _crashes(package, trial, testlibs, bindings_path, workdir, rc0)

    n = 2
    cur = body
    while len(cur) >= 1 and spent[0] < budget:
        size = max(1, len(cur) // n)
        chunks = [cur[i:i + size] for i in range(0, len(cur), size)]
        reduced = False
        for i in range(len(chunks)):
            complement = [s for j, c in enumerate(chunks) if j != i for s in c]
            if spent[0] >= budget:
                break
            if test(complement):
                cur = complement
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if n >= len(cur):
                break
            n = min(len(cur), n * 2)
    need = set(closure(body, last)[:-1])
    for s in cur:
        need.update(closure(body, s)[:-1])
        need.add(s)
    return [s for s in body if s in need] + [last]


def last_statement_output(out):
    """What the last replayed statement printed (C messages, faulthandler's traceback)."""
    i = out.rfind(">>> ")
    return out[i:] if i >= 0 else out


def signal_name(rc):
    if isinstance(rc, int) and rc < 0:
        try:
            return signal.Signals(-rc).name
        except ValueError:
            return "signal %d" % -rc
    return "exit %s" % rc
