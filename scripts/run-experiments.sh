#!/usr/bin/env bash
# Runs the guide's runnable command blocks, in order, in one shell, so the classroom guide cannot rot.
# A block fenced as ```bash lab runs; ```bash lab-cleanup runs at the end whatever happened; plain ```bash
# blocks (docker-compose, long variants) are for reading only. Counts come from variables the blocks
# default (e.g. ${N:-200}); the test suite sets small ones. Each block's run time is printed, and at the end
# the time per section of the guide (the "## " heading the blocks are under): the guide's timetable comes from it.
#   scripts/run-experiments.sh [EXPERIMENTS.md]
#   LAB_SKIP=WORD scripts/run-experiments.sh   leave out the blocks whose fence names WORD (```bash lab WORD),
#                                              e.g. a feature another branch builds; the default runs every block
set -euo pipefail
cd "$(dirname "$0")/.."
guide="${1:-EXPERIMENTS.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$guide" "$work" "${LAB_SKIP:-}" <<'PY'
import re, sys
guide, work, skip = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(guide, encoding="utf-8").read()
blocks = {"lab": [], "lab-cleanup": []}
skipped = 0
# lab-cleanup first: with "lab" first, the alternation takes "lab" and [^\n]* swallows "-cleanup".
for m in re.finditer(r"^```bash (lab-cleanup|lab)([^\n]*)\n(.*?)^```", text, re.S | re.M):
    line = text.count("\n", 0, m.start()) + 1
    if skip and skip in m.group(2).split():
        skipped += 1
        print(f"skipping {guide}:{line} (LAB_SKIP={skip})")
        continue
    headings = re.findall(r"^## (.+)$", text[:m.start()], re.M)
    section = (headings[-1] if headings else "(before the first section)").replace("'", "")
    blocks[m.group(1)].append(
        f"echo '### {guide}:{line} ({section})'; lab_started=$SECONDS\n{m.group(3)}"
        f"printf '%s\\t%s\\n' \"$((SECONDS - lab_started))\" '{section}' >> '{work}/times.tsv'\n"
        f"echo \"### {guide}:{line} took $((SECONDS - lab_started)) s\"")
for kind, body in blocks.items():
    open(f"{work}/{kind}.sh", "w").write("\n".join(body))
print(f"{len(blocks['lab'])} lab blocks, {len(blocks['lab-cleanup'])} cleanup blocks from {guide}" + (f", {skipped} skipped" if skipped else ""))
PY

times() {
  [ -s "$work/times.tsv" ] || return 0
  echo "### time per section (seconds)"
  awk -F'\t' '{ if (!($2 in t)) order[n++] = $2; t[$2] += $1; all += $1 } END { for (i = 0; i < n; i++) printf "%6d  %s\n", t[order[i]], order[i]; printf "%6d  in all\n", all }' "$work/times.tsv"
}
# The cleanup runs even when a block fails, so no process or service is left behind.
cleanup() { status=$?; times; echo "### cleanup"; bash "$work/lab-cleanup.sh" || true; rm -rf "$work"; exit "$status"; }
trap cleanup EXIT
bash -euo pipefail "$work/lab.sh"
echo "### all lab blocks passed"
