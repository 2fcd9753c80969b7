# Two commands set up a fresh machine: `make run` and `make test`. See README.md.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run demo test benchmark lint format worker beat

help: ## Show this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install everything (also dev tools)

run: install ## Install, migrate, load the demo data and serve on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: install ## Migrate and (re)load the demo data without serving
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data

test: install ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

benchmark: install ## Time the access-log check and the reports on large data (set DATABASE_URL)
	$(PY) -m pytest benchmarks -s -p no:cacheprovider

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: install ## Start a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config worker -l info

beat: install ## Start Celery beat (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config beat -l info
