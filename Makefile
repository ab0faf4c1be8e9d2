# Every target sets up what it needs: a .venv with the exact versions of
# constraints.txt, reinstalled only when pyproject.toml or constraints.txt change.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help figures test bench clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

figures: $(STAMP)  ## render every figure into figures/ (only what changed)
	$(BIN)/gdfig render --all --out figures

test: $(STAMP)  ## run every test
	$(BIN)/pytest

bench: $(STAMP)  ## print timings: cold and no-op renders, the 10^4-step run, per figure
	$(BIN)/python bench/bench.py

clean:  ## remove rendered figures and the venv
	rm -rf $(VENV) figures/*.svg figures/*.pdf figures/*.png figures/*.json figures/.gdfig
