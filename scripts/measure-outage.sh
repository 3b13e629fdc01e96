#!/usr/bin/env bash
# Broker return to first completion (BENCHMARKS "Targets at a glance"): scripts/run-local.sh with 2 workers in its default
# ApiKey mode on a private RabbitMQ node, a LoadTest run of COUNT (default 300) uploads of docs/sample.jpg at concurrency 10;
# DELAY s (default 3) into it RabbitMQ is stopped (rabbitmqctl stop_app) for OUTAGE s (default 15), then started. Prints
# how long stop_app and start_app took, the first completion after start_app returned (from the job rows), that every
# accepted job completed, and the attempts the Api counted against the starts the workers counted. ROUNDS (default 2).
#   scripts/measure-outage.sh        (env: COUNT, OUTAGE, DELAY, ROUNDS, QUIET, QUIET_WAIT, QUEUES_SKIP_BUILD=1)
set -uo pipefail
cd "$(dirname "$0")/.."
count="${COUNT:-300}" outage="${OUTAGE:-15}" delay="${DELAY:-3}" rounds="${ROUNDS:-2}" workers=2
quiet="${QUIET:-2.5}" quiet_wait="${QUIET_WAIT:-150}"
export API_PORT="${API_PORT:-5600}" NOTIFIER_PORT="${NOTIFIER_PORT:-5602}" WORKER_BASE_PORT="${WORKER_BASE_PORT:-5610}"
export RABBITMQ_PORT="${RABBITMQ_PORT:-5691}" RABBITMQ_MANAGEMENT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15691}"
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-25691}" S3_PORT="${S3_PORT:-9691}"
export QUEUES_RUN_DIR="${QUEUES_RUN_DIR:-/tmp/queues-outage}"
run="$QUEUES_RUN_DIR"
if [ -z "${QUEUES_SKIP_BUILD:-}" ]; then dotnet build Queues.sln -c Release -v quiet -nologo -clp:ErrorsOnly || exit 1; fi
export QUEUES_SKIP_BUILD=1
rm -rf "$run"; mkdir -p "$run/img"; cp docs/sample.jpg "$run/img/"
trap 'scripts/run-local.sh stop > "$run/stop.log" 2>&1' EXIT
scripts/run-local.sh "$workers" > "$run/start.log" 2>&1 || { cat "$run/start.log"; exit 1; }
key="$(cat "$run/operator.key")"

. scripts/measure-lib.sh
bulk() {
  dotnet LoadTest/bin/Release/net10.0/Queues.LoadTest.dll bulk --count "$1" --concurrency 10 --images "$run/img" \
    --operations resize:800x600,grayscale --url "http://127.0.0.1:$API_PORT" --api-key "$key" --deadline 180s \
    --quiet --out "$run/lt" --label "$2" > "$run/$2.log" 2>&1
}
# Sum of a counter over the workers' /metrics.
workers_counter() {
  for i in $(seq 1 "$workers"); do curl -s -H "X-Api-Key: $key" "http://127.0.0.1:$((WORKER_BASE_PORT + i))/metrics"; done |
    awk -v m="$1" '$1 ~ "^" m "(\\{|$)" {n += $NF} END {print n + 0}'
}
stamp() { date -u +%Y-%m-%dT%H:%M:%S.%6N; }

echo "### broker outage of $outage s, $delay s into a run of $count jobs, $workers workers, ApiKey mode"
bulk 50 warmup || { tail -5 "$run/warmup.log"; exit 1; }
for r in $(seq 1 "$rounds"); do
  settle > /dev/null; load=$(cut -d' ' -f1-3 /proc/loadavg)
  bulk "$count" "round$r" & lt=$!
  sleep "$delay"
  s0=$(date +%s.%N); scripts/lab.sh broker stop > /dev/null; s1=$(date +%s.%N)
  sleep "$outage"
  s2=$(date +%s.%N); scripts/lab.sh broker start > /dev/null; back=$(stamp); s3=$(date +%s.%N)
  wait "$lt"; status=$?
  sleep 2
  python3 - "$run/queues.db" "$back" "$s0" "$s1" "$s2" "$s3" "$r" "$load" "$(workers_counter queues_worker_attempts_total)" <<'PY'
import re, sqlite3, sys
from datetime import datetime
db, back, s0, s1, s2, s3, r, load, started = sys.argv[1:]
def at(text):  # "2026-12-06 23:20:01.1234567+00:00" or with a T; to the microsecond, UTC
    m = re.match(r"(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?", text)
    return datetime.fromisoformat(f"{m[1]}T{m[2]}.{((m[3] or '') + '000000')[:6]}")
rows = sqlite3.connect(db).execute("select State, FinishedAt, Attempts from jobs").fetchall()
back_at = at(back)
after = sorted(at(f) for _, f, _ in rows if f and at(f) > back_at)
first = (after[0] - back_at).total_seconds() if after else float("nan")
print(f"round {r}: stop_app took {float(s1) - float(s0):.1f} s, start_app {float(s3) - float(s2):.1f} s; "
      f"first completion {first:.1f} s after start_app returned; load at start {load}")
states = {}
for state, _, _ in rows: states[state] = states.get(state, 0) + 1
print(f"  jobs by state (warm-up and earlier rounds included): {states}; "
      f"attempts on the rows {sum(a for *_, a in rows)}, starts counted by the workers {started}")
PY
  echo "  queues with messages: $(scripts/lab.sh queues 2>/dev/null |
    awk -F'\t' '$1 != "name" && $3 + $4 > 0 {printf "%s (%s ready, %s unacknowledged) ", $1, $3, $4}')"
  echo "  load tool exit $status (non-zero: a job was lost, failed or timed out); $(grep -oE 'completed +│ +[0-9]+' "$run/round$r.log" | grep -oE '[0-9]+$') of $count completed"
done
