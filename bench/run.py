#!/usr/bin/env python3
"""girgen's benchmark: one command builds what it needs, runs every table and writes markdown
tables, raw JSON and plots (SVG and PNG) to bench/results/ (see bench/README.md).

    python3 bench/run.py                  # full mode: the numbers (tens of minutes)
    python3 bench/run.py --quick          # a few seconds per table: proves the bench works
    python3 bench/run.py --only 1,calls,6 --out /tmp/res

Tables: 1 calls, 2 import, 3 pypy-jit, 4 overhead, 5 list, 6 generator, 7 memory; goals.md is
rewritten from the latest raw results after every run.
"""

import argparse
import json
import os
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import goals, plots, prepare, readme, tables  # noqa: E402
from harness.common import BENCH, log  # noqa: E402
from harness.measure import Config, measure_imports  # noqa: E402

NEEDS_IMPORTS = {"import", "pypy-jit", "memory"}


def parse_only(text):
    if not text:
        return list(tables.TABLES)
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(tables.TABLES):
            part = tables.TABLES[int(part) - 1]
        if part not in tables.TABLES:
            raise SystemExit("unknown table %r (choose from 1-7 or %s)" % (part, ", ".join(tables.TABLES)))
        if part not in out:
            out.append(part)
    return out


def header(setup, cfg, title, interps):
    v = setup.versions
    lines = ["# %s\n" % title]
    if cfg.quick:
        lines.append("**QUICK MODE** (`--quick`): a handful of samples per figure, one process per variant measuring "
                     "all its functions, %d processes at once; the numbers show that the bench runs, not how fast "
                     "anything is.\n" % cfg.jobs)
    lines.append("- Date: %s; mode: %s; load average at start: %s, at the end of this table: %s"
                 % (v.get("date"), "quick" if cfg.quick else "full", v.get("load_start"),
                    "%.2f %.2f %.2f" % os.getloadavg()))
    lines.append("- Machine: %s; %s; %s; %s" % (v.get("os", "?"), v.get("machine"), v.get("cpu"), v.get("memory", "?")))
    for st in setup.stages.values():
        lines.append("- Interpreter `%s`: %s" % (st.key, v.get("python:" + st.key, st.exe)))
    lines.append("- Libraries: GLib %s, gobject-introspection %s, PyGObject %s, PGI %s; girgen %s; %s"
                 % (v.get("glib-2.0"), v.get("gobject-introspection-1.0"), v.get("PyGObject"), v.get("PGI"),
                    v.get("girgen"), v.get("rustc")))
    lines.append("- Method: every figure from fresh processes (%d per call figure, %d per import figure), competitors "
                 "interleaved in a shuffled order each round; warm-up discarded (%.3f s; PyPy with the JIT %.2f s); "
                 "%.2f s of samples per process and function, each sample up to 1000 calls (fewer for slow calls, so a "
                 "sample stays short), GC disabled while timing as timeit does on CPython (not on PyPy, where the "
                 "objects of cpyext and ctypes are only freed by major collections). Ratios are of medians."
                 % (cfg.rounds, cfg.import_rounds, cfg.warmup_s, cfg.jit_warmup_s, cfg.budget_s))
    lines.append("- Packages are measured installed: copied into one site directory per interpreter and "
                 "bytecode-compiled with that interpreter (`python -m compileall`), because "
                 "PYTHONDONTWRITEBYTECODE=1 is set in this environment (no .pyc would ever be written otherwise). "
                 "girgen_runtime comes from python/ in this tree.")
    if setup.notes:
        lines.append("- Notes: " + "; ".join(setup.notes))
    return "\n".join(lines) + "\n\n"


def _done(value):
    """A finished future holding value (full mode draws synchronously)."""
    from concurrent.futures import Future
    f = Future()
    f.set_result(value)
    return f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a few seconds per table (the test suite runs this)")
    ap.add_argument("--only", help="comma-separated tables: numbers 1-7 or names (%s)" % ", ".join(tables.TABLES))
    ap.add_argument("--out", help="output directory [bench/results, or bench/results/quick with --quick]")
    ap.add_argument("--work", default=str(BENCH / "build"), help="build directory [bench/build]")
    ap.add_argument("--cpython", default="/usr/bin/python3", help="CPython to measure (PyGObject's) [/usr/bin/python3]")
    ap.add_argument("--pypy", default="pypy3", help="PyPy to measure, or 'none' [pypy3]")
    ap.add_argument("--rounds", type=int, help="processes per call figure (default: 5, quick: 1)")
    ap.add_argument("--no-cargo", action="store_true", help="do not run `cargo build` for girgen; use the binary")
    ap.add_argument("--skip-pyo3-build", action="store_true",
                    help="use pyo3 packages only if already built (a cold build takes minutes)")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--readme", action="store_true",
                    help="only rewrite the README's benchmark section from bench/results/ (no measurement)")
    args = ap.parse_args()

    if args.readme:
        ok = readme.update(BENCH.parent / "README.md", BENCH / "results")
        log("README.md %s" % ("updated" if ok else "not changed: no full results or no markers"))
        return
    only = parse_only(args.only)
    cfg = Config.make(args.quick, args.rounds)
    out = Path(args.out) if args.out else (BENCH / "results" / "quick" if args.quick else BENCH / "results")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()

    setup = prepare.Setup(work=work)
    info_file = work / "build-info.json"
    if info_file.exists():
        try:
            setup.build_info = json.loads(info_file.read_text())
        except ValueError:
            pass
    prepare.build_girgen(setup, args)
    interps = prepare.find_interps(args)
    dead = {}
    for interp in interps:
        if interp.stage in setup.stages or interp.stage in dead:
            continue
        if not os.path.exists(interp.exe):
            dead[interp.stage] = "%s not found" % interp.exe
            continue
        stage = prepare.Stage(interp.stage, interp.exe, work / interp.stage)
        try:
            prepare.prepare_stage(setup, stage, args)
            setup.stages[stage.key] = stage
        except Exception as e:  # noqa: BLE001 - one interpreter's failure must not stop the others
            traceback.print_exc()
            dead[interp.stage] = "preparation failed: %s" % e
    info_file.write_text(json.dumps(setup.build_info, indent=1, sort_keys=True))
    to_probe = []
    for interp in interps:
        if interp.stage in dead:
            for kind, vs in (("calls", prepare.CALL_VARIANTS), ("import", prepare.IMPORT_VARIANTS)):
                setup.avail[(interp.key, kind)] = {v: dead[interp.stage] for v in vs}
        elif not (cfg.quick and interp.key == "pypy-nojit"):
            to_probe.append(interp)
    log("probing variants on %s" % ", ".join(i.label for i in to_probe))
    with ThreadPoolExecutor(cfg.jobs) as pool:
        list(pool.map(lambda i: prepare.probe(setup, i, setup.stages[i.stage]), to_probe))
    for interp in interps:
        if cfg.quick and interp.key == "pypy-nojit" and ("pypy", "calls") in setup.avail:
            # Quick mode: --jit off runs the same code as the JIT; its measurements still report failures.
            for kind in ("calls", "import"):
                setup.avail[(interp.key, kind)] = dict(setup.avail[("pypy", kind)])
    for interp in interps:
        st = setup.stages.get(interp.stage)
        if st:
            interp.label = "%s %s" % (interp.label, st.version)
    prepare.collect_versions(setup)
    log("prepared in %.1f s" % (time.perf_counter() - t_start))

    imports = None
    shared = None
    plot_reason = None if not args.no_plots else "--no-plots"
    if plot_reason is None:
        plot_reason = plots.available()
    written = []
    pending = []
    plotter = ThreadPoolExecutor(1)

    def draw(stem_path, panels):
        try:
            plots.figure(stem_path, panels)
        except Exception as e:  # noqa: BLE001 - a plot must not cost the table
            traceback.print_exc()
            md_path = Path(str(stem_path) + ".md")
            md_path.write_text(md_path.read_text() + "\nplot failed: %s\n" % e)

    for name in only:
        t0 = time.perf_counter()
        log("table %s" % tables.TITLES[name])
        try:
            if name in NEEDS_IMPORTS and imports is None:
                keys = set()
                if {"import", "memory"} & set(only):
                    keys |= {"cpython", "pypy"}
                if "pypy-jit" in only:
                    keys |= {"pypy", "pypy-nojit"}
                imports = measure_imports(setup, cfg, [i for i in interps if i.key in keys], tables.IMPORT_VARIANTS)
            sel = interps
            if name in ("import", "memory"):
                sel = [i for i in interps if i.key != "pypy-nojit"]
            if name == "pypy-jit":
                sel = [i for i in interps if i.is_pypy]
            if name in ("calls", "overhead", "list") and cfg.group_funcs and shared is None:
                shared = tables.shared_calls(setup, cfg, interps, only)
            if name == "calls":
                res = tables.table_calls(setup, cfg, sel, shared)
            elif name == "overhead":
                res = tables.table_overhead(setup, cfg, sel, shared)
            elif name == "list":
                res = tables.table_list(setup, cfg, sel, shared)
            elif name == "import":
                res = tables.table_import(setup, cfg, sel, imports)
            elif name == "pypy-jit":
                res = tables.table_pypy_jit(setup, cfg, sel, imports)
            elif name == "memory":
                res = tables.table_memory(setup, cfg, sel, imports)
            else:
                res = tables.table_generator(setup, cfg, sel)
        except Exception as e:  # noqa: BLE001 - a broken table must not stop the others
            traceback.print_exc()
            res = tables.Result(name)
            res.add("not available: the table failed: %s: %s\n" % (type(e).__name__, e))
        stem = tables.FILES[name]
        body = header(setup, cfg, tables.TITLES[name], interps) + "\n".join(res.md)
        for old in list(out.glob(stem + "*.svg")) + list(out.glob(stem + "*.png")):
            old.unlink()  # plots of an earlier layout or run
        panels = [(title, xlabel, series) for _, title, xlabel, series in res.plots]
        if plot_reason is None and panels:
            body += "\n![%s](%s.svg)\n" % (stem, stem)
        elif plot_reason is not None:
            body += "\nplots not drawn: %s\n" % plot_reason
        body += "\n_Table measured in %.1f s._\n" % (time.perf_counter() - t0)
        (out / (stem + ".md")).write_text(body)
        if plot_reason is None and panels:
            # Quick mode draws in the background, overlapping the next table's processes (the parent
            # only waits for them); full mode draws here, so that nothing competes with a measurement.
            job = (out / stem, panels)
            pending.append(plotter.submit(draw, *job) if cfg.quick else _done(draw(*job)))
        tables.save_raw(out, res, "quick" if cfg.quick else "full", setup.versions)
        written.append(out / (stem + ".md"))
        log("wrote %s (%.1f s)" % (out / (stem + ".md"), time.perf_counter() - t0))
    for fut in pending:
        fut.result()
    plotter.shutdown()
    goals.write(out, cfg.quick)
    written.append(out / "goals.md")
    if not cfg.quick and out.resolve() == (BENCH / "results").resolve():
        # The README shows the latest full run (only the default output directory is the README's).
        if readme.update(BENCH.parent / "README.md", out):
            written.append(BENCH.parent / "README.md")
    log("done in %.1f s: %s" % (time.perf_counter() - t_start, ", ".join(str(p) for p in written)))


if __name__ == "__main__":
    main()
