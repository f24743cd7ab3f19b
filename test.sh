#!/usr/bin/env bash
# Builds with warnings as errors, starts Azurite, runs every test project, validates the infrastructure
# templates when present, stops what it started, and ends with "Tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"
source .ci/lib.sh

RESULTS=TestResults
BLOB_PORT=${DIAGNOSTICS_TEST_AZURITE_PORT:-10100}
passed=0
failed=0
status=0

finish() {
  trap - EXIT INT TERM
  stop_process "${AZURITE_PID:-}"
  [ -n "${AZURITE_DIR:-}" ] && rm -rf "$AZURITE_DIR"
  echo
  echo "Tests: $passed passed, $failed failed"
  if [ "$status" -eq 0 ] && [ "$failed" -gt 0 ]; then status=1; fi
  exit "$status"
}
trap finish EXIT
trap 'status=130; exit' INT TERM

require_command dotnet "Install the .NET 10 SDK."
ensure_node_modules
if [ -f tests/Diagnostics.BrowserTests/Diagnostics.BrowserTests.csproj ] && [ ! -x /usr/bin/chromium ]; then
  log "Installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq >&2 && apt-get install -y -qq chromium >&2; else sudo apt-get update -qq >&2 && sudo apt-get install -y -qq chromium >&2; fi
fi

log "Building (warnings are errors)"
if ! dotnet build Diagnostics.sln -c Release --nologo -clp:ErrorsOnly; then
  echo "error: the build failed" >&2
  status=1
  failed=$((failed + 1))
  exit
fi

log "Starting Azurite for the tests"
AZURITE_DIR=$(mktemp -d)
azurite_start "$AZURITE_DIR" "$BLOB_PORT" || { status=1; exit; }
export DIAGNOSTICS_TEST_STORAGE="$AZURITE_CONNECTION_STRING"

rm -rf "$RESULTS"
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # Console apps under tests/ (benchmarks) are run by hand, not here.
  grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
  log "Testing $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" || status=1
  trx="$RESULTS/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(printf '%s' "$counters" | sed -E 's/.* passed="([0-9]+)".*/\1/')
    f=$(printf '%s' "$counters" | sed -E 's/.* failed="([0-9]+)".*/\1/')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
  else
    echo "error: $name produced no results" >&2
    failed=$((failed + 1))
  fi
done

if [ -d infra ]; then
  log "Validating the Bicep templates"
  ./.ci/bicep.sh || { status=1; failed=$((failed + 1)); }
fi
