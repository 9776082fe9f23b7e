#!/usr/bin/env python3
"""Loads state_dict checkpoints with real PyTorch the safe way and prints what it finds, as JSON.

    /usr/bin/python3 scripts/test/check-torch-load.py FILE...

For each file: torch.load(f, weights_only=True); a module is built whose Linear layers sit at the paths the
state_dict names (fc1.0, prevmodel.0.0, projective, ...), with shapes and biases taken from it, and
load_state_dict(strict=True) must accept the file. The module is then run (in float64) on a fixed input:
the Linear layers in state_dict order with ReLU between them. Printed per file: keys, dtypes, shapes, the
values as float32 lists, and the output of the forward pass. Used by the Java tests of io.sandwich.io.torch.
"""
import json
import sys

import torch
from torch import nn


def parent_of(root, path):
    parent = root
    parts = path.split(".")
    for p in parts[:-1]:
        if not hasattr(parent, p):
            parent.add_module(p, nn.Module())
        parent = getattr(parent, p)
    return parent, parts[-1]


def module_for(sd):
    """Linear layers where the state_dict has 2-d X.weight (and maybe X.bias); buffers for anything else."""
    root = nn.Module()
    linears = []
    covered = set()
    for key, t in sd.items():
        if not key.endswith(".weight") or t.dim() != 2:
            continue
        path = key[: -len(".weight")]
        has_bias = path + ".bias" in sd
        lin = nn.Linear(t.shape[1], t.shape[0], bias=has_bias).to(t.dtype)
        parent, name = parent_of(root, path)
        parent.add_module(name, lin)
        linears.append(lin)
        covered.update([key, path + ".bias"] if has_bias else [key])
    for key, t in sd.items():
        if key not in covered:
            parent, name = parent_of(root, key)
            parent.register_buffer(name, torch.zeros_like(t))
    return root, linears


def main(files):
    out = {}
    for f in files:
        sd = torch.load(f, weights_only=True)
        root, linears = module_for(sd)
        root.load_state_dict(sd, strict=True)
        root.double()
        x = torch.linspace(-1.0, 1.0, linears[0].in_features, dtype=torch.float64) if linears else None
        with torch.no_grad():
            for i, lin in enumerate(linears):
                x = lin(x)
                if i < len(linears) - 1:
                    x = torch.relu(x)
        out[f] = dict(
            keys=list(sd.keys()),
            dtypes=[str(t.dtype).replace("torch.", "") for t in sd.values()],
            shapes=[list(t.shape) for t in sd.values()],
            values=[t.reshape(-1).to(torch.float32).tolist() for t in sd.values()],
            output=x.tolist() if x is not None else [],
        )
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
