#!/usr/bin/env python3
"""Alternates `sandwich bench` and the PyTorch peer (scripts/bench/torch-peer.py) on the same net and data.

Each round runs both tools once per batch size, as separate processes, sandwich first on odd rounds and PyTorch
first on even ones. Prints the median samples/s of each, their ratio, and peak memory; writes summary.json and,
through `sandwich bench-chart`, a PNG of throughput against batch size.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def run(cmd, out_json):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(out_json) as f:
        return json.load(f)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--root", required=True)
    p.add_argument("--data", default=None, help="seed-layout folder (default: ../shared/data/seed, else embedded)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--epochs", type=int, default=2, help="timed epochs per run (after 1 warm-up epoch)")
    p.add_argument("--batches", default="128", help="comma-separated batch sizes, e.g. 32,64,128,256,512")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", help="cpu, or gpu (sandwich) / cuda (PyTorch) on a GPU machine")
    p.add_argument("--out", default="out/bench")
    a = p.parse_args()

    data = a.data
    if data is None:
        seed = os.path.join(a.root, "..", "shared", "data", "seed")
        data = seed if os.path.isdir(seed) else os.path.join(a.root, "data", "embedded")
    os.makedirs(a.out, exist_ok=True)
    batches = [int(b) for b in a.batches.split(",")]
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(a.threads)
    torch_dev = "cuda" if a.device.startswith("gpu") else a.device
    results = {b: {"sandwich": [], "pytorch": []} for b in batches}
    for r in range(1, a.rounds + 1):
        for b in batches:
            sj = os.path.join(a.out, "sandwich-b%d-r%d.json" % (b, r))
            tj = os.path.join(a.out, "pytorch-b%d-r%d.json" % (b, r))
            s_cmd = [os.path.join(a.root, "scripts", "sandwich"), "bench", "--model", "app2l1", "--data", data,
                     "--epochs", str(a.epochs), "--batch", str(b), "--threads", str(a.threads), "--device",
                     a.device, "--quiet", "--json", sj]
            t_cmd = ["/usr/bin/python3", os.path.join(a.root, "scripts", "bench", "torch-peer.py"), "--data", data,
                     "--epochs", str(a.epochs), "--batch", str(b), "--threads", str(a.threads), "--device",
                     torch_dev, "--json", tj]
            order = [("sandwich", s_cmd, sj), ("pytorch", t_cmd, tj)]
            if r % 2 == 0:
                order.reverse()
            for name, cmd, js in order:
                res = run(cmd, js)
                results[b][name].append(res)
                print("round %d batch %4d %-8s %8.0f samples/s  peak RSS %5.0f MB"
                      % (r, b, name, res["samples_per_second"], res["peak_rss_mb"]), flush=True)
    summary = {"data": data, "threads": a.threads, "device": a.device, "rounds": a.rounds, "batches": []}
    print()
    print("| batch | sandwich samples/s | PyTorch samples/s | ratio | sandwich peak RSS MB | PyTorch peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for b in batches:
        s = [x["samples_per_second"] for x in results[b]["sandwich"]]
        t = [x["samples_per_second"] for x in results[b]["pytorch"]]
        ratios = [x / y for x, y in zip(s, t)]
        row = {"batch": b, "sandwich": statistics.median(s), "pytorch": statistics.median(t),
               "ratio": statistics.median(ratios),
               "sandwich_rss_mb": max(x["peak_rss_mb"] for x in results[b]["sandwich"]),
               "pytorch_rss_mb": max(x["peak_rss_mb"] for x in results[b]["pytorch"]),
               "pytorch_tool": results[b]["pytorch"][0]["tool"]}
        summary["batches"].append(row)
        print("| %d | %.0f | %.0f | %.2f | %.0f | %.0f |" % (b, row["sandwich"], row["pytorch"], row["ratio"],
                                                         row["sandwich_rss_mb"], row["pytorch_rss_mb"]))
    path = os.path.join(a.out, "summary.json")
    with open(path + ".tmp", "w") as f:
        json.dump(summary, f, indent=2)
    os.replace(path + ".tmp", path)
    if len(batches) > 1:
        subprocess.run([os.path.join(a.root, "scripts", "sandwich"), "bench-chart", "--summary", path, "--out",
                        os.path.join(a.out, "throughput-vs-batch.png")], check=True)
    print("wrote", path)


if __name__ == "__main__":
    sys.exit(main())
