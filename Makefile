# Safer Places. `make help` lists the targets. Two that matter first: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SP := $(VENV)/bin/saferplaces
PORT ?= 8000
PYTEST_WORKERS ?= 2
export SAFERPLACES_VAR_DIR ?= $(CURDIR)/var

.PHONY: help install system-deps demo serve test test-postgres lint typecheck check bench clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/base.txt requirements/dev.txt requirements/constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/dev.txt -c requirements/constraints.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json $(wildcard src/saferplaces/public/scss/*.scss)
	npm ci --no-audit --no-fund --silent
	npm run --silent build:css
	touch $@

install: $(VENV)/.installed node_modules/.installed ## create the virtualenv and install Python and npm packages

system-deps: ## install Chromium, PostgreSQL and Node from Debian when missing (needs root)
	@bash scripts/system-deps.sh

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: system-deps install var/secret_key ## set up the demo on SQLite (West Yorkshire, real data + a synthetic year) and start it
	SECRET_KEY_FILE=var/secret_key $(SP) collectstatic --noinput -v0
	SECRET_KEY_FILE=var/secret_key $(SP) setup_demo
	@echo ""
	@echo "Safer Places is starting: open http://127.0.0.1:$(PORT)/ and sign in with an account above."
	SECRET_KEY_FILE=var/secret_key $(SP) runserver 127.0.0.1:$(PORT) --noreload

serve: install var/secret_key ## start the server on what is already loaded
	SECRET_KEY_FILE=var/secret_key $(SP) collectstatic --noinput -v0
	SECRET_KEY_FILE=var/secret_key $(SP) runserver 127.0.0.1:$(PORT) --noreload

test: system-deps install ## run the whole test suite (SQLite, or the database in DATABASE_URL), browser tests included
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: system-deps install ## run the whole suite against a throwaway PostgreSQL server
	@set -e; dir=$$(mktemp -d /tmp/saferplaces-pg.XXXX); \
	url=$$(bash scripts/postgres.sh start $$dir 54329); \
	trap "bash scripts/postgres.sh stop $$dir" EXIT; \
	DATABASE_URL=$$url $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install ## ruff lint and format check (the analytics package may not import Django)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install ## mypy over the package
	SECRET_KEY=typecheck-only $(VENV)/bin/mypy

check: lint typecheck test test-postgres ## everything CI runs

bench: install ## run the benchmarks (see docs/benchmarks.md)
	$(PY) bench/run_all.py

clean: ## remove the virtualenv, npm packages and local data
	rm -rf $(VENV) node_modules build var
