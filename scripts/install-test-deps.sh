#!/usr/bin/env bash
# Installs what the tests run against, when missing: nothing is downloaded outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> test dependencies: nothing extra needed yet"
