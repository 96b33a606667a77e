#!/bin/sh
# Runs every command block of docs/deployment.md against a throwaway PostgreSQL database,
# gunicorn on a loopback port and nginx on a socket; see scripts/deployment_check.py.
set -eu
cd "$(dirname "$0")/.."
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
    echo "note: the guide installs the last commit (git clone); uncommitted changes are not part of the check" >&2
fi
exec python3 scripts/deployment_check.py "$@"
