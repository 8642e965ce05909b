#!/usr/bin/env bash
# Runs the platform. Without ConnectionStrings__Postgres it prepares and starts PostgreSQL under .data/.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  source scripts/postgres.sh
  pg_start modular
  trap pg_stop EXIT
  export ConnectionStrings__Postgres="$POSTGRES_URL"
fi

# The master key that seals the keys kept in the database lives outside it: .data/master.key, made once.
if [ -z "${DataProtection__MasterKey:-}" ]; then
  mkdir -p .data
  [ -s .data/master.key ] || (umask 077 && head -c 32 /dev/urandom | base64 > .data/master.key)
  export DataProtection__MasterKey="$(cat .data/master.key)"
fi

url="${MODULAR_URL:-http://127.0.0.1:5080}"
dotnet build Modular.sln -c Release -nologo -v quiet -clp:NoSummary
echo
echo "Console: $url  (API reference: $url/api-reference, health: $url/health). Ctrl+C stops."
echo
# The host project folder is the content root: wwwroot (the console) and ../../plugins resolve from it.
cd src/Modular.Host
dotnet run -c Release --no-build --no-launch-profile --urls "$url"
