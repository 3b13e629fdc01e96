#!/usr/bin/env bash
# Sets the number of worker processes. Local processes (scripts/run-local.sh): starts or stops workers.
#   scripts/scale_workers.sh N          workers 1..N running, those above N stopped gracefully (SIGTERM)
#   scripts/scale_workers.sh add        one more: the lowest-numbered worker not running (a killed one's replacement first)
#   scripts/scale_workers.sh start I    worker I, if it is not running (e.g. after stopping it, with other Worker__* settings)
#   scripts/scale_workers.sh --compose N   with docker-compose
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--compose" ]; then
  echo "==> docker-compose up -d --scale worker=$2"; exec docker-compose up -d --no-recreate --scale worker="$2"
fi
source scripts/local.env
wanted="${1:?usage: scale_workers.sh N | add | start I | --compose N}"
pids="$QUEUES_RUN_DIR/pids" logs="$QUEUES_RUN_DIR/logs"
mkdir -p "$pids" "$logs"
alive() { [ -f "$pids/worker-$1.pid" ] && pid_running "$(cat "$pids/worker-$1.pid")"; }

start_worker() {
  local i="$1" port=$((WORKER_BASE_PORT + $1))
  # From Worker/, its content root: the worker loads its own appsettings.json (log levels per category).
  (cd Worker && Worker__Id="worker-$i" exec nohup dotnet "bin/$BUILD_CONFIGURATION/net10.0/Queues.Worker.dll" --urls "http://127.0.0.1:$port") \
    > "$logs/worker-$i.log" 2>&1 &
  echo $! > "$pids/worker-$i.pid"
  echo "worker-$i: pid $! on http://127.0.0.1:$port, log $logs/worker-$i.log"
}
prometheus_targets() { if [ -f "${PROMETHEUS_DIR:-$QUEUES_RUN_DIR/prometheus}/prometheus.pid" ]; then scripts/prometheus.sh targets; fi; }

if [ "$wanted" = add ]; then
  i=1; while alive "$i"; do i=$((i + 1)); done
  start_worker "$i"; prometheus_targets; exit 0
fi
if [ "$wanted" = start ]; then
  i="${2:-}"
  [[ "$i" =~ ^[1-9][0-9]*$ ]] || { echo "usage: scale_workers.sh start I" >&2; exit 2; }
  if alive "$i"; then echo "worker-$i: already running (pid $(cat "$pids/worker-$i.pid"))" >&2; exit 1; fi
  start_worker "$i"; prometheus_targets; exit 0
fi
[[ "$wanted" =~ ^[0-9]+$ ]] || { echo "usage: scale_workers.sh N | add | start I | --compose N" >&2; exit 2; }
for i in $(seq 1 "$wanted"); do
  alive "$i" || start_worker "$i"
done
# Stop the ones above N with SIGTERM: each finishes the images it holds, then exits.
for file in "$pids"/worker-*.pid; do
  [ -e "$file" ] || continue
  i="${file##*/worker-}"; i="${i%.pid}"
  if [ "$i" -gt "$wanted" ]; then
    pid="$(cat "$file")"
    echo "worker-$i: stopping (pid $pid)"; kill -TERM "$pid" 2>/dev/null || true
    # It finishes the images it holds first; wait, so its port is free for a later start.
    await_exit "worker-$i" "$pid"
    rm -f "$file"
  fi
done
# A running local Prometheus (scripts/prometheus.sh) scrapes the workers that run now.
prometheus_targets
echo "workers running: $(for f in "$pids"/worker-*.pid; do [ -e "$f" ] && pid_running "$(cat "$f")" && echo x; done | wc -l)"
