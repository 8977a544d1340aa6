#!/usr/bin/env bash
# The whole test suite: installs what the end-to-end tests need (Debian packages), starts pcscd, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

cat <<'NOTE'
test.sh: the end-to-end tests use this machine's PC/SC stack: they start pcscd (and restart it, replacing the running
one, to test reconnection) with the vsmartcard-vpcd readers on 127.0.0.1:35963-35964, and a throw-away PostgreSQL on
127.0.0.1:55432. Missing Debian packages are installed first.
NOTE

scripts/install-deps.sh
# The end-to-end PC/SC tests talk to a running pcscd (under CI=true a missing one fails them).
scripts/start-pcscd.sh
# The purse ledger tests use a local PostgreSQL (a missing one fails them unless CARDOS_SKIP_POSTGRES=1; docs/testing.md).
scripts/start-postgres.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "test.sh: building the solution (Release)"
set +e
dotnet build CardOS.sln -c Release -v quiet -nologo 2>&1 | tee -a "$log" | grep -E "error|warn" 
status=${PIPESTATUS[0]}
set -e

# Each test project in turn: a progress line every 100 passed tests, every failure in full, the project's summary.
if [ "$status" -eq 0 ]; then
  for project in $(dotnet sln CardOS.sln list | grep -E '\.csproj$' | sort); do
    grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
    name=$(basename "$project" .csproj)
    echo "test.sh: testing $name"
    set +e
    dotnet test "$project" -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee -a "$log" | awk -v name="$name" '
      /^ +Passed / { passed++; if (passed % 100 == 0) printf "  %s: %d passed so far\n", name, passed; fflush(); next }
      /^ +Failed / { failing = 1 }
      /^ +(Passed|Skipped) / { failing = 0 }
      failing || /^ +Skipped / || /^Test Run|^Total tests|^ +(Passed|Failed|Skipped): / || /error/ { print; fflush() }'
    project_status=${PIPESTATUS[0]}
    set -e
    [ "$project_status" -ne 0 ] && status=$project_status
  done
fi

# The packages as a NuGet user gets them: pack, then build and run a sample that references them from a folder feed,
# and install the cardos tool from that feed and run it.
if [ "$status" -eq 0 ]; then
  echo "test.sh: packing the NuGet packages and running them from a local feed (scripts/pack-sample.sh)"
  scripts/pack-sample.sh || status=$?
else
  echo "test.sh: a build or a test failed, so packing (scripts/pack-sample.sh) was skipped"
fi

# One plain closing line, whatever the runner printed.
count() { { grep -Eo "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
