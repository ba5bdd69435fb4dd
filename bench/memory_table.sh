#!/usr/bin/env bash
# The estimate-against-measurement table of BENCHMARKS.md: for each model, batch size and
# harmonizer setting, `scalefl memory --measure` (one child process per row, niced).
# Usage: bench/memory_table.sh [MODEL ...]   (default: every model in the catalog)
# On the shared 2-core machine one model at batch 16 took 2.5 (vgg11-bn) to 10 (vit-tiny,
# resnet34) minutes under load 30-40; the whole catalog at three batches takes hours.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/ScaleFL.Cli -v q -nologo >/dev/null
scalefl=src/ScaleFL.Cli/bin/Release/net10.0/scalefl
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(small-resnet resnet18 resnet34 vgg11-bn vit-tiny)
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
