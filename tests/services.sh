#!/usr/bin/env bash
# Run a command against throwaway PostgreSQL and Redis servers.
#
#   tests/services.sh COMMAND [ARGS...]     e.g. tests/services.sh .venv/bin/pytest
#   tests/services.sh --install-only        only install missing system packages
#
# Starts a PostgreSQL cluster (initdb in a temporary directory, a free port, fsync off) and a
# redis-server (a free port, no persistence), exports DATABASE_URL and REDIS_URL, runs the
# command, then stops both servers and deletes the directory, whatever the command did.
# Missing servers are installed with apt-get when running as root on Debian/Ubuntu; otherwise
# the script stops and says what to install. As root, PostgreSQL runs as the `postgres` user
# (initdb and pg_ctl refuse to run as root).
set -euo pipefail

log() { printf 'services: %s\n' "$*" >&2; }
die() { printf 'services: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
    # Install Debian packages without starting their system-wide services: the tests start
    # their own servers, and a stray daemon on the default port would outlive the run.
    local added_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        added_policy=1
    fi
    log "installing $* with apt-get"
    local status=0
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
            >/dev/null; } || status=$?
    if [ -n "$added_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
    return "$status"
}

can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }

find_pg_bindir() {
    local dir
    # Debian keeps each major version under /usr/lib/postgresql/N/bin; take the newest.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    return 1
}

ensure_system_packages() {
    local missing=()
    find_pg_bindir >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    # Debian's Chromium, for the browser tests (tests/browser/, driven by Playwright).
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    # Debian's nginx, for the deployed stack (make smoke, bench-load; tests/stack/).
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    [ ${#missing[@]} -eq 0 ] && return 0
    if can_apt; then
        apt_install "${missing[@]}" || die "apt-get could not install: ${missing[*]}"
    else
        die "missing ${missing[*]}. Install the PostgreSQL server binaries (initdb, pg_ctl," \
            "postgres), redis-server, Chromium at /usr/bin/chromium and nginx (Debian/Ubuntu:" \
            "'sudo apt-get install postgresql redis-server chromium nginx'), or run 'make test' as" \
            "root on Debian/Ubuntu to have them installed."
    fi
    find_pg_bindir >/dev/null || die "PostgreSQL binaries still not found after installing postgresql"
    command -v redis-server >/dev/null 2>&1 || die "redis-server still not found after installing it"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# --- main -------------------------------------------------------------------------------
if [ "${1:-}" = "--install-only" ]; then
    ensure_system_packages
    exit 0
fi
[ $# -gt 0 ] || die "usage: $0 COMMAND [ARGS...]   |   $0 --install-only"

ensure_system_packages
PG_BIN="$(find_pg_bindir)"

# As root the cluster belongs to `postgres`; everything else runs as the calling user.
pg_user=""
if is_root; then
    id postgres >/dev/null 2>&1 ||
        die "running as root, but there is no 'postgres' user to run PostgreSQL as" \
            "(create one, e.g. 'useradd --system --home /var/lib/postgresql postgres')"
    pg_user=postgres
fi
as_pg() {
    if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

# /tmp rather than $TMPDIR: the postgres user must be able to reach the directory, and unix
# socket paths must stay short.
WORK="$(mktemp -d /tmp/lantern-services.XXXXXX)"
PG_DATA="$WORK/pg"
PG_STARTED=""
REDIS_PID=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    if [ -n "$PG_STARTED" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
        kill "$REDIS_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- PostgreSQL -------------------------------------------------------------------------
mkdir -p "$PG_DATA"
[ -n "$pg_user" ] && chown -R "$pg_user" "$WORK"
chmod 700 "$PG_DATA"
# The bootstrap role is a superuser, so pytest-django may create and drop the test database.
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U lantern -A trust -E UTF8 --locale=C --no-sync \
    >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }

for attempt in 1 2 3; do
    PG_PORT="$(free_port)"
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/postgresql.log" -w -t 60 start -o \
        "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
        >/dev/null; then
        PG_STARTED=1
        break
    fi
    log "PostgreSQL did not start on port $PG_PORT (attempt $attempt)"
done
[ -n "$PG_STARTED" ] || { tail -n 30 "$WORK/postgresql.log" >&2; die "PostgreSQL did not start"; }
as_pg "$PG_BIN/createdb" -h "$WORK" -p "$PG_PORT" -U lantern lantern ||
    die "could not create database 'lantern'"

# --- Redis ------------------------------------------------------------------------------
for attempt in 1 2 3; do
    REDIS_PORT="$(free_port)"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$WORK" --logfile "$WORK/redis.log" --daemonize no &
    REDIS_PID=$!
    for _ in $(seq 100); do
        if redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then break 2; fi
        kill -0 "$REDIS_PID" 2>/dev/null || break
        sleep 0.1
    done
    log "redis-server did not start on port $REDIS_PORT (attempt $attempt)"
    kill "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
done
[ -n "$REDIS_PID" ] || { tail -n 30 "$WORK/redis.log" >&2; die "redis-server did not start"; }

export DATABASE_URL="postgres://lantern@127.0.0.1:$PG_PORT/lantern"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT," \
    "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on port $REDIS_PORT"

# Not exec: the trap must still run to stop the servers.
"$@"
