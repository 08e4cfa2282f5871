#!/usr/bin/env bash
# Installs everything pioneer needs to build, test and run its demo, from
# Debian 12 packages (apt-get) and the npm registry. Idempotent: does nothing
# when every package is already there. Run as root (or with sudo available).
#
# Why each dependency (see docs/ARCHITECTURE.md for the full table):
#   build-essential cmake ninja-build ccache pkg-config  C++20 build, cached rebuilds
#   libgtest-dev libgmock-dev libbenchmark-dev          tests and kernels benchmarks
#   libfmt-dev                                          formatting (std::format is not in GCC 12)
#   nlohmann-json3-dev                                  the JSON of every result
#   libtomlplusplus-dev                                 analysis plans (TOML)
#   libsqlite3-dev                                      the study store
#   libsodium-dev                                       keyed-hash pseudonymisation, SHA-256
#   libreadstat-dev                                     SAS transport (XPT) files
#   libeigen3-dev libboost-math-dev                     linear algebra, distributions
#   libhts-dev                                          VCF/BCF input of pioneer tmb (htslib)
#   libxgboost-dev                                      gradient-boosted trees of pioneer model fit (C API)
#   nodejs npm                                          fetches vega/vega-lite/vega-embed
#   chromium                                            headless check of the HTML report
#   clang-14 libclang-rt-14-dev                         libFuzzer targets of tests/fuzz (`make fuzz`, CI):
#                                                       clang with its libFuzzer/ASan/UBSan runtimes
#   llvm-14                                             llvm-symbolizer: source lines in sanitizer reports
#   clang-format-14 clang-tidy-14                       style gates of CI (`make format-check`, `make tidy`)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev
  libfmt-dev nlohmann-json3-dev libtomlplusplus-dev
  libsqlite3-dev libsodium-dev libreadstat-dev
  libeigen3-dev libboost-math-dev libboost-dev
  libhts-dev libxgboost-dev
  chromium
  clang-14 libclang-rt-14-dev llvm-14 clang-format-14 clang-tidy-14
)
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end packages (Vega-Lite charts of the report), pinned by package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
