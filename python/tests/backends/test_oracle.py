"""The same scripts through PyGObject (Debian's python3-gi, the oracle) and through the generated
bindings: the output must be identical."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ORACLE = Path(__file__).with_name("oracle")
DEBIAN_PYTHON = "/usr/bin/python3"
ROOT = Path(__file__).resolve().parents[3]


def pygobject_available():
    if not os.path.exists(DEBIAN_PYTHON):
        return False
    return subprocess.run([DEBIAN_PYTHON, "-c", "import gi"], capture_output=True).returncode == 0


def run(python, package, script, extra_path=()):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ORACLE), *map(str, extra_path)])
    proc = subprocess.run([python, str(ORACLE / script), package], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, "%s %s failed:\n%s" % (package, script, proc.stderr[-3000:])
    return proc.stdout


@pytest.mark.skipif(not pygobject_available(), reason="PyGObject (python3-gi) is not installed")
@pytest.mark.parametrize("script", sorted(p.name for p in ORACLE.glob("*.py") if p.name != "oracle_common.py"))
def test_same_output_as_pygobject(gi, script, testlibs):
    expected = run(DEBIAN_PYTHON, "gi", script)
    got = run(sys.executable, gi.package, script, [gi.path, ROOT / "python"])
    assert got.splitlines() == expected.splitlines()
