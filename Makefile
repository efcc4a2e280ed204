# climatelab: `make book` builds the course, `make test` runs every check.
# Each target creates .venv (with the Python on PATH) and installs what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  := _build/html
SHELL  := /bin/bash
.SHELLFLAGS := -eo pipefail -c

.PHONY: book test lab lab-check lint format bench clean clean-book serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files record which extras are installed; they are redone when pyproject.toml changes.
$(VENV)/.book: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[book]"
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[book,test]"
	touch $@ $(VENV)/.book

$(VENV)/.lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	touch $@

# The execution cache keys on notebook code only: when the library or the data change,
# drop it so that every notebook runs again against them.
LIB_HASH = $(shell cat climatelab/*.py datasets/* pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)

## book: build the course into _build/html (warnings are errors)
book: $(VENV)/.book
	@mkdir -p _build
	@if [ "$$(cat _build/.lib-hash 2>/dev/null)" != "$(LIB_HASH)" ]; then \
	  rm -rf _build/.jupyter_cache; echo "$(LIB_HASH)" > _build/.lib-hash; fi
	$(BIN)/jupyter-book build . --builder html -n -W --keep-going
	@echo
	@echo "The course is built. Open: file://$(CURDIR)/$(BUILD)/index.html"
	@echo "(or serve it: $(BIN)/python -m http.server -d $(BUILD) 8000)"

## test: lint, build the book, unit + property + dataset tests, nbval, browser tests
test: $(VENV)/.test
	$(BIN)/ruff check climatelab tests benchmarks scripts
	$(BIN)/ruff format --check climatelab tests benchmarks scripts
	$(MAKE) --no-print-directory book
	$(BIN)/python -m pytest

## lab: open the course in JupyterLab
# (--allow-root only where the shell is root, e.g. a container or a CI-style machine)
lab: $(VENV)/.lab
	$(BIN)/jupyter lab book/ $(if $(filter 0,$(shell id -u)),--allow-root)

## lab-check: run an explorer in a real JupyterLab (headless Chromium) and move a slider
lab-check: $(VENV)/.lab $(VENV)/.test
	$(BIN)/python scripts/check_lab.py part4/peak.ipynb

## bench: timing figures (import, notebooks, callbacks, solver, book builds)
bench: $(VENV)/.test
	$(BIN)/python benchmarks/run_all.py

serve:
	$(BIN)/python -m http.server -d $(BUILD) 8000

format: $(VENV)/.test
	$(BIN)/ruff format climatelab tests benchmarks scripts
	$(BIN)/ruff check --fix climatelab tests benchmarks scripts

clean-book:
	rm -rf _build

clean: clean-book
	rm -rf $(VENV) .pytest_cache .hypothesis
