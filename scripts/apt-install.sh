#!/usr/bin/env bash
# Install the Debian packages listed in scripts/apt-packages.txt that are not installed yet.
# Runs `apt-get update` only when something is missing, so a fully provisioned machine needs no network.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="${1:-$here/apt-packages.txt}"

missing=()
while IFS= read -r line || [[ -n "$line" ]]; do
    pkg="${line%%#*}"                      # allow trailing comments
    pkg="$(echo "$pkg" | tr -d '[:space:]')"
    [[ -z "$pkg" ]] && continue
    # `dpkg-query -W` alone succeeds for known-but-removed packages ("unknown ok not-installed"),
    # so look at the status field itself.
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "installed" ]]; then
        missing+=("$pkg")
    fi
done < "$list"

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "apt-install: all packages from $(basename "$list") are installed"
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "apt-install: not root and sudo is unavailable; missing: ${missing[*]}" >&2
    exit 1
fi

echo "apt-install: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
