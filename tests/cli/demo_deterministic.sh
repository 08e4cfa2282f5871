#!/usr/bin/env bash
# Issue 2: `pioneer demo` with the same seed writes the same tables, results
# and report, byte for byte, into any folder; another seed changes them.
# usage: demo_deterministic.sh PIONEER_BINARY
set -euo pipefail
pioneer=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$pioneer" demo --out "$work/a" --patients 60 --seed 5 >/dev/null
(cd "$work" && "$pioneer" demo --out b --patients 60 --seed 5 >/dev/null)
"$pioneer" demo --out "$work/c" --patients 60 --seed 6 >/dev/null
status=0
for f in report.html results.json tables/cohort_summary.tsv tables/swimmer.tsv; do
  cmp -s "$work/a/$f" "$work/b/$f" || { echo "FAIL: $f differs between two runs with seed 5"; status=1; }
done
cmp -s "$work/a/tables/swimmer.tsv" "$work/c/tables/swimmer.tsv" &&
  { echo "FAIL: seeds 5 and 6 gave the same swimmer table"; status=1; }
[ "$status" -eq 0 ] && echo "OK: demo outputs are deterministic"
exit "$status"
