#!/usr/bin/env bash
# HTTP benchmark: Haven against nginx, measured with wrk in one run.
#
#   bench/http_bench.sh [HAVEN_BINARY]        (default: build/release/haven)
#
# Sets up a throwaway SQLite database with one user, starts `haven serve`, gets an
# API token, then starts nginx serving static copies of Haven's /healthz and
# /api/v1/me responses (same byte sizes) and runs wrk against all four targets:
#   haven /healthz, nginx static (same size), haven /api/v1/me (Bearer token), nginx static.
# Prints requests/s and p99 latency for each and the haven/nginx ratios.
#
# Environment:
#   BENCH_SECONDS          wrk duration per target (default 10)
#   BENCH_CONNECTIONS      wrk connections (default 64)
#   BENCH_WARMUP_SECONDS   unmeasured wrk run before each target (default 1, 0 = none)
#   BENCH_OUT              if set, the results are appended to this file as one JSON line
set -euo pipefail

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
haven="${1:-$repo_dir/build/release/haven}"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-64}"
warmup="${BENCH_WARMUP_SECONDS:-1}"

die() { echo "http_bench: $*" >&2; exit 1; }

[[ $# -le 1 ]] || die "usage: $0 [HAVEN_BINARY]"
[[ -x $haven ]] || die "haven binary not found or not executable: $haven (build it with the release preset)"
haven="$(cd "$(dirname "$haven")" && pwd)/$(basename "$haven")"
for v in BENCH_SECONDS=$seconds BENCH_CONNECTIONS=$connections BENCH_WARMUP_SECONDS=$warmup; do
  [[ ${v#*=} =~ ^[0-9]+$ ]] || die "${v%%=*} must be a whole number, got '${v#*=}'"
done
((seconds > 0 && connections > 0)) || die "BENCH_SECONDS and BENCH_CONNECTIONS must be positive"
threads=2
((connections >= threads)) || threads=$connections
cores="$(nproc)"

if ! command -v wrk >/dev/null || ! command -v curl >/dev/null ||
   ! { command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]]; }; then
  "$repo_dir/scripts/deps.sh" bench >&2
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

# --- clean-up: both servers and the temp folder, whatever happens ----------------------
dir=""
haven_pid=""
nginx_pid=""
stop_process() {  # PID: SIGTERM, wait up to 5 s, then SIGKILL
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap '' INT TERM
  trap - EXIT
  [[ -z $haven_pid ]] || stop_process "$haven_pid"
  [[ -z $nginx_pid ]] || stop_process "$nginx_pid"
  [[ -z $dir ]] || rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dir="$(mktemp -d -t haven-bench.XXXXXX)"
mkdir -p "$dir/www" "$dir/tmp"

# --- helpers ------------------------------------------------------------------------------
port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
pick_port() {  # [PORT_TO_AVOID]
  local port=$((20000 + RANDOM % 40000)) tries
  for ((tries = 0; tries < 200; tries++)); do
    if [[ $port != "${1:-}" ]] && ! port_in_use "$port"; then echo "$port"; return 0; fi
    port=$((port + 1)); ((port <= 60000)) || port=20000
  done
  die "no free port found"
}

show_log() {  # FILE...: print logs to stderr, for failures
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    echo "--- $(basename "$f")" >&2
    tail -n 40 "$f" >&2
  done
}

# First string value of KEY anywhere in the JSON file (jq if present, else sed).
json_string() {  # FILE KEY
  if command -v jq >/dev/null; then
    jq -r --arg k "$2" 'first(.. | objects | .[$k]? | strings) // empty' "$1" 2>/dev/null || true
  else
    sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$1" | head -n 1
  fi
}

wait_for_http() {  # URL PID LOG...: wait up to 10 s for URL to answer 2xx while PID lives
  local url=$1 pid=$2 i
  shift 2
  for ((i = 0; i < 100; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log "$@"
      die "server exited before answering $url"
    fi
    sleep 0.1
  done
  show_log "$@"
  die "no answer from $url within 10 s"
}

# --- Haven --------------------------------------------------------------------------------
db="sqlite:$dir/bench.db"
password="bench-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
haven_port="$(pick_port)"
haven_url="http://127.0.0.1:$haven_port"

if ! "$haven" migrate --database "$db" >"$dir/setup.log" 2>&1 ||
   ! printf '%s\n' "$password" |
     "$haven" user add --database "$db" --username bench --name "Bench User" \
       --role social_worker --password-stdin >>"$dir/setup.log" 2>&1; then
  show_log "$dir/setup.log"
  die "haven migrate / user add failed"
fi

"$haven" serve --database "$db" --port "$haven_port" </dev/null >"$dir/haven.log" 2>&1 &
haven_pid=$!
wait_for_http "$haven_url/healthz" "$haven_pid" "$dir/haven.log"

http() {  # EXPECTED_STATUS NAME CURL_ARGS...: saves body to $dir/NAME.body, headers to $dir/NAME.headers
  local want=$1 name=$2 code
  shift 2
  code="$(curl -sS -o "$dir/$name.body" -D "$dir/$name.headers" -w '%{http_code}' --max-time 10 "$@")" ||
    die "request '$name' failed"
  if [[ $code != "$want" ]]; then
    show_log "$dir/$name.body" "$dir/haven.log"
    die "request '$name' answered HTTP $code, expected $want"
  fi
}

http 201 session -H 'Content-Type: application/json' \
  --data "{\"username\":\"bench\",\"password\":\"$password\"}" "$haven_url/api/v1/session"
session_cookie="$(tr -d '\r' <"$dir/session.headers" |
  sed -n 's/^[Ss]et-[Cc]ookie:[[:space:]]*\(haven_session=[^;]*\).*/\1/p' | head -n 1)"
csrf="$(json_string "$dir/session.body" csrf_token)"
[[ -n $session_cookie ]] || die "login set no haven_session cookie"
[[ -n $csrf ]] || die "login response has no csrf_token"

http 201 tokens -H 'Content-Type: application/json' -H "Cookie: $session_cookie" \
  -H "X-CSRF-Token: $csrf" -H "Origin: $haven_url" --data '{"name":"bench"}' "$haven_url/api/v1/tokens"
token="$(json_string "$dir/tokens.body" token)"
[[ $token == hvn_* ]] || die "token response has no hvn_ token"
auth_header="Authorization: Bearer $token"

http 200 healthz "$haven_url/healthz"
http 200 me -H "$auth_header" "$haven_url/api/v1/me"
healthz_bytes="$(wc -c <"$dir/healthz.body")"
me_bytes="$(wc -c <"$dir/me.body")"

# --- nginx: static copies of the two responses, so the bodies have the same sizes ----------
cp "$dir/healthz.body" "$dir/www/healthz.json"
cp "$dir/me.body" "$dir/www/me.json"
nginx_port="$(pick_port "$haven_port")"
nginx_url="http://127.0.0.1:$nginx_port"

user_directive=""
[[ $EUID -ne 0 ]] || user_directive="user root;"  # workers must read the root-only temp folder
temp_paths=""
nginx_build="$("$nginx_bin" -V 2>&1)"
for m in proxy fastcgi uwsgi scgi; do  # only for modules this nginx build has
  [[ $nginx_build == *"--without-http_${m}_module"* ]] ||
    temp_paths+="    ${m}_temp_path $dir/tmp/$m;"$'\n'
done
while IFS= read -r line; do
  case "$line" in
    @USER_DIRECTIVE@) printf '%s\n' "$user_directive" ;;
    @TEMP_PATHS@) printf '%s' "$temp_paths" ;;
    *) line="${line//@DIR@/$dir}"; line="${line//@PORT@/$nginx_port}"
       printf '%s\n' "${line//@WORKERS@/$cores}" ;;
  esac
done <"$repo_dir/bench/nginx.conf.in" >"$dir/nginx.conf"

"$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/nginx-error.log" -g 'daemon off;' \
  </dev/null >"$dir/nginx.out" 2>&1 &
nginx_pid=$!
wait_for_http "$nginx_url/healthz.json" "$nginx_pid" "$dir/nginx.out" "$dir/nginx-error.log"
for f in healthz me; do
  [[ "$(curl -sS "$nginx_url/$f.json" | wc -c)" == "$(wc -c <"$dir/www/$f.json")" ]] ||
    die "nginx serves /$f.json with the wrong size"
done

# --- wrk ----------------------------------------------------------------------------------
# Latency such as 812.00us, 1.23ms, 2.00s -> milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

declare -A rps p99 p99_ms non2xx errors
run_wrk() {  # KEY URL [HEADER]
  local key=$1 url=$2 out="$dir/wrk-$1.txt"
  local args=(-t"$threads" -c"$connections" --latency)
  [[ -z ${3:-} ]] || args+=(-H "$3")
  if ((warmup > 0)); then
    wrk "${args[@]}" -d"${warmup}s" "$url" >/dev/null 2>&1 || true
  fi
  wrk "${args[@]}" -d"${seconds}s" "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed on $url"; }
  rps[$key]="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p99[$key]="$(awk '$1 == "99%" {print $2}' "$out")"
  [[ -n ${rps[$key]} && -n ${p99[$key]} ]] || { cat "$out" >&2; die "could not parse wrk output for $url"; }
  p99_ms[$key]="$(to_ms "${p99[$key]}")"
  non2xx[$key]="$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$out")"
  non2xx[$key]="${non2xx[$key]:-0}"
  errors[$key]="$(awk '/Socket errors/ {gsub(/[^0-9 ]/, ""); s = 0; for (i = 1; i <= NF; i++) s += $i; print s}' "$out")"
  errors[$key]="${errors[$key]:-0}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "http_bench: ${seconds}s per target, $connections connections, $threads wrk threads, warm-up ${warmup}s"
echo "http_bench: $cores cores; haven, nginx (worker_processes $cores) and wrk share the same cores, one target at a time"
echo "http_bench: haven $haven"

run_wrk haven_healthz "$haven_url/healthz"
run_wrk nginx_healthz "$nginx_url/healthz.json"
run_wrk haven_me "$haven_url/api/v1/me" "$auth_header"
run_wrk nginx_me "$nginx_url/me.json"

ratio_healthz="$(ratio "${rps[haven_healthz]}" "${rps[nginx_healthz]}")"
ratio_me="$(ratio "${rps[haven_me]}" "${rps[nginx_me]}")"

declare -A label=(
  [haven_healthz]="haven /healthz ($healthz_bytes B)"
  [nginx_healthz]="nginx static ($healthz_bytes B)"
  [haven_me]="haven /api/v1/me auth ($me_bytes B)"
  [nginx_me]="nginx static ($me_bytes B)"
)
row() { printf '%-34s %12s %10s %8s %8s\n' "$@"; }
echo
row target req/s p99 non-2xx errors
for key in haven_healthz nginx_healthz; do
  row "${label[$key]}" "${rps[$key]}" "${p99[$key]}" "${non2xx[$key]}" "${errors[$key]}"
done
row "ratio haven/nginx" "$ratio_healthz" "" "" ""
echo
for key in haven_me nginx_me; do
  row "${label[$key]}" "${rps[$key]}" "${p99[$key]}" "${non2xx[$key]}" "${errors[$key]}"
done
row "ratio haven/nginx" "$ratio_me" "" "" ""

# Error responses make a run invalid (it then exits non-zero); socket errors are only reported.
valid=true
for key in haven_healthz nginx_healthz haven_me nginx_me; do
  if ((${non2xx[$key]} > 0)); then
    valid=false
    echo "http_bench: ERROR: ${label[$key]} got ${non2xx[$key]} non-2xx responses: results are not valid" >&2
  fi
  if ((${errors[$key]} > 0)); then
    echo "http_bench: WARNING: ${label[$key]} had ${errors[$key]} socket errors (connect/read/write/timeout)" >&2
  fi
done

if [[ -n ${BENCH_OUT:-} ]]; then
  commit="$(git -C "$repo_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  results=""
  for key in haven_healthz nginx_healthz haven_me nginx_me; do
    bytes=$healthz_bytes
    [[ $key != *_me ]] || bytes=$me_bytes
    results+="${results:+,}{\"target\":\"$key\",\"rps\":${rps[$key]},\"p99_ms\":${p99_ms[$key]},"
    results+="\"bytes\":$bytes,\"non2xx\":${non2xx[$key]},\"socket_errors\":${errors[$key]}}"
  done
  json_ratio() { [[ $1 == n/a ]] && echo null || echo "$1"; }
  printf '{"bench":"http","time":"%s","commit":"%s","cores":%s,"seconds":%s,"connections":%s,"threads":%s,"valid":%s,"results":[%s],"ratio":{"healthz":%s,"me":%s}}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$commit" "$cores" "$seconds" "$connections" "$threads" "$valid" \
    "$results" "$(json_ratio "$ratio_healthz")" "$(json_ratio "$ratio_me")" >>"$BENCH_OUT"
  echo "http_bench: results appended to $BENCH_OUT"
fi

[[ $valid == true ]]
