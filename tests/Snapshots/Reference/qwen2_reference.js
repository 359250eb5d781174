'use strict';
// Independent reference of the Qwen2 / Qwen2.5 forward pass, float64, written straight
// from transformers' modeling_qwen2.py equations (not from ProbSig's C#):
//   RMSNorm(x) = x / sqrt(mean(x^2) + eps) * w
//   rotary, half-split (rotate_half): inv_freq_i = theta^(-2i/h), angle = pos * inv_freq,
//     q' = q * cos + rotate_half(q) * sin, rotate_half(q) = [-q2, q1], positions 0..T-1
//   grouped-query attention: query head j reads key-value head floor(j / (H / Hkv));
//     q, k, v with biases, o without; causal softmax of q.k / sqrt(h)
//   SwiGLU MLP: down(silu(gate(x)) * up(x)); pre-norm residual blocks; final norm;
//   logits = h U^T with U = lm_head.weight, or the embedding when tied.
// Usage: node qwen2_reference.js CHECKPOINT_DIR IDS_JSON OUT.(json|npy)
// ids.json: one sequence [..] or a batch [[..], ..]; output shape (T, V) or (B, T, V).
// .npy output is float64 ('<f8'), C order. No npm packages.
const fs = require('fs');
const path = require('path');
const { readSafetensors } = require('./qwen2_safetensors.js');

function readConfig(dir) {
  const c = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  if (c.model_type !== 'qwen2') throw new Error(`model_type ${c.model_type} is not qwen2`);
  if (c.use_sliding_window) throw new Error('sliding window not implemented');
  if (c.rope_scaling) throw new Error('rope_scaling not implemented');
  const heads = c.num_attention_heads ?? 32;
  return {
    vocab: c.vocab_size ?? 151936,
    d: c.hidden_size ?? 4096,
    m: c.intermediate_size ?? 22016,
    layers: c.num_hidden_layers ?? 32,
    heads,
    kvHeads: c.num_key_value_heads ?? heads,
    eps: c.rms_norm_eps ?? 1e-6,
    theta: c.rope_theta ?? (c.rope_parameters && c.rope_parameters.rope_theta) ?? 10000,
    tied: c.tie_word_embeddings ?? false,
  };
}

function readWeights(dir) {
  const single = path.join(dir, 'model.safetensors');
  if (fs.existsSync(single)) return readSafetensors(single);
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'model.safetensors.index.json'), 'utf8'));
  const weights = {};
  for (const shard of new Set(Object.values(index.weight_map)))
    Object.assign(weights, readSafetensors(path.join(dir, shard)));
  return weights;
}

function weight(weights, name, shape) {
  const t = weights[name];
  if (!t) throw new Error(`tensor ${name} missing`);
  if (JSON.stringify(t.shape) !== JSON.stringify(shape))
    throw new Error(`tensor ${name} has shape ${JSON.stringify(t.shape)}, expected ${JSON.stringify(shape)}`);
  return t.data;
}

// y = W x (+ b), W (out, in) row-major.
function linear(W, b, x, out, inp) {
  const y = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    let s = b ? b[o] : 0;
    const row = o * inp;
    for (let i = 0; i < inp; i++) s += W[row + i] * x[i];
    y[o] = s;
  }
  return y;
}

function rmsNorm(x, w, eps) {
  let ss = 0;
  for (const v of x) ss += v * v;
  const r = 1 / Math.sqrt(ss / x.length + eps);
  return x.map((v, i) => v * r * w[i]);
}

function rotate(vec, offset, h, pos, theta) {
  const half = h / 2;
  for (let i = 0; i < half; i++) {
    const angle = pos * Math.pow(theta, -(2 * i) / h);
    const c = Math.cos(angle), s = Math.sin(angle);
    const a = vec[offset + i], b = vec[offset + i + half];
    vec[offset + i] = a * c - b * s;
    vec[offset + i + half] = b * c + a * s;
  }
}

const silu = (v) => v / (1 + Math.exp(-v));

function forward(cfg, W, ids) {
  const { d, m, heads, kvHeads, eps, theta, vocab } = cfg;
  const h = d / heads, group = heads / kvHeads, T = ids.length;
  const E = weight(W, 'model.embed_tokens.weight', [vocab, d]);
  let x = ids.map((id) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`id ${id} out of vocabulary`);
    return E.slice(id * d, (id + 1) * d);
  });
  for (let l = 0; l < cfg.layers; l++) {
    const p = `model.layers.${l}.`;
    const wIn = weight(W, p + 'input_layernorm.weight', [d]);
    const Wq = weight(W, p + 'self_attn.q_proj.weight', [heads * h, d]), bq = weight(W, p + 'self_attn.q_proj.bias', [heads * h]);
    const Wk = weight(W, p + 'self_attn.k_proj.weight', [kvHeads * h, d]), bk = weight(W, p + 'self_attn.k_proj.bias', [kvHeads * h]);
    const Wv = weight(W, p + 'self_attn.v_proj.weight', [kvHeads * h, d]), bv = weight(W, p + 'self_attn.v_proj.bias', [kvHeads * h]);
    const Wo = weight(W, p + 'self_attn.o_proj.weight', [d, heads * h]);
    const wPost = weight(W, p + 'post_attention_layernorm.weight', [d]);
    const Wg = weight(W, p + 'mlp.gate_proj.weight', [m, d]), Wu = weight(W, p + 'mlp.up_proj.weight', [m, d]);
    const Wd = weight(W, p + 'mlp.down_proj.weight', [d, m]);

    const q = [], k = [], v = [];
    for (let t = 0; t < T; t++) {
      const hn = rmsNorm(x[t], wIn, eps);
      const qt = linear(Wq, bq, hn, heads * h, d), kt = linear(Wk, bk, hn, kvHeads * h, d);
      for (let j = 0; j < heads; j++) rotate(qt, j * h, h, t, theta);
      for (let j = 0; j < kvHeads; j++) rotate(kt, j * h, h, t, theta);
      q.push(qt); k.push(kt); v.push(linear(Wv, bv, hn, kvHeads * h, d));
    }
    const next = [];
    for (let t = 0; t < T; t++) {
      const attn = new Float64Array(heads * h);
      for (let j = 0; j < heads; j++) {
        const g = Math.floor(j / group);
        const scores = [];
        for (let u = 0; u <= t; u++) {
          let s = 0;
          for (let i = 0; i < h; i++) s += q[t][j * h + i] * k[u][g * h + i];
          scores.push(s / Math.sqrt(h));
        }
        const mx = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - mx));
        const z = e.reduce((a, b) => a + b, 0);
        for (let u = 0; u <= t; u++)
          for (let i = 0; i < h; i++) attn[j * h + i] += (e[u] / z) * v[u][g * h + i];
      }
      const o = linear(Wo, null, attn, d, heads * h);
      const x1 = x[t].map((val, i) => val + o[i]);
      const hn = rmsNorm(x1, wPost, eps);
      const gate = linear(Wg, null, hn, m, d), up = linear(Wu, null, hn, m, d);
      const act = gate.map((gv, i) => silu(gv) * up[i]);
      const down = linear(Wd, null, act, d, m);
      next.push(x1.map((val, i) => val + down[i]));
    }
    x = next;
  }
  const wNorm = weight(W, 'model.norm.weight', [d]);
  const U = cfg.tied ? E : weight(W, 'lm_head.weight', [vocab, d]);
  return x.map((xt) => linear(U, null, rmsNorm(xt, wNorm, eps), vocab, d));
}

function writeNpy(file, shape, values) {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat(Math.ceil(total / 64) * 64 - total) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  pre.writeUInt16LE(dict.length, 8);
  const data = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => data.writeDoubleLE(v, 8 * i));
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(dict, 'latin1'), data]));
}

function main() {
  const [dir, idsFile, out] = process.argv.slice(2);
  if (!out) throw new Error('usage: node qwen2_reference.js CHECKPOINT_DIR IDS_JSON OUT.(json|npy)');
  const cfg = readConfig(dir);
  const W = readWeights(dir);
  const ids = JSON.parse(fs.readFileSync(idsFile, 'utf8'));
  const batch = Array.isArray(ids[0]);
  const seqs = batch ? ids : [ids];
  const logits = seqs.map((s) => forward(cfg, W, s));
  const result = batch ? logits.map((s) => s.map((r) => Array.from(r))) : logits[0].map((r) => Array.from(r));
  if (out.endsWith('.npy')) {
    const shape = batch ? [seqs.length, seqs[0].length, cfg.vocab] : [seqs[0].length, cfg.vocab];
    writeNpy(out, shape, result.flat(2));
  } else {
    fs.writeFileSync(out, JSON.stringify({ shape: batch ? [seqs.length, seqs[0].length, cfg.vocab] : [seqs[0].length, cfg.vocab], logits: result }));
  }
}

main();
