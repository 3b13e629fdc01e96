#!/usr/bin/env bash
# A batch against the same jobs sent one by one, and the batch's ZIP (issue 25), side by side on the distributed
# default (scripts/run-local.sh, ApiKey mode, 2 workers): COUNT (default 100) copies of docs/sample.jpg cut to
# 1200×900 by the system itself (a batch's files share the one request's Uploads:MaxBytes), operations grayscale. Each round, alternating which goes first: COUNT uploads of POST /jobs, 8 at a
# time, and one POST /batches with the COUNT files; each timed from the first byte sent to the last job completed.
# Then GET /batches/{id}/results.zip of the round's batch: its time, its size, and the Api's resident memory sampled
# every 20 ms while it streams (peak over the level before it). The load average is printed with every figure.
#   scripts/measure-batches.sh     (env: ROUNDS (2), COUNT (100), QUIET (1.5), QUIET_WAIT (120), QUEUES_SKIP_BUILD=1)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-2}" count="${COUNT:-100}" quiet="${QUIET:-1.5}" quiet_wait="${QUIET_WAIT:-120}"
. scripts/measure-lib.sh
run="${OUT:-$PWD/.artifacts/batches-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$run"
[ "${QUEUES_SKIP_BUILD:-}" = 1 ] || dotnet build Queues.sln -c Release -v q -nologo > "$run/build.log"
export QUEUES_SKIP_BUILD=1 Auth__Mode=ApiKey QUEUES_RUN_DIR="$run/system"
API="http://127.0.0.1:${API_PORT:-5000}"

trap 'scripts/run-local.sh stop > "$run/stop.log" 2>&1' EXIT
scripts/run-local.sh 2 > "$run/start.log" 2>&1 || { cat "$run/start.log"; exit 1; }
key=$(cat "$QUEUES_RUN_DIR/operator.key")
api_pid=$(cat "$QUEUES_RUN_DIR/pids/api.pid")
image="$run/photo.jpg"
cut_id=$(curl -sf -H "X-Api-Key: $key" -F file=@docs/sample.jpg -F operations=resize:1200x900 "$API/jobs" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
until curl -sf -H "X-Api-Key: $key" -o "$image" "$API/jobs/$cut_id/result"; do sleep 0.2; done

completed() { curl -sf -H "X-Api-Key: $key" "$API/jobs?state=Completed&pageSize=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'; }
wait_completed() { until [ "$(completed)" -ge "$1" ]; do sleep 0.2; done; }
now() { date +%s.%N; }

one_by_one() {
  seq "$count" | xargs -P 8 -I{} curl -sf -o /dev/null -H "X-Api-Key: $key" -F "file=@$image" -F operations=grayscale "$API/jobs"
}
as_batch() {
  local files=()
  for _ in $(seq "$count"); do files+=(-F "file=@$image"); done
  curl -sf -H "X-Api-Key: $key" "${files[@]}" -F operations=grayscale "$API/batches" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["batch"]["id"])'
}

# A warm-up of each, not measured.
done_so_far=1
one_by_one; done_so_far=$((done_so_far + count)); wait_completed "$done_so_far"
as_batch > /dev/null; done_so_far=$((done_so_far + count)); wait_completed "$done_so_far"

for round in $(seq 1 "$rounds"); do
  order="one-by-one batch"; [ $((round % 2)) = 0 ] && order="batch one-by-one"
  for way in $order; do
    settle > /dev/null; load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(now)
    if [ "$way" = batch ]; then batch=$(as_batch); else one_by_one; fi
    done_so_far=$((done_so_far + count)); wait_completed "$done_so_far"
    awk -v s="$start" -v e="$(now)" -v n="$count" -v w="$way" -v r="$round" -v l="$load" \
      'BEGIN {printf "== round %s %-10s %d jobs in %.2f s: %.1f jobs/s (load average at start %s)\n", r, w, n, e - s, n / (e - s), l}'
  done
  settle > /dev/null; load=$(cut -d' ' -f1 /proc/loadavg)
  before=$(awk '/VmRSS/ {print $2}' "/proc/$api_pid/status")
  touch "$run/streaming"
  ( peak=0; while [ -e "$run/streaming" ]; do
      r=$(awk '/VmRSS/ {print $2}' "/proc/$api_pid/status"); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.02
    done; echo "$peak" > "$run/peak" ) &
  sleep 0.1
  start=$(now)
  bytes=$(curl -sf -H "X-Api-Key: $key" -o "$run/results.zip" -w '%{size_download}' "$API/batches/$batch/results.zip")
  end=$(now); rm "$run/streaming"; wait
  entries=$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$run/results.zip")
  awk -v s="$start" -v e="$end" -v b="$bytes" -v n="$entries" -v r="$round" -v before="$before" -v peak="$(cat "$run/peak")" -v l="$load" \
    'BEGIN {printf "== round %s ZIP: %d entries, %.1f MB in %.2f s; Api RSS %.1f MB before, peak %.1f MB while streaming (+%.1f MB) (load average at start %s)\n",
            r, n, b / 1e6, e - s, before / 1024, peak / 1024, (peak - before) / 1024, l}'
done
