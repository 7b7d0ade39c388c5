#!/usr/bin/env bash
# The search by name at scale (issue #21; not a test): in-process, then end to end through the API
# (gunicorn on the same database, HTTP, a bearer token). Writes the section "directory-names" of
# docs/benchmarks.md; the figures of every run are kept in var/directory-name-benchmark.json.
#
#   scripts/benchmark_directory_names.sh 1000000                      # SQLite in $VAR_DIR (/tmp/bench-sqlite)
#   DATABASE_URL=postgres://... scripts/benchmark_directory_names.sh 4000000
#
# The steps, in this order so that nothing else runs while our search is timed:
#   1. empty the directory, import N rows, time the name and combined searches, the SQL baseline;
#   2. the partner (profile) search on the same data (directory_benchmark --keep);
#   3. the in-memory Python baseline and the identity check (about an hour per kind at 4M; its pages
#      are kept next to the CSV, so the run on the other database compares with them instead);
#   4. searching while 10,000 changes are applied (one thing per change, as KVK mutations are);
#   5. the API over HTTP, and the server workers' peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-1000000}"
export VAR_DIR="${VAR_DIR:-/tmp/bench-sqlite}"
PORT="${BENCH_PORT:-8765}"
RESULTS="$PWD/var/directory-name-benchmark.json"
DATA="${BENCH_DATA_DIR:-/tmp/bench-data}"
mkdir -p "$VAR_DIR" var
PY=.venv/bin/python
$PY manage.py migrate --no-input -v0
$PY manage.py createcachetable
nice $PY manage.py directory_name_benchmark --size "$SIZE" --wipe --changes 0 --no-python-baseline \
  --results "$RESULTS" --data-dir "$DATA" ${BENCH_ARGS:-}
nice $PY manage.py directory_benchmark --sizes "$SIZE" --keep --data-dir "$DATA" \
  --results "$PWD/var/directory-benchmark.json"
nice $PY manage.py directory_name_benchmark --size "$SIZE" --keep --python-baseline-only \
  --results "$RESULTS" --data-dir "$DATA"
nice $PY manage.py directory_name_benchmark --size "$SIZE" --keep --skip name combined --changes 10000 \
  --results "$RESULTS" --data-dir "$DATA"
.venv/bin/gunicorn samenwerkwijzer.wsgi --workers 2 --bind "127.0.0.1:$PORT" --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 1; done
nice $PY manage.py directory_name_benchmark --size "$SIZE" --api-only --api-url "http://127.0.0.1:$PORT" \
  --server-pid "$SERVER" --results "$RESULTS"
