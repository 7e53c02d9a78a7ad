#!/usr/bin/env bash
# Installs the Debian packages the library links against (OpenBLAS, LAPACK, NLopt, CHOLMOD) when any
# is missing. Needs root (or sudo) on a Debian or Ubuntu machine.
set -euo pipefail
packages=(libopenblas-dev liblapack-dev libnlopt-dev libsuitesparse-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y "${missing[@]}"
fi
