#!/usr/bin/env bash
# Benchmarks the real host on loopback against a fresh PostgreSQL database (modular_bench).
# Usage: bench/run.sh [bench options, e.g. --parts 1,2,3 --schedules 1000]; see bench/README.md.
# Host settings can be passed as environment variables, e.g. Runs__MaxConcurrentRuns=32 bench/run.sh --parts 2
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
PORT="${BENCH_PORT:-5099}"
URL="http://127.0.0.1:$PORT"
# Part 5's runs call a simulated vendor API: the simulators run beside the host, on loopback.
SIMULATORS_PORT="${BENCH_SIMULATORS_PORT:-5098}"
SIMULATORS="http://127.0.0.1:$SIMULATORS_PORT"

source "$ROOT/scripts/postgres.sh"
pg_start modular_bench
trap pg_stop EXIT
pg_port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$POSTGRES_ADMIN")"
bin="$(pg_bin)"
echo "Recreating database modular_bench (PostgreSQL on port $pg_port)"
"$bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "drop database if exists modular_bench with (force)"
"$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres modular_bench

if (echo >"/dev/tcp/127.0.0.1/$PORT") >/dev/null 2>&1; then
  echo "Port $PORT is in use; set BENCH_PORT." >&2
  exit 1
fi

echo "Building the host and the bench (Release)"
dotnet build "$ROOT/src/Modular.Host" -c Release -v q -nologo -clp:NoSummary
dotnet build "$BENCH_DIR/Modular.Bench" -c Release -v q -nologo -clp:NoSummary
dotnet build "$ROOT/src/Modular.Simulators" -c Release -v q -nologo -clp:NoSummary
dotnet "$ROOT/src/Modular.Simulators/bin/Release/net10.0/Modular.Simulators.dll" --urls "$SIMULATORS" >"$BENCH_DIR/simulators.log" 2>&1 &
SIMULATORS_PID=$!

LOG="$BENCH_DIR/host.log"
# The bench calls the API as the owner seeded at first start, with this key (any string of 32 characters or more).
export MODULAR_API_KEY="${MODULAR_API_KEY:-bench-api-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
echo "Starting the host on $URL (log: $LOG)"
# The project folder is the content root: it finds ../../plugins from there.
(
  cd "$ROOT/src/Modular.Host"
  # The schedule clock logs each pass (how long after the first due fire all were committed): part 4 reports them.
  # The bench measures throughput from one client address: the webhook rate limits are raised out of its way.
  exec env ConnectionStrings__Postgres="$POSTGRES_URL" Serilog__MinimumLevel__Default=Warning \
    Webhooks__RateLimit__PerTokenPerSecond="${Webhooks__RateLimit__PerTokenPerSecond:-100000}" \
    Webhooks__RateLimit__PerAddressPerSecond="${Webhooks__RateLimit__PerAddressPerSecond:-100000}" \
    Runs__Ceilings__MaxStatements="${Runs__Ceilings__MaxStatements:-2147483647}" \
    Runs__Limits__MaxLogLines="${Runs__Limits__MaxLogLines:-100000}" \
    Serilog__MinimumLevel__Override__Modular.Runs.Schedules.ScheduleClock=Information \
    Egress__Allow__0="127.0.0.1:$SIMULATORS_PORT" \
    Identity__Owner__Email="${Identity__Owner__Email:-bench@bench.example}" \
    Identity__Owner__Password="${Identity__Owner__Password:-bench owner password}" \
    Identity__Owner__ApiKey="$MODULAR_API_KEY" \
    DataProtection__MasterKey="${DataProtection__MasterKey:-$(head -c 32 /dev/urandom | base64)}" \
    dotnet bin/Release/net10.0/Modular.Host.dll --urls "$URL"
) >"$LOG" 2>&1 &
HOST_PID=$!
stop_host() {
  kill "$SIMULATORS_PID" 2>/dev/null || true
  kill "$HOST_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$HOST_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$HOST_PID" 2>/dev/null || true
  pg_stop
}
trap stop_host EXIT

for i in $(seq 1 120); do
  curl -fsS "$URL/health" >/dev/null 2>&1 && break
  kill -0 "$HOST_PID" 2>/dev/null || { echo "The host exited:" >&2; tail -40 "$LOG" >&2; exit 1; }
  [ "$i" = 120 ] && { echo "The host did not become healthy in 60 s" >&2; tail -40 "$LOG" >&2; exit 1; }
  sleep 0.5
done
echo "Host healthy (pid $HOST_PID)"

status=0
dotnet "$BENCH_DIR/Modular.Bench/bin/Release/net10.0/Modular.Bench.dll" --url "$URL" --simulators "$SIMULATORS" --host-pid "$HOST_PID" "$@" || status=$?
if grep -q "The schedule clock fired" "$LOG"; then
  echo
  echo "Schedule clock passes (host log; the fire delay of a pass's last fire is its commit time):"
  grep "The schedule clock fired" "$LOG" | sed -E 's/^\[([0-9:]+) [A-Z]+\] [^:]+: /  \1 /; s/ \{\}$//' | tail -20
fi
if grep -qiE '"(Level|@l)":"(Error|Fatal)"|\b(ERR|FTL)\]|fail:|Unhandled' "$LOG"; then
  echo
  echo "Host log has errors (first 10 lines matching, full log: $LOG):"
  grep -iE '"(Level|@l)":"(Error|Fatal)"|\b(ERR|FTL)\]|fail:|Unhandled' "$LOG" | head -10 | cut -c1-400
fi
exit "$status"
