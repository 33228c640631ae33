#!/usr/bin/env bash
# Idempotent set-up of Ape for deployers: .venv-ape with eth-ape 0.8.52 + ape-solidity from
# requirements-ape.lock, drex installed into it (editable, --no-deps: its dependencies are in the lock), and
# the project's offline solc-js presented to py-solc-x as solc 0.8.28. Nothing is downloaded but the pinned
# packages. Safe to run any number of times and from several processes at once; a no-op when current.
# Ape needs its own venv: it pins older eth-* packages than requirements.lock (see requirements-ape.lock).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
PY="${PYTHON:-python3}"
venv="$root/.venv-ape"

# One bootstrap at a time per checkout (tests call this too).
lock="${TMPDIR:-/tmp}/drex-bootstrap-ape-$(printf '%s' "$root" | sha256sum | cut -c1-16).lock"
exec 9>"$lock"
flock 9

# The npm toolchain (solc-js, OpenZeppelin, anvil) comes from the main bootstrap; run it only when the
# toolchain was never installed (re-running it could `npm ci` under processes that are using node_modules).
if [ ! -f node_modules/.drex-installed ] || [ ! -f node_modules/solc/package.json ]; then
  scripts/bootstrap.sh
fi

stamp="$venv/.drex-ape-installed"
want="$(cat requirements-ape.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ]; then
  echo "bootstrap-ape: creating $venv"
  "$PY" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  if [ -L "$venv" ]; then  # a link to another checkout's venv: reinstalling would point it at this one
    echo "bootstrap: $venv links to $(readlink "$venv"), which is not current: run the bootstrap there" >&2
    exit 1
  fi
  echo "bootstrap-ape: installing Ape (requirements-ape.lock) into $venv"
  start=$(date +%s)
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-ape.lock
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
  # drex went in without its dependencies: they must all be satisfied by the lock.
  "$venv/bin/python" -m pip check --disable-pip-version-check
  echo "$want" > "$stamp"
  echo "bootstrap-ape: installed in $(( $(date +%s) - start ))s"
fi

# solc for ape-solidity: py-solc-x runs <SOLCX_BINARY_PATH>/solc-v<version>. That is a link to the
# native-solc command line over node_modules/solc (scripts/ape/solc-native-cli.js), and a .pth file makes
# SOLCX_BINARY_PATH point here for every Python of this venv (an explicit SOLCX_BINARY_PATH wins).
solc_version="$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' node_modules/solc/package.json | head -1)"
solcx="$venv/solcx"
link="$solcx/solc-v$solc_version"
target="$root/scripts/ape/solc-native-cli.js"
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
pth="import os; os.environ.setdefault('SOLCX_BINARY_PATH', '$solcx')"
if [ "$(readlink "$link" 2>/dev/null)" != "$target" ] || [ "$(cat "$site/drex_solcx.pth" 2>/dev/null)" != "$pth" ]; then
  mkdir -p "$solcx"
  ln -sfn "$target" "$link"
  printf '%s\n' "$pth" > "$site/drex_solcx.pth"
  if ! "$link" --version | grep -q "Version: $solc_version+"; then
    echo "bootstrap-ape: $link does not answer --version with $solc_version" >&2
    exit 1
  fi
  echo "bootstrap-ape: solc $solc_version for ape-solidity is $link -> solc-js"
fi
