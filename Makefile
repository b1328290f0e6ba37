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

$(VENV)/.dev: requirements.txt requirements-dev.txt requirements-spark.txt | $(PY)
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

## spark-package: what spark-submit ships to a cluster (README, "More than one machine"): dist/newsdesk.zip, the
## code (--py-files), and dist/newsdesk-env.tar.gz, requirements.txt packed with venv-pack (--archives). Build it on
## the cluster's OS with the cluster's Python minor version at the same path: the archive holds compiled wheels and
## links to that interpreter.
SPARK_ENV := dist/spark-env
.PHONY: spark-package
spark-package:
	rm -rf $(SPARK_ENV) dist/newsdesk.zip dist/newsdesk-env.tar.gz
	mkdir -p dist && echo '*' > dist/.gitignore
	$(PYTHON) -c "import pathlib, zipfile; z = zipfile.ZipFile('dist/newsdesk.zip', 'w', zipfile.ZIP_DEFLATED); \
		[z.write(p) for p in sorted(pathlib.Path('newsdesk').rglob('*.py'))]; z.close()"
	$(PYTHON) -m venv $(SPARK_ENV)
	$(SPARK_ENV)/bin/python -m pip install --quiet --upgrade pip
	$(SPARK_ENV)/bin/python -m pip install --quiet -r requirements.txt venv-pack==0.2.0
	$(SPARK_ENV)/bin/venv-pack --quiet --prefix $(SPARK_ENV) --output dist/newsdesk-env.tar.gz --force
	rm -rf $(SPARK_ENV)
	@ls -l dist/newsdesk.zip dist/newsdesk-env.tar.gz
