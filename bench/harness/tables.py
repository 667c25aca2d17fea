"""The seven tables: what each measures, and its markdown, raw JSON and plot data."""

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from . import measure
from .common import GIRGEN_BACKENDS, ROOT, Cell, Stats, error_line, log, ratio, run

GIRGEN = tuple("girgen-" + b for b in GIRGEN_BACKENDS)

LABELS = {
    "loop": "empty loop (no call: the loop's own cost)",
    "capi": "hand-written C-API extension",
    "ctypes": "hand-written ctypes",
    "ctypes-str": "hand-written ctypes, str encoded by its wrapper",
    "cffi-abi": "hand-written cffi ABI",
    "cffi-api": "hand-written cffi API",
    "bare-ctypes": "bare ctypes call",
    "bare-cffi-abi": "bare cffi ABI call",
    "bare-cffi-api": "bare cffi API call",
    "girgen-ctypes": "girgen ctypes",
    "girgen-cffi-abi-inline": "girgen cffi abi-inline",
    "girgen-cffi-abi-outofline": "girgen cffi abi-outofline",
    "girgen-cffi-api": "girgen cffi api",
    "girgen-pyo3": "girgen pyo3",
    "pygobject": "PyGObject",
    "pgi": "PGI",
    "none": "bare interpreter start (absolute)",
    "hand-ctypes": "hand-written ctypes wrapper (46 functions)",
    "hand-cffi-abi": "hand-written cffi ABI inline wrapper (46 functions)",
    "hand-cffi-ool": "hand-written cffi ABI out-of-line wrapper (46 functions)",
}

TABLES = ("calls", "import", "pypy-jit", "overhead", "list", "generator", "memory")
TITLES = {
    "calls": "1. Call overhead",
    "import": "2. Import time of GIRepository bindings",
    "pypy-jit": "3. PyPy import, JIT on and off",
    "overhead": "4. Validation overhead (bench_overhead)",
    "list": "5. Passing a list of 1000 ints",
    "generator": "6. The generator",
    "memory": "7. Memory after importing GIRepository bindings",
}
FILES = {t: "%d-%s" % (i + 1, t) for i, t in enumerate(TABLES)}


def fmt(x):
    if x is None:
        return "—"
    ax = abs(x)
    if ax >= 100:
        return "%.0f" % x
    if ax >= 10:
        return "%.1f" % x
    return "%.2f" % x


def fmt_ratio(r):
    return "—" if r is None else "%.2fx" % r


def md(headers, rows, right_from=1):
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---" if i < right_from else "---:" for i in range(len(headers))) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in r) + " |")
    return "\n".join(out) + "\n"


def stats_row(cell, base, scale=1.0):
    """[min, median, mean, stdev, ratio, n] of a cell, or the reason in place of the numbers."""
    if cell is None or not cell.ok:
        why = "not available: %s" % (cell.reason if cell is not None else "not measured")
        return [why, "—", "—", "—", "—", "—"]
    s = cell.stats
    return [fmt(s.min / scale), fmt(s.median / scale), fmt(s.mean / scale), fmt(s.stdev / scale),
            fmt_ratio(ratio(cell, base)), str(s.n)]


def cell_json(cell, scale=1.0):
    if cell is None:
        return {"reason": "not measured"}
    if not cell.ok:
        return {"reason": cell.reason}
    s = cell.stats
    return {"n": s.n, "min": s.min / scale, "median": s.median / scale, "mean": s.mean / scale,
            "stdev": s.stdev / scale}


class Result:
    """One table's output: markdown body, raw data (for goals.md and later runs) and plots."""

    def __init__(self, name):
        self.name = name
        self.md = []
        self.raw = {}
        self.plots = []  # (file stem suffix, title, xlabel, {series: [(row, value, err)]})

    def add(self, text):
        self.md.append(text)


# ---------------------------------------------------------------------------------------------
# Tables 1, 4, 5: calls


def _call_section(res, interp, cells, variants, funcs, base_of, unit_scale, strategy="int", fn_names=None,
                  extra_cols=None):
    fn_names = fn_names or {f: f for f in funcs}
    # Compact: median (ratio) per function.
    rows = []
    for v in variants:
        row = [LABELS.get(v, v)]
        for f in funcs:
            c = cells.get((interp.key, v, f, strategy))
            if c is None:
                row.append("—")
            elif not c.ok:
                row.append("n/a")
            else:
                base = cells.get((interp.key, base_of(v, f), f, strategy))
                row.append("%s (%s)" % (fmt(c.stats.median / unit_scale), fmt_ratio(ratio(c, base))))
        rows.append(row)
    res.add(md(["binding"] + ["`%s` median (ratio)" % fn_names[f] for f in funcs], rows))
    missing = []
    for v in variants:
        c = next((cells.get((interp.key, v, f, strategy)) for f in funcs
                  if cells.get((interp.key, v, f, strategy)) is not None), None)
        if c is not None and not c.ok:
            missing.append("- %s: not available: %s" % (LABELS.get(v, v), c.reason))
    if missing:
        res.add("\n".join(missing) + "\n")
    # Detailed.
    rows = []
    for f in funcs:
        for v in variants:
            c = cells.get((interp.key, v, f, strategy))
            if c is None or not c.ok:
                continue  # listed above with the reason
            base = cells.get((interp.key, base_of(v, f), f, strategy))
            rows.append([fn_names[f], LABELS.get(v, v)] + stats_row(c, base, unit_scale))
    res.add("<details><summary>min, median, mean, stdev per function</summary>\n\n" +
            md(["function", "binding", "min", "median", "mean", "stdev", "ratio", "samples"], rows, 2) +
            "\n</details>\n")


def _calls_raw(res, interps, cells, unit_scale, variants, funcs):
    # Quick mode shares one measurement among tables 1, 4 and 5: keep this table's cells only.
    res.raw["cells"] = [dict(interp=k[0], variant=k[1], func=k[2], strategy=k[3], **cell_json(c, unit_scale))
                        for k, c in sorted(cells.items()) if k[1] in variants and k[2] in funcs]


def _calls_plot(res, interps, cells, variants, funcs, unit_scale, stem, title, xlabel, strategy="int"):
    for interp in interps:
        series = {}
        for f in funcs:
            pts = []
            for v in variants:
                c = cells.get((interp.key, v, f, strategy))
                if c is not None and c.ok:
                    pts.append((LABELS.get(v, v), c.stats.median / unit_scale, c.stats.stdev / unit_scale))
                elif c is not None:
                    pts.append((LABELS.get(v, v), None, None))
            series[f] = pts
        res.plots.append(("%s-%s" % (stem, interp.key), "%s — %s" % (title, interp.label), xlabel, series))


CALLS_VARIANTS = ("loop", "capi", "ctypes", "ctypes-str", "cffi-abi", "cffi-api") + GIRGEN + ("pygobject", "pgi")
OVERHEAD_VARIANTS = ("capi", "bare-ctypes", "ctypes", "girgen-ctypes", "bare-cffi-abi", "cffi-abi",
                     "girgen-cffi-abi-inline", "girgen-cffi-abi-outofline", "bare-cffi-api", "cffi-api",
                     "girgen-cffi-api", "girgen-pyo3", "pygobject", "pgi")
LIST_VARIANTS = ("capi", "ctypes", "bare-cffi-abi", "cffi-abi", "bare-cffi-api", "cffi-api") + GIRGEN + (
    "pygobject", "pgi")


def shared_calls(setup, cfg, interps, names):
    """Quick mode: one process per (interpreter, variant) measures every function the selected call
    tables need (and one more per PyPy variant for the object-strategy list)."""
    variants, funcs = [], []
    for name, vs, fs in (("calls", CALLS_VARIANTS, ("void", "str", "double")), ("overhead", OVERHEAD_VARIANTS, ("overhead",)),
                         ("list", LIST_VARIANTS, ("int_list",))):
        if name in names:
            variants += [v for v in vs if v not in variants]
            funcs += list(fs)
    if "list" in names:
        funcs.append("int_list@object")  # PyPy only
    return measure.measure_calls(setup, cfg, interps, variants, funcs, 1000, label="tables 1, 4, 5")


def table_calls(setup, cfg, interps, shared=None):
    res = Result("calls")
    variants = CALLS_VARIANTS
    funcs = ("void", "str", "double")
    cells = shared if shared is not None else measure.measure_calls(setup, cfg, interps, variants, funcs, 1000, label="table 1")
    res.add("Unit: µs per 1000 calls (= ns per call), loop included (see the empty-loop row). "
            "Baseline: the hand-written C-API extension; ratio = median / baseline median.\n"
            "Arguments: `bench_str(\"x\")`, `bench_double(1.0)`; the hand-written ctypes and cffi anchors are the "
            "raw foreign functions and get `b\"x\"` (no str conversion, no validation), everything else gets a str. "
            "\"hand-written ctypes, str encoded by its wrapper\" is bench_str as a hand-written ctypes binding offers it "
            "to a caller with a str: `def bench_str(s): return raw(s.encode())` (no validation).\n")
    for interp in interps:
        res.add("\n### %s\n" % interp.label)
        _call_section(res, interp, cells, variants, funcs, lambda v, f: "capi", 1.0,
                      fn_names={"void": "bench_void()", "str": "bench_str(s)", "double": "bench_double(x)"})
    if cfg.jit_check:
        pypy = [i for i in interps if i.is_pypy and not i.flags]
        if pypy:
            avail = [v for v in variants if v != "loop" and not setup.avail.get((pypy[0].key, "calls"), {}).get(v, "x")]
            checks = measure.jit_check(setup, cfg, pypy[0], avail, "void", 1000)
            res.raw["jit_check"] = checks
            lines = []
            for v, c in checks.items():
                if c is None:
                    lines.append("- %s: check failed" % LABELS.get(v, v))
                else:
                    (t0, b0), (t1, b1) = c
                    verdict = "finished before measuring" if (t0, b0) == (t1, b1) else (
                        "**%d trace(s) started, %d loop(s)/bridge(s) compiled while measuring**" % (t1 - t0, b1 - b0))
                    lines.append("- %s: after the warm-up %d traces, %d compiled; after warm-up + measuring %d, %d: %s"
                                 % (LABELS.get(v, v), t0, b0, t1, b1, verdict))
            res.add("\nPyPy JIT check (`PYPYLOG=jit-summary`, bench_void, warm-up %.1f s):\n\n%s\n"
                    % (cfg.jit_warmup_s, "\n".join(lines)))
    else:
        res.add("\nThe PyPy JIT check (`PYPYLOG=jit-summary`) runs in full mode only.\n")
    _calls_raw(res, interps, cells, 1.0, variants, funcs)
    res.raw["unit"] = "ns per call (= µs per 1000 calls)"
    _calls_plot(res, interps, cells, variants, funcs, 1.0, "", "Call overhead", "µs per 1000 calls (= ns per call)")
    return res


OVERHEAD_BARE = {"ctypes": "bare-ctypes", "girgen-ctypes": "bare-ctypes",
                 "cffi-abi": "bare-cffi-abi", "girgen-cffi-abi-inline": "bare-cffi-abi",
                 "girgen-cffi-abi-outofline": "bare-cffi-abi",
                 "cffi-api": "bare-cffi-api", "girgen-cffi-api": "bare-cffi-api"}


def table_overhead(setup, cfg, interps, shared=None):
    res = Result("overhead")
    variants = OVERHEAD_VARIANTS
    cells = shared if shared is not None else measure.measure_calls(setup, cfg, interps, variants, ("overhead",), 1000, label="table 4")
    res.add("`bench_overhead([1, 2, 3], \"ok\")`: a list → gint32 array with its length, a str → UTF-8, and a "
            "GError out-parameter (→ exception). Unit: µs per 1000 calls (= ns per call).\n"
            "*Bare* call: the same foreign function with its arguments converted the shortest way "
            "(`(c_int32 * n)(*values)` / `ffi.new(\"gint32[]\", values)`, bytes for the string) and no validation. "
            "The hand-written anchors validate like PyGObject does (types, ranges, NUL bytes).\n")
    for interp in interps:
        res.add("\n### %s\n" % interp.label)
        rows = []
        for v in variants:
            c = cells.get((interp.key, v, "overhead", "int"))
            base = cells.get((interp.key, "capi", "overhead", "int"))
            bare = cells.get((interp.key, OVERHEAD_BARE.get(v), "overhead", "int")) if v in OVERHEAD_BARE else None
            r = stats_row(c, base)
            rows.append([LABELS.get(v, v)] + r[:5] + [fmt_ratio(ratio(c, bare))] + r[5:])
        res.add(md(["binding", "min", "median", "mean", "stdev", "ratio to C-API wrapper", "ratio to bare call",
                    "samples"], rows))
    _calls_raw(res, interps, cells, 1.0, variants, ("overhead",))
    res.raw["unit"] = "ns per call (= µs per 1000 calls)"
    _calls_plot(res, interps, cells, variants, ("overhead",), 1.0, "", "bench_overhead([1, 2, 3], \"ok\")",
                "µs per 1000 calls (= ns per call)")
    return res


def table_list(setup, cfg, interps, shared=None):
    res = Result("list")
    variants = LIST_VARIANTS
    strategies = ("int", "object")
    cells = shared if shared is not None else measure.measure_calls(setup, cfg, interps, variants, ("int_list",), 100, strategies, label="table 5")
    res.add("`bench_int_list(values)` with `values = list(range(1000))`. Unit: ms per 1000 calls (= µs per call). "
            "Baseline: the hand-written C-API extension (range-checks every item). The hand-written ctypes anchor "
            "converts with `(c_int * n)(*values)` and does not range-check (as a plain ctypes user would); the "
            "hand-written cffi anchors validate every item first.\n"
            "PyPy stores a list of ints unboxed (integer storage strategy); the *object* column uses a list that "
            "was switched to the generic object strategy (a str appended and popped) to show what the strategy is "
            "worth to each binding.\n")
    for interp in interps:
        res.add("\n### %s\n" % interp.label)
        strats = strategies if interp.is_pypy else ("int",)
        for strategy in strats:
            if interp.is_pypy:
                res.add("\n%s list storage strategy:\n\n" % strategy)
            rows = []
            for v in variants:
                c = cells.get((interp.key, v, "int_list", strategy))
                base = cells.get((interp.key, "capi", "int_list", strategy))
                rows.append([LABELS.get(v, v)] + stats_row(c, base, 1000.0))
            res.add(md(["binding", "min", "median", "mean", "stdev", "ratio", "samples"], rows))
    _calls_raw(res, interps, cells, 1000.0, variants, ("int_list",))
    res.raw["unit"] = "µs per call (= ms per 1000 calls)"
    for strategy in strategies:
        ints = [i for i in interps if strategy == "int" or i.is_pypy]
        _calls_plot(res, ints, cells, variants, ("int_list",), 1000.0, strategy,
                    "list of 1000 ints (%s strategy)" % strategy, "ms per 1000 calls", strategy)
    return res


# ---------------------------------------------------------------------------------------------
# Tables 2, 3, 7: imports


IMPORT_VARIANTS = ("none",) + GIRGEN + ("pygobject", "pgi", "hand-ctypes", "hand-cffi-abi", "hand-cffi-ool")


def _imp_cell(data, interp, v, name):
    d = data.get((interp.key, v))
    if d is None:
        return Cell(reason="not measured")
    if "reason" in d:
        return Cell(reason=d["reason"])
    return d.get(name) or Cell(reason="no figure")


def table_import(setup, cfg, interps, data):
    res = Result("import")
    res.add("Fresh process per figure. *Net* = wall clock from spawn to exit of a process that imports the "
            "bindings, minus the median of the same worker importing nothing (bare start, first row, absolute). "
            "*In-process* = `perf_counter()` around the import statements alone. *First use* = in-process time of "
            "`Repository.get_default()`, `require(\"GLib\", \"2.0\", 0)`, `get_n_infos(\"GLib\")`, "
            "`get_info(\"GLib\", 0).get_name()` right after the import, in a separate process. Unit: ms.\n"
            "Imports: girgen `from gr_<backend> import GIRepository`; PyGObject/PGI "
            "`require_version(\"GIRepository\", \"2.0\")` + `from gi.repository import GIRepository` (which loads "
            "GLib and GObject as they need); the hand-written wrappers are one module each over the same 46 C "
            "functions (bench/handwritten/).\n")
    for interp in interps:
        base_v = "pygobject" if not interp.is_pypy else "hand-ctypes"
        res.add("\n### %s (ratio to %s)\n" % (interp.label, LABELS[base_v]))
        rows = []
        base = _imp_cell(data, interp, base_v, "net")
        base_in = _imp_cell(data, interp, base_v, "inproc")
        for v in IMPORT_VARIANTS:
            key = "wall" if v == "none" else "net"
            c = _imp_cell(data, interp, v, key)
            if not c.ok:
                rows.append([LABELS.get(v, v), "not available: %s" % c.reason] + ["—"] * 7)
                continue
            s = c.stats
            ci = _imp_cell(data, interp, v, "inproc")
            cu = _imp_cell(data, interp, v, "use")
            rows.append([LABELS.get(v, v), fmt(s.min), fmt(s.median), fmt(s.mean), fmt(s.stdev),
                         "—" if v == "none" else fmt_ratio(ratio(c, base)),
                         fmt(ci.stats.median) if ci.ok else "—",
                         "—" if v == "none" else fmt_ratio(ratio(ci, base_in)),
                         fmt(cu.stats.median) if cu.ok else "—"])
        res.add(md(["bindings", "net min", "net median", "net mean", "net stdev", "net ratio",
                    "in-process median", "in-process ratio", "first use median"], rows))
    res.raw["cells"] = [dict(interp=k[0], variant=k[1], **{n: cell_json(c) for n, c in d.items() if n != "reason"})
                        if "reason" not in d else dict(interp=k[0], variant=k[1], reason=d["reason"])
                        for k, d in sorted(data.items())]
    series = {}
    for interp in interps:
        pts = []
        for v in IMPORT_VARIANTS[1:]:
            c = _imp_cell(data, interp, v, "net")
            pts.append((LABELS.get(v, v), c.stats.median if c.ok else None, c.stats.stdev if c.ok else None))
        series[interp.label] = pts
    res.plots.append(("", "Import of GIRepository bindings (net of interpreter start)", "ms", series))
    return res


def table_pypy_jit(setup, cfg, interps, data):
    res = Result("pypy-jit")
    on = next((i for i in interps if i.key == "pypy"), None)
    off = next((i for i in interps if i.key == "pypy-nojit"), None)
    if on is None or off is None:
        res.add("not available: PyPy was not measured (--pypy none or pypy3 not found)\n")
        return res
    res.add("Net import time (wall clock minus the bare start of the same interpreter and mode; ms) and the bare "
            "start itself, PyPy with the JIT and with `--jit off`.\n")
    rows = []
    series = {on.label: [], off.label: []}
    for v in IMPORT_VARIANTS:
        key = "wall" if v == "none" else "net"
        a, b = _imp_cell(data, on, v, key), _imp_cell(data, off, v, key)
        row = [LABELS.get(v, v)]
        for c in (a, b):
            if c.ok:
                row += [fmt(c.stats.median), "%s ± %s" % (fmt(c.stats.mean), fmt(c.stats.stdev))]
            elif c is b and not a.ok and a.reason.replace(on.label, "") == b.reason.replace(off.label, ""):
                row += ["(same)", "—"]
            else:
                row += ["not available: %s" % c.reason, "—"]
        row.append(fmt_ratio(ratio(b, a)))
        rows.append(row)
        if v != "none":
            series[on.label].append((LABELS.get(v, v), a.stats.median if a.ok else None, a.stats.stdev if a.ok else None))
            series[off.label].append((LABELS.get(v, v), b.stats.median if b.ok else None, b.stats.stdev if b.ok else None))
    res.add(md(["bindings", "JIT median", "JIT mean ± stdev", "--jit off median", "--jit off mean ± stdev",
                "off / on"], rows))
    res.raw["cells"] = [dict(interp=k[0], variant=k[1], net=cell_json(d.get("net")) if "reason" not in d else
                             {"reason": d["reason"]}) for k, d in sorted(data.items()) if k[0].startswith("pypy")]
    res.plots.append(("", "PyPy import, JIT on/off (net of interpreter start)", "ms", series))
    return res


def table_memory(setup, cfg, interps, data):
    res = Result("memory")
    res.add("RSS (VmRSS from /proc/self/status, MB) of a fresh process right after importing the GIRepository "
            "bindings, and after the first use (see table 2), minus the median RSS of the bare worker; "
            "the bare row is absolute.\n")
    for interp in interps:
        if interp.key == "pypy-nojit":
            continue
        base_v = "pygobject" if not interp.is_pypy else "hand-ctypes"
        res.add("\n### %s (ratio to %s)\n" % (interp.label, LABELS[base_v]))
        rows = []
        base = _imp_cell(data, interp, base_v, "rss_net")
        for v in IMPORT_VARIANTS:
            c = _imp_cell(data, interp, v, "rss" if v == "none" else "rss_net")
            if not c.ok:
                rows.append([LABELS.get(v, v), "not available: %s" % c.reason] + ["—"] * 4)
                continue
            cu = _imp_cell(data, interp, v, "rss_use" if v == "none" else "rss_use_net")
            rows.append([LABELS.get(v, v), fmt(c.stats.median), fmt(c.stats.stdev),
                         "—" if v == "none" else fmt_ratio(ratio(c, base)),
                         fmt(cu.stats.median) if cu.ok else "—"])
        res.add(md(["bindings", "after import (median)", "stdev", "ratio", "after first use (median)"], rows))
    res.raw["cells"] = [dict(interp=k[0], variant=k[1], **{n: cell_json(d[n]) for n in ("rss", "rss_net", "rss_use",
                                                                                           "rss_use_net") if n in d})
                        if "reason" not in d else dict(interp=k[0], variant=k[1], reason=d["reason"])
                        for k, d in sorted(data.items())]
    series = {}
    for interp in interps:
        if interp.key == "pypy-nojit":
            continue
        series[interp.label] = []
        for v in IMPORT_VARIANTS[1:]:
            c = _imp_cell(data, interp, v, "rss_net")
            series[interp.label].append((LABELS.get(v, v), c.stats.median if c.ok else None,
                                         c.stats.stdev if c.ok else None))
    res.plots.append(("", "RSS after importing GIRepository bindings (net of bare start)", "MB", series))
    return res


# ---------------------------------------------------------------------------------------------
# Table 6: the generator


GIR_DIR = Path("/usr/share/gir-1.0")
LOAD_RESOLVE = ("GLib-2.0", "GObject-2.0", "GModule-2.0", "Gio-2.0", "GIRepository-2.0")


def gir_closure(root):
    """Namespace-Version strings of root and its includes, read from the GIR files."""
    seen, todo = [], [root]
    while todo:
        ns = todo.pop()
        if ns in seen:
            continue
        seen.append(ns)
        text = (GIR_DIR / (ns + ".gir")).read_text(errors="replace")[:20000]
        todo += ["%s-%s" % m for m in re.findall(r'<include name="([^"]+)" version="([^"]+)"', text)]
    return seen


def table_generator(setup, cfg, interps):
    res = Result("generator")
    compiler = shutil.which("g-ir-compiler")
    closure = gir_closure("Gio-2.0")
    cp = setup.stages.get("cpython")
    jobs = {}  # name -> list of commands (a run is their sum)
    tmp = Path(tempfile.mkdtemp(prefix="girgen-bench-gen-"))
    reasons = {}
    gen_backends = [b for b in GIRGEN_BACKENDS if not (cfg.quick and b == "cffi-api")]
    if cfg.quick:
        reasons["girgen cffi-api"] = "skipped in quick mode (its generation compiles C for the whole closure)"
    for b in gen_backends:
        name = "girgen " + b
        if not setup.girgen:
            reasons[name] = setup.girgen_reason
            continue
        extra = []
        bname = b
        if b.startswith("cffi-"):
            bname, extra = "cffi", ["--cffi-mode", b[len("cffi-"):]]
            if setup.girgen_has_python_opt and cp:
                extra += ["--python", cp.exe]
        # @OUT@: a fresh, empty directory per run (girgen skips rewriting unchanged files).
        jobs[name] = [[setup.girgen, "--backend", bname, "Gio-2.0", "-o", "@OUT@", "--package", "gg", "-q"]
                      + extra]
    if compiler:
        jobs["g-ir-compiler (Gio closure)"] = [[compiler, "--includedir", str(GIR_DIR), "-o",
                                                str(tmp / (ns + ".typelib")), str(GIR_DIR / (ns + ".gir"))]
                                               for ns in closure]
        jobs["g-ir-compiler (5 namespaces)"] = [[compiler, "--includedir", str(GIR_DIR), "-o",
                                                 str(tmp / (ns + ".typelib")), str(GIR_DIR / (ns + ".gir"))]
                                                for ns in LOAD_RESOLVE]
    else:
        reasons["g-ir-compiler"] = "g-ir-compiler not found"
    if setup.girgen:
        jobs["girgen inspect (5 namespaces)"] = [[setup.girgen, "inspect"] + list(LOAD_RESOLVE)]
    load_bench = ROOT / "target" / "release" / "examples" / "load_bench"
    if load_bench.is_file():
        jobs["girgen load_bench (5 namespaces)"] = [[str(load_bench), "--runs", "1", "--quiet", "--gir-dir",
                                                     str(GIR_DIR)] + [str(GIR_DIR / (ns + ".gir")) for ns in LOAD_RESOLVE]]
    # girgen's cffi build runs on the measured CPython ($GIRGEN_PYTHON, which girgen honours).
    gen_env = dict(os.environ, GIRGEN_PYTHON=cp.exe) if cp else None
    # One untimed run of each warms the page cache and finds the failures (full mode only).
    for name, cmds in ([] if cfg.quick else list(jobs.items())):
        for c in cmds:
            p = run([str(tmp / "warm") if a == "@OUT@" else a for a in c], env=gen_env, timeout=3600)
            if p.returncode != 0:
                reasons[name] = "failed: %s" % (error_line(p.stderr) or "exit %d" % p.returncode)
                del jobs[name]
                break
    samples = {k: {"wall": [], "cpu": [], "rss": [], "inner": []} for k in jobs}

    def one_run(name):
        """(wall, cpu, peak rss kB, load_bench's inner time, failure reason) of one run of a job."""
        wall = cpu = 0.0
        rss = 0
        inner = None
        for c in jobs[name]:
            fresh = Path(tempfile.mkdtemp(dir=tmp)) / "out"
            p = run([str(fresh) if a == "@OUT@" else a for a in c], env=gen_env, timeout=3600, peak_rss=True)
            shutil.rmtree(fresh.parent, ignore_errors=True)
            if p.returncode != 0:
                return None, None, None, None, "failed: %s" % (error_line(p.stderr) or "exit %d" % p.returncode)
            wall += p.wall_s
            cpu += p.cpu_s
            rss = max(rss, p.maxrss_kb)
            if "load_bench" in name:
                try:
                    inner = float(p.stdout.split()[-1])
                except (ValueError, IndexError):
                    pass
        return wall, cpu, rss, inner, None

    for r in range(cfg.gen_rounds):
        log("table 6: round %d/%d" % (r + 1, cfg.gen_rounds))
        names = list(jobs)
        for name, (wall, cpu, rss, inner, why) in measure._run_jobs(cfg, names, one_run):
            if why:
                reasons[name] = why
            failed = why is not None
            if failed:
                del jobs[name]
                samples.pop(name, None)
                continue
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(cpu)
            samples[name]["rss"].append(rss / 1024.0)
            if inner is not None:
                samples[name]["inner"].append(inner)
    shutil.rmtree(tmp, ignore_errors=True)
    cells = {k: {m: Cell(stats=Stats.of(v), samples=v) for m, v in d.items() if v} for k, d in samples.items()
             if d["wall"]}

    def rows_for(names, base_name):
        rows = []
        base = cells.get(base_name, {}).get("wall")
        for n in names:
            d = cells.get(n)
            if not d:
                rows.append([n, "not available: %s" % reasons.get(n, reasons.get("g-ir-compiler", "not run"))]
                            + ["—"] * 6)
                continue
            w = d["wall"].stats
            rows.append([n, fmt(w.min), fmt(w.median), "%s ± %s" % (fmt(w.mean), fmt(w.stdev)),
                         fmt(d["cpu"].stats.median), fmt(d["rss"].stats.median),
                         fmt_ratio(ratio(d["wall"], base)), str(w.n)])
        return rows

    hdr = ["run", "min (s)", "median (s)", "mean ± stdev (s)", "CPU user+sys (s)", "peak RSS (MB)",
           "ratio to g-ir-compiler", "runs"]
    res.add("Whole processes, timed from spawn to exit; CPU (user + system, children included) from `wait4`; "
            "peak RSS from `/usr/bin/time -f %%M` (the largest process of the tree: for the cffi modes girgen "
            "runs a Python build). girgen writes into a fresh empty directory each run. g-ir-compiler runs once per GIR "
            "file and a run is the sum (peak: the largest).\n\n"
            "#### Generating the Gio-2.0 closure (%s) vs g-ir-compiler on the same GIR files\n\n" % ", ".join(closure))
    gen_names = ["girgen " + b for b in GIRGEN_BACKENDS] + ["g-ir-compiler (Gio closure)"]
    res.add(md(hdr, rows_for(gen_names, "g-ir-compiler (Gio closure)")))
    res.add("\n#### Issue 2: load + resolve of %s vs g-ir-compiler compiling the same files (goal ≤ 0.2x)\n\n"
            "`girgen inspect` loads, resolves and analyses the namespaces and prints a summary (a fair proxy for "
            "load + resolve). `load_bench` is bench/generator's `gir` example (load and parse only); its in-process "
            "time is given below the table.\n\n" % ", ".join(LOAD_RESOLVE))
    lr_names = ["girgen inspect (5 namespaces)", "girgen load_bench (5 namespaces)", "g-ir-compiler (5 namespaces)"]
    res.add(md(hdr, rows_for(lr_names, "g-ir-compiler (5 namespaces)")))
    inner = cells.get("girgen load_bench (5 namespaces)", {}).get("inner")
    if inner:
        res.add("\nload_bench in-process `gir::load` time: median %.4f s (ratio to g-ir-compiler %s)\n"
                % (inner.stats.median, fmt_ratio(ratio(inner, cells.get("g-ir-compiler (5 namespaces)", {}).get("wall")))))
    # pyo3 build (made during preparation).
    res.add("\n#### pyo3: release build of the generated crate (goal < 2 min)\n\n")
    rows = []
    for stage_key, pkgs in sorted(setup.build_info.items()):
        for pkg, info in sorted(pkgs.items()):
            rows.append([pkg, stage_key, "%.1f" % info["seconds"], "%.2f" % (info["so_bytes"] / 1e6),
                         "cold (dependencies included)" if info.get("cold_target") else "incremental",
                         info.get("when", "?")])
    if rows:
        res.add(md(["package", "interpreter", "build time (s)", "extension size (MB)", "cargo target", "built at"],
                   rows, 2))
    else:
        why = setup.reason("cpython", "import", "girgen-pyo3") or "not built"
        res.add("not available: %s\n" % why)
    res.raw["cells"] = {k: {m: cell_json(c) for m, c in d.items()} for k, d in cells.items()}
    res.raw["reasons"] = reasons
    res.raw["build_info"] = setup.build_info
    res.raw["closure"] = closure
    series = {"wall (s)": [(n, cells[n]["wall"].stats.median if n in cells else None,
                            cells[n]["wall"].stats.stdev if n in cells else None)
                           for n in gen_names + lr_names]}
    res.plots.append(("", "Generator and loader vs g-ir-compiler", "seconds", series))
    series = {"peak RSS (MB)": [(n, cells[n]["rss"].stats.median if n in cells else None, None)
                                for n in gen_names + lr_names]}
    res.plots.append(("rss", "Generator and loader: peak memory", "MB", series))
    return res


def save_raw(out_dir, res, mode, versions):
    raw_dir = Path(out_dir) / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    data = {"table": res.name, "mode": mode, "when": time.strftime("%Y-%m-%d %H:%M:%S"), "versions": versions}
    data.update(res.raw)
    (raw_dir / (FILES[res.name] + ".json")).write_text(json.dumps(data, indent=1, sort_keys=True, default=str))
