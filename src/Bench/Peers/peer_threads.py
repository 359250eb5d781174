"""Thread settings every peer script shares (imported before torch by each of them).

Importing this module sets OMP_WAIT_POLICY before torch loads; set_threads and
blas_threads then pin and report torch's and OpenBLAS's thread counts.
"""
import ctypes
import os

# Debian's torch runs its own kernels on libgomp's OpenMP threads and its matmuls on
# OpenBLAS's separate pthread pool. libgomp's threads spin between parallel regions by
# default, so with more than one thread the two pools fight over the cores (measured on a
# 2-core machine: 2 threads 5-10x slower than 1). Sleeping waits avoid that, and cost
# nothing at 1 thread. libgomp reads this once, when it is loaded, so it is set before
# torch is imported; an OMP_WAIT_POLICY already in the environment is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch


# torch.set_num_threads sets OpenMP's (and MKL's) thread count, but a torch built on a
# generic BLAS (Debian's python3-torch links OpenBLAS) leaves OpenBLAS's own thread pool at
# the core count: "1 thread" would still run its matmuls on every core, and N > 1 would
# oversubscribe the cores (OpenMP and OpenBLAS threads spinning against each other). So
# OpenBLAS, when it is the BLAS in this process, is told the same count.
def _openblas_libraries():
    libs = []
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if line.split()[-1].startswith("/")}
    except OSError:
        return libs
    for path in sorted(p for p in paths if "blas" in os.path.basename(p).lower()):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, "openblas_set_num_threads") and hasattr(lib, "openblas_get_num_threads"):
            libs.append(lib)
    return libs


def set_threads(n):
    """Use n CPU threads for torch's own kernels and for OpenBLAS (if loaded)."""
    torch.set_num_threads(n)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass   # only allowed before any inter-op work has started; harmless to skip
    for lib in _openblas_libraries():
        lib.openblas_set_num_threads(n)


def blas_threads():
    """OpenBLAS's thread count, or None when the BLAS is not OpenBLAS (MKL follows torch's)."""
    libs = _openblas_libraries()
    return int(libs[0].openblas_get_num_threads()) if libs else None
