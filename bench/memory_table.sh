#!/usr/bin/env bash
# The estimate-against-measurement table of BENCHMARKS.md: for each model, batch size and
# harmonizer setting, `scalefl memory --measure` (one child process per row, niced).
# Usage: bench/memory_table.sh [MODEL ...]   (default: small-resnet resnet18)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/ScaleFL.Cli -v q -nologo >/dev/null
scalefl=src/ScaleFL.Cli/bin/Release/net10.0/scalefl
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(small-resnet resnet18)
for model in "${models[@]}"; do
  for batch in 16 64 128; do
    for harmonizer in on off; do
      flag=()
      [ "$harmonizer" = off ] && flag=(--no-harmonizer)
      nice -n 10 "$scalefl" memory --model "$model" --batch-size "$batch" --measure "${flag[@]}"
      echo
    done
  done
done
