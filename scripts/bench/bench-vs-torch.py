#!/usr/bin/env python3
"""Alternates `sandwich bench` and the PyTorch peer (scripts/bench/torch-peer.py) on the same net and data.

Each round runs both tools once per batch size and precision, as separate processes, the order of the contenders
turned by one every round. Prints the median samples/s of each, their ratio, and peak memory; writes summary.json and,
through `sandwich bench-chart`, a PNG of throughput against batch size. `--precisions fp32,bf16` adds sandwich's
--bf16 and PyTorch's bf16 autocast (torch-peer.py --bf16) and their speed-ups over fp32 (summary.json "bf16").
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
    p.add_argument("--precisions", default="fp32", help="fp32, bf16 or fp32,bf16")
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
    precisions = a.precisions.split(",")
    names = [t + ("" if q == "fp32" else "-" + q) for q in precisions for t in ("sandwich", "pytorch")]
    results = {b: {n: [] for n in names} for b in batches}
    for r in range(1, a.rounds + 1):
        order = names[(r - 1) % len(names):] + names[:(r - 1) % len(names)]
        for b in batches:
            for name in order:
                js = os.path.join(a.out, "%s-b%d-r%d.json" % (name, b, r))
                common = ["--data", data, "--epochs", str(a.epochs), "--batch", str(b), "--threads", str(a.threads),
                          "--json", js] + (["--bf16"] if name.endswith("-bf16") else [])
                if name.startswith("sandwich"):
                    cmd = [os.path.join(a.root, "scripts", "sandwich"), "bench", "--model", "app2l1", "--device",
                           a.device, "--quiet"] + common
                else:
                    cmd = ["/usr/bin/python3", os.path.join(a.root, "scripts", "bench", "torch-peer.py"), "--device",
                           torch_dev] + common
                res = run(cmd, js)
                results[b][name].append(res)
                print("round %d batch %4d %-13s %8.0f samples/s  peak RSS %5.0f MB%s"
                      % (r, b, name, res["samples_per_second"], res["peak_rss_mb"],
                         "  efficiency %.2f" % res["efficiency"] if "efficiency" in res else ""), flush=True)
    summary = {"data": data, "threads": a.threads, "device": a.device, "rounds": a.rounds, "batches": [], "bf16": []}
    print()
    print("| batch | sandwich samples/s | PyTorch samples/s | ratio | sandwich efficiency | sandwich peak RSS MB "
          "| PyTorch peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for b in (batches if "fp32" in precisions else []):
        s = [x["samples_per_second"] for x in results[b]["sandwich"]]
        t = [x["samples_per_second"] for x in results[b]["pytorch"]]
        ratios = [x / y for x, y in zip(s, t)]
        row = {"batch": b, "sandwich": statistics.median(s), "pytorch": statistics.median(t),
               "ratio": statistics.median(ratios),
               "sandwich_efficiency": statistics.median(x["efficiency"] for x in results[b]["sandwich"]),
               "sandwich_rss_mb": max(x["peak_rss_mb"] for x in results[b]["sandwich"]),
               "pytorch_rss_mb": max(x["peak_rss_mb"] for x in results[b]["pytorch"]),
               "pytorch_tool": results[b]["pytorch"][0]["tool"]}
        summary["batches"].append(row)
        print("| %d | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f |" % (b, row["sandwich"], row["pytorch"], row["ratio"],
              row["sandwich_efficiency"], row["sandwich_rss_mb"], row["pytorch_rss_mb"]))
    if "bf16" in precisions:
        print()
        print("| batch | sandwich --bf16 | PyTorch bf16 autocast | ratio | sandwich bf16/fp32 | PyTorch bf16/fp32 |")
        print("|---|---|---|---|---|---|")
        for b in batches:
            med = {n: statistics.median(x["samples_per_second"] for x in results[b][n]) for n in names}
            row = {"batch": b, "sandwich": med["sandwich-bf16"], "pytorch": med["pytorch-bf16"],
                   "ratio": med["sandwich-bf16"] / med["pytorch-bf16"]}
            if "fp32" in precisions:
                row["sandwich_speedup"] = med["sandwich-bf16"] / med["sandwich"]
                row["pytorch_speedup"] = med["pytorch-bf16"] / med["pytorch"]
            summary["bf16"].append(row)
            print("| %d | %.0f | %.0f | %.2f | %s | %s |" % (b, row["sandwich"], row["pytorch"], row["ratio"],
                  "%.2f" % row["sandwich_speedup"] if "sandwich_speedup" in row else "-",
                  "%.2f" % row["pytorch_speedup"] if "pytorch_speedup" in row else "-"))
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
