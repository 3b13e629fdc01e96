#!/usr/bin/env bash
# Distributed throughput and CPU per job of each process: scripts/run-local.sh with N workers (default 2) on a private
# RabbitMQ node and s3rver, then RUNS (default 3) consecutive LoadTest runs of COUNT (default 200) uploads of
# docs/sample.jpg (2000×1500) at concurrency 10, resize:800x600,grayscale. CPU is read from /proc/PID/stat (utime +
# stime) before and after each run, divided by the jobs of the run. Stops everything it started at the end.
#   scripts/measure-distributed.sh [WORKERS]        (env: RUNS, COUNT, QUEUES_SKIP_BUILD=1 to reuse a Release build)
#   PROFILE_API=1 scripts/measure-distributed.sh    also samples the Api with perf during the last run (JIT-compiled
#                                                   frames named through perf maps): $QUEUES_RUN_DIR/api-profile.txt
set -uo pipefail
cd "$(dirname "$0")/.."
workers="${1:-2}" runs="${RUNS:-3}" count="${COUNT:-200}"
export API_PORT="${API_PORT:-5600}" NOTIFIER_PORT="${NOTIFIER_PORT:-5602}" WORKER_BASE_PORT="${WORKER_BASE_PORT:-5610}"
export RABBITMQ_PORT="${RABBITMQ_PORT:-5691}" RABBITMQ_MANAGEMENT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15691}"
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-25691}" S3_PORT="${S3_PORT:-9691}"
export QUEUES_RUN_DIR="${QUEUES_RUN_DIR:-/tmp/queues-measure}" Auth__Mode=None
run="$QUEUES_RUN_DIR"
rm -rf "$run"; mkdir -p "$run/img"; cp docs/sample.jpg "$run/img/"
trap 'scripts/run-local.sh stop > "$run/stop.log" 2>&1' EXIT
if [ "${PROFILE_API:-0}" = 1 ]; then export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0; fi
scripts/run-local.sh "$workers" > "$run/start.log" 2>&1 || { cat "$run/start.log"; exit 1; }
ticks() { for f in "$run"/pids/*.pid "$run/services/s3.pid"; do echo "$(basename "$f" .pid) $(awk '{print $14+$15}' "/proc/$(cat "$f")/stat" 2>/dev/null)"; done | sort; }
hz=$(getconf CLK_TCK)
# Messages the broker took in (publish) and handed out (deliver + get), all queues, from the management API's totals.
messages() {
  curl -s -u guest:guest "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api/overview" |
    python3 -c 'import sys, json; s = json.load(sys.stdin).get("message_stats", {}); print(s.get("publish", 0), s.get("deliver_get", 0))'
}
for i in $(seq 1 "$runs"); do
  ticks > "$run/before.$i"
  read -r published0 delivered0 < <(messages)
  profiler=""
  if [ "${PROFILE_API:-0}" = 1 ] && [ "$i" = "$runs" ]; then
    perf record -q -e cpu-clock -F 499 -g -p "$(cat "$run/pids/api.pid")" -o "$run/api.perf.data" > "$run/perf.log" 2>&1 &
    profiler=$!
  fi
  dotnet LoadTest/bin/Release/net10.0/Queues.LoadTest.dll bulk --count "$count" --concurrency 10 --images "$run/img" \
    --operations resize:800x600,grayscale --url "http://127.0.0.1:$API_PORT" \
    --rabbit "http://guest:guest@127.0.0.1:$RABBITMQ_MANAGEMENT_PORT" --quiet --out "$run/lt$i" --label "run $i" > "$run/lt$i.log" 2>&1
  ticks > "$run/after.$i"
  sleep 2 # the management API's totals trail by its sampling interval
  read -r published1 delivered1 < <(messages)
  if [ -n "$profiler" ]; then
    kill -INT "$profiler"; wait "$profiler" 2>/dev/null
    { echo "# by shared object"; perf report -i "$run/api.perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
      echo "# by function (self)"; perf report -i "$run/api.perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
    } > "$run/api-profile.txt"
  fi
  echo "== run $i: $(grep -oE 'throughput +│ +[0-9.]+ jobs/s' "$run/lt$i.log" | grep -oE '[0-9.]+ jobs/s'), load $(cut -d' ' -f1 /proc/loadavg)"
  join "$run/before.$i" "$run/after.$i" | awk -v n="$count" -v hz="$hz" '{printf "  %-10s %6.1f core-ms/job\n", $1, ($3-$2)*1000/hz/n}'
  awk -v n="$count" -v p=$((published1 - published0)) -v d=$((delivered1 - delivered0)) \
    'BEGIN {printf "  broker     %6.1f messages published/job, %.1f delivered/job (heartbeats included)\n", p/n, d/n}'
done
