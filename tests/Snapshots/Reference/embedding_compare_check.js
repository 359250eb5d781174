#!/usr/bin/env node
// Independent check of `probsig lm compare --embeddings FILE.txt` on a plain text corpus
// whose tokens are whitespace-separated words (THEORY 3.4 and 4): everything is recomputed
// here from the two input files, with nothing of ProbSig's code, and compared with the
// command's compare.json and .npy files:
//   - the GloVe text file is parsed here; the corpus is lower-cased and split at whitespace,
//     a word without a vector being the unknown token (counted, never compared);
//   - the compared tokens: the most frequent words with a vector (ties: the earlier row);
//   - the observed cosine: the compared rows minus their mean row, cosine;
//   - the windowed signatures, next and previous side: for each offset k = 1..W the
//     distribution of the k-th next (previous) token over the compared tokens and one "other"
//     bucket, mixed with weights alpha_k (renormalised over the offsets a token has), centred by
//     the mean row weighted by the pairs each token conditions, cosine; both sides averaged;
//   - Spearman over every pair i < j, ties snapped as THEORY 4 says.
// Usage: node embedding_compare_check.js VECTORS.txt CORPUS.txt COMPARE_DIR WINDOW WEIGHTS(uniform|harmonic)
// Prints one JSON object of figures and largest differences; exit 2 on bad input.
'use strict';
const fs = require('fs');
const path = require('path');

function readNpy(file) {
  const b = fs.readFileSync(file);
  if (b[0] !== 0x93 || b.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = b[6];
  const headerLength = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString('latin1', start, start + headerLength);
  if (!/'descr':\s*'<f8'/.test(header)) throw new Error(`${file}: expected float64`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').map(s => s.trim()).filter(s => s).map(Number);
  const off = start + headerLength, n = shape.reduce((a, x) => a * x, 1), data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = b.readDoubleLE(off + 8 * i);
  return { shape, data };
}

function readVectors(file) {
  const words = [], rows = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length < 2) continue;
    words.push(parts[0]);
    // float32 as the table holds them.
    rows.push(Float64Array.from(parts.slice(1).map(x => Math.fround(Number(x)))));
  }
  return { words, rows };
}

function cosineOfCentred(rows, defined, centre) {
  const n = rows.length, out = new Float64Array(n * n).fill(NaN), unit = [];
  for (let i = 0; i < n; i++) {
    if (!defined[i]) { unit.push(null); continue; }
    const v = rows[i].map((x, c) => x - centre[c]);
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    unit.push(norm <= 1e-12 ? null : v.map(x => x / norm));
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (unit[i] && unit[j]) { let s = 0; for (let c = 0; c < unit[i].length; c++) s += unit[i][c] * unit[j][c]; out[i * n + j] = s; }
  return out;
}

function signatureCosine(docs, tokens, window, alpha, side) {
  const n = tokens.length, index = new Map(tokens.map((t, i) => [t, i]));
  const rows = Array.from({ length: n }, () => new Float64Array(n + 1)), used = new Float64Array(n), pairs = new Float64Array(n);
  for (let k = 1; k <= window; k++) {
    const per = Array.from({ length: n }, () => new Float64Array(n + 1)), total = new Float64Array(n);
    for (const ids of docs)
      for (let t = 0; t + k < ids.length; t++) {
        const [cond, outcome] = side === 'next' ? [ids[t], ids[t + k]] : [ids[t + k], ids[t]];
        if (!index.has(cond)) continue;
        const i = index.get(cond), j = index.has(outcome) ? index.get(outcome) : n;
        per[i][j]++; total[i]++;
      }
    for (let i = 0; i < n; i++) {
      if (total[i] === 0) continue;
      pairs[i] += total[i]; used[i] += alpha[k - 1];
      for (let j = 0; j <= n; j++) rows[i][j] += per[i][j] * alpha[k - 1] / total[i];
    }
  }
  const defined = Array.from(used, u => u > 0);
  for (let i = 0; i < n; i++) if (defined[i] && Math.abs(used[i] - 1) > 1e-15) for (let j = 0; j <= n; j++) rows[i][j] /= used[i];
  const centre = new Float64Array(n + 1);
  let weight = 0;
  for (let i = 0; i < n; i++) if (defined[i]) { weight += pairs[i]; for (let j = 0; j <= n; j++) centre[j] += pairs[i] * rows[i][j]; }
  for (let j = 0; j <= n; j++) centre[j] /= weight;
  return cosineOfCentred(rows, defined, centre);
}

function snap(v) {
  let scale = 0;
  for (const x of v) scale = Math.max(scale, Math.abs(x));
  const out = Float64Array.from(v), order = Array.from(v.keys()).sort((a, b) => v[a] - v[b] || a - b);
  if (scale === 0) return out;
  for (let start = 0; start < order.length;) {
    const first = v[order[start]];
    let end = start;
    while (end + 1 < order.length && v[order[end + 1]] - first <= 1e-12 * scale) end++;
    for (let k = start; k <= end; k++) out[order[k]] = first;
    start = end + 1;
  }
  return out;
}

function ranks(v) {
  const order = Array.from(v.keys()).sort((a, b) => v[a] - v[b] || a - b), r = new Float64Array(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function spearman(a, b, n) {
  const x = [], y = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { x.push(a[i * n + j]); y.push(b[i * n + j]); }
  if (x.some(Number.isNaN) || y.some(Number.isNaN)) throw new Error('undefined pairs: this check covers corpora where every compared token is defined');
  const rx = ranks(snap(x)), ry = ranks(snap(y)), m = rx.length;
  const mx = rx.reduce((s, v) => s + v, 0) / m, my = ry.reduce((s, v) => s + v, 0) / m;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < m; i++) { sxy += (rx[i] - mx) * (ry[i] - my); sxx += (rx[i] - mx) ** 2; syy += (ry[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

function maxDiff(a, b) {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (!(Number.isNaN(a[i]) && Number.isNaN(b[i]))) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function main([vectorsFile, corpusFile, dir, windowText, weights]) {
  if (!dir) { process.stderr.write('usage: embedding_compare_check.js VECTORS.txt CORPUS.txt COMPARE_DIR WINDOW uniform|harmonic\n'); process.exit(2); }
  const window = Number(windowText);
  const raw = weights === 'harmonic' ? Array.from({ length: window }, (_, k) => 1 / (k + 1)) : Array(window).fill(1);
  const alpha = raw.map(a => a / raw.reduce((s, x) => s + x, 0));
  const { words, rows } = readVectors(vectorsFile);
  const id = new Map(words.map((w, i) => [w, i])), unknown = words.length;
  const ids = fs.readFileSync(corpusFile, 'utf8').split(/\s+/).filter(s => s).map(w => id.has(w.toLowerCase()) ? id.get(w.toLowerCase()) : unknown);
  const docs = [ids];
  const compare = JSON.parse(fs.readFileSync(path.join(dir, 'compare.json'), 'utf8'));
  const counts = new Float64Array(words.length + 1);
  for (const t of ids) counts[t]++;
  const top = Array.from({ length: words.length }, (_, i) => i).filter(i => counts[i] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b).slice(0, compare.ids.length);
  const n = top.length;
  const chosen = top.map(t => rows[t]), d = chosen[0].length, mean = new Float64Array(d);
  for (const r of chosen) for (let c = 0; c < d; c++) mean[c] += r[c] / n;
  const observed = cosineOfCentred(chosen, chosen.map(() => true), mean);
  const next = signatureCosine(docs, top, window, alpha, 'next'), previous = signatureCosine(docs, top, window, alpha, 'previous');
  const both = next.map((x, i) => (x + previous[i]) / 2);
  const name = `next_w${window}+previous_w${window}`;
  const row = compare.comparisons.find(c => c.signature === name);
  const ours = spearman(observed, both, n);
  const out = {
    tokens: n,
    same_tokens: JSON.stringify(top) === JSON.stringify(compare.ids),
    tokens_counted: ids.length,
    tokens_counted_probsig: compare.tokens_counted,
    covered_fraction: ids.filter(t => t !== unknown).length / ids.length,
    covered_fraction_probsig: compare.coverage.covered_fraction,
    observed_max_difference: maxDiff(observed, readNpy(path.join(dir, 'embedding_cosine.npy')).data),
    signature_max_difference: maxDiff(both, readNpy(path.join(dir, `next_w${window}_previous_w${window}_cosine.npy`)).data),
    spearman: ours,
    spearman_probsig: row.metrics.spearman.observed,
  };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

try { main(process.argv.slice(2)); } catch (e) { process.stderr.write(`embedding_compare_check.js: ${e.message}\n`); process.exit(2); }
