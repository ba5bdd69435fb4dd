#!/usr/bin/env python3
"""Independent PyTorch cross-check of block 1 of sequential block-wise training (issue 14).

Same architecture as ScaleFL's small-resnet (bench/peer_torch.py's BasicBlock and ResidualStage:
stem 16, one BasicBlock per stage at 16/32/64/128, strides 1/2/2/2) and stage 0's output module
(three 3x3 stand-ins 16->32->64->128 at stride 2, GAP, Linear classifier), trained federated on
Fashion-MNIST: 100 clients split by per-class Dirichlet(0.5), 10 sampled a round from the
clients whose budget allows block 1 (52 in ScaleFL's default setting: a seeded subset here),
1 local epoch, batch 64, SGD lr 0.01 momentum 0.9 weight decay 5e-4, sample-weighted FedAvg over
parameters and BatchNorm running statistics. The partition and sampling come from torch's RNG,
not ScaleFL's, so figures agree in kind, not to the digit.

Each round it prints test accuracy on all 10,000 test images three ways, to separate the
BatchNorm-statistics suspect from the rest:
  eval    eval mode with the aggregated running statistics (what ScaleFL reports),
  recal   eval mode after re-estimating the running statistics on 2,000 training images,
  batch   train-mode BatchNorm (statistics of each test batch of 500).

  python3 bench/block1_torch.py --stand-ins relu       # ScaleFL before the fix
  python3 bench/block1_torch.py --stand-ins bn-he-relu # after
Needs python3-torch (Debian) or pip torch; reads /usr/share/datasets/fashion-mnist.
"""
import argparse
import gzip
import os
import struct
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from peer_torch import ResidualStage  # noqa: E402


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(count, 1, rows, cols)
    return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).long()


def load(root):
    def images(name):
        return ((read_idx(os.path.join(root, name)).float() / 255) - 0.2860) / 0.3530
    return (images("train-images-idx3-ubyte.gz"), read_idx(os.path.join(root, "train-labels-idx1-ubyte.gz")),
            images("t10k-images-idx3-ubyte.gz"), read_idx(os.path.join(root, "t10k-labels-idx1-ubyte.gz")))


def dirichlet_split(labels, clients, alpha, generator):
    shares = [[] for _ in range(clients)]
    for c in range(10):
        idx = (labels == c).nonzero().flatten()
        idx = idx[torch.randperm(len(idx), generator=generator)]
        p = torch.distributions.Dirichlet(torch.full((clients,), alpha)).sample()
        cuts = (torch.cumsum(p, 0) * len(idx)).long().tolist()[:-1]
        for k, part in enumerate(torch.tensor_split(idx, cuts)):
            shares[k].extend(part.tolist())
    return [torch.tensor(s, dtype=torch.long) for s in shares]


class StandIn(nn.Module):
    def __init__(self, cin, cout, style):
        super().__init__()
        words = style.split("-")
        self.relu = words[-1] == "relu"
        self.conv = nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias="bn" not in words)
        if "he" in words:
            nn.init.kaiming_normal_(self.conv.weight, mode="fan_in", nonlinearity="relu" if self.relu else "linear")
            if self.conv.bias is not None:
                nn.init.zeros_(self.conv.bias)
        self.norm = nn.BatchNorm2d(cout) if "bn" in words else None

    def forward(self, x):
        x = self.conv(x)
        if self.norm is not None:
            x = self.norm(x)
        return F.relu(x) if self.relu else x


class Stage0(nn.Module):
    """Block 1 (stem + BasicBlock 16) and stage 0's output module."""

    def __init__(self, style):
        super().__init__()
        self.block = ResidualStage(1, 16, 16, 1, 1)
        self.standins = nn.Sequential(StandIn(16, 32, style), StandIn(32, 64, style), StandIn(64, 128, style))
        self.classifier = nn.Linear(128, 10)

    def forward(self, x):
        z = self.standins(self.block(x))
        return self.classifier(F.adaptive_avg_pool2d(z, 1).flatten(1))


def evaluate(model, images, labels, mode):
    model.train(mode == "batch")
    correct = 0
    with torch.no_grad():
        for s in range(0, len(labels), 500):
            correct += (model(images[s:s + 500]).argmax(1) == labels[s:s + 500]).sum().item()
    return correct / len(labels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stand-ins", default="relu")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--eligible", type=int, default=52)
    parser.add_argument("--alpha", type=float, default=0.5)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--eval-every", type=int, default=1, help="evaluate every this many rounds (and the last)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    train_x, train_y, test_x, test_y = load(args.data)
    shares = dirichlet_split(train_y, 100, args.alpha, generator)
    eligible = torch.randperm(100, generator=generator)[:args.eligible].tolist()
    calibration = torch.randperm(len(train_y), generator=generator)[:2000]
    global_model = Stage0(args.stand_ins)
    print(f"# stand-ins {args.stand_ins}, lr {args.lr}, alpha {args.alpha}, {args.eligible} eligible")
    print("round,train_ce,acc_eval,acc_recal,acc_batch,seconds")
    for rnd in range(1, args.rounds + 1):
        started = time.time()
        chosen = [eligible[i] for i in torch.randperm(len(eligible), generator=generator)[:10].tolist()]
        states, weights, losses = [], [], []
        for client in chosen:
            local = Stage0(args.stand_ins)
            local.load_state_dict(global_model.state_dict())
            local.train()
            opt = torch.optim.SGD(local.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
            idx = shares[client][torch.randperm(len(shares[client]), generator=generator)]
            total = 0.0
            for s in range(0, len(idx), 64):
                batch = idx[s:s + 64]
                loss = F.cross_entropy(local(train_x[batch]), train_y[batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() * len(batch)
            states.append(local.state_dict())
            weights.append(len(idx))
            losses.append(total)
        n = sum(weights)
        merged = {}
        for key, value in states[0].items():
            if value.dtype.is_floating_point:
                merged[key] = sum(st[key] * (w / n) for st, w in zip(states, weights))
            else:
                merged[key] = value
        global_model.load_state_dict(merged)
        if rnd % args.eval_every and rnd != args.rounds:
            print(f"{rnd},{sum(losses) / n:.3f},,,,{time.time() - started:.1f}", flush=True)
            continue
        acc_eval = evaluate(global_model, test_x, test_y, "eval")
        acc_batch = evaluate(global_model, test_x, test_y, "batch")
        global_model.load_state_dict(merged)  # train-mode evaluation moved the running statistics
        recal = Stage0(args.stand_ins)
        recal.load_state_dict(merged)
        for m in recal.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.reset_running_stats()
                m.momentum = None  # cumulative average over the calibration batches
        recal.train()
        with torch.no_grad():
            for s in range(0, len(calibration), 500):
                recal(train_x[calibration[s:s + 500]])
        acc_recal = evaluate(recal, test_x, test_y, "eval")
        print(f"{rnd},{sum(losses) / n:.3f},{acc_eval:.4f},{acc_recal:.4f},{acc_batch:.4f},{time.time() - started:.1f}", flush=True)


if __name__ == "__main__":
    main()
