#!/usr/bin/env python3
"""Sandwich against PyTorch 1.13, DJL 0.36.0 (libtorch 2.7.1) and Deeplearning4j 1.0.0-M2.1 on the seed's baseline net.

First the parity check: sandwich's StepLossTrace writes initial weights and 20 step losses (no dropout, rows in file
order); every peer trains from those weights and must reach each step loss within --tolerance (relative), or the
script stops. Then each round runs every contender once per batch size, each as its own process on the same threads,
the order rotated every round. Every command runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and
OMP_NUM_THREADS set to --threads. Prints a Markdown table of medians and each library's BLAS; writes
peers-summary.json and, through `sandwich bench-chart`, peers-throughput.png into --out. See docs/peers.md.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys

UNSET = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
NAMES = ("sandwich", "pytorch", "djl", "dl4j")


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", required=True)
    p.add_argument("--data", default=None, help="seed-layout folder (default: ../shared/data/seed, else embedded)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--epochs", type=int, default=2, help="timed epochs per run")
    p.add_argument("--warmup", type=int, default=1, help="untimed epochs before them")
    p.add_argument("--batches", default="128", help="comma-separated batch sizes, e.g. 64,128,256")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=20, help="steps of the parity check (at the first batch size)")
    p.add_argument("--tolerance", type=float, default=1e-3, help="largest relative step-loss difference allowed")
    p.add_argument("--out", help="where peers-summary.json and peers-throughput.png go (default: docs/bench)")
    p.add_argument("--work", help="the runs' JSON and logs, the parity weights, DJL's cache (default: out/bench-peers)")
    a = p.parse_args()
    a.out = a.out or os.path.join(a.root, "docs", "bench")
    a.work = os.path.abspath(a.work or os.path.join(a.root, "out", "bench-peers"))
    return a


class Contenders:
    """The command line of each contender, and the environment every one of them runs in."""

    def __init__(self, a, data):
        self.a, self.data, self.root = a, data, a.root
        self.env = {k: v for k, v in os.environ.items() if k not in UNSET}
        self.env["OMP_NUM_THREADS"] = str(a.threads)
        # DJL: the natives come from the pytorch-native-cpu jar on the class path; offline, DJL fails rather than
        # download anything, and its cache (where it unpacks libtorch) lives under --work
        self.env["DJL_CACHE_DIR"] = os.path.join(a.work, "djl-cache")
        self.java = ["java", "-Xmx4g", "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"]

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def common(self, batch):
        return ["--data", self.data, "--batch", str(batch), "--threads", str(self.a.threads)]

    def bench(self, name, batch, out):
        a = self.a
        timed = ["--epochs", str(a.epochs), "--warmup", str(a.warmup), "--device", "cpu", "--json", out]
        if name == "sandwich":
            return [self.path("scripts", "sandwich"), "bench", "--model", "app2l1", "--quiet"] \
                + self.common(batch) + timed
        return self.peer(name) + self.common(batch) + timed

    def parity(self, name, batch, weights, out):
        a = self.a
        if name == "sandwich":
            with open(self.path("target", "test-classpath.txt")) as f:
                cp = ":".join([self.path("target", "test-classes"), self.path("target", "classes"), f.read().strip()])
            return self.java + ["-cp", cp, "io.sandwich.nn.StepLossTrace", "--weights", weights, "--json", out,
                                "--steps", str(a.steps)] + self.common(batch)
        return self.peer(name) + self.common(batch) + ["--parity", weights, "--steps", str(a.steps), "--json", out]

    def peer(self, name):
        if name == "pytorch":
            return ["/usr/bin/python3", self.path("scripts", "bench", "torch-peer.py")]
        if name == "djl":
            return self.java + ["-Dai.djl.offline=true", "-jar", self.path("peers", "djl", "target", "djl-peer.jar")]
        return self.java + ["-jar", self.path("peers", "dl4j", "target", "dl4j-peer.jar")]

    def run(self, name, cmd, out, log):
        with open(log, "w") as f:
            f.write(" ".join(cmd) + "\n")
            f.flush()
            done = subprocess.run(cmd, env=self.env, stdout=f, stderr=subprocess.STDOUT)
        with open(log) as f:
            text = f.read()
        if done.returncode != 0:
            sys.exit("bench-vs-peers: %s failed (exit %d); its output is in %s:\n%s"
                     % (name, done.returncode, log, text[-3000:]))
        if name == "djl" and "Downloading" in text:
            sys.exit("bench-vs-peers: DJL downloaded something at run time (see %s)" % log)
        with open(out) as f:
            return json.load(f)


def parity_check(c, a, batch):
    """Every peer's step losses against sandwich's; exits when one differs by more than the tolerance."""
    weights = os.path.join(a.work, "parity-weights.txt")
    losses = {}
    for name in NAMES:
        out = os.path.join(a.work, "parity-%s.json" % name)
        res = c.run(name, c.parity(name, batch, weights, out), out, os.path.join(a.work, "parity-%s.log" % name))
        losses[name] = res["losses"]
    ref = losses["sandwich"]
    print("Parity: %d steps of batch %d from sandwich's initial weights, no dropout, rows in file order"
          % (a.steps, batch))
    print("| peer | max relative step-loss difference to sandwich | first loss | last loss |")
    print("|---|---|---|---|")
    worst = {}
    for name in NAMES[1:]:
        got = losses[name]
        if len(got) != len(ref):
            sys.exit("bench-vs-peers: %s wrote %d losses, sandwich %d" % (name, len(got), len(ref)))
        worst[name] = max(abs(x - y) / max(abs(y), 1e-30) for x, y in zip(got, ref))
        print("| %s | %.2e | %.6g | %.6g |" % (name, worst[name], got[0], got[-1]))
    print("| sandwich | (reference) | %.6g | %.6g |" % (ref[0], ref[-1]))
    bad = {k: v for k, v in worst.items() if not v <= a.tolerance}
    if bad:
        sys.exit("bench-vs-peers: PARITY FAILED: %s differ from sandwich by more than %g relative; no benchmark run"
                 % (", ".join("%s (%.2e)" % kv for kv in bad.items()), a.tolerance))
    print("parity ok: every peer within %g relative of sandwich\n" % a.tolerance, flush=True)
    return {"steps": a.steps, "batch": batch, "tolerance": a.tolerance, "max_relative_difference": worst,
            "losses": losses}


def sandwich_blas(c):
    """`sandwich doctor`'s BLAS line, with the core its OpenBLAS picks in this environment (asked in a process of
    its own, from the library javacpp unpacked)."""
    out = subprocess.run([c.path("scripts", "sandwich"), "doctor"], env=c.env, capture_output=True, text=True)
    line = next((ln[len("blas:"):].strip() for ln in out.stdout.splitlines() if ln.startswith("blas:")), None)
    if line is None:
        return "unknown (sandwich doctor printed no blas line)"
    version = line.split()[1].rstrip(";") if line.startswith("OpenBLAS ") else "*"
    libs = sorted(glob.glob(os.path.expanduser("~/.javacpp/cache/openblas-%s-*/**/libopenblas_nolapack.so.0"
                                               % version), recursive=True))
    if not libs:
        return line + " (org.bytedeco:openblas)"
    ask = ("import ctypes, sys; l = ctypes.CDLL(sys.argv[1]); l.openblas_get_config.restype = ctypes.c_char_p; "
           "l.openblas_get_corename.restype = ctypes.c_char_p; "
           "print(l.openblas_get_config().decode() + ', core ' + l.openblas_get_corename().decode())")
    core = subprocess.run(["/usr/bin/python3", "-c", ask, libs[-1]], env=c.env, capture_output=True, text=True)
    return "%s: %s (org.bytedeco:openblas)" % (line, core.stdout.strip() or "core unknown")


def summarize(a, c, data, batches, results, parity):
    summary = {"data": data, "threads": a.threads, "device": "cpu", "rounds": a.rounds, "epochs": a.epochs,
               "warmup": a.warmup, "environment": {"unset": list(UNSET), "OMP_NUM_THREADS": a.threads},
               "parity": {k: v for k, v in parity.items() if k != "losses"}, "contenders": {}, "batches": []}
    first = results[batches[0]]
    for name in NAMES:
        blas = sandwich_blas(c) if name == "sandwich" else first[name][0].get("blas", "unknown")
        summary["contenders"][name] = {"tool": first[name][0]["tool"], "blas": blas}
    for b in batches:
        s = [x["samples_per_second"] for x in results[b]["sandwich"]]
        row = {"batch": b, "contenders": {}, "series": {}}
        for name in NAMES:
            v = [x["samples_per_second"] for x in results[b][name]]
            row["contenders"][name] = {
                "tool": results[b][name][0]["tool"], "samples_per_second": statistics.median(v),
                "sandwich_ratio": statistics.median([x / y for x, y in zip(s, v)]),
                "peak_rss_mb": max(x["peak_rss_mb"] for x in results[b][name]), "runs": v}
            row["series"][results[b][name][0]["tool"]] = statistics.median(v)
        # the fields bench-vs-torch's summary has, for readers of that format
        t = row["contenders"]["pytorch"]
        row.update({"sandwich": row["contenders"]["sandwich"]["samples_per_second"], "pytorch":
                    t["samples_per_second"], "ratio": t["sandwich_ratio"], "pytorch_tool": t["tool"],
                    "sandwich_rss_mb": row["contenders"]["sandwich"]["peak_rss_mb"], "pytorch_rss_mb":
                    t["peak_rss_mb"]})
        summary["batches"].append(row)
    return summary


def print_table(summary, was):
    print("\n| batch | contender | tool | samples/s (median) | sandwich / it | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for row in summary["batches"]:
        for name in NAMES:
            r = row["contenders"][name]
            ratio = "1.00" if name == "sandwich" else "%.2f" % r["sandwich_ratio"]
            print("| %d | %s | %s | %.0f | %s | %.0f |" % (row["batch"], name, r["tool"], r["samples_per_second"],
                                                         ratio, r["peak_rss_mb"]))
    print("\nEnvironment: %s unset for every contender's process (this shell had %s); OMP_NUM_THREADS=%d."
          % (" and ".join(UNSET), ", ".join("%s=%s" % (k, was[k]) if k in was else k + " unset" for k in UNSET),
             summary["threads"]))
    print("BLAS of each contender:")
    for name in NAMES:
        print("- %s (%s): %s" % (name, summary["contenders"][name]["tool"], summary["contenders"][name]["blas"]))


def main():
    a = parse()
    data = a.data
    if data is None:
        seed = os.path.join(a.root, "..", "shared", "data", "seed")
        data = seed if os.path.isdir(seed) else os.path.join(a.root, "data", "embedded")
    data = os.path.abspath(data)
    os.makedirs(a.work, exist_ok=True)
    os.makedirs(a.out, exist_ok=True)
    batches = [int(b) for b in a.batches.split(",")]
    c = Contenders(a, data)
    was = {k: os.environ[k] for k in UNSET if k in os.environ}
    print("bench-vs-peers: %s and %s unset for every contender; OMP_NUM_THREADS=%d; data %s\n"
          % (UNSET[0], UNSET[1], a.threads, data), flush=True)
    parity = parity_check(c, a, batches[0])
    results = {b: {n: [] for n in NAMES} for b in batches}
    for r in range(1, a.rounds + 1):
        order = list(NAMES[(r - 1) % len(NAMES):] + NAMES[:(r - 1) % len(NAMES)])
        for b in batches:
            for name in order:
                out = os.path.join(a.work, "%s-b%d-r%d.json" % (name, b, r))
                res = c.run(name, c.bench(name, b, out), out, os.path.join(a.work, "%s-b%d-r%d.log" % (name, b, r)))
                results[b][name].append(res)
                print("round %d batch %4d %-8s %8.0f samples/s  peak RSS %5.0f MB"
                      % (r, b, name, res["samples_per_second"], res["peak_rss_mb"]), flush=True)
    summary = summarize(a, c, data, batches, results, parity)
    print_table(summary, was)
    path = os.path.join(a.out, "peers-summary.json")
    with open(path + ".tmp", "w") as f:
        json.dump(summary, f, indent=2)
    os.replace(path + ".tmp", path)
    png = os.path.join(a.out, "peers-throughput.png")
    subprocess.run([c.path("scripts", "sandwich"), "bench-chart", "--summary", path, "--out", png], check=True)
    print("wrote", path, "and", png)


if __name__ == "__main__":
    sys.exit(main())
