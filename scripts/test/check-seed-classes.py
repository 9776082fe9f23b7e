#!/usr/bin/env python3
"""Loads a sandwich-written state_dict into the seed's own module classes and compares their forward pass.

Usage: scripts/test/check-seed-classes.py WEIGHTS net|net2|addlayers INPUT.txt JAVA_OUTPUT.txt

The classes below follow the seed's PyTorch 0.3 code as the report describes it: `Net` is three blocks
fc1 = Linear(52, 1024) + ReLU, fc2 = Linear(1024, 1024) + ReLU, fc3 = Linear(1024, 23) (each an nn.Sequential, so
the weights are named fc1.0.weight ...); `Net2` is the same to 164 outputs; `Addlayers` wraps a trained Net's
blocks as `prevmodel` and adds projective = Linear(23, 100), ReLU, projective2 = Linear(100, 164). Dropout layers
hold no weights and are left out (evaluation mode). The file is read with torch.load(weights_only=True) and loaded
with load_state_dict(strict=True); the forward pass runs in float64 and is compared with the Java output.
Prints the largest relative difference; exits 1 when it is above 1e-4 (Java runs the net in float32,
summing 1024-long dot products in another order than float64 does; 2e-5 to 4e-5 is typical).
"""
import sys

import numpy as np
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, n_in=52, hidden=1024, n_out=23):
        super().__init__()
        self.fc1 = nn.Sequential(nn.Linear(n_in, hidden), nn.ReLU())
        self.fc2 = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU())
        self.fc3 = nn.Sequential(nn.Linear(hidden, n_out))

    def forward(self, x):
        return self.fc3(self.fc2(self.fc1(x)))


class Addlayers(nn.Module):
    def __init__(self, prev, n_l1=23, mid=100, n_out=164):
        super().__init__()
        self.prevmodel = nn.Sequential(*list(prev.children()))
        self.projective = nn.Linear(n_l1, mid)
        self.relu = nn.ReLU()
        self.projective2 = nn.Linear(mid, n_out)

    def forward(self, x):
        return self.projective2(self.relu(self.projective(self.prevmodel(x))))


def main(path, kind, input_path, java_path):
    sd = torch.load(path, weights_only=True)
    if kind == "net":
        model = Net()
    elif kind == "net2":
        model = Net(n_out=164)
    else:
        model = Addlayers(Net())
    model.load_state_dict(sd, strict=True)
    model = model.double().eval()
    x = torch.tensor(np.loadtxt(input_path, ndmin=2), dtype=torch.float64)
    with torch.no_grad():
        ours = model(x).numpy()
    java = np.loadtxt(java_path, ndmin=2)
    rel = np.abs(ours - java) / np.maximum(np.abs(ours), 1e-3)
    print("%s: %d keys loaded into %s with strict=True; largest relative difference %.3g over %d rows"
          % (path, len(sd), type(model).__name__, rel.max(), x.shape[0]))
    return 0 if rel.max() <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
