# TKPK Analitik: `make report REGENCY=klaten` builds a brief; `make test` runs the tests.
# Every target bootstraps .venv from requirements.lock when it is missing or older than the lock.

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.SECONDEXPANSION:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REGENCY ?=
BRIEF_LANG ?=
RENDERER ?= pandoc
PROVINCE ?=
REPORTS_DIR ?= reports

# What every brief depends on: code, notebooks, template, raw data.
CODE := $(shell find src/analysis -name "*.py" 2>/dev/null) pyproject.toml
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
TEMPLATE := $(wildcard _extensions/tkpk/*)
RAW_DATA := $(shell find data/raw -type f -name '*.csv' 2>/dev/null)
INPUTS := $(CODE) $(NOTEBOOKS) $(TEMPLATE) $(RAW_DATA)
# The language and renderer are part of a build: a change of either rebuilds.
BUILD_FLAGS := $(if $(BRIEF_LANG),--lang $(BRIEF_LANG)) --renderer $(RENDERER)
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
BATCH_FLAGS := --workers $(WORKERS) $(if $(BRIEF_LANG),--lang $(BRIEF_LANG))

$(STAMP): requirements.lock pyproject.toml
	@echo "Setting up $(VENV) from requirements.lock (first run only) ..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -r requirements.lock
	@$(PY) -m pip install --quiet --no-deps -e .
	@$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (TKPK Analitik)" >/dev/null
	@touch $@

.PHONY: help
## help: list the targets and options (default goal)
help:
	@echo "TKPK Analitik: poverty briefs for TKPK coordination meetings"
	@echo
	@awk '/^## /{sub(/^## /, ""); split($$0, part, ": "); printf "  make %-10s %s\n", part[1], substr($$0, length(part[1]) + 3)}' $(MAKEFILE_LIST)
	@echo
	@echo "Options: REGENCY=klaten  BRIEF_LANG=en  RENDERER=quarto  PROVINCE=33  REPORTS_DIR=reports"

.PHONY: venv
## venv: create or update the environment
venv: $(STAMP)

.PHONY: report
## report: build one regency's brief (REGENCY=name)
report: $(STAMP)
	@if [ -z "$(REGENCY)" ]; then echo "error: give a regency, for example: make report REGENCY=klaten (make regencies lists them)" >&2; exit 2; fi
	@$(PY) -m analysis.regencies "$(REGENCY)" >/dev/null
	@$(MAKE) --no-print-directory "$(REPORTS_DIR)/$(REGENCY)/brief.pdf"

# One brief per regency folder; keyed on the real inputs (and the params file when there is one).
$(REPORTS_DIR)/%/brief.pdf: $(STAMP) $(INPUTS) $$(wildcard params/$$*.yml) $(REPORTS_DIR)/%/.flags
	@TKPK_REPORTS_DIR=$(REPORTS_DIR) $(PY) -m analysis.pipeline build "$*" $(BUILD_FLAGS)

# Records the language and renderer; rewritten only when they change, so a change rebuilds.
$(REPORTS_DIR)/%/.flags: FORCE
	@mkdir -p $(@D)
	@echo "$(BUILD_FLAGS)" | cmp -s - $@ || echo "$(BUILD_FLAGS)" > $@

.PRECIOUS: $(REPORTS_DIR)/%/.flags

.PHONY: FORCE
FORCE:

.PHONY: reports
## reports: build every regency with data, in parallel (WORKERS=cores), with a summary table
reports: $(STAMP)
	@TKPK_REPORTS_DIR=$(REPORTS_DIR) $(PY) -m analysis.batch --all $(BATCH_FLAGS)

.PHONY: province
## province: build every regency of a province (PROVINCE=33 Jawa Tengah, 35 Jawa Timur)
province: $(STAMP)
	@if [ -z "$(PROVINCE)" ]; then echo "error: give a province code, for example: make province PROVINCE=33" >&2; exit 2; fi
	@TKPK_REPORTS_DIR=$(REPORTS_DIR) $(PY) -m analysis.batch --province "$(PROVINCE)" $(BATCH_FLAGS)

.PHONY: regencies
## regencies: list valid regency names
regencies: $(STAMP)
	@$(PY) -m analysis.regencies

.PHONY: test
## test: run all tests
test: $(STAMP)
	@$(PY) -m pytest

.PHONY: test-fast
## test-fast: run the tests except the slow ones
test-fast: $(STAMP)
	@$(PY) -m pytest -m "not slow"

.PHONY: lint
## lint: ruff check and format check
lint: $(STAMP)
	@$(PY) -m ruff check src tests
	@$(PY) -m ruff format --check src tests

.PHONY: lab
## lab: install JupyterLab (extra 'lab') and open it on the notebooks
lab: $(STAMP)
	@$(PY) -m pip install --quiet -e ".[lab]"
	@$(VENV)/bin/jupyter lab notebooks/

.PHONY: lock
## lock: re-pin requirements.lock from pyproject.toml (runtime + dev)
lock:
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	@.lock-venv/bin/pip install --quiet --upgrade pip && .lock-venv/bin/pip install --quiet ".[dev]"
	@{ echo "# Pinned runtime + dev environment for TKPK Analitik (Python 3.11). Regenerate with 'make lock'."; \
	   .lock-venv/bin/pip freeze --exclude-editable | grep -v -i '^tkpk'; } > requirements.lock
	@rm -rf .lock-venv

.PHONY: clean
## clean: remove built reports and processed data (keeps the READMEs)
clean:
	@find $(REPORTS_DIR) -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
	@find data/processed -type f ! -name README.md -delete

.PHONY: evaluate
## evaluate: honest rolling-origin evaluation of the forecast per province (PROVINCE=33)
evaluate: $(STAMP)
	@$(PY) -m analysis.forecast.evaluate $(if $(PROVINCE),--province $(PROVINCE))
