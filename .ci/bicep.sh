#!/usr/bin/env bash
# Validates the Bicep templates under infra/: builds infra/main.bicep, lints every .bicep file with the rules of
# infra/bicepconfig.json, and checks that infra/main.parameters.json only names parameters main.bicep declares.
# Any error or warning fails. The pinned Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64
# (restored by a throw-away project outside the repository, so the repository's central package management and
# build settings do not apply); once it is in the NuGet cache this script starts at once.
set -euo pipefail
cd "$(dirname "$0")/.."

BICEP_VERSION=0.49.2
PACKAGE=Azure.Bicep.CommandLine.linux-x64
PACKAGE_DIR="${NUGET_PACKAGES:-$HOME/.nuget/packages}/$(printf '%s' "$PACKAGE" | tr '[:upper:]' '[:lower:]')/$BICEP_VERSION"
INFRA=infra
# Parameters without a default that main.parameters.json leaves out on purpose: azd prompts for them.
PROMPTED_PARAMETERS="authClientId masterKey"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

find_bicep() { [ -d "$PACKAGE_DIR" ] && find "$PACKAGE_DIR" -type f -name bicep -path '*/tools/*' | head -n 1; }

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || fail "this script installs the linux-x64 Bicep CLI; this machine is $(uname -s)-$(uname -m)"
BICEP=$(find_bicep || true)
if [ -z "$BICEP" ]; then
  command -v dotnet >/dev/null 2>&1 || fail "'dotnet' is required to install the Bicep CLI from NuGet. Install the .NET 10 SDK."
  log "Installing the Bicep CLI $BICEP_VERSION from NuGet ($PACKAGE)"
  mkdir -p "$WORK/restore"
  # Empty Directory.*.props stop MSBuild from looking further up for settings; the temp dir is outside the
  # repository anyway.
  echo '<Project />' >"$WORK/restore/Directory.Build.props"
  echo '<Project />' >"$WORK/restore/Directory.Build.targets"
  echo '<Project />' >"$WORK/restore/Directory.Packages.props"
  cat >"$WORK/restore/bicep-cli.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$PACKAGE" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
EOF
  (cd "$WORK/restore" && DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet restore --nologo -v quiet >&2) ||
    fail "could not restore $PACKAGE $BICEP_VERSION from NuGet"
  BICEP=$(find_bicep || true)
  [ -n "$BICEP" ] || fail "no 'bicep' executable found under $PACKAGE_DIR"
fi
[ -x "$BICEP" ] || chmod +x "$BICEP"
version=$("$BICEP" --version 2>&1 | head -n 1)
case "$version" in
  *" $BICEP_VERSION "*) ;;
  *) fail "expected Bicep CLI $BICEP_VERSION, got: $version" ;;
esac

[ -f "$INFRA/main.bicep" ] || fail "$INFRA/main.bicep not found"
mapfile -t files < <(find "$INFRA" -name '*.bicep' | sort)

problems=0
# run LABEL COMMAND...: runs a Bicep command, shows its diagnostics, counts errors and warnings.
run() {
  local label=$1 out rc=0 count
  shift
  out=$("$@" 2>&1) || rc=$?
  [ -n "$out" ] && printf '%s\n' "$out" >&2
  count=$(printf '%s\n' "$out" | grep -cE ': (Warning|Error) ' || true)
  if [ "$rc" -ne 0 ] || [ "$count" -gt 0 ]; then
    echo "error: $label: $count diagnostic(s), exit code $rc" >&2
    problems=$((problems + (count > 0 ? count : 1)))
  fi
}

run "bicep build $INFRA/main.bicep" "$BICEP" build "$INFRA/main.bicep" --outfile "$WORK/main.json"
# One process lints every file (main.bicep and each module under app/).
run "bicep lint $INFRA/**/*.bicep" "$BICEP" lint --pattern "$INFRA/**/*.bicep"

# main.parameters.json may only name declared parameters, and must cover every required one azd does not prompt for.
if [ -f "$WORK/main.json" ]; then
  command -v node >/dev/null 2>&1 || fail "'node' is required to check $INFRA/main.parameters.json. Install Node.js 20 or later."
  if ! node - "$WORK/main.json" "$INFRA/main.parameters.json" "$PROMPTED_PARAMETERS" <<'EOF'
const fs = require('fs');
const [templatePath, parametersPath, prompted] = process.argv.slice(2);
const declared = JSON.parse(fs.readFileSync(templatePath, 'utf8')).parameters || {};
const given = JSON.parse(fs.readFileSync(parametersPath, 'utf8')).parameters || {};
const errors = [];
for (const name of Object.keys(given)) {
  if (!(name in declared)) errors.push(`${parametersPath}: parameter '${name}' is not declared in main.bicep`);
}
for (const [name, p] of Object.entries(declared)) {
  if (!('defaultValue' in p) && !(name in given) && !prompted.split(' ').includes(name)) {
    errors.push(`${parametersPath}: required parameter '${name}' has no value`);
  }
}
for (const e of errors) console.error(`${e} : Error parameters`);
process.exit(errors.length ? 1 : 0);
EOF
  then
    problems=$((problems + 1))
  fi
fi

if [ "$problems" -gt 0 ]; then
  echo "Bicep: $problems problem(s) in $INFRA/ (Bicep CLI $BICEP_VERSION)" >&2
  exit 1
fi
echo "Bicep: main.bicep builds; ${#files[@]} files lint clean; parameters file matches (Bicep CLI $BICEP_VERSION)"
