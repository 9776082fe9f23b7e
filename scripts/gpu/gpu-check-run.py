#!/usr/bin/env python3
"""The --run half of scripts/gpu-check: runs on the GPU machine from the .gpu/ bundle, without JDK, Maven or network.

Steps, each logged to OUT/: the environment the PyTorch runs get (the one this was started with, less any
LD_LIBRARY_PATH folder that puts another copy of a library in front of PyTorch's own: a probe imports torch with
and without LD_LIBRARY_PATH and compares the libraries it maps; summary.json's pytorch says what was left out, or
why PyTorch cannot run); what GPU, driver and CUDA libraries are here (and which LD_LIBRARY_PATH the Java side
gets: the CUDA library folders found, behind the bundle's shim where there is no libcublas.so.12, as on CUDA 13, whose
libcublas.so.13 it forwards to; cuSPARSE is libcusparse.so.12 on CUDA 12 and 13 alike); the gpu test
suite (every gpu-tagged test, through GpuSuite on the JUnit console launcher's classes); the GPU benchmark, sandwich
(CUDA graphs, eager steps, the SpMM input path, TF32) against PyTorch on the same GPU (eager and
torch.compile(mode="reduce-overhead")), alternating; with the time left, sandwich and PyTorch eager at batch 32 and
512 (OUT/summary.json's batch_sweep); OUT/summary.json.
Everything runs against one deadline (--budget seconds, 420 by default, so the whole run stays within 8 minutes):
each command's time limit is cut to what is left, the benchmark starts another round only when a round's worth of
time remains, and OUT/summary.json is rewritten after every step ("complete": false until the end), so a run that
is stopped from outside still leaves what it measured. The benchmark's first round runs sandwich and PyTorch eager
first, the pair the 3x goal compares.
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time


DEADLINE = [float("inf")]


def left():
    """Seconds left before the run's deadline."""
    return DEADLINE[0] - time.time()


def version_tuple(v):
    """'2.36' -> (2, 36), for comparing glibc versions."""
    return tuple(int(x) for x in v.split(".") if x.isdigit())


def sh(cmd, log, env=None, timeout=120):
    t0 = time.time()
    timeout = max(1, min(timeout, left()))
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=timeout, text=True)
        out, rc = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or "") if isinstance(e.stdout, str) else "", 124
    except OSError as e:
        out, rc = str(e), 127
    with open(log, "a") as f:
        f.write("$ %s\n%s\n[exit %d after %.1f s]\n\n" % (" ".join(cmd), out, rc, time.time() - t0))
    return rc, out


def cuda_library_dirs():
    """Folders holding libcublas / libcusparse: LD_LIBRARY_PATH's, the linker cache's, CUDA installs', PyTorch wheels'."""
    dirs = []
    try:
        out = subprocess.run(["ldconfig", "-p"], stdout=subprocess.PIPE, text=True).stdout
        for line in out.splitlines():
            if "libcublas.so" in line or "libcusparse.so" in line:
                dirs.append(os.path.dirname(line.split("=>")[-1].strip()))
    except OSError:
        pass
    patterns = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    patterns += ["/usr/local/cuda*/lib64", "/usr/local/cuda*/targets/*/lib", "/usr/lib/x86_64-linux-gnu"]
    try:
        import site
        for sp in site.getsitepackages():
            patterns += [sp + "/nvidia/*/lib", sp + "/nvidia/cu13/lib", sp + "/nvidia/cu12/lib"]
    except Exception:
        pass
    for pat in patterns:
        for d in glob.glob(pat):
            if glob.glob(d + "/libcublas.so*") or glob.glob(d + "/libcusparse.so*") or glob.glob(d + "/libnvJitLink.so*"):
                dirs.append(d)
    seen = []
    for d in dirs:
        if d not in seen:
            seen.append(d)
    return seen


def version_nodes(files, log):
    """The symbol version nodes each cuBLAS / cuSPARSE library among files defines (JCuda's natives need
    "libcublas.so.12" and "libcusparse.so.12"), read with objdump -p where it is installed; logged whole."""
    nodes = {}
    for f in files:
        if not re.fullmatch(r"lib(cublas|cusparse)\.so\.1[0-9]", os.path.basename(f)):
            continue
        rc, out = sh(["objdump", "-p", f], log, timeout=30)
        if rc != 0:
            continue
        names = []
        in_defs = False
        for line in out.splitlines():
            if line.startswith("Version definitions:"):
                in_defs = True
            elif in_defs and not line.strip():
                break
            elif in_defs and line.split()[-1] not in names and not line.split()[-1].isdigit():
                names.append(line.split()[-1])
        nodes[f] = names
    return nodes


def compile_readiness(torch_info, plant=()):
    """Why torch.compile (Triton) cannot run here, or None: it needs PyTorch 2, a C compiler and Python's headers.

    torch_info is what pytorch_environment found; with "no-cc" in plant, the compiler is looked for on an empty PATH
    (a rehearsal of a machine without one)."""
    missing = []
    version = torch_info.get("version") or ""
    if not version:
        missing.append("PyTorch does not run here")
    elif not version.split(".")[0].isdigit() or int(version.split(".")[0]) < 2:
        missing.append("PyTorch %s has no torch.compile" % version)
    path = "" if "no-cc" in plant else None
    if not any(shutil.which(c, path=path) for c in ("cc", "gcc", "clang")):
        missing.append("no C compiler (cc, gcc or clang) on the PATH, which Triton needs to build its launcher")
    include = sysconfig.get_paths().get("include") or "?"
    if not os.path.exists(os.path.join(include, "Python.h")):
        missing.append("no Python.h in %s (the Python headers Triton compiles against)" % include)
    return "; ".join(missing) or None


# Run by the PyTorch side's Python: imports torch, makes it load its BLAS (cuBLAS where it sees a GPU), and prints
# its version, whether it sees CUDA, and every shared library the process mapped (from /proc/self/maps).
TORCH_PROBE = r"""
import json, os
out = {}
try:
    import torch
    out["version"] = torch.__version__
    out["cuda"] = torch.version.cuda
    out["cuda_available"] = bool(torch.cuda.is_available())
    dev = "cuda" if out["cuda_available"] else "cpu"
    a = torch.ones(8, 8, device=dev)
    float((a @ a).sum())
except Exception as e:
    out["error"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
maps = [l.split()[-1] for l in open("/proc/self/maps") if l.rstrip().split()[-1].startswith("/")]
out["libraries"] = sorted({m for m in maps if ".so" in os.path.basename(m)})
print("PROBE " + json.dumps(out))
"""


def stem(path):
    """libcublas.so.13.0.2.14 -> libcublas: a library's name without its version."""
    return os.path.basename(path).split(".so")[0]


def probe_torch(python, env, log):
    """What TORCH_PROBE reports under env, or {"error": ...} when it printed nothing."""
    rc, out = sh([python, "-c", TORCH_PROBE], log, env=env, timeout=120)
    for line in out.splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[6:])
    return {"error": "the probe exited %d: %s" % (rc, out.strip().splitlines()[-1] if out.strip() else "no output")}


def pytorch_environment(python, log, plant=(), plant_dir=None):
    """The environment the PyTorch runs get, and what was found: PyTorch's version, whether it sees CUDA, and, where
    the LD_LIBRARY_PATH this harness was started with puts a folder in front of PyTorch's own libraries (a CUDA
    install of another release, a shim), which folders it leaves out and why.

    The probe runs twice, as given and without LD_LIBRARY_PATH: a library that resolves to another file with it is
    shadowed, and the folders holding such files are dropped from PyTorch's LD_LIBRARY_PATH. Where torch imports
    only with LD_LIBRARY_PATH, it is kept; where it fails only with it, PyTorch runs without it. With "shadow" in
    plant, a copy of one library PyTorch maps is first put in plant_dir, in front of LD_LIBRARY_PATH (a rehearsal of
    such a folder); with "broken-shadow", a file of that name that is no library."""
    given = dict(os.environ)
    bare = {k: v for k, v in given.items() if k != "LD_LIBRARY_PATH"}
    info = {"python": python}
    planting = "shadow" in plant or "broken-shadow" in plant
    without = probe_torch(python, bare, log) if planting or given.get("LD_LIBRARY_PATH") else None
    if planting:
        info["planted"] = plant_shadow(without, plant_dir, "broken-shadow" in plant)
        if info["planted"].startswith("/"):
            given["LD_LIBRARY_PATH"] = ":".join(filter(None, [plant_dir, given.get("LD_LIBRARY_PATH", "")]))
    chosen, env = probe_torch(python, given, log), given
    if given.get("LD_LIBRARY_PATH"):
        if "error" in chosen:
            if "error" not in without:
                info["environment"] = "without LD_LIBRARY_PATH: with it, PyTorch fails (%s)" % chosen["error"]
                chosen, env = without, bare
        elif "error" not in without:
            own = {}
            for l in without["libraries"]:
                own.setdefault(stem(l), []).append(os.path.realpath(l))
            shadowed = [l for l in chosen["libraries"] if stem(l) in own and os.path.realpath(l) not in own[stem(l)]]
            if shadowed:
                folders = {os.path.realpath(os.path.dirname(l)) for l in shadowed}
                dirs = [d for d in given["LD_LIBRARY_PATH"].split(":") if d]
                kept = [d for d in dirs if os.path.realpath(d) not in folders]
                env = dict(bare, LD_LIBRARY_PATH=":".join(kept)) if kept else bare
                chosen = probe_torch(python, env, log) if kept else without
                info["environment"] = "LD_LIBRARY_PATH without %s, which put %s in front of PyTorch's own %s" % (
                    ", ".join(d for d in dirs if d not in kept), ", ".join(shadowed),
                    ", ".join(p for l in shadowed for p in own[stem(l)]))
    for k in ("version", "cuda", "cuda_available", "error"):
        if k in chosen:
            info[k] = chosen[k]
    info["cuda_libraries"] = [l for l in chosen.get("libraries", []) if re.match(
        r"lib(cuda|cublas|cusparse|cufft|curand|cusolver|cudnn|cupti|nvrtc|nvJitLink|nccl)", os.path.basename(l))]
    if "planted" in info and info["planted"].startswith("/"):
        info["planted_detected"] = "environment" in info
    if "error" in chosen:
        info["skipped"] = "PyTorch does not run with %s: %s" % (python, chosen["error"])
    elif not chosen.get("cuda_available"):
        info["skipped"] = "PyTorch %s (%s) sees no CUDA device: torch.cuda.is_available() is False" % (
            chosen.get("version"), python)
    return env, info


def plant_shadow(torch_probe, folder, broken=False):
    """Copies one library that PyTorch maps into folder (a CUDA library where PyTorch maps one, else the smallest
    that is neither the C library's nor a Python module), under its file name and each shorter name its soname may
    be (libx.so.1.13.0: also libx.so.1.13, libx.so.1), and returns the path of the copy, or why there is none.
    broken: a file of a few bytes that is no library instead of the copy."""
    core = ("libc.so", "libm.so", "libdl.so", "librt.so", "libpthread.so", "libpython", "libutil.so")
    libs = [l for l in torch_probe.get("libraries", []) if os.path.basename(l).startswith("lib")
            and not os.path.basename(l).startswith(core)]
    if not libs:
        return "nothing planted: the probe found no library to shadow (%s)" % torch_probe.get("error", "")
    cuda = [l for l in libs if re.match(r"lib(cublas|cudart|cusparse|nvJitLink)", os.path.basename(l))]
    pick = cuda[0] if cuda else min(libs, key=os.path.getsize)
    os.makedirs(folder, exist_ok=True)
    name = os.path.basename(os.path.realpath(pick))
    copy = os.path.join(folder, name)
    if broken:
        with open(copy, "w") as f:
            f.write("not a library\n")
    else:
        shutil.copyfile(pick, copy)
    while ".so." in name:
        name = name.rsplit(".", 1)[0]
        os.symlink(os.path.basename(copy), os.path.join(folder, name))
    return copy


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--root")
    p.add_argument("--bundle")
    p.add_argument("--out", required=True)
    p.add_argument("--python", default=sys.executable, help="the Python with PyTorch (default: this one)")
    p.add_argument("--only-pytorch", action="store_true",
                   help="only find the environment the PyTorch runs get (summary.json's pytorch), then stop")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--budget", type=float, default=420, help="seconds the whole run may take (default 420)")
    p.add_argument("--plant", action="append", default=[],
                   help="rehearse a fault: no-cc (no C compiler), shadow (a folder in front of one of PyTorch's "
                        "libraries), broken-shadow (the same with a file that is no library)")
    a = p.parse_args()
    if not a.only_pytorch and not (a.root and a.bundle):
        p.error("--root and --bundle are needed, except with --only-pytorch")
    os.makedirs(a.out, exist_ok=True)
    start = time.time()
    DEADLINE[0] = start + a.budget
    commit = os.path.join(a.bundle or "", "COMMIT")
    summary = {"commit": open(commit).read().strip() if a.bundle and os.path.exists(commit) else None,
               "complete": False,
               # recorded, never set: lazy loading (CUDA 12.2's default) is what users get, and what the backend
               # must survive (every kernel resolved and cuBLAS used once before any capture)
               "cuda_module_loading": os.environ.get("CUDA_MODULE_LOADING", "unset (the driver's default)")}

    def save():
        summary["seconds"] = time.time() - start
        tmp = os.path.join(a.out, "summary.json.tmp")
        with open(tmp, "w") as f:
            json.dump(summary, f, indent=2)
        os.replace(tmp, os.path.join(a.out, "summary.json"))

    # 0. PyTorch's own environment: the one this harness was started with, less any folder on LD_LIBRARY_PATH that
    # puts another copy of a library in front of PyTorch's (the Java side's LD_LIBRARY_PATH is built separately)
    torch_env, summary["pytorch"] = pytorch_environment(a.python, os.path.join(a.out, "pytorch.log"), a.plant,
                                                        os.path.join(a.out, "planted-shadow"))
    print("PyTorch: %s" % "; ".join("%s %s" % (k, v) for k, v in summary["pytorch"].items()
                                    if k in ("version", "environment", "skipped")), flush=True)
    save()
    if a.only_pytorch:
        summary["complete"] = True
        save()
        return 0

    # 1. the bundle's Java runtime and natives need a minimum glibc: an older one would fail every Java step
    need_file = os.path.join(a.bundle, "GLIBC")
    need = open(need_file).read().strip() if os.path.exists(need_file) else ""
    have = os.confstr("CS_GNU_LIBC_VERSION").split()[-1] if hasattr(os, "confstr") else ""
    summary["glibc"] = {"machine": have or "unknown", "bundle_needs": need or "unknown"}
    if need and have and version_tuple(have) < version_tuple(need):
        summary["stopped"] = ("glibc %s here is older than %s, which the bundle's Java runtime and natives need:"
                              " build the bundle (gpu-check --prepare) on a system with glibc %s or older" % (have, need, have))
        print("gpu-check: " + summary["stopped"], flush=True)
        save()
        sys.exit(3)

    # 2. what is here
    env_log = os.path.join(a.out, "environment.log")
    _, smi = sh(["nvidia-smi", "--query-gpu=name,driver_version,memory.total", "--format=csv,noheader"], env_log)
    summary["gpu"] = smi.strip()
    dirs = cuda_library_dirs()
    files = sorted(f for d in dirs for f in glob.glob(d + "/libcu*.so.*") + glob.glob(d + "/libnvJitLink.so.*"))
    libs = sorted({os.path.basename(f) for f in files})
    summary["cuda_library_dirs"] = dirs
    summary["cuda_libraries"] = libs
    summary["cuda_library_version_nodes"] = version_nodes(files, env_log)
    # JCuda 12.6 binds to libcublas.so.12 and libcusparse.so.12. CUDA 12 has both; CUDA 13 has libcublas.so.13 (the
    # shim's libcublas.so.12 forwards to it) and still libcusparse.so.12 (cuSPARSE 12), used as it is
    blas12 = any(l.startswith("libcublas.so.12") for l in libs)
    ld = ([] if blas12 else [os.path.join(a.bundle, "shim")]) + dirs
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = ":".join(ld + [env.get("LD_LIBRARY_PATH", "")]).strip(":")
    summary["cuda_libraries_used"] = ("libcublas.so.12" if blas12 else "libcublas.so.13 through the shim") + ", " + (
        "libcusparse.so.12" if any(l.startswith("libcusparse.so.12") for l in libs) else "no libcusparse.so.12 found")
    print("GPU: %s\nCUDA libraries: %s\nJava gets: %s" % (summary["gpu"], ", ".join(libs) or "none found",
                                                             summary["cuda_libraries_used"]), flush=True)
    save()

    java = os.path.join(a.bundle, "jre", "bin", "java")
    cp = os.path.join(a.bundle, "app", "sandwich.jar") + ":" + os.path.join(a.bundle, "app", "lib", "*")
    console = glob.glob(os.path.join(a.bundle, "tools", "junit-platform-console-standalone-*.jar"))[0]

    # sandwich doctor, as Java sees this machine (its JSON goes into the summary as it is)
    doctor_json = os.path.join(a.out, "doctor.json")
    rc, out = sh([java, "-cp", cp, "io.sandwich.cli.Main", "doctor", "--json", doctor_json],
                 os.path.join(a.out, "doctor.log"), env=env, timeout=60)
    summary["doctor"] = json.load(open(doctor_json)) if rc == 0 and os.path.exists(doctor_json) else (
        "doctor failed (exit %d): %s" % (rc, out.strip().splitlines()[-1] if out.strip() else ""))
    save()

    # 3. the gpu test suite (GpuSuite: every gpu-tagged test; one that skips because no GPU opened is a failure)
    tcp = cp + ":" + os.path.join(a.bundle, "test-classes") + ":" + ":".join(glob.glob(os.path.join(a.bundle, "tools", "*.jar")))
    rc, out = sh([java, "-cp", tcp, "io.sandwich.backend.cuda.GpuSuite"], os.path.join(a.out, "tests.log"), env=env,
                 timeout=240)
    summary["tests_exit"] = rc
    summary["tests"] = [l.strip() for l in out.splitlines()
                        if any(w in l for w in ("tests successful", "tests failed", "tests aborted", "gpu suite:"))]
    reasons = sorted({l[l.index("no GPU"):].strip() for l in out.splitlines() if "no GPU" in l})
    if reasons:
        summary["gpu_tests_skipped_because"] = reasons[:3]
    print("tests: exit %d; %s" % (rc, "; ".join(summary["tests"])), flush=True)
    save()

    # 4. the benchmark: sandwich (graphs, eager steps, SpMM input, TF32) against PyTorch eager and compiled,
    # alternating; each run's epochs are timed inside the process (median), so JVM and Python start-up do not count
    seed = os.path.join(a.bundle, "seed")
    runs = {"sandwich": [], "pytorch eager": [], "sandwich --no-graphs": [], "pytorch compile": [],
            "sandwich --spmm": [], "sandwich --tf32": []}
    bench_log = os.path.join(a.out, "bench.log")
    if summary["pytorch"].get("skipped"):
        del runs["pytorch eager"], runs["pytorch compile"]
        print("bench: PyTorch is left out: " + summary["pytorch"]["skipped"], flush=True)
    not_compiling = compile_readiness(summary["pytorch"], a.plant)
    if not_compiling:
        runs.pop("pytorch compile", None)
        summary["pytorch_compile_skipped"] = not_compiling
        print("bench: PyTorch compiled is left out: " + not_compiling, flush=True)
    summary["batch_policy"] = ("every epoch has the same full batches and one shorter last batch; the warm-up epochs"
                               " (%d) build what each shape needs on both sides, sandwich a captured CUDA graph per"
                               " shape, torch.compile a compiled graph per shape, so the timed epochs include no"
                               " capture and no compile" % a.warmup if a.warmup > 0 else
                               "no warm-up epoch: captures and compiles fall into the timed epochs")
    save()

    def measure(name, batch, label):
        """One benchmark process: the parsed JSON it wrote, or None."""
        js = os.path.join(a.out, "bench-%s-%s.json" % (name.replace(" ", "_").replace("-", ""), label.replace(" ", "")))
        if name.startswith("sandwich"):
            cmd = [java, "-cp", cp, "io.sandwich.cli.Main", "bench", "--model", "app2l1", "--data", seed,
                   "--epochs", str(a.epochs), "--warmup", str(a.warmup), "--batch", str(batch), "--device", "gpu",
                   "--quiet", "--json", js] + name.split()[1:]
        else:
            cmd = [a.python, os.path.join(a.bundle, "tools", "torch-peer.py"), "--data", seed, "--epochs",
                   str(a.epochs), "--warmup", str(a.warmup), "--batch", str(batch), "--device", "cuda", "--threads", "4",
                   "--json", js] + (["--compile"] if "compile" in name else [])
        # PyTorch gets its own environment (step 0): the LD_LIBRARY_PATH built for Java (shim and CUDA folders
        # first) could make `import torch` bind a CUDA library other than its wheels' and lose both baselines.
        # torch.compile's first compile alone can take over a minute, and the last, shorter batch compiles again
        rc, out = sh(cmd, bench_log, env=env if name.startswith("sandwich") else torch_env,
                     timeout=300 if "compile" in name else 120)
        print("bench %-22s %s: %s" % (name, label, out.strip().splitlines()[-1] if out.strip() else "exit %d" % rc),
              flush=True)
        return json.load(open(js)) if rc == 0 and os.path.exists(js) else None

    round_took = 0.0
    for r in range(a.rounds):
        if r > 0 and left() < round_took:
            print("bench: %.0f s left, a round took %.0f s: stopping after %d round(s)" % (left(), round_took, r),
                  flush=True)
            break
        round_start = time.time()
        order = list(runs.keys())
        if r % 2:
            order.reverse()
        for name in order:
            if left() < 10:
                print("bench: the run's budget is spent; %s round %d not run" % (name, r + 1), flush=True)
                continue
            result = measure(name, 128, "round %d" % (r + 1))
            if result:
                runs[name].append(result)
            summary["bench"] = bench_summary(runs)
            save()
        round_took = time.time() - round_start
    summary["bench"] = bench = bench_summary(runs)

    # 5. with the time left: sandwich and PyTorch eager at other batch sizes, one run each (how the ratio scales)
    sweep = {}
    for batch in (32, 512):
        for name in ("sandwich", "pytorch eager"):
            if left() < 45 or name not in runs:
                continue
            result = measure(name, batch, "batch %d" % batch)
            if result:
                sweep.setdefault(str(batch), {})[name] = result["samples_per_second"]
        row = sweep.get(str(batch), {})
        if "sandwich" in row and "pytorch eager" in row:
            row["ratio_vs_eager"] = row["sandwich"] / row["pytorch eager"]
        summary["batch_sweep"] = sweep
        save()
    summary["complete"] = True
    save()
    print(json.dumps(bench, indent=2))
    return 0 if summary["tests_exit"] == 0 else 1


def bench_summary(runs):
    """Medians of each variant's runs, and the ratios between them."""
    bench = {}
    for name, rs in runs.items():
        if rs:
            bench[name] = {"samples_per_second": statistics.median(x["samples_per_second"] for x in rs),
                           "ms_per_step": statistics.median(x["ms_per_step"] for x in rs), "runs": len(rs)}
    if "sandwich" in bench and "pytorch eager" in bench:
        bench["ratio_vs_eager"] = bench["sandwich"]["samples_per_second"] / bench["pytorch eager"]["samples_per_second"]
    if "sandwich" in bench and "pytorch compile" in bench:
        bench["ratio_vs_compile"] = bench["sandwich"]["samples_per_second"] / bench["pytorch compile"]["samples_per_second"]
    if "sandwich" in bench and "sandwich --no-graphs" in bench:
        bench["graphs_speedup"] = bench["sandwich"]["samples_per_second"] / bench["sandwich --no-graphs"]["samples_per_second"]
    if "sandwich" in bench and "sandwich --spmm" in bench:
        bench["spmm_vs_gemm"] = bench["sandwich --spmm"]["samples_per_second"] / bench["sandwich"]["samples_per_second"]
    return bench


if __name__ == "__main__":
    sys.exit(main())
