#!/usr/bin/env bash
# Every test: the Rust crates (loader, IR, generator, CLI), then the Python suite on CPython
# (every backend) and on PyPy (ctypes and cffi), against the real libraries.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
if ! command -v cargo >/dev/null 2>&1; then export PATH="$HOME/.cargo/bin:$PATH"; fi

export GIRGEN_BIN="$root/target/release/girgen"
export GIRGEN_TESTLIBS="$root/build/testlibs"
export LD_LIBRARY_PATH="$GIRGEN_TESTLIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GI_TYPELIB_PATH="$GIRGEN_TESTLIBS${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"

echo "== cargo test"
cargo test --quiet -p gir -p girgen

echo "== pytest (CPython $(.venv/bin/python -c 'import platform; print(platform.python_version())'))"
.venv/bin/python -m pytest -q -p no:cacheprovider python/tests

if [[ -x .venv-pypy/bin/python ]]; then
    echo "== pytest (PyPy: ctypes and cffi backends)"
    GIRGEN_BACKENDS="${GIRGEN_PYPY_BACKENDS:-ctypes,cffi}" GIRGEN_TEST_BUILD="$root/build/test-bindings-pypy" \
        .venv-pypy/bin/python -m pytest -q -p no:cacheprovider python/tests/runtime python/tests/backends
fi
