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
# (its accounts are labelled "Demo"), so every kind of account connects offline. The settings reach the host
# through env: variables such as Connectors__google-sheets__… are no shell variable names.
demo=()
demo_client() { # connector id (@ the simulator's client name when it differs), then base-URL name=path pairs under the simulators
  local connector="${1%@*}" client="${1#*@}" pair
  shift
  [ -z "$(printenv "Connectors__${connector}__OAuth__ClientId" || true)" ] || return 0
  for pair in "$@"; do demo+=("Connectors__${connector}__BaseUrls__${pair%%=*}=$simulators/${pair#*=}"); done
  demo+=("Connectors__${connector}__OAuth__ClientId=demo-$client-client" "Connectors__${connector}__OAuth__ClientSecret=demo-$client-secret" "Connectors__${connector}__OAuth__Demo=true")
}
simulators="${MODULAR_SIMULATORS_URL:-http://127.0.0.1:5090}"
demo_client hubspot auth=hubspot/app api=hubspot/api
demo_client slack slack=slack
demo_client google-sheets@google accounts=google/accounts oauth2=google/oauth2 sheets=google/sheets
# Pipes (an API token, no OAuth client) calls the simulated Pipefy unless its GraphQL endpoint is configured.
[ -n "$(printenv Connectors__pipes__BaseUrls__graphql || true)" ] || demo+=("Connectors__pipes__BaseUrls__graphql=$simulators/pipefy/graphql")
if [ "${#demo[@]}" -gt 0 ]; then
  mkdir -p .data
  dotnet src/Modular.Simulators/bin/Release/net10.0/Modular.Simulators.dll --urls "$simulators" > .data/simulators.log 2>&1 &
  stops+=("kill $!")
  # The simulators are on loopback, which the egress policy refuses unless it is listed.
  demo+=("Egress__Allow__90=${simulators#http://}")
  echo "Simulators (vendor sign-ins and APIs; demo tokens in src/Modular.Simulators/README.md): $simulators"
fi
echo
echo "Console: $url  (API reference: $url/api-reference, health: $url/health). Ctrl+C stops."
echo
# The host project folder is the content root: wwwroot (the console) and ../../plugins resolve from it.
cd src/Modular.Host
env "${demo[@]}" dotnet run -c Release --no-build --no-launch-profile --urls "$url"
