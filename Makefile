# Makefile — the two set-up commands of the README. `make demo` and
# `make check` install the Debian packages budgetpdf needs (when missing),
# configure and build with CMake into build/, then render or test.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PACKAGES = build-essential cmake pkg-config libhpdf-dev libfreetype-dev \
  libharfbuzz-dev libfontconfig-dev libunibreak-dev libyaml-dev libcsv-dev \
  libcmocka-dev fonts-arphic-uming fonts-wqy-zenhei poppler-utils qpdf mupdf-tools

.PHONY: all deps build demo check clean install

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root (or install:$$missing)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	mkdir -p out
	$(BUILD)/budgetpdf render data/zzgx-smartcity-2024 -o out/zzgx-smartcity-2024.pdf
	$(BUILD)/budgetpdf render examples/long-table-2024 -o out/long-table-2024.pdf
	$(BUILD)/budgetpdf render examples/variant-yuan-2024 -o out/variant-yuan-2024.pdf
	@ls -l out/*.pdf

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) out
