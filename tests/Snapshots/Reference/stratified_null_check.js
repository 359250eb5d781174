// Independent check of the frequency-stratified permutation null of the language-model claims
// (THEORY 4, "Nulls that respect a baseline": token identities of the prediction are permuted
// only within strata of the baseline, here equal-count frequency bins), written without any of
// the C# code paths or a numerics library. From a verify report's own exports it recomputes the
// Spearman of the observed against the predicted cosine, then draws its own stratified null
// (its own seeded generator, so a different draw of the same null, not the report's draws) and
// compares the null's mean, sd and p-value with the figures in claims.json.
//
// Usage: node tests/Snapshots/Reference/stratified_null_check.js REPORT [--claim C9]
//          [--permutations 199] [--seed 1]
// Inputs, under REPORT (float64 little-endian .npy, C order; ints are accepted too):
//   matrices/<CLAIM>_stratified_null_observed.npy   N x N observed cosine, symmetric; NaN marks
//                                                   an undefined token; the diagonal is not read.
//   matrices/<CLAIM>_stratified_null_predicted.npy  N x N predicted cosine, same tokens and order.
//   matrices/<CLAIM>_stratified_null_strata.npy     N (or N x 1, 1 x N): each token's stratum
//                                                   label, integers stored as doubles.
//   claims.json  the claim whose "id" is CLAIM has "null": {"metric": "spearman", "observed",
//                "mean", "sd", "p_value", "permutations"}, the report's stratified null.
// Checks (each printed with PASS/FAIL):
//   observed   |own Spearman - null.observed| <= 1e-9;
//   mean       |own mean - null.mean| <= max(4 sd_report / sqrt(P_report) + 4 sd_own / sqrt(P_own), 1e-4)
//              (both means are Monte Carlo estimates; 4 standard errors of each);
//   sd         the larger sd at most 1.5 times the smaller, or the two within 1e-3 of each other;
//   p-value    both p <= 0.01 or both above (the claims' level).
// The unstratified null (uniform permutations of all kept tokens) is printed beside it for the
// reader, not judged. Exit code 0 when every check passes, 1 when one fails, 2 on bad input
// (missing or malformed file, shapes that do not agree), with one line naming the file.
'use strict';
const fs = require('fs');
const path = require('path');

// Bad input, as opposed to a figure that disagrees: exit code 2.
class InputError extends Error {}

function readNpy(file) {
  if (!fs.existsSync(file)) throw new InputError(`${file}: missing`);
  const b = fs.readFileSync(file);
  if (b.length < 10 || b[0] !== 0x93 || b.toString('latin1', 1, 6) !== 'NUMPY') throw new InputError(`${file}: not a .npy file`);
  const major = b[6];
  const headerLength = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString('latin1', start, start + headerLength);
  const descrMatch = /'descr':\s*'([^']+)'/.exec(header), shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descrMatch || !shapeMatch) throw new InputError(`${file}: malformed .npy header ${header.trim()}`);
  const descr = descrMatch[1];
  if (/'fortran_order':\s*True/.test(header)) throw new InputError(`${file}: Fortran order is not supported`);
  const shape = shapeMatch[1].split(',').map(s => s.trim()).filter(s => s).map(Number);
  const count = shape.reduce((a, x) => a * x, 1);
  const size = { '<f8': 8, '<f4': 4, '<i8': 8, '<i4': 4 }[descr];
  if (size === undefined) throw new InputError(`${file}: dtype ${descr} is not supported`);
  const off = start + headerLength;
  if (b.length < off + size * count) throw new InputError(`${file}: truncated, ${b.length - off} data bytes for shape (${shape})`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (descr === '<f8') data[i] = b.readDoubleLE(off + 8 * i);
    else if (descr === '<f4') data[i] = b.readFloatLE(off + 4 * i);
    else if (descr === '<i8') data[i] = Number(b.readBigInt64LE(off + 8 * i));
    else data[i] = b.readInt32LE(off + 4 * i);
  }
  return { shape, data };
}

// Tokens kept, as SimilarityMatrices.CommonDefinedTokens keeps them: while any undefined pair
// remains, drop the token with the most undefined partners (the lowest index on a tie), so a
// wholly undefined token goes first and alone and does not take its partners with it. A pair is
// undefined when (i, j) or (j, i) is NaN in either matrix. The diagonal is not read (an export
// may leave it NaN for display; it says nothing about the pairs).
function keptTokens(o, p, n) {
  const undefinedPair = new Uint8Array(n * n), counts = new Int32Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j && (Number.isNaN(o[i * n + j]) || Number.isNaN(o[j * n + i]) || Number.isNaN(p[i * n + j]) || Number.isNaN(p[j * n + i]))) {
        undefinedPair[i * n + j] = 1;
        counts[i]++;
      }
  const kept = new Uint8Array(n).fill(1);
  for (;;) {
    let worst = -1;
    for (let i = 0; i < n; i++) if (kept[i] && counts[i] > 0 && (worst < 0 || counts[i] > counts[worst])) worst = i;
    if (worst < 0) break;
    kept[worst] = 0;
    for (let j = 0; j < n; j++) if (kept[j] && undefinedPair[j * n + worst]) counts[j]--;
  }
  const out = [];
  for (let i = 0; i < n; i++) if (kept[i]) out.push(i);
  return out;
}

// Off-diagonal pairs i < j of the kept tokens, row-major (the report's pair order).
function pairs(m, n, tokens) {
  const k = tokens.length, out = new Float64Array(k * (k - 1) / 2);
  for (let a = 0, r = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, r++) out[r] = m[tokens[a] * n + tokens[b]];
  return out;
}

function sortedOrder(v) {
  const order = new Uint32Array(v.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => v[a] - v[b] || a - b);
  return order;
}

// Ties decided by the values, not by round-off (THEORY 4, "Ties"): sorted, a group starts at
// its smallest value and takes every value within 1e-12 times the sample's largest magnitude
// of that start (not of its last member, so a chain of small steps cannot merge a range), and
// every member takes the start's value. The report's rule (TieSnapping), and it
// reads only the multiset of values, so a renaming of tokens cannot change it.
function snap(v) {
  let scale = 0;
  for (const x of v) scale = Math.max(scale, Math.abs(x));
  const out = Float64Array.from(v);
  if (scale === 0) return out;
  const tolerance = 1e-12 * scale, order = sortedOrder(v);
  for (let start = 0; start < order.length;) {
    const first = v[order[start]];
    let end = start;
    while (end + 1 < order.length && v[order[end + 1]] - first <= tolerance) end++;
    for (let k = start; k <= end; k++) out[order[k]] = first;
    start = end + 1;
  }
  return out;
}

// Average ranks (ties share the mean of their positions), 1-based.
function ranks(v) {
  const order = sortedOrder(v), r = new Float64Array(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

// Centred and scaled to unit norm, so the Pearson of two such vectors is their dot product.
// A renaming of tokens only reorders a rank vector, so its mean and norm, and with them this
// scaling, are the same for every draw. All zero for a constant vector (no correlation).
function standardise(v) {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) * (x - mean);
  const scale = ss > 0 ? 1 / Math.sqrt(ss) : NaN;
  return Float64Array.from(v, x => (x - mean) * scale);
}

// mulberry32: a small 32-bit generator, deliberately not the C# one (System.Random), so this is
// an independent draw of the same null.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// Uniform integer in 0..bound-1, by rejection (no modulo bias).
function below(next, bound) {
  const limit = 0x100000000 - (0x100000000 % bound);
  for (;;) {
    const x = next();
    if (x < limit) return x % bound;
  }
}

// One renaming: start from the identity and Fisher-Yates shuffle the members of each group
// among themselves, so each draw is uniform over the permutations that keep every group.
function draw(next, groups, k) {
  const perm = new Int32Array(k);
  for (let i = 0; i < k; i++) perm[i] = i;
  for (const members of groups)
    for (let i = members.length - 1; i > 0; i--) {
      const j = below(next, i + 1);
      const t = perm[members[i]]; perm[members[i]] = perm[members[j]]; perm[members[j]] = t;
    }
  return perm;
}

// Spearman of the observed pairs against predicted'[a][b] = predicted[perm[a]][perm[b]]. The
// ranks of the renamed pair vector are the original pair ranks gathered through perm (the
// multiset of values and its snapping move with the tokens), so a draw is one gather and a dot
// product over the pairs: table holds the standardised predicted rank of pair (a, b) at both
// (a, b) and (b, a), which orders each gathered pair with the smaller index first. Row sums
// first, to keep the rounding of a half-million-term sum small.
function score(zo, table, perm, k) {
  let s = 0;
  for (let a = 0, r = 0; a < k; a++) {
    const row = perm[a] * k;
    let rowSum = 0;
    for (let b = a + 1; b < k; b++, r++) rowSum += zo[r] * table[row + perm[b]];
    s += rowSum;
  }
  return s;
}

function summarise(observed, draws) {
  const defined = draws.filter(d => !Number.isNaN(d));
  const mean = defined.reduce((s, x) => s + x, 0) / defined.length;
  const sd = Math.sqrt(defined.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (defined.length - 1));
  // A draw that reproduces the observed value up to summation order counts as reaching it, as
  // in the report (PermutationResult.TieTolerance): such ties must count against the prediction.
  const threshold = observed - 1e-12 * Math.max(1, Math.abs(observed));
  const atLeast = defined.filter(d => d >= threshold).length;
  return { mean, sd, p: (1 + atLeast) / (1 + draws.length), permutations: draws.length };
}

function figure(x, digits = 6) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

function readClaim(file, id) {
  if (!fs.existsSync(file)) throw new InputError(`${file}: missing`);
  let claims;
  try { claims = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (err) { throw new InputError(`${file}: not valid JSON (${err.message})`); }
  if (!Array.isArray(claims)) throw new InputError(`${file}: expected an array of claim objects`);
  const claim = claims.find(c => c && c.id === id);
  if (!claim) throw new InputError(`${file}: no claim with id ${id}`);
  const n = claim.null;
  if (!n || typeof n !== 'object') throw new InputError(`${file}: claim ${id} has no "null" object`);
  if (n.metric !== 'spearman') throw new InputError(`${file}: claim ${id}'s null is of "${n.metric}", not "spearman"`);
  for (const key of ['observed', 'mean', 'sd', 'p_value', 'permutations'])
    if (!(key in n)) throw new InputError(`${file}: claim ${id}'s null has no "${key}"`);
  if (!(Number.isInteger(n.permutations) && n.permutations >= 2)) throw new InputError(`${file}: claim ${id}'s null.permutations is ${n.permutations}`);
  // Non-finite figures are written as null; they stay null here and fail their comparison.
  return n;
}

function main(argv) {
  const opts = { claim: 'C9', permutations: 199, seed: 1 };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const key = a.slice(2), value = argv[++i];
      if (!(key in opts) || value === undefined) throw new InputError(`unknown option or missing value: ${a}`);
      opts[key] = key === 'claim' ? value : Number(value);
    } else positional.push(a);
  }
  if (positional.length !== 1 || !(Number.isInteger(opts.permutations) && opts.permutations >= 2) || !Number.isInteger(opts.seed))
    throw new InputError('usage: node stratified_null_check.js REPORT [--claim C9] [--permutations 199 (at least 2)] [--seed 1 (an integer)]');
  const report = positional[0];
  const stem = path.join(report, 'matrices', `${opts.claim}_stratified_null_`);
  const files = { observed: `${stem}observed.npy`, predicted: `${stem}predicted.npy`, strata: `${stem}strata.npy` };

  const reported = readClaim(path.join(report, 'claims.json'), opts.claim);
  const obs = readNpy(files.observed), pred = readNpy(files.predicted), str = readNpy(files.strata);
  if (obs.shape.length !== 2 || obs.shape[0] !== obs.shape[1]) throw new InputError(`${files.observed}: must be square; shape (${obs.shape})`);
  const n = obs.shape[0];
  if (n < 3) throw new InputError(`${files.observed}: ${n} tokens; at least 3 are needed`);
  if (pred.shape.length !== 2 || pred.shape[0] !== n || pred.shape[1] !== n)
    throw new InputError(`${files.predicted}: shape (${pred.shape}) but observed is ${n} x ${n}`);
  const strataShapeOk = (str.shape.length === 1 && str.shape[0] === n)
    || (str.shape.length === 2 && ((str.shape[0] === n && str.shape[1] === 1) || (str.shape[0] === 1 && str.shape[1] === n)));
  if (!strataShapeOk) throw new InputError(`${files.strata}: shape (${str.shape}); expected ${n}, ${n} x 1 or 1 x ${n} labels`);

  const tokens = keptTokens(obs.data, pred.data, n);
  const k = tokens.length;
  if (k < 3) throw new InputError(`${files.observed}: only ${k} tokens are defined in both matrices; at least 3 are needed`);
  for (const t of tokens)
    if (!Number.isInteger(str.data[t])) throw new InputError(`${files.strata}: label of kept token ${t} is ${str.data[t]}, not an integer`);

  const started = Date.now();
  const zo = standardise(ranks(snap(pairs(obs.data, n, tokens))));
  const rp = standardise(ranks(snap(pairs(pred.data, n, tokens))));
  const table = new Float64Array(k * k);
  for (let a = 0, r = 0; a < k; a++)
    for (let b = a + 1; b < k; b++, r++) table[a * k + b] = table[b * k + a] = rp[r];
  const identity = Int32Array.from({ length: k }, (_, i) => i);
  const observed = score(zo, table, identity, k);

  // Strata over the kept tokens, in kept order (members in increasing token order, strata in
  // increasing label order, as the report's StratifiedDraws; the order only fixes the draw).
  const byLabel = new Map();
  tokens.forEach((t, a) => {
    const label = str.data[t];
    if (!byLabel.has(label)) byLabel.set(label, []);
    byLabel.get(label).push(a);
  });
  const strata = [...byLabel.keys()].sort((x, y) => x - y).map(label => byLabel.get(label));
  const sizes = strata.map(s => s.length);

  // Separate generators (seed, seed + 1) so the stratified draws do not depend on the other.
  const nextStratified = mulberry32(opts.seed), nextUniform = mulberry32(opts.seed + 1);
  const stratifiedDraws = [], uniformDraws = [];
  for (let d = 0; d < opts.permutations; d++) stratifiedDraws.push(score(zo, table, draw(nextStratified, strata, k), k));
  for (let d = 0; d < opts.permutations; d++) uniformDraws.push(score(zo, table, draw(nextUniform, [identity], k), k));
  const own = summarise(observed, stratifiedDraws), uniform = summarise(observed, uniformDraws);
  const seconds = (Date.now() - started) / 1000;

  console.log(`Stratified null check of ${opts.claim}: ${k} of ${n} tokens kept (${n - k} undefined), ${k * (k - 1) / 2} pairs, `
    + `${strata.length} strata of ${Math.min(...sizes)}..${Math.max(...sizes)} kept tokens; `
    + `${opts.permutations} draws (mulberry32, seed ${opts.seed}) against the report's ${reported.permutations} (seed 0); ${seconds.toFixed(1)} s`);

  const checks = [];
  const check = (name, pass, text) => { checks.push(pass); console.log(`${pass ? 'PASS' : 'FAIL'} ${name}: ${text}`); };
  const num = x => typeof x === 'number' && Number.isFinite(x);

  const dObs = num(reported.observed) ? Math.abs(observed - reported.observed) : NaN;
  check('observed', dObs <= 1e-9, `own Spearman ${figure(observed, 12)}, report ${figure(reported.observed, 12)}, |diff| ${num(dObs) ? dObs.toExponential(2) : dObs} (limit 1e-9)`);

  const meanLimit = Math.max(4 * reported.sd / Math.sqrt(reported.permutations) + 4 * own.sd / Math.sqrt(own.permutations), 1e-4);
  const dMean = num(reported.mean) ? Math.abs(own.mean - reported.mean) : NaN;
  check('null mean', num(reported.sd) && dMean <= meanLimit, `own ${figure(own.mean)}, report ${figure(reported.mean)}, |diff| ${figure(dMean)} (limit ${figure(meanLimit)})`);

  const ratio = num(reported.sd) ? Math.max(own.sd, reported.sd) / Math.min(own.sd, reported.sd) : NaN;
  const dSd = num(reported.sd) ? Math.abs(own.sd - reported.sd) : NaN;
  check('null sd', ratio <= 1.5 || dSd <= 1e-3, `own ${figure(own.sd)}, report ${figure(reported.sd)}, ratio ${figure(ratio, 3)} (limit 1.5), |diff| ${figure(dSd)} (or at most 1e-3)`);

  check('p-value', num(reported.p_value) && (own.p <= 0.01) === (reported.p_value <= 0.01),
    `own ${figure(own.p, 4)}, report ${figure(reported.p_value, 4)} (same side of 0.01 required)`);

  console.log(`(not judged) unstratified null over all ${k} kept tokens, ${opts.permutations} draws (seed ${opts.seed + 1}): `
    + `mean ${figure(uniform.mean)}, sd ${figure(uniform.sd)}, p ${figure(uniform.p, 4)}`);
  return checks.every(c => c) ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof InputError ? err.message : `error: ${err.stack || err.message}`);
  process.exitCode = 2;
}
