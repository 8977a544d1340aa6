#!/usr/bin/env bash
# The median SELECT round trip through pcscd + vpcd, in one run, for three card sides in "Virtual PCD 00 00":
#   ours   `cardos serve --card diagnostic`
#   floor  benchmarks/vpcd_floor.py, a card side that answers 9000 at once and does nothing else
#   vicc   the vsmartcard Python card (package vsmartcard-vpicc), where installed (scripts/install-deps.sh --benchmark)
# The terminal is pyscard (/usr/bin/python3) for all three, sending the same SELECT by AID. Ours and the floor are
# served at once (slots 0 and 1) and measured in turn, APDU by APDU, so that machine load falls on both alike.
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

dotnet build CardOS.Cli -c Release -v quiet -nologo >/dev/null
cli=CardOS.Cli/bin/Release/net10.0/CardOS.Cli.dll

# Waits until a reader is empty, so that a measurement sees its own card.
wait_empty() { # reader
  "$python" - "$1" <<'PY'
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

report() { # name line
  printf '%-6s %10s us  (median of %s; first response %s)\n' "$1" "$(echo "$2" | cut -d' ' -f2)" "$(echo "$2" | cut -d' ' -f3)" "$(echo "$2" | cut -d' ' -f4)"
}

stop_children() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; done
  children=()
}
children=()
trap 'stop_children; [ -n "$started_pcscd" ] && kill "$started_pcscd" 2>/dev/null; [ -n "${shim:-}" ] && rm -rf "$shim"' EXIT

echo "PC/SC round trip, SELECT by AID through pcscd + vpcd, pyscard terminal"
if "$python" -c "from smartcard.System import readers; import sys; sys.exit(0 if 'Virtual PCD 00 01' in map(str, readers()) else 1)"; then
  # Ours in slot 0 and the floor in slot 1 at the same time, the terminal taking them in turn: both see the same load.
  wait_empty "Virtual PCD 00 00"; wait_empty "Virtual PCD 00 01"
  dotnet "$cli" serve --card diagnostic --port 35963 >/dev/null 2>&1 & children+=($!)
  python3 benchmarks/vpcd_floor.py --port 35964 >/dev/null 2>&1 & children+=($!)
  results=$("$python" benchmarks/pcsc_roundtrip.py --reader "Virtual PCD 00 00" --reader "Virtual PCD 00 01" --count "$count")
  stop_children
  report ours "$(echo "$results" | grep 'Virtual PCD 00 00')"
  report floor "$(echo "$results" | grep 'Virtual PCD 00 01')"
else
  # One vpcd slot: one card side after the other.
  for side in ours floor; do
    wait_empty "$reader"
    if [ "$side" = ours ]; then dotnet "$cli" serve --card diagnostic >/dev/null 2>&1 & else python3 benchmarks/vpcd_floor.py >/dev/null 2>&1 & fi
    children+=($!)
    line=$("$python" benchmarks/pcsc_roundtrip.py --reader "$reader" --count "$count")
    stop_children
    report "$side" "$line"
  done
fi

vicc_dir=/usr/lib/python3/site-packages/virtualsmartcard
if command -v vicc >/dev/null && [ -d "$vicc_dir" ]; then
  # vicc still imports Python 2's `sha` module: a one-line shim stands in for it.
  shim=$(mktemp -d)
  printf 'import hashlib\n\ndef new(data=b""):\n    return hashlib.sha1(data)\n' > "$shim/sha.py"
  n=$(( count < 40 ? count : 40 ))
  wait_empty "$reader"
  env PYTHONPATH="$shim:$vicc_dir" "$python" /usr/bin/vicc --hostname 127.0.0.1 --port 35963 >/dev/null 2>&1 & children+=($!)
  line=$("$python" benchmarks/pcsc_roundtrip.py --reader "$reader" --count "$n" --warmup 5)
  stop_children
  report vicc "$line"
else
  echo "vicc   not installed (scripts/install-deps.sh --benchmark installs vsmartcard-vpicc)"
fi
