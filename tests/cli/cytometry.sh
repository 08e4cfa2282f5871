#!/usr/bin/env bash
# CLI test of `pioneer cytometry`: info JSON keys on both real files, export
# (compensated, transformed), cluster outputs (labels, frequencies, map) and
# their determinism, abundance, and bad inputs (exit 2, file and byte offset
# or keyword named, nothing written).
# usage: tests/cli/cytometry.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
pioneer=$(realpath "$1")
cd "$(dirname "$0")/../.."
data=../shared/data/cytometry
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

"$pioneer" cytometry info "$data/flowsom_68983.fcs" --json "$work/info.json" >/dev/null
[ "$(json "$work/info.json" "sorted(d.keys())")" = "['events', 'keywords', 'parameters', 'spillover', 'version']" ] || fail "info keys"
[ "$(json "$work/info.json" "d['version'], d['events'], len(d['parameters'])")" = "('FCS3.0', 19225, 18)" ] || fail "info values"
[ "$(json "$work/info.json" "sorted(d['parameters'][8].keys()), d['parameters'][8]['description']")" = "(['bits', 'description', 'name', 'range'], 'CD8')" ] || fail "parameter keys"
[ "$(json "$work/info.json" "len(d['spillover']['channels']), len(d['spillover']['matrix'])")" = "(11, 11)" ] || fail "spillover"
"$pioneer" cytometry info "$data/flowcore_0877408774.B08.fcs" --json "$work/info2.json" >/dev/null
[ "$(json "$work/info2.json" "d['version'], d['spillover'], d['parameters'][2]['description'], d['parameters'][2]['bits']")" = "('FCS2.0', None, None, 16)" ] || fail "info FCS 2.0"

"$pioneer" cytometry export "$data/flowsom_68983.fcs" --compensate --transform logicle --out "$work/events.tsv" >/dev/null
[ "$(wc -l <"$work/events.tsv")" -eq 19226 ] || fail "export rows"
[ "$(head -1 "$work/events.tsv" | cut -f1-3)" = "$(printf 'Time\tFSC-A\tFSC-H')" ] || fail "export header"

"$pioneer" cytometry cluster --fcs "$data/flowsom_68983.fcs" --markers CD8,TCRyd,TCRb,NK1/1,CD4,CD19,CD3 \
  --transform logicle --grid 7x7 --metaclusters 6 --seed 3 --rlen 2 --threads 2 --out "$work/c1" >/dev/null
"$pioneer" cytometry cluster --fcs "$data/flowsom_68983.fcs" --markers CD8,TCRyd,TCRb,NK1/1,CD4,CD19,CD3 \
  --transform logicle --grid 7x7 --metaclusters 6 --seed 3 --rlen 2 --threads 1 --out "$work/c2" >/dev/null
for f in labels.tsv frequencies.tsv cluster_frequencies.tsv medians.tsv map.json; do
  [ -f "$work/c1/$f" ] || fail "cluster output $f missing"
  cmp -s "$work/c1/$f" "$work/c2/$f" || fail "cluster $f differs between 1 and 2 threads"
done
[ "$(head -1 "$work/c1/labels.tsv")" = "$(printf 'file\tevent\tcluster\tmetacluster')" ] || fail "labels header"
[ "$(sed -n 2p "$work/c1/labels.tsv" | cut -f1,2)" = "$(printf 'flowsom_68983.fcs\t1')" ] || fail "labels first row"
[ "$(wc -l <"$work/c1/labels.tsv")" -eq 19226 ] || fail "labels rows"
[ "$(json "$work/c1/map.json" "len(d['nodes']), d['grid']['xdim'], d['metaclustering']['k']")" = "(49, 7, 6)" ] || fail "map.json"

# Batch SOM: the same map for 1 and 2 threads; mode and subsample in map.json.
for t in 1 2; do
  "$pioneer" cytometry cluster --fcs "$data/flowsom_68983.fcs" --markers CD8,TCRyd,TCRb,NK1/1,CD4,CD19,CD3 \
    --transform logicle --grid 7x7 --metaclusters 6 --seed 3 --som batch --train-events 5000 --threads $t \
    --out "$work/b$t" >/dev/null
done
cmp -s "$work/b1/labels.tsv" "$work/b2/labels.tsv" || fail "batch labels differ between 1 and 2 threads"
cmp -s "$work/b1/map.json" "$work/b2/map.json" || fail "batch map.json differs between 1 and 2 threads"
[ "$(json "$work/b1/map.json" "d['som']['mode'], d['som']['train_events'], d['som']['iterations']")" = "('batch', 5000, 10)" ] \
  || fail "batch map.json som keys"
set +e
"$pioneer" cytometry cluster --fcs "$data/flowsom_68983.fcs" --markers CD8 --som fast --out "$work/b3" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "bad --som: exit $code"
grep -qF "unknown value 'fast' for --som; allowed: online, batch" "$work/err" || fail "bad --som message"

# Abundance on two copies of the file split in two groups (smoke test of the command).
printf 'file\tresponse\nflowsom_68983.fcs\tR\n' >"$work/samples.tsv"
set +e
"$pioneer" cytometry abundance --clusters "$work/c1" --samples "$work/samples.tsv" --group response --out "$work/da.tsv" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "abundance with one group: exit $code"
grep -q "two are needed" "$work/err" || fail "abundance one-group message"

# Bad inputs: exit 2, file and byte offset named, nothing written.
head -c 3000 "$data/flowsom_68983.fcs" >"$work/cut.fcs"
set +e
"$pioneer" cytometry info "$work/cut.fcs" --json "$work/bad.json" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "truncated TEXT: exit $code"
grep -q "cut.fcs: byte 58: TEXT segment" "$work/err" || fail "truncated TEXT message: $(cat "$work/err")"
[ ! -e "$work/bad.json" ] || fail "json written for a bad file"
head -c 100000 "$data/flowsom_68983.fcs" >"$work/short.fcs"
set +e
"$pioneer" cytometry export "$work/short.fcs" --out "$work/bad.tsv" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "truncated DATA: exit $code"
grep -q "short.fcs: byte 5481:.*truncated file or \$TOT mismatch" "$work/err" || fail "truncated DATA message: $(cat "$work/err")"
[ ! -e "$work/bad.tsv" ] || fail "tsv written for a bad file"
set +e
"$pioneer" cytometry cluster --fcs "$data/flowsom_68983.fcs" --markers CD8,NOPE --out "$work/c3" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "unknown marker: exit $code"
grep -q "marker 'NOPE'" "$work/err" || fail "unknown marker message"
[ ! -e "$work/c3" ] || fail "cluster folder written on error"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "cytometry CLI: all checks passed"
