# Two commands do all the set-up on a fresh machine with Python 3.11 and make:
#   make demo   render the reference compact (FR+EN, DOCX+PDF) into build/
#   make test   lint, format check, translation checks and the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint check fuzz bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 …'"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cpc render compacts/civ-2022.yaml --output-dir build

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(STAMP)
	$(BIN)/cpc check compacts templates

test: lint check
	$(BIN)/pytest

# Timings, run by hand: medians and ratios against LibreOffice and pandoc when present.
# On a shared machine: make bench BENCH_ARGS="--rounds 5 --boost"
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_render.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_check.py

# A long run of the property tests (hypothesis "fuzz" profile): FUZZ_EXAMPLES random examples
# per property (500: about 12 minutes on 2 cores), then Hypothesis's statistics (examples run,
# passing, failing). Failures are kept in .hypothesis/ and replayed first next time.
FUZZ_EXAMPLES ?= 500
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest \
		tests/test_hostile_properties.py -q -p no:cacheprovider --hypothesis-show-statistics

clean:
	rm -rf build .pytest_cache .ruff_cache
