#!/usr/bin/env python3
"""PyTorch peer of `sandwich bench --model app2l1`: the seed's baseline net trained the same way.

52-1024-1024-23 with ReLU after both hidden layers and the seed's dropouts (0.05, 0.1, 0.0), Xavier-normal
weights, Adam (lr 1e-3, weight decay 1e-5), batch 128, rows reshuffled every epoch, the seed code's masked loss
sum(mm(y^T, (out - y)^2)), on tr_app.txt / tr_l1.txt. Prints and writes the same JSON fields as sandwich's bench.

--parity WEIGHTS --steps K: the peers' parity check (scripts/bench-vs-peers) instead. Loads the initial weights that
sandwich's StepLossTrace wrote (per tensor a line "name rows cols", then rows lines of floats; weights [out, in]),
trains without dropout on the rows in file order (step k takes rows k*B .. k*B+B-1) and writes the K step losses.
"""
import argparse
import ctypes
import json
import os
import re
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
    p.add_argument("--bf16", action="store_true",
                   help='the forward pass and the loss under torch.autocast(device, dtype=torch.bfloat16)')
    p.add_argument("--json")
    p.add_argument("--parity", metavar="WEIGHTS", help="initial weights file: run the parity check")
    p.add_argument("--steps", type=int, default=20, help="steps of the parity check")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dev = torch.device(a.device)
    x = torch.tensor(np.loadtxt(os.path.join(a.data, "tr_app.txt"), dtype=np.float32), device=dev)
    y = torch.tensor(np.loadtxt(os.path.join(a.data, "tr_l1.txt"), dtype=np.float32), device=dev)
    drop = (0.0, 0.0) if a.parity else (0.05, 0.1)
    net = nn.Sequential(nn.Linear(x.shape[1], 1024), nn.ReLU(), nn.Dropout(drop[0]),
                        nn.Linear(1024, 1024), nn.ReLU(), nn.Dropout(drop[1]),
                        nn.Linear(1024, y.shape[1])).to(dev)
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.xavier_normal_(m.weight)
    if a.parity:
        load_weights(net, a.parity)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-5)

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=a.bf16):
            out = net(xb)
            loss = torch.sum(torch.mm(yb.t(), (out.float() - yb) ** 2))
        loss.backward()
        opt.step()
        return loss

    if a.compile:
        step = torch.compile(step, mode="reduce-overhead")
    n = x.shape[0]
    if a.parity:
        if a.steps * a.batch > n:
            raise SystemExit("--steps %d of --batch %d need more than the %d rows" % (a.steps, a.batch, n))
        losses = [float(step(x[k * a.batch:(k + 1) * a.batch], y[k * a.batch:(k + 1) * a.batch]))
                  for k in range(a.steps)]
        r = {"tool": "pytorch " + torch.__version__, "batch": a.batch, "steps": a.steps, "blas": blas(a.bf16),
             "losses": losses}
        print("%s parity, batch %d, step losses %s" % (r["tool"], a.batch, losses))
        write_json(a.json, r)
        return
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
    r = {"tool": "pytorch " + torch.__version__ + (" compile" if a.compile else " eager")
         + (" bf16 autocast" if a.bf16 else ""), "model": "app2l1",
         "device": a.device, "threads": a.threads, "batch": a.batch, "rows": n, "epochs_timed": a.epochs,
         "seconds_per_epoch": sec, "ms_per_step": sec * 1000 / steps, "samples_per_second": n / sec,
         "peak_rss_mb": rss_mb, "blas": blas(a.bf16), "epoch_seconds": sorted(times)}
    print("%s on %s, batch %d, %d rows: %.0f samples/s, %.2f ms/step, %.3f s/epoch (median of %d), peak RSS %.0f MB"
          % (r["tool"], a.device, a.batch, n, r["samples_per_second"], r["ms_per_step"], sec, a.epochs, rss_mb))
    write_json(a.json, r)


def load_weights(net, path):
    """Sets the Linear layers of net, in order, from a StepLossTrace weights file."""
    tensors = {}
    with open(path) as f:
        lines = [ln for ln in f.read().split("\n") if ln and not ln.startswith("#")]
    i = 0
    while i < len(lines):
        name, rows, cols = lines[i].split()
        rows, cols = int(rows), int(cols)
        tensors[name] = np.array([ln.split() for ln in lines[i + 1:i + 1 + rows]], dtype=np.float64) \
            .astype(np.float32).reshape(rows, cols)
        i += 1 + rows
    linears = [m for m in net if isinstance(m, nn.Linear)]
    names = [k[:-len(".weight")] for k in tensors if k.endswith(".weight")]
    if len(names) != len(linears):
        raise SystemExit("%s holds %d layers, the net has %d" % (path, len(names), len(linears)))
    with torch.no_grad():
        for m, name in zip(linears, names):
            m.weight.copy_(torch.from_numpy(tensors[name + ".weight"]))
            m.bias.copy_(torch.from_numpy(tensors[name + ".bias"].reshape(-1)))


def blas(bf16=False):
    """torch's BLAS_INFO, and what the BLAS library it loaded says of itself (OpenBLAS for Debian's build); with
    bf16, also the oneDNN that runs autocast's bf16 products on the CPU (torch's MKL-DNN)."""
    config = torch.__config__.show()
    m = re.search(r"BLAS_INFO=(\w+)", config)
    info = "BLAS_INFO=" + (m.group(1) if m else "?")
    if bf16:
        v = re.search(r"MKL-DNN v(\S+)", config)
        info = "bf16 products on oneDNN %s (torch's MKL-DNN); fp32 on %s" % ("v" + v.group(1) if v else "?", info)
    with open("/proc/self/maps") as f:
        libs = sorted({ln.split()[-1] for ln in f if re.search(r"/lib(open)?blas[^/]*\.so", ln)})
    for path in libs:
        try:
            lib = ctypes.CDLL(path, mode=os.RTLD_LAZY | os.RTLD_NOLOAD)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return "%s: %s, core %s (%s)" % (info, lib.openblas_get_config().decode(),
                                            lib.openblas_get_corename().decode(), os.path.realpath(path))
        except (OSError, AttributeError):
            continue
    return info + (" (" + ", ".join(libs) + ")" if libs else "")


def write_json(path, r):
    if path:
        with open(path + ".tmp", "w") as f:
            json.dump(r, f, indent=2)
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
