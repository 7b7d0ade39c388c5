#!/usr/bin/env bash
# Prepares everything the app (and with "dev", the test suite) needs on a fresh machine:
# the virtual environment with pinned dependencies, system libraries, compiled translations
# and, for the tests, a Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-run}"
# Python 3.11 to 3.13 (pyproject.toml). PYTHON names another interpreter, VENV another folder so
# a second Python does not replace the default .venv, e.g.
#   VENV=.venv-3.13 PYTHON=~/.pyenv/versions/3.13.0/bin/python3.13 scripts/bootstrap.sh dev
venv="${VENV:-.venv}"
python_bin="${PYTHON:-python3.11}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "Missing system package(s): $*. Install them with your package manager and run again." >&2
    exit 1
  fi
  say "Installing system packages: $*"
  if [ ! -f /tmp/.samenwerkwijzer-apt-updated ]; then
    apt-get update -qq && touch /tmp/.samenwerkwijzer-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v "$python_bin" >/dev/null; then
  echo "Python 3.11 is required (or set PYTHON=/path/to/python3.12 or python3.13)." >&2
  exit 1
fi
if ! "$python_bin" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'; then
  echo "$python_bin is Python $("$python_bin" -c 'import platform; print(platform.python_version())'); 3.11 to 3.13 is needed." >&2
  exit 1
fi

# System libraries: gettext compiles the translations, Pango renders PDFs (WeasyPrint).
command -v msgfmt >/dev/null || apt_install gettext
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0' || apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

lock="requirements/base.txt"
[ "$profile" = "dev" ] && lock="requirements/dev.txt"
if [ ! -x "$venv/bin/python" ]; then
  say "Creating the virtual environment in $venv"
  "$python_bin" -m venv "$venv"
fi
stamp="$venv/.installed-$(cat requirements/pip.txt "$lock" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  # The locks (`make lock`) pin every package with its hashes: pip refuses anything else. pip
  # itself first (the one that comes with Python 3.11 mishandles extras in this mode).
  say "Installing pinned dependencies from $lock"
  "$venv/bin/pip" install -q --require-hashes -r requirements/pip.txt
  # BOOTSTRAP_NO_COMPILE=1: no byte-compiling of every installed module (.ci/run's second
  # environment, prepared beside the PostgreSQL suite: Python compiles what the tests import).
  "$venv/bin/pip" install -q --require-hashes ${BOOTSTRAP_NO_COMPILE:+--no-compile} -r "$lock"
  rm -f "$venv"/.installed-* && touch "$stamp"
fi

# BOOTSTRAP_NO_MESSAGES=1: another environment of the same checkout compiled them already (.ci/run
# prepares Python 3.13's while tests read the catalogues: no rewriting them under their feet).
if [ -z "${BOOTSTRAP_NO_MESSAGES:-}" ]; then
  say "Compiling translations"
  "$venv/bin/python" manage.py compilemessages -v0 --ignore=.venv --ignore='.venv-*'
fi

if [ "$profile" = "dev" ]; then
  # The seal tests: SoftHSM2 as the hardware security module (with opensc's pkcs11-tool), and
  # poppler's pdfsig with NSS's certutil as an independent validator of sealed agreements.
  missing=()
  [ -e /usr/lib/softhsm/libsofthsm2.so ] || missing+=(softhsm2)
  command -v pkcs11-tool >/dev/null || missing+=(opensc)
  command -v pdfsig >/dev/null || missing+=(poppler-utils)
  command -v certutil >/dev/null || missing+=(libnss3-tools)
  # The shared-cache tests (CACHE_URL) start their own Redis server (testsupport/redis.py).
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

  # Browser tests drive the system Chromium where there is one (no download needed);
  # elsewhere Playwright fetches its own.
  if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      apt_install chromium
    else
      "$venv/bin/python" -m playwright install chromium
    fi
  fi
fi
