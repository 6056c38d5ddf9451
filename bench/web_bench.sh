#!/usr/bin/env bash
# The web pages' benchmark (issue 7): the demo authority at scale 1 (about 77,000 children) in a
# fresh SQLite file, served by the release build, and 20 signed-in users each asking for pages as
# My work, a child's record and a search (bench/web_load.mjs), first as people work (about a second
# on each page), then flat out (the next request the moment a page arrives). Prints the page
# times' 50th, 95th and 99th percentiles per page. The load runs on the same two cores as the
# server, so the figures include its cost.
#
#   bench/web_bench.sh HAVEN_BINARY
#   (BENCH_WEB_SCALE, BENCH_WEB_USERS, BENCH_WEB_SECONDS, BENCH_WEB_THINK_MS)
set -euo pipefail

haven="$(realpath "${1:?usage: $0 HAVEN_BINARY}")"
root="$(cd "$(dirname "$0")/.." && pwd)"
scale="${BENCH_WEB_SCALE:-1}"
work="$(mktemp -d)"
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bash "$root/scripts/web.sh" >/dev/null
echo "web bench: building the demo authority at scale $scale"
"$haven" demo --database "sqlite:$work/web.db" --scale "$scale" --seed 1 >"$work/demo.log" 2>&1 ||
  { tail -20 "$work/demo.log" >&2; exit 1; }
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
printf 'access_log = false\n' >"$work/haven.conf"
"$haven" serve --config "$work/haven.conf" --database "sqlite:$work/web.db" --port "$port" \
  >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "web bench: ${BENCH_WEB_USERS:-20} signed-in users, ${BENCH_WEB_SECONDS:-10} s per page and run"
HAVEN_URL="http://127.0.0.1:$port" USERS="${BENCH_WEB_USERS:-20}" \
  SECONDS="${BENCH_WEB_SECONDS:-10}" THINK_MS="${BENCH_WEB_THINK_MS:-1000}" \
  node "$root/bench/web_load.mjs"
