#!/usr/bin/env bash
# Installs the PostgreSQL server binaries that the PostgreSQL half of the storage
# tests needs (tests/store/conftest.py starts its own throwaway server from them,
# in a temporary folder, as user postgres; no system cluster is used).
# Called by .ci/run before the tests; safe to run again.
set -euo pipefail

have_server() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && id postgres >/dev/null 2>&1
}

if have_server; then
  echo "postgres.sh: server already installed: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# The server with its contrib modules (unaccent, which the schema uses); the
# package also creates the user postgres that the tests run the server as.
$SUDO apt-get install -y --no-install-recommends postgresql postgresql-contrib

have_server || { echo "postgres.sh: initdb or the user postgres is still missing" >&2; exit 1; }
echo "postgres.sh: installed $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
