'use strict';
// Writes a random Qwen2 checkpoint folder in the Hugging Face layout with its own
// safetensors writer (qwen2_safetensors.js), so ProbSig's reader is checked against an
// independent writer. Usage: node qwen2_make_checkpoint.js SPEC_JSON, where SPEC is
//   { dir, seed, config: {vocab_size, hidden_size, intermediate_size, num_hidden_layers,
//     num_attention_heads, num_key_value_heads, rms_norm_eps, rope_theta,
//     tie_word_embeddings, max_position_embeddings},
//     dtype: "F32" | "F16" | "BF16", shards: 1 (model.safetensors) or n (index + n files),
//     pad: true (header padded to 8 like Python's writer) | false,
//     std: 0.15 (weights), extra: {name: true} (add an unexpected tensor),
//     drop: [names], dtypeOf: {name: "F64" | "I8"}, tiedHead: true (save lm_head = embedding),
//     configOverrides: {...} (written into config.json after the tensors are made) }
// Weights are N(0, std^2); biases N(0, (std/2)^2); norm weights 1 + N(0, 0.1^2).
const fs = require('fs');
const path = require('path');
const { writeSafetensors, SIZES } = require('./qwen2_safetensors.js');

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normals(rand, n, mean, std) {
  const out = new Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12), v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = mean + std * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

function layout(c) {
  const V = c.vocab_size, d = c.hidden_size, m = c.intermediate_size;
  const h = d / c.num_attention_heads, q = c.num_attention_heads * h, kv = c.num_key_value_heads * h;
  const list = [['model.embed_tokens.weight', [V, d], 'w']];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const p = `model.layers.${i}.`;
    list.push([p + 'input_layernorm.weight', [d], 'norm']);
    list.push([p + 'self_attn.q_proj.weight', [q, d], 'w'], [p + 'self_attn.q_proj.bias', [q], 'b']);
    list.push([p + 'self_attn.k_proj.weight', [kv, d], 'w'], [p + 'self_attn.k_proj.bias', [kv], 'b']);
    list.push([p + 'self_attn.v_proj.weight', [kv, d], 'w'], [p + 'self_attn.v_proj.bias', [kv], 'b']);
    list.push([p + 'self_attn.o_proj.weight', [d, q], 'w']);
    list.push([p + 'post_attention_layernorm.weight', [d], 'norm']);
    list.push([p + 'mlp.gate_proj.weight', [m, d], 'w'], [p + 'mlp.up_proj.weight', [m, d], 'w'], [p + 'mlp.down_proj.weight', [d, m], 'w']);
  }
  list.push(['model.norm.weight', [d], 'norm']);
  if (!c.tie_word_embeddings) list.push(['lm_head.weight', [V, d], 'w']);
  return list;
}

function main() {
  const spec = JSON.parse(process.argv[2]);
  const c = spec.config;
  const dtype = spec.dtype || 'F32';
  const std = spec.std ?? 0.15;
  const rand = mulberry32(spec.seed ?? 0);
  fs.mkdirSync(spec.dir, { recursive: true });

  const tensors = layout(c).map(([name, shape, kind]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = kind === 'norm' ? normals(rand, n, 1, 0.1) : normals(rand, n, 0, kind === 'b' ? std / 2 : std);
    return { name, shape, dtype: (spec.dtypeOf && spec.dtypeOf[name]) || dtype, values };
  });
  if (spec.tiedHead) {
    const e = tensors[0];
    tensors.push({ name: 'lm_head.weight', shape: e.shape, dtype: e.dtype, values: e.values });
  }
  for (const name of Object.keys(spec.extra || {}))
    tensors.push({ name, shape: [4], dtype, values: normals(rand, 4, 0, 1) });
  const kept = tensors.filter((t) => !(spec.drop || []).includes(t.name));

  const shards = spec.shards || 1;
  const pad = spec.pad ?? true;
  if (shards === 1) {
    writeSafetensors(path.join(spec.dir, 'model.safetensors'), kept, { pad, metadata: { format: 'pt' } });
  } else {
    const per = Math.ceil(kept.length / shards);
    const weightMap = {};
    let total = 0;
    for (let s = 0; s < shards; s++) {
      const file = `model-${String(s + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
      const part = kept.slice(s * per, (s + 1) * per);
      total += writeSafetensors(path.join(spec.dir, file), part, { pad, metadata: { format: 'pt' } });
      for (const t of part) weightMap[t.name] = file;
    }
    fs.writeFileSync(path.join(spec.dir, 'model.safetensors.index.json'),
      JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2));
  }

  const torchDtype = { F32: 'float32', F16: 'float16', BF16: 'bfloat16' }[dtype];
  const config = {
    architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', hidden_act: 'silu', torch_dtype: torchDtype,
    use_sliding_window: false, rope_scaling: null, attention_dropout: 0.0, ...c, ...(spec.configOverrides || {}),
  };
  fs.writeFileSync(path.join(spec.dir, 'config.json'), JSON.stringify(config, null, 2));
  void SIZES;
}

main();
