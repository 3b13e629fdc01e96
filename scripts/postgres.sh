#!/usr/bin/env bash
# A private PostgreSQL server for the jobs database: its own data folder, its own port, loopback only, trust auth.
# Usage: scripts/postgres.sh start|stop|status
#   PG_DATA  data folder (default .run/postgres; made by initdb on first start)
#   PG_PORT  port (default 5433; the Debian system cluster would take 5432)
# Then: Database__Provider=Postgres Database__ConnectionString="Host=127.0.0.1;Port=5433;Username=postgres;Database=queues"
# (the app creates the database and its schema on start).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_DATA=$(realpath -m "${PG_DATA:-.run/postgres}")
PG_PORT=${PG_PORT:-5433}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed: run scripts/install-test-deps.sh" >&2; exit 1; }

# initdb and the server refuse to run as root: as root, run them as the package's postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    # The Debian package may have started its system cluster on 5432; this project runs only private servers.
    if pgrep -u postgres -f "postgres -D /var/lib/postgresql/" >/dev/null && [ "$(id -u)" -eq 0 ]; then
      echo "==> stopping the system PostgreSQL cluster started by the package"
      service postgresql stop >/dev/null 2>&1 || true
    fi
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
      echo "==> initdb $PG_DATA"
      mkdir -p "$PG_DATA"
      [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DATA"
      as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >"$PG_DATA.initdb.log"
    fi
    echo "==> postgres on 127.0.0.1:$PG_PORT (data $PG_DATA, log $PG_DATA/server.log)"
    # -k: the Unix socket lives in the data folder, not /var/run/postgresql (the system cluster's).
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 30 \
      -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" start >/dev/null
    ;;
  stop)
    echo "==> stopping postgres ($PG_DATA)"
    if as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    fi
    ;;
  status)
    as_pg "$bin/pg_ctl" -D "$PG_DATA" status
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2
    ;;
esac
