#!/usr/bin/env bash
# The median SELECT round trip through pcscd + vpcd, in one run, for three card sides in "Virtual PCD 00 00":
#   ours   `cardos serve --card diagnostic`
#   floor  benchmarks/vpcd_floor.py, a card side that answers 9000 at once and does nothing else
#   vicc   the vsmartcard Python card (package vsmartcard-vpicc), where installed (scripts/install-deps.sh --benchmark)
# The terminal is pyscard (/usr/bin/python3) for all three, sending the same SELECT by AID.
# usage: benchmarks/pcsc-roundtrip.sh [count]    (default 2000 APDUs per card side; vicc gets at most 40)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}
reader="Virtual PCD 00 00"
python=/usr/bin/python3

started_pcscd=""
if ! pgrep -x pcscd >/dev/null; then
  pcscd --foreground >/dev/null 2>&1 &
  started_pcscd=$!
fi
cleanup() {
  [ -n "${child:-}" ] && kill "$child" 2>/dev/null && wait "$child" 2>/dev/null || true
  [ -n "$started_pcscd" ] && kill "$started_pcscd" 2>/dev/null || true
  [ -n "${shim:-}" ] && rm -rf "$shim"
}
trap cleanup EXIT

dotnet build CardOS.Cli -c Release -v quiet -nologo >/dev/null
cli=CardOS.Cli/bin/Release/net10.0/CardOS.Cli.dll

# Waits until the reader is empty, so that the next measurement sees its own card.
wait_empty() {
  "$python" - "$reader" <<'PY'
import sys, time
from smartcard.scard import *
_, ctx = SCardEstablishContext(SCARD_SCOPE_SYSTEM)
state, deadline = SCARD_STATE_UNAWARE, time.monotonic() + 10
while time.monotonic() < deadline:
    rv, states = SCardGetStatusChange(ctx, 1000, [(sys.argv[1], state)])
    if rv == SCARD_S_SUCCESS:
        state = states[0][1] & ~SCARD_STATE_CHANGED
        if state & SCARD_STATE_EMPTY:
            sys.exit(0)
sys.exit("a card stays in %r: another card side holds the slot; stop it first" % sys.argv[1])
PY
}

measure() { # name count command...
  local name=$1 n=$2; shift 2
  wait_empty
  "$@" >/dev/null 2>&1 &
  child=$!
  local result
  result=$("$python" benchmarks/pcsc_roundtrip.py --reader "$reader" --count "$n" --warmup $(( n < 200 ? 5 : 200 )) | tail -1)
  kill "$child" 2>/dev/null; wait "$child" 2>/dev/null || true
  child=""
  printf '%-6s %10s us  (median of %s; first response %s)\n' "$name" "$(echo "$result" | cut -d' ' -f2)" "$n" "$(echo "$result" | cut -d' ' -f4)"
}

echo "PC/SC round trip, SELECT by AID through pcscd + vpcd, pyscard terminal"
measure ours "$count" dotnet "$cli" serve --card diagnostic
measure floor "$count" python3 benchmarks/vpcd_floor.py
vicc_dir=/usr/lib/python3/site-packages/virtualsmartcard
if command -v vicc >/dev/null && [ -d "$vicc_dir" ]; then
  # vicc still imports Python 2's `sha` module: a one-line shim stands in for it.
  shim=$(mktemp -d)
  printf 'import hashlib\n\ndef new(data=b""):\n    return hashlib.sha1(data)\n' > "$shim/sha.py"
  n=$(( count < 40 ? count : 40 ))
  measure vicc "$n" env PYTHONPATH="$shim:$vicc_dir" "$python" /usr/bin/vicc --hostname 127.0.0.1 --port 35963
else
  echo "vicc   not installed (scripts/install-deps.sh --benchmark installs vsmartcard-vpicc)"
fi
