#!/usr/bin/env bash
# The distributed system as local processes, for machines without Docker: a private RabbitMQ node and an
# S3 server (scripts/services.sh), then the Api, N workers and the Notifier, each with its own log.
#   scripts/run-local.sh [N]     start (default 2 workers)
#   scripts/run-local.sh stop    stop every process it started, then the services
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
logs="$QUEUES_RUN_DIR/logs" pids="$QUEUES_RUN_DIR/pids"
mkdir -p "$logs" "$pids"

if [ "${1:-}" = "stop" ]; then
  scripts/scale_workers.sh 0
  for name in api notifier; do
    if [ -f "$pids/$name.pid" ]; then echo "stopping $name (pid $(cat "$pids/$name.pid"))"; kill "$(cat "$pids/$name.pid")" 2>/dev/null || true; rm -f "$pids/$name.pid"; fi
  done
  scripts/services.sh stop
  exit 0
fi

workers="${1:-2}"
scripts/services.sh start
if [ -z "${QUEUES_SKIP_BUILD:-}" ]; then
  echo "==> dotnet build -c $BUILD_CONFIGURATION"
  dotnet build Queues.sln -c "$BUILD_CONFIGURATION" -v quiet -nologo -clp:ErrorsOnly
fi

start() { # name project port [VAR=value...]
  local name="$1" project="$2" port="$3"; shift 3
  if [ -f "$pids/$name.pid" ] && kill -0 "$(cat "$pids/$name.pid")" 2>/dev/null; then echo "$name: already running"; return; fi
  env "$@" nohup dotnet "$project/bin/$BUILD_CONFIGURATION/net10.0/Queues.$project.dll" --urls "http://127.0.0.1:$port" \
    > "$logs/$name.log" 2>&1 &
  echo $! > "$pids/$name.pid"
  echo "$name: pid $! on http://127.0.0.1:$port, log $logs/$name.log"
}
wait_ready() { for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return; sleep 1; done; echo "not ready on port $1; see $logs" >&2; exit 1; }

start api Api "$API_PORT"
wait_ready "$API_PORT"
start notifier Notifier "$NOTIFIER_PORT"
scripts/scale_workers.sh "$workers"
wait_ready "$NOTIFIER_PORT"

cat <<INFO

Running. Dashboard and Api: http://127.0.0.1:$API_PORT   Swagger: http://127.0.0.1:$API_PORT/swagger
RabbitMQ management: ${Bus__ManagementUrl} (guest/guest)   S3 server: http://$Storage__Endpoint
Scale: scripts/scale_workers.sh N      Stop everything: scripts/run-local.sh stop
INFO
