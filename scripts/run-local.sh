#!/usr/bin/env bash
# The distributed system as local processes, for machines without Docker: a private RabbitMQ node and an
# S3 server (scripts/services.sh), then the Api, N workers and the Notifier, each with its own log.
#   scripts/run-local.sh [N] [--prometheus] [--traces]   start (default 2 workers)
#       --prometheus  also Debian's Prometheus server scraping every process (scripts/prometheus.sh), on :9091
#       --traces      also the Aspire dashboard as trace viewer (scripts/trace-viewer.sh), on :18888; the services send it OTLP
#   scripts/run-local.sh stop    stop every process it started, then the services
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
logs="$QUEUES_RUN_DIR/logs" pids="$QUEUES_RUN_DIR/pids"
mkdir -p "$logs" "$pids"

if [ "${1:-}" = "stop" ]; then
  scripts/trace-viewer.sh stop
  scripts/prometheus.sh stop
  scripts/scale_workers.sh 0
  for name in api notifier; do
    if [ -f "$pids/$name.pid" ]; then echo "stopping $name (pid $(cat "$pids/$name.pid"))"; kill "$(cat "$pids/$name.pid")" 2>/dev/null || true; rm -f "$pids/$name.pid"; fi
  done
  scripts/services.sh stop
  exit 0
fi

workers=2 prometheus="" traces=""
for arg in "$@"; do
  case "$arg" in
    --prometheus) prometheus=1 ;;
    --traces) traces=1 ;;
    *[!0-9]*|"") echo "usage: $0 [N] [--prometheus] [--traces] | stop" >&2; exit 2 ;;
    *) workers="$arg" ;;
  esac
done
scripts/services.sh start
if [ -n "$traces" ]; then
  scripts/trace-viewer.sh start
  # Every process started below inherits it: ServiceDefaults turns the OTLP exporter on when it is set.
  export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:${OTLP_PORT:-4317}"
fi
if [ -z "${QUEUES_SKIP_BUILD:-}" ]; then
  echo "==> dotnet build -c $BUILD_CONFIGURATION"
  dotnet build Queues.sln -c "$BUILD_CONFIGURATION" -v quiet -nologo -clp:ErrorsOnly
fi

start() { # name project port [VAR=value...]
  local name="$1" project="$2" port="$3"; shift 3
  if [ -f "$pids/$name.pid" ] && kill -0 "$(cat "$pids/$name.pid")" 2>/dev/null; then echo "$name: already running"; return; fi
  # From the project folder: that is the content root, so the host loads its own appsettings.json and serves wwwroot.
  # (exec keeps one PID from the subshell to dotnet: the one written below is the one to stop.)
  (cd "$project" && exec env "$@" nohup dotnet "bin/$BUILD_CONFIGURATION/net10.0/Queues.$project.dll" --urls "http://127.0.0.1:$port") \
    > "$logs/$name.log" 2>&1 &
  echo $! > "$pids/$name.pid"
  echo "$name: pid $! on http://127.0.0.1:$port, log $logs/$name.log"
}
wait_ready() { for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return; sleep 1; done; echo "not ready on port $1; see $logs" >&2; exit 1; }

start api Api "$API_PORT"
wait_ready "$API_PORT"
start notifier Notifier "$NOTIFIER_PORT"
scripts/scale_workers.sh "$workers"
wait_ready "$NOTIFIER_PORT"
[ -n "$prometheus" ] && scripts/prometheus.sh start

cat <<INFO

Running. Dashboard and Api: http://127.0.0.1:$API_PORT   Swagger: http://127.0.0.1:$API_PORT/swagger
RabbitMQ management: ${Bus__ManagementUrl} (guest/guest)   S3 server: http://$Storage__Endpoint
INFO
if [ "$Auth__Mode" = "ApiKey" ]; then
  echo "Auth: ApiKey mode. Operator key (also in $QUEUES_API_KEY_FILE): $QUEUES_API_KEY"
  echo "  e.g. curl -H \"X-Api-Key: \$(cat $QUEUES_API_KEY_FILE)\" http://127.0.0.1:$API_PORT/jobs"
else
  echo "Auth: open (Auth__Mode=None): no key needed"
fi
[ -n "$prometheus" ] && echo "Prometheus: http://127.0.0.1:${PROMETHEUS_PORT:-9091}   e.g. sum(queues_jobs_completed_total)"
[ -n "$traces" ] && echo "Traces (Aspire dashboard): http://127.0.0.1:${TRACE_VIEWER_PORT:-18888}/traces"
echo "Scale: scripts/scale_workers.sh N      Stop everything: scripts/run-local.sh stop"
