# Prepares and starts a private PostgreSQL under .data/ (sourced by run.sh and test.sh).
# Installs Debian's postgresql package when the server binaries are missing and we are root.
# After `pg_start NAME`, POSTGRES_ADMIN (database postgres) and POSTGRES_URL (database NAME) are set.

PG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_DATA="$PG_ROOT/.data/postgres"

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_install() {
  pg_bin >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL server binaries are missing: install Debian's 'postgresql' package, or set ConnectionStrings__Postgres." >&2
    return 1
  fi
  echo "Installing PostgreSQL (Debian package)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  # Debian starts its own cluster on 5432; ours runs beside it, so it is not needed.
  service postgresql stop >/dev/null 2>&1 || true
}

pg_free_port() {
  local port
  for port in $(seq 55432 55532); do
    (echo >"/dev/tcp/127.0.0.1/$port") >/dev/null 2>&1 || { echo "$port"; return 0; }
  done
  return 1
}

pg_start() {
  local database="$1" bin port
  pg_install || return 1
  bin="$(pg_bin)"
  mkdir -p "$PG_ROOT/.data"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    pg_as_owner "$bin/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 >"$PG_ROOT/.data/initdb.log" 2>&1 \
      || { cat "$PG_ROOT/.data/initdb.log" >&2; return 1; }
  fi
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_DATA"
  if pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    port="$(cat "$PG_DATA/modular.port")"
  else
    port="$(pg_free_port)"
    echo "$port" | pg_as_owner tee "$PG_DATA/modular.port" >/dev/null
    pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" -w -t 60 -l "$PG_DATA/server.log" \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${PG_FSYNC:-on}" start >/dev/null \
      || { tail -20 "$PG_DATA/server.log" >&2; return 1; }
    PG_STARTED_HERE=1
  fi
  # The host connects through the Unix socket: on one machine it costs less CPU per query than TCP loopback.
  POSTGRES_ADMIN="Host=/tmp;Port=$port;Username=postgres;Database=postgres"
  POSTGRES_URL="Host=/tmp;Port=$port;Username=postgres;Database=$database"
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname = '$database'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
  fi
  export POSTGRES_ADMIN POSTGRES_URL
}

# Stops the server only when this shell started it, so a second terminal does not pull it away.
pg_stop() {
  [ "${PG_STARTED_HERE:-}" = 1 ] || return 0
  pg_as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
}
