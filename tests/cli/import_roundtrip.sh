#!/usr/bin/env bash
# CLI round trip: import the good SDTM fixtures, export the store as TSV,
# import the export into a new store and export that again: both exports
# (the pioneer layout of Load()) must be identical, file by file, and `info`
# must report the same counts.
# usage: tests/cli/import_roundtrip.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
source "$(dirname "$0")/setup.sh" "$1"

"$pioneer" import --study "$work/a.sqlite" "$fixtures"/good/*
"$pioneer" export --study "$work/a.sqlite" --out "$work/a"
"$pioneer" import --study "$work/b.sqlite" "$work"/a/*.tsv
"$pioneer" export --study "$work/b.sqlite" --out "$work/b"
diff -r "$work/a" "$work/b"

"$pioneer" info --study "$work/a.sqlite" --json "$work/a.json" >/dev/null
"$pioneer" info --study "$work/b.sqlite" --json "$work/b.json" >/dev/null
# The counts and arms of both stores (everything but path and audit log).
tables() { sed -n '/^table/,/import(s)$/p' "$1"; }
"$pioneer" info --study "$work/a.sqlite" >"$work/a.txt"
"$pioneer" info --study "$work/b.sqlite" >"$work/b.txt"
diff <(tables "$work/a.txt") <(tables "$work/b.txt")
grep -q '"subjects": 3' "$work/a.json"

# No raw identifier reaches the store or the export.
if grep -rqF -- "PIONEER01-001" "$work/a.sqlite" "$work/a"; then
  echo "a raw subject identifier reached the store or the export" >&2
  exit 1
fi
echo "round trip ok"
