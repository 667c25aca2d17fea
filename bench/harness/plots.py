"""Grouped horizontal bar charts of the tables' medians, as SVG and PNG (matplotlib)."""

from pathlib import Path


def available():
    try:
        import matplotlib  # noqa: F401
        return None
    except ImportError as e:
        return "matplotlib is not importable by %s (%s): pip install matplotlib" % (__import__("sys").executable, e)


def _num(x):
    return "%.0f" % x if x >= 100 else "%.1f" % x if x >= 10 else "%.2f" % x


def _panel(ax, title, xlabel, series):
    names = list(series)
    rows = []
    for pts in series.values():
        for label, _, _ in pts:
            if label not in rows:
                rows.append(label)
    n = len(names)
    height = 0.8 / max(n, 1)
    finite = [v for pts in series.values() for _, v, _ in pts if v is not None and v > 0]
    vmax = max(finite) if finite else 1.0
    vmin = min(finite) if finite else 1.0
    # Log scale when the values span more than a decade (C-API vs ctypes vs PyPy --jit off).
    log = vmax / vmin > 10
    if log:
        ax.set_xscale("log")
        vmin = vmin / 2
    ax.set_xlim(left=vmin if log else 0, right=vmax * (4 if log else 1.25))
    for i, name in enumerate(names):
        vals = {label: (v, e) for label, v, e in series[name]}
        ys, xs, errs, missing = [], [], [], []
        for r, label in enumerate(rows):
            y = r + (i - (n - 1) / 2.0) * height
            v, e = vals.get(label, (None, None))
            if v is None:
                if label in vals:
                    missing.append(y)
                continue
            ys.append(y)
            xs.append(v)
            errs.append(e or 0.0)
        # Medians only: a stdev whisker of a noisy run would swamp the scale (the tables have it).
        ax.barh(ys, xs, height=height * 0.95, label=name)
        if len(names) == 1:  # value labels only where they stay readable (and cheap to lay out)
            for y, x in zip(ys, xs):
                ax.text(x, y, " " + _num(x), va="center", fontsize=6)
        for y in missing:
            ax.text(vmin, y, " n/a", va="center", fontsize=6, color="gray")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows, fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(xlabel + (" (log scale)" if log else ""), fontsize=8)
    ax.set_title(title, fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    if n > 1:
        ax.legend(fontsize=7, loc="best")
    return len(rows) * max(1.0, n * 0.6)


def figure(path_stem, panels):
    """panels: [(title, xlabel, {series name: [(row label, value or None, stdev or None)]})], drawn
    as stacked horizontal bar charts (a missing value is an 'n/a' note). Returns the files written."""
    import matplotlib
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text: smaller, and a third faster to write
    import matplotlib.pyplot as plt

    panels = [p for p in panels if any(p[2].values())]
    if not panels:
        return []
    sizes = []
    for _, _, series in panels:
        rows = {label for pts in series.values() for label, _, _ in pts}
        sizes.append(max(2.0, 0.3 * len(rows) * max(1.0, len(series) * 0.6) + 1.0))
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, sum(sizes)), squeeze=False,
                             gridspec_kw={"height_ratios": sizes})
    for ax, (title, xlabel, series) in zip(axes[:, 0], panels):
        _panel(ax, title, xlabel, series)
    # Fixed margins instead of tight_layout(), which lays every text out again (seconds per figure).
    total = sum(sizes)
    fig.subplots_adjust(left=0.33, right=0.97, top=1 - 0.45 / total, bottom=0.55 / total,
                        hspace=0.9 * len(panels) / total)
    out = []
    for ext in ("svg", "png"):
        p = Path(str(path_stem) + "." + ext)
        fig.savefig(p, dpi=100)
        out.append(p)
    plt.close(fig)
    return out
