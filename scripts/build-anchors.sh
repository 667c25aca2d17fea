#!/usr/bin/env bash
# Build the compiled hand-written anchor bindings of libbench into OUTDIR/anchors:
#   benchcapi<EXT_SUFFIX>        CPython C-API extension (bench/anchors/capi/benchcapi.c)
#   _bench_cffi_api<EXT_SUFFIX>  cffi API-mode module (bench/anchors/cffi_api_build.py)
# for the interpreter in $PYTHON (default python3). Builds OUTDIR's test libraries first (idempotent).
# Build for each interpreter into its own OUTDIR: two CPython 3.11 builds share an EXT_SUFFIX.
# Usage: [PYTHON=/usr/bin/python3] scripts/build-anchors.sh OUTDIR
# The modules find libbench.so through an rpath of $ORIGIN/.. ; the pure-Python anchors
# (ctypes_bench, cffi_abi_bench, cffi_api_bench) stay in bench/anchors/ and need
# bench/anchors and OUTDIR/anchors on sys.path.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: [PYTHON=python3] $0 OUTDIR" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
self="$here/$(basename "${BASH_SOURCE[0]}")"
src="$root/bench/anchors"
py="${PYTHON:-python3}"
CC="${CC:-gcc}"

"$here/build-testlibs.sh" "$1"
out="$(cd "$1" && pwd)"
anchors="$out/anchors"
mkdir -p "$anchors"

command -v "$py" >/dev/null || { echo "error: PYTHON=$py not found" >&2; exit 1; }
{ read -r py_include; read -r ext_suffix; read -r py_id; } < <("$py" - <<'EOF'
import sys, sysconfig
try:
    import cffi
    cffi_version = cffi.__version__
except ImportError:
    cffi_version = "none"
print(sysconfig.get_paths()["include"])
print(sysconfig.get_config_var("EXT_SUFFIX"))
print("%s %s cffi=%s" % (sys.executable, sys.version.split()[0], cffi_version))
EOF
)
if [[ ! -f "$py_include/Python.h" ]]; then
    echo "error: $py_include/Python.h missing: install the headers for $py" \
         "(Debian: python3-dev for /usr/bin/python3, pypy3-dev for pypy3)" >&2
    exit 1
fi
if [[ "$py_id" == *"cffi=none" ]]; then
    echo "error: cffi is not importable by $py (Debian: python3-cffi; venv: pip install cffi)" >&2
    exit 1
fi

# Which interpreter (and cffi) the modules were built for; rewritten only when it changes, so its
# mtime works as an input that forces a rebuild after switching interpreters.
stamp="$anchors/.built-for"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$py_id" ]]; then
    echo "$py_id" > "$stamp"
fi

read -r -a glib_cflags <<<"$(pkg-config --cflags glib-2.0)"
read -r -a glib_libs <<<"$(pkg-config --libs glib-2.0)"
# $ORIGIN/.. is OUTDIR: the modules load libbench.so without LD_LIBRARY_PATH.
link=(-L"$out" -lbench "${glib_libs[@]}" -Wl,-rpath,'$ORIGIN/..')

built=()
skipped=()

up_to_date() {
    local target="$1"; shift
    [[ -e "$target" ]] || return 1
    local dep
    for dep in "$@"; do
        [[ "$target" -nt "$dep" ]] || return 1
    done
}

# C-API extension.
capi="$anchors/benchcapi$ext_suffix"
if up_to_date "$capi" "$src/capi/benchcapi.c" "$root/bench/lib/bench.h" "$out/libbench.so" "$stamp" "$self"; then
    skipped+=("$(basename "$capi")")
else
    "$CC" -O2 -fPIC -shared -fno-strict-aliasing -Wall -Wextra \
        -I"$py_include" -I"$root/bench/lib" "${glib_cflags[@]}" \
        -o "$capi.tmp" "$src/capi/benchcapi.c" "${link[@]}"
    mv -f "$capi.tmp" "$capi"
    built+=("$(basename "$capi")")
fi

# cffi API mode: cffi emits the C source, we compile it (no distutils/setuptools needed).
cffi_c="$anchors/_bench_cffi_api.c"
cffi_so="$anchors/_bench_cffi_api$ext_suffix"
if up_to_date "$cffi_so" "$src/cffi_api_build.py" "$root/bench/lib/bench.h" "$out/libbench.so" "$stamp" "$self"; then
    skipped+=("$(basename "$cffi_so")")
else
    "$py" "$src/cffi_api_build.py" --emit-c "$cffi_c"
    "$CC" -O2 -fPIC -shared -fno-strict-aliasing \
        -I"$py_include" -I"$root/bench/lib" "${glib_cflags[@]}" \
        -o "$cffi_so.tmp" "$cffi_c" "${link[@]}"
    mv -f "$cffi_so.tmp" "$cffi_so"
    built+=("$(basename "$cffi_so")")
fi

echo "build-anchors: $py_id -> $anchors"
if [[ ${#built[@]} -gt 0 ]]; then echo "  built:      ${built[*]}"; fi
if [[ ${#skipped[@]} -gt 0 ]]; then echo "  up to date: ${skipped[*]}"; fi
