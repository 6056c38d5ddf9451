#!/usr/bin/env bash
# `make test`: installs what is missing, builds the debug and the ASan+UBSan configurations (one
# shared test binary each, with ccache), starts a throwaway PostgreSQL 15 on loopback, and runs
# every suite under both builds against SQLite and PostgreSQL, then the browser tests (test/e2e)
# in Debian's chromium against the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh test
bash scripts/deps.sh e2e
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/haven-ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
bash scripts/web.sh
presets=(debug asan)
for preset in "${presets[@]}"; do
  echo "== build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
done
bash scripts/with-postgres.sh bash scripts/run-suites.sh "${presets[@]}"
echo "== browser tests: debug build"
bash scripts/e2e.sh build/debug/haven
