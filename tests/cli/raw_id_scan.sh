#!/usr/bin/env bash
# Pseudonyms that hold (issue 14): no raw identifier of the input reaches any
# output. Runs the demo and an import -> export round trip, collects every
# raw subject id (DM USUBJID, SUBJID) and sample id (LB LBREFID, FCS file
# names) of the simulated input, and scans every output for them: store and
# its WAL, exports, report, tables, results, manifest, plan, and the stdout
# and stderr of every successful command. The expected count is 0.
# Then checks that import refuses an identifier embedding a raw subject id
# (exit 2, located) unless --map-embedded-ids is given.
# usage: tests/cli/raw_id_scan.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
pioneer=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

demo=$work/demo
"$pioneer" demo --out "$demo" >"$work/demo.stdout" 2>"$work/demo.stderr"

# The raw ids: column NAME of a CSV file.
column() {
  awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
                         c && $c != "" { print $c }' "$1"
}
ids=$work/raw_ids
{
  column "$demo/data/dm.csv" USUBJID
  column "$demo/data/dm.csv" SUBJID
  column "$demo/data/lb.csv" LBREFID
  for f in "$demo"/data/cytometry/*.fcs; do basename "$f" .fcs; done
} | sort -u >"$ids"
n_ids=$(wc -l <"$ids")
if [ "$(column "$demo/data/dm.csv" USUBJID | wc -l)" -lt 100 ] || [ "$n_ids" -lt 400 ]; then
  echo "expected the demo's 300 subjects and their samples, found $n_ids raw ids" >&2
  exit 1
fi

# Import -> export round trip with a key of the test's own, and the read-only
# commands on the result.
key=$work/key
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$key"
chmod 600 "$key"
export PIONEER_KEY_FILE=$key
rt=$work/roundtrip
mkdir "$rt"
{
  "$pioneer" import --study "$rt/study.sqlite" "$demo"/data/*.csv --json "$rt/import.json"
  "$pioneer" export --study "$rt/study.sqlite" --out "$rt/export" --json "$rt/export.json"
  "$pioneer" info --study "$rt/study.sqlite" --json "$rt/info.json"
  "$pioneer" import --study "$rt/again.sqlite" "$rt"/export/*.tsv
  "$pioneer" response --study "$demo/study.sqlite" --out "$rt/response"
} >"$rt/stdout" 2>"$rt/stderr"

# Every output: all of the demo folder but its raw input data and key.
outputs=$work/outputs
find "$demo" "$rt" -type f ! -path "$demo/data/*" ! -name pseudonym.key ! -name key >"$outputs"
printf '%s\n' "$work/demo.stdout" "$work/demo.stderr" >>"$outputs"
if [ "$(wc -l <"$outputs")" -lt 30 ]; then
  echo "expected the demo's report, tables and store among the outputs" >&2
  exit 1
fi
found=0
while IFS= read -r file; do
  hits=$(grep -aoF -f "$ids" "$file" | wc -l || true)
  if [ "$hits" -gt 0 ]; then
    echo "$hits raw id(s) in ${file#"$work"/}, e.g. $(grep -aoF -f "$ids" "$file" | head -1)" >&2
    found=$((found + hits))
  fi
done <"$outputs"
echo "scanned $(wc -l <"$outputs") outputs for $n_ids raw ids: $found found"
[ "$found" -eq 0 ]

# An identifier that embeds a raw subject id is refused, with its cell...
bad=$work/bad
mkdir "$bad"
head -3 "$demo/data/dm.csv" >"$bad/dm.csv"
subject=$(column "$bad/dm.csv" USUBJID | head -1)
printf 'sample_id,subject_id,kind,timepoint,day\n%s-BX0,%s,biopsy,BASELINE,-3\n' \
  "$subject" "$subject" >"$bad/samples.csv"
set +e
"$pioneer" import --study "$bad/study.sqlite" "$bad/dm.csv" "$bad/samples.csv" 2>"$bad/stderr"
status=$?
set -e
[ "$status" -eq 2 ] || { echo "expected exit 2, got $status" >&2; exit 1; }
grep -q "samples.csv:2:1: sample_id: embeds a raw subject id" "$bad/stderr" ||
  { cat "$bad/stderr" >&2; exit 1; }
[ ! -e "$bad/study.sqlite" ] || { echo "a refused import left a store" >&2; exit 1; }
# ... and replaced by the subject's pseudonym with --map-embedded-ids.
"$pioneer" import --study "$bad/study.sqlite" --map-embedded-ids "$bad/dm.csv" "$bad/samples.csv" \
  >/dev/null
"$pioneer" export --study "$bad/study.sqlite" --out "$bad/export" >/dev/null
if grep -raF -- "$subject" "$bad"/study.sqlite* "$bad/export"; then
  echo "a mapped import kept the raw subject id" >&2
  exit 1
fi
echo "raw id scan ok"
