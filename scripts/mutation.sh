#!/usr/bin/env bash
# Mutation testing of one critical area with Stryker.NET (the local tool in .config/dotnet-tools.json, restored when
# missing). Each area mutates its own files and runs only the tests that cover them, so a run stays under about 15
# minutes on a 2-core machine. Results: StrykerOutput/<area>/ (HTML and JSON reports); the score is printed last.
#
#   scripts/mutation.sh storage|bank|purse|security-card|runtime-dispatch [--concurrency N] [more dotnet-stryker options]
#
# docs/testing.md records the scores, the survivors and why each one left is equivalent or harmless.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/mutation.sh storage|bank|purse|security-card|runtime-dispatch [dotnet-stryker options]" >&2; exit 2; }
[ $# -ge 1 ] || usage
area="$1"; shift

case "$area" in
  storage)
    project=CardOS/CardOS.csproj
    mutate='"**/Storage/Eeprom.cs", "**/Storage/PersistentMemory.cs", "**/Storage/CardImageFile.cs"'
    # The storage tests without the 1,000-script tearing property (it alone takes minutes per mutant).
    filter='FullyQualifiedName~CardOS.Tests.Storage&FullyQualifiedName!~TearingPropertyTests&FullyQualifiedName!~ImageCrashTests'
    ;;
  bank)
    project=CardOS.Applets/CardOS.Applets.csproj
    mutate='"**/BankHierarchy/BankCardApplet.Exchange.cs", "**/BankHierarchy/BankBalance.cs"'
    filter='FullyQualifiedName~CardOS.Tests.BankHierarchy&FullyQualifiedName!~EndToEnd&FullyQualifiedName!~BankModelProperties&FullyQualifiedName!~BankTearSweep'
    ;;
  purse)
    project=CardOS.Applets/CardOS.Applets.csproj
    mutate='"**/Purse/PurseApplet.cs", "**/Purse/PsamApplet.cs"'
    filter='FullyQualifiedName~CardOS.Tests.Purse&FullyQualifiedName!~EndToEnd&FullyQualifiedName!~Process&FullyQualifiedName!~SplitTerminal&FullyQualifiedName!~Pcsc'
    ;;
  security-card)
    project=CardOS.Applets/CardOS.Applets.csproj
    mutate='"**/SecurityCard/SecurityCardApplet*.cs"'
    filter='FullyQualifiedName~CardOS.Tests.SecurityCard'
    ;;
  runtime-dispatch)
    project=CardOS/CardOS.csproj
    mutate='"**/Runtime/Card.cs", "**/Apdu/CommandApduView.cs"'
    filter='FullyQualifiedName~CardOS.Tests.Runtime|FullyQualifiedName~CardOS.Tests.Apdu'
    ;;
  *) usage ;;
esac

# The tool: from the local manifest, restored (installed) when missing.
dotnet tool restore >/dev/null

out="$(pwd)/StrykerOutput/$area"
mkdir -p "$out"
config="$out/stryker-config.json"
cat > "$config" <<JSON
{
  "stryker-config": {
    "project": "$(basename "$project")",
    "mutate": [ $mutate ],
    "mutation-level": "Standard",
    "coverage-analysis": "perTest",
    "concurrency": 1,
    "test-case-filter": "$filter",
    "reporters": ["progress", "cleartext", "html", "json"],
    "thresholds": { "high": 90, "low": 85, "break": 0 }
  }
}
JSON

start=$(date +%s)
# Run from the test project's folder: Stryker finds the project under test among its references (at the root it would
# see the solution and refuse a single test project).
(cd CardOS.Tests && dotnet tool run dotnet-stryker --config-file "$config" --output "$out" "$@")
echo "mutation.sh: $area took $(( $(date +%s) - start )) s; reports in $out/reports"
