# pioneer: `make demo` and `make test` work on a fresh Debian 12 machine as root.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
SETUP_STAMP := $(BUILD)/.setup-done

FUZZ_SECONDS ?= 600
FUZZ_PARALLEL ?= 1

.PHONY: all setup build demo test test-asan fuzz ci-sanitizers reference bench format format-check tidy tidy-all size-check clean

all: build

$(SETUP_STAMP): scripts/setup.sh package.json package-lock.json
	./scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@

setup: $(SETUP_STAMP)

$(BUILD)/build.ninja: $(SETUP_STAMP) CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/pioneer demo --out demo-output

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# One clang build with ASan + UBSan + libFuzzer coverage ($(SAN_BUILD),
# -DPIONEER_FUZZ=ON, tests/fuzz/configure.sh) serves both the sanitizer run
# of the test suite and the fuzz targets (docs/fuzzing.md). Left out of
# test-asan: tests labelled asan_slow (whole-demo CLI tests,
# tests/CMakeLists.txt) and the GoogleTest cases of ASAN_SLOW_GTESTS
# (discovered at build time, so they cannot carry a CMake label) that take
# 45-105 s each without sanitizers. -Werror is off there: `make test` (GCC)
# is the warning gate.
SAN_BUILD ?= build-fuzz
ASAN_SLOW_GTESTS ?= ^(DemoTest\.|Glmnet\.CoxWidePathIsOptimalWhereGlmnetCreeps)
test-asan: $(SETUP_STAMP)
	FUZZ_BUILD=$(SAN_BUILD) tests/fuzz/configure.sh
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE asan_slow -E '$(ASAN_SLOW_GTESTS)'

# Every libFuzzer target of tests/fuzz, FUZZ_SECONDS each (docs/fuzzing.md).
fuzz: $(SETUP_STAMP)
	FUZZ_BUILD=$(SAN_BUILD) FUZZ_PARALLEL=$(FUZZ_PARALLEL) JOBS=$(JOBS) tests/fuzz/run.sh $(FUZZ_SECONDS)

# What CI runs after `make test`: the sanitizer suite, then each fuzz target
# for 60 s on the same build.
ci-sanitizers: test-asan
	FUZZ_BUILD=$(SAN_BUILD) FUZZ_NO_BUILD=1 FUZZ_PARALLEL=$(JOBS) tests/fuzz/run.sh 60

# Regenerates the committed reference fixtures with R (needs R; installs it).
reference:
	./scripts/setup-reference.sh
	for script in tests/reference/*.R; do Rscript "$$script" || exit 1; done

bench: build
	for script in bench/*.sh; do bash "$$script" || exit 1; done

# Applies .clang-format (scripts/format.sh); format-check is what CI runs.
format:
	scripts/format.sh

format-check:
	scripts/format.sh --check

# clang-tidy (.clang-tidy checks as errors) on the sources changed in the
# last session (scripts/tidy.sh), or on every source (~30 min on 2 cores).
tidy: $(BUILD)/build.ninja
	BUILD=$(BUILD) JOBS=$(JOBS) scripts/tidy.sh

tidy-all: $(BUILD)/build.ninja
	BUILD=$(BUILD) JOBS=$(JOBS) scripts/tidy.sh --all

# No file over 500 lines, no function over 60 without a reason (STYLE.md).
size-check:
	scripts/size_check.sh

clean:
	rm -rf $(BUILD) $(SAN_BUILD) demo-output
