#!/usr/bin/env bash
# The distributed system under the Aspire app host (AppHost/), started in the background for a shell: the lab, the
# guide, the measure scripts. `dotnet run --project AppHost` in a terminal is the same in the foreground.
#   scripts/run-local.sh [N] [--replicas K] [--cluster] [--prometheus]   start (2 workers, 1 Api); returns when all are ready
#       --replicas K  K Api replicas on a private PostgreSQL server, behind nginx on API_PORT: the one URL to use
#       --cluster     a 3-node RabbitMQ cluster with quorum queues instead of the single node
#       --prometheus  also Debian's Prometheus server scraping every process, on :9091
#       --servers-only  the servers and no host of ours (the tests run their own): with --postgres a PostgreSQL server too,
#                     with API_UPSTREAMS=p1,p2 nginx on API_PORT in front of them, with --prometheus and PROMETHEUS_WORKERS
#       --postgres-only  a PostgreSQL server alone, on PG_PORT
#   scripts/run-local.sh stop    stop the app host, which stops every process it started
# QUEUES_LAB=1: lab mode (docs/decisions/0011), the Api is the lab's controller. The ports and the run folder come from
# scripts/local.env (each overridable from the environment); `scripts/lab.sh workers N` scales, and so on (scripts/lab.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
mkdir -p "$QUEUES_RUN_DIR"
QUEUES_RUN_DIR="$(cd "$QUEUES_RUN_DIR" && pwd)"
pidfile="$QUEUES_RUN_DIR/apphost.pid" log="$QUEUES_RUN_DIR/apphost.log"

stop_all() {
  [ -f "$pidfile" ] || { echo "not running (no $pidfile)"; return 0; }
  local pid file; pid="$(cat "$pidfile")"
  if pid_running "$pid"; then
    echo "stopping the app host (pid $pid) and everything it started"
    kill -TERM "$pid" 2>/dev/null || true
    await_exit "app host" "$pid" 120
  fi
  # Aspire's orchestrator stops the resources as the app host goes: wait for each process the run folder names (a host
  # that hangs in its stop is killed).
  for file in "$QUEUES_RUN_DIR"/pids/*.pid; do
    [ -f "$file" ] || continue
    await_exit "$(basename "$file" .pid)" "$(cat "$file")" 90; rm -f "$file"
  done
  rm -f "$pidfile"
}
if [ "${1:-}" = "stop" ]; then stop_all; exit 0; fi

workers=2 args=() servers_only=""
usage() { echo "usage: $0 [N] [--replicas K] [--cluster] [--prometheus] | --servers-only [--cluster] [--postgres] [--prometheus] | --postgres-only | stop" >&2; exit 2; }
# A start that fails leaves nothing running: what the app host started is stopped, then the reason is given.
fail() { stop_all > /dev/null 2>&1 || true; echo "$1" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --prometheus) args+=(--Queues:Prometheus=true) ;;
    --servers-only) servers_only=1; args+=(--Queues:Hosts=false --Queues:Dashboard=false) ;;
    --postgres) args+=(--Queues:Postgres=true) ;;
    --postgres-only) servers_only=1; args+=(--Queues:Hosts=false --Queues:Dashboard=false --Queues:Broker=false --Queues:Storage=false --Queues:Postgres=true) ;;
    --cluster) args+=(--Queues:Cluster=true "--Queues:EpmdPort=${CLUSTER_EPMD_PORT:-$EPMD_PORT}") ;;
    --replicas) shift; [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] || usage; args+=("--Queues:ApiReplicas=$1") ;;
    *[!0-9]*|"") usage ;;
    *) workers="$1" ;;
  esac
  shift
done
if [ -f "$pidfile" ] && pid_running "$(cat "$pidfile")"; then echo "running already (pid $(cat "$pidfile")); scripts/run-local.sh stop first" >&2; exit 1; fi
if [ -z "${QUEUES_SKIP_BUILD:-}" ]; then
  echo "==> dotnet build AppHost -c $BUILD_CONFIGURATION (the app host and every host it runs)"
  dotnet build AppHost -c "$BUILD_CONFIGURATION" -v quiet -nologo -clp:ErrorsOnly
fi

settings=(--Queues:Workers="$workers" --Queues:RunDirectory="$QUEUES_RUN_DIR" --Queues:AuthMode="$Auth__Mode"
  --Queues:ApiPort="$API_PORT" --Queues:NotifierPort="$NOTIFIER_PORT" --Queues:WorkerBasePort="$WORKER_BASE_PORT"
  --Queues:ReplicaBasePort="$REPLICA_BASE_PORT" --Queues:PostgresPort="$PG_PORT" --Queues:AmqpPort="$RABBITMQ_PORT"
  --Queues:ManagementPort="$RABBITMQ_MANAGEMENT_PORT" --Queues:DistributionPort="$RABBITMQ_DIST_PORT" --Queues:S3Port="$S3_PORT"
  --Queues:EpmdPort="$EPMD_PORT" --Queues:PrometheusPort="$PROMETHEUS_PORT" --Queues:ControlPort="$CONTROL_PORT"
  --Queues:RetentionMaxAge="$Retention__MaxAge" --Queues:Lab="$([ -n "${QUEUES_LAB:-}" ] && echo true || echo false)")
[ -n "${CLUSTER_AMQP_PORTS:-}" ] && settings+=(--Queues:ClusterAmqpPorts="$CLUSTER_AMQP_PORTS")
[ -n "${CLUSTER_MANAGEMENT_PORTS:-}" ] && settings+=(--Queues:ClusterManagementPorts="$CLUSTER_MANAGEMENT_PORTS")
[ -n "${CLUSTER_DIST_PORTS:-}" ] && settings+=(--Queues:ClusterDistributionPorts="$CLUSTER_DIST_PORTS")
[ -n "${QUEUES_API_KEY:-}" ] && settings+=(--Queues:OperatorKey="$QUEUES_API_KEY")
[ -n "${QUEUES_S3RVER:-}" ] && settings+=(--Queues:S3rverPath="$QUEUES_S3RVER")
[ -n "${API_UPSTREAMS:-}" ] && settings+=(--Queues:ApiUpstreams="$API_UPSTREAMS")
[ -n "${PROMETHEUS_WORKERS:-}" ] && settings+=(--Queues:PrometheusWorkerTargets="$PROMETHEUS_WORKERS")
[ -n "${PROMETHEUS_SCRAPE_INTERVAL:-}" ] && settings+=(--Queues:PrometheusScrapeInterval="$PROMETHEUS_SCRAPE_INTERVAL")

# In a session of its own (setsid), so that the stop can reach whatever of it is left; from AppHost/, its content root.
(cd AppHost && ASPNETCORE_URLS="http://127.0.0.1:$DASHBOARD_PORT" DOTNET_ENVIRONMENT=Development ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  DOTNET_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$OTLP_PORT" DOTNET_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$RESOURCE_SERVICE_PORT" \
  exec setsid nohup dotnet "bin/$BUILD_CONFIGURATION/net10.0/Queues.AppHost.dll" "${settings[@]}" "${args[@]}") > "$log" 2>&1 &
echo $! > "$pidfile"
echo "app host: pid $!, log $log; waiting for every process to be ready (a cluster takes about a minute)"

# Ready: every process the app host was to start runs and is healthy (the Api, the workers and the Notifier answer
# /health/ready; the broker, its port), its PID file written; a one-shot (a cluster's join) finished.
for _ in $(seq 1 600); do
  token="$(cat "$QUEUES_RUN_DIR/control.token" 2>/dev/null || true)"
  status="$(curl -s -o "$QUEUES_RUN_DIR/ready.json" -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$CONTROL_PORT/ready" || true)"
  [ "$status" = 200 ] && break
  [ "$status" = 500 ] && fail "failed to start: $(cat "$QUEUES_RUN_DIR/ready.json"); see $QUEUES_RUN_DIR/logs (stopped)"
  pid_running "$(cat "$pidfile")" || { tail -n 30 "$log" >&2; fail "the app host exited; see $log"; }
  sleep 0.5
done
[ "$status" = 200 ] || fail "not ready after 300 s: $(cat "$QUEUES_RUN_DIR/ready.json"); see $log and $QUEUES_RUN_DIR/logs (stopped)"
[ -n "$servers_only" ] && { echo "Servers only, ready: $(python3 -c 'import json, sys; print(", ".join(r["name"] for r in json.load(open(sys.argv[1]))))' "$QUEUES_RUN_DIR/ready.json")"; exit 0; }

cat <<INFO

Running. Dashboard and Api: http://127.0.0.1:$API_PORT   Swagger: http://127.0.0.1:$API_PORT/swagger
Aspire dashboard (every process's logs, traces, metrics): $(grep -o 'http://[^ ]*login?t=[0-9a-f]*' "$log" | head -n 1 || echo "http://127.0.0.1:$DASHBOARD_PORT")
Logs: $QUEUES_RUN_DIR/logs/NAME.log   PIDs: $QUEUES_RUN_DIR/pids/NAME.pid
INFO
if [ "$Auth__Mode" = "ApiKey" ]; then
  echo "Auth: ApiKey mode. Operator key (also in $QUEUES_RUN_DIR/operator.key): $(cat "$QUEUES_RUN_DIR/operator.key")"
  echo "  e.g. curl -H \"X-Api-Key: \$(cat $QUEUES_RUN_DIR/operator.key)\" http://127.0.0.1:$API_PORT/jobs"
else
  echo "Auth: open (Auth__Mode=None): no key needed"
fi
echo "Scale: scripts/lab.sh workers N      Stop everything: scripts/run-local.sh stop"
