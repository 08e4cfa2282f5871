#!/usr/bin/env bash
# `pioneer run` on bad plans: exit code 2 and every problem as
# plan.toml:line:column: message; nothing written to the output folder.
# usage: run_plan_errors.sh PIONEER_BINARY
set -euo pipefail
pioneer=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

expect() {  # expect EXIT_CODE PATTERN COMMAND...
  local code=$1 pattern=$2
  shift 2
  local rc=0
  "$@" >"$work/out.txt" 2>"$work/err.txt" || rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qF -- "$pattern" "$work/err.txt"; then
    echo "FAIL: '$*' gave exit $rc (want $code), stderr:"
    cat "$work/err.txt"
    echo "  (wanted: $pattern)"
    status=1
  fi
}

cat >"$work/plan.toml" <<'TOML'
[study]
store = "missing.sqlite"
[output]
dir = "out"
[[analysis]]
kind = "forest_plot"
TOML
expect 2 "plan.toml:6:8: unknown analysis kind 'forest_plot' (known: cohort_summary, swimmer, survival, " \
  "$pioneer" run "$work/plan.toml"

printf '[study]\nstore = "s.sqlite"\n[output]\ndir = "out"\nshade = true\n[[analysis]]\nkind = "swimmer"\n' >"$work/keys.toml"
expect 2 "keys.toml:5:1: unknown key 'shade' in [output] (allowed: dir, title)" "$pioneer" run "$work/keys.toml"

printf '[study\n' >"$work/syntax.toml"
expect 2 "syntax.toml:1:" "$pioneer" run "$work/syntax.toml"

# A valid plan whose store does not exist: exit 2 (not found), nothing written.
sed 's/forest_plot/cohort_summary/' "$work/plan.toml" >"$work/nostore.toml"
expect 2 "missing.sqlite does not exist" "$pioneer" run "$work/nostore.toml"
[ ! -e "$work/out" ] || { echo "FAIL: output folder written"; status=1; }

expect 2 "pioneer run takes one analysis plan" "$pioneer" run
expect 2 "invalid value '0' for --patients; allowed: an integer from 1 to 100000" "$pioneer" demo --out "$work/d" --patients 0

[ "$status" -eq 0 ] && echo "OK: bad plans rejected with located messages and exit code 2"
exit "$status"
