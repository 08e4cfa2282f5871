#!/usr/bin/env bash
# Applies the repo's .clang-format to every tracked C++ file, or with --check
# lists the files that differ and fails (CI, issue 15). Files whose second
# line says GENERATED (tables written by src/*/tools/) are left as their
# generator wrote them.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG_FORMAT="${CLANG_FORMAT:-clang-format-14}"

files=()
while IFS= read -r f; do
  sed -n 2p "$f" | grep -q '^// GENERATED' || files+=("$f")
done < <(git ls-files '*.cc' '*.h')

if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    "$CLANG_FORMAT" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if ((${#bad[@]})); then
    echo "format: ${#bad[@]} file(s) differ from .clang-format (run \`make format\`):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files match .clang-format"
else
  printf '%s\0' "${files[@]}" | xargs -0 "$CLANG_FORMAT" -i
fi
