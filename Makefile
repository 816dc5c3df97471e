# Lantern: `make run` serves the embedded default, `make test` runs the whole suite.
# The logic lives in scripts (tests/services.sh); this file only wires steps together.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when pyproject.toml or constraints.txt changes (the stamp is older).
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=
# Benchmark size: full, or small for a quick run (bench-scores also takes scale, the growth
# series); BENCH_ARGS go to the benchmark script.
SIZE ?= full
BENCH_ARGS ?=
# The embedded default: no DATABASE_URL or REDIS_URL, even if the shell has them.
EMBEDDED := env -u DATABASE_URL -u REDIS_URL

.PHONY: run test test-fast lint install bench-api bench-scores

install: $(INSTALLED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]' -c constraints.txt
	touch $@

# The newest versions pyproject.toml's ranges allow, written to constraints.txt (its
# comment header kept); then run `make test` before committing both.
.PHONY: upgrade-deps
upgrade-deps: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade -e '.[dev]'
	{ grep '^#' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	touch $(INSTALLED)

# Embedded default: SQLite, Celery tasks in-process, local-memory cache, console e-mail.
run: export DEBUG := 1
run: $(INSTALLED)
	$(EMBEDDED) $(BIN)/python manage.py migrate --no-input
	$(EMBEDDED) $(BIN)/python manage.py seed_demo
	$(EMBEDDED) $(BIN)/python manage.py recompute_scores
	$(EMBEDDED) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite on throwaway PostgreSQL and Redis servers (installed with apt when missing).
test: $(INSTALLED)
	bash tests/services.sh $(BIN)/pytest $(PYTEST_ARGS)

# The inner loop: SQLite, no services, integration tests left out.
test-fast: $(INSTALLED)
	$(EMBEDDED) $(BIN)/pytest -m "not integration" $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks on throwaway PostgreSQL and Redis; SIZE=small for a quick run.
# The extension's bulk lookup under gunicorn and wrk, against a no-op view and a naive DRF one.
bench-api: $(INSTALLED)
	bash tests/services.sh $(BIN)/python tests/benchmarks/bench_api.py --size $(SIZE) $(BENCH_ARGS)

# The nightly score recompute, against two SQL floors and a naive ORM loop.
bench-scores: $(INSTALLED)
	bash tests/services.sh $(BIN)/python tests/benchmarks/bench_scores.py --size $(SIZE)

# The periodic abuse sweep over every review, against a plain SQL scan of the same rows.
.PHONY: bench-abuse
bench-abuse: $(INSTALLED)
	bash tests/services.sh $(BIN)/python tests/benchmarks/bench_abuse.py --size $(SIZE) $(BENCH_ARGS)

# The deployed stack (tests/stack/): nginx, gunicorn, Celery worker and beat started from
# deploy/'s files, DEBUG off, on throwaway PostgreSQL and Redis; a newcomer's path through it.
# Only tests/stack/conftest.py is loaded: tests/conftest.py empties Redis before each test.
.PHONY: smoke
smoke: $(INSTALLED)
	bash tests/services.sh $(BIN)/pytest -p no:django --confcutdir=tests/stack $(PYTEST_ARGS) \
		tests/stack/smoke_newcomer.py

# The load test against the deployed stack (several minutes; BENCH_ARGS="--seconds 60" for
# less): prints ok_writes=… lost=… duplicates=… errors_5xx=… p99_ms=…
.PHONY: bench-load
bench-load: $(INSTALLED)
	bash tests/services.sh $(BIN)/python tests/stack/bench_load.py $(BENCH_ARGS)

# Freshness end to end: from a review's POST answer to the lookup showing it, at several
# write rates, while extensions keep the lookup busy; prints p50_s=… p99_s=…
.PHONY: bench-freshness
bench-freshness: $(INSTALLED)
	bash tests/services.sh $(BIN)/python tests/stack/bench_freshness.py $(BENCH_ARGS)
