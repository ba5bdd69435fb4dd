#!/usr/bin/env python3
"""Markdown table of finished method runs, read from their run folders.

For each RUN_FOLDER (runs/<name>/<method>/, as `scalefl simulate` or `compare` writes it) prints
final accuracy (full network, all 10,000 test images), the best and the mean of the last 5
per-round accuracies of the last stage (first 2,000 test images, as `compare` reports them),
the gap between the last round's subset accuracy and the final figure on the same weights,
megabytes moved (down and up, all rounds), the devices' training seconds per round (summed over
the round's devices, mean over rounds), and rounds and wall time. Participation and peak memory come from a compare.csv beside the
method folder when there is one. Used for the README's results when methods of one setting
ran as separate processes (stdlib only).

  python3 bench/results_table.py runs/fmnist-dir0.5/scalefl runs/fmnist-dir0.5-sbt/sbt ...
"""
import csv
import json
import os
import sys


def row(folder):
    summary = json.load(open(os.path.join(folder, "summary.json")))
    rounds = list(csv.DictReader(open(os.path.join(folder, "metrics.csv"))))
    last_stage = max(int(r["stage"]) for r in rounds)
    accuracies = [float(r["accuracy"]) for r in rounds if int(r["stage"]) == last_stage]
    compare = os.path.join(os.path.dirname(os.path.abspath(folder)), "compare.csv")
    share = peak = ""
    if os.path.exists(compare):
        for line in csv.DictReader(open(compare)):
            if line["method"] == summary["method"]:
                share = f"{float(line['participation']) * 100:.0f} %"
                peak = f"{float(line['peak_memory_mib']):.1f}"
    final = summary["finalAccuracy"]
    moved = sum(int(r["bytes_down"]) + int(r["bytes_up"]) for r in rounds) / 1e6
    train = sum(float(r["train_seconds"]) for r in rounds) / len(rounds)
    return (summary["method"], f"{final * 100:.1f} %", f"{max(accuracies) * 100:.1f} %",
            f"{sum(accuracies[-5:]) / len(accuracies[-5:]) * 100:.1f} %",
            f"{(accuracies[-1] - final) * 100:+.1f}", share, peak, f"{moved:.0f}", f"{train:.0f}",
            str(summary["rounds"]), f"{summary['wallSeconds']:.0f}")


def main():
    print("| method | final acc | best acc (last stage) | mean last 5 | last round on 2,000 minus final | clients taking part | peak train MiB/client | MB moved | train s/round | rounds | wall s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for folder in sys.argv[1:]:
        print("| " + " | ".join(row(folder)) + " |")


if __name__ == "__main__":
    main()
