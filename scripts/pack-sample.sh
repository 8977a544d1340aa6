#!/usr/bin/env bash
# Packs CardOS, CardOS.Applets, CardOS.Reader and the cardos tool into artifacts/feed, then builds and runs
# samples/FeedConsumer, which references them by PackageReference from that folder feed; then installs the cardos tool
# from the feed into artifacts/tools (the README's way of putting cardos on the PATH) and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf artifacts/feed artifacts/sample-packages artifacts/tools
dotnet pack CardOS.sln -c Release -o artifacts/feed -v quiet -nologo
ls artifacts/feed/*.nupkg
dotnet run --project samples/FeedConsumer -c Release

# The tool as a user installs it: from the local feed, into a tool path (README: "cardos on the PATH").
package=$(ls artifacts/feed/CardOS.Cli.*.nupkg | grep -v '\.snupkg$' | head -n 1)
version=$(basename "$package" .nupkg)
version=${version#CardOS.Cli.}
dotnet tool install --tool-path artifacts/tools --add-source artifacts/feed --ignore-failed-sources --version "$version" CardOS.Cli
installed=$(artifacts/tools/cardos --version)
echo "pack-sample: installed cardos $installed"
case "$installed" in
  "$version"*) ;;
  *) echo "pack-sample: the installed cardos says version '$installed', expected $version" >&2; exit 1 ;;
esac
demo=$(artifacts/tools/cardos demo)
for expected in "powerup; // card: ATR" "apdu 00A4040409F0434152444F53465300; expect" "(secret data masked)" "value only moved"; do
  if ! grep -qF "$expected" <<<"$demo"; then
    echo "pack-sample: the installed cardos demo did not print '$expected'" >&2
    exit 1
  fi
done
echo "pack-sample: the installed cardos runs its demo"
