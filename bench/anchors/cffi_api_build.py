"""cffi API mode, out-of-line: builds the extension module `_bench_cffi_api` against bench.h.

Usage (what scripts/build-anchors.sh does):
    python cffi_api_build.py --emit-c OUT.c   # write the C source; the script compiles it with gcc
or, with setuptools/distutils available:
    GIRGEN_TESTLIBS=OUTDIR python cffi_api_build.py --compile TMPDIR
Emitting C and compiling it ourselves avoids depending on distutils/setuptools (absent from
Debian's python3 without python3-setuptools, removed from CPython 3.12).
Python 3.9 compatible.
"""

import os
import shlex
import subprocess
import sys

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_LIB_DIR = os.path.join(os.path.dirname(HERE), "lib")

# In API mode the C compiler sees the real header, so sizes of the GLib typedefs are left to it.
CDEF = """
    typedef int... gint32;
    typedef int... gsize;
    typedef int... gboolean;
    typedef int... GQuark;
    typedef struct { GQuark domain; int code; char *message; ...; } GError;

    void bench_void (void);
    gsize bench_str (const char *s);
    double bench_double (double x);
    gboolean bench_overhead (const gint32 *list, gsize num, const char *utf8, GError **error);
    void bench_int_list (const int *list, gsize n);

    const char *g_quark_to_string (GQuark quark);
    void g_error_free (GError *error);
"""


def _pkg_config(*args):
    return shlex.split(subprocess.check_output(("pkg-config",) + args + ("glib-2.0",), text=True))


def make_ffibuilder():
    outdir = os.environ.get("GIRGEN_TESTLIBS", "")
    ffibuilder = FFI()
    ffibuilder.cdef(CDEF)
    ffibuilder.set_source(
        "_bench_cffi_api",
        '#include "bench.h"\n',
        include_dirs=[BENCH_LIB_DIR] + [f[2:] for f in _pkg_config("--cflags-only-I")],
        libraries=["bench"] + [f[2:] for f in _pkg_config("--libs-only-l")],
        library_dirs=[outdir] if outdir else [],
        extra_link_args=["-Wl,-rpath,$ORIGIN/.."],
    )
    return ffibuilder


ffibuilder = make_ffibuilder()

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--emit-c":
        ffibuilder.emit_c_code(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--compile":
        ffibuilder.compile(tmpdir=sys.argv[2], verbose=True)
    else:
        sys.exit(__doc__)
