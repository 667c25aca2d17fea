#!/usr/bin/env bash
# Every test: the Rust crates (loader, IR, generator, CLI), then the Python suite on CPython
# (every backend) and on PyPy (ctypes and cffi), against the real libraries. Every stage runs even
# when an earlier one failed; the exit status says whether all passed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh || { echo "test: setup failed" >&2; exit 1; }
if ! command -v cargo >/dev/null 2>&1; then export PATH="$HOME/.cargo/bin:$PATH"; fi

export GIRGEN_BIN="$root/target/release/girgen"
export GIRGEN_TESTLIBS="$root/build/testlibs"
# Tests check correctness, not speed: the pyo3 crates build in the dev profile (about 10x faster).
export GIRGEN_PYO3_PROFILE="${GIRGEN_PYO3_PROFILE:-dev}"
export LD_LIBRARY_PATH="$GIRGEN_TESTLIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GI_TYPELIB_PATH="$GIRGEN_TESTLIBS${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"

failed=()
stage() {
    local name="$1"; shift
    echo "== $name"
    local start=$SECONDS
    if "$@"; then
        echo "== $name: ok ($((SECONDS - start)) s)"
    else
        echo "== $name: FAILED ($((SECONDS - start)) s)"
        failed+=("$name")
    fi
}

# Release profile: the tests reuse what setup.sh built for the girgen binary.
stage "cargo test" cargo test --release --quiet -p gir -p girgen
# One pytest process per backend, so that a crash in one cannot hide the results of another.
py=.venv/bin/python
stage "pytest: runtime (CPython)" $py -m pytest -q -p no:cacheprovider python/tests/runtime
# python/tests/robustness: the findings' reproducers, a CI-sized fuzzing run (~5,000 random and
# ~250 Hypothesis calls), 100,000-iteration leak checks and the thread tests, per backend. The
# valgrind run inside it stays opt-in (GIRGEN_VALGRIND=1; docs/robustness.md).
robustness=python/tests/robustness
for backend in ctypes cffi pyo3; do
    stage "pytest: $backend backend (CPython)" env GIRGEN_BACKENDS=$backend \
        $py -m pytest -q -p no:cacheprovider python/tests/backends $robustness
done
stage "pytest: cffi build modes" $py -m pytest -q -p no:cacheprovider python/tests/cffi
stage "pytest: bench quick mode" $py -m pytest -q -p no:cacheprovider python/tests/bench
if [[ -x .venv-pypy/bin/python ]]; then
    for backend in ctypes cffi; do
        stage "pytest: $backend backend (PyPy)" env GIRGEN_BACKENDS=$backend \
            GIRGEN_TEST_BUILD="$root/build/test-bindings-pypy" \
            .venv-pypy/bin/python -m pytest -q -p no:cacheprovider python/tests/backends
    done
    stage "pytest: runtime (PyPy)" .venv-pypy/bin/python -m pytest -q -p no:cacheprovider python/tests/runtime
fi

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "test: failed stages: ${failed[*]}"
    exit 1
fi
echo "test: all stages passed"
