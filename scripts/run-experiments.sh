#!/usr/bin/env bash
# Runs the guide's runnable command blocks, in order, in one shell, so the classroom guide cannot rot.
# A block fenced as ```bash lab runs; ```bash lab-cleanup runs at the end whatever happened; plain ```bash
# blocks (docker-compose, long variants) are for reading only. Counts come from variables the blocks
# default (e.g. ${N:-200}); the test suite sets small ones.
#   scripts/run-experiments.sh [EXPERIMENTS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
guide="${1:-EXPERIMENTS.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$guide" "$work" <<'PY'
import re, sys
guide, work = sys.argv[1], sys.argv[2]
text = open(guide, encoding="utf-8").read()
blocks = {"lab": [], "lab-cleanup": []}
# lab-cleanup first: with "lab" first, the alternation takes "lab" and [^\n]* swallows "-cleanup".
for m in re.finditer(r"^```bash (lab-cleanup|lab)[^\n]*\n(.*?)^```", text, re.S | re.M):
    line = text.count("\n", 0, m.start()) + 1
    blocks[m.group(1)].append(f'echo "### {guide}:{line}"\n{m.group(2)}')
for kind, body in blocks.items():
    open(f"{work}/{kind}.sh", "w").write("\n".join(body))
print(f"{len(blocks['lab'])} lab blocks, {len(blocks['lab-cleanup'])} cleanup blocks from {guide}")
PY

# The cleanup runs even when a block fails, so no process or service is left behind.
cleanup() { status=$?; echo "### cleanup"; bash "$work/lab-cleanup.sh" || true; rm -rf "$work"; exit "$status"; }
trap cleanup EXIT
bash -euo pipefail "$work/lab.sh"
echo "### all lab blocks passed"
