"""Import time of the cffi FFI modules (`PKG._<Ns>_ffi`: the cdef and the libraries, nothing else).

    python bench_import.py PYTHON PARENT_DIR PACKAGE NAMESPACE [RUNS]

Runs RUNS (default 20) fresh interpreters that import PACKAGE._NAMESPACE_ffi (which imports the
FFIs of the included namespaces) and prints the median of the in-process import time in ms,
first without bytecode caches (sources compiled at every import; PYTHONDONTWRITEBYTECODE=1),
then with them (after compileall for that interpreter). Python 3.9 compatible.
"""

import os
import shutil
import statistics
import subprocess
import sys

CODE = """
import time
t = time.perf_counter()
import {pkg}._{ns}_ffi
print((time.perf_counter() - t) * 1000)
"""


def clean(parent):
    for root, dirs, _files in os.walk(parent):
        for d in dirs:
            if d == "__pycache__":
                shutil.rmtree(os.path.join(root, d))


def median_ms(python, parent, pkg, ns, runs):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=parent)
    times = []
    for _ in range(runs):
        out = subprocess.run([python, "-c", CODE.format(pkg=pkg, ns=ns)], env=env, check=True,
                             stdout=subprocess.PIPE, universal_newlines=True, cwd=parent).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return statistics.median(times)


def main(argv):
    python, parent, pkg, ns = argv[:4]
    runs = int(argv[4]) if len(argv) > 4 else 20
    clean(parent)
    cold = median_ms(python, parent, pkg, ns, runs)
    subprocess.run([python, "-m", "compileall", "-q", os.path.join(parent, pkg)], check=True,
                   env=dict(os.environ, PYTHONDONTWRITEBYTECODE=""))
    warm = median_ms(python, parent, pkg, ns, runs)
    clean(parent)
    print("%s\t%s\tno-bytecode %.1f ms\tbytecode %.1f ms" % (os.path.basename(python), parent, cold, warm))


if __name__ == "__main__":
    main(sys.argv[1:])
