#!/usr/bin/env python3
"""Writes the torch checkpoint fixtures for io.sandwich.io.torch's tests.

Run with a real PyTorch (Debian's python3-torch, 1.13):
    /usr/bin/python3 scripts/test/make-torch-fixtures.py
Writes into src/test/resources/io/sandwich/io/torch/: *.pt checkpoints in the zip format (torch >= 1.6) and
the legacy format, a hand-built PyTorch 0.3-style legacy file with Python 2 style strings, hostile files whose
pickles name forbidden globals (raw bytes, never executed), and expected.json with every tensor's name, dtype,
shape and data (as float32, flattened row-major) as real PyTorch loads them.
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import zipfile

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test", "resources",
                   "io", "sandwich", "io", "torch")
MAGIC = 0x1950a86a20f9469cfc6c
SYS_INFO = dict(protocol_version=1001, little_endian=True, type_sizes=dict(short=2, int=4, long=4))


class Net(nn.Module):
    """The seed Net's key layout, with narrow layers."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Sequential(nn.Linear(5, 8), nn.ReLU())
        self.fc2 = nn.Sequential(nn.Linear(8, 6), nn.ReLU())
        self.fc3 = nn.Sequential(nn.Linear(6, 3))


class Addlayers(nn.Module):
    """An Addlayers-like key layout: prevmodel.0.0.*, projective, projective2."""

    def __init__(self):
        super().__init__()
        self.prevmodel = nn.Sequential(nn.Sequential(nn.Linear(5, 4), nn.ReLU()),
                                       nn.Sequential(nn.Linear(4, 4), nn.ReLU()))
        self.projective = nn.Linear(4, 3, bias=False)
        self.projective2 = nn.Linear(3, 2, bias=False)


class WithBatchNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.bn = nn.BatchNorm1d(4)


def save(obj, name, legacy):
    path = os.path.join(OUT, name)
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy)
    return path


def expected_of(path):
    sd = torch.load(path, weights_only=True)
    tensors = []
    for k, t in sd.items():
        flat = t.detach().reshape(-1).to(torch.float32).tolist()
        tensors.append(dict(name=k, dtype=str(t.dtype).replace("torch.", ""), shape=list(t.shape), data=flat))
    return dict(tensors=tensors)


class Py2Pickler(pickle._Pickler):
    """Pure-Python pickler writing str as Python 2 byte strings and storages as persistent ids."""

    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2str(self, obj):
        data = obj.encode("ascii")
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    dispatch[str] = save_py2str

    def persistent_id(self, obj):
        if isinstance(obj, FakeStorage):
            return ("storage", torch.FloatStorage, obj.key, "cpu", obj.numel, None)
        return None


class FakeStorage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class Rebuild03:
    """Pickles like a PyTorch 0.3 tensor: _rebuild_tensor(storage, offset, size, stride)."""

    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride)

    def __reduce__(self):
        return torch._utils._rebuild_tensor, self.args


class Py2OrderedDict:
    """Pickles like Python 2.7's OrderedDict.__reduce__: (OrderedDict, ([[k, v], ...],), inst_dict)."""

    def __init__(self, items, inst_dict):
        self.items, self.inst_dict = items, inst_dict

    def __reduce__(self):
        return collections.OrderedDict, ([[k, v] for k, v in self.items],), self.inst_dict


def write_pytorch03(path):
    """A legacy file laid out as PyTorch 0.3 under Python 2 wrote it, with a transposed view in it."""
    torch.manual_seed(3)
    w = torch.randn(4, 3)
    b = torch.randn(4)
    storages = [("140", w.reshape(-1)), ("141", b)]
    items = [
        ("fc.weight", Rebuild03(FakeStorage("140", 12), 0, (4, 3), (3, 1))),
        ("fc.bias", Rebuild03(FakeStorage("141", 4), 0, (4,), (1,))),
        ("fc.weight_t", Rebuild03(FakeStorage("140", 12), 0, (3, 4), (1, 3))),
    ]
    meta = collections.OrderedDict([("", collections.OrderedDict(version=1)),
                                    ("fc", collections.OrderedDict(version=1))])
    buf = io.BytesIO()
    for obj in (MAGIC, 1001, SYS_INFO):
        Py2Pickler(buf, protocol=2).dump(obj)
    Py2Pickler(buf, protocol=2).dump(Py2OrderedDict(items, {"_metadata": meta}))
    Py2Pickler(buf, protocol=2).dump([k for k, _ in storages])
    for _, t in storages:
        buf.write(struct.pack("<q", t.numel()))
        buf.write(t.numpy().astype("<f4").tobytes())
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_hostile():
    """Checkpoints whose pickles name forbidden globals; written as raw bytes, never loaded here."""
    header = b"".join(pickle.dumps(o, protocol=2) for o in (MAGIC, 1001, SYS_INFO))
    os_system = b"\x80\x02cos\nsystem\nX\x05\x00\x00\x00touch\x85R."
    with open(os.path.join(OUT, "hostile_os_system_legacy.pt"), "wb") as f:
        f.write(header + os_system)
    with open(os.path.join(OUT, "hostile_os_system_magic.pt"), "wb") as f:
        f.write(os_system)
    # eval nested inside an otherwise ordinary state_dict
    evil = (b"\x80\x02ccollections\nOrderedDict\n)RX\x01\x00\x00\x00acbuiltins\neval\n"
            b"X\x04\x00\x00\x001+1}\x85Rs.")
    with zipfile.ZipFile(os.path.join(OUT, "hostile_builtins_eval_zip.pt"), "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", evil)
        z.writestr("archive/version", "3\n")
    getattr_ = b"\x80\x02c__builtin__\ngetattr\n."
    with zipfile.ZipFile(os.path.join(OUT, "hostile_getattr_zip.pt"), "w", zipfile.ZIP_STORED) as z:
        z.writestr("evil/data.pkl", getattr_)
        z.writestr("evil/version", "3\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    torch.manual_seed(0)
    net = Net().state_dict()
    torch.manual_seed(1)
    add = Addlayers().state_dict()
    torch.manual_seed(2)
    bn_model = WithBatchNorm()
    bn_model.train()
    bn_model.bn(torch.randn(7, 4))  # moves running stats and num_batches_tracked
    bn = bn_model.state_dict()
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 7
    views = collections.OrderedDict([
        ("base", base), ("transposed", base.t()), ("row", base[1]), ("column", base[:, 2]),
        ("block", base[1:3, 2:5]), ("other", torch.tensor([1.5, -2.25]))])
    cases = [
        ("net_zip.pt", net, False), ("net_legacy.pt", net, True),
        ("addlayers_zip.pt", add, False), ("addlayers_legacy.pt", add, True),
        ("net_float64_zip.pt", {k: v.double() for k, v in net.items()}, False),
        ("net_float16_zip.pt", {k: v.half() for k, v in net.items()}, False),
        ("net_float16_legacy.pt", {k: v.half() for k, v in net.items()}, True),
        ("net_bfloat16_zip.pt", {k: v.bfloat16() for k, v in net.items()}, False),
        ("batchnorm_zip.pt", bn, False),
        ("views_zip.pt", views, False), ("views_legacy.pt", views, True),
    ]
    for name, sd, legacy in cases:
        if not isinstance(sd, collections.OrderedDict):
            sd = collections.OrderedDict(sd)
        path = save(sd, name, legacy)
        expected[name] = expected_of(path)
        expected[name]["format"] = "LEGACY" if legacy else "ZIP"
    path = os.path.join(OUT, "pytorch03_legacy.pt")
    write_pytorch03(path)
    expected["pytorch03_legacy.pt"] = expected_of(path)
    expected["pytorch03_legacy.pt"]["format"] = "LEGACY"
    write_hostile()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("wrote %d fixtures into %s" % (len(expected), os.path.normpath(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()
