#!/usr/bin/env bash
# Fair dispatch against first come, first served on the same two-tenant backlog, side by side (issue 26): the distributed
# system (scripts/run-local.sh, ApiKey mode, WORKERS workers, default 2) started afresh for each round with
# Tenants:Dispatch=Fair or FirstComeFirstServed, alternating which goes first. Each round: a warm-up of 200 demo jobs,
# a wait for the 1-minute load average to fall to QUIET (default 1.5, at most QUIET_WAIT s), then tenant "flood" queues
# FLOOD demo jobs (default 1000, POST /jobs/batch: the built-in 1200×900 JPEG, resize 320x320 + grayscale) and at once
# tenant "small" queues 20, both while processing is paused (queueing 1,000 takes longer than running them), then it
# resumes. Reported per round from the jobs' own times: the throughput of all FLOOD+20 (from the resume to the last
# finished), the small tenant's wait (resume → started) and time to done (resume → finished),
# p50 and p99, and how many of the flood's jobs finished before the small tenant's last; with the load average at the start.
#   scripts/measure-fairness.sh [WORKERS]   (env: ROUNDS (2), FLOOD (1000), QUIET, QUIET_WAIT (240), QUEUES_SKIP_BUILD=1)
# Writes $OUT (default .artifacts/fairness-<time>): rounds.tsv, one JSON of job times per round, fairness.svg (the plot).
set -euo pipefail
cd "$(dirname "$0")/.."
workers="${1:-2}" rounds="${ROUNDS:-2}" flood="${FLOOD:-1000}" quiet="${QUIET:-1.5}" quiet_wait="${QUIET_WAIT:-240}"
base="${OUT:-$PWD/.artifacts/fairness-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$base"
[ "${QUEUES_SKIP_BUILD:-}" = 1 ] || dotnet build Queues.sln -c Release -v q -nologo > "$base/build.log"
export QUEUES_SKIP_BUILD=1 Auth__Mode=ApiKey
API="http://127.0.0.1:${API_PORT:-5000}"

. scripts/measure-lib.sh

completed() { # key: the key's tenant's Completed jobs (an operator's key: every tenant's)
  curl -sf -H "X-Api-Key: $1" "$API/jobs?state=Completed&pageSize=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'
}

wait_completed() { # key count
  local deadline=$((SECONDS + 600))
  until [ "$(completed "$1")" -ge "$2" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "timed out waiting for $2 completed jobs" >&2; return 1; }
    sleep 0.5
  done
}

new_key() { # operator-key tenant: a Submitter key of that tenant
  curl -sf -H "X-Api-Key: $1" -H 'content-type: application/json' \
    -d "{\"tenant\": \"$2\", \"role\": \"Submitter\", \"name\": \"fairness $2\", \"maxJobsInFlight\": 100000}" "$API/keys" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])'
}

jobs_of() { # key: every job of the key's tenant, as JSON lines of its times
  python3 - "$1" "$API" <<'PY'
import json, sys, urllib.request
key, api = sys.argv[1], sys.argv[2]
page = 1
while True:
    request = urllib.request.Request(f"{api}/jobs?pageSize=500&page={page}", headers={"X-Api-Key": key})
    items = json.load(urllib.request.urlopen(request))["items"]
    for j in items:
        print(json.dumps({k: j[k] for k in ("id", "state", "queuedAt", "startedAt", "finishedAt", "attempts")}))
    if len(items) < 500: break
    page += 1
PY
}

printf 'round\tdispatch\tload\tjobs_per_s\tsmall_wait_p50_s\tsmall_wait_p99_s\tsmall_done_p50_s\tsmall_done_p99_s\tflood_done_before_small\n' > "$base/rounds.tsv"
for round in $(seq 1 "$rounds"); do
  order="Fair FirstComeFirstServed"; [ $((round % 2)) = 0 ] && order="FirstComeFirstServed Fair"
  for dispatch in $order; do
    run="$base/$dispatch-$round"
    export QUEUES_RUN_DIR="$run" Tenants__Dispatch="$dispatch"
    trap 'scripts/run-local.sh stop > "$QUEUES_RUN_DIR/stop.log" 2>&1' EXIT
    scripts/run-local.sh "$workers" > "$base/start-$dispatch-$round.log" 2>&1 || { cat "$base/start-$dispatch-$round.log"; exit 1; }
    ops=$(cat "$run/operator.key")
    flood_key=$(new_key "$ops" flood); small_key=$(new_key "$ops" small)
    curl -sf -X POST -H "X-Api-Key: $ops" "$API/jobs/batch?count=200" > /dev/null
    wait_completed "$ops" 200
    waited=$(settle); load=$(cut -d' ' -f1 /proc/loadavg)
    # Queued while paused, so that the flood is a backlog when the workers start (queueing 1,000 takes longer than
    # running them); the times count from the resume.
    curl -sf -X POST -H "X-Api-Key: $ops" "$API/processing/pause" > /dev/null
    until curl -sf -H "X-Api-Key: $ops" "$API/workers" | python3 -c 'import json, sys
w = [x for x in json.load(sys.stdin) if x["online"]]
sys.exit(0 if len(w) >= int(sys.argv[1]) and all(x["paused"] for x in w) else 1)' "$workers"; do sleep 0.5; done
    curl -sf -X POST -H "X-Api-Key: $flood_key" "$API/jobs/batch?count=$flood" > /dev/null
    curl -sf -X POST -H "X-Api-Key: $small_key" "$API/jobs/batch?count=20" > /dev/null
    resumed=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
    curl -sf -X POST -H "X-Api-Key: $ops" "$API/processing/resume" > /dev/null
    wait_completed "$flood_key" "$flood"; wait_completed "$small_key" 20
    { jobs_of "$flood_key" | sed 's/^/flood /'; jobs_of "$small_key" | sed 's/^/small /'; } > "$run.jobs"
    echo "$resumed" > "$run.resumed"
    scripts/run-local.sh stop > "$run/stop.log" 2>&1
    trap - EXIT
    python3 - "$run.jobs" "$round" "$dispatch" "$load" "$resumed" >> "$base/rounds.tsv" <<'PY'
import json, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
path, round_, dispatch, load, resumed = sys.argv[1:]
resumed = t(resumed[:26] + "Z")
jobs = {"flood": [], "small": []}
for line in open(path):
    tenant, body = line.split(" ", 1)
    jobs[tenant].append(json.loads(body))
every = jobs["flood"] + jobs["small"]
assert all(j["state"] == "Completed" for j in every), "a job did not complete"
span = max(t(j["finishedAt"]) for j in every) - resumed
def pct(values, p):
    values = sorted(values); return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]
wait = [t(j["startedAt"]) - resumed for j in jobs["small"]]
done = [t(j["finishedAt"]) - resumed for j in jobs["small"]]
small_last = max(t(j["finishedAt"]) for j in jobs["small"])
flood_before = sum(1 for j in jobs["flood"] if t(j["finishedAt"]) <= small_last)
print("\t".join([round_, dispatch, load, f"{len(every) / span:.1f}", f"{pct(wait, 50):.2f}", f"{pct(wait, 99):.2f}",
                 f"{pct(done, 50):.2f}", f"{pct(done, 99):.2f}", str(flood_before)]))
PY
    tail -1 "$base/rounds.tsv" | awk -F'\t' -v w="$waited" '{printf "== round %s %s: %s jobs/s; small tenant wait p50 %s s p99 %s s, done p50 %s s p99 %s s; %s of the flood done before the small tenant'"'"'s last; load average at start %s (after %s s waiting)\n", $1, $2, $4, $5, $6, $7, $8, $9, $3, w}'
  done
done

# The plot: each round's 20 small-tenant waits (resume → started), one row per round, on a log scale of seconds.
python3 - "$base" > "$base/fairness.svg" <<'PY'
import glob, json, math, os, sys
from datetime import datetime
base = sys.argv[1]
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
rows = []
for path in sorted(glob.glob(os.path.join(base, "*.jobs"))):
    name = os.path.basename(path)[:-5]
    small = [json.loads(l.split(" ", 1)[1]) for l in open(path) if l.startswith("small ")]
    resumed = t(open(path[:-5] + ".resumed").read().strip()[:26] + "Z")
    rows.append((name, [max(0.01, t(j["startedAt"]) - resumed) for j in small]))
W, left, top, step = 760, 230, 40, 34
H = top + step * len(rows) + 50
lo, hi = 0.01, 100.0
x = lambda v: left + (math.log10(min(max(v, lo), hi)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * (W - left - 20)
out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="13">',
       f'<text x="{left}" y="20" font-weight="bold">Small tenant: wait from the resume to its start, each of its 20 jobs (log scale)</text>']
for tick in (0.01, 0.1, 1, 10, 100):
    out.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 8}" y2="{H - 40}" stroke="#ccc"/>')
    out.append(f'<text x="{x(tick):.1f}" y="{H - 22}" text-anchor="middle">{tick:g} s</text>')
for i, (name, waits) in enumerate(rows):
    y = top + step * i + step / 2
    colour = "#1b7837" if name.startswith("Fair") else "#b2182b"
    out.append(f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">{name.replace("FirstComeFirstServed", "first come, first served")}</text>')
    out += [f'<circle cx="{x(v):.1f}" cy="{y:.1f}" r="4" fill="{colour}" fill-opacity="0.6"/>' for v in waits]
out.append("</svg>")
print("\n".join(out))
PY
echo "rounds: $base/rounds.tsv; plot: $base/fairness.svg"
