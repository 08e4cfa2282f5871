#!/usr/bin/env bash
# Builds every libFuzzer target of tests/fuzz (CMake, -DPIONEER_FUZZ=ON, clang)
# and runs each on its seed corpus for SECONDS (default 600), then prints per
# target: executions per second, coverage (cov: edges, ft: features, from the
# last status line of libFuzzer) and the crashes found. Exits non-zero when
# any target crashed (crash, sanitizer report, leak, timeout, out-of-memory,
# or an exception other than pioneer::Error: see docs/fuzzing.md).
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]
#
# Environment:
#   FUZZ_BUILD    build folder (default build-fuzz)
#   FUZZ_TARGETS  targets to run, space-separated (default: all built)
#   FUZZ_PARALLEL fuzzers run at the same time (default 1)
#   FUZZ_OUT      where corpora, logs and crash inputs go (default $FUZZ_BUILD/fuzz-out)
#   JOBS          build parallelism (default nproc)
#   CXX           clang++ to use (default clang++-14, else clang++)
#   FUZZ_NO_BUILD=1  run the targets already built, without configuring or building
# New corpus entries are kept in $FUZZ_OUT/<target>/corpus (not the repo);
# a crashing input is saved as $FUZZ_OUT/<target>/crash-<sha1> (or leak-,
# timeout-, oom-) and reproduces with `$FUZZ_BUILD/fuzz/<target>_fuzz FILE`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-600}
build=${FUZZ_BUILD:-build-fuzz}
out=${FUZZ_OUT:-$build/fuzz-out}
parallel=${FUZZ_PARALLEL:-1}
jobs=${JOBS:-$(nproc)}

# The libraries are built with the fuzzer's sanitizer flags (configure.sh,
# CMakeLists.txt: PIONEER_FUZZ).
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  FUZZ_BUILD=$build tests/fuzz/configure.sh
  cmake --build "$build" -j "$jobs" --target fuzz
fi

targets=${FUZZ_TARGETS:-$(cd "$build/fuzz" && ls -- *_fuzz | sed 's/_fuzz$//' | sort)}
symbolizer=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0${symbolizer:+:external_symbolizer_path=$symbolizer}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_one() {
  local t=$1 dir="$out/$1" rc
  mkdir -p "$dir/corpus"
  rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*
  # First folder: where new inputs go; the second (the committed seeds) is only read.
  "$build/fuzz/${t}_fuzz" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=60 \
    -print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" "tests/fuzz/corpus/$t" \
    >"$dir/log.txt" 2>&1 && rc=0 || rc=$?
  echo "$rc" >"$dir/exit"
}

pids=()
for t in $targets; do
  [ -x "$build/fuzz/${t}_fuzz" ] || { echo "run.sh: no target $t" >&2; exit 2; }
  [ -d "tests/fuzz/corpus/$t" ] || { echo "run.sh: no seed corpus tests/fuzz/corpus/$t" >&2; exit 2; }
  echo "fuzzing $t for ${seconds}s"
  run_one "$t" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$parallel" ]; then
    wait "${pids[0]}" || true
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || true; done

failed=0
printf '\n%-14s %10s %12s %8s %8s %7s %s\n' target "exec/s" executions cov ft crashes status
for t in $targets; do
  dir="$out/$t" log="$out/$t/log.txt"
  status=$(cat "$dir/exit" 2>/dev/null || echo "?")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  crashes=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
  if [ "$status" != 0 ] || [ "$crashes" -gt 0 ]; then
    failed=1
    state="FAILED (exit $status; log $log)"
  else
    state=ok
  fi
  printf '%-14s %10s %12s %8s %8s %7s %s\n' "$t" "${rate:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
    "$crashes" "$state"
done
if [ "$failed" -ne 0 ]; then
  echo
  for t in $targets; do
    dir="$out/$t"
    if [ "$(cat "$dir/exit" 2>/dev/null)" != 0 ]; then
      echo "==== $t: $(ls "$dir" | grep -E '^(crash|leak|timeout|oom)-' | head -3 | tr '\n' ' ')"
      grep -E -A25 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|terminate called' \
        "$dir/log.txt" | head -40
    fi
  done
  exit 1
fi
