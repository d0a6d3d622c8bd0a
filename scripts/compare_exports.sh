#!/usr/bin/env bash
# Whether two checkouts of truceline give the same exports, byte for byte: each runs
# examples/ (the first checkout's copy, read from one path so that `source` fields agree)
# and the seeds (../shared/seeds) into a fresh store and exports JSON Lines, CSV and
# GeoJSON; the script compares them and exits 1 on any difference. It uses this
# checkout's virtual environment with each checkout's src/ first on the path.
#
#   git worktree add /tmp/before <commit>; git worktree add /tmp/after <commit>
#   scripts/compare_exports.sh /tmp/before /tmp/after
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
BEFORE=$(cd "$1" && pwd)
AFTER=$(cd "$2" && pwd)
SEEDS=${SEEDS:-$ROOT/../shared/seeds}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$BEFORE/examples" "$WORK/examples"

exports() {  # exports CHECKOUT OUT
  local src=$1 out=$2
  mkdir -p "$out"
  for name in examples seeds; do
    local corpus=$WORK/examples
    [ "$name" = seeds ] && corpus=$SEEDS
    (cd "$src" && PYTHONPATH="$src/src" "$PY" -m truceline.cli run "$corpus" \
      --db "$out/$name.db" -q --no-timeline >"$out/$name.log" 2>&1) || true
    for format in jsonl csv geojson; do
      (cd "$src" && PYTHONPATH="$src/src" "$PY" -m truceline.cli export \
        --db "$out/$name.db" --format "$format" -o "$out/$name.$format" >/dev/null)
    done
  done
}

exports "$BEFORE" "$WORK/before"
exports "$AFTER" "$WORK/after"
status=0
for name in examples seeds; do
  for format in jsonl csv geojson; do
    if cmp -s "$WORK/before/$name.$format" "$WORK/after/$name.$format"; then
      echo "$name.$format: identical"
    else
      echo "$name.$format: DIFFERENT"
      status=1
    fi
  done
done
exit $status
