#!/usr/bin/env bash
# The whole test suite: installs what the end-to-end tests need (Debian packages), starts pcscd, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh
# The end-to-end PC/SC tests talk to a running pcscd (under CI=true a missing one fails them).
scripts/start-pcscd.sh

dotnet test CardOS.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee /tmp/cardos-test.log
status=${PIPESTATUS[0]}

# One plain closing line, whatever the runner printed (a count the runner left out, such as no failures, is 0).
passed=$({ grep -Eo 'Passed: +[0-9]+' /tmp/cardos-test.log || true; } | awk '{s+=$2} END {print s+0}')
failed=$({ grep -Eo 'Failed: +[0-9]+' /tmp/cardos-test.log || true; } | awk '{s+=$2} END {print s+0}')
skipped=$({ grep -Eo 'Skipped: +[0-9]+' /tmp/cardos-test.log || true; } | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
