#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests use: pcscd with the vsmartcard vpcd driver, and PC/SC
# clients nobody here wrote (pcsc-tools, opensc, pyscard). Does nothing when they are already there.
# --benchmark also installs the vsmartcard Python card (vicc) that benchmarks/pcsc-roundtrip.sh compares against.
set -euo pipefail

packages=(pcscd vsmartcard-vpcd pcsc-tools opensc python3-pyscard libpcsclite1)
if [ "${1:-}" = "--benchmark" ]; then
  packages+=(vsmartcard-vpicc python3-pycryptodome)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps: missing ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}"
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq "${missing[@]}" >/dev/null
