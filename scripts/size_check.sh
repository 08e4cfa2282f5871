#!/usr/bin/env bash
# Size gate of CI (issue 15, STYLE.md): no tracked C++ file over 500 lines
# and no function over 60 lines unless the line before it carries a comment
# "// Long on purpose: <why>". Files whose second line says GENERATED are
# exempt. Functions are found on the clang-formatted layout: a definition
# starts at column 0 and its body ends at a "}" in column 0; member functions
# defined inside a class body (indented) are not measured, they are short
# accessors by convention.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_FILE_LINES="${MAX_FILE_LINES:-500}"
MAX_FUNCTION_LINES="${MAX_FUNCTION_LINES:-60}"

status=0
while IFS= read -r f; do
  sed -n 2p "$f" | grep -q '^// GENERATED' && continue
  awk -v file="$f" -v max_file="$MAX_FILE_LINES" -v max_fn="$MAX_FUNCTION_LINES" '
    function reset() { start = 0; name = "" }
    BEGIN { reset(); bad = 0; prev = ""; pending = "" }
    # A top-level definition: column-0 text that is not a preprocessor line,
    # a comment, a namespace, a type or a closing brace.
    start == 0 && /^[A-Za-z_~].*\(/ && !/^(namespace|struct|class|enum|union|using|template|typedef|extern|#)/ && !/;[[:space:]]*$/ {
      if (name == "") { name = $0; intro = prev; first = NR }
    }
    name != "" && start == 0 && /\}[;]?[[:space:]]*$/ { reset(); prev = $0; next }  # one-line body
    name != "" && start == 0 && /\{[[:space:]]*$/ { start = first }
    name != "" && start == 0 && /;[[:space:]]*$/ { reset() }
    start != 0 && /^\}/ {
      length_ = NR - start + 1
      if (length_ > max_fn && intro !~ /Long on purpose:/) {
        sub(/\(.*/, "", name)
        printf "%s:%d: function %s is %d lines (max %d; split it, or say why in a \"// Long on purpose: ...\" comment above it)\n", file, start, name, length_, max_fn
        bad = 1
      }
      reset()
    }
    { prev = $0 }
    END {
      if (NR > max_file) { printf "%s: %d lines (max %d)\n", file, NR, max_file; bad = 1 }
      exit bad
    }' "$f" || status=1
done < <(git ls-files '*.cc' '*.h')
[ "$status" -eq 0 ] && echo "size: every file <= $MAX_FILE_LINES lines, every function <= $MAX_FUNCTION_LINES lines or explained"
exit "$status"
