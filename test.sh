#!/usr/bin/env bash
# Runs every test suite against a real PostgreSQL (started here under .data/) and headless Chromium.
# The last line reads "N passed, N failed, N skipped", summed over all suites.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

source scripts/postgres.sh
PG_FSYNC=off pg_start modular_tests || { echo "0 passed, 1 failed"; exit 1; }
trap pg_stop EXIT
export MODULAR_TEST_POSTGRES="$POSTGRES_ADMIN"

# Browser tests drive Debian's Chromium (browsers cannot be downloaded by Playwright here).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Chromium (Debian package)..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The handler adaptors committed under src/Modular.Host/Internal/Generated must be what the code generates
# (checked before the build, which then compiles them into the host).
generated=0
if codegen="$(scripts/codegen.sh 2>&1)" && git diff --quiet -- src/Modular.Host/Internal/Generated \
  && [ -z "$(git ls-files --others --exclude-standard -- src/Modular.Host/Internal/Generated)" ]; then
  generated=1
fi

dotnet build Modular.sln -c Release -nologo -v quiet -clp:NoSummary || { echo "0 passed, 1 failed"; exit 1; }

results="$PWD/TestResults"
rm -rf "$results"
# A failed browser scenario keeps its host log and Playwright trace here (listed at the end).
export MODULAR_E2E_ARTIFACTS="$results/e2e"
passed=0 failed=0 skipped=0

# Formatting is part of the build's conventions: a change that is not `dotnet format` clean fails.
echo "== dotnet format"
if dotnet format Modular.sln --verify-no-changes --no-restore -v quiet; then
  passed=$((passed + 1))
else
  echo "Not dotnet format clean: run 'dotnet format Modular.sln'."
  failed=$((failed + 1))
fi
echo "== generated handler code"
if [ "$generated" = 1 ]; then
  passed=$((passed + 1))
else
  echo "$codegen" | tail -20
  echo "src/Modular.Host/Internal/Generated is out of date: run scripts/codegen.sh and commit what it writes."
  failed=$((failed + 1))
fi
# The vendors' official SDKs (Node) against the simulators just built (tests/VendorSdks/README.md): the spec
# report on the console, TAP to a file for the counts.
echo "== vendor SDKs"
sdks=tests/VendorSdks
if [ ! -f "$sdks/node_modules/.package-lock.json" ] || [ "$sdks/package-lock.json" -nt "$sdks/node_modules/.package-lock.json" ]; then
  (cd "$sdks" && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci failed in $sdks."
fi
mkdir -p "$results"
tap="$results/VendorSdks.tap"
(cd "$sdks" && node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap")
# The run's TAP summary ("# pass 26", …; the last line of each is the whole run's), 0 for a line it lacks.
tap_count() { grep -E "^# $1 [0-9]+$" "$tap" 2>/dev/null | tail -1 | grep -o '[0-9]*$' || echo 0; }
if ! grep -qE '^# pass [0-9]+$' "$tap" 2>/dev/null; then
  echo "VendorSdks produced no results: counted as one failure."
  failed=$((failed + 1))
else
  passed=$((passed + $(tap_count pass)))
  failed=$((failed + $(tap_count fail) + $(tap_count cancelled)))
  skipped=$((skipped + $(tap_count skipped)))
fi
for project in tests/Modular.Tests e2e/Modular.E2E; do
  [ -d "$project" ] || continue
  name="$(basename "$project")"
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo --results-directory "$results" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal"
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "$name produced no results: counted as one failure."
    failed=$((failed + 1))
    continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count total) - $(count executed)))
done

if [ -f "$MODULAR_E2E_ARTIFACTS/failures.txt" ]; then
  echo "== Failed scenarios: host logs and browser traces"
  cat "$MODULAR_E2E_ARTIFACTS/failures.txt"
fi
echo "Test results (trx): $results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
