// Independent check of the PPMI-SVD rival (THEORY 3.4), written without any of the C# code
// paths or a numerics library: from an export of the offset-1 counts of the compared tokens it
// recomputes the PPMI with context-distribution smoothing, the leading singular modes (as the
// eigenvectors of P P^T: Householder tridiagonalisation and implicit QL, after EISPACK's
// tred2/tql2), the vectors U S^p, their centring by the pair-weighted mean of the defined rows,
// and the row cosine; then prints how far the report's cosine is from its own.
//
// Usage: node ppmi_svd_check.js COUNTS.npy ROW_PAIRS.npy COSINE.npy [--side next|previous]
//          [--rank K] [--p 0.5] [--smoothing 0.75] [--uncentred] [--tolerance 1e-6]
// Inputs (float64 little-endian .npy, C order; ints are accepted too):
//   COUNTS     N x N, entry [i][j] = offset-1 pairs with x_t = token i and x_{t+1} = token j,
//              tokens in the compared order (rows x_t on either side: the script transposes for
//              the previous side).
//   ROW_PAIRS  N (or N x 1, 1 x N): the centring weights of the side checked, the pairs each
//              token conditions over ALL partner tokens: next side, pairs with x_t = token;
//              previous side, pairs with x_{t+1} = token. Unused with --uncentred.
//   COSINE     the report's rival cosine, n x n with n <= N: the leading n compared tokens
//              (a heatmap's block is fine); NaN marks an undefined token.
// Output: the maximum absolute difference over the entries both define, the entries defined in
// one only, and the Spearman of the report's off-diagonal pairs against this script's. Exit code
// 1 when the difference exceeds the tolerance or the undefined entries differ.
'use strict';
const fs = require('fs');

function readNpy(path) {
  const b = fs.readFileSync(path);
  if (b[0] !== 0x93 || b.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = b[6];
  const headerLength = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString('latin1', start, start + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order is not supported`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').map(s => s.trim()).filter(s => s).map(Number);
  const count = shape.reduce((a, x) => a * x, 1);
  const off = start + headerLength;
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (descr === '<f8') data[i] = b.readDoubleLE(off + 8 * i);
    else if (descr === '<f4') data[i] = b.readFloatLE(off + 4 * i);
    else if (descr === '<i8') data[i] = Number(b.readBigInt64LE(off + 8 * i));
    else if (descr === '<i4') data[i] = b.readInt32LE(off + 4 * i);
    else throw new Error(`${path}: dtype ${descr} is not supported`);
  }
  return { shape, data };
}

function matrix(npy, what) {
  if (npy.shape.length !== 2) throw new Error(`${what} must be a matrix; shape ${npy.shape}`);
  const [r, c] = npy.shape;
  return Array.from({ length: r }, (_, i) => npy.data.slice(i * c, (i + 1) * c));
}

// PPMI(i, j) = max(0, log(c_ij D / (c_i* c_a(j)))), c_a(j) = c_*j^a D / sum c_*j'^a, 0 where c_ij = 0.
function ppmi(c, a) {
  const n = c.length;
  const rows = c.map(r => r.reduce((s, x) => s + x, 0));
  const total = rows.reduce((s, x) => s + x, 0);
  const smoothed = Array.from({ length: n }, (_, j) => Math.pow(c.reduce((s, r) => s + r[j], 0), a));
  const smoothedTotal = smoothed.reduce((s, x) => s + x, 0);
  return c.map((r, i) => Float64Array.from(r, (x, j) =>
    x > 0 ? Math.max(0, Math.log(x / total) - Math.log(rows[i] / total) - Math.log(smoothed[j] / smoothedTotal)) : 0));
}

// Eigen-decomposition of a symmetric matrix (EISPACK tred2 + tql2, as in JAMA). Returns the
// eigenvalues and the eigenvectors as rows, eigenvalues descending.
function symmetricEigen(a) {
  const n = a.length;
  const V = a.map(r => Float64Array.from(r));
  const d = new Float64Array(n), e = new Float64Array(n);
  for (let j = 0; j < n; j++) d[j] = V[n - 1][j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) { d[j] = V[i - 1][j]; V[i][j] = 0; V[j][i] = 0; }
    } else {
      for (let k = 0; k < i; k++) { d[k] /= scale; h += d[k] * d[k]; }
      let f = d[i - 1], g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j][i] = f;
        g = e[j] + V[j][j] * f;
        for (let k = j + 1; k <= i - 1; k++) { g += V[k][j] * d[k]; e[k] += V[k][j] * f; }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] /= h; f += e[j] * d[j]; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j]; g = e[j];
        for (let k = j; k <= i - 1; k++) V[k][j] -= f * e[k] + g * d[k];
        d[j] = V[i - 1][j];
        V[i][j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[n - 1][i] = V[i][i];
    V[i][i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k][i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k][i + 1] * V[k][j];
        for (let k = 0; k <= i; k++) V[k][j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k][i + 1] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = V[n - 1][j]; V[n - 1][j] = 0; }
  V[n - 1][n - 1] = 1;
  e[0] = 0;

  // The QL sweeps rotate columns of V; hold V transposed so each rotation touches two rows.
  const W = Array.from({ length: n }, (_, i) => Float64Array.from(V, r => r[i]));
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = Math.pow(2, -52);
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const wi = W[i], wi1 = W[i + 1];
          for (let k = 0; k < n; k++) {
            const x = wi1[k];
            wi1[k] = s * wi[k] + c * x;
            wi[k] = c * wi[k] - s * x;
          }
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x]);
  return { values: order.map(i => d[i]), vectors: order.map(i => W[i]) };
}

// P P^T, both triangles.
function gram(p) {
  const n = p.length, g = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      const a = p[i], b = p[j];
      for (let k = 0; k < a.length; k++) s += a[k] * b[k];
      g[i][j] = s; g[j][i] = s;
    }
  return g;
}

function cosine(x, defined) {
  const n = x.length, norms = x.map(r => Math.sqrt(r.reduce((s, v) => s + v * v, 0)));
  return x.map((ri, i) => Float64Array.from(x, (rj, j) => {
    if (!defined[i] || !defined[j]) return NaN;
    if (i === j) return 1;
    if (norms[i] <= 1e-12 || norms[j] <= 1e-12) return 0; // points nowhere
    let s = 0;
    for (let k = 0; k < ri.length; k++) s += ri[k] * rj[k];
    return Math.max(-1, Math.min(1, s / (norms[i] * norms[j])));
  }));
}

function ranks(v) {
  const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function pearson(x, y) {
  const n = x.length, mx = x.reduce((s, v) => s + v, 0) / n, my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

function main(argv) {
  const opts = { side: 'next', rank: 64, p: 0.5, smoothing: 0.75, uncentred: false, tolerance: 1e-6 };
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--uncentred') opts.uncentred = true;
    else if (a.startsWith('--')) {
      const key = a.slice(2), value = argv[++i];
      if (!(key in opts) || value === undefined) throw new Error(`unknown option or missing value: ${a}`);
      opts[key] = key === 'side' ? value : Number(value);
    } else files.push(a);
  }
  if (files.length !== 3 || !['next', 'previous'].includes(opts.side))
    throw new Error('usage: node ppmi_svd_check.js COUNTS.npy ROW_PAIRS.npy COSINE.npy [--side next|previous] [--rank K] [--p 0.5] [--smoothing 0.75] [--uncentred] [--tolerance 1e-6]');

  let counts = matrix(readNpy(files[0]), 'COUNTS');
  const n = counts.length;
  if (counts[0].length !== n) throw new Error(`COUNTS must be square; it is ${n} x ${counts[0].length}`);
  if (opts.side === 'previous') counts = counts.map((_, i) => Float64Array.from(counts, r => r[i]));
  const weights = readNpy(files[1]).data;
  if (!opts.uncentred && weights.length !== n) throw new Error(`ROW_PAIRS has ${weights.length} entries for ${n} tokens`);
  const reported = matrix(readNpy(files[2]), 'COSINE');
  const m = reported.length;
  if (m > n || reported[0].length !== m) throw new Error(`COSINE must be square and at most ${n} x ${n}; it is ${m} x ${reported[0].length}`);
  const k = Math.min(opts.rank, n);

  const p = ppmi(counts, opts.smoothing);
  const defined = p.map(r => r.some(v => v > 0));
  const { values, vectors } = symmetricEigen(gram(p));
  // u_m are the eigenvectors of P P^T, s_m^2 its eigenvalues (clipped at 0 against rounding).
  const x = Array.from({ length: n }, (_, i) => Float64Array.from({ length: k }, (_, q) => vectors[q][i] * Math.pow(Math.sqrt(Math.max(0, values[q])), opts.p)));
  if (!opts.uncentred) {
    const mean = new Float64Array(k);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!defined[i]) continue;
      for (let q = 0; q < k; q++) mean[q] += weights[i] * x[i][q];
      total += weights[i];
    }
    if (total > 0) for (let i = 0; i < n; i++) if (defined[i]) for (let q = 0; q < k; q++) x[i][q] -= mean[q] / total;
  }
  const own = cosine(x, defined);

  let maxDiff = 0, oneSided = 0;
  const a = [], b = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      const r = reported[i][j], o = own[i][j];
      if (Number.isNaN(r) !== Number.isNaN(o)) { oneSided++; continue; }
      if (Number.isNaN(r)) continue;
      maxDiff = Math.max(maxDiff, Math.abs(r - o));
      if (j > i) { a.push(r); b.push(o); }
    }
  const rho = a.length > 1 ? pearson(ranks(a), ranks(b)) : NaN;
  console.log(`PPMI-SVD check: ${opts.side} side, smoothing ${opts.smoothing}, rank ${k} of N = ${n}, vectors U S^${opts.p}, `
    + `${opts.uncentred ? 'uncentred' : 'centred by the pair-weighted mean of the defined rows'}; compared ${m} x ${m}`);
  console.log(`max |report - own| ${maxDiff.toExponential(3)}; entries defined in one only ${oneSided}; `
    + `Spearman(report, own) over ${a.length} pairs ${rho.toFixed(12)}; s_${k} = ${Math.sqrt(Math.max(0, values[k - 1])).toPrecision(6)}`
    + (k < n ? `, s_${k + 1} = ${Math.sqrt(Math.max(0, values[k])).toPrecision(6)}` : ''));
  return maxDiff <= opts.tolerance && oneSided === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err.message);
  process.exitCode = 2;
}
