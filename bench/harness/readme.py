"""The README's benchmark section: the goals table and the CPython part of tables 1, 2 and 4 of the
latest full run in bench/results/, with links to every table and plot. Rewritten between two
marker lines by `bench/run.py` after a full run (and by `bench/run.py --readme` alone), so the
README never shows numbers that no result file backs."""

import re
from pathlib import Path

from .tables import FILES, TABLES, TITLES

BEGIN = "<!-- bench:begin (written by bench/run.py from bench/results/; do not edit) -->"
END = "<!-- bench:end -->"


def _section(md_text, heading_prefix):
    """The lines of the `### <heading_prefix>...` section of a table file, up to the next heading or
    the <details> block."""
    out, inside = [], False
    for line in md_text.splitlines():
        if line.startswith("### "):
            if inside:
                break
            inside = line[4:].startswith(heading_prefix)
            continue
        if inside:
            if line.startswith("<details>"):
                break
            out.append(line)
    return "\n".join(out).strip()


def _head(md_text):
    """The run's header lines (date, load, machine, interpreters, versions) of a table file."""
    return "\n".join(l for l in md_text.splitlines() if l.startswith(("- Date", "- Machine", "- Libraries")))


def section(results_dir, link_prefix="bench/results/"):
    results = Path(results_dir)
    parts = []
    goals = results / "goals.md"
    if goals.exists() and "QUICK MODE" not in goals.read_text():
        text = goals.read_text()
        table = "\n".join(l for l in text.splitlines() if l.startswith("|"))
        parts.append("#### Goals of the issues, measured\n\n" + table)
    for name, title in (("calls", "Call overhead, CPython (ns per call; ratio to the hand-written C-API extension)"),
                        ("overhead", "Validation overhead, CPython"),
                        ("import", "Import of GIRepository bindings, CPython (ms)")):
        f = results / (FILES[name] + ".md")
        if not f.exists():
            continue
        text = f.read_text()
        if "QUICK MODE" in text:
            continue
        body = _section(text, "CPython")
        if body:
            parts.append("#### %s\n\n%s\n\n![%s](%s%s.svg)" % (title, body, FILES[name], link_prefix, FILES[name]))
    if not parts:
        return None
    first = results / (FILES["calls"] + ".md")
    head = _head(first.read_text()) if first.exists() else ""
    links = ", ".join("[%s](%s%s.md)" % (TITLES[t], link_prefix, FILES[t]) for t in TABLES
                      if (results / (FILES[t] + ".md")).exists())
    return "\n\n".join(["Latest full run (`.venv/bin/python bench/run.py`):\n\n" + head] + parts
                       + ["All tables, with min/median/mean/stdev and PyPy: " + links + "."])


def update(readme_path, results_dir):
    """Rewrites the marked section of the README; returns False when there is nothing to write or
    no markers (the README is left as it is)."""
    readme = Path(readme_path)
    text = readme.read_text()
    if BEGIN not in text or END not in text:
        return False
    body = section(results_dir)
    if body is None:
        return False
    new = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _m: BEGIN + "\n" + body + "\n" + END, text,
                 count=1, flags=re.S)
    if new != text:
        tmp = readme.with_suffix(".md.tmp")
        tmp.write_text(new)
        tmp.replace(readme)
    return True
