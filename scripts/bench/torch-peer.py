#!/usr/bin/env python3
"""PyTorch peer of `sandwich bench --model app2l1`: the seed's baseline net trained the same way.

52-1024-1024-23 with ReLU after both hidden layers and the seed's dropouts (0.05, 0.1, 0.0), Xavier-normal
weights, Adam (lr 1e-3, weight decay 1e-5), batch 128, rows reshuffled every epoch, the seed code's masked loss
sum(mm(y^T, (out - y)^2)), on tr_app.txt / tr_l1.txt. Prints and writes the same JSON fields as sandwich's bench.
"""
import argparse
import json
import os
import resource
import statistics
import time

import numpy as np
import torch
from torch import nn


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--compile", action="store_true", help='torch.compile(mode="reduce-overhead") (PyTorch 2)')
    p.add_argument("--json")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dev = torch.device(a.device)
    x = torch.tensor(np.loadtxt(os.path.join(a.data, "tr_app.txt"), dtype=np.float32), device=dev)
    y = torch.tensor(np.loadtxt(os.path.join(a.data, "tr_l1.txt"), dtype=np.float32), device=dev)
    net = nn.Sequential(nn.Linear(x.shape[1], 1024), nn.ReLU(), nn.Dropout(0.05),
                        nn.Linear(1024, 1024), nn.ReLU(), nn.Dropout(0.1),
                        nn.Linear(1024, y.shape[1])).to(dev)
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.xavier_normal_(m.weight)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-5)

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        out = net(xb)
        loss = torch.sum(torch.mm(yb.t(), (out - yb) ** 2))
        loss.backward()
        opt.step()
        return loss

    if a.compile:
        step = torch.compile(step, mode="reduce-overhead")
    n = x.shape[0]
    times = []
    for epoch in range(a.warmup + a.epochs):
        if dev.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        perm = torch.randperm(n, device=dev)
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            step(x[idx], y[idx])
        if dev.type == "cuda":
            torch.cuda.synchronize()
        if epoch >= a.warmup:
            times.append(time.perf_counter() - t0)
    sec = statistics.median(times)
    steps = (n + a.batch - 1) // a.batch
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    r = {"tool": "pytorch " + torch.__version__ + (" compile" if a.compile else " eager"), "model": "app2l1",
         "device": a.device, "threads": a.threads, "batch": a.batch, "rows": n, "epochs_timed": a.epochs,
         "seconds_per_epoch": sec, "ms_per_step": sec * 1000 / steps, "samples_per_second": n / sec,
         "peak_rss_mb": rss_mb, "epoch_seconds": sorted(times)}
    print("%s on %s, batch %d, %d rows: %.0f samples/s, %.2f ms/step, %.3f s/epoch (median of %d), peak RSS %.0f MB"
          % (r["tool"], a.device, a.batch, n, r["samples_per_second"], r["ms_per_step"], sec, a.epochs, rss_mb))
    if a.json:
        tmp = a.json + ".tmp"
        with open(tmp, "w") as f:
            json.dump(r, f, indent=2)
        os.replace(tmp, a.json)


if __name__ == "__main__":
    main()
