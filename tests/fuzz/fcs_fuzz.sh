#!/bin/bash
# Fuzz the FCS reader with libFuzzer (clang, libclang-rt-14-dev), outside the
# CMake build. Usage: tests/fuzz/fcs_fuzz.sh [SECONDS] (default 600).
# The seed corpus is tests/fuzz/corpus (small hand-made and cut real files);
# new inputs go to a scratch folder, crashes to $OUT/crash-*. The per-input
# timeout is generous (60 s) because the machine is shared with builds.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-600}
out=${FUZZ_OUT:-$root/build-fuzz}
mkdir -p "$out/corpus"
clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root/src/core/include" -I"$root/src/cytometry/include" \
  "$root/tests/fuzz/fcs_fuzz.cc" "$root/src/cytometry/fcs.cc" "$root/src/cytometry/fcs_write.cc" "$root/src/core/error.cc" \
  "$root/src/core/output.cc" -lfmt -o "$out/fcs_fuzz"
cp -n "$root"/tests/fuzz/corpus/* "$out/corpus/" 2>/dev/null || true
cd "$out"
./fcs_fuzz -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=1024 -timeout=60 \
  -print_final_stats=1 corpus
