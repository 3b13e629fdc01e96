#!/usr/bin/env bash
# Captures the fixtures the Monitoring parsers are tested against, from a real system: a private RabbitMQ node and
# s3rver (the app host's servers, scripts/run-local.sh --servers-only), and the Api, Worker and Notifier in distributed
# mode, all on loopback.
# Queue 100 jobs with no worker running (ready > 0, consumers 0), then start one worker and capture the queue
# draining (real publish/deliver/ack rates) and drained, two corrupt uploads ending in process-image_error.
#
#   Tests/Queues.Monitoring.Tests/Fixtures/capture.sh      (ports below; override with the same env vars as run-local.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export RABBITMQ_PORT="${RABBITMQ_PORT:-46791}" RABBITMQ_MANAGEMENT_PORT="${RABBITMQ_MANAGEMENT_PORT:-46792}"
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-46793}" S3_PORT="${S3_PORT:-46794}"
export QUEUES_RUN_DIR="${QUEUES_RUN_DIR:-$root/.run/capture}" CONTROL_PORT="${CONTROL_PORT:-46798}" EPMD_PORT="${EPMD_PORT:-46799}"
api=http://127.0.0.1:46795 notifier=http://127.0.0.1:46797 mgmt="http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/scripts/run-local.sh" stop || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "capture failed at line $LINENO; the services said:" >&2; tail -n 15 "$work"/*.log >&2' ERR

echo "==> build, start RabbitMQ and s3rver"
rm -rf "$QUEUES_RUN_DIR/rabbitmq/mnesia"   # durable queues would keep the last capture's messages
dotnet build "$root/AppHost" -v q -nologo >/dev/null   # and the Api, Worker and Notifier it runs
BUILD_CONFIGURATION=Debug QUEUES_SKIP_BUILD=1 "$root/scripts/run-local.sh" --servers-only

export Bus__Transport=RabbitMq Bus__Port="$RABBITMQ_PORT" Bus__Host=127.0.0.1
export Storage__Provider=Minio Storage__Endpoint="127.0.0.1:$S3_PORT" Storage__AccessKey=S3RVER Storage__SecretKey=S3RVER
export Database__ConnectionString="Data Source=$work/jobs.db" Bus__ManagementUrl="$mgmt" QueueMetrics__PollInterval=00:00:01
start() { # name url dll
  echo "==> $1 on $2"
  ASPNETCORE_URLS="$2" dotnet "$root/$1/bin/Debug/net10.0/Queues.$1.dll" --contentRoot "$root/$1" > "$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "$2/health/live" >/dev/null && return; sleep 0.5; done
  echo "$1 did not start; see $work/$1.log" >&2; cat "$work/$1.log" >&2; exit 1
}
start Api "$api"
start Notifier "$notifier"
Worker__Id=capture-worker start Worker http://127.0.0.1:46796   # declares process-image (its error queue comes with the first fault)
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'

jobs=100
echo "==> upload $jobs jobs and 2 corrupt ones with no worker running"
python3 - "$work/photo.png" <<'PY'   # a 1600x1200 gradient PNG, without an image library
import struct, sys, zlib
w, h = 1600, 1200
rows = b"".join(b"\0" + bytes(v for x in range(w) for v in (x * 255 // w, y * 255 // h, 128)) for y in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
head -c 30000 "$work/photo.png" > "$work/corrupt.png"
for batch in $(seq 1 $((jobs / 20))); do
  uploads=()
  for i in $(seq 1 20); do
    curl -sf -o /dev/null -F "file=@$work/photo.png" -F operations=resize:1200x900,blur:3,sepia,watermark:Queues "$api/jobs" & uploads+=($!)
  done
  wait "${uploads[@]}"
done
for i in 1 2; do curl -sf -o /dev/null -F "file=@$work/corrupt.png" "$api/jobs"; done

# The management API refreshes its counts every 5 s: wait until it shows what happened.
queue_says() { # python condition over q (process-image) and e (its error queue, {} until declared); seconds to wait
  for _ in $(seq 1 "${2:-60}"); do
    curl -sf -u guest:guest "$mgmt/api/queues/%2F" > "$work/queues.json" || true
    python3 -c "import json,sys; qs={q['name']:q for q in json.load(open('$work/queues.json'))}; q=qs.get('process-image',{}); e=qs.get('process-image_error',{}); sys.exit(0 if ($1) else 1)" 2>/dev/null && return
    sleep 1
  done
  echo "the broker never showed: $1" >&2; exit 1
}
queue_says "q.get('messages_ready', 0) >= $jobs + 2"
sleep 2   # and the Api's gauges, which poll every second
curl -sf -u guest:guest "$mgmt/api/queues" > "$here/rabbitmq-queues-waiting.json"
curl -sf "$api/metrics" > "$here/api-metrics-waiting.txt"

echo "==> start one worker (two images at a time) and capture it draining the queue"
Worker__Id=capture-worker Worker__Concurrency=2 Bus__PrefetchCount=4 start Worker http://127.0.0.1:46796
queue_says "q.get('consumers', 0) >= 1 and 0 < q.get('messages_ready', 0) < $jobs and q.get('message_stats', {}).get('ack_details', {}).get('rate', 0) > 0"
curl -sf -u guest:guest "$mgmt/api/queues" > "$here/rabbitmq-queues-draining.json"
curl -sf "$notifier/stats" > "$here/notifier-stats-draining.json"
queue_says "q.get('messages_ready', 1) == 0 and q.get('messages_unacknowledged', 1) == 0 and e.get('messages_ready', 0) == 2" 600
sleep 2
curl -sf -u guest:guest "$mgmt/api/queues" > "$here/rabbitmq-queues-drained.json"
curl -sf -u guest:guest "$mgmt/api/overview" > "$here/rabbitmq-overview.json"
curl -sf "$api/metrics" > "$here/api-metrics-drained.txt"
curl -sf "$notifier/metrics" > "$here/notifier-metrics.txt"
curl -sf "$notifier/stats" > "$here/notifier-stats.json"
curl -sf http://127.0.0.1:46796/metrics > "$here/worker-metrics.txt"
echo "==> a standalone Api (in-memory bus; queue gauges from the jobs table), 40 jobs, one at a time"
standalone=http://127.0.0.1:46798
unset Bus__Transport Storage__Provider Bus__ManagementUrl
Database__ConnectionString="Data Source=$work/standalone.db" Storage__LocalPath="$work/objects" Worker__Id=standalone-worker Worker__Concurrency=1 \
  start Api "$standalone"
uploads=()
for i in $(seq 1 40); do
  curl -sf -o /dev/null -F "file=@$work/photo.png" -F operations=blur:4,sepia,resize:1200x900,watermark:Queues "$standalone/jobs" & uploads+=($!)
done
wait "${uploads[@]}"
sleep 1.2   # one gauge poll, with the jobs still going through the in-process worker
curl -sf "$standalone/metrics" > "$here/standalone-metrics-busy.txt"
curl -sf "$standalone/stats" > "$here/standalone-stats-busy.json"
for _ in $(seq 1 60); do
  [ "$(curl -sf "$standalone/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["completed"])')" -ge 40 ] && break; sleep 1
done
sleep 2
curl -sf "$standalone/metrics" > "$here/standalone-metrics.txt"
curl -sf "$standalone/stats" > "$here/standalone-stats.json"

version="$(curl -sf -u guest:guest "$mgmt/api/overview" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rabbitmq_version"])')"
echo "captured by capture.sh (this folder) from RabbitMQ $version and the Api, Worker and Notifier on $(date -u +%FT%TZ)" > "$here/CAPTURED.txt"
ls -l "$here"
