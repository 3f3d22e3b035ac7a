#!/usr/bin/env bash
# Installs the servers the e2e suites run against: Redis and PostgreSQL (Debian packages) and
# FerretDB 1.24.2 (MongoDB wire protocol, stored in PostgreSQL), built from its Go module; the
# openssl command, with which the SNS tests make their signing certificate; and Debian's
# Chromium, which the browser tests drive headless. The harness makes a temporary PostgreSQL
# cluster for each run (test/harness/postgres.ts); the package's own cluster is not used.
set -euo pipefail

FERRETDB_VERSION=v1.24.2
GOBIN_DIR="$(go env GOPATH)/bin"

apt_updated=false
apt_install() {
  if ! $apt_updated; then apt-get update -qq; apt_updated=true; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

install_redis() {
  if command -v redis-server >/dev/null 2>&1; then return; fi
  echo "installing redis-server (Debian package)"
  apt_install redis-server
}

# initdb and postgres live in /usr/lib/postgresql/<version>/bin, where the harness finds them.
install_postgresql() {
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1; then return; fi
  echo "installing postgresql (Debian package)"
  apt_install postgresql
}

# PostgreSQL refuses to run as root: tests run as root start it as this user (the Debian
# package makes it; a PostgreSQL from elsewhere may not have).
ensure_postgres_user() {
  if [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; then return; fi
  echo "adding the system user postgres"
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
}

install_openssl() {
  if command -v openssl >/dev/null 2>&1; then return; fi
  echo "installing openssl (Debian package)"
  apt_install openssl
}

install_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  echo "installing chromium (Debian package)"
  apt_install chromium
}

# `go install …@v1.24.2` cannot be used as is: the module proxy refuses the
# version-list lookup that `go install` makes, and the module archive lacks the
# generated build/version/version.txt that FerretDB checks at start. Building
# from a copy of the downloaded module with that file written works.
install_ferretdb() {
  local bin="$GOBIN_DIR/ferretdb"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version: $FERRETDB_VERSION"; then return; fi
  echo "building FerretDB $FERRETDB_VERSION (Go module)"
  local work src
  work="$(mktemp -d)"
  (cd "$work" && go mod init ferretdb-build >/dev/null 2>&1 \
    && go get "github.com/FerretDB/FerretDB/cmd/ferretdb@$FERRETDB_VERSION" >/dev/null 2>&1)
  src="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$FERRETDB_VERSION"
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
  echo "$FERRETDB_VERSION" > "$work/src/build/version/version.txt"
  mkdir -p "$GOBIN_DIR"
  (cd "$work/src" && go build -o "$bin" ./cmd/ferretdb)
  rm -rf "$work"
  "$bin" --version | head -1
}

install_redis
install_postgresql
ensure_postgres_user
install_openssl
install_chromium
install_ferretdb
