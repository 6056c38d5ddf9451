#!/usr/bin/env bash
# The management-information benchmark (issue 8): a large county (the demo authority at scale 3,
# ten years of history) in a fresh SQLite file, then bench/mi_bench.cc over it: the time to read
# every child's facts, a full recompute of every KPI, and the refresh after one new event.
#
#   bench/mi_bench.sh MI_BENCH_BINARY HAVEN_BINARY   (BENCH_MI_SCALE, default 3)
set -euo pipefail

bench="$(realpath "${1:?usage: $0 MI_BENCH_BINARY HAVEN_BINARY}")"
haven="$(realpath "${2:?usage: $0 MI_BENCH_BINARY HAVEN_BINARY}")"
scale="${BENCH_MI_SCALE:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "mi bench: building the demo authority at scale $scale"
"$haven" demo --database "sqlite:$work/mi.db" --scale "$scale" --seed 1 >"$work/demo.log" 2>&1 ||
  { tail -20 "$work/demo.log" >&2; exit 1; }
# About 65,000 children aged 0 to 17 per unit of scale (a borough of Doncaster's size).
"$bench" "sqlite:$work/mi.db" "$(awk -v s="$scale" 'BEGIN { printf "%d", 65000 * s }')"
