#!/usr/bin/env bash
# Block 1 of `scalefl simulate --method sbt` on the default setting (Fashion-MNIST, Dirichlet 0.5,
# 100 clients, 10 a round, 1 local epoch, 40 rounds => 10 rounds for block 1), once per suspect of
# issue 14. Each run evaluates on all 10,000 test images (--eval-samples 10000) unless the variant
# says otherwise, and is stopped after block 1 (round 10): what the later blocks do is not asked.
# Prints one markdown row per variant: test accuracy at rounds 2..10 and the round-10 training CE.
#
#   bash bench/block1_ablation.sh                 # every variant below, about 3-4 min each on 2 cores
#   bash bench/block1_ablation.sh paper-relu he-relu   # only the named ones
#
# Needs the Release build: dotnet build -c Release src/ScaleFL.Cli
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=src/ScaleFL.Cli/bin/Release/net10.0/scalefl
OUT=${OUT:-/tmp/scalefl-block1-ablation}
STOP=${STOP:-10}

# name -> extra flags on top of the default setting
declare -A VARIANTS=(
  [relu]="--stand-ins relu"                                  # before the fix: default-init conv + ReLU, no BN
  [relu-eval2000]="--stand-ins relu --eval-samples 2000"      # same, evaluated on the first 2,000 test images
  [linear]="--stand-ins linear"                              # no activation after the stand-ins
  [he-relu]="--stand-ins he-relu"                            # the default: He init, no BN (the paper's "no BN" kept)
  [he-linear]="--stand-ins he-linear"
  [bn-relu]="--stand-ins bn-relu"                            # BatchNorm after each stand-in, default init
  [bn-he-relu]="--stand-ins bn-he-relu"                      # He init and BatchNorm after each stand-in
  [relu-outlr10]="--stand-ins relu --output-lr-scale 10"     # output module at 10x the learning rate
  [he-relu-outlr10]="--stand-ins he-relu --output-lr-scale 10"  # the default's output module at 10x
  [bn-he-relu-outlr10]="--stand-ins bn-he-relu --output-lr-scale 10"
)
ORDER=(relu relu-eval2000 linear he-relu he-linear bn-relu bn-he-relu relu-outlr10 he-relu-outlr10 bn-he-relu-outlr10)
[ $# -gt 0 ] && ORDER=("$@")

echo "| variant | flags | r2 | r4 | r6 | r8 | r10 | train CE r10 | wall s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for name in "${ORDER[@]}"; do
  flags=${VARIANTS[$name]:?unknown variant $name}
  log="$OUT/$name.log"
  mkdir -p "$OUT"
  # A measurement starts from scratch: this script's own earlier run of the variant goes (scalefl
  # refuses to write a new run over an earlier one's folder).
  rm -rf "$OUT/runs/$name"
  start=$(date +%s)
  # shellcheck disable=SC2086
  nice -n 10 "$BIN" simulate --method sbt --engine inline --eval-samples 10000 --rounds 40 \
      --out "$OUT/runs" --name "$name" $flags > "$log" 2>&1 &
  pid=$!
  # Stop the run once block 1 is done; later blocks are not what this measures.
  while kill -0 "$pid" 2>/dev/null; do
    if grep -q "round $STOP/40" "$log"; then kill "$pid"; break; fi
    sleep 2
  done
  wait "$pid" 2>/dev/null || true
  acc() { grep -o "round $1/40  block 1  acc [0-9.]* %" "$log" | awk '{print $6/100}'; }
  loss=$(grep "round $STOP/40" "$log" | grep -o "loss [0-9.]*" | awk '{print $2}')
  echo "| $name | \`$flags\` | $(acc 2) | $(acc 4) | $(acc 6) | $(acc 8) | $(acc 10) | $loss | $(( $(date +%s) - start )) |"
done
