#!/usr/bin/env bash
# `pioneer response --study S.sqlite --out DIR [--json FILE]` (issue 4):
#  - on the demo store: every ADaM-style table is written, with the expected
#    header, one PFS and one OS row per subject, and --json parses;
#  - the same run twice gives the same bytes;
#  - a bad usage (no --out) and a missing store exit 2 and write nothing;
#  - a store with a target lesion recorded with a non-target status exits 2
#    with a message naming the patient, visit and lesion, and writes nothing.
# usage: response_study.sh PIONEER_BINARY
set -euo pipefail
pioneer=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

"$pioneer" demo --out "$work/demo" --patients 45 --seed 3 >/dev/null
store="$work/demo/study.sqlite"

"$pioneer" response --study "$store" --out "$work/out" --json "$work/out.json" >"$work/log.txt"
for f in adrs adtte sitc response_rates response_counts safety_summary safety_terms safety_worst_grade exposure; do
  [ -s "$work/out/$f.tsv" ] || fail "$f.tsv not written"
done
head -1 "$work/out/adrs.tsv" | grep -q $'^STUDYID\tUSUBJID\tARMCD\tPARAMCD\tPARAM\tAVISIT\tADT\tADY\tDAY\tAVALC\tAVAL$' ||
  fail "adrs.tsv header: $(head -1 "$work/out/adrs.tsv")"
head -1 "$work/out/adtte.tsv" | grep -q $'\tAVAL\tAVALU\tCNSR\tEVNTDESC\tCNSDTDSC\t' || fail "adtte.tsv header"
subjects=$(($(wc -l <"$work/out/sitc.tsv") - 1))
[ "$subjects" -eq 45 ] || fail "sitc.tsv has $subjects subjects, expected 45"
pfs=$(awk -F'\t' '$4 == "PFS"' "$work/out/adtte.tsv" | wc -l)
os=$(awk -F'\t' '$4 == "OS"' "$work/out/adtte.tsv" | wc -l)
[ "$pfs" -eq 45 ] && [ "$os" -eq 45 ] || fail "adtte.tsv: $pfs PFS and $os OS rows, expected 45 each"
awk -F'\t' 'NR > 1 && $12 != "0" && $12 != "1" { exit 1 }' "$work/out/adtte.tsv" || fail "CNSR not 0/1"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['results']) + len(d['excluded']) == 45; \
assert 'orr' in d['arm_summary'] and 'summary' in d['safety']" "$work/out.json" || fail "--json content"
grep -q "ORR" "$work/log.txt" || fail "no ORR in the printed summary"

"$pioneer" response --study "$store" --out "$work/again" >/dev/null
for f in "$work"/out/*.tsv; do
  cmp -s "$f" "$work/again/$(basename "$f")" || fail "$(basename "$f") differs between two runs"
done

set +e
"$pioneer" response --study "$store" >/dev/null 2>"$work/err1.txt"; code=$?
[ "$code" -eq 2 ] || fail "no --out: exit $code, expected 2"
"$pioneer" response --study "$work/none.sqlite" --out "$work/none" >/dev/null 2>"$work/err2.txt"; code=$?
[ "$code" -eq 2 ] || fail "missing store: exit $code, expected 2 ($(cat "$work/err2.txt"))"
[ -e "$work/none" ] && fail "missing store: output folder created"
set -e

# A target lesion recorded "present" (a non-target status) at a follow-up
# visit, which the import accepts but the response rules do not: export,
# edit the first follow-up target row, import into a new store, derive.
"$pioneer" export --study "$store" --out "$work/export" >/dev/null
m="$work/export/measurements.tsv"
line=$(awk -F'\t' '$2 ~ /^T/ && $3 != "BASELINE" && $5 == "measured" { print NR; exit }' "$m")
lesion=$(awk -F'\t' -v n="$line" 'NR == n { print $2 }' "$m")
awk -F'\t' -v OFS='\t' -v n="$line" 'NR == n { $5 = "present"; $6 = "" } { print }' "$m" >"$m.new" && mv "$m.new" "$m"
"$pioneer" import --study "$work/bad.sqlite" --key "$work/demo/pseudonym.key" "$work"/export/*.tsv >/dev/null ||
  fail "import of the edited export failed"
set +e
"$pioneer" response --study "$work/bad.sqlite" --out "$work/bad" >/dev/null 2>"$work/err3.txt"; code=$?
set -e
[ "$code" -eq 2 ] || fail "target with a non-target status: exit $code, expected 2"
grep -q "patient PID-" "$work/err3.txt" || fail "no patient named: $(cat "$work/err3.txt")"
grep -q "$lesion" "$work/err3.txt" || fail "lesion $lesion not named: $(cat "$work/err3.txt")"
[ -e "$work/bad" ] && fail "bad study: output folder written"

[ "$status" -eq 0 ] && echo "OK: pioneer response --study"
exit "$status"
