#!/usr/bin/env bash
# The search by name at scale (issue #21; not a test): in-process, then end to end through the API
# (gunicorn on the same database, HTTP, a bearer token). Writes the section "directory-names" of
# docs/benchmarks.md; the figures of every run are kept in var/directory-name-benchmark.json.
#
#   scripts/benchmark_directory_names.sh 1000000                      # SQLite in $VAR_DIR (/tmp/bench-sqlite)
#   DATABASE_URL=postgres://... scripts/benchmark_directory_names.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-1000000}"
export VAR_DIR="${VAR_DIR:-/tmp/bench-sqlite}"
PORT="${BENCH_PORT:-8765}"
RESULTS="$PWD/var/directory-name-benchmark.json"
mkdir -p "$VAR_DIR" var
PY=.venv/bin/python
$PY manage.py migrate --no-input -v0
$PY manage.py createcachetable
nice $PY manage.py directory_name_benchmark --size "$SIZE" --wipe --results "$RESULTS" \
  --data-dir "${BENCH_DATA_DIR:-/tmp/bench-data}" ${BENCH_ARGS:-}
.venv/bin/gunicorn samenwerkwijzer.wsgi --workers 2 --bind "127.0.0.1:$PORT" --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 1; done
nice $PY manage.py directory_name_benchmark --size "$SIZE" --api-only --api-url "http://127.0.0.1:$PORT" \
  --results "$RESULTS"
