#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, private to one directory.
#
#   scripts/pg-cluster.sh start <dir>   # prints MAGPIE_TEST_PG_URL=postgres://postgres@127.0.0.1:<port>/postgres
#   scripts/pg-cluster.sh stop <dir>    # stops it and deletes <dir>
#
# Only the URL line goes to stdout (so `export "$(scripts/pg-cluster.sh start "$dir")"` works);
# progress goes to stderr. Both commands are idempotent: starting a running cluster prints its
# URL again, stopping a stopped or missing one succeeds. Installs Debian's `postgresql` with
# apt-get when no initdb/pg_ctl can be found. initdb refuses to run as root, so as root the
# cluster runs as the `postgres` system user (created when missing).
set -euo pipefail

MARKER=.magpie-pg-cluster
log() { printf 'pg-cluster: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

usage() { die "usage: $0 start|stop <dir>"; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac

find_bin_dir() {
  local candidate
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    candidate=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    [ -x "$candidate/postgres" ] && { echo "$candidate"; return 0; }
  fi
  # Debian keeps the server binaries out of PATH; take the newest installed major version.
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

ensure_binaries() {
  if bin=$(find_bin_dir); then return 0; fi
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
  log "installing PostgreSQL with apt-get"
  apt-get update -qq >&2
  # policy-rc.d 101: do not start Debian's own "main" cluster; we only want the binaries.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || { [ $created_policy -eq 1 ] && rm -f "$policy"; die "apt-get install postgresql failed"; }
  [ $created_policy -eq 1 ] && rm -f "$policy"
  bin=$(find_bin_dir) || die "PostgreSQL was installed but initdb/pg_ctl were not found"
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_owner() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id postgres >/dev/null 2>&1; then
    log "creating the postgres system user"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
  else
    local p
    for _ in $(seq 1 50); do
      p=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    return 1
  fi
}

is_running() { [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }
print_url() { echo "MAGPIE_TEST_PG_URL=postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"; }

start() {
  ensure_binaries
  ensure_owner
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ ! -e "$dir/$MARKER" ]; then
    die "$dir exists and is not a cluster made by this script; refusing to touch it"
  fi
  mkdir -p "$dir"
  touch "$dir/$MARKER"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$dir"
    as_owner test -w "$dir" || die "the postgres user cannot reach $dir (a parent directory is private); use a directory under /tmp"
  fi
  if is_running && [ -f "$dir/port" ]; then
    log "already running"
    print_url
    return 0
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initdb in $dir/data ($("$bin/postgres" --version))"
    rm -rf "$dir/data"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --encoding=UTF8 --no-locale --auth=trust >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # Trust, but only over this cluster's own socket and loopback; nothing else may connect.
    cat >"$dir/data/pg_hba.conf" <<'EOF'
local all all trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128 trust
EOF
    # fsync stays on so benchmark figures are those of a durable store.
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 300
EOF
  fi
  local attempt port
  for attempt in 1 2 3; do
    port=$(free_port) || die "no free port"
    echo "$port" >"$dir/port"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "-p $port" start >/dev/null 2>&1; then
      log "running on 127.0.0.1:$port (data in $dir/data, log in $dir/postgres.log)"
      print_url
      return 0
    fi
    log "start attempt $attempt on port $port failed; see $dir/postgres.log"
  done
  tail -n 20 "$dir/postgres.log" >&2 || true
  die "could not start PostgreSQL"
}

stop() {
  [ -d "$dir" ] || { log "nothing at $dir"; return 0; }
  [ -e "$dir/$MARKER" ] || die "$dir is not a cluster made by this script; refusing to touch it"
  if bin=$(find_bin_dir) && is_running; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    log "stopped"
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
