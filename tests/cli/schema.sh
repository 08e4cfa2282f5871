#!/usr/bin/env bash
# `pioneer schema` (issue 15): every command of `pioneer --help` and every
# plan kind is in the schema, with options of the documented types; every
# option appears in its command's --help with its default; docs/reference/
# is what the schema generates (regenerate with
# `build/pioneer schema --docs docs/reference` after changing a declaration).
# usage: tests/cli/schema.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
pioneer=$(realpath "$1")
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pioneer" schema --json "$work/schema.json"
"$pioneer" --help | sed -n 's/^  \([a-z].*[a-z]\)  .*/\1/p' | sed 's/ *$//' >"$work/commands.txt"

python3 - "$pioneer" "$work/schema.json" "$work/commands.txt" <<'PY'
import json, subprocess, sys
pioneer, schema_file, commands_file = sys.argv[1:]
schema = json.load(open(schema_file))
failures = []
types = {"integer", "number", "string", "boolean", "enum", "list", "path"}
listed = [line.strip() for line in open(commands_file) if line.strip()]
names = [c["name"] for c in schema["commands"]]
for c in listed:
    if c not in names:
        failures.append(f"command '{c}' of --help is not in the schema")
kinds = [k["name"] for k in schema["plan_kinds"]]
for k in ["cohort_summary", "swimmer", "survival", "response", "safety", "predictive", "biomarkers",
          "cytometry", "invivo"]:
    if k not in kinds:
        failures.append(f"plan kind '{k}' is not in the schema")
options = 0
for c in schema["commands"]:
    help_text = subprocess.run([pioneer, *c["name"].split(), "--help"], capture_output=True, text=True).stdout
    for o in c["options"]:
        options += 1
        for key in ["name", "flag", "type", "allowed", "default", "unit", "help"]:
            if key not in o:
                failures.append(f"{c['name']} {o.get('name')}: no '{key}'")
        if o["type"] not in types:
            failures.append(f"{c['name']} {o['flag']}: type {o['type']}")
        if o["type"] == "enum" and not o["allowed"]:
            failures.append(f"{c['name']} {o['flag']}: enum without allowed values")
        if o["flag"] not in help_text:
            failures.append(f"{c['name']}: {o['flag']} not in --help")
        d = o["default"]
        if d not in (None, "", []) and o["type"] != "boolean":
            shown = ",".join(d) if isinstance(d, list) else (d if isinstance(d, str) else json.dumps(d))
            if f"(default: {shown})" not in help_text:
                failures.append(f"{c['name']}: {o['flag']} default {shown} not in --help")
for k in schema["plan_kinds"]:
    for o in k["options"]:
        if o["type"] not in types:
            failures.append(f"plan kind {k['name']} {o['name']}: type {o['type']}")
for f in failures:
    print("FAIL", f, file=sys.stderr)
print(f"{len(names)} commands, {options} options, {len(kinds)} plan kinds checked")
sys.exit(1 if failures else 0)
PY

"$pioneer" schema --docs "$work/reference"
if ! diff -r docs/reference "$work/reference" >"$work/diff.txt"; then
  head -40 "$work/diff.txt" >&2
  echo "FAIL docs/reference is not what the declarations generate: run" \
    "'build/pioneer schema --docs docs/reference'" >&2
  exit 1
fi
echo "docs/reference is current"
