#!/usr/bin/env bash
# Debian's Prometheus server (package prometheus) scraping the local processes' /metrics, on 127.0.0.1.
#   scripts/prometheus.sh start|stop|targets    (targets: rewrite the worker list after scaling)
# Settings: PROMETHEUS_PORT (9091; 9090 is docker-compose's), PROMETHEUS_SCRAPE_INTERVAL (5s), PROMETHEUS_DIR
# (config, data, log; default .run/prometheus), API_PORT, NOTIFIER_PORT, WORKER_TARGETS ("127.0.0.1:5101,…";
# default: the workers scripts/scale_workers.sh started). Config from deploy/prometheus/prometheus.local.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
port="${PROMETHEUS_PORT:-9091}"
dir="${PROMETHEUS_DIR:-$QUEUES_RUN_DIR/prometheus}"
pids="$QUEUES_RUN_DIR/pids"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
alive() { [ -f "$dir/prometheus.pid" ] && kill -0 "$(cat "$dir/prometheus.pid")" 2>/dev/null; }

write_targets() {
  local list="${WORKER_TARGETS:-}" file i
  if [ -z "$list" ]; then
    for file in "$pids"/worker-*.pid; do
      [ -e "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null || continue
      i="${file##*/worker-}"; i="${i%.pid}"; list="$list,127.0.0.1:$((WORKER_BASE_PORT + i))"
    done
  fi
  local quoted; quoted="$(tr ',' '\n' <<<"$list" | sed '/^$/d; s/.*/"&"/' | paste -sd, -)"
  # Written whole, then renamed: Prometheus must never read half a file.
  echo "[{\"targets\": [$quoted]}]" > "$dir/workers.json.new" && mv "$dir/workers.json.new" "$dir/workers.json"
  echo "prometheus: worker targets [$quoted]"
}

start() {
  if alive; then echo "prometheus: already running on http://127.0.0.1:$port"; return; fi
  command -v prometheus >/dev/null || scripts/install-test-deps.sh
  sed -e "s#@API_TARGET@#127.0.0.1:$API_PORT#" -e "s#@NOTIFIER_TARGET@#127.0.0.1:$NOTIFIER_PORT#" \
      -e "s#@SCRAPE_INTERVAL@#${PROMETHEUS_SCRAPE_INTERVAL:-5s}#" -e "s#@DIR@#$dir#" \
      -e "s#@API_AUTHORIZATION@#$([ "$Auth__Mode" = ApiKey ] && echo "authorization: { credentials_file: $QUEUES_API_KEY_FILE }")#" \
      deploy/prometheus/prometheus.local.yml > "$dir/prometheus.yml"
  write_targets
  promtool check config "$dir/prometheus.yml" >/dev/null
  echo "prometheus: starting on http://127.0.0.1:$port (config $dir/prometheus.yml, log $dir/prometheus.log)"
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2d \
    --web.listen-address="127.0.0.1:$port" > "$dir/prometheus.log" 2>&1 &
  echo $! > "$dir/prometheus.pid"
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && { echo "prometheus: ready"; return; }; sleep 0.2; done
  echo "prometheus: did not start; see $dir/prometheus.log" >&2; exit 1
}

stop() {
  if alive; then
    local pid; pid="$(cat "$dir/prometheus.pid")"
    echo "prometheus: stopping (pid $pid)"; kill "$pid"
    # It flushes its data and frees the port first; wait, so a start right after finds both free.
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/prometheus.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  targets) write_targets ;;
  *) echo "usage: $0 start|stop|targets" >&2; exit 2 ;;
esac
