#!/usr/bin/env python3
"""Writes the PyTorch parity fixtures that `Tests/ConvEngineTests/ParityTests.swift` checks.

Each fixture holds one model's input and the PyTorch output of every engine layer for it.
The weights are *not* stored (AlexNet has 61 M of them): this script and
`Tests/TestSupport/ParityWeights.swift` both generate them, bit for bit, by the contract below.

Run with the PyTorch venv from the package root:

    /opt/torchenv/bin/python Tests/Fixtures/parity/make_parity_fixtures.py [--only NAME ...] [--verbose]

The folder `Tests/Fixtures` is not a SwiftPM target, so SwiftPM ignores this script and the files.

Generation contract (version "convscope-parity-1")
--------------------------------------------------
SplitMix64 (Steele, Lea & Flood), exactly as `ConvEngine.SplitMix64`: with state s₀ = seed,
the n-th output (n = 1, 2, …) is

    z  = seed + n·0x9E3779B97F4A7C15                        (mod 2⁶⁴)
    z  = (z ⊕ (z >> 30)) · 0xBF58476D1CE4E5B9                (mod 2⁶⁴)
    z  = (z ⊕ (z >> 27)) · 0x94D049BB133111EB                (mod 2⁶⁴)
    out = z ⊕ (z >> 31)

A "uniform stream" (seed, amplitude A) turns output n into element n − 1:

    u = Float32(out >> 40) · 2⁻²⁴        (24 random bits: exact in Float32, u ∈ [0, 1))
    v = (2·u − 1) · A                    (Float32; A is a power of two, so every step is exact)

Parameters are numbered p = 0, 1, 2, … in the engine's `Network.savedParameters` order
(`<layer>.weight` then `<layer>.bias` for each conv, sub-sampling and FC layer in layer order;
LeNet-5's RBF layer contributes `output.prototypes`). Parameter p is the uniform stream with
seed 0x5EED0000 + p over its flat row-major elements (conv [out, in/groups, kh, kw], FC
[out, in], sub-sampling [maps]), with

    A = 2^−e,   e = ⌊log₂(√fan_in) + ½⌋  (= ⌊½·log₂ fan_in + ½⌋)

where fan_in = (input maps / groups)·k·k for a convolution (dense: C3's table is ignored),
the flattened input size for an FC layer and window² = 4 for a sub-sampling coefficient.
A layer's bias uses its weight's A. Afterwards C3's unconnected kernels (Table I) are set
to zero. `output.prototypes` keeps the fixed ±1 bitmaps (it is stored in the lenet5 fixture
so the Swift side can check its own copy); its seed number is used up all the same.

The input is the uniform stream with seed 0xC0FFEE over the NCHW batch, with amplitude
`input_amplitude` from the metadata: 1 for most cases, 2⁷ for the two LRN AlexNets. Why 2⁷:
LRN divides by (k + α·Σa²)^β with k = 2 and α = 1e-4, so with responses of order 1 it is just a
constant factor 2^−0.75 and its α convention (α vs α/n) would be invisible. cuda-convnet fed
raw 0–255 pixels, so real conv1 responses are in the tens; 2⁷ puts α·Σa² near k.

Fixture layout (`<engine spec name>.safetensors`)
--------------------------------------------------
* `input`: the input batch (sampled for the full-size cases, see below);
* `<layer>` for each engine layer, in `metadata["layers"]` order: the PyTorch output after the
  layer's fused activation ([N, C, H, W] for maps, [N, F] for vectors; `flatten` is the pool
  output reshaped, `drop*` are the identity in eval mode);
* `output.prototypes` (lenet5 only).

Full-size cases (`metadata["sampled"] == "1"`) store, for the input and every layer, only the
values at flat indices 0, s, 2s, … (at most 8,192 of them; s = `metadata["stride.<layer>"]`),
plus `<layer>.sum` and `<layer>.abs_sum`: Σx and Σ|x| over the whole output, accumulated in
float64 and stored as F64 of shape [1]. `metadata["shape.<layer>"]` gives every layer's full
shape as "N,C,H,W" or "N,F".

Running the script twice gives byte-identical files (one thread, deterministic algorithms,
no timestamps).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from safetensors import safe_open
import torch
import torch.nn.functional as F
import torchvision

GENERATOR_VERSION = "convscope-parity-1"
PARAMETER_SEED_BASE = 0x5EED0000
INPUT_SEED = 0xC0FFEE
MAX_SAMPLES = 8192
OUT_DIR = os.path.dirname(os.path.abspath(__file__))

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)
# Generation runs in chunks so fc6's 37.7 M values never need several 300 MB temporaries.
CHUNK = 1 << 22


# MARK: - SplitMix64 and the uniform streams


def splitmix64(seed: int, first: int, count: int) -> np.ndarray:
    """Outputs number first, first + 1, …, first + count − 1 (1-based) of SplitMix64(seed)."""
    n = np.arange(first, first + count, dtype=np.uint64)
    # uint64 arithmetic wraps modulo 2⁶⁴ in numpy arrays, which is exactly Swift's &+ and &*.
    z = np.uint64(seed) + n * GOLDEN
    z = (z ^ (z >> np.uint64(30))) * MIX1
    z = (z ^ (z >> np.uint64(27))) * MIX2
    return z ^ (z >> np.uint64(31))


def uniform_stream(seed: int, count: int, amplitude: float) -> np.ndarray:
    """`count` Float32 values (2·u − 1)·amplitude from SplitMix64(seed), as in the contract."""
    assert amplitude > 0 and math.frexp(amplitude)[0] == 0.5, "amplitude must be a power of two"
    out = np.empty(count, dtype=np.float32)
    two, one, a = np.float32(2), np.float32(1), np.float32(amplitude)
    scale = np.float32(2.0 ** -24)
    for start in range(0, count, CHUNK):
        m = min(CHUNK, count - start)
        u = (splitmix64(seed, start + 1, m) >> np.uint64(40)).astype(np.float32) * scale
        out[start:start + m] = (two * u - one) * a
    return out


def amplitude_for(fan_in: int) -> float:
    """2^−e with e = ⌊½·log₂ fan_in + ½⌋: a power of two near 1/√fan_in."""
    e = math.floor(0.5 * math.log2(fan_in) + 0.5)
    return 2.0 ** -e


def self_test() -> None:
    """Checks the vectorised generator against a plain scalar SplitMix64."""
    mask = (1 << 64) - 1
    state = 0x5EED0000
    expected = []
    for _ in range(5):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        expected.append(z ^ (z >> 31))
    got = [int(v) for v in splitmix64(0x5EED0000, 1, 5)]
    assert got == expected, (got, expected)
    # Chunk boundaries must not change the stream: element CHUNK + 4 is output CHUNK + 5.
    a = uniform_stream(7, CHUNK + 5, 1.0)
    bits = int(splitmix64(7, CHUNK + 5, 1)[0]) >> 40
    assert a[CHUNK + 4] == np.float32(2 * bits / 2 ** 24 - 1)
    assert np.all(np.abs(a) <= 1)


# MARK: - LeNet-5's fixed tables (copied from Sources/ConvEngine/Models; the test re-checks them)

# Table I of LeCun et al. 1998: the S2 maps feeding each C3 map.
C3_TABLE = [
    [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 0], [5, 0, 1],
    [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 0], [4, 5, 0, 1], [5, 0, 1, 2],
    [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
    [0, 1, 2, 3, 4, 5],
]

# The 7×12 RBF prototypes of Prototypes.swift, '#' = +1, '.' = −1.
DIGITS = [
    [".......", "..###..", ".#...#.", "#.....#", "#.....#", "#.....#", "#.....#",
     "#.....#", "#.....#", ".#...#.", "..###..", "......."],
    [".......", "...#...", "..##...", ".#.#...", "...#...", "...#...", "...#...",
     "...#...", "...#...", "...#...", ".#####.", "......."],
    [".......", ".#####.", "#.....#", "......#", "......#", ".....#.", "....#..",
     "...#...", "..#....", ".#.....", "#######", "......."],
    [".......", ".#####.", "#.....#", "......#", "......#", "..####.", "......#",
     "......#", "......#", "#.....#", ".#####.", "......."],
    [".......", "....##.", "...#.#.", "..#..#.", ".#...#.", "#....#.", "#######",
     ".....#.", ".....#.", ".....#.", ".....#.", "......."],
    [".......", "#######", "#......", "#......", "######.", "......#", "......#",
     "......#", "......#", "#.....#", ".#####.", "......."],
    [".......", "..####.", ".#.....", "#......", "#......", "######.", "#.....#",
     "#.....#", "#.....#", "#.....#", ".#####.", "......."],
    [".......", "#######", "......#", ".....#.", ".....#.", "....#..", "....#..",
     "...#...", "...#...", "..#....", "..#....", "......."],
    [".......", ".#####.", "#.....#", "#.....#", "#.....#", ".#####.", "#.....#",
     "#.....#", "#.....#", "#.....#", ".#####.", "......."],
    [".......", ".#####.", "#.....#", "#.....#", "#.....#", "#.....#", ".######",
     "......#", "......#", ".....#.", ".####..", "......."],
]


def prototypes() -> torch.Tensor:
    rows = [[1.0 if ch == "#" else -1.0 for row in digit for ch in row] for digit in DIGITS]
    return torch.tensor(rows, dtype=torch.float32)  # [10, 84]


def c3_mask() -> torch.Tensor:
    mask = torch.zeros(16, 6, 1, 1)
    for o, inputs in enumerate(C3_TABLE):
        for i in inputs:
            mask[o, i] = 1
    return mask


# MARK: - Cases


@dataclass
class Case:
    """One fixture: a model, its input and how much of each output to keep."""

    name: str  # the engine's ModelSpec.name, also the file name
    model: str  # the CLI / family name ("alexnet", "lenet5", …)
    input_size: int
    batch: int
    channels: int
    width: float = 1.0
    amplitude: float = 1.0
    sampled: bool = False
    params: "OrderedDict[str, torch.Tensor]" = field(default_factory=OrderedDict)


CASES = [
    Case("lenet5", "lenet5", 32, 2, 1),
    Case("lenet5-modern", "lenet5-modern", 32, 2, 1),
    Case("alexnet-67px", "alexnet", 67, 2, 3, amplitude=2.0 ** 7),
    Case("alexnet-ungrouped-67px", "alexnet-ungrouped", 67, 2, 3, amplitude=2.0 ** 7),
    Case("alexnet-torchvision-95px", "alexnet-torchvision", 95, 2, 3),
    # pool5 is 4×4 here, so the adaptive pool to 6×6 mixes 1- and 2-wide windows.
    Case("alexnet-torchvision@0.25-159px", "alexnet-torchvision", 159, 1, 3, width=0.25),
    Case("alexnet", "alexnet", 227, 1, 3, amplitude=2.0 ** 7, sampled=True),
    Case("alexnet-torchvision", "alexnet-torchvision", 224, 1, 3, sampled=True),
]


def ch(n: int, width: float, even: bool = False) -> int:
    """AlexNet.spec's channel rule: round half away from zero, at least 1 (even: at least 2)."""
    scaled = max(1, int(math.floor(n * width + 0.5)))
    return max(2, scaled + scaled % 2) if even else scaled


def conv_out(size: int, k: int, s: int = 1, p: int = 0) -> int:
    return (size + 2 * p - k) // s + 1


# MARK: - Parameters in contract order


class ParameterBuilder:
    """Hands out parameters in contract order, numbering their seeds as it goes."""

    def __init__(self) -> None:
        self.params: "OrderedDict[str, torch.Tensor]" = OrderedDict()

    def uniform(self, name: str, shape: list[int], fan_in: int) -> torch.Tensor:
        seed = PARAMETER_SEED_BASE + len(self.params)
        values = uniform_stream(seed, int(np.prod(shape)), amplitude_for(fan_in))
        t = torch.from_numpy(values).reshape(shape)
        self.params[name] = t
        return t

    def layer(self, name: str, weight_shape: list[int], fan_in: int) -> None:
        self.uniform(name + ".weight", weight_shape, fan_in)
        self.uniform(name + ".bias", [weight_shape[0]], fan_in)

    def fixed(self, name: str, value: torch.Tensor) -> None:
        self.params[name] = value


def build_parameters(case: Case) -> "OrderedDict[str, torch.Tensor]":
    b = ParameterBuilder()
    if case.model in ("lenet5", "lenet5-modern"):
        classic = case.model == "lenet5"
        b.layer("C1", [6, 1, 5, 5], 25)
        if classic:
            b.layer("S2", [6], 4)
        b.layer("C3", [16, 6, 5, 5], 6 * 25)
        if classic:
            b.layer("S4", [16], 4)
        b.layer("C5", [120, 16, 5, 5], 16 * 25)
        b.layer("F6", [84, 120], 120)
        if classic:
            b.params["C3.weight"].mul_(c3_mask())  # Table I: 36 of the 96 kernels do not exist
            b.fixed("output.prototypes", prototypes())
        else:
            b.layer("output", [10, 84], 84)
        return b.params

    w = case.width
    s = case.input_size
    if case.model in ("alexnet", "alexnet-ungrouped"):
        g = 2 if case.model == "alexnet" else 1
        even = g == 2
        c1, c2, c3, c4, c5 = (ch(96, w, even), ch(256, w, even), ch(384, w, even),
                              ch(384, w, even), ch(256, w, even))
        b.layer("conv1", [c1, 3, 11, 11], 3 * 121)
        b.layer("conv2", [c2, c1 // g, 5, 5], c1 // g * 25)
        b.layer("conv3", [c3, c2, 3, 3], c2 * 9)
        b.layer("conv4", [c4, c3 // g, 3, 3], c3 // g * 9)
        b.layer("conv5", [c5, c4 // g, 3, 3], c4 // g * 9)
        side = conv_out(conv_out(conv_out(conv_out(s, 11, 4), 3, 2), 3, 2), 3, 2)
        flat = c5 * side * side
    else:
        c1, c2, c3, c4, c5 = ch(64, w), ch(192, w), ch(384, w), ch(256, w), ch(256, w)
        b.layer("conv1", [c1, 3, 11, 11], 3 * 121)
        b.layer("conv2", [c2, c1, 5, 5], c1 * 25)
        b.layer("conv3", [c3, c2, 3, 3], c2 * 9)
        b.layer("conv4", [c4, c3, 3, 3], c3 * 9)
        b.layer("conv5", [c5, c4, 3, 3], c4 * 9)
        flat = c5 * 36
    f = ch(4096, w)
    b.layer("fc6", [f, flat], flat)
    b.layer("fc7", [f, f], f)
    b.layer("fc8", [1000, f], f)
    return b.params


# MARK: - Reference forward passes (plain torch.nn.functional)


def scaled_tanh(a: torch.Tensor) -> torch.Tensor:
    """LeNet-5's squashing function 1.7159·tanh(2a/3)."""
    return 1.7159 * torch.tanh(a * (2.0 / 3.0))


def subsample(x: torch.Tensor, coeff: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
    """coeff · (sum of each 2×2 block) + bias, per map."""
    n, c, h, w = x.shape
    sums = x.reshape(n, c, h // 2, 2, w // 2, 2).sum(dim=(3, 5))
    return sums * coeff.view(1, c, 1, 1) + bias.view(1, c, 1, 1)


def lenet_forward(p, x: torch.Tensor, classic: bool) -> "OrderedDict[str, torch.Tensor]":
    out: "OrderedDict[str, torch.Tensor]" = OrderedDict()
    act = scaled_tanh if classic else F.relu
    out["C1"] = act(F.conv2d(x, p["C1.weight"], p["C1.bias"]))
    if classic:
        out["S2"] = scaled_tanh(subsample(out["C1"], p["S2.weight"], p["S2.bias"]))
    else:
        out["S2"] = F.max_pool2d(out["C1"], 2, 2)
    out["C3"] = act(F.conv2d(out["S2"], p["C3.weight"], p["C3.bias"]))
    if classic:
        out["S4"] = scaled_tanh(subsample(out["C3"], p["S4.weight"], p["S4.bias"]))
    else:
        out["S4"] = F.max_pool2d(out["C3"], 2, 2)
    out["C5"] = act(F.conv2d(out["S4"], p["C5.weight"], p["C5.bias"]))
    out["F6"] = act(F.linear(out["C5"].flatten(1), p["F6.weight"], p["F6.bias"]))
    if classic:
        # Euclidean RBF: y_i = Σ_j (x_j − w_ij)².
        diff = out["F6"].unsqueeze(1) - p["output.prototypes"].unsqueeze(0)
        out["output"] = (diff * diff).sum(dim=2)
    else:
        out["output"] = F.linear(out["F6"], p["output.weight"], p["output.bias"])
    return out


def alexnet_paper_forward(p, x: torch.Tensor, groups: int) -> "OrderedDict[str, torch.Tensor]":
    # torch divides α by n (it averages the squares); the paper's α = 1e-4 is α_torch = 5·1e-4.
    lrn = torch.nn.LocalResponseNorm(5, alpha=5 * 1e-4, beta=0.75, k=2.0)
    out: "OrderedDict[str, torch.Tensor]" = OrderedDict()
    out["conv1"] = F.relu(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], stride=4))
    out["lrn1"] = lrn(out["conv1"])
    out["pool1"] = F.max_pool2d(out["lrn1"], 3, 2)
    out["conv2"] = F.relu(F.conv2d(out["pool1"], p["conv2.weight"], p["conv2.bias"], padding=2, groups=groups))
    out["lrn2"] = lrn(out["conv2"])
    out["pool2"] = F.max_pool2d(out["lrn2"], 3, 2)
    out["conv3"] = F.relu(F.conv2d(out["pool2"], p["conv3.weight"], p["conv3.bias"], padding=1))
    out["conv4"] = F.relu(F.conv2d(out["conv3"], p["conv4.weight"], p["conv4.bias"], padding=1, groups=groups))
    out["conv5"] = F.relu(F.conv2d(out["conv4"], p["conv5.weight"], p["conv5.bias"], padding=1, groups=groups))
    out["pool5"] = F.max_pool2d(out["conv5"], 3, 2)
    out["flatten"] = out["pool5"].flatten(1)
    out["fc6"] = F.relu(F.linear(out["flatten"], p["fc6.weight"], p["fc6.bias"]))
    out["drop6"] = F.dropout(out["fc6"], 0.5, training=False)
    out["fc7"] = F.relu(F.linear(out["drop6"], p["fc7.weight"], p["fc7.bias"]))
    out["drop7"] = F.dropout(out["fc7"], 0.5, training=False)
    out["fc8"] = F.linear(out["drop7"], p["fc8.weight"], p["fc8.bias"])
    return out


def alexnet_torchvision_forward(p, x: torch.Tensor) -> "OrderedDict[str, torch.Tensor]":
    out: "OrderedDict[str, torch.Tensor]" = OrderedDict()
    out["conv1"] = F.relu(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], stride=4, padding=2))
    out["pool1"] = F.max_pool2d(out["conv1"], 3, 2)
    out["conv2"] = F.relu(F.conv2d(out["pool1"], p["conv2.weight"], p["conv2.bias"], padding=2))
    out["pool2"] = F.max_pool2d(out["conv2"], 3, 2)
    out["conv3"] = F.relu(F.conv2d(out["pool2"], p["conv3.weight"], p["conv3.bias"], padding=1))
    out["conv4"] = F.relu(F.conv2d(out["conv3"], p["conv4.weight"], p["conv4.bias"], padding=1))
    out["conv5"] = F.relu(F.conv2d(out["conv4"], p["conv5.weight"], p["conv5.bias"], padding=1))
    out["pool5"] = F.max_pool2d(out["conv5"], 3, 2)
    out["avgpool"] = F.adaptive_avg_pool2d(out["pool5"], (6, 6))
    out["flatten"] = out["avgpool"].flatten(1)
    out["drop6"] = F.dropout(out["flatten"], 0.5, training=False)
    out["fc6"] = F.relu(F.linear(out["drop6"], p["fc6.weight"], p["fc6.bias"]))
    out["drop7"] = F.dropout(out["fc6"], 0.5, training=False)
    out["fc7"] = F.relu(F.linear(out["drop7"], p["fc7.weight"], p["fc7.bias"]))
    out["fc8"] = F.linear(out["fc7"], p["fc8.weight"], p["fc8.bias"])
    return out


# The engine's names for torchvision's state-dict prefixes (Checkpoint.torchvisionAlexNetNames).
TORCHVISION_NAMES = {
    "features.0": "conv1", "features.3": "conv2", "features.6": "conv3", "features.8": "conv4",
    "features.10": "conv5", "classifier.1": "fc6", "classifier.4": "fc7", "classifier.6": "fc8",
}
# Which torchvision module's output is which engine layer's (ReLUs carry the fused activations).
TORCHVISION_TAPS = OrderedDict([
    ("conv1", "features.1"), ("pool1", "features.2"), ("conv2", "features.4"), ("pool2", "features.5"),
    ("conv3", "features.7"), ("conv4", "features.9"), ("conv5", "features.11"), ("pool5", "features.12"),
    ("avgpool", "avgpool"), ("drop6", "classifier.0"), ("fc6", "classifier.2"), ("drop7", "classifier.3"),
    ("fc7", "classifier.5"), ("fc8", "classifier.6"),
])


def torchvision_forward(p, x: torch.Tensor) -> "OrderedDict[str, torch.Tensor]":
    """The same net as torchvision's own `alexnet`, loaded through the engine's key mapping."""
    model = torchvision.models.alexnet(weights=None).eval()
    state = OrderedDict()
    for prefix, engine in TORCHVISION_NAMES.items():
        state[prefix + ".weight"] = p[engine + ".weight"]
        state[prefix + ".bias"] = p[engine + ".bias"]
    # strict=True: every torchvision key must be covered by the mapping and vice versa.
    model.load_state_dict(state, strict=True)
    captured: dict[str, torch.Tensor] = {}
    modules = dict(model.named_modules())
    handles = []
    for engine, module in TORCHVISION_TAPS.items():
        # torchvision's ReLUs are in place, so take a copy at the moment each output exists.
        def hook(_m, _i, o, engine=engine):
            captured[engine] = o.detach().clone()
        handles.append(modules[module].register_forward_hook(hook))
    model(x)
    for h in handles:
        h.remove()
    out: "OrderedDict[str, torch.Tensor]" = OrderedDict()
    for engine in ["conv1", "pool1", "conv2", "pool2", "conv3", "conv4", "conv5", "pool5", "avgpool"]:
        out[engine] = captured[engine]
    out["flatten"] = captured["avgpool"].flatten(1)
    for engine in ["drop6", "fc6", "drop7", "fc7", "fc8"]:
        out[engine] = captured[engine]
    return out


def reference_outputs(case: Case, x: torch.Tensor) -> tuple["OrderedDict[str, torch.Tensor]", str, float | None]:
    """Every engine layer's output, the reference's name, and the cross-check difference (if any)."""
    p = case.params
    if case.model in ("lenet5", "lenet5-modern"):
        return lenet_forward(p, x, classic=case.model == "lenet5"), "torch.nn.functional", None
    if case.model in ("alexnet", "alexnet-ungrouped"):
        groups = 2 if case.model == "alexnet" else 1
        return alexnet_paper_forward(p, x, groups), "torch.nn.functional", None
    mine = alexnet_torchvision_forward(p, x)
    if case.width != 1:
        return mine, "torch.nn.functional", None
    theirs = torchvision_forward(p, x)
    assert list(mine) == list(theirs)
    # Normalised max difference between our functional net and torchvision's module.
    worst = max(float((mine[k] - theirs[k]).abs().max()) / max(float(theirs[k].abs().max()), 1e-30)
                for k in theirs)
    assert worst < 1e-6, f"{case.name}: functional AlexNet differs from torchvision's by {worst:g}"
    return theirs, "torchvision.models.alexnet", worst


# MARK: - Writing


def save_deterministic(tensors: "OrderedDict[str, torch.Tensor]", metadata: dict[str, str], path: str) -> None:
    """Writes a safetensors file whose bytes depend only on the arguments.

    `safetensors.torch.save_file` puts the metadata through a hash map, so its key order (and
    the file's bytes) changes from run to run. The format is simple enough to write directly:
    8-byte little-endian header length, JSON header padded with spaces to a multiple of 8, data.
    F64 tensors go first so that they stay 8-byte aligned.
    """
    order = sorted(tensors, key=lambda k: 0 if tensors[k].dtype == torch.float64 else 1)
    header: "OrderedDict[str, object]" = OrderedDict()
    header["__metadata__"] = OrderedDict(sorted(metadata.items()))
    chunks = []
    offset = 0
    for name in order:
        t = tensors[name].contiguous()
        dtype = {torch.float32: "F32", torch.float64: "F64"}[t.dtype]
        # numpy's "<" types make the byte order explicit (safetensors is little-endian).
        data = t.numpy().astype("<f4" if dtype == "F32" else "<f8", copy=False).tobytes()
        header[name] = OrderedDict([("dtype", dtype), ("shape", list(t.shape)),
                                    ("data_offsets", [offset, offset + len(data)])])
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for data in chunks:
            f.write(data)
    # Read it back with the reference implementation: same names, metadata and bits.
    with safe_open(path, framework="pt") as f:
        assert f.metadata() == metadata, "metadata did not round-trip"
        assert sorted(f.keys()) == sorted(tensors), "tensor names did not round-trip"
        for name in tensors:
            assert torch.equal(f.get_tensor(name), tensors[name]), f"{name} did not round-trip"


def shape_text(t: torch.Tensor) -> str:
    return ",".join(str(d) for d in t.shape)


def sample(t: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Values at flat indices 0, s, 2s, … (at most MAX_SAMPLES) and the stride s."""
    flat = t.reshape(-1)
    stride = max(1, -(-flat.numel() // MAX_SAMPLES))
    return flat[::stride].contiguous(), stride


def write_case(case: Case, out_dir: str, verbose: bool) -> dict:
    case.params = build_parameters(case)
    shape = [case.batch, case.channels, case.input_size, case.input_size]
    x = torch.from_numpy(uniform_stream(INPUT_SEED, int(np.prod(shape)), case.amplitude)).reshape(shape)
    with torch.no_grad():
        outputs, reference, cross = reference_outputs(case, x)

    tensors: "OrderedDict[str, torch.Tensor]" = OrderedDict()
    meta = {
        "generator": GENERATOR_VERSION,
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "reference": reference,
        "model": case.model,
        "spec_name": case.name,
        "width": repr(case.width) if case.width != 1 else "1",
        "input_size": str(case.input_size),
        "batch": str(case.batch),
        "input_amplitude": repr(case.amplitude),
        "input_seed": hex(INPUT_SEED),
        "parameter_seed_base": hex(PARAMETER_SEED_BASE),
        "parameters": ",".join(case.params),
        "layers": ",".join(outputs),
        "sampled": "1" if case.sampled else "0",
        "shape.input": shape_text(x),
    }
    if case.sampled:
        values, stride = sample(x)
        tensors["input"] = values
        meta["stride.input"] = str(stride)
    else:
        tensors["input"] = x
    if case.model == "lenet5":
        tensors["output.prototypes"] = case.params["output.prototypes"]
    rows = []
    for name, t in outputs.items():
        t = t.contiguous()
        meta["shape." + name] = shape_text(t)
        if case.sampled:
            values, stride = sample(t)
            tensors[name] = values
            meta["stride." + name] = str(stride)
            d = t.double()
            tensors[name + ".sum"] = d.sum().reshape(1)
            tensors[name + ".abs_sum"] = d.abs().sum().reshape(1)
        else:
            tensors[name] = t
        rows.append((name, shape_text(t), float(t.abs().max()), float(t.double().abs().mean())))

    path = os.path.join(out_dir, case.name + ".safetensors")
    save_deterministic(tensors, meta, path)
    size = os.path.getsize(path)
    if verbose:
        for name, shp, mx, mean in rows:
            print(f"    {name:<10} {shp:<16} max|y| {mx:11.4g}   mean|y| {mean:11.4g}")
    lrn_strength = lrn_load(case, outputs)
    return {
        "case": case.name, "model": case.model, "input": f"{case.batch}×{case.channels}×{case.input_size}²",
        "params": sum(t.numel() for t in case.params.values()), "layers": len(outputs),
        "stored": "sampled" if case.sampled else "full", "bytes": size,
        "out": float(outputs[next(reversed(outputs))].abs().max()), "cross": cross, "lrn": lrn_strength,
    }


def lrn_load(case: Case, outputs) -> str:
    """max α·Σa²/k over lrn1's input: how far LRN is from a constant factor (≈ 0 = untested)."""
    if "lrn1" not in outputs:
        return ""
    a = outputs["conv1"].double()
    sq = F.pad((a * a).unsqueeze(1), (0, 0, 0, 0, 2, 2)).squeeze(1)
    window = sum(sq[:, i:i + a.shape[1]] for i in range(5))
    return f"{float((1e-4 * window / 2).max()):.3g}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=OUT_DIR, help="output folder (default: this script's folder)")
    parser.add_argument("--only", nargs="*", help="case names to write (default: all)")
    parser.add_argument("--verbose", action="store_true", help="print every layer's range")
    args = parser.parse_args()

    # One thread and deterministic kernels, so reruns give byte-identical files.
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)  # only torchvision's throw-away initial weights use it
    self_test()

    cases = [c for c in CASES if not args.only or c.name in args.only]
    unknown = set(args.only or []) - {c.name for c in CASES}
    if unknown:
        print("unknown case(s):", ", ".join(sorted(unknown)), file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    results = []
    for case in cases:
        print(f"{case.name} …", flush=True)
        results.append(write_case(case, args.out, args.verbose))

    header = (f"{'case':<32} {'input':<13} {'values':>12} {'layers':>6} {'stored':<8} "
              f"{'bytes':>10} {'max|out|':>10} {'LRN αΣa²/k':>11} {'tv Δ':>8}")
    # tv Δ: normalised max difference between our functional AlexNet and torchvision's module.
    print()
    print(header)
    print("-" * len(header))
    for r in results:
        cross = "" if r["cross"] is None else f"{r['cross']:.2g}"
        print(f"{r['case']:<32} {r['input']:<13} {r['params']:>12,} {r['layers']:>6} {r['stored']:<8} "
              f"{r['bytes']:>10,} {r['out']:>10.4g} {r['lrn']:>11} {cross:>8}")
    print(f"{'total':<32} {'':<13} {'':>12} {'':>6} {'':<8} {sum(r['bytes'] for r in results):>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
