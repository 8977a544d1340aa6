#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the purse ledger tests: 127.0.0.1:${CARDOS_PG_PORT:-55432}, role and
# database "cardos" (password "cardos"; the cluster trusts 127.0.0.1, it holds test data only). Does nothing when a
# server already answers there. The tests read CARDOS_POSTGRES if set, and otherwise expect this cluster.
set -euo pipefail

port="${CARDOS_PG_PORT:-55432}"
data="${CARDOS_PG_DATA:-/tmp/cardos-postgres}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ]; then
  echo "start-postgres: PostgreSQL is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  exit 0
fi

# The server refuses to run as root: run it as the postgres system user then.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(runuser -u postgres --)
  mkdir -p "$data"
  chown postgres:postgres "$data"
fi

if [ ! -s "$data/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
fi
"${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off" start >/dev/null

psql=("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'cardos'")" != "1" ]; then
  "${psql[@]}" -c "CREATE ROLE cardos LOGIN PASSWORD 'cardos'"
fi
if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'cardos'")" != "1" ]; then
  "${psql[@]}" -c "CREATE DATABASE cardos OWNER cardos"
fi
echo "start-postgres: PostgreSQL on 127.0.0.1:$port (data in $data)"
