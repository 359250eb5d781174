// Independent reference for `probsig predict` (THEORY 3.1), written without any of the
// C# code paths: it enumerates the composite addition task, forms A directly, and gets
// the embedding kernel as the top-left V x V block of a matrix exponential of the
// symmetric block matrix 2tB = 2t [[0, A^T], [A, 0]] (scaling and squaring with a
// Taylor series), or of (I + eta B)^(2k) by repeated squaring for the discrete form,
// instead of the SVD route the C# code takes.
//
// Usage: node predict_reference.js '<json config>'  ->  {"tokens": [...], "cosine": [[...]]}
// Config: numbers, keyMin, keyMax, anchors (values), positions, modulo (bool),
//         overrides ([{anchors: [0-based...], offset}]), time | (steps, lr).
'use strict';
const cfg = JSON.parse(process.argv[2]);
const N = cfg.numbers, m = cfg.anchors.length, P = cfg.positions;
const V = N + m, C = N;

// Enumerate every (key, anchor tuple) with uniform weight.
const samples = [];
for (let k = cfg.keyMin; k <= cfg.keyMax; k++) {
  const tuple = new Array(P).fill(0);
  for (;;) {
    let label = k + tuple.reduce((s, a) => s + cfg.anchors[a], 0);
    for (const o of cfg.overrides || []) {
      if (o.anchors.length === P && o.anchors.every((a, i) => a === tuple[i])) label = k + o.offset;
    }
    if (cfg.modulo) label = ((label % N) + N) % N;
    if (label < 0 || label >= N) throw new Error('label out of range');
    samples.push({ tokens: [k, ...tuple.map(a => N + a)], label });
    let i = P - 1;
    while (i >= 0 && tuple[i] === m - 1) { tuple[i] = 0; i--; }
    if (i < 0) break;
    tuple[i]++;
  }
}
const w = 1 / samples.length;
// A = E[(e_Y - u) n(X)^T], C x V.
const A = Array.from({ length: C }, () => new Float64Array(V));
for (const s of samples) {
  for (const t of s.tokens) {
    for (let y = 0; y < C; y++) A[y][t] += w * ((y === s.label ? 1 : 0) - 1 / C);
  }
}
const n = V + C;
const zeros = () => Array.from({ length: n }, () => new Float64Array(n));
function mul(X, Y) {
  const Z = zeros();
  for (let i = 0; i < n; i++) {
    const Zi = Z[i], Xi = X[i];
    for (let k = 0; k < n; k++) {
      const x = Xi[k];
      if (x === 0) continue;
      const Yk = Y[k];
      for (let j = 0; j < n; j++) Zi[j] += x * Yk[j];
    }
  }
  return Z;
}
function B(scale) {
  const M = zeros();
  for (let y = 0; y < C; y++) for (let s = 0; s < V; s++) {
    M[s][V + y] = scale * A[y][s];
    M[V + y][s] = scale * A[y][s];
  }
  return M;
}
function identityPlus(M) { for (let i = 0; i < n; i++) M[i][i] += 1; return M; }
function expm(M) {
  // Scale so the norm is below 0.5, Taylor to 20 terms, square back.
  let norm = 0;
  for (let i = 0; i < n; i++) { let r = 0; for (let j = 0; j < n; j++) r += Math.abs(M[i][j]); norm = Math.max(norm, r); }
  let sq = 0;
  while (norm > 0.5) { norm /= 2; sq++; }
  const S = M.map(r => r.map(v => v / 2 ** sq));
  let term = identityPlus(zeros());
  let sum = identityPlus(zeros());
  for (let k = 1; k <= 20; k++) {
    term = mul(term, S).map(r => r.map(v => v / k));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum[i][j] += term[i][j];
  }
  for (let i = 0; i < sq; i++) sum = mul(sum, sum);
  return sum;
}
function power(M, e) {
  let result = identityPlus(zeros()), base = M;
  while (e > 0) { if (e & 1) result = mul(result, base); base = mul(base, base); e >>= 1; }
  return result;
}
const E = cfg.steps !== undefined ? power(identityPlus(B(cfg.lr)), 2 * cfg.steps) : expm(B(2 * cfg.time));
const cos = [];
for (let i = 0; i < V; i++) {
  const row = [];
  for (let j = 0; j < V; j++) row.push(E[i][j] / Math.sqrt(E[i][i] * E[j][j]));
  cos.push(row);
}
const tokens = [...Array(N).keys()].map(String).concat(cfg.anchors.map((_, i) => 'A' + (i + 1)));
process.stdout.write(JSON.stringify({ tokens, cosine: cos }));
