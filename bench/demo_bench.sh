#!/usr/bin/env bash
# The synthetic authority benchmark (issue 5): wall time and peak memory of `haven demo` at scale 1
# (a borough of Doncaster's size, target under 60 s) and scale 3 (a large county) on SQLite, and at
# scale 1 on PostgreSQL (run this script under scripts/with-postgres.sh for that).
#
#   bench/demo_bench.sh HAVEN_BINARY
#
# BENCH_DEMO_SCALES (default "1 3") and BENCH_DEMO_PG_SCALE (default 1; 0 skips PostgreSQL) change
# the sizes. Prints one line per run: backend, scale, children, seconds, peak resident memory.
set -euo pipefail

haven="${1:?usage: $0 HAVEN_BINARY}"
scales="${BENCH_DEMO_SCALES:-1 3}"
pg_scale="${BENCH_DEMO_PG_SCALE:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Runs `haven demo` and prints its figures; GNU time gives the peak resident set.
run() {
  local backend=$1 scale=$2 url=$3
  local out="$work/out" times="$work/time"
  if ! /usr/bin/time -f "%e %M" -o "$times" "$haven" demo --database "$url" --scale "$scale" \
       --seed 1 >"$out" 2>"$work/err"; then
    echo "demo_bench: haven demo failed on $backend at scale $scale:" >&2
    tail -5 "$work/err" >&2
    exit 1
  fi
  local children seconds kb
  children=$(sed -n 's/.* \([0-9][0-9]*\) children$/\1/p' "$out" | head -1)
  read -r seconds kb <"$times"
  printf 'demo %-10s scale %-4s %7s children  %7.1f s  peak %6.0f MB\n' \
    "$backend" "$scale" "$children" "$seconds" "$((kb / 1024))"
}

for scale in $scales; do
  rm -f "$work"/demo.db*
  run sqlite "$scale" "sqlite:$work/demo.db"
done
if [[ $pg_scale != 0 ]]; then
  if [[ -z ${HAVEN_TEST_POSTGRES_URL:-} ]]; then
    echo "demo_bench: no PostgreSQL (run under scripts/with-postgres.sh); skipped" >&2
  else
    run postgres "$pg_scale" "$HAVEN_TEST_POSTGRES_URL"
  fi
fi
