#!/usr/bin/env python3
"""Sandwich against PyTorch 1.13, DJL 0.36.0 (libtorch 2.7.1) and Deeplearning4j 1.0.0-M2.1 on the seed's baseline net.

First the parity check: sandwich's StepLossTrace writes initial weights and 20 step losses (no dropout, rows in file
order); every peer trains from those weights and must reach each step loss within --tolerance (relative), or the
script stops. Where the CPU multiplies in bf16 (`sandwich doctor`; --bf16 auto), sandwich --bf16 and PyTorch's bf16
autocast join as two more contenders, with a parity check of their own (PyTorch bf16 against sandwich --bf16, within
--bf16-tolerance) and their speed against sandwich --bf16 and against their own fp32. Then each round runs every
contender once per batch size, each as its own process on the same threads, the order rotated every round. Every
command runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and OMP_NUM_THREADS set to --threads. Prints a
Markdown table of medians and each library's BLAS; writes peers-summary.json and, through `sandwich bench-chart`,
peers-throughput.png into --out. See docs/peers.md.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys

UNSET = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
FP32 = ("sandwich", "pytorch", "djl", "dl4j")
BF16 = ("sandwich-bf16", "pytorch-bf16")
BF16_LINE = "cpu bf16 products (--bf16)"  # sandwich doctor's line on the CPU's bf16 products


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
    p.add_argument("--bf16", choices=("auto", "yes", "no"), default="auto",
                   help="the two bf16 contenders: where sandwich doctor says the CPU has bf16 products (auto)")
    p.add_argument("--bf16-tolerance", type=float, default=2e-2,
                   help="largest relative step-loss difference of PyTorch bf16 autocast to sandwich --bf16")
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
        self.doctor_lines = None

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def doctor(self, key):
        """What `sandwich doctor` (run once, in this environment) says after "key:", or None."""
        if self.doctor_lines is None:
            self.doctor_lines = subprocess.run([self.path("scripts", "sandwich"), "doctor"], env=self.env,
                                               capture_output=True, text=True).stdout.splitlines()
        return next((ln[len(key) + 1:].strip() for ln in self.doctor_lines if ln.startswith(key + ":")), None)

    def common(self, batch):
        return ["--data", self.data, "--batch", str(batch), "--threads", str(self.a.threads)]

    def bench(self, name, batch, out):
        a = self.a
        timed = ["--epochs", str(a.epochs), "--warmup", str(a.warmup), "--device", "cpu", "--json", out]
        if name.startswith("sandwich"):
            return [self.path("scripts", "sandwich"), "bench", "--model", "app2l1", "--quiet"] \
                + self.common(batch) + timed + bf16_flag(name)
        return self.peer(name) + self.common(batch) + timed + bf16_flag(name)

    def parity(self, name, batch, weights, out):
        a = self.a
        if name.startswith("sandwich"):
            with open(self.path("target", "test-classpath.txt")) as f:
                cp = ":".join([self.path("target", "test-classes"), self.path("target", "classes"), f.read().strip()])
            return self.java + ["-cp", cp, "io.sandwich.nn.StepLossTrace", "--weights", weights, "--json", out,
                                "--steps", str(a.steps), "--bf16", str(name in BF16).lower()] + self.common(batch)
        return self.peer(name) + self.common(batch) + ["--parity", weights, "--steps", str(a.steps), "--json", out] \
            + bf16_flag(name)

    def peer(self, name):
        if name.startswith("pytorch"):
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


def bf16_flag(name):
    return ["--bf16"] if name in BF16 else []


def reference(name):
    """The sandwich contender a contender is compared with: sandwich --bf16 for the bf16 ones."""
    return "sandwich-bf16" if name in BF16 else "sandwich"


def parity_check(c, a, batch, names):
    """Every peer's step losses against its sandwich reference's; exits when one differs by more than the tolerance
    (--bf16-tolerance for the bf16 peers)."""
    losses = {}
    for name in names:
        weights = os.path.join(a.work, "parity-weights-%s.txt" % reference(name))
        out = os.path.join(a.work, "parity-%s.json" % name)
        res = c.run(name, c.parity(name, batch, weights, out), out, os.path.join(a.work, "parity-%s.log" % name))
        losses[name] = res["losses"]
    print("Parity: %d steps of batch %d from sandwich's initial weights, no dropout, rows in file order"
          % (a.steps, batch))
    print("| peer | against | max relative step-loss difference | tolerance | first loss | last loss |")
    print("|---|---|---|---|---|---|")
    worst, bad = {}, []
    for name in names:
        ref, got = losses[reference(name)], losses[name]
        if name == reference(name):
            print("| %s | (reference) | | | %.6g | %.6g |" % (name, ref[0], ref[-1]))
            continue
        if len(got) != len(ref):
            sys.exit("bench-vs-peers: %s wrote %d losses, %s %d" % (name, len(got), reference(name), len(ref)))
        tolerance = a.bf16_tolerance if name in BF16 else a.tolerance
        worst[name] = max(abs(x - y) / max(abs(y), 1e-30) for x, y in zip(got, ref))
        print("| %s | %s | %.2e | %g | %.6g | %.6g |" % (name, reference(name), worst[name], tolerance, got[0],
                                                        got[-1]))
        if not worst[name] <= tolerance:
            bad.append("%s (%.2e against %s, tolerance %g)" % (name, worst[name], reference(name), tolerance))
    if bad:
        sys.exit("bench-vs-peers: PARITY FAILED: %s; no benchmark run" % ", ".join(bad))
    print("parity ok: every peer within its tolerance of sandwich\n", flush=True)
    return {"steps": a.steps, "batch": batch, "tolerance": a.tolerance, "bf16_tolerance": a.bf16_tolerance,
            "max_relative_difference": worst, "losses": losses}


def contenders(a, c):
    """The contenders of this run: the fp32 four, and the bf16 two where --bf16 and the CPU say so."""
    if a.bf16 == "no":
        return FP32
    said = c.doctor(BF16_LINE) or "unknown (sandwich doctor printed no bf16 line)"
    if said.startswith("yes"):
        return FP32 + BF16
    if a.bf16 == "yes":
        sys.exit("bench-vs-peers: --bf16 yes, but this CPU has no bf16 products: " + said)
    print("bench-vs-peers: no bf16 contenders: " + said, flush=True)
    return FP32


def sandwich_blas(c):
    """`sandwich doctor`'s BLAS line, with the core its OpenBLAS picks in this environment (asked in a process of
    its own, from the library javacpp unpacked)."""
    line = c.doctor("blas")
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


def tool(name, result):
    """A contender's name in the table and the chart: the tool its JSON names, sandwich's with its flag."""
    return result["tool"] + (" --bf16" if name == "sandwich-bf16" else "")


def summarize(a, c, data, batches, results, parity, names):
    summary = {"data": data, "threads": a.threads, "device": "cpu", "rounds": a.rounds, "epochs": a.epochs,
               "warmup": a.warmup, "environment": {"unset": list(UNSET), "OMP_NUM_THREADS": a.threads},
               "parity": {k: v for k, v in parity.items() if k != "losses"}, "contenders": {}, "batches": []}
    first = results[batches[0]]
    for name in names:
        blas = first[name][0].get("blas", "unknown")
        if name == "sandwich":
            blas = sandwich_blas(c)
        elif name == "sandwich-bf16":
            blas = "bf16 products: " + (c.doctor(BF16_LINE) or "unknown")
        summary["contenders"][name] = {"tool": tool(name, first[name][0]), "blas": blas,
                                       "precision": "bf16" if name in BF16 else "fp32", "against": reference(name)}
    for b in batches:
        row = {"batch": b, "contenders": {}, "series": {}}
        runs = {name: [x["samples_per_second"] for x in results[b][name]] for name in names}
        for name in names:
            v = runs[name]
            r = row["contenders"][name] = {
                "tool": tool(name, results[b][name][0]), "samples_per_second": statistics.median(v),
                "sandwich_ratio": statistics.median([x / y for x, y in zip(runs[reference(name)], v)]),
                "peak_rss_mb": max(x["peak_rss_mb"] for x in results[b][name]), "runs": v}
            if name in BF16:  # the same round's fp32 run of the same library
                fp32 = runs[name[:-len("-bf16")]]
                r["bf16_over_fp32"] = statistics.median([x / y for x, y in zip(v, fp32)])
            row["series"][r["tool"]] = r["samples_per_second"]
        # the fields bench-vs-torch's summary has, for readers of that format
        t = row["contenders"]["pytorch"]
        row.update({"sandwich": row["contenders"]["sandwich"]["samples_per_second"], "pytorch":
                    t["samples_per_second"], "ratio": t["sandwich_ratio"], "pytorch_tool": t["tool"],
                    "sandwich_rss_mb": row["contenders"]["sandwich"]["peak_rss_mb"], "pytorch_rss_mb":
                    t["peak_rss_mb"]})
        summary["batches"].append(row)
    return summary


def print_table(summary, was, names):
    print("\n| batch | contender | tool | samples/s (median) | sandwich / it | bf16 / fp32 | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for row in summary["batches"]:
        for name in names:
            r = row["contenders"][name]
            print("| %d | %s | %s | %.0f | %.2f | %s | %.0f |"
                  % (row["batch"], name, r["tool"], r["samples_per_second"], r["sandwich_ratio"],
                     "%.2f" % r["bf16_over_fp32"] if "bf16_over_fp32" in r else "", r["peak_rss_mb"]))
    print("\nsandwich / it: the median of the rounds' ratios, against sandwich in the same precision (sandwich "
          "--bf16 for the bf16 rows); bf16 / fp32: against the same library's fp32 run of the same round.")
    print("\nEnvironment: %s unset for every contender's process (this shell had %s); OMP_NUM_THREADS=%d."
          % (" and ".join(UNSET), ", ".join("%s=%s" % (k, was[k]) if k in was else k + " unset" for k in UNSET),
             summary["threads"]))
    print("BLAS of each contender:")
    for name in names:
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
    names = contenders(a, c)
    parity = parity_check(c, a, batches[0], names)
    results = {b: {n: [] for n in names} for b in batches}
    for r in range(1, a.rounds + 1):
        order = list(names[(r - 1) % len(names):] + names[:(r - 1) % len(names)])
        for b in batches:
            for name in order:
                out = os.path.join(a.work, "%s-b%d-r%d.json" % (name, b, r))
                res = c.run(name, c.bench(name, b, out), out, os.path.join(a.work, "%s-b%d-r%d.log" % (name, b, r)))
                results[b][name].append(res)
                print("round %d batch %4d %-13s %8.0f samples/s  peak RSS %5.0f MB"
                      % (r, b, name, res["samples_per_second"], res["peak_rss_mb"]), flush=True)
    summary = summarize(a, c, data, batches, results, parity, names)
    print_table(summary, was, names)
    path = os.path.join(a.out, "peers-summary.json")
    with open(path + ".tmp", "w") as f:
        json.dump(summary, f, indent=2)
    os.replace(path + ".tmp", path)
    png = os.path.join(a.out, "peers-throughput.png")
    subprocess.run([c.path("scripts", "sandwich"), "bench-chart", "--summary", path, "--out", png], check=True)
    print("wrote", path, "and", png)


if __name__ == "__main__":
    sys.exit(main())
