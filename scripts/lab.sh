#!/usr/bin/env bash
# Small helpers for EXPERIMENTS.md, against $API (default http://127.0.0.1:5000).
#   scripts/lab.sh upload FILE [OPERATIONS]   upload; prints the job id
#   scripts/lab.sh wait ID... [--timeout S]   wait until each job is Completed or Failed; one line per job
#   scripts/lab.sh handed-back ID... [--timeout S]   wait until each job was handed back at least once (storage down)
#   scripts/lab.sh count STATE                how many jobs are in STATE (Queued, Processing, Completed, Failed)
set -euo pipefail
API="${API:-http://127.0.0.1:5000}"
# The key of scripts/run-local.sh (ApiKey mode), if there is one; the open mode needs none.
key="${QUEUES_API_KEY:-$(cat "$(dirname "$0")/../.run/operator.key" 2>/dev/null || true)}"
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

case "${1:-}" in
  upload)
    args=(-F "file=@$2")
    [ -n "${3:-}" ] && args+=(-F "operations=$3")
    response="$(curl -sS "${args[@]}" "$API/jobs")"
    echo "$response" | json 'd.get("id") or ("REFUSED " + str(d.get("status")) + ": " + str(d.get("detail")))' ;;
  wait)
    shift; ids_and_deadline "$@"
    for id in "${ids[@]}"; do
      while :; do
        job="$(curl -sS "$API/jobs/$id")"
        state="$(echo "$job" | json 'd["state"]')"
        if [ "$state" = Completed ] || [ "$state" = Failed ]; then break; fi
        if [ $SECONDS -gt $deadline ]; then echo "$id still $state after ${limit}s" >&2; exit 1; fi
        sleep 0.2
      done
      echo "$job" | json '"{} {:9} attempts={} worker={} processing={}ms end-to-end={}ms {}".format(d["id"][:8], d["state"], d["attempts"], d["workerId"], d["processingMs"], d["endToEndMs"], d["failureReason"] or "")'
    done ;;
  handed-back)
    shift; ids_and_deadline "$@"
    for id in "${ids[@]}"; do
      until [ "$(curl -sS "$API/jobs/$id" | json 'd.get("deferrals", 0)')" -gt 0 ]; do
        if [ $SECONDS -gt $deadline ]; then echo "$id not handed back after ${limit}s" >&2; exit 1; fi
        sleep 0.2
      done
      curl -sS "$API/jobs/$id" | json '"{} {:9} attempts={} handed back {}x: {}".format(d["id"][:8], d["state"], d["attempts"], d["deferrals"], d["failureReason"] or "")'
    done ;;
  count)
    curl -sS "$API/jobs?state=$2&pageSize=1" | json 'd["total"]' ;;
  *) sed -n '2,7p' "$0"; exit 2 ;;
esac
