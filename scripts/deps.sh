#!/usr/bin/env bash
# Installs the Debian packages Haven needs for one purpose, and nothing if they
# are all present already.
#
#   scripts/deps.sh [build|run|test|bench|dev]     (default: build)
#
#   build  compiler, CMake, Ninja and the libraries Haven links against
#   run    build + sqlite3 (the command-line client)
#   test   build + GoogleTest/GoogleMock + PostgreSQL 15 server and client
#   bench  build + Google Benchmark, wrk, nginx and GNU time
#   dev    test + clang-format and clang-tidy
#   e2e    build + Node.js and npm, Debian's chromium and the sqlite3 client (browser tests)
#
# Uses sudo when not run as root. Prints one line: what it installed, or
# "deps: all present".
set -euo pipefail

usage() {
  echo "usage: $0 [build|run|test|bench|dev|e2e]" >&2
  exit 2
}

purpose="${1:-build}"
[[ $# -le 1 ]] || usage

build_set=(g++ cmake ninja-build ccache pkg-config libboost-dev libsqlite3-dev libpq-dev
           nlohmann-json3-dev libcli11-dev libspdlog-dev libsodium-dev libgoogle-perftools-dev
           libxml2-dev curl)
test_set=(libgtest-dev libgmock-dev postgresql-15 postgresql-client-15 unzip)
# Node.js and npm build the web assets (scripts/web.sh); either Debian's or NodeSource's nodejs.
web_set=(nodejs "npm|nodejs")

# An entry "a|b|c" is satisfied by any one of a, b or c; if none is installed, a is installed.
case "$purpose" in
  build) wanted=("${build_set[@]}" "${web_set[@]}") ;;
  run)   wanted=("${build_set[@]}" "${web_set[@]}" sqlite3) ;;
  test)  wanted=("${build_set[@]}" "${test_set[@]}") ;;
  bench) wanted=("${build_set[@]}" libbenchmark-dev wrk time
                 "nginx|nginx-light|nginx-core|nginx-full|nginx-extras") ;;
  dev)   wanted=("${build_set[@]}" "${test_set[@]}" clang-format clang-tidy) ;;
  e2e)   wanted=("${build_set[@]}" "${web_set[@]}" chromium sqlite3) ;;
  -h|--help) usage ;;
  *) echo "deps: unknown purpose '$purpose'" >&2; usage ;;
esac

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

missing=()
for entry in "${wanted[@]}"; do
  IFS='|' read -r -a alternatives <<<"$entry"
  found=no
  for pkg in "${alternatives[@]}"; do
    if is_installed "$pkg"; then found=yes; break; fi
  done
  [[ $found == yes ]] || missing+=("${alternatives[0]}")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps: all present ($purpose)"
  exit 0
fi

if [[ $EUID -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: not root and sudo is not available; install them as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

log="$(mktemp -t haven-deps.XXXXXX)"
trap 'rm -f "$log"' EXIT

if ! { "${as_root[@]}" apt-get update &&
       "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "deps: failed to install: ${missing[*]}" >&2
  exit 1
fi

# Double-check: apt can succeed without installing a package we asked for only by a virtual name.
still_missing=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still_missing+=("$pkg")
done
if [[ ${#still_missing[@]} -ne 0 ]]; then
  cat "$log" >&2
  echo "deps: still missing after apt-get install: ${still_missing[*]}" >&2
  exit 1
fi

echo "deps: installed ${missing[*]} ($purpose)"
