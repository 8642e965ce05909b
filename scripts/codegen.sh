#!/usr/bin/env bash
# Writes the Wolverine handler adaptors that the host loads instead of compiling them with Roslyn at run
# time (src/Modular.Host/Internal/Generated). Run it after adding a message handler or changing one's
# signature or middleware, and commit the result: ./test.sh fails while they are out of date.
set -euo pipefail
cd "$(dirname "$0")/../src/Modular.Host"
# Stale adaptors may no longer compile: the host is built without them, then writes them anew.
rm -rf Internal/Generated
dotnet build -c Release -nologo -v quiet -clp:NoSummary
# Writing the code opens no connection; the host only needs one configured.
ConnectionStrings__Postgres="Host=127.0.0.1;Port=1;Username=codegen" DataProtection__MasterKey="$(head -c 32 /dev/urandom | base64)" \
  dotnet bin/Release/net10.0/Modular.Host.dll codegen write >/dev/null
echo "Wrote $(find Internal/Generated -name '*.cs' | wc -l) files to src/Modular.Host/Internal/Generated"
