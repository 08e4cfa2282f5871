#!/usr/bin/env bash
# pioneer design ... (issue 20): the JSON keys the issue names, the
# published Simon design, thread-independent simulations, and bad options:
# exit 2 with the flag, the value and the allowed range, no JSON written.
set -euo pipefail
PIONEER=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$PIONEER" design simon --p0 0.1 --p1 0.3 --alpha 0.05 --beta 0.2 --nmax 60 --json "$work/simon.json" > /dev/null
"$PIONEER" design ahern --p0 0.1 --p1 0.3 --alpha 0.05 --beta 0.2 --json "$work/ahern.json" > /dev/null
"$PIONEER" design boin --target 0.3 --ncohort 30 --cohortsize 1 --json "$work/boin.json" > /dev/null
"$PIONEER" design boin-select --target 0.3 --n 3,3,15,9,0 --y 0,0,4,4,0 --json "$work/select.json" > /dev/null
"$PIONEER" design logrank --hr 0.7 --alpha 0.05 --power 0.8 --allocation 2:1 --method freedman \
  --accrual 24 --follow-up 12 --median-control 12 --dropout 0.05 --json "$work/logrank.json" > /dev/null
"$PIONEER" design gs --looks 0.33,0.67,1 --spending obf --alpha 0.025 --power 0.8 --hr 0.7 \
  --json "$work/gs.json" > /dev/null
for t in 1 2; do
  "$PIONEER" design simulate boin --target 0.3 --truth 0.05,0.15,0.3,0.45,0.6 --trials 4000 --seed 9 \
    --threads $t --json "$work/boin_oc_$t.json" > /dev/null
done
cmp -s "$work/boin_oc_1.json" "$work/boin_oc_2.json" || fail "simulate boin depends on --threads"
"$PIONEER" design simulate simon --r1 1 --n1 10 --r 5 --n 29 --truth 0.3 --trials 4000 --seed 9 \
  --json "$work/simon_oc.json" > /dev/null
python3 - "$work" <<'PY'
import json, sys
d = sys.argv[1]
j = lambda name: json.load(open(f"{d}/{name}.json"))
s = j("simon")
for k in ("optimal", "minimax"):
    assert {"r1", "n1", "r", "n", "en0", "pet0", "alpha", "power"} <= s[k].keys()
assert [s["optimal"][k] for k in ("r1", "n1", "r", "n")] == [1, 10, 5, 29]
assert [s["minimax"][k] for k in ("r1", "n1", "r", "n")] == [1, 15, 5, 25]
assert all({"q_low", "q_high"} <= a.keys() for a in s["admissible"])
a = j("ahern")
assert {"n", "r", "alpha", "power", "all_larger_feasible"} <= a.keys() and (a["n"], a["r"]) == (25, 6)
b = j("boin")
assert {"lambda_e", "lambda_d", "table"} <= b.keys() and len(b["table"]) == 30
assert all({"n", "b_e", "b_d", "elim"} <= r.keys() for r in b["table"])
assert b["table"][2] == {"n": 3, "b_e": 0, "b_d": 2, "elim": 3}, b["table"][2]
assert j("select")["mtd"] == 3 and len(j("select")["estimates"]) == 5
l = j("logrank")
assert {"events", "events_ceiling", "n_total", "n_experimental", "n_control", "p_event"} <= l.keys()
g = j("gs")
assert {"max_events", "expected_events_h1"} <= g.keys()
assert all({"critical_z", "alpha_spent"} <= k.keys() for k in g["looks"])
oc = j("boin_oc_1")
assert len(oc["select"]) == 5 and {"mean", "se"} <= oc["select"][0].keys()
assert {"declare_activity", "early_stop"} <= j("simon_oc").keys()
PY

# Bad options: exit 2, message naming the flag, value and range; no JSON.
expect_usage() {
  local want=$1; shift
  set +e
  "$PIONEER" "$@" --json "$work/bad.json" > /dev/null 2> "$work/err.txt"
  local rc=$?
  set -e
  [ $rc -eq 2 ] || fail "$* exited $rc"
  grep -qF -- "$want" "$work/err.txt" || fail "$*: $(cat "$work/err.txt")"
  [ ! -e "$work/bad.json" ] || fail "$* wrote JSON"
}
expect_usage "--p0 1.3: must be in (0, 1)" design simon --p0 1.3 --p1 0.3
expect_usage "--nmax 5000: must be in [2, 1000]" design simon --p0 0.1 --p1 0.3 --nmax 5000
expect_usage "--beta 0: must be in (0, 1)" design ahern --p0 0.1 --p1 0.3 --beta 0
expect_usage "--target 0.8: must be in [0.05, 0.6]" design boin --target 0.8
expect_usage "--y 4: DLTs per dose must be in [0, n]" design boin-select --target 0.3 --n 3,3 --y 4,0
expect_usage "--allocation 2:x" design logrank --hr 0.7 --allocation 2:x
expect_usage "--hr 1: must be positive and != 1" design logrank --hr 1
expect_usage "unknown value 'cox' for --method; allowed: schoenfeld, freedman" design logrank --hr 0.7 --method cox
expect_usage "unknown value 'linear' for --spending; allowed: obf, pocock, hsd" design gs --looks 0.5,1 --spending linear
expect_usage "--looks 0.4: information rates must increase" design gs --looks 0.5,0.4,1 --spending obf
expect_usage "--truth 1.3: rates must be in [0, 1]" design simulate boin --target 0.3 --truth 0.1,1.3
expect_usage "--trials 1: must be in [2, 100000000]" design simulate simon --r1 1 --n1 10 --r 5 --n 29 --truth 0.3 --trials 1
expect_usage "invalid value '-1' for --seed; allowed: an integer from 0 to" design simulate simon --r1 1 --n1 10 --r 5 --n 29 --truth 0.3 --seed -1
echo "design CLI: ok"
