#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: its own data folder under /tmp, 127.0.0.1 only, trust auth,
# durability off (fast), database portal_test.
#
#   scripts/pg-test-server.sh start [port]   starts it (or finds it running); prints DATABASE_URL last
#   scripts/pg-test-server.sh stop  [port]   stops it and deletes its data folder
#   scripts/pg-test-server.sh url   [port]   prints the URL of a running one
#
#   TEST_DATABASE_URL=$(scripts/pg-test-server.sh start 54329 | tail -1) npx vitest run lib/db
#
# Port defaults to 54329. The folder is $PG_TEST_ROOT (default /tmp/portal-pg-test-<port>).
# A server started by hand does not outlive the shell that started it on these machines: start it in
# the same script as the tests that use it.
set -euo pipefail

cmd="${1:-start}"
port="${2:-${PG_TEST_PORT:-54329}}"
root="${PG_TEST_ROOT:-/tmp/portal-pg-test-${port}}"
data="${root}/data"
log="${root}/server.log"
dbname="portal_test"
url="postgresql://postgres@127.0.0.1:${port}/${dbname}"

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local dir
  # The newest installed major version (Debian: /usr/lib/postgresql/<major>/bin).
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
  done
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then dirname "$(command -v pg_ctl)"; return; fi
  echo "PostgreSQL server binaries not found. On Debian: apt-get update && apt-get install -y postgresql" >&2
  exit 1
}

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "Running as root but there is no postgres user to run the server as." >&2
      exit 1
    fi
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

bin="$(find_bin)"

is_running() {
  [[ -f "${data}/postmaster.pid" ]] && as_owner "${bin}/pg_ctl" -D "$data" status >/dev/null 2>&1
}

wait_ready() {
  local i
  for i in $(seq 1 100); do
    if "${bin}/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then return 0; fi
    sleep 0.1
  done
  echo "PostgreSQL did not become ready on port ${port}; log:" >&2
  cat "$log" >&2 || true
  return 1
}

start() {
  if is_running; then
    wait_ready
    echo "PostgreSQL test server already running on 127.0.0.1:${port} (${data})" >&2
    echo "$url"
    return
  fi
  rm -rf "$root"
  mkdir -p "$root"
  if [[ "$(id -u)" == "0" ]]; then chown postgres:postgres "$root"; fi
  as_owner "${bin}/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >/dev/null
  # Throwaway data: durability off for speed. The socket lives in the folder (no /var/run needed).
  as_owner "${bin}/pg_ctl" -D "$data" -l "$log" -w -t 30 start -o \
    "-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${root} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null
  wait_ready
  "${bin}/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE ${dbname}" >/dev/null
  echo "PostgreSQL $("${bin}/postgres" --version | awk '{print $3}') test server on 127.0.0.1:${port} (${data}); stop with: $0 stop ${port}" >&2
  echo "$url"
}

stop() {
  if is_running; then
    as_owner "${bin}/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "Stopped PostgreSQL test server on port ${port}" >&2
  else
    echo "No PostgreSQL test server running on port ${port}" >&2
  fi
  rm -rf "$root"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  url)
    if is_running; then echo "$url"; else echo "No PostgreSQL test server running on port ${port}" >&2; exit 1; fi
    ;;
  *)
    echo "Usage: $0 start|stop|url [port]" >&2
    exit 64
    ;;
esac
