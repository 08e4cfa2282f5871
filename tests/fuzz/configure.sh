#!/usr/bin/env bash
# Configures the one sanitizer build ($FUZZ_BUILD, default build-fuzz): clang,
# every module compiled with ASan + UBSan + libFuzzer coverage
# (-DPIONEER_FUZZ=ON), -O1 (ASan's recommended level; it also compiles
# faster than -O2). `make test-asan` runs the test suite in it and
# tests/fuzz/run.sh the fuzz targets, so CI builds it once.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${FUZZ_BUILD:-build-fuzz}
cxx=${CXX:-$(command -v clang++-14 || command -v clang++ || true)}
if [ -z "$cxx" ] || ! "$cxx" --version | grep -q clang; then
  echo "configure.sh: needs clang++ (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DPIONEER_FUZZ=ON \
  -DPIONEER_BENCHMARKS=OFF -DPIONEER_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" >/dev/null
