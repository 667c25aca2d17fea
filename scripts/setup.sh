#!/usr/bin/env bash
# Everything girgen needs on a Debian 12 machine, idempotent and quick when already done:
# Debian packages, a Rust toolchain, the girgen build, Python virtualenvs (CPython and PyPy)
# with the runtime and test tools, and the test libraries (GIMarshallingTests, Regress, Bench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/apt-install.sh

# Rust: the machine's toolchain when there is one, else rustup's stable (Debian 12's rustc is too old).
if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "setup: installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
fi

echo "setup: building girgen (release)"
cargo build --release -p girgen --quiet

# CPython venv: the project's python3 (3.9 or newer).
py="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    "$py" -m venv .venv
fi
stamp=.venv/.girgen-setup
if [[ ! -f $stamp || python/pyproject.toml -nt $stamp || scripts/setup.sh -nt $stamp ]]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e python/ pytest pytest-timeout cffi hypothesis maturin setuptools wheel matplotlib
    touch $stamp
fi

# PyPy venv: the ctypes and cffi backends also run on PyPy.
if command -v pypy3 >/dev/null 2>&1; then
    if [[ ! -x .venv-pypy/bin/python ]]; then
        pypy3 -m venv .venv-pypy
    fi
    pstamp=.venv-pypy/.girgen-setup
    if [[ ! -f $pstamp || python/pyproject.toml -nt $pstamp || scripts/setup.sh -nt $pstamp ]]; then
        .venv-pypy/bin/python -m pip install --quiet -e python/ pytest pytest-timeout hypothesis setuptools
        touch $pstamp
    fi
fi

bash scripts/build-testlibs.sh build/testlibs >/dev/null
echo "setup: done (girgen: target/release/girgen, venvs: .venv .venv-pypy, test libraries: build/testlibs)"
