# Phòng dịch số: the commands a person and CI use alike.
PYTHON ?= $(shell command -v python3.12 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on both cores (pytest-xdist: one test database per worker).
PYTEST_ARGS ?= -n 2

.PHONY: install run test lint migrations-check messages audit clean screenshots

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12+ is required (see .python-version)")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

# The QR posters carry PUBLIC_BASE_URL: match the address served (unless already set).
run: export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Phòng dịch số: http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The user guide's screenshots (docs/img), every role at desktop and phone size, made by
# the Playwright test on a fresh demo database (needs Chromium, as the browser tests).
screenshots: install
	GUIDE_SCREENSHOTS=1 $(PY) -m pytest phongdich/guide/tests/test_screenshots.py -n 0 -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy phongdich tracing_engine
	$(VENV)/bin/mypy --strict tracing_engine
	$(MAKE) migrations-check

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate translations (needs GNU gettext: apt-get install gettext).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=static --ignore=benchmarks
	$(PY) manage.py compilemessages -l en -l vi --ignore=.venv

# Known vulnerabilities in the locked dependencies (needs PyPI's JSON API or OSV).
audit: install
	$(VENV)/bin/pip-audit --disable-pip --require-hashes -r requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
