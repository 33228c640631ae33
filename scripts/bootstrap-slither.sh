#!/usr/bin/env bash
# Idempotent set-up of Slither for the static-analysis gate (scripts/slither.sh): .venv-slither with
# slither-analyzer and crytic-compile pinned in requirements-slither.lock. Slither compiles through the
# project's offline solc-js (scripts/ape/solc-native-cli.js), so no solc is downloaded (solc-select, which
# slither depends on, is installed but never used). Safe to run any number of times and from several
# processes at once; a no-op (about 0.1 s) when current. docs/slither.md has the details.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
PY="${PYTHON:-python3}"
venv="$root/.venv-slither"

lock="${TMPDIR:-/tmp}/drex-bootstrap-slither-$(printf '%s' "$root" | sha256sum | cut -c1-16).lock"
exec 9>"$lock"
flock 9

if [ ! -f node_modules/.drex-installed ] || [ ! -f node_modules/solc/package.json ]; then
  scripts/bootstrap.sh
fi

stamp="$venv/.drex-slither-installed"
want="$(sha256sum requirements-slither.lock | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ]; then
  echo "bootstrap-slither: creating $venv"
  "$PY" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  if [ -L "$venv" ]; then  # a link to another checkout's venv: reinstalling would point it at this one
    echo "bootstrap: $venv links to $(readlink "$venv"), which is not current: run the bootstrap there" >&2
    exit 1
  fi
  echo "bootstrap-slither: installing Slither (requirements-slither.lock) into $venv"
  start=$(date +%s)
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-slither.lock
  "$venv/bin/python" -m pip check --disable-pip-version-check
  echo "$want" > "$stamp"
  echo "bootstrap-slither: installed in $(( $(date +%s) - start ))s"
fi
