#!/usr/bin/env bash
# Everything the test suite needs beyond npm packages: Debian's Chromium for the dashboard's
# end-to-end tests, and the built dashboard they load.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "test setup: installing Debian's chromium for the end-to-end tests"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "test setup: chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && ! command -v pg_ctl >/dev/null 2>&1; then
  echo "test setup: installing Debian's postgresql-15 for the history store tests"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "test setup: postgresql-15 is missing and installing it needs root (apt-get install postgresql-15)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi

npm run --silent build:web >/dev/null
