#!/usr/bin/env bash
# Issue 14, safe file handling and all-or-nothing outputs, one check per
# defect the review found: planted symlinks, devices, "-" for stdout, a
# non-SQLite file as a store, key and output modes, plan paths outside the
# plan's folder, `store = "."`, the demo over a folder it did not make, and
# no staging folder left behind.
# usage: tests/cli/safe_files.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
source "$(dirname "$0")/setup.sh" "$1"
umask 022
failures=0
fail() { echo "FAIL [$1] $2" >&2; failures=$((failures + 1)); }
ok() { echo "ok   $1"; }
# expect_exit CODE NAME COMMAND...: stderr in $work/err
expect_exit() {
  local want=$1 name=$2
  shift 2
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { fail "$name" "exit $got, expected $want: $(cat "$work/err")"; return 1; }
}

"$pioneer" import --study "$work/s.sqlite" "$fixtures"/good/* >/dev/null

# A planted symlink: --json refuses it, the file it points to is untouched.
echo precious >"$work/victim"
ln -s "$work/victim" "$work/info.json"
expect_exit 2 symlink "$pioneer" info --study "$work/s.sqlite" --json "$work/info.json" &&
  grep -q "symbolic link" "$work/err" && [ "$(cat "$work/victim")" = precious ] &&
  [ -L "$work/info.json" ] && ok symlink || fail symlink "condition not met"
# A link to a device (as /dev/stdout is): refused, the link stays a link.
ln -s /dev/null "$work/devnull"
expect_exit 2 device "$pioneer" info --study "$work/s.sqlite" --json "$work/devnull" &&
  [ -L "$work/devnull" ] && [ -c /dev/null ] && ok device || fail device "condition not met"
expect_exit 2 dev_stdout "$pioneer" info --study "$work/s.sqlite" --json /dev/stdout &&
  [ -L /dev/stdout ] && ok dev_stdout || fail dev_stdout "condition not met"
# "-" is standard output.
"$pioneer" info --study "$work/s.sqlite" --json - | jq -e '.counts.subjects == 3' >/dev/null &&
  [ ! -e ./- ] && ok json_to_stdout || fail json_to_stdout "--json - did not print the JSON"

# An empty or foreign file is not a store and is not converted into one.
: >"$work/empty.txt"
expect_exit 2 empty_store "$pioneer" info --study "$work/empty.txt" &&
  [ ! -s "$work/empty.txt" ] && ok empty_store || fail empty_store "condition not met"
echo "a,b" >"$work/table.csv"
expect_exit 2 foreign_store "$pioneer" import --study "$work/table.csv" "$fixtures"/good/* &&
  [ "$(cat "$work/table.csv")" = "a,b" ] && ok foreign_store || fail foreign_store "condition not met"
expect_exit 2 missing_store "$pioneer" info --study "$work/missing.sqlite" &&
  [ ! -e "$work/missing.sqlite" ] && ok missing_store || fail missing_store "condition not met"

# Key files must be 0600; --fix-key-permissions makes them so.
install -m 666 "$fixtures/test.key" "$work/open.key"
expect_exit 2 key_mode "$pioneer" import --study "$work/k.sqlite" --key "$work/open.key" \
  "$fixtures"/good/* && grep -q "0666" "$work/err" && [ ! -e "$work/k.sqlite" ] && ok key_mode || fail key_mode "condition not met"
expect_exit 0 key_fix "$pioneer" import --study "$work/k.sqlite" --key "$work/open.key" \
  --fix-key-permissions "$fixtures"/good/* &&
  [ "$(stat -c %a "$work/open.key")" = 600 ] && ok key_fix || fail key_fix "condition not met"

# Stores, exports, reports: 0640 under umask 022; the demo key 0600.
"$pioneer" export --study "$work/s.sqlite" --out "$work/export" >/dev/null
"$pioneer" demo --out "$work/demo" --patients 8 --seed 1 >/dev/null
modes=$(stat -c '%a %n' "$work/s.sqlite" "$work/export/subjects.tsv" "$work/demo/report.html" \
  "$work/demo/tables/swimmer.tsv" "$work/demo/study.sqlite" | awk '{print $1}' | sort -u)
[ "$modes" = 640 ] && [ "$(stat -c %a "$work/demo/pseudonym.key")" = 600 ] && ok modes ||
  fail modes "modes $modes"

# Plan paths stay in the plan's folder unless --allow-outside.
mkdir -p "$work/p/sub"
cp "$work/s.sqlite" "$work/p/sub/s.sqlite"
printf '[study]\nstore = "s.sqlite"\n[output]\ndir = "../../escape"\n[[analysis]]\nkind = "swimmer"\n' \
  >"$work/p/sub/plan.toml"
expect_exit 2 plan_escape "$pioneer" run "$work/p/sub/plan.toml" &&
  grep -q "plan.toml:4:7: dir = \"../../escape\"" "$work/err" && [ ! -e "$work/escape" ] &&
  ok plan_escape || fail plan_escape "condition not met"
expect_exit 0 allow_outside "$pioneer" run --allow-outside "$work/p/sub/plan.toml" &&
  [ -f "$work/escape/report.html" ] && ok allow_outside || fail allow_outside "condition not met"
printf '[study]\nstore = "."\n[output]\ndir = "o"\n[[analysis]]\nkind = "swimmer"\n' \
  >"$work/p/sub/dot.toml"
expect_exit 2 store_dot "$pioneer" run "$work/p/sub/dot.toml" &&
  grep -q 'dot.toml:2:9: store = "." in \[study\] names a folder' "$work/err" && ok store_dot || fail store_dot "condition not met"

# The demo never deletes what it did not make.
mkdir -p "$work/mine/data"
echo mine >"$work/mine/data/keep.csv"
expect_exit 2 demo_foreign "$pioneer" demo --out "$work/mine" --patients 5 &&
  [ "$(cat "$work/mine/data/keep.csv")" = mine ] && [ ! -e "$work/mine/study.sqlite" ] &&
  ok demo_foreign || fail demo_foreign "condition not met"
echo note >"$work/demo/notes.txt"
"$pioneer" demo --out "$work/demo" --patients 8 --seed 1 >/dev/null
[ "$(cat "$work/demo/notes.txt")" = note ] && ok demo_keeps_foreign_file ||
  fail demo_keeps_foreign_file "notes.txt lost"

# Nothing left beside the outputs: no staging folder, no temporary file.
left=$(find "$work" -name '.*.pioneer-*' | wc -l)
[ "$left" -eq 0 ] && ok no_leftovers || fail no_leftovers "$(find "$work" -name '.*.pioneer-*')"

[ "$failures" -eq 0 ] && echo "safe file handling: all checks passed"
exit $((failures > 0))
