#!/usr/bin/env bash
# Strict readers (issue 14): a corpus of ugly inputs, made here from small
# good files, through every command that reads files. Each run must exit 2,
# name file:line:column where the problem has a location, write nothing, and
# never show a library's own message (json.exception, std::, what()).
# Integer options out of their documented range are usage errors naming the
# option, the value and the range.
# usage: tests/cli/strict_inputs.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
source "$(dirname "$0")/setup.sh" "$1"
failures=0
runs=0
fail() { echo "FAIL [$1] $2" >&2; failures=$((failures + 1)); }

# expect2 NAME PATTERN COMMAND...: exit 2, stderr matches the extended regex
# PATTERN (empty: any message), no library wording, no $work/out* written.
expect2() {
  local name=$1 pattern=$2
  shift 2
  runs=$((runs + 1))
  rm -rf "$work"/out*
  set +e
  "$@" >"$work/stdout" 2>"$work/stderr"
  local code=$?
  set -e
  local before=$failures
  [ "$code" -eq 2 ] || fail "$name" "exit code $code, expected 2"
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$work/stderr"; then
    fail "$name" "stderr lacks /$pattern/"
  fi
  if grep -qE 'json\.exception|std::|what\(\)' "$work/stderr"; then
    fail "$name" "a library message reached the user"
  fi
  if compgen -G "$work/out*" >/dev/null; then fail "$name" "an output was written"; fi
  if [ "$failures" -gt "$before" ]; then
    echo "--- stderr of $name:" >&2
    head -c 600 "$work/stderr" >&2
    echo >&2
  fi
  return 0
}

# ---- the corpus: survival-like tables ---------------------------------------
good='id,time,status,marker,x2,y,g
1,310,1,0.5,1.2,1,a
2,12,0,1.5,0.3,0,b
3,200,1,2.5,2.2,1,a
4,150,0,0.1,0.9,0,b
5,90,1,3.1,1.1,1,a
6,40,1,0.7,0.2,0,b'
make() { printf '%s\n' "$good" | sed "$1" >"$work/$2"; }
make '1s/,x2,/,time,/' dup.csv                        # a second "time" column
make '3s/,0,1.5,/,0,1.\xff5,/' utf8.csv                # invalid UTF-8 in marker
printf '%s\n' "$good" | sed '4s/,1,2.5,/,\x00,2.5,/' >"$work/nul.csv"
make '3s/^2,12,/2,inf,/' inf.csv
make '4s/^3,200,/3,1e400,/' big.csv
make '5s/^4,150,/4,-150,/' neg.csv
make '2,$d' header.csv
make '2,$s/^\([0-9]*\),[0-9]*,/\1,NA,/' allna.csv
make '3s/,1.5,/,nan,/' nanmarker.csv

# Each command: its arguments with @ for the data file, and the cases it meets.
declare -A cmd
cmd[km]="survival km --data @ --time time --event status --json $work/out.json"
cmd[logrank]="survival logrank --data @ --time time --event status --group g --json $work/out.json"
cmd[cox]="survival cox --data @ --time time --event status --covariates marker --json $work/out.json"
cmd[rmst]="survival rmst --data @ --time time --event status --tau 100 --json $work/out.json"
cmd[cutpoint]="cutpoint --data @ --time time --event status --marker marker --method maxstat --json $work/out.json"
cmd[concordance]="concordance --data @ --time time --event status --marker marker --json $work/out.json"
cmd[path]="model path --data @ --family cox --time time --event status --features marker,x2 --json $work/out.json"
cmd[screen]="screen --data @ --time time --event status --features marker --out $work/out.tsv"
cmd[roc]="roc --data @ --outcome y --marker marker --json $work/out.json"
cmd[fit]="model fit --data @ --outcome y --features marker,x2 --folds 2 --bootstrap 0 --out $work/out.json"

declare -A expect
expect[dup.csv]='dup.csv:1:5: duplicate column name .time.'
expect[utf8.csv]='utf8.csv:3:4: invalid UTF-8'
expect[nul.csv]='nul.csv:4:3: NUL byte'
expect[inf.csv]='inf.csv:3:2: time: expected a finite number'
expect[big.csv]='big.csv:4:2: time: number out of the range'
expect[neg.csv]='neg.csv:5:2: time: a follow-up time cannot be negative'
expect[header.csv]='header.csv: no data rows'
expect[allna.csv]='allna.csv: no usable rows'
expect[nanmarker.csv]='nanmarker.csv:3:4: marker: expected a finite number'

time_cases="dup.csv utf8.csv nul.csv inf.csv big.csv neg.csv header.csv allna.csv nanmarker.csv"
for c in km logrank cox rmst cutpoint concordance path screen; do
  for f in $time_cases; do
    [ "$c/$f" = "km/nanmarker.csv" ] || [ "$c/$f" = "logrank/nanmarker.csv" ] ||
      [ "$c/$f" = "rmst/nanmarker.csv" ] && continue  # no marker column used
    # shellcheck disable=SC2086
    expect2 "$c $f" "${expect[$f]}" "$pioneer" ${cmd[$c]//@/$work/$f}
  done
done
for c in roc fit; do
  for f in dup.csv utf8.csv nul.csv header.csv nanmarker.csv; do
    # shellcheck disable=SC2086
    expect2 "$c $f" "${expect[$f]}" "$pioneer" ${cmd[$c]//@/$work/$f}
  done
done

# ---- expression matrices, sample sheets, MAF ---------------------------------
printf 'gene\ts1\ts2\ts3\ts4\nIFNG\t1\t2\t3\t4\nSTAT1\t5\t6\t7\t6\nCXCL9\t2\t2\t8\t1\n' >"$work/expr.tsv"
printf 'id\tresponse\ns1\tR\ns2\tNR\ns3\tR\ns4\tNR\n' >"$work/samples.tsv"
sed '3s/\t6\t/\t\xfe\t/' "$work/expr.tsv" >"$work/expr_utf8.tsv"
sed '2s/\t2\t/\tInf\t/' "$work/expr.tsv" >"$work/expr_inf.tsv"
sed '1s/s4/s3/' "$work/expr.tsv" >"$work/expr_dup.tsv"
sed '1s/response/id/' "$work/samples.tsv" >"$work/samples_dup.tsv"
score="signature score --signatures IFNG6 --method mean --out $work/out.tsv --expr"
# shellcheck disable=SC2086
expect2 "score utf8" 'expr_utf8.tsv:3:3: invalid UTF-8' "$pioneer" $score "$work/expr_utf8.tsv"
# shellcheck disable=SC2086
expect2 "score inf" 'expr_inf.tsv:2:3: expected a finite number' "$pioneer" $score "$work/expr_inf.tsv"
# shellcheck disable=SC2086
expect2 "score duplicate sample" 'expr_dup.tsv:1:5: duplicate sample id' "$pioneer" $score "$work/expr_dup.tsv"
de="de --group response --out $work/out.tsv"
# shellcheck disable=SC2086
expect2 "de utf8" 'expr_utf8.tsv:3:3: invalid UTF-8' "$pioneer" $de --expr "$work/expr_utf8.tsv" --samples "$work/samples.tsv"
# shellcheck disable=SC2086
expect2 "de duplicate column" 'samples_dup.tsv:1:2: duplicate column name' "$pioneer" $de --expr "$work/expr.tsv" \
  --samples "$work/samples_dup.tsv"
printf '#version 2.4\nTumor_Sample_Barcode\tVariant_Classification\nT1\tMissense_Mutation\nT\xe91\tSilent\n' >"$work/utf8.maf"
printf 'Tumor_Sample_Barcode\tVariant_Classification\tTumor_Sample_Barcode\nT1\tSilent\tT2\n' >"$work/dup.maf"
expect2 "tmb utf8" 'utf8.maf:4:1: invalid UTF-8' "$pioneer" tmb --maf "$work/utf8.maf" --capture-mb 2 --out "$work/out.tsv"
expect2 "tmb duplicate column" 'dup.maf:1:3: duplicate column name' "$pioneer" tmb --maf "$work/dup.maf" --capture-mb 2 \
  --out "$work/out.tsv"

# ---- response JSON -------------------------------------------------------------
resp=tests/fixtures/clinical/response_input.json
line=$(grep -n '"diameter": 50.0' "$resp" | head -1 | cut -d: -f1)
sed "${line}s/50.0/1e400/" "$resp" >"$work/big.json"
expect2 "response 1e400" "big.json:${line}:[0-9]+: invalid JSON: number overflow" "$pioneer" response --input "$work/big.json" \
  --json "$work/out.json"
sed '0,/"R01"/s/"R01"/"R\xff1"/' "$resp" >"$work/utf8.json"
expect2 "response utf8" 'utf8.json:[0-9]+:[0-9]+: invalid JSON' "$pioneer" response --input "$work/utf8.json" \
  --json "$work/out.json"
# A finite but impossible size (found by the response_json fuzzer: its sum in
# tenths of a mm overflowed 64 bits).
sed "${line}s/50.0/1e300/" "$resp" >"$work/huge.json"
expect2 "response huge diameter" 'huge.json: patient .*: diameter 1e\+300 mm: more than 1000 mm is not a lesion' \
  "$pioneer" response --input "$work/huge.json" --json "$work/out.json"
sed "${line}s/50.0/\"fifty\"/" "$resp" >"$work/type.json"
expect2 "response wrong type" 'type.json' "$pioneer" response --input "$work/type.json" --json "$work/out.json"
printf '{"patients": [' >"$work/cut.json"
expect2 "response truncated" 'cut.json:1:[0-9]+: invalid JSON' "$pioneer" response --input "$work/cut.json" \
  --json "$work/out.json"

# ---- in vivo, cytometry ---------------------------------------------------------
printf 'mouse\tarm\tday\tvol\nm1\tC\t0\t100\nm1\tC\t7\t150\nm2\tT\t0\t90\nm2\tT\t7\t80\n' >"$work/mice.tsv"
sed '3s/150/inf/' "$work/mice.tsv" >"$work/mice_inf.tsv"
sed '1s/vol/day/' "$work/mice.tsv" >"$work/mice_dup.tsv"
sed '4s/m2/m\xc02/' "$work/mice.tsv" >"$work/mice_utf8.tsv"
invivo="invivo analyze --animal mouse --arm arm --day day --volume vol --bootstrap 10 --json $work/out.json --out $work/outdir --data"
# shellcheck disable=SC2086
expect2 "invivo inf" 'mice_inf.tsv:3:4: vol: expected a finite number' "$pioneer" $invivo "$work/mice_inf.tsv"
# shellcheck disable=SC2086
expect2 "invivo duplicate column" 'mice_dup.tsv:1:4: duplicate column name' "$pioneer" $invivo "$work/mice_dup.tsv"
# shellcheck disable=SC2086
expect2 "invivo utf8" 'mice_utf8.tsv:4:1: invalid UTF-8' "$pioneer" $invivo "$work/mice_utf8.tsv"
head -c 3000 ../shared/data/cytometry/flowsom_68983.fcs >"$work/cut.fcs"
expect2 "cytometry info truncated" 'cut.fcs' "$pioneer" cytometry info "$work/cut.fcs" --json "$work/out.json"
printf 'not an FCS file at all\n' >"$work/text.fcs"
expect2 "cytometry info not FCS" 'text.fcs' "$pioneer" cytometry info "$work/text.fcs" --json "$work/out.json"

# ---- import (SDTM CSV and XPT) ----------------------------------------------------
import_case() {  # name pattern files...
  local name=$1 pattern=$2
  shift 2
  expect2 "import $name" "$pattern" "$pioneer" import --study "$work/out.sqlite" "$@"
}
fx=tests/fixtures/import
for c in age_inf duplicate_column invalid_utf8 nul_byte; do
  import_case "$c" "$(head -1 "$fx/bad/$c/expected_stderr.txt" | cut -d: -f1-3 | sed 's/[.]/[.]/g')" \
    "$fx"/bad/$c/*.csv
done
bytes=$(stat -c %s "$fx/good/dm.xpt")
head -c $((bytes - 150)) "$fx/good/dm.xpt" >"$work/dm.xpt"
import_case "xpt cut by 150 bytes" 'dm.xpt: damaged or truncated SAS transport' "$work/dm.xpt"
python3 - "$fx/good/dm.xpt" "$work/dm.xpt" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[8 * 80 + 4] = 0x7F  # the first variable's length: far beyond 200
open(sys.argv[2], "wb").write(b)
PY
import_case "xpt with a corrupted variable length" 'dm.xpt: damaged or truncated SAS transport.*length' "$work/dm.xpt"

# ---- integer options out of range: usage errors, exit 2 -----------------------------
range() {  # name pattern command...
  local name=$1 pattern=$2
  shift 2
  expect2 "option $name" "$pattern" "$@"
}
range "model fit --bootstrap" "invalid value '2000000000' for --bootstrap; allowed: an integer from 0 to 100000" \
  "$pioneer" model fit --data "$work/big.csv" --outcome y --features marker --bootstrap 2000000000 --out "$work/out.json"
range "invivo --bootstrap" "invalid value '2000000000' for --bootstrap; allowed: an integer from 0 to 100000" \
  "$pioneer" $invivo "$work/mice.tsv" --bootstrap 2000000000
range "screen --permutations" "invalid value '1000000000' for --permutations; allowed: an integer from 0 to 100000" \
  "$pioneer" screen --data "$work/dup.csv" --outcome y --features marker --permutations 1000000000 --out "$work/out.tsv"
range "signature --threads" "invalid value '0' for --threads; allowed: an integer from 1 to 256" \
  "$pioneer" $score "$work/expr.tsv" --threads 0
range "model path --nlambda" "invalid value '1e9' for --nlambda; allowed: an integer from 2 to 10000" \
  "$pioneer" model path --data "$work/dup.csv" --family cox --time time --event status --features marker \
  --nlambda 1e9 --json "$work/out.json"
range "simulate --patients" "invalid value '100000' for --patients; allowed: an integer from 1 to 9999" \
  "$pioneer" simulate --patients 100000 --out "$work/outsim"
range "demo --patients" "invalid value '-1' for --patients; allowed: an integer from 1 to 100000" "$pioneer" demo --patients -1 --out "$work/outdemo"
range "cytometry --grid" '--grid 1000x1000' \
  "$pioneer" cytometry cluster "$work/cut.fcs" --markers CD3 --grid 1000x1000 --out "$work/outc"
range "cytometry --train-events" "invalid value '99999999999' for --train-events; allowed: an integer from 0 to 1000000000" \
  "$pioneer" cytometry cluster "$work/cut.fcs" --markers CD3 --train-events 99999999999 --out "$work/outc"
range "response --ae-window" "invalid value '100000' for --ae-window; allowed: an integer from 0 to 3650" \
  "$pioneer" response --study "$work/none.sqlite" --out "$work/outr" --ae-window 100000
range "seed not an integer" "invalid value 'x' for --seed; allowed: an integer from 0 to" \
  "$pioneer" model evaluate --model "$work/none.json" --data "$work/dup.csv" --outcome y --seed x --json "$work/out.json"

echo "$runs ugly runs, $failures failures"
[ "$failures" -eq 0 ]
