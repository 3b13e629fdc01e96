#!/usr/bin/env bash
# Distributed throughput and CPU per job of every process on the machine: scripts/run-local.sh with N workers (default 2)
# on a private RabbitMQ node and s3rver, one warm-up run, then RUNS (default 3) LoadTest runs of COUNT (default 300)
# uploads of docs/sample.jpg (2000×1500) at concurrency 10, resize:800x600,grayscale; in each auth mode of AUTH
# (default "ApiKey None": the distributed default first, docs/security.md). CPU is utime+stime from /proc: each of our processes by PID,
# RabbitMQ (the Erlang VM) and the S3 server, the LoadTest process from its own rusage, and the whole machine from
# /proc/stat, so that nothing running beside it hides. Prints the load average with every run. Stops what it started.
# Before each measured run it waits (at most QUIET_WAIT s, default 240) for the 1-minute load average to fall to QUIET
# (default 1.5; QUIET=99 not to wait): the run before it leaves the load at 8-13 on two cores.
#   scripts/measure-distributed.sh [WORKERS]     (env: RUNS, COUNT, AUTH, QUIET, QUEUES_SKIP_BUILD=1 to reuse a Release build)
#   PROFILE=api scripts/measure-distributed.sh    also samples that process (api, notifier, worker-1, …) with perf during
#                                                 the last run (JIT-compiled frames named through perf maps):
#                                                 $QUEUES_RUN_DIR/<mode>/<name>-profile.txt; PROFILE_API=1 is PROFILE=api
set -uo pipefail
cd "$(dirname "$0")/.."
workers="${1:-2}" runs="${RUNS:-3}" count="${COUNT:-300}" modes="${AUTH:-ApiKey None}"
export API_PORT="${API_PORT:-5600}" NOTIFIER_PORT="${NOTIFIER_PORT:-5602}" WORKER_BASE_PORT="${WORKER_BASE_PORT:-5610}"
export RABBITMQ_PORT="${RABBITMQ_PORT:-5691}" RABBITMQ_MANAGEMENT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15691}"
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-25691}" S3_PORT="${S3_PORT:-9691}"
base="${QUEUES_RUN_DIR:-/tmp/queues-measure}"
hz=$(getconf CLK_TCK)
quiet="${QUIET:-1.5}" quiet_wait="${QUIET_WAIT:-240}"
if [ -z "${QUEUES_SKIP_BUILD:-}" ]; then dotnet build Queues.sln -c Release -v quiet -nologo -clp:ErrorsOnly || exit 1; fi
export QUEUES_SKIP_BUILD=1
profile="${PROFILE:-}"; [ "${PROFILE_API:-0}" = 1 ] && profile=api
if [ -n "$profile" ]; then export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0; fi

# "name ticks" for each long-lived process: every resource's by the app host's PID files (the broker's is its Erlang VM),
# and the app host itself (its orchestrator's processes are in the machine's total only).
ticks() {
  local run="$1"
  for f in "$run"/pids/*.pid "$run/apphost.pid"; do echo "$(basename "$f" .pid) $(awk '{print $14+$15}' "/proc/$(cat "$f")/stat" 2>/dev/null)"; done
}
# Busy ticks of the whole machine (user, nice, system, irq, softirq, steal), every process included.
machine() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
# Messages the broker took in (publish) and handed out (deliver + get), all queues, from the management API's totals.
messages() {
  curl -s -u guest:guest "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api/overview" |
    python3 -c 'import sys, json; s = json.load(sys.stdin).get("message_stats", {}); print(s.get("publish", 0), s.get("deliver_get", 0))'
}
# Messages published into each exchange so far, "exchange count" lines (MassTransit publishes a type to its own exchange).
exchanges() {
  curl -s -u guest:guest "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api/exchanges" |
    python3 -c 'import sys, json
for e in json.load(sys.stdin):
    if e["name"]: print(e["name"], e.get("message_stats", {}).get("publish_in", 0))' | sort
}
# Requests our processes made to the S3 server: the sum of their HttpClient request counts to its port (/metrics).
s3_requests() {
  local key=() port ports="$API_PORT $NOTIFIER_PORT"
  [ "$mode" = ApiKey ] && key=(-H "X-Api-Key: $(cat "$1/operator.key")")
  for i in $(seq 1 "$workers"); do ports="$ports $((WORKER_BASE_PORT + i))"; done
  for port in $ports; do curl -s "${key[@]}" "http://127.0.0.1:$port/metrics"; done |
    awk -v p="server_port=\"$S3_PORT\"" '/^http_client_request_duration_seconds_count/ && index($0, p) {n += $NF} END {print n + 0}'
}

# Seconds waited for the load average to fall to $quiet.
. scripts/measure-lib.sh

loadtest() { # run label count: the LoadTest's own CPU seconds (its rusage) go to $run/lt-<label>.cpu
  local run="$1" label="$2" n="$3" key=() perf_loadtest=()
  # PROFILE=loadtest: perf runs it (perf's own CPU then counts as the LoadTest's).
  [ "$profile" = loadtest ] && [ "$label" = "run$runs" ] && perf_loadtest=(perf record -q -e cpu-clock -F 499 -g -o "$run/loadtest.perf.data" --)
  [ "$mode" = ApiKey ] && key=(--api-key "$(cat "$run/operator.key")")
  python3 -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{r.ru_utime + r.ru_stime:.3f}\n")
sys.exit(code)' "$run/lt-$label.cpu" "${perf_loadtest[@]}" dotnet LoadTest/bin/Release/net10.0/Queues.LoadTest.dll bulk --count "$n" --concurrency 10 --images "$run/img" \
    --operations resize:800x600,grayscale --url "http://127.0.0.1:$API_PORT" "${key[@]}" \
    --rabbit "http://guest:guest@127.0.0.1:$RABBITMQ_MANAGEMENT_PORT" --quiet --out "$run/lt-$label" --label "$label" > "$run/lt-$label.log" 2>&1
}

for mode in $modes; do
  run="$base/$mode"
  export QUEUES_RUN_DIR="$run" Auth__Mode="$mode"
  rm -rf "$run"; mkdir -p "$run/img"; cp docs/sample.jpg "$run/img/"
  trap 'scripts/run-local.sh stop > "$QUEUES_RUN_DIR/stop.log" 2>&1' EXIT
  scripts/run-local.sh "$workers" > "$run/start.log" 2>&1 || { cat "$run/start.log"; exit 1; }
  echo "### Auth:Mode=$mode, $workers workers, $count jobs a run"
  # What each process costs with nothing to do (timers, heartbeats, metrics, the runtime): part of every per-job figure.
  sleep 5; ticks "$run" | sort > "$run/idle0"; sleep "${IDLE_SECONDS:-20}"; ticks "$run" | sort > "$run/idle1"
  join "$run/idle0" "$run/idle1" | awk -v s="${IDLE_SECONDS:-20}" -v hz="$hz" '{printf "%s %.1f, ", $1, ($3-$2)*1000/hz/s}' |
    sed 's/, $//; s/^/idle, core-ms per second: /'; echo
  loadtest "$run" warmup "$count"
  for i in $(seq 1 "$runs"); do
    waited=$(settle)
    ticks "$run" | sort > "$run/before.$i"
    machine0=$(machine); s3req0=$(s3_requests "$run")
    read -r published0 delivered0 < <(messages); exchanges > "$run/exchanges0.$i"
    load=$(cut -d' ' -f1 /proc/loadavg)
    profiler=""
    if [ -n "$profile" ] && [ "$profile" != loadtest ] && [ "$i" = "$runs" ]; then
      perf record -q -e cpu-clock -F 499 -g -p "$(cat "$run/pids/$profile.pid")" -o "$run/$profile.perf.data" > "$run/perf.log" 2>&1 &
      profiler=$!
    fi
    loadtest "$run" "run$i" "$count"; loadtest_s=$(cat "$run/lt-run$i.cpu")
    ticks "$run" | sort > "$run/after.$i"
    machine1=$(machine); s3req1=$(s3_requests "$run")
    sleep 2 # the management API's totals trail by its sampling interval
    read -r published1 delivered1 < <(messages); exchanges > "$run/exchanges1.$i"
    if [ -n "$profiler" ] || { [ "$profile" = loadtest ] && [ "$i" = "$runs" ]; }; then
      [ -n "$profiler" ] && { kill -INT "$profiler"; wait "$profiler" 2>/dev/null; }
      { echo "# by shared object"; perf report -i "$run/$profile.perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
        echo "# by function (self)"; perf report -i "$run/$profile.perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
      } > "$run/$profile-profile.txt"
    fi
    echo "== run $i: $(grep -oE 'throughput +│ +[0-9.]+ jobs/s' "$run/lt-run$i.log" | grep -oE '[0-9.]+ jobs/s'), $(grep -oE 'completed +│ +[0-9]+' "$run/lt-run$i.log" | grep -oE '[0-9]+$') completed, load average at start $load (after ${waited} s waiting for $quiet)"
    join "$run/before.$i" "$run/after.$i" | awk -v n="$count" -v hz="$hz" '{printf "  %-10s %6.1f core-ms/job\n", $1, ($3-$2)*1000/hz/n}'
    awk -v n="$count" -v s="$loadtest_s" 'BEGIN {printf "  %-10s %6.1f core-ms/job (the whole process: start, run, report)\n", "loadtest", s*1000/n}'
    ours=$(join "$run/before.$i" "$run/after.$i" | awk '{t += $3 - $2} END {print t + 0}')
    awk -v n="$count" -v hz="$hz" -v t=$((machine1 - machine0)) -v o="$ours" -v l="$loadtest_s" \
      'BEGIN {printf "  %-10s %6.1f core-ms/job (every process on the machine; of it, none of the above: %.1f)\n", "total", t*1000/hz/n, (t - o - l*hz)*1000/hz/n}'
    awk -v n="$count" -v p=$((published1 - published0)) -v d=$((delivered1 - delivered0)) -v r=$((s3req1 - s3req0)) \
      'BEGIN {printf "  broker     %6.2f messages published/job, %.2f delivered/job (heartbeats included)\n  s3         %6.2f requests/job\n", p/n, d/n, r/n}'
    join -a2 -e0 -o 0,1.2,2.2 "$run/exchanges0.$i" "$run/exchanges1.$i" |
      awk -v n="$count" '$3 > $2 {printf "    %-45s %5.2f/job\n", $1, ($3-$2)/n; if ($1 !~ /Heartbeat/) t += $3 - $2}
        END {printf "    %-45s %5.2f/job\n", "all but heartbeats", t/n}'
  done
  scripts/run-local.sh stop > "$run/stop.log" 2>&1
  trap - EXIT
done
