# Makefile — the two set-up commands of the README. `make demo` and
# `make check` install the Debian packages budgetpdf needs (when missing),
# configure and build with CMake into build/, then render or test.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PACKAGES = build-essential cmake pkg-config libhpdf-dev libfreetype-dev \
  libharfbuzz-dev libfontconfig-dev libunibreak-dev libyaml-dev libcsv-dev \
  libcmocka-dev libdeflate-dev fonts-arphic-uming fonts-arphic-ukai fonts-arphic-gkai00mp fonts-wqy-zenhei poppler-utils qpdf mupdf-tools \
  valgrind fonts-cantarell strace libzip-dev libexpat1-dev libxlsxwriter-dev \
  libmd4c-dev python3-jsonschema libicu-dev python3-docx python3-openpyxl gettext \
  libmicrohttpd-dev libsqlite3-dev libsodium-dev chromium chromium-driver python3-selenium
# `make fuzz` also needs clang with its libFuzzer and sanitizer runtimes.
FUZZ_PACKAGES = clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60

.PHONY: all deps fuzz-deps build demo check check-asan fuzz clean install bench

all: build

# install_missing: installs those of the packages $(1) that are missing.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root (or install:$$missing)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PACKAGES))

fuzz-deps:
	$(call install_missing,$(DEB_PACKAGES) $(FUZZ_PACKAGES))

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	mkdir -p out
	$(BUILD)/budgetpdf render data/zzgx-smartcity-2024 -o out/zzgx-smartcity-2024.pdf
	$(BUILD)/budgetpdf render data/zzgx-smartcity-2024 -o out/zzgx-smartcity-2024-annex.pdf --annex-only
	$(BUILD)/budgetpdf render examples/long-table-2024 -o out/long-table-2024.pdf
	$(BUILD)/budgetpdf render examples/variant-yuan-2024 -o out/variant-yuan-2024.pdf
	$(BUILD)/budgetpdf render examples/region-yuan-2024 -o out/region-yuan-2024.pdf
	$(BUILD)/budgetpdf render examples/region-landscape-2024 -o out/region-landscape-2024.pdf
	$(BUILD)/budgetpdf check data/zzgx-smartcity-2024 --report out/zzgx-smartcity-2024-check.pdf
	$(BUILD)/gen-annex-workbook data/zzgx-smartcity-2024 layouts/standard-2024 out/zzgx-smartcity-2024.xlsx
	$(BUILD)/budgetpdf render out/zzgx-smartcity-2024.xlsx -o out/zzgx-smartcity-2024-workbook.pdf
	@ls -l out/*.pdf out/*.xlsx
	examples/bureau-demo/make-bureau.sh $(BUILD) out/bureau-demo
	@echo "serve the demo bureau (examples/bureau-demo/README.md): $(BUILD)/budgetpdf serve out/bureau-demo --listen 127.0.0.1:8080"

# Every test twice: in build/, then in build-asan/ with AddressSanitizer and
# UndefinedBehaviorSanitizer (CMakePresets.json: the asan presets set
# ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS; any report fails the test).
check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory check-asan

check-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# The libFuzzer targets (tests/fuzz/README.md): a clang build in build-fuzz/,
# then each target for FUZZ_SECONDS; a crash, leak or hang fails.
fuzz: fuzz-deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)

install: build
	cmake --install $(BUILD)

# The benchmark (bench/run.sh; README: Performance): a Release build in
# build-bench/, then every figure as key=value lines. Not part of check.
bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
	cmake --build build-bench -j $(JOBS)
	BUILD=build-bench bash bench/run.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz out
