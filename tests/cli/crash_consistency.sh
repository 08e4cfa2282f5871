#!/usr/bin/env bash
# Issue 14, crash consistency: `pioneer import`, `run` and `demo` killed with
# SIGKILL at many points leave each of store, output folder and key exactly
# in the state before the command or in the state after it, never a mix.
# Kill points come from the test-only hook PIONEER_TEST_CRASH_POINT=NAME:N
# (pioneer/core/crash_point.h: the N-th pass through crash point NAME raises
# SIGKILL) and from `kill -9` after a random delay. At least 30 kills each.
# Fields that legitimately vary between two runs (the manifest's
# varying_fields; import time stamps) are left out of the comparison.
# usage: tests/cli/crash_consistency.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
source "$(dirname "$0")/setup.sh" "$1"
min_kills=30
failures=0
fail() { echo "FAIL [$1] $2" >&2; failures=$((failures + 1)); }

# The logical content of a store (a copy is opened, with its -wal), import
# times blanked: the same whether or not SQLite has checkpointed yet.
store_state() {
  [ -e "$1" ] || { echo absent; return; }
  local copy
  copy=$(mktemp -d "$work/dump.XXXX")
  cp "$1" "$copy/s"
  [ -e "$1-wal" ] && cp "$1-wal" "$copy/s-wal"
  sqlite3 "$copy/s" .dump | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g'
  rm -rf "$copy"
}

# A folder: every entry's type and name, every file's SHA-256, the manifest
# without its varying_fields and the store's logical content.
folder_state() {
  [ -e "$1" ] || { echo absent; return; }
  (
    cd "$1"
    find . -mindepth 1 ! -name 'study.sqlite-*' -printf '%y %P\n' | LC_ALL=C sort
    find . -type f ! -name manifest.json ! -name 'study.sqlite*' -print0 | LC_ALL=C sort -z |
      xargs -0 -r sha256sum
    if [ -f manifest.json ]; then
      jq -S '. as $m | delpaths([$m.varying_fields[] | split("/")[1:] | map(tonumber? // .)])' \
        manifest.json
    fi
    if [ -f study.sqlite ]; then store_state study.sqlite; fi
  )
}

# Runs "$@" killed at crash point $point (NAME:N), or after $delay_ms when
# point is "random"; sets $code (137 when killed).
run_killed() {
  local point=$1 delay_ms=$2
  shift 2
  set +e
  if [ "$point" = random ]; then
    "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$(awk "BEGIN { print $delay_ms / 1000 }")"
    kill -9 "$pid" 2>/dev/null
    wait "$pid"
  else
    PIONEER_TEST_CRASH_POINT=$point "$@" >/dev/null 2>&1
  fi
  code=$?
  set -e
}

# Wall milliseconds of one run of "$@".
duration_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# Kills "$@" at each named point, then after random delays until $min_kills
# kills; after each, `check` must pass and `reset` restores the before state.
kill_campaign() {
  local name=$1 points=$2 max_ms=$3
  shift 3
  local kills=0 completed=0 attempts=0 mixed=0 point
  for point in $points random; do
    while :; do
      attempts=$((attempts + 1))
      run_killed "$point" $((RANDOM % (max_ms + 1))) "$@"
      if [ "$code" -eq 137 ]; then kills=$((kills + 1)); elif [ "$code" -eq 0 ]; then
        completed=$((completed + 1))
      else fail "$name" "exit code $code at $point"; fi
      check "$name" "$point" || mixed=$((mixed + 1))
      reset
      [ "$point" = random ] && [ "$kills" -lt "$min_kills" ] && [ "$attempts" -lt 200 ] && continue
      break
    done
  done
  echo "$name: $((kills - mixed)) of $kills kills left the before or after state" \
    "($completed runs finished before their kill point)"
  [ "$kills" -ge "$min_kills" ] || fail "$name" "only $kills kills"
}

# ---- import into a new store, and into an existing one -----------------
files=("$fixtures"/good/*)
"$pioneer" import --study "$work/after.sqlite" "${files[@]}" >/dev/null
import_after=$(store_state "$work/after.sqlite")
import_ms=$(duration_ms "$pioneer" import --study "$work/timing.sqlite" "${files[@]}")
check() {
  local s
  s=$(store_state "$work/i/s.sqlite")
  [ "$s" = absent ] || [ "$s" = "$import_after" ] || { fail "$1" "store mixed after kill at $2"; return 1; }
}
reset() { rm -f "$work/i/s.sqlite" "$work/i/s.sqlite-wal" "$work/i/s.sqlite-shm"; }
mkdir -p "$work/i"
points="import-writing:1 import-before-commit:1 import-committed:1 file-written:1"
kill_campaign import "$points" "$import_ms" \
  "$pioneer" import --study "$work/i/s.sqlite" --json "$work/i/out.json" "${files[@]}"
# Leftovers of killed imports are gone after the next import.
"$pioneer" import --study "$work/i/s.sqlite" "${files[@]}" >/dev/null
leftovers=$(find "$work/i" -name '.s.sqlite.pioneer-*' | wc -l)
[ "$leftovers" -eq 0 ] || fail import "$leftovers temporary files left after a clean import"

# A first import that creates the default key: no key or the whole key.
check_key() {
  local key=$work/home/.config/pioneer/pseudonym.key
  [ ! -e "$key" ] && [ ! -e "$work/k/s.sqlite" ] && return 0
  [ "$(stat -c '%s %a' "$key")" = "32 600" ] || { fail "$1" "bad key after kill at $2"; return 1; }
}
key_kills=0
for point in key-written:1 import-committed:1 random random random random; do
  run_killed "$point" $((RANDOM % (import_ms + 1))) \
    env -u PIONEER_KEY_FILE HOME="$work/home" "$pioneer" import --study "$work/k/s.sqlite" "${files[@]}"
  [ "$code" -eq 137 ] && key_kills=$((key_kills + 1))
  check_key key "$point" || true
  rm -rf "$work/home" "$work/k"
  mkdir -p "$work/k"
done
echo "key: $key_kills kills, key absent or whole after each"

# ---- run: an output folder replaced by another plan's ----------------------
"$pioneer" demo --out "$work/demo" --patients 20 --seed 5 >/dev/null
plan() {
  printf '[study]\nstore = "study.sqlite"\n[output]\ndir = "out"\ntitle = "%s"\n' "$1"
  printf '[[analysis]]\nkind = "cohort_summary"\n[[analysis]]\nkind = "swimmer"\n'
  printf '[[analysis]]\nkind = "survival"\n'
}
plan B >"$work/demo/plan_b.toml"
"$pioneer" run "$work/demo/plan_b.toml" >/dev/null
run_after=$(folder_state "$work/demo/out")
plan A >"$work/demo/plan_a.toml"
"$pioneer" run "$work/demo/plan_a.toml" >/dev/null
run_before=$(folder_state "$work/demo/out")
cp -a "$work/demo/out" "$work/out_a"
store_before=$(store_state "$work/demo/study.sqlite")
[ "$run_before" != "$run_after" ] || fail run "plans A and B give the same output"
run_ms=$(duration_ms "$pioneer" run "$work/demo/plan_b.toml")
check() {
  local s
  s=$(folder_state "$work/demo/out")
  [ "$s" = "$run_before" ] || [ "$s" = "$run_after" ] || { fail "$1" "output mixed after kill at $2"; return 1; }
  [ "$(store_state "$work/demo/study.sqlite")" = "$store_before" ] || { fail "$1" "store changed at $2"; return 1; }
}
reset() { rm -rf "$work/demo/out" && cp -a "$work/out_a" "$work/demo/out"; }
points="staged-publish:1 staged-exchanged:1"
for n in 1 2 3 5 8 13 21; do points="$points file-written:$n run-output-written:$n"; done
kill_campaign run "$points" "$run_ms" "$pioneer" run "$work/demo/plan_b.toml"
"$pioneer" run "$work/demo/plan_b.toml" >/dev/null
leftovers=$(find "$work/demo" -maxdepth 1 -name '.out.pioneer-*' | wc -l)
[ "$leftovers" -eq 0 ] || fail run "$leftovers staging folders left after a clean run"

# ---- demo: a whole demo folder replaced by one of another seed -------------
"$pioneer" demo --out "$work/ref6" --patients 20 --seed 6 >/dev/null
demo_after=$(folder_state "$work/ref6")
"$pioneer" demo --out "$work/d0" --patients 20 --seed 5 >/dev/null
demo_before=$(folder_state "$work/d0")
demo_ms=$(duration_ms "$pioneer" demo --out "$work/timing" --patients 20 --seed 6)
check() {
  local s
  s=$(folder_state "$work/d")
  [ "$s" = "$demo_before" ] || [ "$s" = "$demo_after" ] || { fail "$1" "demo folder mixed after kill at $2"; return 1; }
}
reset() { rm -rf "$work/d" && cp -a "$work/d0" "$work/d"; }
reset
points="import-before-commit:1 import-committed:1 staged-publish:1 staged-publish:2"
points="$points staged-exchanged:1 demo-staged:1 staged-write:1 staged-write:7"
for n in 1 4 9 12 20 30 40; do points="$points file-written:$n"; done
kill_campaign demo "$points" "$demo_ms" "$pioneer" demo --out "$work/d" --patients 20 --seed 6
"$pioneer" demo --out "$work/d" --patients 20 --seed 6 >/dev/null
leftovers=$(find "$work" -maxdepth 1 -name '.d.pioneer-*' | wc -l)
[ "$leftovers" -eq 0 ] || fail demo "$leftovers staging folders left after a clean demo"

[ "$failures" -eq 0 ] && echo "crash consistency: all kills left the before or the after state"
exit $((failures > 0))
