# fundlens: `make run` sets everything up, runs the main job and serves the REST API on
# its store; `make test` sets everything up and runs all tests. Both need only Python 3.11+,
# pip and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint bench-quick clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "fundlens needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/fundlens run --serve

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

bench-quick: setup
	$(BIN)/python benchmarks/run.py ingest --quick
	$(BIN)/python benchmarks/run.py import-sqlite --quick
	$(BIN)/python benchmarks/run.py read-scheme --quick
	$(BIN)/python benchmarks/run.py update-day --quick
	$(BIN)/python benchmarks/run.py metrics --quick
	$(BIN)/python benchmarks/run.py api --quick

test: lint
	$(BIN)/pytest -n 2 -q
	$(MAKE) bench-quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
