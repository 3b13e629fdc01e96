#!/usr/bin/env bash
# Standalone throughput against the raw ceiling (BENCHMARKS §3): the Api in its default standalone mode (in-memory bus,
# SQLite, local folder) on a fresh data folder, one warm-up bulk run, then ROUNDS (default 3) of: raw libvips thumbnails on
# one thread per core for 10 s (the ceiling), then COUNT (default 400) uploads of an MP-megapixel photo (default 3) at
# concurrency 8; a last ceiling closes. Each run's ratio is its jobs/s over the mean of the ceilings before and after it.
# Prints the load average and the Api's CPU per job with each run. Stops what it started.
#   scripts/measure-standalone.sh         (env: MP, ROUNDS, COUNT, PORT, QUIET, QUIET_WAIT, QUEUES_SKIP_BUILD=1)
set -uo pipefail
cd "$(dirname "$0")/.."
mp="${MP:-3}" rounds="${ROUNDS:-3}" count="${COUNT:-400}" port="${PORT:-5181}"
quiet="${QUIET:-2.5}" quiet_wait="${QUIET_WAIT:-150}" hz=$(getconf CLK_TCK)
if [ -z "${QUEUES_SKIP_BUILD:-}" ]; then dotnet build Queues.sln -c Release -v quiet -nologo -clp:ErrorsOnly || exit 1; fi
data=$(mktemp -d /tmp/queues-standalone-XXXXXX)
(cd Api && exec env Storage__LocalPath="$data/objects" Database__ConnectionString="Data Source=$data/queues.db" \
  dotnet bin/Release/net10.0/Queues.Api.dll --urls "http://127.0.0.1:$port") > "$data/api.log" 2>&1 &
api=$!
trap 'kill "$api" 2>/dev/null; wait "$api" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null || { echo "the Api did not start:"; tail -20 "$data/api.log"; exit 1; }

. scripts/measure-lib.sh
ceiling() { dotnet Benchmarks/bin/Release/net10.0/Queues.Benchmarks.dll raw-ceiling --megapixels "$mp" --seconds 10 | grep -oE '[0-9.]+ images/s' | tail -1 | cut -d' ' -f1; }
bulk() {
  dotnet LoadTest/bin/Release/net10.0/Queues.LoadTest.dll bulk --count "$1" --concurrency 8 --sizes "$mp" \
    --url "http://127.0.0.1:$port" --quiet --out "$data/lt" --label "$2" > "$data/$2.log" 2>&1
  grep -oE 'throughput +│ +[0-9.]+ jobs/s' "$data/$2.log" | grep -oE '[0-9.]+' | tail -1
}
api_ticks() { awk '{print $14+$15}' "/proc/$api/stat"; }

echo "### standalone, $mp MP, $count jobs a round, concurrency 8"
bulk 100 warmup > /dev/null
settle > /dev/null; before=$(ceiling)
for i in $(seq 1 "$rounds"); do
  settle > /dev/null; load=$(cut -d' ' -f1-3 /proc/loadavg); t0=$(api_ticks)
  jobs=$(bulk "$count" "round$i"); t1=$(api_ticks)
  completed=$(grep -oE 'completed +│ +[0-9]+' "$data/round$i.log" | grep -oE '[0-9]+$')
  settle > /dev/null; after=$(ceiling)
  awk -v i="$i" -v b="$before" -v a="$after" -v j="$jobs" -v c="$completed" -v n="$count" -v d=$((t1 - t0)) -v hz="$hz" -v l="$load" \
    'BEGIN {printf "round %d: ceiling %.1f, %.1f images/s; %.2f jobs/s (%s of %d completed); ratio %.2f; Api %.1f core-ms/job; load at start %s\n", i, b, a, j, c, n, j / ((b + a) / 2), d * 1000 / hz / n, l}'
  before=$after
done
