"""goals.md: each goal of the project beside the measured ratio, from the raw results of the tables
(the latest run of each table in the output directory, so `--only` runs update it too)."""

import json
from pathlib import Path

from .tables import FILES


def _load(out_dir, table):
    p = Path(out_dir) / "raw" / (FILES[table] + ".json")
    if not p.exists():
        return None
    return json.loads(p.read_text())


def _call(raw, variant, func, interp="cpython"):
    """(median, None) or (None, reason)."""
    if raw is None:
        return None, "table not run"
    for c in raw.get("cells", []):
        if c["interp"] == interp and c["variant"] == variant and c["func"] == func and c["strategy"] == "int":
            return (c["median"], None) if "median" in c else (None, c.get("reason", "?"))
    return None, "not measured"


def _imp(raw, variant, interp="cpython"):
    if raw is None:
        return None, "table not run"
    for c in raw.get("cells", []):
        if c["interp"] == interp and c["variant"] == variant:
            if "reason" in c:
                return None, c["reason"]
            net = c.get("net", {})
            return (net["median"], None) if "median" in net else (None, net.get("reason", "no figure"))
    return None, "not measured"


def _gen(raw, name):
    if raw is None:
        return None, "table not run"
    c = raw.get("cells", {}).get(name)
    if not c or "median" not in c.get("wall", {}):
        return None, raw.get("reasons", {}).get(name, "not measured")
    return c["wall"]["median"], None


def _row(goal, a, b, limit, unit, fmt_a="%.1f", source=""):
    (va, ra), (vb, rb) = a, b
    if va is None or vb is None:
        why = ra or rb
        return [goal, "—", "—", "≤ %.2fx" % limit, "not available: %s" % why, source]
    if va <= 0 or vb <= 0:
        # A net import time at or below zero: the noise of the run exceeds the import.
        return [goal, (fmt_a + " vs " + fmt_a + " %s") % (va, vb, unit), "—", "≤ %.2fx" % limit,
                "inconclusive: a figure ≤ 0, below this run's noise", source]
    r = va / vb
    status = "met" if r <= limit else "**not met**"
    return [goal, (fmt_a + " vs " + fmt_a + " %s") % (va, vb, unit), "%.3fx" % r, "≤ %.2fx" % limit, status, source]


def write(out_dir, quick):
    t1, t2, t4, t6 = (_load(out_dir, t) for t in ("calls", "import", "overhead", "generator"))
    rows = []
    rows.append(_row("girgen ctypes import ≤ 0.15x PyGObject import (CPython)", _imp(t2, "girgen-ctypes"),
                     _imp(t2, "pygobject"), 0.15, "ms", "%.2f", "table 2, net"))
    rows.append(_row("girgen ctypes per-call bench_void() ≤ 1.1x hand-written ctypes",
                     _call(t1, "girgen-ctypes", "void"), _call(t1, "ctypes", "void"), 1.1, "ns", source="table 1"))
    # The (str) -> size_t call as a Python caller makes it, with a str: the hand-written ctypes
    # binding has to encode it. The raw function given bytes (no conversion) is shown beside it.
    rows.append(_row("girgen ctypes per-call bench_str(s) ≤ 1.1x hand-written ctypes given the same str",
                     _call(t1, "girgen-ctypes", "str"), _call(t1, "ctypes-str", "str"), 1.1, "ns", source="table 1"))
    rows.append(_row("(reference, not a goal) girgen ctypes per-call bench_str(s) vs the raw ctypes function given bytes",
                     _call(t1, "girgen-ctypes", "str"), _call(t1, "ctypes", "str"), 1.1, "ns", source="table 1"))
    rows.append(_row("girgen cffi abi-outofline import ≤ 1.1x girgen ctypes import",
                     _imp(t2, "girgen-cffi-abi-outofline"), _imp(t2, "girgen-ctypes"), 1.1, "ms", "%.2f",
                     "table 2, net"))
    for f, name in (("void", "bench_void()"), ("str", "bench_str(s)"), ("double", "bench_double(x)")):
        rows.append(_row("girgen cffi api per-call %s ≤ 1.3x C-API" % name,
                         _call(t1, "girgen-cffi-api", f), _call(t1, "capi", f), 1.3, "ns", source="table 1"))
    # What cffi itself costs per call in API mode (no girgen code at all): the floor of the line above.
    for f, name in (("void", "bench_void()"), ("double", "bench_double(x)")):
        rows.append(_row("(reference, not a goal) hand-written cffi API per-call %s vs C-API" % name,
                         _call(t1, "cffi-api", f), _call(t1, "capi", f), 1.3, "ns", source="table 1"))
    for mode, bare in (("api", "bare-cffi-api"), ("abi-outofline", "bare-cffi-abi"), ("abi-inline", "bare-cffi-abi")):
        rows.append(_row("girgen cffi %s validated bench_overhead ≤ 2x bare cffi call" % mode,
                         _call(t4, "girgen-cffi-" + mode, "overhead"), _call(t4, bare, "overhead"), 2.0, "ns",
                         source="table 4"))
    for f, name in (("void", "bench_void()"), ("str", "bench_str(s)"), ("double", "bench_double(x)")):
        rows.append(_row("girgen pyo3 per-call %s ≤ 1.15x C-API" % name,
                         _call(t1, "girgen-pyo3", f), _call(t1, "capi", f), 1.15, "ns", source="table 1"))
    rows.append(_row("girgen pyo3 bench_overhead ≤ 1.3x C-API wrapper", _call(t4, "girgen-pyo3", "overhead"),
                     _call(t4, "capi", "overhead"), 1.3, "ns", source="table 4"))
    rows.append(_row("girgen pyo3 import ≤ girgen ctypes import", _imp(t2, "girgen-pyo3"), _imp(t2, "girgen-ctypes"),
                     1.0, "ms", "%.2f", "table 2, net"))
    # pyo3 build time: an absolute goal.
    info = (t6 or {}).get("build_info", {}).get("cpython", {}).get("gr_pyo3")
    if info:
        ok = info["seconds"] < 120
        rows.append(["girgen pyo3 release build of the GIRepository closure crate < 2 min",
                     "%.1f s (%s), extension %.2f MB" % (info["seconds"], "cold, dependencies included"
                                                         if info.get("cold_target") else "incremental",
                                                         info["so_bytes"] / 1e6),
                     "—", "< 120 s", "met" if ok else "**not met**", "table 6"])
    else:
        why = "table not run" if t6 is None else "pyo3 crate not built: %s" % _imp(t2, "girgen-pyo3")[1]
        rows.append(["girgen pyo3 release build of the GIRepository closure crate < 2 min", "—", "—", "< 120 s",
                     "not available: %s" % why, "table 6"])
    rows.append(_row("girgen load+resolve (inspect) of GLib, GObject, GModule, Gio, GIRepository ≤ 0.2x g-ir-compiler",
                     _gen(t6, "girgen inspect (5 namespaces)"), _gen(t6, "g-ir-compiler (5 namespaces)"), 0.2, "s",
                     "%.3f", "table 6"))
    from .tables import md
    when = {name: (raw or {}).get("when", "not run") + (" (%s)" % raw["mode"] if raw else "")
            for name, raw in (("1", t1), ("2", t2), ("4", t4), ("6", t6))}
    text = ["# Goals: measured ratios\n",
            ("**QUICK MODE: a few samples on a possibly busy machine; these numbers only show that the bench "
             "runs.**\n" if quick else ""),
            "Ratios are of medians, CPython = Debian's /usr/bin/python3 (see each table's header for versions). "
            "Tables used: %s.\n" % ", ".join("table %s: %s" % kv for kv in sorted(when.items())),
            md(["goal", "measured", "ratio", "target", "status", "source"], rows, right_from=99)]
    (Path(out_dir) / "goals.md").write_text("\n".join(t for t in text if t))
    return rows
