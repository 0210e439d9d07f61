# Two commands do all the set-up on a fresh machine with Python 3.11 and make:
#   make demo   render the reference compact (FR+EN, DOCX+PDF) into build/
#   make test   lint, format check, translation checks and the test suite
# Each creates .venv and installs the exact versions of requirements.lock.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed

.PHONY: demo test lint check fuzz bench clean lock package-test

# Installs exactly what requirements.lock pins (with hashes), then cpc-docs itself, editable.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 …'"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $(STAMP)

# The lock: the exact versions (and hashes) the suite passes with, for every platform, from
# pyproject.toml's ranges. Run after changing a dependency, then `make test`, then commit both.
UV_VERSION := 0.13.9
lock: $(STAMP)
	$(PIP) install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --quiet -o requirements.lock
	$(PIP) install --quiet --require-hashes -r requirements.lock

demo: $(STAMP)
	$(BIN)/cpc render compacts/civ-2022.yaml --output-dir build

# Style, format, the stages' import rules (pyproject.toml [tool.importlinter]) and types.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/cpc check compacts templates

test: lint check
	$(BIN)/pytest

# Timings, run by hand: medians and ratios against LibreOffice and pandoc when present, and
# cpc watch's save-to-PDF latency.
# On a shared machine: make bench BENCH_ARGS="--rounds 5 --boost"
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_render.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_watch.py
	$(BIN)/python benchmarks/bench_report.py

# A long run of the property tests (hypothesis "fuzz" profile): FUZZ_EXAMPLES random examples
# per property (500: about 12 minutes on 2 cores), then Hypothesis's statistics (examples run,
# passing, failing). Failures are kept in .hypothesis/ and replayed first next time.
FUZZ_EXAMPLES ?= 500
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest \
		tests/test_hostile_properties.py -q -p no:cacheprovider --hypothesis-show-statistics

# The wheel as a user gets it: built, installed into a fresh venv with the locked versions,
# then rendering, checking and reporting the reference files from a folder outside the
# checkout (no templates/, no glossary.yaml there: everything must come from the package).
PKG := build/package
PKG_WORK := $(or $(TMPDIR),/tmp)/cpc-docs-package-test
package-test: $(STAMP)
	rm -rf $(PKG) $(PKG_WORK) && mkdir -p $(PKG_WORK)/compacts $(PKG_WORK)/reports
	$(PIP) wheel --quiet --no-deps --wheel-dir $(PKG)/dist .
	$(PYTHON) -m venv $(PKG)/venv
	$(PKG)/venv/bin/python -m pip --disable-pip-version-check install --quiet --no-deps \
		--require-hashes -r requirements.lock
	$(PKG)/venv/bin/python -m pip --disable-pip-version-check install --quiet --no-deps \
		$(PKG)/dist/*.whl
	cp compacts/civ-2022.yaml $(PKG_WORK)/compacts/
	cp reports/civ-2022-2024.yaml $(PKG_WORK)/reports/
	cd $(PKG_WORK) && $(CURDIR)/$(PKG)/venv/bin/cpc validate compacts/civ-2022.yaml
	cd $(PKG_WORK) && $(CURDIR)/$(PKG)/venv/bin/cpc render compacts/civ-2022.yaml -o out
	cd $(PKG_WORK) && $(CURDIR)/$(PKG)/venv/bin/cpc check compacts/civ-2022.yaml | tee check.txt
	grep -q '^termbases: cpc-docs (' $(PKG_WORK)/check.txt
	cd $(PKG_WORK) && $(CURDIR)/$(PKG)/venv/bin/cpc report render reports/civ-2022-2024.yaml -o out
	for f in civ-2022.fr.docx civ-2022.fr.pdf civ-2022.en.docx civ-2022.en.pdf \
		civ-2022.manifest.json civ-2022-2024.fr.pdf civ-2022-2024.en.docx; do \
		test -s $(PKG_WORK)/out/$$f || { echo "package-test: $$f was not written"; exit 1; }; \
	done
	rm -rf $(PKG_WORK)
	@echo "package-test: the wheel renders, checks and reports outside the checkout"

clean:
	rm -rf build .pytest_cache .ruff_cache
