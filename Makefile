# fundlens: `make run` sets everything up, runs the main job and serves the REST API and the
# web dashboard on its store (it prints the dashboard's address); `make test` sets everything
# up and runs all tests. Both need only Python 3.11+, pip and make (`make test` installs
# Debian's chromium for the browser tests when /usr/bin/chromium is missing: apt-get, with
# sudo when not root; never a downloaded browser).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser run test lint bench-quick clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "fundlens needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# the browser tests and the web benchmark drive Debian's Chromium through Playwright
browser: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver

run: setup
	$(BIN)/fundlens run --serve

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

bench-quick: setup browser
	$(BIN)/python benchmarks/run.py ingest --quick
	$(BIN)/python benchmarks/run.py import-sqlite --quick
	$(BIN)/python benchmarks/run.py read-scheme --quick
	$(BIN)/python benchmarks/run.py update-day --quick
	$(BIN)/python benchmarks/run.py metrics --quick
	$(BIN)/python benchmarks/run.py api --quick
	$(BIN)/python benchmarks/run.py web --quick

test: lint browser
	$(BIN)/pytest -n 2 -q
	$(MAKE) bench-quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
