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

url="${MODULAR_URL:-http://127.0.0.1:5080}"
dotnet build Modular.sln -c Release -nologo -v quiet -clp:NoSummary
echo
echo "Console: $url  (API reference: $url/api-reference, health: $url/health). Ctrl+C stops."
echo
# The host project folder is the content root: wwwroot (the console) and ../../plugins resolve from it.
cd src/Modular.Host
dotnet run -c Release --no-build --no-launch-profile --urls "$url"
