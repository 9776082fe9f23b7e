#!/usr/bin/python3
"""Generate PyTorch parity fixtures for the sandwich Java trainer.

Run from the repository root with the system interpreter:

    /usr/bin/python3 scripts/test/make-parity-fixtures.py

Writes one JSON file per loss into src/test/resources/io/sandwich/parity/
plus a README.md describing them. Fully deterministic (fixed seed, CPU only,
single-threaded). Every quantity is computed twice from the same initial
float32 weights and inputs: once in float32 (like the Java code) and once in
float64; both are stored, under "f32" and "f64".
"""

import copy
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20240611
SIZES = [7, 9, 8, 5]  # input, hidden1, hidden2, output
BATCH = 6
ADAM = {"lr": 1e-2, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2}
LOSS_NAMES = ["mse", "masked", "masked-elementwise", "l1", "soft-ce"]

OUT_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir,
    "src", "test", "resources", "io", "sandwich", "parity")
OUT_DIR = os.path.normpath(OUT_DIR)


# --------------------------------------------------------------------------
# Net and losses
# --------------------------------------------------------------------------

def make_net():
    """Linear(7,9) -> ReLU -> Linear(9,8) -> ReLU -> Linear(8,5).

    Weights: xavier_normal_ (gain 1); biases: PyTorch's default nn.Linear init
    (uniform(-1/sqrt(fan_in), 1/sqrt(fan_in))). Uses the global RNG, which the
    caller seeds.
    """
    layers = []
    for i in range(len(SIZES) - 1):
        lin = nn.Linear(SIZES[i], SIZES[i + 1])  # default init (bias kept)
        nn.init.xavier_normal_(lin.weight)
        layers.append(lin)
        if i < len(SIZES) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def linears(net):
    return [m for m in net if isinstance(m, nn.Linear)]


def loss_mse(out, y):
    return ((out - y) ** 2).mean()


def loss_masked(out, y):
    # Original research code's form: sum over rows of rowsum(y) * rowsum(sq err)
    return torch.sum(torch.mm(y.t(), (out - y) ** 2))


def loss_masked_elementwise(out, y):
    return torch.sum(y * (out - y) ** 2)


def loss_l1(out, y):
    return (out - y).abs().mean()


def soft_targets(y):
    s = y.sum(1, keepdim=True)
    safe = torch.where(s > 0, s, torch.ones_like(s))
    return torch.where(s > 0, y / safe, torch.zeros_like(y))


def loss_soft_ce(out, y):
    t = soft_targets(y)
    return -(t * F.log_softmax(out, 1)).sum(1).mean()


LOSSES = {
    "mse": loss_mse,
    "masked": loss_masked,
    "masked-elementwise": loss_masked_elementwise,
    "l1": loss_l1,
    "soft-ce": loss_soft_ce,
}


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def make_batch(gen):
    """X: non-negative rows summing to 1, ~40% zeros, >= 1 non-zero per row.
    Y: non-negative rows, ~50% zeros, >= 1 non-zero per row, row sums in
    [0.5, 1] (not normalised). Both float32."""
    n_in, n_out = SIZES[0], SIZES[-1]

    def sparse_rows(n_cols, zero_frac):
        vals = torch.rand(BATCH, n_cols, generator=gen) + 0.05
        mask = torch.rand(BATCH, n_cols, generator=gen) >= zero_frac
        for r in range(BATCH):
            if not mask[r].any():
                mask[r, torch.randint(n_cols, (1,), generator=gen)] = True
        return vals * mask

    x = sparse_rows(n_in, 0.4)
    x = x / x.sum(1, keepdim=True)
    y = sparse_rows(n_out, 0.5)
    target_sums = 0.5 + 0.5 * torch.rand(BATCH, 1, generator=gen)
    y = y / y.sum(1, keepdim=True) * target_sums
    return x.float(), y.float()


# --------------------------------------------------------------------------
# Reference computation
# --------------------------------------------------------------------------

def tolist(t):
    # float32 -> float64 conversion is exact, so repr() keeps full precision.
    return t.detach().to(torch.float64).tolist()


def dump_layers(net):
    return [{"weight": tolist(l.weight), "bias": tolist(l.bias)} for l in linears(net)]


def dump_grads(net):
    return [{"weight": tolist(l.weight.grad), "bias": tolist(l.bias.grad)} for l in linears(net)]


def run(net0, x0, y0, loss_fn, dtype):
    net = copy.deepcopy(net0).to(dtype)
    x, y = x0.to(dtype), y0.to(dtype)
    rec = {"layers": dump_layers(net), "x": tolist(x), "y": tolist(y)}
    opt = torch.optim.Adam(
        net.parameters(), lr=ADAM["lr"], betas=(ADAM["beta1"], ADAM["beta2"]),
        eps=ADAM["eps"], weight_decay=ADAM["weight_decay"],
        amsgrad=False, maximize=False, foreach=False)

    # step 1
    opt.zero_grad()
    out = net(x)
    loss = loss_fn(out, y)
    loss.backward()
    rec["output"] = tolist(out)
    rec["loss"] = loss.item()
    rec["grads"] = dump_grads(net)
    opt.step()
    rec["after_step1"] = dump_layers(net)

    # step 2: new forward/backward on the same batch with updated weights
    opt.zero_grad()
    out2 = net(x)
    loss2 = loss_fn(out2, y)
    loss2.backward()
    rec["output_step2"] = tolist(out2)
    rec["loss_step2"] = loss2.item()
    rec["grads_step2"] = dump_grads(net)
    opt.step()
    rec["after_step2"] = dump_layers(net)

    assert out.dtype == dtype and loss.dtype == dtype
    return rec, out.detach(), x, y


# --------------------------------------------------------------------------
# Sanity checks
# --------------------------------------------------------------------------

def check(name, out, y, loss_value, dtype):
    tol = 1e-5 if dtype == torch.float32 else 1e-12
    o, t = out.double(), y.double()
    sq = (o - t) ** 2
    if name == "mse":
        ref = sq.sum().item() / sq.numel()
    elif name == "masked":
        ref = sum(t[r].sum().item() * sq[r].sum().item() for r in range(t.shape[0]))
    elif name == "masked-elementwise":
        ref = sum(t[r, c].item() * sq[r, c].item()
                  for r in range(t.shape[0]) for c in range(t.shape[1]))
    elif name == "l1":
        ref = (o - t).abs().sum().item() / o.numel()
    elif name == "soft-ce":
        ref = 0.0
        for r in range(t.shape[0]):
            s = t[r].sum().item()
            m = max(o[r].tolist())
            lse = m + math.log(sum(math.exp(v - m) for v in o[r].tolist()))
            if s > 0:
                ref += -sum((t[r, c].item() / s) * (o[r, c].item() - lse)
                            for c in range(t.shape[1]))
        ref /= t.shape[0]
    else:
        raise AssertionError(name)
    assert abs(ref - loss_value) <= tol * max(1.0, abs(ref)), (name, dtype, ref, loss_value)


def check_data(x, y):
    assert (x >= 0).all() and (y >= 0).all()
    assert torch.allclose(x.sum(1), torch.ones(BATCH), atol=1e-6)
    assert ((x > 0).sum(1) >= 1).all() and ((y > 0).sum(1) >= 1).all()
    ys = y.sum(1)
    assert ((ys >= 0.5 - 1e-6) & (ys <= 1.0 + 1e-6)).all()


# --------------------------------------------------------------------------
# Output formatting: compact but readable (one matrix row per line)
# --------------------------------------------------------------------------

def fmt(v, ind=0):
    pad = "  " * ind
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = [pad + "  " + json.dumps(k) + ": " + fmt(val, ind + 1) for k, val in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(v, list):
        if all(isinstance(e, (int, float)) for e in v):
            return "[" + ", ".join(json.dumps(e) for e in v) + "]"
        items = [pad + "  " + fmt(e, ind + 1) for e in v]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(v, float):
        assert math.isfinite(v)
    return json.dumps(v)


README = """# PyTorch parity fixtures

Generated by `scripts/test/make-parity-fixtures.py` (run with `/usr/bin/python3`)
using **PyTorch {torch_version}** (Python {py_version}), CPU, single-threaded,
seed `{seed}`. Do not edit by hand; rerun the script instead.

One file per loss: {files}.
All files share the same initial net and the same batch (the seed is reset once,
before the net is built); only the loss differs.

## Net

`Linear(7,9) -> ReLU -> Linear(9,8) -> ReLU -> Linear(8,5)`, no activation on
the output. PyTorch layout: `weight` is `[out][in]`, `bias` is `[out]`,
forward is `out = x @ W^T + b`. Weights are initialised with
`torch.nn.init.xavier_normal_` (gain 1), biases with PyTorch's default
`nn.Linear` init (`U(-1/sqrt(fan_in), 1/sqrt(fan_in))`), all in float32.

## Batch

6 rows. `x` (6x7): non-negative, ~40% zeros, at least one non-zero per row,
each row sums to 1 (like app-category shares). `y` (6x5): non-negative,
~50% zeros, at least one non-zero per row, not normalised (row sums in
[0.5, 1]). Both are float32 values.

## Losses (`out` = net output, `y` = targets, both `[6][5]`)

- `mse`: `((out - y)**2).mean()` -- mean over all 30 elements.
- `masked`: `torch.sum(torch.mm(y.t(), (out - y)**2))` -- the original
  research code's form; equals `sum_rows rowsum(y) * rowsum((out - y)**2)`
  (the script asserts this numerically).
- `masked-elementwise`: `torch.sum(y * (out - y)**2)`.
- `l1`: `(out - y).abs().mean()` -- mean over all 30 elements.
- `soft-ce`: `t = y / y.sum(1, keepdim=True)` (rows with zero sum get
  `t = 0`; no such row occurs in this batch);
  `loss = -(t * log_softmax(out, 1)).sum(1).mean()` -- mean over the 6 rows.

## Optimiser

`torch.optim.Adam(params, lr={lr}, betas=({beta1}, {beta2}), eps={eps},
weight_decay={weight_decay})`, `amsgrad=False`, `foreach=False`. Note that
PyTorch's Adam weight decay is *coupled* L2 (not AdamW). Per parameter, at step
`k` (1-based):

    g  = grad + weight_decay * p
    m  = beta1 * m + (1 - beta1) * g
    v  = beta2 * v + (1 - beta2) * g * g
    p  = p - (lr / (1 - beta1^k)) * m / (sqrt(v) / sqrt(1 - beta2^k) + eps)

Step 1 uses the initial weights; step 2 does a fresh forward/backward on the
same batch with the weights after step 1 (Adam state carried over).

## File layout

```
{{
  "loss_name": "mse" | "masked" | "masked-elementwise" | "l1" | "soft-ce",
  "torch_version": "...",
  "seed": int,
  "sizes": [7, 9, 8, 5],
  "adam": {{"lr", "beta1", "beta2", "eps", "weight_decay"}},
  "f32": RUN,
  "f64": RUN
}}

RUN = {{
  "layers":       LAYERS,        initial weights (identical values in f32 and f64)
  "x":            [6][7],
  "y":            [6][5],
  "output":       [6][5],        forward output with initial weights
  "loss":         number,
  "grads":        LAYERS,        d loss / d param at the initial weights
  "after_step1":  LAYERS,        params after one Adam step
  "output_step2": [6][5],        forward output with after_step1 weights
  "loss_step2":   number,        loss with after_step1 weights
  "grads_step2":  LAYERS,        gradients with after_step1 weights
  "after_step2":  LAYERS         params after the second Adam step
}}

LAYERS = [ {{"weight": [out][in], "bias": [out]}} x 3 ]   shapes 9x7, 8x9, 5x8
```

`f32` is computed entirely in float32 (numbers are the exact float64 value of
each float32, printed with full precision, so `(float) Double.parseDouble(s)`
recovers the float32 bit-exactly). `f64` is computed entirely in float64,
starting from the same float32 initial weights and inputs cast to float64.
The float64 run is the "ideal" result; a float32 Java implementation should be
compared to whichever of the two is tighter for the quantity in question.
"""


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    assert torch.get_default_dtype() == torch.float32

    torch.manual_seed(SEED)
    net0 = make_net()
    gen = torch.Generator().manual_seed(SEED + 1)
    x0, y0 = make_batch(gen)
    check_data(x0, y0)
    for l in linears(net0):
        assert l.weight.dtype == torch.float32

    os.makedirs(OUT_DIR, exist_ok=True)
    files = []
    for name in LOSS_NAMES:
        doc = {
            "loss_name": name,
            "torch_version": torch.__version__,
            "seed": SEED,
            "sizes": SIZES,
            "adam": dict(ADAM),
        }
        outs = {}
        for key, dtype in (("f32", torch.float32), ("f64", torch.float64)):
            rec, out, x, y = run(net0, x0, y0, LOSSES[name], dtype)
            check(name, out, y, rec["loss"], dtype)
            doc[key] = rec
            outs[key] = out
        # f32 and f64 must agree closely, and the f64 run starts from exactly the f32 inputs
        assert doc["f32"]["layers"] == doc["f64"]["layers"]
        assert doc["f32"]["x"] == doc["f64"]["x"] and doc["f32"]["y"] == doc["f64"]["y"]
        assert abs(doc["f32"]["loss"] - doc["f64"]["loss"]) <= 1e-5 * max(1, abs(doc["f64"]["loss"]))
        assert torch.allclose(outs["f32"].double(), outs["f64"], atol=1e-5)
        # training should actually change things
        assert doc["f64"]["loss_step2"] != doc["f64"]["loss"]
        text = fmt(doc) + "\n"
        json.loads(text)  # round-trip check
        fname = name + ".json"
        path = os.path.join(OUT_DIR, fname)
        with open(path, "w") as f:
            f.write(text)
        files.append(fname)
        print("%-24s loss_f32=%.9g loss_f64=%.17g step2_f64=%.17g (%d bytes)" % (
            fname, doc["f32"]["loss"], doc["f64"]["loss"], doc["f64"]["loss_step2"], len(text)))
        assert len(text) < 60 * 1024, "fixture too large"

    with open(os.path.join(OUT_DIR, "README.md"), "w") as f:
        f.write(README.format(
            torch_version=torch.__version__, py_version=sys.version.split()[0], seed=SEED,
            files=", ".join("`%s`" % n for n in files), **ADAM))
    print("PyTorch", torch.__version__, "->", OUT_DIR)


if __name__ == "__main__":
    main()
