#!/usr/bin/env bash
# Installs, when missing, what the tests and the local distributed mode run against:
#   RabbitMQ (Debian package), an S3-compatible server (s3rver from npm), Chromium (Debian package),
#   docker-compose v1 (Debian package; it validates the compose file, no engine needed),
#   dockerfile-utils (npm; lints the Dockerfile),
#   Prometheus (Debian package prometheus: promtool validates deploy/prometheus/*.yml; the app host runs the server
#   privately, for --prometheus and the EndToEnd tests),
#   PostgreSQL (Debian package postgresql; private servers from the app host, as the replicas and the schema tests use them),
#   nginx (Debian package; the load balancer in front of several Api replicas, run privately by the app host).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v promtool >/dev/null || missing+=(prometheus)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package may start a system node on 5672; this project runs its own private nodes instead.
if pgrep -u rabbitmq -f beam >/dev/null 2>&1; then
  echo "==> stopping the system RabbitMQ node started by the package"
  sudo_if_needed service rabbitmq-server stop >/dev/null 2>&1 || true
  sudo_if_needed update-rc.d rabbitmq-server disable >/dev/null 2>&1 || true
fi
# Where the package started a system nginx (on port 80), it is stopped: this project runs its own on loopback.
if pgrep -x nginx -u root >/dev/null 2>&1 && [ -f /run/nginx.pid ]; then
  echo "==> stopping the system nginx started by the package"
  sudo_if_needed service nginx stop >/dev/null 2>&1 || true
  sudo_if_needed update-rc.d nginx disable >/dev/null 2>&1 || true
fi
# The package starts a system server on 9090; this project runs its own, on loopback ports of its own.
if pgrep -u prometheus -x prometheus >/dev/null 2>&1; then
  echo "==> stopping the Prometheus server started by the package"
  sudo_if_needed service prometheus stop >/dev/null 2>&1 || true
  # Not started again at boot either (no-op where there is no sysvinit link).
  sudo_if_needed update-rc.d prometheus disable >/dev/null 2>&1 || true
fi

s3rver=.tools/s3rver/node_modules/s3rver
if [ ! -f "$s3rver/package.json" ]; then
  echo "==> npm install s3rver@3.7.1 (into .tools/s3rver)"
  npm install --prefix .tools/s3rver --no-audit --no-fund --silent s3rver@3.7.1 >/dev/null
fi
# s3rver writes a wrong XML namespace, with which the Minio SDK reads every listing as empty.
if grep -rqs "doc.s3.amazonaws.com/2006-03-01" "$s3rver/lib/controllers"; then
  sed -i 's#http://doc.s3.amazonaws.com/2006-03-01/#http://s3.amazonaws.com/doc/2006-03-01/#g' "$s3rver"/lib/controllers/*.js
fi
lint=.tools/dockerfile-utils/node_modules/.bin/dockerfile-utils
if [ ! -x "$lint" ]; then
  echo "==> npm install dockerfile-utils@0.16.3 (into .tools/dockerfile-utils)"
  npm install --prefix .tools/dockerfile-utils --no-audit --no-fund --silent dockerfile-utils@0.16.3 >/dev/null
fi
echo "==> test dependencies ready (rabbitmq-server, s3rver, chromium, docker-compose, dockerfile-utils, prometheus, postgresql, nginx)"
