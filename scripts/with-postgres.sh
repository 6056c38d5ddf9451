#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 server.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# Starts a private server on a free port of 127.0.0.1 (trust auth, user "haven",
# database "haven_test", durability off for speed), exports
#   HAVEN_TEST_POSTGRES_URL=postgres://haven@127.0.0.1:PORT/haven_test
# runs the command, then stops the server and deletes its folder, also when the
# command fails or the script is interrupted. Exits with the command's exit code.
# shellcheck disable=SC2317  # the trap handlers only look unreachable to shellcheck
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pg_bin=/usr/lib/postgresql/15/bin

if [[ ! -x $pg_bin/initdb ]]; then
  "$script_dir/deps.sh" test >&2
fi
psql_bin=$pg_bin/psql
[[ -x $psql_bin ]] || psql_bin="$(command -v psql)"

# PostgreSQL refuses to run as root: then the server runs as the "postgres" system user.
if [[ $EUID -eq 0 ]]; then
  if ! id -u postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user to run the server as" >&2
    exit 1
  fi
  as_server=(runuser -u postgres --)
else
  as_server=()
fi

dir=""
started=no
cleanup() {
  local rc=$?
  trap '' INT TERM  # a second ctrl-c must not interrupt the clean-up
  trap - EXIT
  if [[ $started == yes ]]; then
    if ! (cd "$dir" && "${as_server[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop) >/dev/null 2>&1; then
      (cd "$dir" && "${as_server[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop) >/dev/null 2>&1 || true
    fi
  fi
  [[ -n $dir ]] && rm -rf "$dir"
  exit "$rc"
}
# On ctrl-c or kill, stop the command (with SIGTERM: a background command of a script
# ignores SIGINT), let it finish, then clean up.
child=""
on_signal() {
  if [[ -n $child ]]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

dir="$(mktemp -d -t haven-pg.XXXXXX)"
if [[ $EUID -eq 0 ]]; then
  chown postgres: "$dir"
  if ! runuser -u postgres -- test -w "$dir"; then
    # e.g. TMPDIR under /root, which the postgres user cannot enter
    rm -rf "$dir"
    dir="$(mktemp -d /tmp/haven-pg.XXXXXX)"
    chown postgres: "$dir"
  fi
fi

# Run a server-side command from inside $dir, so the server user never needs the caller's cwd.
server_cmd() { (cd "$dir" && "${as_server[@]}" "$@"); }

if ! server_cmd "$pg_bin/initdb" -D "$dir/data" -A trust -U haven --no-sync -E UTF8 \
       >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  echo "with-postgres: initdb failed" >&2
  exit 1
fi

port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

pick_port() {
  local port=$((20000 + RANDOM % 40000)) tries
  for ((tries = 0; tries < 200; tries++)); do
    port_in_use "$port" || { echo "$port"; return 0; }
    port=$((port + 1)); ((port <= 60000)) || port=20000
  done
  echo "with-postgres: no free port found" >&2
  return 1
}

# Another process can grab the port between the check and the start: then try another one.
for attempt in 1 2 3 4 5; do
  port="$(pick_port)"
  opts="-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
  opts+=" -c full_page_writes=off -c max_connections=200"
  started=yes  # from here on cleanup tries to stop the server
  if server_cmd "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "$opts" start >"$dir/pg_ctl.log" 2>&1; then
    break
  fi
  if [[ $attempt -eq 5 ]] || ! grep -q "could not bind" "$dir/log" 2>/dev/null; then
    cat "$dir/pg_ctl.log" "$dir/log" >&2 2>/dev/null || true
    echo "with-postgres: could not start PostgreSQL" >&2
    exit 1
  fi
  started=no
  : >"$dir/log"
done

if ! "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U haven -d postgres \
       -c 'CREATE DATABASE haven_test' >"$dir/psql.log" 2>&1; then
  cat "$dir/psql.log" >&2
  echo "with-postgres: could not create database haven_test" >&2
  exit 1
fi

export HAVEN_TEST_POSTGRES_URL="postgres://haven@127.0.0.1:$port/haven_test"
echo "postgres: PostgreSQL 15 on 127.0.0.1:$port" >&2

# Run in the background (stdin kept) so a signal to this script is handled at once.
"$@" <&0 &
child=$!
rc=0
wait "$child" || rc=$?
exit "$rc"
