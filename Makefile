# HireSim — the two commands a new machine needs: `make run` and `make test`.
# Every target sets up what it uses: a Python ≥ 3.12 virtualenv in .venv with the
# package and its extras installed, and (for browser tests) Debian's chromium.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

# Find a Python ≥ 3.12: pyenv's 3.12/3.13 first, then the usual names.
PYTHON_FOR_VENV := $(shell for p in $$HOME/.pyenv/versions/3.12*/bin/python3 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 python3.12 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' \
	2>/dev/null && { echo $$p; break; }; done)

.PHONY: setup run test test-fast lint bench browser clean baseline

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
		echo "error: HireSim needs Python >= 3.12 (Mesa 3.5 does); install python3.12 or pyenv 3.12" >&2; \
		exit 2; fi
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[sweep,dashboard,dev]"
	@touch $(STAMP)

# Debian's chromium for the end-to-end browser tests (never `playwright install`).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian chromium for browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; \
		else echo "note: chromium not installed and cannot install it here; browser tests will skip"; fi; \
	fi

run: setup
	@if [ -f dashboard/app.py ]; then \
		$(VENV)/bin/hiresim dashboard --port $(PORT); \
	else \
		$(VENV)/bin/hiresim run baseline -r 3; \
	fi

test: setup browser
	$(PY) -m ruff check sim dashboard viz tests benchmarks scripts
	@# Sweep tests start worker processes (fork server, Dask nannies); they run in a
	@# pytest process of their own, because a long-lived xdist worker that already ran
	@# the rest of the suite has broken them under load (see the closing notes).
	$(PY) -m pytest -n 2 --dist loadgroup tests/sweep
	$(PY) -m pytest -n 2 --dist loadgroup --ignore=tests/sweep

test-fast: setup
	$(PY) -m pytest -n 2 -m "not slow and not browser"

lint: setup
	$(PY) -m ruff check sim dashboard viz tests benchmarks scripts

bench: setup
	$(PY) benchmarks/run_benchmarks.py

baseline: setup
	$(PY) scripts/regenerate_baseline.py

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
