#!/usr/bin/env python3
"""PyTorch peer of `scalefl bench`: the time of one full-model training step.

Mirrors src/ScaleFL.Core/Models layer for layer: ResNet.cs (CIFAR-style stem, no max pool),
ResidualStage.cs, BasicBlock.cs, and the last stage's ConvOutputModule.cs (global average pool,
classifier, projection head of three Linear layers without activations). The step is the one
StepTimer.cs times: SGD (lr 0.01, momentum 0.9, weight decay 5e-4), cross-entropy on the logits,
random images, 2 warm-up steps. Prints `ms_per_step <value>`.

Needs PyTorch: `apt-get install python3-torch` (Debian) or `pip install torch`.
"""
import argparse
import time

import torch
from torch import nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels))

    def forward(self, x):
        residual = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        identity = x if self.shortcut is None else self.shortcut(x)
        return F.relu(residual + identity)


class ResidualStage(nn.Module):
    def __init__(self, stem_input_channels, in_channels, width, stride, depth):
        super().__init__()
        self.stem = None
        if stem_input_channels is not None:
            self.stem = nn.Sequential(
                nn.Conv2d(stem_input_channels, in_channels, 3, stride=1, padding=1, bias=False),
                nn.BatchNorm2d(in_channels),
                nn.ReLU())
        self.layer = nn.Sequential(*[
            BasicBlock(in_channels if i == 0 else width, width, stride if i == 0 else 1) for i in range(depth)])

    def forward(self, x):
        return self.layer(x if self.stem is None else self.stem(x))


class StagedResNet(nn.Module):
    """The full network: every block, then the last stage's output module (no stand-ins)."""

    def __init__(self, channels, classes, stem, widths, strides, depths, projection):
        super().__init__()
        self.blocks = nn.ModuleList(
            ResidualStage(channels if k == 0 else None, stem if k == 0 else widths[k - 1], widths[k], strides[k], depths[k])
            for k in range(len(widths)))
        self.classifier = nn.Linear(widths[-1], classes)
        first, second, out = projection
        self.projection = nn.Sequential(nn.Linear(widths[-1], first), nn.Linear(first, second), nn.Linear(second, out))

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        pooled = F.adaptive_avg_pool2d(x, (1, 1)).flatten(1)
        return self.classifier(pooled), self.projection(pooled)


MODELS = {
    # SmallResNet.cs: stem 16, one BasicBlock per stage, widths 16..128, scaled head; 28x28 grey.
    "small-resnet": ((1, 28, 28), dict(stem=16, widths=[16, 32, 64, 128], strides=[1, 2, 2, 2], depths=[1, 1, 1, 1], projection=(256, 256, 128))),
    # ResNet.ResNet18: stem 64, BasicBlocks [2, 2, 2, 2], widths 64..512, the paper's head; 32x32 colour.
    "resnet18": ((3, 32, 32), dict(stem=64, widths=[64, 128, 256, 512], strides=[1, 2, 2, 2], depths=[2, 2, 2, 2], projection=(2056, 1024, 512))),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="small-resnet")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    (channels, height, width), layout = MODELS[args.model]
    model = StagedResNet(channels, 10, **layout)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    images = torch.randn(args.batch_size, channels, height, width)
    labels = torch.randint(10, (args.batch_size,))

    warm_up = 2
    for step in range(warm_up + args.steps):
        if step == warm_up:
            started = time.perf_counter()
        logits, _ = model(images)
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"ms_per_step {(time.perf_counter() - started) * 1000 / args.steps:.3f}")


if __name__ == "__main__":
    main()
