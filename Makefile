# Two set-up commands on a fresh machine: `make run` and `make test`. Both create .venv on first use
# and reinstall only when pyproject.toml changes, so a second `make test` goes straight to the tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench fuzz package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,spacy]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/annotator

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check annotator tests benchmarks packaging
	$(BIN)/ruff format --check annotator tests benchmarks packaging
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run --json bench-results.json

# A one-folder bundle that runs without Python: dist/annotator-VERSION-linux-x86_64.tar.gz.
package: $(VENV)/.installed-test
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) bench-results.json .pytest_cache .mypy_cache .ruff_cache build dist

# Every reader fed 10,000 mutated real files (../shared/cases, seeds/): no traceback, bounded memory.
fuzz: $(VENV)/.installed-test
	$(BIN)/python -m tests.fuzz --examples 10000
