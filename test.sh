#!/usr/bin/env bash
# The whole test suite: installs what the end-to-end tests need (Debian packages), starts pcscd, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh
# The end-to-end PC/SC tests talk to a running pcscd (under CI=true a missing one fails them).
scripts/start-pcscd.sh
# The purse ledger tests use a local PostgreSQL (a missing one fails them unless CARDOS_SKIP_POSTGRES=1; docs/testing.md).
scripts/start-postgres.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test CardOS.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The packages as a NuGet user gets them: pack, then build and run a sample that references them from a folder feed.
if [ "$status" -eq 0 ]; then
  scripts/pack-sample.sh || status=$?
fi

# One plain closing line, whatever the runner printed.
count() { { grep -Eo "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
