#!/usr/bin/env bash
# clang-tidy gate (issue 15): the configured checks of .clang-tidy, as
# errors, on the C++ sources changed recently, or on every file with --all.
# "Recently" = in the commits of the TIDY_HOURS before the last commit
# (default 6: one working session and its CI run), leaving out commits whose
# subject starts with "Apply .clang-format" (whitespace only). A file takes
# ~15 s (the headers of Eigen, Boost and nlohmann/json dominate), so the
# whole tree (~250 sources) is `make tidy-all`, not CI.
# Needs the compile database of a configured build: BUILD (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${BUILD:-build}"
JOBS="${JOBS:-$(nproc)}"
TIDY_HOURS="${TIDY_HOURS:-6}"
CLANG_TIDY="${CLANG_TIDY:-clang-tidy-14}"

[ -f "$BUILD/compile_commands.json" ] || {
  echo "tidy: $BUILD/compile_commands.json is missing: configure the build first" >&2
  exit 2
}

if [ "${1:-}" = "--all" ]; then
  mapfile -t files < <(git ls-files '*.cc')
else
  last=$(git log -1 --format=%ct)
  since=$((last - TIDY_HOURS * 3600))
  mapfile -t files < <(git log --since="@$since" --format= --name-only --diff-filter=AM \
                         --invert-grep --grep='^Apply .clang-format' -- '*.cc' | sort -u)
fi
# Only sources that exist and are compiled (generated tables are exempt).
sources=()
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  sed -n 2p "$f" | grep -q '^// GENERATED' && continue
  grep -q "\"file\": \"$PWD/$f\"" "$BUILD/compile_commands.json" && sources+=("$f")
done
if ((${#sources[@]} == 0)); then
  echo "tidy: no changed C++ source to check"
  exit 0
fi
echo "tidy: ${#sources[@]} source(s), $JOBS at a time"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! printf '%s\0' "${sources[@]}" |
    xargs -0 -n 1 -P "$JOBS" "$CLANG_TIDY" -p "$BUILD" --quiet --warnings-as-errors='*' \
      --extra-arg=-Wno-unknown-warning-option >"$log" 2>&1; then
  grep -E 'error:|note:|^ ' "$log" | grep -v '^[0-9]* warnings\? generated' >&2 || cat "$log" >&2
  echo "tidy: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "tidy: ${#sources[@]} source(s) clean"
