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
WORKERS ?=

# Every value a user passes is checked here, unexpanded ($(value ...)), before any shell sees it,
# and reaches recipes only through the environment ("$$REGENCY"): no user string is ever parsed by
# a shell or expanded by make. `safe_chars` removes the allowed characters; anything left is refused.
empty :=
space := $(empty) $(empty)
NAME_CHARS := a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9 - _ .
DIGITS := 0 1 2 3 4 5 6 7 8 9
PATH_CHARS := $(NAME_CHARS) /
_drop = $(if $(2),$(call _drop,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
_leftover = $(subst $(space),X,$(call _drop,$(value $(1)),$(2)))
refuse_unsafe = $(if $(_leftover),$(error error: $(1) may hold only $(3); nothing was run ($(1) hanya boleh berisi $(4); tidak ada yang dijalankan)))
$(call refuse_unsafe,REGENCY,$(NAME_CHARS),letters digits - _ and . such as REGENCY=klaten,huruf angka - _ dan .)
$(call refuse_unsafe,PROVINCE,$(DIGITS),digits such as PROVINCE=33,angka)
$(call refuse_unsafe,WORKERS,$(DIGITS),digits such as WORKERS=4,angka)
$(call refuse_unsafe,REPORTS_DIR,$(PATH_CHARS),letters digits - _ . and / such as REPORTS_DIR=reports,huruf angka - _ . dan /)
ifeq ($(filter $(value BRIEF_LANG),id en),)
ifneq ($(value BRIEF_LANG),)
$(error error: BRIEF_LANG may be id or en; nothing was run (BRIEF_LANG hanya id atau en; tidak ada yang dijalankan))
endif
endif
ifeq ($(filter $(value RENDERER),pandoc quarto),)
$(error error: RENDERER may be pandoc or quarto; nothing was run (RENDERER hanya pandoc atau quarto; tidak ada yang dijalankan))
endif
ifeq ($(value WORKERS),)
override WORKERS := $(shell nproc 2>/dev/null || echo 2)
endif
export REGENCY BRIEF_LANG RENDERER PROVINCE WORKERS
# A BPS download's file name may hold spaces and commas: it is passed on unexpanded ($(value))
# through the environment only, never into a shell command line.
unexport FILE CONFIRM
export TKPK_IMPORT_FILE := $(value FILE)
export TKPK_IMPORT_CONFIRM := $(value CONFIRM)
export TKPK_REPORTS_DIR := $(value REPORTS_DIR)
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
	@echo "         BRIEF_LANG=en builds brief.en.pdf (+ .en annex, run.en.json); brief.pdf is kept"
	@echo "         FILE=<BPS download> CONFIRM=1 (data-import)"

.PHONY: venv
## venv: create or update the environment
venv: $(STAMP)

.PHONY: report
## report: build one regency's brief (REGENCY=name); BRIEF_LANG=en: brief.en.pdf beside brief.pdf
# The pipeline decides whether the brief is up to date (analysis.provenance.manifest: code,
# notebooks, template, raw data, params, the user's village and boundaries files, environment
# overrides, language, renderer), each language on its own, and publishes both languages' files
# in one step (analysis.publish), so make never deletes or half-replaces a published brief.
report: $(STAMP)
	@if [ -z "$$REGENCY" ]; then echo "error: give a regency, for example: make report REGENCY=klaten (make regencies lists them)" >&2; exit 2; fi
	@$(PY) -m analysis.buildserver build "$$REGENCY" --lang "$$BRIEF_LANG" --renderer "$$RENDERER"

.PHONY: serve
## serve: keep a warm build process for this checkout (make report then skips ~3 s of imports)
serve: $(STAMP)
	@$(PY) -m analysis.buildserver start

.PHONY: serve-stop
## serve-stop: stop the warm build process of this checkout
serve-stop: $(STAMP)
	@$(PY) -m analysis.buildserver stop

# Building a brief by its path does the same (the stem reaches the shell only via the environment):
# brief.pdf is the Indonesian brief, brief.en.pdf the English one.
$(REPORTS_DIR)/%/brief.pdf: export TKPK_STEM = $*
$(REPORTS_DIR)/%/brief.pdf: $(STAMP) FORCE
	@$(PY) -m analysis.buildserver build "$$TKPK_STEM" --lang id --renderer "$$RENDERER"

$(REPORTS_DIR)/%/brief.en.pdf: export TKPK_STEM = $*
$(REPORTS_DIR)/%/brief.en.pdf: $(STAMP) FORCE
	@$(PY) -m analysis.buildserver build "$$TKPK_STEM" --lang en --renderer "$$RENDERER"

# A published brief is never deleted by make (interrupted or failed recipe): the pipeline publishes.
.PRECIOUS: $(REPORTS_DIR)/%/brief.pdf $(REPORTS_DIR)/%/brief.en.pdf

.PHONY: FORCE
FORCE:

.PHONY: reports
## reports: build all 514 regencies and cities, in parallel (WORKERS=cores), with a summary table
reports: $(STAMP)
	@$(PY) -m analysis.batch --all --workers "$$WORKERS" $${BRIEF_LANG:+--lang "$$BRIEF_LANG"}

.PHONY: province
## province: build every regency of a province (PROVINCE=11 Aceh ... 33 Jawa Tengah ... 97 Papua Pegunungan)
province: $(STAMP)
	@if [ -z "$$PROVINCE" ]; then echo "error: give a province code, for example: make province PROVINCE=33" >&2; exit 2; fi
	@$(PY) -m analysis.batch --province "$$PROVINCE" --workers "$$WORKERS" $${BRIEF_LANG:+--lang "$$BRIEF_LANG"}

.PHONY: regencies
## regencies: list the 514 valid regency and city names (official BPS code list)
regencies: $(STAMP)
	@$(PY) -m analysis.regencies

.PHONY: test
## test: run all tests
test: $(STAMP)
	@$(PY) -m pytest -n auto --dist worksteal

.PHONY: test-fast
## test-fast: run the tests except the slow ones
test-fast: $(STAMP)
	@$(PY) -m pytest -n auto --dist worksteal -m "not slow"

.PHONY: lint
## lint: ruff check and format check
lint: $(STAMP)
	@$(PY) -m ruff check src tests
	@$(PY) -m ruff format --check src tests

.PHONY: lab
## lab: install JupyterLab (extra 'lab') and open it on the notebooks (as root too)
# Containers often run as root, where JupyterLab refuses to start without --allow-root; `id -u`
# runs only when this target is made. JUPYTER_PREFER_ENV_PATH makes the project's own kernel
# (installed in .venv as "python3", the name every notebook's metadata selects) win over a
# "python3" kernel the user may have in ~/.local/share/jupyter.
LAB_ROOT_FLAG = $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	@$(PY) -m pip install --quiet -e ".[lab]"
	@JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab $(LAB_ROOT_FLAG) notebooks/

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
	@find "$$TKPK_REPORTS_DIR" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
	@find data/processed -type f ! -name README.md -delete

.PHONY: data-import
## data-import: add a BPS web-table download to data/raw/impor (FILE="table.csv", CONFIRM=1 accepts revisions)
data-import: $(STAMP)
	@if [ -z "$$TKPK_IMPORT_FILE" ]; then echo 'error: give a BPS download, for example: make data-import FILE="Persentase Penduduk Miskin, 2024.csv"' >&2; exit 2; fi
	@if [ -n "$$TKPK_IMPORT_CONFIRM" ]; then $(PY) -m analysis.bps_import "$$TKPK_IMPORT_FILE" --confirm-revisions; else $(PY) -m analysis.bps_import "$$TKPK_IMPORT_FILE"; fi

.PHONY: evaluate
## evaluate: honest rolling-origin evaluation of the forecast per province (PROVINCE=33), with a table of all
evaluate: $(STAMP)
	@$(PY) -m analysis.forecast.evaluate $(if $(PROVINCE),--province $(PROVINCE))
