#!/usr/bin/env bash
# Runs the test binary of each named build (e.g. `debug asan`) against SQLite and the PostgreSQL
# server named by HAVEN_TEST_POSTGRES_URL (see with-postgres.sh). Prints per build how many tests
# passed, failed and were skipped, and how many PostgreSQL tests ran. Fails on any failure, any
# skip, or a build where no PostgreSQL test ran. Logs go to test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${HAVEN_TEST_POSTGRES_URL:-}" ] || { echo "run-suites: HAVEN_TEST_POSTGRES_URL is not set" >&2; exit 2; }
mkdir -p test-artifacts

total_pass=0 total_fail=0 status=0
for preset in "$@"; do
  log="test-artifacts/tests-$preset.log"
  echo "== tests: $preset build, SQLite and PostgreSQL"
  set +e
  HAVEN_REQUIRE_POSTGRES=1 \
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build/$preset/haven_tests" --gtest_color=no \
    --gtest_output="json:test-artifacts/tests-$preset.json" >"$log" 2>&1
  rc=$?
  set -e
  passed=$(grep -c '^\[       OK \]' "$log" || true)
  failed=$(grep -c '^\[  FAILED  \] .*(' "$log" || true)
  skipped=$(grep -c '^\[  SKIPPED \] .*(' "$log" || true)
  pg=$(grep -c '^\[       OK \] Postgres' "$log" || true)
  echo "$preset: $passed passed, $failed failed, $skipped skipped; PostgreSQL tests run: $pg"
  if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ] || [ "$pg" -eq 0 ]; then
    echo "---- $preset: exit code $rc; failures (full log: $log)"
    grep -E '^\[  FAILED  \]|Failure$|runtime error|ERROR: .*Sanitizer' "$log" | head -40 || true
    tail -15 "$log"
    status=1
    [ "$failed" -eq 0 ] && failed=1
  fi
  total_pass=$((total_pass + passed))
  total_fail=$((total_fail + failed))
done
echo "$total_pass passed, $total_fail failed"
exit "$status"
