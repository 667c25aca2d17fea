#!/usr/bin/env bash
# Smoke-test the anchor bindings built by scripts/build-anchors.sh OUTDIR with the same $PYTHON.
# Usage: [PYTHON=/usr/bin/python3] scripts/check-anchors.sh OUTDIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: [PYTHON=python3] $0 OUTDIR" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(cd "$1" && pwd)"
[[ -d "$out/anchors" ]] || { echo "error: $out/anchors missing; run scripts/build-anchors.sh $1" >&2; exit 1; }

GIRGEN_TESTLIBS="$out" \
PYTHONPATH="$root/bench/anchors:$out/anchors${PYTHONPATH:+:$PYTHONPATH}" \
"${PYTHON:-python3}" "$root/bench/anchors/smoke.py"
