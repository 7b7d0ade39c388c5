# The two commands a fresh machine needs: `make run` and `make test`.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bootstrap bootstrap-dev lint format check messages benchmark

# Links in mails point to the address actually served (unless SITE_URL is set).
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: bootstrap
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	@echo "Samenwerkwijzer runs on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: bootstrap-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest --cov --cov-report=term

bootstrap:
	@scripts/bootstrap.sh run

bootstrap-dev:
	@scripts/bootstrap.sh dev

lint: bootstrap-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: bootstrap-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Developers only: needs GNU gettext's xgettext.
messages: bootstrap-dev
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=var --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

benchmark: bootstrap-dev
	scripts/benchmark_load.sh

# Render + seal an agreement (PAdES B-LTA) against the local test PKI; writes docs/benchmarks.md.
.PHONY: benchmark-seal
benchmark-seal: bootstrap-dev
	$(PY) scripts/benchmark_seal.py --runs 15
