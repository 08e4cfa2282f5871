# pioneer: `make demo` and `make test` work on a fresh Debian 12 machine as root.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
SETUP_STAMP := $(BUILD)/.setup-done

.PHONY: all setup build demo test reference bench format clean

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

# Regenerates the committed reference fixtures with R (needs R; installs it).
reference:
	./scripts/setup-reference.sh
	for script in tests/reference/*.R; do Rscript "$$script" || exit 1; done

bench: build
	for script in bench/*.sh; do bash "$$script" || exit 1; done

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) demo-output
