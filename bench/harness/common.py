"""Paths, subprocess helpers and statistics shared by the harness (runs on the project's CPython)."""

import ast
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
ROOT = BENCH.parent
WORKER = BENCH / "harness" / "worker.py"

GIRGEN_BACKENDS = ("ctypes", "cffi-abi-inline", "cffi-abi-outofline", "cffi-api", "pyo3")


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def last_line(text, limit=300):
    """The last non-empty line of a process's output: usually the error message."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1][:limit] if lines else ""


def error_line(text, limit=300):
    """The most telling line of a failed tool's output: the last line saying "error" (a compiler's
    "fatal error: x.h: No such file" rather than its closing "compilation terminated."), else the
    last line."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    for ln in reversed(lines):
        if "error" in ln.lower() and ln.lower() not in ("error", "error:"):
            return ln[:limit]
    return lines[-1][:limit] if lines else ""


@dataclass
class Proc:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float  # user + system of the process and the children it waited for
    maxrss_kb: int  # peak RSS of the process tree's largest member (wait4's ru_maxrss)
    timed_out: bool = False


TIME_BIN = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(cmd, env=None, cwd=None, timeout=None, peak_rss=False):
    """Run cmd, timing it from spawn to reaping with wait4 (whose rusage gives the CPU time).
    Output goes to temporary files, so a chatty child never blocks on a pipe.
    peak_rss: run it under /usr/bin/time for the peak RSS. wait4's ru_maxrss cannot be used: Linux
    keeps the high-water mark across exec, so a child forked from this (large) Python process
    reports at least the parent's RSS."""
    tfile = None
    if peak_rss and TIME_BIN:
        fd, tfile = tempfile.mkstemp(prefix="bench-time-")
        os.close(fd)
        cmd = [TIME_BIN, "-f", "%M", "-o", tfile] + list(cmd)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             env=env, cwd=cwd, start_new_session=True)
        timed_out = []
        timer = None
        if timeout:
            def kill():
                timed_out.append(True)
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if timer:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        maxrss = ru.ru_maxrss
        if tfile:
            try:
                maxrss = int(Path(tfile).read_text().split()[-1])
            except (OSError, ValueError, IndexError):
                maxrss = 0
            os.unlink(tfile)
        return Proc(p.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                    wall, ru.ru_utime + ru.ru_stime, maxrss, bool(timed_out))


def parse_result(proc):
    """The dict a worker printed on its last stdout line, or raise RuntimeError with the reason."""
    if proc.timed_out:
        raise RuntimeError("timed out")
    if proc.returncode != 0:
        why = last_line(proc.stderr) or last_line(proc.stdout) or "no output"
        if proc.returncode < 0:
            why = "killed by signal %d; %s" % (-proc.returncode, why)
        raise RuntimeError(why)
    line = last_line(proc.stdout, limit=10 ** 9)
    try:
        return ast.literal_eval(line)
    except (ValueError, SyntaxError):
        raise RuntimeError("unreadable worker output: %r" % line[:200])


def copy_tree(src, dst):
    """Replace dst by a copy of src (timestamps kept, so compileall's pyc stay valid when unchanged)."""
    if dst.exists() or dst.is_symlink():
        shutil.rmtree(dst) if dst.is_dir() and not dst.is_symlink() else dst.unlink()
    shutil.copytree(src, dst, copy_function=shutil.copy2, ignore=shutil.ignore_patterns("__pycache__"))


def tree_signature(path, skip=()):
    """A cheap content signature of a tree: (relative path, size, mtime) of every file, but for
    __pycache__ and the files whose name matches one of the glob patterns in skip."""
    sig = []
    for p in sorted(Path(path).rglob("*")):
        rel = p.relative_to(path)
        if any(rel.match(pat) or rel.parts[0] == pat for pat in skip):
            continue
        if p.is_file() and "__pycache__" not in p.parts:
            st = p.stat()
            sig.append((str(rel), st.st_size, st.st_mtime_ns))
    return repr(sig)


@dataclass
class Stats:
    n: int
    min: float
    median: float
    mean: float
    stdev: float

    @classmethod
    def of(cls, values):
        values = [float(v) for v in values]
        if not values:
            return None
        return cls(len(values), min(values), statistics.median(values), statistics.fmean(values),
                   statistics.stdev(values) if len(values) > 1 else 0.0)


@dataclass
class Cell:
    """One figure of a table: its samples (in the table's unit) or why there is none."""
    stats: Stats = None
    reason: str = None
    samples: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.stats is not None


def ratio(a, b):
    """a / b by medians, or None."""
    if a is None or b is None or not a.ok or not b.ok or b.stats.median <= 0:
        return None
    return a.stats.median / b.stats.median
