#!/usr/bin/env bash
# The Slither gate over contracts/ (see scripts/slither_gate.py and docs/slither.md). Exit 1 and one line per
# new high/medium finding when any is not in security/slither-baseline.json; --update-baseline rewrites it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -x .venv-slither/bin/python ]; then
  echo "slither: .venv-slither is missing; run scripts/bootstrap-slither.sh" >&2
  exit 2
fi
exec .venv-slither/bin/python scripts/slither_gate.py "$@"
