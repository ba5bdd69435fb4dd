#!/bin/bash
# Resident memory of one idle `scalefl client` (small-resnet, Fashion-MNIST, share 1/10) after it
# loaded its data and registered. Usage: bench/client_rss.sh [REPO_ROOT] [PORT]
# (REPO_ROOT defaults to this checkout; build it first with `dotnet build -c Release src/ScaleFL.Cli`.)
set -euo pipefail
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
PORT=${2:-25600}
CLI=$ROOT/src/ScaleFL.Cli/bin/Release/net10.0/scalefl
OUT=$(mktemp -d)
trap 'kill $CP $SP 2>/dev/null; wait 2>/dev/null; rm -rf "$OUT"' EXIT
"$CLI" server --clients 10 --rounds 1 --port "$PORT" --out "$OUT" --min-clients 2 --client-wait 120 --quiet > "$OUT/server.log" 2>&1 &
SP=$!
for _ in $(seq 1 60); do ss -ltn | grep -q ":$PORT " && break; sleep 1; done
"$CLI" client --seed-node "akka.tcp://scalefl@127.0.0.1:$PORT" --port $((PORT + 1)) --memory-mb 512 --share 1/10 > "$OUT/client.log" 2>&1 &
CP=$!
for _ in $(seq 1 90); do grep -q joined "$OUT/client.log" && break; sleep 1; done
sleep 3
grep -E "VmRSS|VmHWM" "/proc/$CP/status"
