#!/usr/bin/env bash
# nginx (Debian's package) in front of K Api replicas on loopback: its own prefix, config, logs and pid file in the
# run folder, never the system's; run as an unprivileged user. The proxy settings are deploy/nginx/api-proxy.conf.
#   scripts/nginx.sh start PORT UPSTREAM_PORT...   listen on 127.0.0.1:PORT, balance over 127.0.0.1:UPSTREAM_PORT...
#   scripts/nginx.sh stop
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${QUEUES_RUN_DIR:-$root/.run}/nginx"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
pidfile="$dir/nginx.pid"

case "${1:-}" in
  start)
    [ $# -ge 3 ] || { echo "usage: $0 start PORT UPSTREAM_PORT..." >&2; exit 2; }
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is not installed: run scripts/install-test-deps.sh" >&2; exit 1; }
    port="$2"; shift 2
    servers=""; for upstream in "$@"; do servers+="        server 127.0.0.1:$upstream;"$'\n'; done
    # The temp paths are set here: Debian's build points them into /var/lib/nginx, which an unprivileged user cannot write.
    cat > "$dir/nginx.conf" <<CONF
pid $dir/nginx.pid;
error_log $dir/error.log warn;
worker_processes 1;
events {}
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    upstream queues_api {
$servers        keepalive 32;
    }
    server {
        listen 127.0.0.1:$port;
        include $root/deploy/nginx/api-proxy.conf;
    }
}
CONF
    # nginx started by root would keep a root master process: as root, run it as the package's www-data user.
    as_user=(); if [ "$(id -u)" -eq 0 ]; then chown -R www-data: "$dir"; as_user=(runuser -u www-data --); fi
    "${as_user[@]}" nginx -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
    echo "nginx: on http://127.0.0.1:$port in front of $(printf '127.0.0.1:%s ' "$@")(log $dir/error.log)"
    "${as_user[@]}" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
    for _ in $(seq 1 50); do [ -s "$pidfile" ] && exit 0; sleep 0.1; done
    echo "nginx: did not start; see $dir/error.log" >&2; exit 1
    ;;
  stop)
    if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "nginx: stopping (pid $(cat "$pidfile"))"
      kill -QUIT "$(cat "$pidfile")"
      for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile" 2>/dev/null || echo 0)" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
    ;;
  *) echo "usage: $0 start PORT UPSTREAM_PORT... | stop" >&2; exit 2 ;;
esac
