#!/usr/bin/env python3
"""PyTorch-eager peer of our full-batch feature-model training step.

Matches src/Empirics/Models/{LinearModel,FeedForwardModel}.cs and
src/Empirics/Training/Trainer.cs:
  linear:  z = W_U W_E phi                      W_E (d, D), W_U (C, d)
  ffn, embedding MLP:    z = W_U act(W_E phi)   W_U (C, d)
  ffn, hidden-layer MLP: z = W_U act(W_H W_E phi), W_H (m, d), W_U (C, m)
no biases; tied (linear or embedding MLP, D == C): W_U = W_E^T. Weights iid N(0, s^2),
drawn in float64 in the order W_E, W_H, W_U from one CPU generator seeded with "seed",
then cast to the features' dtype. Loss: the population loss
sum_i w_i * (-log softmax(z_i)[y_i]) over all N rows (full batch). Optimiser: plain
gradient descent (torch.optim.SGD, no momentum) or AdamW (decoupled weight decay).

Prints one JSON object on stdout; everything else goes to stderr.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

# Sets OMP_WAIT_POLICY before torch loads (see peer_threads.py).
from peer_threads import blas_threads, set_threads

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def fail(arg, message):
    print(f"feature_step.py: {arg}: {message}", file=sys.stderr)
    sys.exit(2)




# The activations FeedForwardModel has torch functions for; gelu is the exact erf form.
ACTIVATIONS = {
    "tanh": torch.tanh,
    "gelu": lambda x: F.gelu(x),   # approximate="none" is the default (and 1.13 spells it the same)
    "silu": F.silu,
    "relu": F.relu,
    "identity": lambda x: x,
}


class FeatureModel(nn.Module):
    def __init__(self, kind, shape, dim_in, classes, width, hidden, tied, activation, std, seed, dtype):
        super().__init__()
        self.kind, self.act = kind, ACTIVATIONS.get(activation)
        hidden_layer = kind == "ffn" and shape == "hidden_layer_mlp"
        shapes = [("W_E", (width, dim_in))]
        if hidden_layer:
            shapes.append(("W_H", (hidden, width)))
        if not tied:
            shapes.append(("W_U", (classes, hidden if hidden_layer else width)))
        g = torch.Generator().manual_seed(seed)
        for name, s in shapes:
            w = torch.empty(s, dtype=torch.float64).normal_(0.0, std, generator=g).to(dtype)
            setattr(self, name, nn.Parameter(w))
        if not hidden_layer:
            self.W_H = None
        if tied:
            self.W_U = None

    def forward(self, phi):
        h = phi @ self.W_E.t()                       # (N, d)
        if self.kind == "ffn":
            if self.W_H is not None:
                h = h @ self.W_H.t()                 # (N, m)
            h = self.act(h)
        return h @ self.W_E if self.W_U is None else h @ self.W_U.t()   # (N, C)


def load_npy(arg, path):
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        fail(arg, f"cannot read {path}: {e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--features", required=True, help="F.npy: (N, D) float32 or float64")
    ap.add_argument("--labels", required=True, help="L.npy: (N) int64, in [0, classes)")
    ap.add_argument("--weights", required=True, help="W.npy: (N) in F's dtype; the population weights (sum 1)")
    ap.add_argument("--setup", required=True, help="SETUP.json: the model and optimiser (see README.md)")
    ap.add_argument("--steps", type=int, default=20, help="timed steps")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps run first")
    ap.add_argument("--threads", type=int, default=None)
    a = ap.parse_args()

    if a.steps <= 0:
        fail("--steps", f"is {a.steps}; it must be positive")
    if a.warmup < 0:
        fail("--warmup", f"is {a.warmup}; it must be non-negative")
    if a.threads is not None:
        if a.threads <= 0:
            fail("--threads", f"is {a.threads}; it must be positive")
        set_threads(a.threads)

    feats = load_npy("--features", a.features)
    labels = load_npy("--labels", a.labels)
    weights = load_npy("--weights", a.weights)
    if feats.ndim != 2 or feats.dtype not in (np.float32, np.float64):
        fail("--features", f"is {feats.dtype} of shape {list(feats.shape)}; expected (N, D) float32 or float64")
    n, dim_in = feats.shape
    if labels.shape != (n,) or labels.dtype != np.int64:
        fail("--labels", f"is {labels.dtype} of shape {list(labels.shape)}; expected ({n},) int64")
    if weights.shape != (n,) or weights.dtype != feats.dtype:
        fail("--weights", f"is {weights.dtype} of shape {list(weights.shape)}; expected ({n},) {feats.dtype}")

    try:
        with open(a.setup) as f:
            s = json.load(f)
    except (OSError, ValueError) as e:
        fail("--setup", str(e))
    if not isinstance(s, dict):
        fail("--setup", "must be a JSON object")

    def field(name, kind, default=None, required=False):
        if name not in s or s[name] is None:
            if required:
                fail("--setup", f"field {name} is missing")
            return default
        v = s[name]
        ok = isinstance(v, bool) if kind is bool else (isinstance(v, kind) and not isinstance(v, bool))
        if not ok:
            expected = "a number" if isinstance(kind, tuple) else kind.__name__
            fail("--setup", f"field {name} is {v!r}; expected {expected}")
        return v

    model_kind = field("model", str, required=True)
    if model_kind not in ("linear", "ffn"):
        fail("--setup", f"field model is {model_kind!r}; expected linear or ffn")
    width = field("embedding_dim", int, required=True)
    classes = field("classes", int, required=True)
    hidden = field("hidden", int)
    shape = field("shape", str, "hidden_layer_mlp" if hidden is not None else "embedding_mlp")
    activation = field("activation", str, "gelu")
    tied = field("tied", bool, False)
    lr = float(field("learning_rate", (int, float), required=True))
    optimiser = field("optimiser", str, "gd")
    init_std, gamma = field("init_std", (int, float)), field("gamma", (int, float))
    seed = field("seed", int, 0)
    weight_decay = float(field("weight_decay", (int, float), 0.0))
    beta1, beta2 = float(field("beta1", (int, float), 0.9)), float(field("beta2", (int, float), 0.999))
    epsilon = float(field("epsilon", (int, float), 1e-8))

    if width <= 0 or classes <= 0:
        fail("--setup", f"embedding_dim {width} and classes {classes} must be positive")
    if model_kind == "ffn":
        if shape not in ("embedding_mlp", "hidden_layer_mlp"):
            fail("--setup", f"field shape is {shape!r}; expected embedding_mlp or hidden_layer_mlp")
        if shape == "hidden_layer_mlp" and (hidden is None or hidden <= 0):
            fail("--setup", f"field hidden is {hidden}; the hidden-layer MLP needs a positive width")
        if activation not in ACTIVATIONS:
            fail("--setup", f"field activation is {activation!r}; expected one of {', '.join(ACTIVATIONS)}")
        if tied and shape == "hidden_layer_mlp":
            fail("--setup", "field tied is true, but only the embedding MLP can tie W_U to W_E^T")
    if tied and dim_in != classes:
        fail("--setup", f"field tied is true, but the features have D = {dim_in} columns and classes is {classes}")
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        fail("--labels", f"holds labels outside [0, {classes})")
    if not (lr > 0 and math.isfinite(lr)):
        fail("--setup", f"field learning_rate is {lr}; it must be finite and positive")
    if init_std is not None and gamma is not None:
        fail("--setup", "fields init_std and gamma are both set; set one")
    std = 1e-3 if init_std is None and gamma is None else (init_std if gamma is None else width ** (-gamma))
    if not (std > 0 and math.isfinite(std)):
        fail("--setup", f"the initial std is {std}; it must be finite and positive")
    if optimiser not in ("gd", "adam", "adamw"):
        fail("--setup", f"field optimiser is {optimiser!r}; expected gd or adamw")
    if optimiser == "gd" and weight_decay != 0:
        fail("--setup", "field weight_decay is set, but only adamw takes weight decay")

    dtype = torch.float64 if feats.dtype == np.float64 else torch.float32
    phi = torch.from_numpy(np.ascontiguousarray(feats))
    y = torch.from_numpy(np.ascontiguousarray(labels))
    w = torch.from_numpy(np.ascontiguousarray(weights))
    model = FeatureModel(model_kind, shape, dim_in, classes, width, hidden, tied, activation, std, seed, dtype)
    params = list(model.parameters())
    if optimiser == "gd":
        opt = torch.optim.SGD(params, lr=lr)   # W <- W - lr * grad: no momentum, no decay
    else:   # "adam" is AdamW with weight_decay 0, which is Adam
        opt = torch.optim.AdamW(params, lr=lr, betas=(beta1, beta2), eps=epsilon, weight_decay=weight_decay)

    model.train()
    times, losses = [], []
    for step in range(1, a.warmup + a.steps + 1):
        start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        # Trainer.WeightedCrossEntropy: per-row cross-entropy times the row's weight, summed.
        loss = (F.cross_entropy(model(phi), y, reduction="none") * w).sum()
        value = loss.item()
        loss.backward()
        opt.step()
        elapsed = time.perf_counter() - start
        if not math.isfinite(value):
            print(f"feature_step.py: loss {value} at step {step}", file=sys.stderr)
            sys.exit(1)
        losses.append(value)
        if step > a.warmup:
            times.append(elapsed)

    print(json.dumps({
        "step_seconds_median": statistics.median(times),
        "step_seconds_mean": statistics.fmean(times),
        "loss_first": losses[0],
        "loss_last": losses[-1],
        "parameters": sum(p.numel() for p in params),
        "rows": n, "features": dim_in, "dtype": str(dtype).replace("torch.", ""),
        "steps": a.steps, "warmup": a.warmup,
        "torch": torch.__version__, "threads": torch.get_num_threads(), "blas_threads": blas_threads(), "omp_wait_policy": os.environ["OMP_WAIT_POLICY"], "python": platform.python_version(),
    }))


if __name__ == "__main__":
    main()
