#!/usr/bin/env python3
"""Dense matmul throughput of this machine through PyTorch: the "machine's limit" figure
that model-FLOPs utilisation (MFU) is measured against.

Multiplies two random size x size matrices with torch.mm (into a preallocated output, so
allocation is not timed) for about --seconds after 3 warm-up products, and reports
2 n^3 * products / elapsed / 1e9 GFLOP/s. Prints one JSON object on stdout.
"""
import argparse
import json
import os
import platform
import sys
import time

# Sets OMP_WAIT_POLICY before torch loads (see peer_threads.py).
from peer_threads import blas_threads, set_threads

import torch

DTYPES = {"float32": torch.float32, "float64": torch.float64, "bfloat16": torch.bfloat16}


def fail(arg, message):
    print(f"matmul.py: {arg}: {message}", file=sys.stderr)
    sys.exit(2)




def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1024, help="n: the matrices are n x n")
    ap.add_argument("--seconds", type=float, default=2.0, help="how long to keep multiplying")
    ap.add_argument("--dtype", choices=sorted(DTYPES), default="float32")
    ap.add_argument("--threads", type=int, default=None)
    a = ap.parse_args()
    if a.size <= 0:
        fail("--size", f"is {a.size}; it must be positive")
    if not a.seconds > 0:
        fail("--seconds", f"is {a.seconds}; it must be positive")
    if a.threads is not None:
        if a.threads <= 0:
            fail("--threads", f"is {a.threads}; it must be positive")
        set_threads(a.threads)

    g = torch.Generator().manual_seed(0)
    dtype = DTYPES[a.dtype]
    x = torch.randn(a.size, a.size, generator=g).to(dtype)
    y = torch.randn(a.size, a.size, generator=g).to(dtype)
    out = torch.empty(a.size, a.size, dtype=dtype)
    for _ in range(3):
        torch.mm(x, y, out=out)

    # Check the clock after every product: at n = 1024 one product is milliseconds, so
    # the overshoot past --seconds is at most one product.
    count = 0
    start = time.perf_counter()
    while True:
        torch.mm(x, y, out=out)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= a.seconds:
            break

    print(json.dumps({
        "gflops": 2.0 * a.size ** 3 * count / elapsed / 1e9,
        "size": a.size,
        "products": count,
        "seconds": elapsed,
        "dtype": a.dtype,
        "torch": torch.__version__, "threads": torch.get_num_threads(), "blas_threads": blas_threads(), "omp_wait_policy": os.environ["OMP_WAIT_POLICY"], "python": platform.python_version(),
    }))


if __name__ == "__main__":
    main()
