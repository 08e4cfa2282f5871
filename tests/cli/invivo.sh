#!/usr/bin/env bash
# pioneer invivo mrecist|analyze on the EMT6 study (shared/data/invivo):
# output columns, JSON keys of issue 7, the --out folder; bad input: exit 2,
# file:line:column message, nothing written.
set -euo pipefail
PIONEER=$1
DATA=../shared/data/invivo/mouse_mariathasan2018_emt6_antiPDL1_antiTGFb_tumor_volume_long.tsv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$PIONEER" invivo mrecist --data "$DATA" --animal sheet,mouse_id --day day --volume tumor_volume_mm3 \
  --out "$work/mr.tsv" > /dev/null
[ "$(head -1 "$work/mr.tsv")" = "$(printf 'sheet\tmouse_id\tbest_response_pct\tbest_avg_response_pct\tmRECIST')" ] ||
  fail "mrecist header: $(head -1 "$work/mr.tsv")"
[ "$(wc -l < "$work/mr.tsv")" -eq 91 ] || fail "mrecist rows"

"$PIONEER" invivo analyze --data "$DATA" --subset sheet=Fig4a --animal mouse_id --arm arm --day day \
  --volume tumor_volume_mm3 --control Isotype --combination 'aPD-L1 + aTGFb=aPD-L1,aTGFb' \
  --endpoint-volume 1000 --bootstrap 200 --json "$work/a.json" --out "$work/out" > "$work/stdout.txt"
python3 - "$work/a.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["landmark_day"] == 18, j["landmark_day"]
for t in j["tgi"]:
    assert {"arm", "day", "tgi_pct", "tc_pct"} <= t.keys()
for g in j["growth_rates"]:
    assert {"arm", "n", "mean_rate", "sem"} <= g.keys()
m = j["mixed_model"]
assert {"loglik_reml", "arm_slopes", "synergy"} <= m.keys()
assert {"estimate", "se", "p"} <= m["synergy"].keys()
assert abs(m["loglik_reml"] - (-319.9067163)) < 1e-6, m["loglik_reml"]
for s in j["synergy"]:
    assert {"method", "window", "expected", "observed", "estimate", "lower", "upper", "p", "verdict"} <= s.keys()
    assert s["window"]
PY
for f in summary.tsv tgi.tsv animals.tsv mixed_model.tsv synergy.tsv analysis.json; do
  [ -s "$work/out/$f" ] || fail "missing $f"
done

# Bad input: a duplicate animal-day and a negative volume.
printf 'mouse\tarm\tday\tvol\nm1\tC\t0\t100\nm1\tC\t0\t90\nm2\tC\t0\t-4\n' > "$work/bad.tsv"
set +e
"$PIONEER" invivo analyze --data "$work/bad.tsv" --animal mouse --arm arm --day day --volume vol \
  --json "$work/bad.json" --out "$work/badout" > "$work/bad.out" 2> "$work/bad.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad input exit code $rc"
grep -q "bad.tsv:3:3: day: duplicate measurement of animal m1 on day 0 (first at line 2)" "$work/bad.err" || fail "$(cat "$work/bad.err")"
grep -q "bad.tsv:4:4: vol: negative tumour volume" "$work/bad.err" || fail "$(cat "$work/bad.err")"
[ ! -e "$work/bad.json" ] && [ ! -e "$work/badout" ] || fail "something was written"
echo "ok"
