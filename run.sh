#!/usr/bin/env bash
# Runs the platform. Without ConnectionStrings__Postgres it prepares and starts PostgreSQL under .data/.
set -euo pipefail
cd "$(dirname "$0")"

stops=()
trap 'for stop in "${stops[@]}"; do eval "$stop" || true; done' EXIT

if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  source scripts/postgres.sh
  pg_start modular
  stops+=(pg_stop)
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

# A connector with no OAuth client of its vendor configured signs in with the local simulators instead
# (its accounts are labelled "Demo"), so every kind of account connects offline.
if [ -z "${Connectors__hubspot__OAuth__ClientId:-}" ]; then
  simulators="${MODULAR_SIMULATORS_URL:-http://127.0.0.1:5090}"
  mkdir -p .data
  dotnet src/Modular.Simulators/bin/Release/net10.0/Modular.Simulators.dll --urls "$simulators" > .data/simulators.log 2>&1 &
  stops+=("kill $!")
  export Connectors__hubspot__BaseUrls__auth="$simulators/hubspot/app" Connectors__hubspot__BaseUrls__api="$simulators/hubspot/api"
  export Connectors__hubspot__OAuth__ClientId=demo-hubspot-client Connectors__hubspot__OAuth__ClientSecret=demo-hubspot-secret
  export Connectors__hubspot__OAuth__Demo=true
  # The simulators are on loopback, which the egress policy refuses unless it is listed.
  export Egress__Allow__90="${simulators#http://}"
  echo "Simulators (HubSpot, Slack and Google sign-in; demo tokens): $simulators"
fi
echo
echo "Console: $url  (API reference: $url/api-reference, health: $url/health). Ctrl+C stops."
echo
# The host project folder is the content root: wwwroot (the console) and ../../plugins resolve from it.
cd src/Modular.Host
dotnet run -c Release --no-build --no-launch-profile --urls "$url"
