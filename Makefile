# Trygghetsportalen – everyday commands. `make run` and `make test` set
# everything up themselves on a machine with only Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrations-check check messages worker beat demo clean bench

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo "Serving Trygghetsportalen on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The coverage gate (fail_under in .coveragerc) is part of the test run.
test: $(VENV)/.installed-dev
	$(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r portal agreements tips situation_reports maps legal walks bench -x '*/tests/*' --severity-level high

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

check: lint migrations-check
	$(PY) manage.py check

# Every language of settings.LANGUAGES but the msgids' own (English) has a catalogue.
CATALOGUES = $(shell $(PY) manage.py shell --no-imports -c "from portal.languages import catalogue_locales; print(' '.join(catalogue_locales()))")

messages: $(VENV)/.installed
	$(PY) manage.py makemessages $(foreach lang,$(CATALOGUES),-l $(lang)) --ignore "$(VENV)/*" --ignore "agreements/*" --ignore "tips/*" --ignore "situation_reports/*" --ignore "bench/*" --ignore "maps/*" --ignore "walks/*" --ignore "legal/*" --no-obsolete
	for app in agreements tips situation_reports maps walks legal; do (cd $$app && ../$(PY) ../manage.py makemessages $(foreach lang,$(CATALOGUES),-l $(lang))); done
	$(PY) manage.py compilemessages --ignore "$(VENV)/*"

# One worker for every queue; see the README for one worker per queue.
worker: $(VENV)/.installed
	$(BIN)/celery -A portal worker -Q celery,tips,reminders --loglevel=info

beat: $(VENV)/.installed
	$(BIN)/celery -A portal beat --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) -m bench.run $(BENCH_ARGS)
