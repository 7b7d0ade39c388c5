#!/usr/bin/env bash
# Load benchmark (not a test). Needs the dev environment and a separate venv with locust.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
if [ ! -x .venv-bench/bin/locust ]; then
  python3.11 -m venv .venv-bench
  .venv-bench/bin/pip install -q --require-hashes -r requirements/pip.txt
  .venv-bench/bin/pip install -q --require-hashes -r requirements/bench.txt
fi
.venv/bin/python scripts/benchmark_load.py "$@"
