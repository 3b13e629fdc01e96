#!/usr/bin/env bash
# The distributed system as local processes, driven from the shell (the lab, the tests; `dotnet run --project AppHost`
# starts the same under .NET Aspire, with one dashboard): a private RabbitMQ node and an
# S3 server (scripts/services.sh), then the Api, N workers and the Notifier, each with its own log.
#   scripts/run-local.sh [N] [--replicas K] [--cluster] [--prometheus]   start (default 2 workers, 1 Api)
#       --replicas K  K Api replicas (ports REPLICA_BASE_PORT+1..+K, 5011…) on a private PostgreSQL server (PG_PORT, 5433),
#                     behind nginx on API_PORT (scripts/nginx.sh): the one URL to use. K=1: one Api on API_PORT, SQLite
#       --cluster     a 3-node RabbitMQ cluster (scripts/cluster.sh) with quorum queues instead of the single node
#       --prometheus  also Debian's Prometheus server scraping every process (scripts/prometheus.sh), on :9091
#   scripts/run-local.sh stop    stop every process it started, then the services
# QUEUES_LAB=1 in the environment: lab mode. The Api (with --replicas, the first replica only) is the lab's controller
# (docs/decisions/0011): its /lab endpoints and the dashboard's Lab panel run these same scripts to add, kill and stop
# (with --cluster, the panel's broker buttons stop and start one node: scripts/cluster.sh node-stop|node-start N).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
logs="$QUEUES_RUN_DIR/logs" pids="$QUEUES_RUN_DIR/pids"
mkdir -p "$logs" "$pids"

if [ "${1:-}" = "stop" ]; then
  scripts/prometheus.sh stop
  scripts/scale_workers.sh 0
  scripts/nginx.sh stop
  hosts=()
  for file in "$pids"/api*.pid "$pids/notifier.pid"; do
    [ -f "$file" ] || continue
    echo "stopping $(basename "$file" .pid) (pid $(cat "$file"))"; kill "$(cat "$file")" 2>/dev/null || true; hosts+=("$file")
  done
  # Gone before the broker and the storage stop under them (each finishes its work first).
  for file in "${hosts[@]}"; do await_exit "$(basename "$file" .pid)" "$(cat "$file")"; rm -f "$file"; done
  scripts/services.sh stop
  if [ -f "$QUEUES_RUN_DIR/cluster.env" ]; then scripts/cluster.sh stop; rm -f "$QUEUES_RUN_DIR/cluster.env"; fi
  exit 0
fi

workers=2 replicas=1 prometheus="" cluster=""
usage() { echo "usage: $0 [N] [--replicas K] [--cluster] [--prometheus] | stop" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --prometheus) prometheus=1 ;;
    --cluster) cluster=1 ;;
    --replicas) shift; [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] || usage; replicas="$1" ;;
    *[!0-9]*|"") usage ;;
    *) workers="$1" ;;
  esac
  shift
done
if [ "$replicas" -gt 1 ]; then
  # Several replicas share one jobs database: SQLite is one file on one host, so PostgreSQL (services.sh starts it).
  export Database__Provider=Postgres
  export Database__ConnectionString="Host=127.0.0.1;Port=${PG_PORT:-5433};Username=postgres;Database=queues"
fi
if [ -n "$cluster" ]; then
  scripts/cluster.sh start
  scripts/services.sh storage-start
  [ "$replicas" -gt 1 ] && scripts/services.sh postgres-start
  mgmt="${CLUSTER_MANAGEMENT_PORTS:-15672}"
  # local.env reads this file too, so scale_workers.sh puts later workers on the cluster as well.
  printf 'export Bus__ClusterNodes=%s Bus__QuorumQueues=true Bus__ManagementUrl=http://127.0.0.1:%s/\n' \
    "$(scripts/cluster.sh nodes)" "${mgmt%%,*}" > "$QUEUES_RUN_DIR/cluster.env"
  source "$QUEUES_RUN_DIR/cluster.env"
else
  scripts/services.sh start
fi
if [ -z "${QUEUES_SKIP_BUILD:-}" ]; then
  echo "==> dotnet build -c $BUILD_CONFIGURATION"
  dotnet build Queues.sln -c "$BUILD_CONFIGURATION" -v quiet -nologo -clp:ErrorsOnly
fi

start() { # name project port [VAR=value...]
  local name="$1" project="$2" port="$3"; shift 3
  if [ -f "$pids/$name.pid" ] && pid_running "$(cat "$pids/$name.pid")"; then echo "$name: already running"; return; fi
  # From the project folder: that is the content root, so the host loads its own appsettings.json and serves wwwroot.
  # (exec keeps one PID from the subshell to dotnet: the one written below is the one to stop.)
  (cd "$project" && exec env "$@" nohup dotnet "bin/$BUILD_CONFIGURATION/net10.0/Queues.$project.dll" --urls "http://127.0.0.1:$port") \
    > "$logs/$name.log" 2>&1 &
  echo $! > "$pids/$name.pid"
  echo "$name: pid $! on http://127.0.0.1:$port, log $logs/$name.log"
}
wait_ready() { for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return; sleep 1; done; echo "not ready on port $1; see $logs" >&2; exit 1; }

lab=()
if [ -n "${QUEUES_LAB:-}" ]; then
  lab=(Lab__Enabled=true "Lab__RepoRoot=$PWD" "Lab__RunDir=$(cd "$QUEUES_RUN_DIR" && pwd)")
  echo "lab mode: the Api is the lab's controller (GET /lab, the dashboard's Lab panel)"
fi
if [ "$replicas" -eq 1 ]; then
  start api Api "$API_PORT" "${lab[@]}"
  wait_ready "$API_PORT"
else
  ports=()
  for i in $(seq 1 "$replicas"); do
    ports+=("$((REPLICA_BASE_PORT + i))")
    if [ "$i" -eq 1 ]; then start "api-$i" Api "$((REPLICA_BASE_PORT + i))" "${lab[@]}"; else start "api-$i" Api "$((REPLICA_BASE_PORT + i))"; fi
    # The first replica creates and migrates the database before the others start.
    [ "$i" -gt 1 ] || wait_ready "$((REPLICA_BASE_PORT + 1))"
  done
  for port in "${ports[@]}"; do wait_ready "$port"; done
  scripts/nginx.sh start "$API_PORT" "${ports[@]}"
  wait_ready "$API_PORT"
fi
start notifier Notifier "$NOTIFIER_PORT"
scripts/scale_workers.sh "$workers"
wait_ready "$NOTIFIER_PORT"
[ -n "$prometheus" ] && scripts/prometheus.sh start

cat <<INFO

Running. Dashboard and Api: http://127.0.0.1:$API_PORT   Swagger: http://127.0.0.1:$API_PORT/swagger
RabbitMQ management: ${Bus__ManagementUrl} (guest/guest)   S3 server: http://$Storage__Endpoint
INFO
[ "$replicas" -gt 1 ] && echo "$replicas Api replicas on ports $((REPLICA_BASE_PORT + 1))-$((REPLICA_BASE_PORT + replicas)) behind nginx on $API_PORT; jobs database: PostgreSQL on 127.0.0.1:${PG_PORT:-5433}"
if [ "$Auth__Mode" = "ApiKey" ]; then
  echo "Auth: ApiKey mode. Operator key (also in $QUEUES_API_KEY_FILE): $QUEUES_API_KEY"
  echo "  e.g. curl -H \"X-Api-Key: \$(cat $QUEUES_API_KEY_FILE)\" http://127.0.0.1:$API_PORT/jobs"
else
  echo "Auth: open (Auth__Mode=None): no key needed"
fi
[ -n "$prometheus" ] && echo "Prometheus: http://127.0.0.1:${PROMETHEUS_PORT:-9091}   e.g. sum(queues_jobs_completed_total)"
echo "Scale: scripts/scale_workers.sh N      Stop everything: scripts/run-local.sh stop"
