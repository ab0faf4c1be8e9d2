# Every target sets up what it needs: a .venv with the exact versions of
# constraints.txt (tools/venv.py: made anew when another Python made it or its last
# install failed; reinstalled only when pyproject.toml or constraints.txt change).
# PYTHON: any Python 3.11 or newer (Debian bookworm's own /usr/bin/python3 is 3.11.2).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# pip installs no bytecode (tools/venv.py): Python compiles each module the first time
# it is imported and keeps it. Where the environment sets PYTHONDONTWRITEBYTECODE it
# would compile torch anew in every command (2.6 s an import instead of 1.4).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help site pages serve handout slides bundle addresses figures publish test bench clean python venv cffconvert chromium

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

python:
	@test -n "$(PYTHON)" || { echo "make: no python3 on PATH; install Python 3.11 or newer (Debian: apt-get install python3 python3-venv) or give PYTHON=/path/to/python3" >&2; exit 2; }

# Always asked (a few milliseconds when nothing changed): a venv made by another
# PYTHON than this one is made anew, which a file date alone cannot tell.
venv: python
	@$(PYTHON) tools/venv.py $(VENV) constraints.txt -e '.[test,site]'
	@test -f $(JUPYTER_CONFIG) || { mkdir -p $(dir $(JUPYTER_CONFIG)) && echo '$(JUPYTER_SETTINGS)' > $(JUPYTER_CONFIG); }
# The kernel that executes the notebook talks to the build over CurveZMQ (encrypted),
# which also keeps ipykernel's "running over TCP without encryption" warning away.
JUPYTER_CONFIG := $(VENV)/etc/jupyter/jupyter_nbconvert_config.json
JUPYTER_SETTINGS := {"KernelManager": {"transport_encryption": "required"}}

# Exactly as locked: MathJax (build-time math) for every build; axe-core (the
# accessibility tests) only for the tests and the bench. Lighthouse, 200 packages
# the tests never use, has a lock of its own in bench/, installed by make bench only.
NODE_STAMP := node_modules/.installed-build
NODE_ALL := node_modules/.installed-all
NODE_BENCH := bench/node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --no-update-notifier --omit=dev
	touch $@
$(NODE_ALL): package.json package-lock.json
	npm ci --no-audit --no-fund --no-update-notifier
	touch $(NODE_STAMP) $@
$(NODE_BENCH): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --no-update-notifier
	touch $@

# cffconvert (CITATION.cff validation in the tests) pins jsonschema<4, which the
# site's packages cannot share: it gets a venv of its own, exactly pinned too, beside
# .venv rather than in it (made at the same time as .venv, which may be made anew).
CFFCONVERT := $(VENV)-cffconvert
cffconvert: python
	@$(PYTHON) tools/venv.py $(CFFCONVERT) constraints-cffconvert.txt cffconvert

SETUP := venv $(NODE_STAMP)
# The tests and the bench install the build's and the tests' node packages at once
# (npm ci twice cost 5 s).
SETUP_ALL := venv $(NODE_ALL)
# A set-up's parts side by side: npm ci runs beside the venvs' installs, so a clean clone
# waits for the longer of the two, not their sum (Chromium is looked for once the venv is made).
SET_UP := --no-print-directory -j3

# Chromium prints the handout and deck and runs the browser tests: $$CHROMIUM, else
# its headless shell or a browser on PATH, playwright's, or the usual places
# (tools/chromium.py). When none is found, root installs Debian's (with its headless
# shell) with apt-get; anyone else is told how, in one sentence.
chromium: venv
	@$(BIN)/python -m tools.chromium --install

# The site's address: CITATION.cff's url unless SITE_URL=... is given (a fork's address).
SITE_URL ?=
export SITE_URL
PROPERDOCS := $(BIN)/properdocs
# nbconvert (the notebook page) otherwise imports every installed exporter (PDF, Qt,
# WebPDF...) to ask whether it is enabled: 0.4 s of every build, for one HTML export.
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1
# Dates in the built site (sitemap) come from the last commit: same commit, same bytes.
export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

site:  ## build the site into site/, with its figures, the PDF handout and deck [SITE_URL=...]
	@$(MAKE) $(SET_UP) $(SETUP) chromium
	$(BIN)/python -m tools.build site

pages:  ## the site without Chromium: pages, figures and bundle, no PDFs (and no links to them)
	@$(MAKE) $(SET_UP) $(SETUP)
	$(BIN)/python -m tools.build site --pages

handout: site  ## the whole lecture as one PDF: site/handout.pdf

slides: $(SETUP) chromium  ## the lecture as a 16:9 deck, site/slides.pdf, from the built site
	$(BIN)/python -m tools.printed.slides site

bundle: figures  ## every stable figure in one zip: site/gdfig-figures-<version>.zip
	$(BIN)/python -m tools.bundle figures site

addresses: $(SETUP)  ## rewrite addresses.txt (the public addresses) from a fresh build
	$(PROPERDOCS) build -f mkdocs.yml
	$(BIN)/python -m tools.addresses site --write

serve: $(SETUP)  ## preview the site at http://127.0.0.1:8000
	$(PROPERDOCS) serve -f mkdocs.yml

figures: venv  ## render every figure into figures/ (only what changed)
	$(BIN)/gdfig render --all --out figures

# A version X of the site (X = CITATION.cff's version), committed with mike to the local
# gh-pages branch, `latest` moved to it; pushed to origin only with PUSH=1.
publish: $(SETUP) chromium  ## publish VERSION=X to gh-pages [SITE_URL=...] [PUSH=1] [FORCE=1]
	$(BIN)/python -m tools.publish "$(VERSION)" $(if $(filter 1,$(PUSH)),--push) $(if $(filter 1,$(FORCE)),--force)

# One test process per core and one more (pytest-xdist), a test file each at a time:
# a file's fixtures are set up once; the figures, the site and the handout once per
# run. The browser tests spend part of their time waiting (a swipe's frames, a page's
# load), which the extra process fills: on two cores 3 processes took 238-254 s where
# 2 took 255-276 s, and 4 took 264 s. The files are handed out longest first
# (tests/conftest.py: LONGEST_FIRST).
TEST_JOBS := $(shell echo $$(( $$(nproc) + 1 )))
test:  ## run every test
	@$(MAKE) $(SET_UP) $(SETUP_ALL) cffconvert chromium
	$(BIN)/pytest -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder

bench:  ## print timings and sizes against the budgets
	@$(MAKE) $(SET_UP) $(SETUP_ALL) $(NODE_BENCH) chromium
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/site_bench.py
	$(BIN)/python bench/explorer_bench.py

clean:  ## remove rendered figures and the venv
	rm -rf $(VENV) $(CFFCONVERT) node_modules bench/node_modules site .cache figures/*.svg figures/*.pdf figures/*.png figures/*.json figures/.gdfig

.PHONY: mutants
mutants: venv  ## apply plausible one-line mistakes to a copy, one at a time: do the fast tests catch them? (~10 min)
	nice -n 10 $(BIN)/python bench/mutants.py
