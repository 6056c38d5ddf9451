#!/usr/bin/env bash
# The validation benchmark (issue 6). `haven validate 903` on a return of about 10,700 children:
# the DfE's fake 903 sample (../shared/specs/samples/903) copied four times with distinct child
# ids, with the same copy given as last year's return (the public Python validator takes about
# 30 s and 730 MB on this machine). Then `haven validate cin` on a census of about 10,000 children:
# the fake census (../shared/specs/samples/cin/fake_CIN_data.xml, 332 children) copied 31 times
# with distinct LAchildIDs, as 2025-26 (the Python CIN validator takes about 3 minutes). Prints
# wall time, peak memory and the findings for each.
#
#   bench/validate_bench.sh HAVEN_BINARY
set -euo pipefail

haven="${1:?usage: $0 HAVEN_BINARY}"
root="$(cd "$(dirname "$0")/.." && pwd)"
sample="$root/../shared/specs/samples/903"
cin_sample="$root/../shared/specs/samples/cin/fake_CIN_data.xml"
[[ -d $sample ]] || { echo "validate_bench: $sample is missing" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/current" "$work/previous"

# Each copy prefixes the child id (the first column) with its number, so ids stay distinct.
for f in "$sample"/*.csv; do
  name="$(basename "$f")"
  [[ $name == *_errors.csv ]] && continue
  out="$work/current/$name"
  head -1 "$f" >"$out"
  for copy in 1 2 3 4; do
    tail -n +2 "$f" | awk -v p="C$copy" 'NF { print p $0 }'
  done >>"$out"
  cp "$out" "$work/previous/$name"
done

"$haven" --version >/dev/null
set +e
/usr/bin/time -f "%e %M" -o "$work/time" "$haven" validate 903 "$work/current" \
  --previous "$work/previous" --year 2026 --out "$work/findings.json" 2>"$work/err"
code=$?
set -e
if [[ $code -gt 1 ]]; then
  echo "validate_bench: haven validate failed:" >&2
  cat "$work/err" >&2
  exit 1
fi
read -r seconds kb < <(tail -1 "$work/time")
summary="$(tail -1 "$work/err")"
printf 'validate 903  %s\n' "$(grep -o '[0-9]* children' "$work/err" | head -1)"
printf 'validate 903  %.2f s  peak %d MB  (%s)\n' "$seconds" "$((kb / 1024))" "${summary#validate: }"

# The census: the header, then the children copied with a prefix on each LAchildID, then the end.
[[ -f $cin_sample ]] || { echo "validate_bench: $cin_sample is missing" >&2; exit 1; }
{
  sed -n '1,/<Children>/p' "$cin_sample"
  for copy in $(seq 1 31); do
    sed -n '/<Children>/,/<\/Children>/p' "$cin_sample" | sed '1d;$d' |
      sed "s|<LAchildID>|<LAchildID>K${copy}|"
  done
  sed -n '/<\/Children>/,$p' "$cin_sample"
} >"$work/census.xml"
set +e
/usr/bin/time -f "%e %M" -o "$work/time" "$haven" validate cin "$work/census.xml" --year 2026 \
  --out "$work/cin_findings.json" 2>"$work/err"
code=$?
set -e
if [[ $code -gt 1 ]]; then
  echo "validate_bench: haven validate cin failed:" >&2
  cat "$work/err" >&2
  exit 1
fi
read -r seconds kb < <(tail -1 "$work/time")
summary="$(tail -1 "$work/err")"
printf 'validate cin  %.2f s  peak %d MB  (%s)\n' "$seconds" "$((kb / 1024))" "${summary#validate: }"
