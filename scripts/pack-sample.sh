#!/usr/bin/env bash
# Packs CardOS, CardOS.Applets, CardOS.Reader and the cardos tool into artifacts/feed, then builds and runs
# samples/FeedConsumer, which references them by PackageReference from that folder feed.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf artifacts/feed artifacts/sample-packages
dotnet pack CardOS.sln -c Release -o artifacts/feed -v quiet -nologo
ls artifacts/feed/*.nupkg
dotnet run --project samples/FeedConsumer -c Release
