#!/usr/bin/env bash
# Idempotent set-up: a project virtualenv with the pinned Python packages and the pinned npm toolchain.
# Safe to run any number of times; does nothing when everything is already in place.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
PY="${PYTHON:-python3}"
venv="$root/.venv"
stamp="$venv/.drex-installed"
want="$(cat requirements.lock pyproject.toml setup.py | sha256sum | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ]; then
  echo "bootstrap: creating $venv"
  "$PY" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  if [ -L "$venv" ]; then  # a link to another checkout's venv: reinstalling would point it at this one
    echo "bootstrap: $venv links to $(readlink "$venv"), which is not current: run the bootstrap there" >&2
    exit 1
  fi
  echo "bootstrap: installing pinned Python packages (requirements.lock)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
  # the pinned setuptools of requirements.lock builds it: nothing downloaded for the build
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi
lockhash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.drex-installed ] || [ "$(cat node_modules/.drex-installed)" != "$lockhash" ]; then
  echo "bootstrap: installing pinned npm toolchain (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lockhash" > node_modules/.drex-installed
fi
