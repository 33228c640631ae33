#!/usr/bin/env bash
# Idempotent set-up of the two system programs the test suite runs for real, from Debian's packages:
# PostgreSQL (the event index and the compliance service are tested on SQLite and on a real PostgreSQL
# server, which the tests start themselves on loopback in a temporary folder) and Chromium (the audit
# report is opened in headless Chromium, driven by npm's playwright-core). A no-op when both are there.
# Installing needs root (apt-get); without it, the missing package is named and the script fails.
set -euo pipefail
missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap-system: ${missing[*]} missing; install with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "bootstrap-system: installing ${missing[*]} (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
