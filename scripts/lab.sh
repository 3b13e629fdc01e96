#!/usr/bin/env bash
# Small helpers for EXPERIMENTS.md, against $API (default http://127.0.0.1:5000).
#   scripts/lab.sh upload FILE [OPERATIONS] [PRIORITY]   upload (priority high|normal|low); prints the job id
#   scripts/lab.sh wait ID... [--timeout S]   wait until each job is Completed, Failed or Cancelled; one line per job
#   scripts/lab.sh wait-state STATE ID [--timeout S]   wait until the job is in STATE (e.g. Processing)
#   scripts/lab.sh wait-busy WORKER [--timeout S]   wait until WORKER (e.g. worker-1) is processing a job
#   scripts/lab.sh handed-back ID... [--timeout S]   wait until each job was handed back at least once (storage down)
#   scripts/lab.sh count STATE                how many jobs of the whole jobs database are in STATE (Queued, Processing,
#                                             Completed, Failed, Cancelled): every run since the setup, not one run's
#   scripts/lab.sh order ID...                the jobs in the order they finished: rank, priority, state
#   scripts/lab.sh once ID...                 whether each job was attempted exactly once (exit 1 if not)
#   scripts/lab.sh started-after TIME ID...  whether each job started after TIME (ISO 8601, UTC; exit 1 if not)
#   scripts/lab.sh figures OUT DIR            copy the guide's plots from a run's results (OUT) into DIR (docs/lab)
#   scripts/lab.sh mark FILE TEXT             append "UNIX_SECONDS TEXT" to FILE: an event for the plots' --marks
#   scripts/lab.sh longest-gap JOBS_CSV       the longest time without a completion in a load run (NAME.jobs.csv)
# The processes, through the app host's control endpoint (scripts/run-local.sh, or dotnet run --project AppHost):
#   scripts/lab.sh workers N [KEY=VALUE...]   workers 1..N running (those it starts with the settings, e.g.
#                                             Worker__Concurrency=4), those above N stopped: each finishes its images first
#   scripts/lab.sh start|stop|restart|kill NAME [KEY=VALUE...]   one of them: worker-2, api, notifier, s3, rabbitmq-1, …
#                                             (start and restart with the settings; kill: SIGKILL, a crash)
#   scripts/lab.sh broker stop|start [NODE]   the broker stops inside its VM (rabbitmqctl stop_app), or on a cluster node NODE stops
#   scripts/lab.sh storage stop|start         the S3 server
#   scripts/lab.sh resources                  every resource: name, state, PID
#   scripts/lab.sh queues [NODE]              the broker's queues at once: name, type, ready, unacknowledged, leader
#   scripts/lab.sh leader QUEUE               the cluster node (1-3) that leads a quorum queue
set -euo pipefail
source "$(dirname "$0")/local.env"
API="${API:-http://127.0.0.1:$API_PORT}"
# The key of the app host's ApiKey mode, if there is one; the open mode needs none.
key="${QUEUES_API_KEY:-$(cat "$QUEUES_RUN_DIR/operator.key" 2>/dev/null || true)}"
curl() { if [ -n "$key" ]; then command curl -H "X-Api-Key: $key" "$@"; else command curl "$@"; fi; }
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print($1)"; }
# ID... [--timeout S] into ids=(), limit (seconds, 120 by default) and deadline.
ids_and_deadline() {
  limit=120; ids=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--timeout" ]; then limit="$2"; shift 2; else ids+=("$1"); shift; fi
  done
  deadline=$((SECONDS + limit))
}
# The jobs as one JSON list, for the python summaries below.
jobs_json() { echo "["; local sep=""; for id in "$@"; do echo "$sep"; curl -sS "$API/jobs/$id"; sep=","; done; echo "]"; }

# POST to the app host's control endpoint: PATH [KEY=VALUE...] (the settings as the query); prints what it did.
control() {
  local path="$1" query=(); shift
  for setting in "$@"; do query+=(--data-urlencode "$setting"); done
  local token; token="$(cat "$QUEUES_RUN_DIR/control.token" 2>/dev/null)" || { echo "no app host runs for $QUEUES_RUN_DIR" >&2; exit 1; }
  command curl -sS --fail-with-body -m 600 -X POST -G -H "Authorization: Bearer $token" "${query[@]}" "http://127.0.0.1:$CONTROL_PORT/$path"
}
summary() { python3 -c 'import sys, json
d = json.load(sys.stdin)
for r in (d if isinstance(d, list) else [d]):
    if "state" not in r: print(r.get("title"), "-", r.get("detail")); continue
    print(r.get("name") or r.get("resource"), r.get("command") or "", r["state"], "pid", r.get("pid"))
    if r.get("message") and "\n" in r["message"]: print(r["message"])'; }

case "${1:-}" in
  workers)
    shift; control "workers" "count=$1" "${@:2}" | summary ;;
  start|stop|restart|kill)
    control "resources/$2/$1" "${@:3}" | summary ;;
  broker)
    if [ -n "${3:-}" ]; then control "resources/rabbitmq-$3/$2" | summary; else control "resources/rabbitmq/broker-$2" | summary; fi ;;
  storage)
    control "resources/s3/$2" | summary ;;
  resources)
    command curl -sS --fail-with-body -H "Authorization: Bearer $(cat "$QUEUES_RUN_DIR/control.token")" "http://127.0.0.1:$CONTROL_PORT/resources" \
      | python3 -c 'import sys, json
for r in json.load(sys.stdin): print("%-22s %-12s %-10s %s" % (r["name"], r["state"], r["health"] or "", r["pid"] or ""))' ;;
  queues)
    control "resources/rabbitmq${2:+-$2}/list-queues" | json 'd["message"]' ;;
  leader)
    # A node answers for the cluster: the first that runs.
    for node in 1 2 3; do
      if out="$(control "resources/rabbitmq-$node/list-queues" 2>/dev/null)"; then
        echo "$out" | json 'd["message"]' | awk -v q="$2" '$1 == q { sub(/^queues-rabbitmq-/, "", $5); sub(/@.*/, "", $5); print $5 }'; exit 0
      fi
    done
    echo "no cluster node answers" >&2; exit 1 ;;
  upload)
    args=(-F "file=@$2")
    [ -n "${3:-}" ] && args+=(-F "operations=$3")
    [ -n "${4:-}" ] && args+=(-F "priority=$4")
    response="$(curl -sS "${args[@]}" "$API/jobs")"
    echo "$response" | json 'd.get("id") or ("REFUSED " + str(d.get("status")) + ": " + str(d.get("detail")))' ;;
  wait)
    shift; ids_and_deadline "$@"
    for id in "${ids[@]}"; do
      while :; do
        job="$(curl -sS "$API/jobs/$id")"
        state="$(echo "$job" | json 'd["state"]')"
        if [ "$state" = Completed ] || [ "$state" = Failed ] || [ "$state" = Cancelled ]; then break; fi
        if [ $SECONDS -gt $deadline ]; then echo "$id still $state after ${limit}s" >&2; exit 1; fi
        sleep 0.2
      done
      echo "$job" | json '"{} {:9} attempts={} worker={} processing={}ms end-to-end={}ms {}".format("…" + d["id"][-8:], d["state"], d["attempts"], d["workerId"], d["processingMs"], d["endToEndMs"], d["failureReason"] or "")'
    done ;;
  wait-state)
    want="$2"; shift 2; ids_and_deadline "$@"
    for id in "${ids[@]}"; do
      until [ "$(curl -sS "$API/jobs/$id" | json 'd["state"]')" = "$want" ]; do
        if [ $SECONDS -gt $deadline ]; then echo "$id not $want after ${limit}s" >&2; exit 1; fi
        sleep 0.1
      done
      echo "${id:0:8} $want"
    done ;;
  wait-busy)
    worker="$2"; shift 2; ids_and_deadline "$@"
    until curl -sS "$API/jobs?state=Processing&pageSize=100" | python3 -c \
        'import sys, json; sys.exit(0 if any(j["workerId"] == sys.argv[1] for j in json.load(sys.stdin)["items"]) else 1)' "$worker"; do
      if [ $SECONDS -gt $deadline ]; then echo "$worker processed nothing for ${limit}s" >&2; exit 1; fi
      sleep 0.2
    done
    echo "$worker is processing a job" ;;
  handed-back)
    shift; ids_and_deadline "$@"
    for id in "${ids[@]}"; do
      until [ "$(curl -sS "$API/jobs/$id" | json 'd.get("deferrals", 0)')" -gt 0 ]; do
        if [ $SECONDS -gt $deadline ]; then echo "$id not handed back after ${limit}s" >&2; exit 1; fi
        sleep 0.2
      done
      curl -sS "$API/jobs/$id" | json '"{} {:9} attempts={} handed back {}x: {}".format("…" + d["id"][-8:], d["state"], d["attempts"], d["deferrals"], d["failureReason"] or "")'
    done ;;
  count)
    curl -sS "$API/jobs?state=$2&pageSize=1" | json 'd["total"]' ;;
  order)
    shift; file="$(mktemp)"; jobs_json "$@" > "$file"
    python3 - "$file" <<'PY'
import json, sys
jobs = sorted(json.load(open(sys.argv[1])), key=lambda j: (j["finishedAt"] or "~", j["queuedAt"]))
for rank, j in enumerate(jobs, 1):
    finished = (j["finishedAt"] or "-")[11:23]
    print(f"{rank:3} {j['priority']:6} {j['state']:9} …{j['id'][-8:]} queued {j['queuedAt'][11:23]} finished {finished}")
PY
    rm -f "$file" ;;
  once)
    shift; file="$(mktemp)"; jobs_json "$@" > "$file"
    status=0; python3 - "$file" <<'PY' || status=$?
import json, sys
jobs = json.load(open(sys.argv[1]))
twice = [f"…{j['id'][-8:]}: {j['attempts']} attempts" for j in jobs if j["attempts"] != 1]
total = sum(j["attempts"] for j in jobs)
print(f"{len(jobs)} jobs, {total} attempts in all" + ("; not once: " + ", ".join(twice) if twice else ": each one sent and run once"))
sys.exit(1 if twice else 0)
PY
    rm -f "$file"; exit "$status" ;;
  started-after)
    after="$2"; shift 2; file="$(mktemp)"; jobs_json "$@" > "$file"
    status=0; python3 - "$after" "$file" <<'PY' || status=$?
import json, sys
from datetime import datetime
def at(text):  # "…T05:33:38.1234567Z" (7 digits from .NET) or "…T05:33:38.123Z": to the microsecond, UTC
    whole, _, fraction = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{whole}.{(fraction + '000000')[:6]}+00:00")
after, jobs = at(sys.argv[1]), json.load(open(sys.argv[2]))
early = ["…" + j["id"][-8:] for j in jobs if j["startedAt"] is None or at(j["startedAt"]) < after]
print(f"{len(jobs) - len(early)} of {len(jobs)} jobs started after {sys.argv[1]}" + (": not " + ", ".join(early) if early else ""))
sys.exit(1 if early else 0)
PY
    rm -f "$file"; exit "$status" ;;
  figures)
    out="$2" dest="$3"; mkdir -p "$dest"
    # The newest file matching each pattern, under the name the guide shows it by.
    while read -r pattern name; do
      file="$(ls -t $out/$pattern 2>/dev/null | head -1 || true)"
      if [ -n "$file" ]; then cp "$file" "$dest/$name"; echo "$dest/$name <- $file"; else echo "missing: $out/$pattern" >&2; fi
    done <<'LIST'
scaling/compare.png scaling.png
failure/bulk-*.throughput.png worker-failure.png
burst-queues.png burst-queue-depth.png
burst/burst-*.throughput.png burst-throughput.png
overload-compared/compare.png overload.png
ops-compared/compare.png operations.png
outage/rate-*.throughput.png broker-outage.png
prefetch/compare.png prefetch.png
cluster/rate-*.throughput.png cluster-node-stop.png
LIST
    ;;
  mark)
    echo "$(date +%s.%N) ${*:3}" >> "$2" ;;
  longest-gap)
    python3 - "$2" <<'PY'
import csv, sys
done = sorted(float(r["finished_ms"]) for r in csv.DictReader(open(sys.argv[1])) if r["outcome"] == "Completed" and r["finished_ms"])
gaps = [(b - a, a, b) for a, b in zip(done, done[1:])]
if not gaps: sys.exit("fewer than two completions")
gap, a, b = max(gaps)
print(f"{len(done)} completed; longest time without a completion: {gap / 1000:.1f} s (from {a / 1000:.1f} s to {b / 1000:.1f} s into the run)")
PY
    ;;
  *) sed -n '2,26p' "$0"; exit 2 ;;
esac
