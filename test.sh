#!/usr/bin/env bash
# Runs every test, installing first what the tests need that is not on the machine yet.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Imaging]
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh

results=".artifacts/test-results"
rm -rf "$results"
echo "==> dotnet test (results in $results)"
# One test project at a time: several start real servers, and the machine has 2 cores.
dotnet test Queues.sln -m:1 --logger "trx" --results-directory "$results" "$@"
