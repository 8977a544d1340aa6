#!/usr/bin/env bash
# The whole test suite: installs what the end-to-end tests need (Debian packages), then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test CardOS.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line, whatever the runner printed.
count() { { grep -Eo "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
