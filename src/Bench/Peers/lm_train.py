#!/usr/bin/env python3
"""PyTorch-eager peer of our Qwen2 causal-LM training step (probsig lm train).

The whole architecture is in this file, nanoGPT style, and matches
src/Empirics/Models/Qwen2Model.cs op for op: token embedding, pre-norm blocks of
RMSNorm -> grouped-query attention (biases on q, k, v; none on o; half-split rotary
embeddings) and RMSNorm -> SwiGLU MLP, a final RMSNorm, and lm_head (or the tied
embedding). Parameter names are the Hugging Face Qwen2ForCausalLM keys, so our
checkpoint's model.safetensors loads into it by name (--load-safetensors).

The training step matches src/Empirics/LanguageModels/Training/LmTrainer.cs: mean
next-token cross-entropy in float32, backward, global-L2-norm gradient clipping
(clip_grad_norm_), AdamW (betas 0.9/0.95, eps 1e-8, decoupled weight decay 0.1 on
tensors of rank >= 2 only), linear warm-up then cosine decay to lr * min_lr_ratio.
Batches are uniform random token ids rather than a corpus; that changes the losses,
not the arithmetic per step.

Prints one JSON object on stdout; everything else goes to stderr.
"""
import argparse
import json
import math
import os
import platform
import statistics
import struct
import sys
import time

# Sets OMP_WAIT_POLICY before torch loads (see peer_threads.py).
from peer_threads import blas_threads, set_threads

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def fail(arg, message):
    print(f"lm_train.py: {arg}: {message}", file=sys.stderr)
    sys.exit(2)




# --------------------------------------------------------------------------- model

class Cfg:
    """The fields of a Hugging Face Qwen2 config.json that change the arithmetic.
    Absent fields take transformers' Qwen2Config defaults, as our reader does."""

    def __init__(self, j):
        if not isinstance(j, dict):
            fail("--config", "must be a JSON object")
        if j.get("model_type", "qwen2") != "qwen2":
            fail("--config", f"model_type is {j.get('model_type')!r}; only qwen2 is implemented")
        for k in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                  "num_key_value_heads", "max_position_embeddings"):
            v = j.get(k)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v <= 0):
                fail("--config", f"{k} is {v!r}; it must be a positive integer")
        if j.get("hidden_act", "silu") != "silu" or j.get("use_sliding_window") or j.get("rope_scaling"):
            fail("--config", "only hidden_act silu, full attention and unscaled rotary embeddings are implemented")
        heads = j.get("num_attention_heads", 32)
        self.vocab_size = j.get("vocab_size", 151936)
        self.hidden_size = j.get("hidden_size", 4096)
        self.intermediate_size = j.get("intermediate_size", 22016)
        self.num_hidden_layers = j.get("num_hidden_layers", 32)
        self.num_attention_heads = heads
        kv = j.get("num_key_value_heads")
        self.num_key_value_heads = heads if kv is None else kv   # None: one per head
        self.rms_norm_eps = float(j.get("rms_norm_eps", 1e-6))
        self.rope_theta = float(j.get("rope_theta", 10000.0))
        self.tie_word_embeddings = bool(j.get("tie_word_embeddings", False))
        self.max_position_embeddings = j.get("max_position_embeddings", 32768)
        std = j.get("initializer_range")
        self.initializer_range = 0.02 if std is None else float(std)
        self.head_dim = self.hidden_size // heads


class RMSNorm(nn.Module):
    # x / sqrt(mean(x^2) + eps) * weight, computed in float32 (as Qwen2RMSNorm).
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        x32 = x.float()
        normed = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * normed.to(x.dtype)


def rotary_angles(length, head_dim, theta):
    """cos, sin (T, head_dim) in float32; inv_freq from an int64 range as transformers does."""
    exponents = torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim
    inv_freq = 1.0 / torch.pow(torch.tensor(theta, dtype=torch.float32), exponents)
    freqs = torch.outer(torch.arange(length, dtype=torch.float32), inv_freq)   # (T, h/2)
    angles = torch.cat([freqs, freqs], 1)                                       # (T, h)
    return angles.cos(), angles.sin()


def apply_rotary(x, cos, sin):
    # Half-split convention (rotate_half): pair (x_i, x_{i+h/2}) turns by pos * theta^(-2i/h).
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
    return x * cos.to(x.dtype) + rotated * sin.to(x.dtype)


# Our C# model calls libtorch's scaled_dot_product_attention(is_causal=True). torch >= 2.0
# has the same function, so use it there (same kernel, same arithmetic); torch 1.13 lacks
# it, and the plain form below is its "math" path: softmax(q k^T / sqrt(h) + causal mask) v.
def attention_math(q, k, v):
    t = q.shape[-2]
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])               # (B, H, T, T)
    mask = torch.ones(t, t, dtype=torch.bool).tril()
    scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v                                   # (B, H, T, h)


def attention_sdpa(q, k, v):
    return F.scaled_dot_product_attention(q, k, v, is_causal=True)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = c.num_attention_heads, c.num_key_value_heads, c.head_dim
        d = c.hidden_size
        self.q_proj = nn.Linear(d, self.heads * self.head_dim, bias=True)
        self.k_proj = nn.Linear(d, self.kv_heads * self.head_dim, bias=True)
        self.v_proj = nn.Linear(d, self.kv_heads * self.head_dim, bias=True)
        self.o_proj = nn.Linear(self.heads * self.head_dim, d, bias=False)
        self.attend = attention_math

    def forward(self, x, cos, sin):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)      # (B, H, T, h)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)   # (B, Hkv, T, h)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        if self.kv_heads != self.heads:
            # repeat_kv: query head j reads key-value head j // (H / Hkv).
            k = k.repeat_interleave(self.heads // self.kv_heads, dim=1)
            v = v.repeat_interleave(self.heads // self.kv_heads, dim=1)
        y = self.attend(q, k, v).transpose(1, 2).contiguous().view(b, t, self.heads * self.head_dim)
        return self.o_proj(y)


class Mlp(nn.Module):
    # SwiGLU: down(silu(gate(x)) * up(x)), no biases.
    def __init__(self, c):
        super().__init__()
        self.gate_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.up_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.down_proj = nn.Linear(c.intermediate_size, c.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.mlp = Mlp(c)

    def forward(self, x, cos, sin):
        h = x + self.self_attn(self.input_layernorm(x), cos, sin)
        return h + self.mlp(self.post_attention_layernorm(h))


class Decoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed_tokens = nn.Embedding(c.vocab_size, c.hidden_size)
        self.layers = nn.ModuleList([Block(c) for _ in range(c.num_hidden_layers)])
        self.norm = RMSNorm(c.hidden_size, c.rms_norm_eps)

    def forward(self, ids):
        cos, sin = rotary_angles(ids.shape[1], self.c.head_dim, self.c.rope_theta)
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x, cos, sin)
        return self.norm(x)


class Qwen2ForCausalLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.model = Decoder(c)
        self.lm_head = None if c.tie_word_embeddings else nn.Linear(c.hidden_size, c.vocab_size, bias=False)

    def forward(self, ids):
        h = self.model(ids)
        return F.linear(h, self.model.embed_tokens.weight) if self.lm_head is None else self.lm_head(h)

    def initialise(self, std, seed):
        # Our _init_weights: matrices and the embedding N(0, std^2), biases 0, norm gains 1,
        # drawn in state-dict order from one CPU generator seeded with the model seed.
        g = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("layernorm.weight") or name == "model.norm.weight":
                    p.fill_(1.0)
                elif name.endswith(".bias"):
                    p.zero_()
                else:
                    p.normal_(0.0, std, generator=g)


# --------------------------------------------------------------------------- safetensors

_ST_DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16}


def read_safetensors(path):
    """name -> float32 tensor, parsed by hand (8-byte little-endian header length, JSON header)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = blob[8 + n + start:8 + n + end]
        if info["dtype"] == "BF16":   # bfloat16: the high half of a float32
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif info["dtype"] in _ST_DTYPES:
            a = np.frombuffer(raw, dtype=np.dtype(_ST_DTYPES[info["dtype"]]).newbyteorder("<"))
        else:
            fail("--load-safetensors", f"tensor {name} has dtype {info['dtype']}; expected F32, F16 or BF16")
        out[name] = torch.from_numpy(a.astype(np.float32).reshape(info["shape"]))
    return out


def load_weights(model, path):
    tensors = read_safetensors(path)
    own = dict(model.named_parameters())
    missing = sorted(set(own) - set(tensors))
    extra = sorted(set(tensors) - set(own))
    if missing or extra:
        fail("--load-safetensors", f"names disagree with the config: missing {missing}, unexpected {extra}")
    with torch.no_grad():
        for name, p in own.items():
            if tuple(tensors[name].shape) != tuple(p.shape):
                fail("--load-safetensors", f"{name} is {list(tensors[name].shape)}, the config implies {list(p.shape)}")
            p.copy_(tensors[name])


# --------------------------------------------------------------------------- training

def lr_at(step, steps, lr, warmup, min_ratio):
    """LearningRateSchedule.At: linear warm-up (step 1 already non-zero), then cosine to lr*min_ratio."""
    if step <= warmup:
        return lr * step / warmup
    floor = lr * min_ratio
    return floor + (lr - floor) * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (steps - warmup)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", required=True, help="Hugging Face Qwen2 config.json")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq", type=int, default=64)
    ap.add_argument("--steps", type=int, default=20, help="timed steps")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps run first (not the lr warm-up)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the initial weights and of the batches")
    ap.add_argument("--lr", type=float, default=5e-3, help="peak learning rate")
    ap.add_argument("--lr-warmup", type=int, default=None,
                    help="lr warm-up steps (default: 10%% of all steps, at most 100, as probsig lm train)")
    ap.add_argument("--min-lr-ratio", type=float, default=0.1)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--beta1", type=float, default=0.9)
    ap.add_argument("--beta2", type=float, default=0.95)
    ap.add_argument("--eps", type=float, default=1e-8)
    ap.add_argument("--clip", type=float, default=1.0, help="global gradient-norm clip; 0 = off")
    ap.add_argument("--attention", choices=["auto", "sdpa", "math"], default="auto",
                    help="auto: scaled_dot_product_attention where torch has it (>= 2.0), else math")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--load-safetensors", default=None, help="start from these weights (e.g. our model.safetensors)")
    ap.add_argument("--logits-ids", default=None,
                    help="ids.json (one sequence or a batch): write the model's logits there instead of training")
    ap.add_argument("--logits-out", default=None, help="logits.npy for --logits-ids")
    a = ap.parse_args()

    for name in ("batch", "seq", "steps"):
        if getattr(a, name) <= 0:
            fail("--" + name, f"is {getattr(a, name)}; it must be positive")
    if a.warmup < 0:
        fail("--warmup", f"is {a.warmup}; it must be non-negative")
    if not (a.lr > 0 and math.isfinite(a.lr)):
        fail("--lr", f"is {a.lr}; it must be finite and positive")
    if a.threads is not None:
        if a.threads <= 0:
            fail("--threads", f"is {a.threads}; it must be positive")
        set_threads(a.threads)
    if a.attention == "sdpa" and not hasattr(F, "scaled_dot_product_attention"):
        fail("--attention", f"sdpa needs torch >= 2.0; this is {torch.__version__}")
    if (a.logits_ids is None) != (a.logits_out is None):
        fail("--logits-out", "--logits-ids and --logits-out go together")

    try:
        with open(a.config) as f:
            c = Cfg(json.load(f))
    except (OSError, ValueError) as e:
        fail("--config", str(e))
    if c.hidden_size % c.num_attention_heads or c.head_dim % 2 or c.num_attention_heads % c.num_key_value_heads:
        fail("--config", "hidden_size must be a multiple of num_attention_heads, the head width even, "
                         "and num_attention_heads a multiple of num_key_value_heads")
    if a.seq > c.max_position_embeddings:
        fail("--seq", f"is {a.seq}; the config's max_position_embeddings is {c.max_position_embeddings}")

    torch.manual_seed(a.seed)
    model = Qwen2ForCausalLM(c)
    model.initialise(c.initializer_range, a.seed)
    if a.load_safetensors:
        load_weights(model, a.load_safetensors)
    use_sdpa = a.attention == "sdpa" or (a.attention == "auto" and hasattr(F, "scaled_dot_product_attention"))
    for m in model.modules():
        if isinstance(m, Attention):
            m.attend = attention_sdpa if use_sdpa else attention_math

    if a.logits_ids is not None:
        # The check against `probsig lm logits`: same ids, same weights, compare the arrays.
        with open(a.logits_ids) as f:
            ids = torch.tensor(json.load(f), dtype=torch.int64)
        single = ids.dim() == 1
        with torch.no_grad():
            logits = model(ids.unsqueeze(0) if single else ids)
        np.save(a.logits_out, (logits[0] if single else logits).numpy().astype(np.float32))
        print(json.dumps({"logits": a.logits_out, "shape": list(logits.shape), "attention": "sdpa" if use_sdpa else "math",
                          "torch": torch.__version__, "threads": torch.get_num_threads(), "blas_threads": blas_threads(), "omp_wait_policy": os.environ["OMP_WAIT_POLICY"],
                          "python": platform.python_version()}))
        return

    params = list(model.parameters())
    n_total = sum(p.numel() for p in params)
    n_embedding = model.model.embed_tokens.weight.numel()
    if model.lm_head is not None:
        n_embedding += model.lm_head.weight.numel()
    n_non_embedding = n_total - n_embedding

    # Decay on matrices only (norm gains and biases are left alone), as LmAdamW.
    optimiser = torch.optim.AdamW(
        [{"params": [p for p in params if p.dim() >= 2], "weight_decay": a.weight_decay},
         {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}],
        lr=a.lr, betas=(a.beta1, a.beta2), eps=a.eps)

    total = a.warmup + a.steps
    lr_warmup = min(100, total // 10) if a.lr_warmup is None else a.lr_warmup
    if not 0 <= lr_warmup <= total:
        fail("--lr-warmup", f"is {lr_warmup}; it must lie in [0, warmup + steps = {total}]")
    gen = torch.Generator().manual_seed(a.seed)
    model.train()
    times, losses = [], []
    for step in range(1, total + 1):
        start = time.perf_counter()
        ids = torch.randint(0, c.vocab_size, (a.batch, a.seq + 1), generator=gen)   # (B, T + 1)
        inp, target = ids[:, :a.seq], ids[:, 1:]
        optimiser.zero_grad(set_to_none=True)
        logits = model(inp)
        loss = F.cross_entropy(logits.reshape(-1, c.vocab_size).float(), target.reshape(-1))
        value = loss.item()
        loss.backward()
        if a.clip > 0:
            torch.nn.utils.clip_grad_norm_(params, a.clip)
        for group in optimiser.param_groups:
            group["lr"] = lr_at(step, total, a.lr, lr_warmup, a.min_lr_ratio)
        optimiser.step()
        elapsed = time.perf_counter() - start
        if not math.isfinite(value):
            print(f"lm_train.py: loss {value} at step {step}", file=sys.stderr)
            sys.exit(1)
        losses.append(value)
        if step > a.warmup:
            times.append(elapsed)
        print(f"step {step}/{total} loss {value:.4f} {elapsed * 1000:.1f} ms", file=sys.stderr)

    median = statistics.median(times)
    L, d, T = c.num_hidden_layers, c.hidden_size, a.seq
    print(json.dumps({
        "tokens_per_second": a.batch * a.seq / median,
        "step_seconds_median": median,
        "step_seconds_mean": statistics.fmean(times),
        "parameters": n_total,
        "non_embedding_parameters": n_non_embedding,
        "flops_per_token": 6 * n_non_embedding + 12 * L * d * T,
        "flops_formula": "6*N_non_embedding + 12*layers*hidden*seq (Kaplan et al. 2020; N excludes embed_tokens and lm_head)",
        # The output projection is a real (B*T, d) x (d, V) matmul, tied or not, which the
        # standard estimate leaves out; at small widths it is much of the work.
        "flops_per_token_with_head": 6 * (n_non_embedding + c.vocab_size * d) + 12 * L * d * T,
        "loss_first": losses[0],
        "loss_last": losses[-1],
        "batch": a.batch, "seq": a.seq, "steps": a.steps, "warmup": a.warmup,
        "attention": "sdpa" if use_sdpa else "math",
        "torch": torch.__version__, "threads": torch.get_num_threads(), "blas_threads": blas_threads(), "omp_wait_policy": os.environ["OMP_WAIT_POLICY"], "python": platform.python_version(),
    }))


if __name__ == "__main__":
    main()
