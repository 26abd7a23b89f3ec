# Two commands from a fresh clone: `make run` serves the seeded demo, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint audit contract messages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py run_platform

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, and the import-linter contracts of pyproject.toml: which package may import which.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

# Known vulnerabilities in the installed packages (pip-audit): exit 1 if one is found, 2 if some
# packages could not be checked (the advisory database did not answer); see .ci/audit_dependencies.py.
# schemathesis fuzzes every operation of the open API against a small seeded server.
contract: $(STAMP)
	bash .ci/api_contract.sh

audit: $(STAMP)
	$(PY) .ci/audit_dependencies.py

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed so that
# `make run` works where gettext is not installed.
messages: $(STAMP)
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=static/vendor --ignore=test-artifacts
	$(PY) manage.py makemessages -d djangojs -l en --no-obsolete --ignore=.venv --ignore=var --ignore=static/vendor
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf var/staticfiles var/celery var/test-db.sqlite3*
