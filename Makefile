# `make run` and `make test` do everything on a fresh machine: see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
NEWSDESK_DB ?= data/newsdesk.duckdb
NEWSDESK_ARTICLES ?= data/articles
export NEWSDESK_DB NEWSDESK_ARTICLES

.PHONY: run test lint ingest demo-data clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

## run: install, build the database from data/articles if needed (unchanged files are skipped), serve on :8501
run: $(VENV)/.runtime
	$(PY) -m newsdesk ingest $(NEWSDESK_ARTICLES)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

ingest: $(VENV)/.runtime
	$(PY) -m newsdesk ingest $(NEWSDESK_ARTICLES)

demo-data: $(VENV)/.runtime
	$(PY) -m newsdesk demo-data --out data/articles/demo

## test: install dev requirements and Chromium for the browser tests (apt-get, where allowed), lint, run the suite
test: $(VENV)/.dev
	@bash .ci/ensure-chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

clean:
	rm -rf $(VENV) data/newsdesk.duckdb data/newsdesk.duckdb.wal .pytest_cache .mypy_cache .ruff_cache
