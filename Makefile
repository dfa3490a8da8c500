# 共治 Gongzhi — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
# pyenv reads .python-version (3.12); any python3.12 on PATH will do.
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test test-fast lint format install system-packages messages assets \
        screenshots bench clean lock worker

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 12), \
	  f"Python 3.12 is required, found {sys.version.split()[0]}"'
	$(PYTHON) -m venv $(VENV)

# The venv's own pip may be as old as 23.2.1 (Python 3.12.0/3.12.1), which cannot read the lock's
# hashed extras: bring it to the pinned, hashed pip of requirements-pip.lock first.
$(VENV)/.pip: requirements-pip.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r requirements-pip.lock
	touch $@

$(VENV)/.installed: requirements-dev.lock $(VENV)/.pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
	  -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

system-packages:
	@bash scripts/system_packages.sh

## make demo: install, migrate, load the demo data and serve http://127.0.0.1:8000
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "打开 / Open: http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make worker: a Celery worker with beat inside it, for development (needs REDIS_URL). Without
## Redis nothing else is needed: jobs run inside the web process that `make demo` starts.
worker: install
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: without Redis the jobs run inside \
	the web process (make demo); set REDIS_URL=redis://127.0.0.1:6379/0 to use Celery."; exit 1; }
	$(BIN)/celery -A gongzhi worker --beat --loglevel INFO --concurrency 2 \
	  --schedule $(VENV)/celerybeat-schedule

## make test: lint (ruff; lint-imports checks the layers of docs/architecture.md), then the whole
## suite (browser tests included) on DATABASE_URL or SQLite
test: install system-packages
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser" -x

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .

## make messages: refresh and compile the English catalogue (msgids are Chinese)
messages: install system-packages
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules \
	  --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv --ignore=node_modules

## make assets: rebuild the vendored CSS/JS from the locked npm packages (needs Node.js)
assets:
	npm ci
	npm run build

## make screenshots: phone and desktop screenshots of a running demo into test-artifacts/
screenshots: install system-packages
	$(BIN)/python scripts/screenshots.py http://$(HOST):$(PORT) test-artifacts/screens

## make bench: benchmarks (speed is measured here, never asserted in tests)
bench: install
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_import.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts

## make lock: re-resolve the pinned dependencies (runtime, and runtime + development). The pip of
## requirements-pip.lock is raised by hand: `pip download --no-deps pip==X` (wheel and sdist), `pip hash`.
lock:
	$(PYTHON) -m pip install --quiet uv==0.13.8
	$(PYTHON) -m uv pip compile pyproject.toml --python-version 3.12 --generate-hashes \
	  -o requirements.lock -q
	$(PYTHON) -m uv pip compile pyproject.toml --group dev --python-version 3.12 \
	  --generate-hashes -o requirements-dev.lock -q
