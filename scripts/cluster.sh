#!/usr/bin/env bash
# A 3-node RabbitMQ cluster on 127.0.0.1 for machines without Docker: three private nodes run as our user,
# one Erlang cookie and one port mapper (epmd) of their own, nodes 2 and 3 joined to node 1. State, logs and
# PIDs live under $QUEUES_CLUSTER_DIR (default $QUEUES_RUN_DIR/cluster, .run/cluster).
#
#   scripts/cluster.sh start|stop|status
#   scripts/cluster.sh node-stop N|node-start N     stop/start node N (1-3) alone: the failover drill
#   scripts/cluster.sh node-kill N                  SIGKILL node N's Erlang VM: a crash, with no graceful hand-over
#   scripts/cluster.sh leader QUEUE                 the node leading a quorum queue (e.g. process-image)
#   scripts/cluster.sh nodes                        the AMQP node list for Bus__ClusterNodes
#   scripts/cluster.sh rabbitmqctl N ARGS           rabbitmqctl against node N
#
# Ports (comma-separated, one per node): CLUSTER_AMQP_PORTS (5672,5673,5674), CLUSTER_MANAGEMENT_PORTS
# (15672,15673,15674), CLUSTER_DIST_PORTS (25672,25682,25692); CLUSTER_EPMD_PORT (4370). Loopback only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${QUEUES_CLUSTER_DIR:-${QUEUES_RUN_DIR:-$root/.run}/cluster}"
IFS=, read -r -a amqp <<< "${CLUSTER_AMQP_PORTS:-5672,5673,5674}"
IFS=, read -r -a mgmt <<< "${CLUSTER_MANAGEMENT_PORTS:-15672,15673,15674}"
IFS=, read -r -a dist <<< "${CLUSTER_DIST_PORTS:-25672,25682,25692}"
epmd_port="${CLUSTER_EPMD_PORT:-4370}"
rabbit_bin=/usr/lib/rabbitmq/bin
[ "${#amqp[@]}" -eq 3 ] && [ "${#mgmt[@]}" -eq 3 ] && [ "${#dist[@]}" -eq 3 ] || { echo "each port list needs 3 ports" >&2; exit 2; }

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# One HOME for all three: the Erlang cookie there is what lets the nodes (and the CLI tools) talk to each other.
export HOME="$dir/home"
export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$epmd_port"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
# The distribution listener (each node's, and each CLI tool's own) binds to all interfaces unless told otherwise.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export ERL_CRASH_DUMP="$dir/erl_crash.dump"

name() { echo "queues-c$1@localhost"; }
ctl() { local n="$1"; shift; "$rabbit_bin/rabbitmqctl" -n "$(name "$n")" "$@"; }
running() { "$rabbit_bin/rabbitmq-diagnostics" -n "$(name "$1")" -q check_running >/dev/null 2>&1; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The node's own environment; runs in the caller's subshell.
node_env() {
  local n="$1" i=$(($1 - 1))
  export RABBITMQ_NODENAME="$(name "$n")" RABBITMQ_NODE_PORT="${amqp[$i]}" RABBITMQ_DIST_PORT="${dist[$i]}"
  export RABBITMQ_MNESIA_BASE="$dir/node$n/mnesia" RABBITMQ_LOG_BASE="$dir/node$n/log" RABBITMQ_CONFIG_FILE="$dir/node$n/rabbitmq"
}

cookie() {
  mkdir -p "$HOME"
  [ -f "$HOME/.erlang.cookie" ] && return
  # Written before any node starts: three nodes starting at once would each make a cookie of their own.
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HOME/.erlang.cookie"
  chmod 400 "$HOME/.erlang.cookie"
}

start_node() {
  local n="$1" i=$(($1 - 1))
  if pid_alive "$dir/node$n.pid" && running "$n"; then echo "node $n: already running ($(name "$n"))"; return; fi
  ( node_env "$n"
    mkdir -p "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
    printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' \
      "${amqp[$i]}" "${mgmt[$i]}" > "$RABBITMQ_CONFIG_FILE.conf"
    echo "node $n: starting $RABBITMQ_NODENAME on 127.0.0.1:${amqp[$i]} (management http://127.0.0.1:${mgmt[$i]})"
    # Run from the node's own folder: a node whose working directory was deleted under it (a test's temporary
    # folder) fails at boot in filename:absname with enoent, as a crash dump of an earlier run showed.
    cd "$dir/node$n"
    nohup "$rabbit_bin/rabbitmq-server" > "$RABBITMQ_LOG_BASE/console.log" 2>&1 &
    echo $! > "$dir/node$n.pid" )
}

# The cluster's own port mapper, started before the nodes: three nodes starting at once would otherwise each try to
# start it, and a node that looks for it before it listens does not start.
start_epmd() {
  epmd -port "$epmd_port" -names >/dev/null 2>&1 && return
  epmd -daemon -port "$epmd_port"
  for _ in $(seq 1 50); do epmd -port "$epmd_port" -names >/dev/null 2>&1 && return; sleep 0.2; done
  echo "epmd: not listening on 127.0.0.1:$epmd_port; what holds the port:" >&2
  ss -Htanp "sport = :$epmd_port" >&2 || true
  exit 1
}

# Ready within 180 s, or the reason on stderr: a node whose Erlang VM has exited is not waited for. Each CLI check
# boots an Erlang VM of its own (seconds of CPU on a busy machine), so it runs only once the node's AMQP port listens.
await_node() {
  local n="$1" port="${amqp[$(($1 - 1))]}" deadline=$((SECONDS + 180))
  while [ "$SECONDS" -lt "$deadline" ]; do
    pid_alive "$dir/node$n.pid" || break
    if [ -n "$(ss -Hltn "sport = :$port")" ] && running "$n"; then echo "node $n: ready"; return 0; fi
    sleep 1
  done
  local state; pid_alive "$dir/node$n.pid" && state="still starting after 180 s" || state="its Erlang VM exited"
  echo "node $n: did not start ($state); see $dir/node$n/log. Its last lines:" >&2
  tail -n 15 "$dir/node$n/log/console.log" "$dir/node$n/log/$(name "$n").log" >&2 2>/dev/null || true
  return 1
}

# A node that does not come up is stopped and started once more (the log above says why it failed the first time).
await_or_restart() {
  await_node "$1" && return
  echo "node $1: starting once more" >&2
  stop_node "$1"
  start_node "$1"
  await_node "$1" || exit 1
}

join() {
  local n="$1"
  [ -f "$dir/node$n/joined" ] && return
  echo "node $n: joining $(name 1)"
  ctl "$n" -q stop_app
  ctl "$n" -q join_cluster "$(name 1)"
  ctl "$n" -q start_app
  touch "$dir/node$n/joined"
}

stop_node() {
  local n="$1"
  if running "$n"; then echo "node $n: stopping $(name "$n")"; ctl "$n" -q shutdown >/dev/null 2>&1 || true; fi
  if pid_alive "$dir/node$n.pid"; then kill "$(cat "$dir/node$n.pid")" 2>/dev/null || true; fi
  rm -f "$dir/node$n.pid"
}

# The node's Erlang VM: the child of the rabbitmq-server script whose PID start_node kept.
node_vm() { pid_alive "$dir/node$1.pid" && pgrep -P "$(cat "$dir/node$1.pid")" -x beam.smp || true; }

kill_node() {
  local vm; vm="$(node_vm "$1")"
  [ -n "$vm" ] || { echo "node $1: not running"; return; }
  echo "node $1: SIGKILL (Erlang VM $vm)"
  kill -KILL "$vm"
  while kill -0 "$vm" 2>/dev/null; do sleep 0.1; done
  rm -f "$dir/node$1.pid"
}

stop_all() {
  for n in 1 2 3; do stop_node "$n" & done
  wait
  # The port mapper outlives the nodes; this one is the cluster's alone (its own port).
  if epmd -port "$epmd_port" -names >/dev/null 2>&1; then echo "epmd: stopping (port $epmd_port)"; epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true; fi
}

check_n() { [[ "${1:-}" =~ ^[123]$ ]] || { echo "node number 1, 2 or 3" >&2; exit 2; }; }

case "${1:-}" in
  start)
    cookie
    "$rabbit_bin/rabbitmq-plugins" --offline enable rabbitmq_management >/dev/null
    start_epmd
    for n in 1 2 3; do start_node "$n"; done
    for n in 1 2 3; do await_or_restart "$n"; done
    join 2; join 3
    echo "cluster: $(ctl 1 -q cluster_status --formatter json | grep -o '"running_nodes":\[[^]]*\]')"
    echo "Bus__ClusterNodes=$("$0" nodes)" ;;
  stop) stop_all ;;
  status) for n in 1 2 3; do running "$n" && echo "node $n: running ($(name "$n"), 127.0.0.1:${amqp[$((n - 1))]})" || echo "node $n: stopped"; done ;;
  node-stop) check_n "${2:-}"; stop_node "$2" ;;
  node-kill) check_n "${2:-}"; kill_node "$2" ;;
  node-start) check_n "${2:-}"; start_epmd; start_node "$2"; await_or_restart "$2" ;;
  leader)
    [ -n "${2:-}" ] || { echo "usage: $0 leader QUEUE" >&2; exit 2; }
    for n in 1 2 3; do
      running "$n" || continue
      # "leader" is the quorum queue's Raft leader, e.g. queues-c2@localhost; print its number.
      ctl "$n" -q list_queues name leader --no-table-headers | awk -v q="$2" '$1 == q { sub(/^queues-c/, "", $2); sub(/@.*/, "", $2); print $2 }'
      exit 0
    done
    echo "no node is running" >&2; exit 1 ;;
  nodes) printf '127.0.0.1:%s,127.0.0.1:%s,127.0.0.1:%s\n' "${amqp[@]}" ;;
  rabbitmqctl) check_n "${2:-}"; n="$2"; shift 2; ctl "$n" "$@" ;;
  *) echo "usage: $0 start|stop|status|node-stop N|node-kill N|node-start N|leader QUEUE|nodes|rabbitmqctl N ARGS" >&2; exit 2 ;;
esac
