# Every target sets up what it needs: a .venv with the exact versions of
# constraints.txt, reinstalled only when pyproject.toml or constraints.txt change.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help site serve figures test bench clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,site]'
	touch $@

# KaTeX (build-time math) and axe-core (accessibility tests), exactly as locked.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

SETUP := $(STAMP) $(NODE_STAMP)
export NO_MKDOCS_2_WARNING := 1
# Dates in the built site (sitemap) come from the last commit: same commit, same bytes.
export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

site: $(SETUP)  ## build the site into site/ (renders the figures it needs)
	$(BIN)/mkdocs build

serve: $(SETUP)  ## preview the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

figures: $(STAMP)  ## render every figure into figures/ (only what changed)
	$(BIN)/gdfig render --all --out figures

test: $(SETUP)  ## run every test
	$(BIN)/pytest

bench: $(SETUP)  ## print timings and sizes against the budgets
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/site_bench.py

clean:  ## remove rendered figures and the venv
	rm -rf $(VENV) node_modules site .cache figures/*.svg figures/*.pdf figures/*.png figures/*.json figures/.gdfig
