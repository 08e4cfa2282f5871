#!/usr/bin/env bash
# Size gate of CI (issue 15, STYLE.md): no tracked C++ file over 500 lines
# and no function over 60 lines unless the comment block above it says
# "// Long on purpose: <why>". Files whose second line says GENERATED are
# exempt. Functions are found on the clang-formatted layout: a definition
# starts at column 0 and its body ends at a "}" in column 0; member functions
# defined inside a class body (indented) are not measured, they are short
# accessors by convention.
# scripts/size_allowlist.txt lists the files and functions over the limits
# that are not split yet ("path" or "path function"): they are reported but
# do not fail. The list may only shrink: an entry that is back under the
# limit fails too, so that it gets removed.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_FILE_LINES="${MAX_FILE_LINES:-500}"
MAX_FUNCTION_LINES="${MAX_FUNCTION_LINES:-60}"

ALLOW=scripts/size_allowlist.txt
report=$(mktemp)
trap 'rm -f "$report"' EXIT
while IFS= read -r f; do
  sed -n 2p "$f" | grep -q '^// GENERATED' && continue
  awk -v file="$f" -v max_file="$MAX_FILE_LINES" -v max_fn="$MAX_FUNCTION_LINES" '
    function reset() { start = 0; name = "" }
    BEGIN { reset(); bad = 0; prev = ""; pending = "" }
    # A top-level definition: column-0 text that is not a preprocessor line,
    # a comment, a namespace, a type or a closing brace.
    start == 0 && /^[A-Za-z_~].*\(/ && !/^(namespace|struct|class|enum|union|using|template|typedef|extern|#)/ && !/;[[:space:]]*$/ {
      if (name == "") { name = $0; intro = comments; first = NR }
    }
    name != "" && start == 0 && /\}[;]?[[:space:]]*$/ { reset(); prev = $0; comments = ""; next }  # one-line body
    name != "" && start == 0 && /\{[[:space:]]*$/ { start = first }
    name != "" && start == 0 && /;[[:space:]]*$/ { reset() }
    start != 0 && /^\}/ {
      length_ = NR - start + 1
      if (length_ > max_fn && intro !~ /Long on purpose:/) {
        sub(/\(.*/, "", name); n = split(name, words, /[ *&]+/); name = words[n]
        printf "%s:%d: function %s is %d lines (max %d; split it, or say why in a \"// Long on purpose: ...\" comment above it)\n", file, start, name, length_, max_fn
        bad = 1
      }
      reset()
    }
    { prev = $0; comments = ($0 ~ /^[[:space:]]*\/\//) ? comments $0 : "" }
    END {
      if (NR > max_file) { printf "%s:0: file is %d lines (max %d)\n", file, NR, max_file }
    }' "$f" >>"$report"
done < <(git ls-files '*.cc' '*.h')

# "path function" of each finding, "path" for a whole file.
key() { sed -E 's/^([^:]+):[0-9]+: (function ([^ ]+)|file).*/\1 \3/; s/ $//'; }
status=0
allowed=0
while IFS= read -r line; do
  k=$(printf '%s\n' "$line" | key)
  if grep -qxF "$k" "$ALLOW" 2>/dev/null; then
    allowed=$((allowed + 1))
  else
    echo "$line" >&2
    status=1
  fi
done <"$report"
while IFS= read -r entry; do
  case "$entry" in '' | '#'*) continue ;; esac
  if ! key <"$report" | grep -qxF "$entry"; then
    echo "size: '$entry' is within the limits now: remove it from $ALLOW" >&2
    status=1
  fi
done <"$ALLOW"
[ "$status" -eq 0 ] && echo "size: every file <= $MAX_FILE_LINES lines, every function <= $MAX_FUNCTION_LINES lines or explained ($allowed still listed in $ALLOW)"
exit "$status"
