#!/usr/bin/env bash
# Starts pcscd (with the vpcd driver from /etc/reader.conf.d/vpcd) unless it already runs, and waits until its socket
# answers. The end-to-end tests talk to this pcscd; it is left running afterwards.
set -euo pipefail

socket=/run/pcscd/pcscd.comm
pidfile=/run/pcscd/pcscd.pid
if [ -S "$socket" ] && [ -f "$pidfile" ] && kill -0 "$(tr -d '\000\n' < "$pidfile")" 2>/dev/null; then
  exit 0
fi
if ! command -v pcscd >/dev/null 2>&1 && [ ! -x /usr/sbin/pcscd ]; then
  echo "start-pcscd: pcscd is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO=sudo
# pcscd daemonizes; its standard streams go nowhere so that it outlives this shell. Descriptors 3-9 are closed: run
# under `flock /tmp/cardos-pcsc.lock`, this script inherits the lock's descriptor, and a pcscd keeping it would hold
# the machine-wide lock for as long as it runs.
$SUDO /usr/sbin/pcscd </dev/null >/dev/null 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-

for _ in $(seq 1 100); do
  [ -S "$socket" ] && exit 0
  sleep 0.1
done
echo "start-pcscd: pcscd did not open $socket" >&2
exit 1
