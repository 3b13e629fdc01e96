#!/usr/bin/env bash
# A private RabbitMQ node (with the management UI) and an S3-compatible server, on 127.0.0.1, for machines
# without Docker; with Database__Provider=Postgres (or QUEUES_POSTGRES=1) a private PostgreSQL server beside them
# (scripts/postgres.sh, data in the services folder). State, logs and PIDs live under $QUEUES_SERVICES_DIR
# (default $QUEUES_RUN_DIR/services, .run/services).
#
#   scripts/services.sh start|stop|status
#   scripts/services.sh broker-stop|broker-start     stop/start RabbitMQ only (the node's VM stays up)
#   scripts/services.sh storage-stop|storage-start   stop/start the S3 server only
#   scripts/services.sh postgres-stop|postgres-start stop/start PostgreSQL only
#
# Ports: RABBITMQ_PORT (5672), RABBITMQ_MANAGEMENT_PORT (15672), RABBITMQ_DIST_PORT (25672), S3_PORT (9000), PG_PORT (5433),
# EPMD_PORT (the distribution port + 1: a port mapper of this node's own, so stopping it stops no one else's node).
# Everything listens on 127.0.0.1 only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${QUEUES_SERVICES_DIR:-${QUEUES_RUN_DIR:-$root/.run}/services}"
amqp="${RABBITMQ_PORT:-5672}"
mgmt="${RABBITMQ_MANAGEMENT_PORT:-15672}"
dist="${RABBITMQ_DIST_PORT:-25672}"
epmd_port="${EPMD_PORT:-$((dist + 1))}"
s3port="${S3_PORT:-9000}"
rabbit_bin=/usr/lib/rabbitmq/bin

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# The /usr/sbin wrappers switch to the rabbitmq user; the ones in /usr/lib/rabbitmq/bin run as us, with our HOME.
export HOME="$dir/rabbitmq/home"
export RABBITMQ_NODENAME="queues-$amqp@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$amqp"
export RABBITMQ_DIST_PORT="$dist"
export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$epmd_port"
# The distribution listener (the node's, and each CLI tool's own) binds to all interfaces unless told otherwise.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_MNESIA_BASE="$dir/rabbitmq/mnesia"
export RABBITMQ_LOG_BASE="$dir/rabbitmq/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/rabbitmq/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq/rabbitmq"
# The Erlang CLI tools need the cookie folder even to report "not running"; their crash dumps stay here too.
export ERL_CRASH_DUMP="$dir/rabbitmq/erl_crash.dump"
mkdir -p "$HOME"

rabbit_running() { "$rabbit_bin/rabbitmq-diagnostics" -q check_running >/dev/null 2>&1; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_rabbit() {
  if rabbit_running; then echo "rabbitmq: already running ($RABBITMQ_NODENAME)"; return; fi
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  cat > "$RABBITMQ_CONFIG_FILE.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
# Queue depths and rates in the management API every second, not every 5 s (RabbitMQ's default sampling and
# retention), so that the lab's plots and monitor queues show a burst rise and drain, not 5-second steps.
collect_statistics_interval = 1000
management.sample_retention_policies.global.minute = 1
management.sample_retention_policies.basic.minute = 1
management.sample_retention_policies.detailed.10 = 1
CONF
  "$rabbit_bin/rabbitmq-plugins" --offline enable rabbitmq_management >/dev/null
  echo "rabbitmq: starting $RABBITMQ_NODENAME on 127.0.0.1:$amqp (management http://127.0.0.1:$mgmt, guest/guest)"
  nohup "$rabbit_bin/rabbitmq-server" > "$RABBITMQ_LOG_BASE/console.log" 2>&1 &
  echo $! > "$dir/rabbitmq.pid"
  for _ in $(seq 1 60); do rabbit_running && { echo "rabbitmq: ready"; return; }; sleep 1; done
  echo "rabbitmq: did not start; see $RABBITMQ_LOG_BASE" >&2; exit 1
}

stop_rabbit() {
  if rabbit_running; then
    echo "rabbitmq: stopping $RABBITMQ_NODENAME"
    "$rabbit_bin/rabbitmqctl" -q shutdown >/dev/null 2>&1 || true
  fi
  if pid_alive "$dir/rabbitmq.pid"; then kill "$(cat "$dir/rabbitmq.pid")" 2>/dev/null || true; fi
  rm -f "$dir/rabbitmq.pid"
  # The Erlang VM leaves its port mapper running; this one is ours alone (its own port), and refuses to die while a node uses it.
  if epmd -port "$epmd_port" -names >/dev/null 2>&1; then echo "epmd: stopping (port $epmd_port)"; epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true; fi
}

start_s3() {
  if pid_alive "$dir/s3.pid"; then echo "s3: already running"; return; fi
  local s3rver="$root/.tools/s3rver/node_modules/s3rver/bin/s3rver.js"
  [ -f "$s3rver" ] || "$root/scripts/install-test-deps.sh"
  mkdir -p "$dir/s3"
  echo "s3: starting s3rver on http://127.0.0.1:$s3port (any access key; data in $dir/s3)"
  nohup node "$s3rver" -d "$dir/s3" -a 127.0.0.1 -p "$s3port" --silent --allow-mismatched-signatures > "$dir/s3.log" 2>&1 &
  echo $! > "$dir/s3.pid"
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$s3port/" && { echo "s3: ready"; return; }; sleep 0.1; done
  echo "s3: did not start; see $dir/s3.log" >&2; exit 1
}

stop_s3() {
  if pid_alive "$dir/s3.pid"; then echo "s3: stopping"; kill "$(cat "$dir/s3.pid")"; fi
  rm -f "$dir/s3.pid"
}

pg_wanted() { [ "${Database__Provider:-}" = "Postgres" ] || [ -n "${QUEUES_POSTGRES:-}" ]; }
postgres() { PG_DATA="$dir/postgres" PG_PORT="${PG_PORT:-5433}" "$root/scripts/postgres.sh" "$@"; }
# Stopped whenever this folder has one, however it was started.
stop_postgres() { if [ -f "$dir/postgres/PG_VERSION" ]; then postgres stop; fi; }

case "${1:-}" in
  start) start_rabbit; start_s3; if pg_wanted; then postgres start; fi ;;
  stop) stop_s3; stop_rabbit; stop_postgres ;;
  status)
    rabbit_running && echo "rabbitmq: running ($RABBITMQ_NODENAME, 127.0.0.1:$amqp)" || echo "rabbitmq: stopped"
    pid_alive "$dir/s3.pid" && echo "s3: running (127.0.0.1:$s3port)" || echo "s3: stopped"
    if [ -f "$dir/postgres/PG_VERSION" ]; then postgres status >/dev/null 2>&1 && echo "postgres: running (127.0.0.1:${PG_PORT:-5433})" || echo "postgres: stopped"; fi ;;
  broker-stop) echo "rabbitmq: stop_app"; "$rabbit_bin/rabbitmqctl" -q stop_app ;;
  broker-start) echo "rabbitmq: start_app"; "$rabbit_bin/rabbitmqctl" -q start_app ;;
  storage-stop) stop_s3 ;;
  storage-start) start_s3 ;;
  postgres-stop) stop_postgres ;;
  postgres-start) postgres start ;;
  rabbitmqctl) shift; exec "$rabbit_bin/rabbitmqctl" "$@" ;;
  *) echo "usage: $0 start|stop|status|broker-stop|broker-start|storage-stop|storage-start|postgres-stop|postgres-start|rabbitmqctl ARGS" >&2; exit 2 ;;
esac
