# The README's commands. Each target creates the virtualenv it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Extra requirements pinned into the virtualenv, e.g. "wagtail>=7.4,<7.5" and
# "Django>=6.1,<6.2". An empty DJANGO_SPEC takes the newest Django that
# setup.cfg's range and the interpreter admit (Django 6 needs Python 3.12).
WAGTAIL_SPEC ?= wagtail>=8.0,<9
DJANGO_SPEC ?=
# Extra pytest arguments, e.g. PYTEST_ARGS="-m 'not slow'" or a list of tests.
PYTEST_ARGS ?=
MANAGE := cd example_site && ../$(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install axe demo test test-matrix lint format docs messages screenshots clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e ".[test,docs,modeladmin]" "$(WAGTAIL_SPEC)" $(if $(DJANGO_SPEC),"$(DJANGO_SPEC)")
	touch $@

install: $(VENV)/.installed axe

## make axe: axe-core from the npm registry for the browser tests' accessibility
## checks, into node_modules/ (git-ignored; no package.json, no lock file)
AXE_JS := node_modules/axe-core/axe.min.js
axe: $(AXE_JS)
$(AXE_JS):
	npm install --no-save --no-package-lock --prefix . axe-core@4 || echo "axe-core not installed: the browser tests skip their accessibility checks (and fail with CI=true)"

## make demo: the demo municipality on SQLite at http://$(HOST):$(PORT)
## (make demo PORT=8106 for another port; the demo's links follow it)
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) ita_load_demo --port $(PORT)
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: the whole suite (DATABASE_URL selects PostgreSQL)
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

## make test-matrix: the suite on Wagtail 7.4 LTS and on Wagtail 8 with
## Django 5.2, and on Wagtail 8 with Django 6.1 (Python 3.12: PYTHON312)
PYTHON312 ?= python3.12
test-matrix:
	$(MAKE) test VENV=.venv-wagtail74 WAGTAIL_SPEC="wagtail>=7.4,<7.5"
	$(MAKE) test VENV=.venv-wagtail8 WAGTAIL_SPEC="wagtail>=8.0,<9"
	$(MAKE) test VENV=.venv-django61 PYTHON="$(PYTHON312)" DJANGO_SPEC="Django>=6.1,<6.2"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

docs: install
	$(VENV)/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

## make messages: refresh and compile the Thai catalogue
messages: install
	cd ita_wagtail && ../$(PY) -m django makemessages -l th --settings=tests.settings --pythonpath=.. --no-obsolete
	cd ita_wagtail && ../$(PY) -m django compilemessages -l th --settings=tests.settings --pythonpath=..

clean:
	rm -rf build dist *.egg-info docs/_build .pytest_cache
