#!/usr/bin/env python3
"""Independent check of C2's and C5's baseline figures (issue 15): reads a verify report's
.npy matrices and claims.json, recomputes in plain Python (no numpy, nothing of ours) the
value-distance Spearman and the partial Spearman given the distance for seed 0, and prints
them beside the report's. Usage: python3 tests/Snapshots/Reference/partial_spearman_check.py REPORT_DIR"""
import json, math, struct, sys

def read_npy(path):
    with open(path, 'rb') as f:
        assert f.read(6) == b'\x93NUMPY'
        major = f.read(2)[0]
        n = struct.unpack('<H' if major == 1 else '<I', f.read(2 if major == 1 else 4))[0]
        header = eval(f.read(n).decode('latin1'))
        assert header['descr'] == '<f8' and not header['fortran_order']
        rows, cols = header['shape']
        data = struct.unpack(f'<{rows * cols}d', f.read(8 * rows * cols))
    return [list(data[r * cols:(r + 1) * cols]) for r in range(rows)]

def snap(values):
    # Ties within 1e-12 of the largest magnitude are one value (THEORY 4), as the report does.
    scale = max(abs(v) for v in values)
    order = sorted(range(len(values)), key=lambda i: values[i])
    out, start = list(values), 0
    while start < len(order):
        first, end = values[order[start]], start
        while end + 1 < len(order) and values[order[end + 1]] - first <= 1e-12 * scale:
            end += 1
        for k in range(start, end + 1):
            out[order[k]] = first
        start = end + 1
    return out

def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r, i = [0.0] * len(values), 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r

def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    return sxy / math.sqrt(sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in y))

def spearman(x, y):
    return pearson(ranks(x), ranks(y))

def partial(x, y, z):
    rxy, rxz, ryz = spearman(x, y), spearman(x, z), spearman(y, z)
    return (rxy - rxz * ryz) / math.sqrt((1 - rxz ** 2) * (1 - ryz ** 2))

def pairs(m, items):
    return [m[i][j] for i in range(len(items)) for j in range(i + 1, len(items))]

def check(report, claim, stem, values):
    obs = read_npy(f'{report}/matrices/{claim}_{stem}_observed.npy')
    pred = read_npy(f'{report}/matrices/{claim}_{stem}_predicted.npy')
    n = len(values)
    o = snap(pairs([row[:n] for row in obs[:n]], values))
    p = snap(pairs([row[:n] for row in pred[:n]], values))
    d = [-abs(values[i] - values[j]) for i in range(n) for j in range(i + 1, n)]
    entry = next(c for c in json.load(open(f'{report}/claims.json')) if c['id'] == claim)
    print(f'{claim} seed {entry["seeds"][0]}: partial Spearman given value distance {partial(o, p, d):.10f} (report per_seed[0] {entry["per_seed"][0]:.10f}); '
          f'Spearman of the value distance {spearman(o, d):.6f}, of the signature {spearman(o, p):.6f}')

report = sys.argv[1]
check(report, 'C2', 'c2_cosine_trained', list(range(20, 60)))   # keys first, anchors after
check(report, 'C5', 'c5_output_cosine', list(range(4, 70)))     # the label classes 4..69
