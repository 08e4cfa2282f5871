#!/usr/bin/env bash
# CLI test of `pioneer import` on bad inputs. Each folder
# tests/fixtures/import/bad/<case>/ holds the input files of one import and
# expected_stderr.txt, the exact messages (file:line:column: message: "raw")
# that must appear on stderr. Every case must exit with code 2 and leave an
# existing store byte for byte unchanged (sha256sum before/after), and must
# not leave a new store file behind.
# usage: tests/cli/import_bad_inputs.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
source "$(dirname "$0")/setup.sh" "$1"
failures=0
fail() { echo "FAIL [$1] $2" >&2; failures=$((failures + 1)); }

"$pioneer" import --study "$work/s.sqlite" "$fixtures"/good/* >/dev/null
before=$(sha256sum <"$work/s.sqlite")

for case in "$fixtures"/bad/*; do
  name=$(basename "$case")
  before_failures=$failures
  mapfile -t files < <(find "$case" -maxdepth 1 -type f ! -name expected_stderr.txt | sort)
  # Into the existing store: exact messages, exit 2, store unchanged.
  set +e
  "$pioneer" import --study "$work/s.sqlite" "${files[@]}" >"$work/stdout" 2>"$work/stderr"
  code=$?
  set -e
  [ "$code" -eq 2 ] || fail "$name" "exit code $code, expected 2"
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    grep -qF -- "$line" "$work/stderr" || fail "$name" "stderr lacks: $line"
  done <"$case/expected_stderr.txt"
  [ "$(sha256sum <"$work/s.sqlite")" = "$before" ] || fail "$name" "store changed"
  if [ "$failures" -gt "$before_failures" ]; then
    echo "--- stderr of $name:" >&2
    cat "$work/stderr" >&2
  fi
  # Into a new store: exit 2 and no file left behind.
  set +e
  "$pioneer" import --study "$work/new.sqlite" "${files[@]}" >/dev/null 2>&1
  code=$?
  set -e
  [ "$code" -eq 2 ] || fail "$name" "new store: exit code $code, expected 2"
  for f in "$work"/new.sqlite*; do
    [ -e "$f" ] && fail "$name" "new store: $f left behind"
  done
  [ "$failures" -eq "$before_failures" ] && echo "ok   $name"
done

# Another pseudonymisation key: refused before anything is read or written.
printf '%064d\n' 0 >"$work/other.key"
chmod 600 "$work/other.key"
set +e
"$pioneer" import --study "$work/s.sqlite" --key "$work/other.key" "$fixtures"/good/* \
  >/dev/null 2>"$work/stderr"
code=$?
set -e
[ "$code" -eq 2 ] || fail other_key "exit code $code, expected 2"
grep -qF "the study was pseudonymised with the key of fingerprint" "$work/stderr" ||
  fail other_key "stderr lacks the fingerprint message: $(cat "$work/stderr")"
[ "$(sha256sum <"$work/s.sqlite")" = "$before" ] || fail other_key "store changed"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
