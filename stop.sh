#!/usr/bin/env bash
# Stops the docker-compose system; add -v to delete its volumes (queues, objects, jobs database).
set -euo pipefail
cd "$(dirname "$0")"
echo "==> docker-compose down $*"
docker-compose down "$@"
