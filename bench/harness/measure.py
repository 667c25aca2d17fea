"""Running the worker processes: every figure from fresh processes, competitors interleaved (each
round runs every (interpreter, variant) job once, in a shuffled order), warm-up discarded."""

import os
import random
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .common import WORKER, Cell, Stats, log, parse_result, run


@dataclass
class Config:
    quick: bool
    rounds: int  # processes per call figure
    warmup_s: float  # CPython and PyPy --jit off
    jit_warmup_s: float  # PyPy with the JIT
    budget_s: float  # measuring time per figure and process
    min_samples: int
    import_rounds: int
    gen_rounds: int
    group_funcs: bool  # quick mode: one process measures all functions of a variant
    jit_check: bool
    jobs: int = 1  # processes at once (quick mode only: timing in parallel is no timing)

    @classmethod
    def make(cls, quick, rounds=None):
        if quick:
            c = cls(True, 1, 0.005, 0.02, 0.01, 5, 1, 1, True, False, jobs=min(2, os.cpu_count() or 1))
        else:
            c = cls(False, 5, 0.2, 2.0, 1.0, 50, 20, 5, False, True)
        if rounds:
            c.rounds = rounds
            c.import_rounds = max(rounds, 2)
            c.gen_rounds = rounds
        return c


def _cmd(interp, args):
    return [interp.exe] + interp.flags + [str(WORKER)] + [str(a) for a in args]


def _run_jobs(cfg, order, start):
    """Yield (job, Proc) in order. Full mode runs one process at a time; quick mode runs cfg.jobs
    at once (its figures only have to show that everything runs)."""
    if cfg.jobs <= 1:
        for job in order:
            yield job, start(job)
        return
    with ThreadPoolExecutor(cfg.jobs) as pool:
        for job, p in zip(order, pool.map(start, order)):
            yield job, p


def measure_calls(setup, cfg, interps, variants, funcs, n, strategies=("int",), label="calls"):
    """{(interp, variant, func, strategy): Cell of ns-per-call samples}."""
    cells = {}
    jobs = []  # (interp, variant, [(func, strategy)])
    for interp in interps:
        avail = setup.avail.get((interp.key, "calls"), {})
        for v in variants:
            why = avail.get(v, "not probed")
            # A func given as "name@strategy" is measured with that list strategy, on PyPy only.
            todo = [(f, s) for s in strategies if s == "int" or interp.is_pypy for f in funcs if "@" not in f]
            todo += [tuple(f.split("@")) for f in funcs if "@" in f and interp.is_pypy]
            if why:
                for f, s in todo:
                    cells[(interp.key, v, f, s)] = Cell(reason=why)
                continue
            groups = [todo] if cfg.group_funcs else [[fs] for fs in todo]
            for g in groups:
                jobs.append((interp, v, g))
    samples = {}
    errors = {}
    total = cfg.rounds * len(jobs)
    done = 0
    def start(job):
        interp, v, g = job
        warm = cfg.jit_warmup_s if (interp.is_pypy and not interp.flags) else cfg.warmup_s
        spec = ",".join(f if s == "int" else "%s@%s" % (f, s) for f, s in g)
        return run(_cmd(interp, ["calls", v, spec, n, warm, cfg.budget_s, cfg.min_samples, "int"]),
                   env=setup.stages[interp.stage].env, timeout=600)

    for r in range(cfg.rounds):
        order = list(jobs)
        random.Random(1000 + r).shuffle(order)
        for (interp, v, g), p in _run_jobs(cfg, order, start):
            done += 1
            if done % 25 == 1:
                log("%s: process %d/%d" % (label, done, total))
            try:
                res = parse_result(p)
            except RuntimeError as e:
                for f, s in g:
                    errors[(interp.key, v, f, s)] = "fails on %s: %s" % (interp.label, e)
                continue
            for f, s in g:
                fr = res.get(f if s == "int" else "%s@%s" % (f, s), {})
                if "samples" not in fr:
                    errors[(interp.key, v, f, s)] = fr.get("error", "no samples")
                    continue
                per_call = [x / fr["n"] for x in fr["samples"]]
                samples.setdefault((interp.key, v, f, s), []).extend(per_call)
    for interp, v, g in jobs:
        for f, strategy in g:
            k = (interp.key, v, f, strategy)
            s = samples.get(k)
            cells[k] = Cell(stats=Stats.of(s), samples=s) if s else Cell(reason=errors.get(k, "no samples"))
    return cells


def jit_check(setup, cfg, interp, variants, func, n):
    """PYPYLOG=jit-summary once per variant: loops and bridges compiled after the warm-up alone
    versus after warm-up + measurement. Equal counts mean the JIT had finished before measuring."""
    out = {}
    stage = setup.stages[interp.stage]
    for v in variants:
        counts = []
        for budget, min_samples in ((0, 0), (cfg.budget_s, cfg.min_samples)):
            with tempfile.TemporaryDirectory() as d:
                logf = os.path.join(d, "jit.log")
                env = dict(stage.env, PYPYLOG="jit-summary:" + logf)
                p = run(_cmd(interp, ["calls", v, func, n, cfg.jit_warmup_s, budget, min_samples, "int"]),
                        env=env, timeout=600)
                text = open(logf).read() if os.path.exists(logf) else ""
            # Tracing: traces started; Backend: loops and bridges compiled. Both only grow ("Total #
            # of loops" does not: it subtracts the loops freed).
            tracing = re.search(r"^Tracing:\s+(\d+)", text, re.M)
            backend = re.search(r"^Backend:\s+(\d+)", text, re.M)
            if p.returncode != 0 or not tracing or not backend:
                counts = None
                break
            counts.append((int(tracing.group(1)), int(backend.group(1))))
        out[v] = counts
    return out


def measure_imports(setup, cfg, interps, variants):
    """{(interp, variant): {"wall": Cell, "inproc": Cell, "use": Cell, "rss": Cell, "rss_use": Cell}}.
    Two kinds of fresh process per round: import only (wall clock from spawn to exit, in-process
    import time, RSS) and import + first use (in-process time of the use, RSS after it)."""
    jobs = []
    out = {}
    for interp in interps:
        avail = setup.avail.get((interp.key, "import"), {})
        for v in variants:
            why = avail.get(v, "not probed")
            if why:
                out[(interp.key, v)] = {"reason": why}
                continue
            # Quick mode: one process does both; its wall clock minus the in-process time of the
            # use stands for the import-only process.
            if not cfg.quick:
                jobs.append((interp, v, 0))
            jobs.append((interp, v, 1))
    raw = {}
    errors = {}
    total = cfg.import_rounds * len(jobs)
    done = 0
    for r in range(cfg.import_rounds):
        order = list(jobs)
        random.Random(2000 + r).shuffle(order)
        def start(job):
            interp, v, use = job
            return run(_cmd(interp, ["import", v, use]), env=setup.stages[interp.stage].env, timeout=300)

        for (interp, v, use), p in _run_jobs(cfg, order, start):
            done += 1
            if done % 50 == 1:
                log("imports: process %d/%d" % (done, total))
            try:
                res = parse_result(p)
            except RuntimeError as e:
                errors[(interp.key, v)] = "fails on %s: %s" % (interp.label, e)
                continue
            d = raw.setdefault((interp.key, v), {"wall": [], "inproc": [], "use": [], "rss": [], "rss_use": [],
                                                 "rss_delta": []})
            if use:
                d["use"].append(res["use_s"] * 1e3)
                d["rss_use"].append(res["rss_use_kb"] / 1024.0)
            if not use or cfg.quick:
                d["wall"].append((p.wall_s - res.get("use_s", 0.0)) * 1e3)
                d["inproc"].append(res["import_s"] * 1e3)
                d["rss"].append(res["rss_kb"] / 1024.0)
                d["rss_delta"].append((res["rss_kb"] - res["rss0_kb"]) / 1024.0)
    for interp, v, _ in jobs:
        k = (interp.key, v)
        if k in out:
            continue
        d = raw.get(k)
        if not d or not d["wall"]:
            out[k] = {"reason": errors.get(k, "no samples")}
            continue
        out[k] = {name: Cell(stats=Stats.of(vals), samples=vals) for name, vals in d.items() if vals}
    # Wall clock minus the bare interpreter's median start (same worker script, nothing imported).
    for interp in interps:
        bare = out.get((interp.key, "none"), {}).get("wall")
        for v in variants:
            d = out.get((interp.key, v))
            if not d or "wall" not in d:
                continue
            if bare is None:
                d["net"] = Cell(reason="no bare-interpreter figure")
                continue
            net = [w - bare.stats.median for w in d["wall"].samples]
            d["net"] = Cell(stats=Stats.of(net), samples=net)
            rss_bare = out[(interp.key, "none")].get("rss")
            if rss_bare and "rss" in d:
                dr = [x - rss_bare.stats.median for x in d["rss"].samples]
                d["rss_net"] = Cell(stats=Stats.of(dr), samples=dr)
            if rss_bare and "rss_use" in d:
                dr = [x - rss_bare.stats.median for x in d["rss_use"].samples]
                d["rss_use_net"] = Cell(stats=Stats.of(dr), samples=dr)
    return out
