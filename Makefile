# Every target sets up what it needs: a .venv with the exact versions of
# constraints.txt, reinstalled only when pyproject.toml or constraints.txt change.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help site serve handout slides bundle addresses figures publish test bench clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,site]'
	touch $@

# MathJax (build-time math) and axe-core (accessibility tests), exactly as locked.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# cffconvert (CITATION.cff validation in the tests) pins jsonschema<4, which the
# site's packages cannot share: it gets a venv of its own, exactly pinned too.
CFF_STAMP := $(VENV)/cffconvert/.installed
$(CFF_STAMP): constraints-cffconvert.txt
	$(PYTHON) -m venv $(VENV)/cffconvert
	$(VENV)/cffconvert/bin/pip install --quiet --disable-pip-version-check -c constraints-cffconvert.txt cffconvert
	touch $@

SETUP := $(STAMP) $(NODE_STAMP)

# Debian's Chromium prints the handout and runs the browser tests (playwright's
# own browser download is blocked here). Installed once, if missing.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
# The kernel that executes the notebook talks to the build over CurveZMQ (encrypted),
# which also keeps ipykernel's "running over TCP without encryption" warning away.
JUPYTER_CONFIG := $(VENV)/etc/jupyter/jupyter_nbconvert_config.json
$(JUPYTER_CONFIG): $(STAMP)
	mkdir -p $(dir $@)
	echo '{"KernelManager": {"transport_encryption": "required"}}' > $@
SETUP += $(JUPYTER_CONFIG)

# The site's address: CITATION.cff's url unless SITE_URL=... is given (a fork's address).
SITE_URL ?=
export SITE_URL
PROPERDOCS := $(BIN)/properdocs
# nbconvert (the notebook page) otherwise imports every installed exporter (PDF, Qt,
# WebPDF...) to ask whether it is enabled: 0.4 s of every build, for one HTML export.
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1
# Dates in the built site (sitemap) come from the last commit: same commit, same bytes.
export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

site: $(SETUP) $(CHROMIUM)  ## build the site into site/, with its figures and the PDF handout [SITE_URL=...]
	$(BIN)/python -m tools.build site

handout: site  ## the whole lecture as one PDF: site/handout.pdf

slides: $(SETUP) $(CHROMIUM)  ## the lecture as a 16:9 deck, site/slides.pdf, from the built site
	$(BIN)/python -m tools.slides site

bundle: figures  ## every stable figure in one zip: site/gdfig-figures-<version>.zip
	$(BIN)/python -m tools.bundle figures site

addresses: $(SETUP)  ## rewrite addresses.txt (the public addresses) from a fresh build
	$(PROPERDOCS) build -f mkdocs.yml
	$(BIN)/python -m tools.addresses site --write

serve: $(SETUP)  ## preview the site at http://127.0.0.1:8000
	$(PROPERDOCS) serve -f mkdocs.yml

figures: $(STAMP)  ## render every figure into figures/ (only what changed)
	$(BIN)/gdfig render --all --out figures

# A version X of the site (X = CITATION.cff's version), committed with mike to the local
# gh-pages branch, `latest` moved to it; pushed to origin only with PUSH=1.
publish: $(SETUP) $(CHROMIUM)  ## publish VERSION=X to gh-pages [SITE_URL=...] [PUSH=1] [FORCE=1]
	$(BIN)/python -m tools.publish "$(VERSION)" $(if $(filter 1,$(PUSH)),--push) $(if $(filter 1,$(FORCE)),--force)

# One test process per core (pytest-xdist), a test file each at a time: a file's
# fixtures are set up once; the figures, the site and the handout once per run.
test: $(SETUP) $(CFF_STAMP) $(CHROMIUM)  ## run every test
	$(BIN)/pytest -n auto --dist loadfile

bench: $(SETUP) $(CHROMIUM)  ## print timings and sizes against the budgets
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/site_bench.py
	$(BIN)/python bench/explorer_bench.py

clean:  ## remove rendered figures and the venv
	rm -rf $(VENV) node_modules site .cache figures/*.svg figures/*.pdf figures/*.png figures/*.json figures/.gdfig

.PHONY: mutants
mutants: $(STAMP)  ## apply plausible one-line mistakes to a copy, one at a time: do the fast tests catch them? (~10 min)
	nice -n 10 $(BIN)/python bench/mutants.py
