#!/usr/bin/env bash
# The main job: generate bindings for GIRepository-2.0 (with GObject and GLib) in every backend,
# install each into the project venv, and run the same script on each (and on PyGObject).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=build/demo
mkdir -p "$out"
script="$root/scripts/demo_script.py"

for backend in ctypes cffi pyo3; do
    pkg="girepository_$backend"
    echo "== $backend: girgen --backend $backend GIRepository-2.0.gir -o $out/$backend --package $pkg"
    if ! target/release/girgen --backend "$backend" GIRepository-2.0.gir -o "$out/$backend" --package "$pkg"; then
        echo "   ($backend: not generated, see the message above)"
        continue
    fi
    if [[ -f "$out/$backend/build.sh" ]]; then
        # pyo3: the crate builds in place (build.sh); the package is used from the output dir.
        (cd "$out/$backend" && PYTHON="$root/.venv/bin/python" bash build.sh)
        PYTHONPATH="$out/$backend" .venv/bin/python "$script" "$pkg"
    else
        .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation "$out/$backend"
        .venv/bin/python "$script" "$pkg"
    fi
done

if /usr/bin/python3 -c 'import gi' 2>/dev/null; then
    echo "== PyGObject (Debian's /usr/bin/python3), the same script"
    /usr/bin/python3 "$script" gi
fi
