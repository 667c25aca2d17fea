#!/usr/bin/env bash
# Build the C test libraries used by the test suite and the benchmarks, with their GIR and typelib:
#   GIMarshallingTests-1.0 and Regress-1.0 (from gobject-introspection's installed test sources)
#   Bench-1.0 (from bench/lib/)
# Usage: scripts/build-testlibs.sh OUTDIR
# Idempotent: a step is skipped when its outputs are newer than its inputs (sources and this script).
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
self="$here/$(basename "${BASH_SOURCE[0]}")"
gi_tests="${GI_TESTS_DIR:-/usr/share/gobject-introspection-1.0/tests}"
bench_src="$root/bench/lib"

mkdir -p "$1"
out="$(cd "$1" && pwd)"

for tool in gcc pkg-config g-ir-scanner g-ir-compiler; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (run scripts/apt-install.sh)" >&2; exit 1; }
done
[[ -f "$gi_tests/regress.c" ]] || { echo "error: $gi_tests/regress.c missing (package gobject-introspection)" >&2; exit 1; }

CC="${CC:-gcc}"
read -r -a glib_cflags <<<"$(pkg-config --cflags gio-2.0)"
read -r -a glib_libs <<<"$(pkg-config --libs gio-2.0)"

# The scanner compiles and runs a dump program in its working directory; keep that out of the caller's cwd.
work="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

built=()
skipped=()

# up_to_date OUTPUT INPUT...: true when OUTPUT exists and is newer than every INPUT.
up_to_date() {
    local target="$1"; shift
    [[ -e "$target" ]] || return 1
    local dep
    for dep in "$@"; do
        [[ "$target" -nt "$dep" ]] || return 1
    done
}

# build_lib NAME SRCDIR EXTRA_CFLAGS -- SOURCES... : compile OUTDIR/libNAME.so with SONAME libNAME.so,
# so the GIR's shared-library="libNAME.so" resolves through LD_LIBRARY_PATH.
build_lib() {
    local name="$1" srcdir="$2" extra="$3"; shift 4
    local so="$out/lib$name.so" srcs=() deps=("$self") s
    for s in "$@"; do
        srcs+=("$srcdir/$s.c")
        deps+=("$srcdir/$s.c" "$srcdir/$s.h")
    done
    [[ -f "$srcdir/gitestmacros.h" ]] && deps+=("$srcdir/gitestmacros.h")
    if up_to_date "$so" "${deps[@]}"; then
        skipped+=("lib$name.so"); return
    fi
    local flags=()
    [[ -n "$extra" ]] && read -r -a flags <<<"$extra"
    # Write to a temp name and rename, so an interrupted build never leaves a fresh-looking output.
    "$CC" -O2 -fPIC -shared -g -I"$srcdir" "${flags[@]}" "${glib_cflags[@]}" \
        -Wl,-soname,"lib$name.so" -o "$so.tmp" "${srcs[@]}" "${glib_libs[@]}"
    mv -f "$so.tmp" "$so"
    built+=("lib$name.so")
}

# build_gir NAMESPACE LIBNAME SRCDIR SYMBOL_PREFIX "SCANNER_ARGS" -- SOURCES...
build_gir() {
    local ns="$1" lib="$2" srcdir="$3" sym="$4" extra="$5"; shift 6
    local gir="$out/$ns-1.0.gir" typelib="$out/$ns-1.0.typelib" files=() s
    for s in "$@"; do files+=("$srcdir/$s.h" "$srcdir/$s.c"); done
    if up_to_date "$gir" "$out/lib$lib.so" "${files[@]}" "$self"; then
        skipped+=("$ns-1.0.gir")
    else
        local args=()
        [[ -n "$extra" ]] && read -r -a args <<<"$extra"
        # --no-libtool: we link plain .so files. --library-path also puts OUTDIR on LD_LIBRARY_PATH
        # for the dump program. --quiet keeps the "g-ir-scanner: link:" chatter out of the log.
        (cd "$work" && g-ir-scanner --quiet --warn-all --no-libtool \
            --namespace="$ns" --nsversion=1.0 \
            --identifier-prefix="$ns" --symbol-prefix="$sym" \
            --include=GObject-2.0 --include=GLib-2.0 "${args[@]}" \
            --library="$lib" -L"$out" --library-path="$out" \
            --c-include="$(basename "${files[0]}")" \
            -I"$srcdir" \
            --output="$gir.tmp" "${files[@]}")
        mv -f "$gir.tmp" "$gir"
        built+=("$ns-1.0.gir")
    fi
    if up_to_date "$typelib" "$gir"; then
        skipped+=("$ns-1.0.typelib")
    else
        g-ir-compiler --includedir "$out" --output "$typelib.tmp" "$gir"
        mv -f "$typelib.tmp" "$typelib"
        built+=("$ns-1.0.typelib")
    fi
}

# GIMarshallingTests: GLib/GObject only (no Gio types in its API).
build_lib gimarshallingtests "$gi_tests" "" -- gimarshallingtests
build_gir GIMarshallingTests gimarshallingtests "$gi_tests" gi_marshalling_tests "--pkg=gobject-2.0" -- gimarshallingtests

# Regress: built without cairo exactly like gobject-introspection/PyGObject do when cairo is off:
# -D_GI_DISABLE_CAIRO for both the compiler and the scanner, and no cairo-1.0 include. It uses Gio
# (GAsyncReadyCallback), hence Gio-2.0. It does not use the Utility namespace.
build_lib regress "$gi_tests" "-D_GI_DISABLE_CAIRO" -- regress
build_gir Regress regress "$gi_tests" regress \
    "-D_GI_DISABLE_CAIRO --include=Gio-2.0 --pkg=gio-2.0 --pkg=gobject-2.0" -- regress

# Bench: our own library; its annotations must be warning-free, so the scanner runs with --warn-error.
build_lib bench "$bench_src" "-Wall -Wextra -Werror" -- bench
build_gir Bench bench "$bench_src" bench "--warn-error --pkg=gobject-2.0" -- bench

echo "build-testlibs: OUTDIR=$out"
if [[ ${#built[@]} -gt 0 ]]; then echo "  built:      ${built[*]}"; fi
if [[ ${#skipped[@]} -gt 0 ]]; then echo "  up to date: ${skipped[*]}"; fi
