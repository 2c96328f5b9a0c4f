#!/usr/bin/env bash
# A throw-away PostgreSQL 15 for the test suite (Debian's postgresql-15).
#   scripts/postgres-test.sh start        initdb into a fresh temporary folder, start on a free localhost port;
#                                         prints GEXMAP_PG_URL=postgres://… and GEXMAP_PG_DIR=… on stdout
#   scripts/postgres-test.sh stop DIR     fast shutdown, then removes DIR
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (runuser).
set -euo pipefail

PGBIN="${GEXMAP_PG_BIN:-}"
if [ -z "$PGBIN" ]; then
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then PGBIN="$(pg_config --bindir)"; fi
  for v in 15 16 17; do
    if [ -z "$PGBIN" ] && [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then PGBIN="/usr/lib/postgresql/$v/bin"; fi
  done
fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "postgres-test: initdb not found; install Debian's postgresql-15 (scripts/test-setup.sh does)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

case "${1:-}" in
  start)
    dir="$(mktemp -d "${TMPDIR:-/tmp}/gexmap-pg.XXXXXX")"
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_owner "$PGBIN/initdb" -D "$dir/data" -U gexmap -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    port=""
    for _ in 1 2 3 4 5; do
      port="$(free_port)"
      if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        echo "GEXMAP_PG_URL=postgres://gexmap@127.0.0.1:$port/postgres"
        echo "GEXMAP_PG_DIR=$dir"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    echo "postgres-test: the server did not start" >&2
    exit 1
    ;;
  stop)
    dir="${2:?usage: postgres-test.sh stop DIR}"
    case "$dir" in */gexmap-pg.*) ;; *) echo "postgres-test: refusing to remove $dir" >&2; exit 2 ;; esac
    if [ -d "$dir/data" ]; then as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres-test.sh start | stop DIR" >&2
    exit 2
    ;;
esac
