#!/usr/bin/env bash
# Builds and starts the distributed system with docker-compose (needs a Docker engine).
# On a machine without Docker, use scripts/run-local.sh instead.
set -euo pipefail
cd "$(dirname "$0")"
workers="${1:-3}"
echo "==> docker-compose up: rabbitmq, minio, api, notifier, $workers workers"
docker-compose up -d --build --scale worker="$workers"
echo "Api, Swagger, dashboard: http://localhost:8080  (Swagger: /swagger)"
echo "RabbitMQ management:     http://localhost:15672 (guest/guest)"
echo "MinIO console:           http://localhost:9001  (minioadmin/minioadmin)"
if [ "${QUEUES_AUTH_MODE:-ApiKey}" = "ApiKey" ]; then
  # The Api writes the operator key it created on first start into its data volume (docs/security.md, "Keys").
  key=""
  for _ in $(seq 1 60); do key="$(docker-compose exec -T api cat /data/operator.key 2>/dev/null)" && [ -n "$key" ] && break; sleep 1; done
  echo "Operator API key:        ${key:-not written yet: docker-compose exec api cat /data/operator.key}"
fi
