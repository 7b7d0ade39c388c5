# The two commands a fresh machine needs: `make run` and `make test`.
# VENV=.venv-3.13 PYTHON=~/.pyenv/versions/3.13.0/bin/python3.13 make test: another Python, beside .venv.
VENV ?= .venv
export VENV
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test coverage bootstrap bootstrap-dev lint format check messages benchmark lock

# Links in mails point to the address actually served (unless SITE_URL is set).
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: bootstrap
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	@echo "Samenwerkwijzer runs on http://$(HOST):$(PORT)/ with its background worker (Ctrl+C stops both)"
	$(PY) scripts/run_local.py $(HOST):$(PORT)

test: bootstrap-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# The coverage floor of pyproject.toml (access.py and services*.py at 100 %) on the suite without
# the browser tests, fuzzers and "once" tests, as .ci/run measures it on Python 3.13. Cheap on 3.12+
# (sys.monitoring); on 3.11 the tracer makes the run about half as slow again.
coverage: bootstrap-dev
	COVERAGE_CORE=sysmon $(PY) -m pytest -m "not e2e and not fuzz and not once" --cov --cov-report=term

bootstrap:
	@scripts/bootstrap.sh run

bootstrap-dev:
	@scripts/bootstrap.sh dev

# After changing requirements/*.in: pins every package (with its own dependencies) and its hashes
# in requirements/pip.txt, base.txt, dev.txt and bench.txt, one lock for Python 3.11 to 3.13 on every platform.
# Versions already in a lock stay unless you add --upgrade-package NAME (or --upgrade) to UV_ARGS.
# The next `make bootstrap-dev` (or `make test`) installs the new lock.
lock:
	@test -x $(VENV)/bin/pip || $${PYTHON:-python3.11} -m venv $(VENV)
	@test -x $(VENV)/bin/uv && $(VENV)/bin/uv --version | grep -q ' $(UV_VERSION) ' || $(VENV)/bin/pip install -q uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile -q --universal --python-version 3.11 --generate-hashes $(UV_ARGS) requirements/pip.in -o requirements/pip.txt
	$(VENV)/bin/uv pip compile -q --universal --python-version 3.11 --generate-hashes $(UV_ARGS) requirements/base.in -o requirements/base.txt
	$(VENV)/bin/uv pip compile -q --universal --python-version 3.11 --generate-hashes $(UV_ARGS) requirements/dev.in -o requirements/dev.txt
	$(VENV)/bin/uv pip compile -q --universal --python-version 3.11 --generate-hashes $(UV_ARGS) requirements/bench.in -o requirements/bench.txt

lint: bootstrap-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: bootstrap-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Developers only: needs GNU gettext's xgettext.
messages: bootstrap-dev
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore='.venv-*' --ignore=var --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv --ignore='.venv-*'

benchmark: bootstrap-dev
	scripts/benchmark_load.sh

# Render + seal an agreement (PAdES B-LTA) against the local test PKI; writes docs/benchmarks.md.
.PHONY: benchmark-seal
benchmark-seal: bootstrap-dev
	$(PY) scripts/benchmark_seal.py --runs 15
