#!/usr/bin/env bash
# pioneer response --input (issue 4, docs/response.md):
#  1. the default-parameter patients of the case files give exactly
#     tests/fixtures/clinical/response_expected.json, the library's output,
#     which clinical_tests checks against the hand-derived expectations
#     (so CLI = library = hand-derived values); a few values are also
#     checked here directly;
#  2. a parameters block overrides the defaults and is echoed in the output;
#  3. bad inputs (tests/fixtures/clinical/bad/) exit 2 with a message naming
#     patient, visit and lesion, and write nothing.
set -euo pipefail
PIONEER=$1
FIX=tests/fixtures/clinical
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$PIONEER" response --input "$FIX/response_input.json" --json "$tmp/out.json" > "$tmp/stdout"
grep -q "patients" "$tmp/stdout" || fail "no summary printed"
python3 - "$tmp/out.json" "$FIX/response_expected.json" <<'EOF'
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
if got["parameters"] != want["parameters"]:
    sys.exit("parameters differ")
if len(got["results"]) != len(want["results"]):
    sys.exit("number of results differs")
for g, w in zip(got["results"], want["results"]):
    if g != w:
        sys.exit(f"patient {w['id']}: CLI output differs from the library's")
r = {x["id"]: x for x in got["results"]}
# Hand-derived values (tests/fixtures/clinical/cases/*.txt).
checks = [
    (r["R03"]["recist"]["bor_confirmed"], "PR"),
    (r["R03"]["recist"]["dor"]["days"], 84),
    (r["R11"]["recist"]["pfs"], {"event": True, "day": 42, "reason": "PD"}),
    ([t["overall"] for t in r["R11"]["recist"]["timepoints"]], ["PD", "NA"]),
    (r["I14"]["irecist"]["icpd_progression_day"], 126),
    (r["I01"]["sitc_2020"]["class"], "no_progression"),
    (r["I01"]["sitc_2023_ici_chemo"], {"class": "primary_resistance", "progression_day": 42}),
    (r["S01"]["sitc_2020"], {"class": "secondary_resistance", "progression_day": 210, "reason": "best_PR"}),
    (r["E03"]["recist"]["pfs"]["reason"], "event_after_missed_assessments"),
]
for i, (a, b) in enumerate(checks):
    if a != b:
        sys.exit(f"check {i}: got {a!r}, expected {b!r}")
EOF

# A parameters block overrides the defaults (A1: R22 is SD exactly, PR rounded).
python3 - "$FIX/response_input.json" "$tmp/params.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
p = [x for x in doc["patients"] if x["id"] == "R22"]
json.dump({"parameters": {"rounding": "one_decimal"}, "patients": p}, open(sys.argv[2], "w"))
EOF
"$PIONEER" response --input "$tmp/params.json" --json "$tmp/params_out.json" > /dev/null
python3 - "$tmp/params_out.json" <<'EOF'
import json, sys
out = json.load(open(sys.argv[1]))
assert out["parameters"]["rounding"] == "one_decimal", out["parameters"]
assert out["parameters"]["pr_threshold_pct"] == 30
assert out["results"][0]["recist"]["timepoints"][0]["overall"] == "PR", out["results"][0]
EOF

# Bad inputs: exit 2, the message, nothing written.
n=0
while IFS=$'\t' read -r file message; do
  [[ -z $file || $file == \#* ]] && continue
  set +e
  "$PIONEER" response --input "$FIX/bad/$file" --json "$tmp/bad.json" > /dev/null 2> "$tmp/err"
  rc=$?
  set -e
  [[ $rc == 2 ]] || fail "$file: exit $rc, expected 2"
  grep -qF -- "$message" "$tmp/err" || fail "$file: message not found in: $(cat "$tmp/err")"
  [[ ! -e $tmp/bad.json ]] || fail "$file: output written"
  n=$((n + 1))
done < "$FIX/bad/EXPECTED.tsv"
[[ $n -ge 8 ]] || fail "only $n bad inputs checked"

set +e
"$PIONEER" response --json "$tmp/x.json" > /dev/null 2>&1
rc=$?
set -e
[[ $rc == 2 ]] || fail "no --input: exit $rc"
echo "response_cases: ok ($n bad inputs)"
