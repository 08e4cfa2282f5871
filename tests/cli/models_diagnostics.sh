#!/usr/bin/env bash
# pioneer roc / cutpoint / model on lung fixtures: JSON keys and values as
# pROC / maxstat / glmnet (tests/fixtures/diagnostics, models); bad inputs
# exit 2 with file:line:column and write nothing.
set -euo pipefail
PIONEER=${1:?usage: models_diagnostics.sh PIONEER}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
L=tests/fixtures/diagnostics/lung_dead1y.csv
"$PIONEER" roc --data $L --outcome dead1y --marker ph.karno --marker2 meal.cal --json "$T/roc.json" >/dev/null
"$PIONEER" cutpoint --data $L --time time --event status --marker age --method maxstat --json "$T/max.json" >/dev/null
"$PIONEER" cutpoint --data $L --outcome dead1y --marker wt.loss --method fixed --value 10 --direction '<' --json "$T/fixed.json" >/dev/null
D=tests/fixtures/models/lung_design.csv
F=age,sex,ph.ecog,ph.karno,pat.karno,meal.cal,wt.loss,noise1,noise2,noise3,noise4,noise5
"$PIONEER" model path --data $D --family cox --time time --event status --features $F --thresh 1e-20 --json "$T/cox.json" >/dev/null
"$PIONEER" model fit --data $D --outcome dead1y --features $F --method auto --folds 5 --seed 3 --outer-folds 3 --bootstrap 3 --max-rounds 30 --out "$T/model.json" >/dev/null
"$PIONEER" model evaluate --model "$T/model.json" --data $D --outcome dead1y --bootstrap 50 --seed 2 --json "$T/eval.json" >/dev/null
"$PIONEER" model fit --data $D --outcome dead1y --features $F --method xgboost --folds 5 --seed 3 --bootstrap 2 --max-rounds 30 --out "$T/xgb.json" >/dev/null
"$PIONEER" model predict --model "$T/xgb.json" --data $D --out "$T/xgb1.tsv" >/dev/null
"$PIONEER" model predict --model "$T/xgb.json" --data $D --out "$T/xgb2.tsv" >/dev/null
cmp -s "$T/xgb1.tsv" "$T/xgb2.tsv" || { echo "xgboost predictions differ between runs"; exit 1; }
"$PIONEER" concordance --data $L --time time --event status --marker age --tau 365 --json "$T/conc.json" >/dev/null
"$PIONEER" model predict --model "$T/model.json" --data $D --out "$T/pred.tsv" >/dev/null
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
fx = json.load(open("tests/fixtures/diagnostics/diagnostics.json"))
roc = json.load(open(t + "/roc.json")); p = fx["paired"]
def near(a, b, tol=1e-9): assert abs(a - b) <= tol * max(1, abs(b)), (a, b)
near(roc["auc"], p["auc1"]); near(roc["auc2"], p["auc2"]); near(roc["paired_test"]["z"], p["z"]); near(roc["paired_test"]["p"], p["p"])
for k in ["n_cases", "n_controls", "auc_lower", "auc_upper", "youden", "auc2_lower", "auc2_upper"]: assert k in roc, k
m = json.load(open(t + "/max.json")); e = fx["maxstat"]["age"]
near(m["cutpoint"], e["cutpoint"]); near(m["statistic"], e["statistic"]); near(m["p"], e["p"])
f = json.load(open(t + "/fixed.json")); e = fx["performance"]
for k in ["sensitivity", "specificity", "ppv", "npv"]:
    near(f[k], e[k][0]); near(f[k + "_lower"], e[k][1]); near(f[k + "_upper"], e[k][2])
c = json.load(open(t + "/cox.json")); g = json.load(open("tests/fixtures/models/glmnet.json"))["cox_lasso"]
assert len(c["lambda"]) == len(g["lambda"])
for name, vals in g["beta"].items():
    for a, b in zip(c["beta"][name], vals): assert abs(a - b) < 1e-6, (name, a, b)
ev = json.load(open(t + "/eval.json"))
for k in ["n", "n_positive", "auc", "auc_lower", "auc_upper", "brier", "calibration_intercept", "calibration_slope"]: assert k in ev, k
for k in ["calibration_curve", "decision_curve", "at_risk_threshold", "bootstrap"]: assert k in ev, k
assert ev["bootstrap"]["auc"]["intervals"]["percentile"]["lower"] < ev["auc"] < ev["bootstrap"]["auc"]["intervals"]["percentile"]["upper"]
mo = json.load(open(t + "/model.json"))
assert mo["format"] == "pioneer-model/2" and len(mo["selection"]["candidates"]) == 3
assert len(mo["selection"]["nested_cv"]["folds"]) == 3 and "bootstrap_optimism" in mo["validated_performance"]
xg = json.load(open(t + "/xgb.json"))
assert xg["method"] == "xgboost" and "trees" in xg["xgboost"]["model"]["learner"]["gradient_booster"]["model"]
co = json.load(open(t + "/conc.json")); cf = json.load(open("tests/fixtures/diagnostics/metrics.json"))["concordance_cli"]
near(co["harrell_c"], cf["harrell_c"]); near(co["uno_c"], cf["uno_c_tau365"])
lines = open(t + "/pred.tsv").read().splitlines()
assert lines[0].split("\t")[1:] == ["probability", "risk_group"] and len(lines) == 169
PY
# Bad inputs: exit 2, a located message, no output written.
printf 'id,y,m\n1,1,0.5\n2,3,0.7\n3,0,x\n' > "$T/bad.csv"
set +e
msg=$("$PIONEER" roc --data "$T/bad.csv" --outcome y --marker m --json "$T/out.json" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || { echo "roc on bad input: exit $rc"; exit 1; }
grep -q 'bad.csv:3:2' <<<"$msg" && grep -q 'bad.csv:4:3' <<<"$msg" || { echo "missing locations: $msg"; exit 1; }
[ ! -e "$T/out.json" ] || { echo "output written on error"; exit 1; }
set +e
msg=$("$PIONEER" model predict --model "$T/model.json" --data $L --out "$T/p2.tsv" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] && grep -q 'feature column' <<<"$msg" && [ ! -e "$T/p2.tsv" ] || { echo "missing feature not refused: $rc $msg"; exit 1; }
set +e
msg=$("$PIONEER" model predict --model "$T/xgb.json" --data $L --out "$T/p3.tsv" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] && grep -q 'feature column' <<<"$msg" && [ ! -e "$T/p3.tsv" ] || { echo "xgboost: missing feature not refused: $rc $msg"; exit 1; }
echo "models/diagnostics CLI: ok"
