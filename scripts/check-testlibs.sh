#!/usr/bin/env bash
# Check the libraries built by scripts/build-testlibs.sh through PyGObject (the oracle):
# each typelib must load, resolve its shared library by bare name, and behave as its C source says.
# Usage: scripts/check-testlibs.sh OUTDIR    (env PYGI_PYTHON overrides /usr/bin/python3)
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out="$(cd "$1" && pwd)"
py="${PYGI_PYTHON:-/usr/bin/python3}"

for f in GIMarshallingTests-1.0.typelib Regress-1.0.typelib Bench-1.0.typelib; do
    [[ -f "$out/$f" ]] || { echo "error: $out/$f missing; run scripts/build-testlibs.sh $1" >&2; exit 1; }
done

# Only OUTDIR on the paths: the libraries must be found by their bare shared-library names.
GI_TYPELIB_PATH="$out${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}" \
LD_LIBRARY_PATH="$out${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
"$py" - "$out" <<'EOF'
import sys

import gi

gi.require_version("GIMarshallingTests", "1.0")
gi.require_version("Regress", "1.0")
gi.require_version("Bench", "1.0")
gi.require_version("GIRepository", "2.0")
from gi.repository import GLib, GIRepository, GIMarshallingTests, Regress, Bench  # noqa: E402

out = sys.argv[1]
checks = 0


def check(cond, what):
    global checks
    if not cond:
        raise SystemExit("check-testlibs: FAILED: " + what)
    checks += 1


def expect_gerror(fn, domain, code, what):
    try:
        fn()
    except GLib.Error as e:
        check(e.domain == domain and e.code == code, "%s: got %s/%d %r" % (what, e.domain, e.code, e.message))
    else:
        check(False, what + ": no GLib.Error raised")


# The typelibs must come from OUTDIR, not from some system directory.
repo = GIRepository.Repository.get_default()
for ns, lib in (("GIMarshallingTests", "libgimarshallingtests.so"), ("Regress", "libregress.so"),
                ("Bench", "libbench.so")):
    check(repo.get_typelib_path(ns).startswith(out + "/"), ns + " typelib from OUTDIR")
    check(repo.get_shared_library(ns) == lib, ns + " shared-library is the bare soname " + lib)

# GIMarshallingTests: the C side g_assert()s its inputs, so a wrong value aborts the process.
check(GIMarshallingTests.int8_return_max() == 127, "GIMarshallingTests.int8_return_max")
GIMarshallingTests.int8_in_max(127)
GIMarshallingTests.array_in([-1, 0, 1, 2])
check(GIMarshallingTests.utf8_none_return() == "const \u2665 utf8", "GIMarshallingTests.utf8_none_return")
expect_gerror(GIMarshallingTests.gerror, "gi-marshalling-tests-gerror-domain", 5, "GIMarshallingTests.gerror")
obj = GIMarshallingTests.Object(int=42)
check(obj.props.int == 42, "GIMarshallingTests.Object int property")

# Regress (built without cairo).
check(Regress.test_int(3) == 3, "Regress.test_int")
check(Regress.test_strv_in(["1", "2", "3"]) is True, "Regress.test_strv_in")
check(Regress.test_utf8_const_return() == "const \u2665 utf8", "Regress.test_utf8_const_return")
check(Regress.TestObj().instance_method() == -1, "Regress.TestObj.instance_method")
check(not hasattr(Regress, "test_cairo_context_full_return"), "Regress has no cairo functions")

# Bench.
check(Bench.void() is None, "Bench.void")
check(Bench.str("hello") == 0, "Bench.str")
check(Bench.double(1.5) == 1.5, "Bench.double")
check(Bench.overhead([1, 2], "ok") is True, "Bench.overhead success")
expect_gerror(lambda: Bench.overhead([1, 2], "fail"), "bench-error-quark", Bench.Error.FAILED, "Bench.overhead fail")
check(Bench.Error.FAILED == 0, "Bench.Error.FAILED")
check(GLib.quark_to_string(Bench.Error.quark()) == "bench-error-quark", "Bench.Error.quark")
check(Bench.int_list([1, 2, 3]) is None, "Bench.int_list")
try:
    Bench.overhead([2 ** 31], "ok")
except OverflowError:
    checks += 1
else:
    check(False, "Bench.overhead rejects out-of-range gint32")

print("check-testlibs: %d checks passed (PyGObject %s, %s)" % (checks, gi.__version__, out))
EOF
