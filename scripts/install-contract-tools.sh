#!/usr/bin/env bash
# Installs what the contract suite (test/contract) drives the API with: schemathesis, from PyPI,
# at a pinned version, in a virtual environment of its own at .venv/ (ignored by git). Needs
# Python 3.9 or newer with the venv module; on Debian without it, installs python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
VENV=.venv

installed_version() {
  "$VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}'
}

if [ "$(installed_version)" = "$SCHEMATHESIS_VERSION" ]; then exit 0; fi

if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 is missing: install Python 3.9 or newer (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi

if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing python3-venv (Debian package)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$VENV"
    python3 -m venv "$VENV"
  else
    echo "python3 cannot make a virtual environment: install python3-venv" >&2
    exit 1
  fi
fi

echo "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into $VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
"$VENV/bin/schemathesis" --version
