#!/usr/bin/env bash
# The browser tests (test/e2e): builds the web assets, creates a small demo authority in a
# temporary SQLite file, serves it with the given haven binary on a free loopback port, and runs
# the journeys in Debian's chromium driven by playwright-core, with axe-core on every page.
# Screenshots of every page go to test-artifacts/e2e/.
#
#   scripts/e2e.sh HAVEN_BINARY
set -euo pipefail

haven="$(realpath "${1:?usage: $0 HAVEN_BINARY}")"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/deps.sh e2e >/dev/null
bash scripts/web.sh >/dev/null

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/e2e.db"
"$haven" demo --database "sqlite:$db" --scale 0.02 --seed 11 >"$work/demo.log" 2>&1 ||
  { cat "$work/demo.log" >&2; exit 1; }

# The child the journeys follow: a school-age child with no open involvement, no contact in the
# last 18 months and a family name long enough to misspell.
since="$(date -d '18 months ago' +%F)"
fixture="$(sqlite3 -separator '|' "$db" "
  SELECT p.id, p.given_name, p.family_name FROM people p
  WHERE p.kind = 'child' AND p.merged_into IS NULL AND p.restricted = 0
    AND p.date_of_birth BETWEEN date('now', '-14 years') AND date('now', '-6 years')
    AND length(p.family_name) >= 6
    AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = p.id
                    AND (r.closure_date IS NULL OR r.referral_date >= '$since'))
    AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.received_at >= '$since')
    AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.person_id = p.id AND a.end_date IS NULL)
    AND NOT EXISTS (SELECT 1 FROM care_periods k WHERE k.person_id = p.id)
    AND NOT EXISTS (SELECT 1 FROM people q WHERE q.id <> p.id AND q.family_name = p.family_name
                    AND q.given_name = p.given_name)
  ORDER BY p.id LIMIT 1")"
[[ -n $fixture ]] || { echo "e2e: the demo authority has no child to follow" >&2; exit 1; }
IFS='|' read -r child_id given family <<<"$fixture"
team_name="$(sqlite3 "$db" "SELECT t.name FROM users u JOIN teams t ON t.id = u.team_id WHERE u.username = 'team.manager'")"

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
HAVEN_CHILD_POPULATION=65000 "$haven" serve --database "sqlite:$db" --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

mkdir -p test-artifacts/e2e
rm -f test-artifacts/e2e/*.png
set +e
HAVEN_URL="http://127.0.0.1:$port" E2E_ARTIFACTS="$root/test-artifacts/e2e" \
  E2E_CHILD_ID="$child_id" E2E_CHILD_GIVEN="$given" E2E_CHILD_FAMILY="$family" \
  E2E_TEAM_NAME="$team_name" NODE_PATH="$root/web/node_modules" \
  node --test --test-reporter=spec test/e2e/ 2>&1 | tee test-artifacts/e2e/results.txt
rc=${PIPESTATUS[0]}
set -e
cp "$work/serve.log" test-artifacts/e2e/serve.log
echo "e2e: screenshots in test-artifacts/e2e ($(ls test-artifacts/e2e/*.png 2>/dev/null | wc -l) pages)"
exit "$rc"
