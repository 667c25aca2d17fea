"""Opt-in (GIRGEN_VALGRIND=1): the leakcheck.py scenarios, a few hundred iterations each, under
valgrind memcheck with PYTHONMALLOC=malloc. No block may be definitely lost with a frame of
the bindings' side in its allocation stack (GLib, GObject, the test libraries, libffi, the
ctypes/cffi/pyo3 machinery), and no invalid read, write or free may involve one.

    GIRGEN_VALGRIND=1 GIRGEN_BACKENDS=ctypes PYTHONPATH=python .venv/bin/python -m pytest \\
        -q python/tests/robustness/test_valgrind.py -p no:cacheprovider

About 5 minutes per backend; the valgrind log is kept in build/valgrind-BACKEND.log.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest

from leakcheck import SCENARIOS

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(os.path.dirname(HERE))
ROOT = os.path.dirname(PYTHON_DIR)
ITERATIONS = int(os.environ.get("GIRGEN_VALGRIND_ITERATIONS", "200"))
# Scenarios left out while their finding is open (test_leaks.py and test_findings.py cover it).
OPEN = {"wrong_arguments_owned_elements": "R7", "variants": "P4 (pyo3)",
        "wrong_arguments_owned_hash": "P5 (pyo3)"}

pytestmark = pytest.mark.skipif(os.environ.get("GIRGEN_VALGRIND") != "1" or not shutil.which("valgrind"),
                                reason="opt-in: GIRGEN_VALGRIND=1 (needs valgrind)")

# A frame from these means the bindings' side allocated or touched the memory.
BINDING_FRAMES = re.compile(r"libglib-2\.0|libgobject-2\.0|libgirepository|libgimarshallingtests|"
                            r"libregress|libffi|_ctypes|callproc\.c|_cffi_backend|gi_pyo3|girgen")
RECORD = re.compile(r"^==\d+== (\S.*?)\n((?:==\d+==    .*\n)+)", re.M)


def records(log):
    """(headline, stack text) of every error and leak record of a valgrind log."""
    return [(m.group(1), m.group(2)) for m in RECORD.finditer(log)]


def test_no_definite_leak_or_invalid_access_from_the_bindings(gi, testlibs):
    log_path = os.path.join(ROOT, "build", "valgrind-%s.log" % gi.backend)
    env = dict(os.environ)
    env["PYTHONMALLOC"] = "malloc"
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR, str(gi.path)])
    cmd = ["valgrind", "--leak-check=full", "--show-leak-kinds=definite", "--num-callers=40",
           "--suppressions=%s" % os.path.join(HERE, "valgrind-python.supp"),
           "--log-file=%s" % log_path,
           sys.executable, os.path.join(HERE, "leakcheck.py"), gi.package, str(gi.path), str(testlibs),
           str(ITERATIONS), str(ITERATIONS // 10)] + [n for n in SCENARIOS if n not in OPEN]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(log_path) as f:
        log = f.read()
    bad = []
    for head, stack in records(log):
        if "definitely lost" in head or head.startswith(("Invalid", "Mismatched", "Source and destination")):
            if BINDING_FRAMES.search(stack):
                bad.append(head + "\n" + stack)
    assert not bad, "%d records from the bindings (log: %s):\n\n%s" % (len(bad), log_path, "\n".join(bad[:5]))
