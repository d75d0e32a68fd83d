"""Golden data for XLA:CPU's association order of float reductions (`sum`, `prod`, `mean`,
`var`, `std`) over many lengths and axes: jaxrs-core/tests/golden/reduce_order.json (float32)
and reduce_order_x64.json (`--x64`: float64 with jax_enable_x64).

Inputs are not stored: element `i` of case seed `s` is `v = h / 2^23 - 1` with
`h = ((i * 0x9E3779B97F4A7C15 + s * 0xD1B54A32D192ED03) mod 2^64) >> 40` (24 bits, exact in
both dtypes), and `1 + v / 16` (rounded in the dtype) for `prod`, so that long products
stay finite. Results are stored as bits (hex). jaxrs-runtime/tests/reduce_order_golden.rs
reproduces the inputs and compares bits.

Some orders depend on the processor: XLA marks a reduction's multiplies and adds
reassociable, and LLVM vectorizes the loops XLA emits to the vector width and costs of the
processor it compiles for. A case's `bits` are the same on every processor in the file's
`isas` (those it was generated on); a case whose bits differ between them has `by_isa`
instead, one entry per processor (`common.isa()`). A run keeps the entries of the other
processors, so the file holds every processor it was run on.
"""
import json
import os
import sys

import numpy as np

from common import golden_path, isa, write_cases

X64 = "--x64" in sys.argv

import jax  # noqa: E402

if X64:
    jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402

DT = np.float64 if X64 else np.float32
UINT = np.uint64 if X64 else np.uint32

LENGTHS = [1, 2, 3, 7, 16, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 256, 257, 1000,
           1023, 1024, 1025, 2047, 3000, 4095, 4096, 4097, 5000, 8191, 16383, 16384, 20000,
           32767, 32768, 32769, 65536, 100000, 262144, 1000000]
MULTI = [((64, 64), [0]), ((64, 64), [1]), ((64, 64), [0, 1]),
         ((100, 1000), [0]), ((100, 1000), [1]), ((100, 1000), [0, 1]),
         ((1000, 100), [0]), ((1000, 100), [1]), ((7, 5000), [0]), ((7, 5000), [1]),
         ((5000, 7), [0]), ((5000, 7), [1]), ((3, 40000), [1]), ((40, 50), [0]),
         ((40, 50), [1]), ((40, 50), [0, 1]), ((10, 100), [0]), ((10, 100), [1]),
         ((4, 5, 60), [0, 2]), ((33, 33, 3), [0, 1]), ((16, 32, 64), [0]),
         ((16, 32, 64), [1]), ((16, 32, 64), [2]), ((16, 32, 64), [0, 2]),
         ((16, 32, 64), [1, 2]), ((16, 32, 64), [0, 1, 2]), ((3, 200, 30), [1]),
         ((3, 200, 30), [0, 2]), ((2, 3000, 2), [1])]
BIG = [((10_000_000,), [0])]
FUNCS = {"sum": jnp.sum, "prod": jnp.prod, "mean": jnp.mean, "var": jnp.var, "std": jnp.std}

# The processors of files written before they recorded `isas` (an Intel one with AVX-512).
FIRST_ISAS = ["avx512"]


def inputs(shape, seed, prod):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = (i * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed) * np.uint64(0xD1B54A32D192ED03))
    h = (h >> np.uint64(40)).astype(np.float64)
    v = (h / float(1 << 23) - 1.0).astype(DT)
    if prod:
        v = DT(1) + v / DT(16)
    return v.reshape(shape)


def main():
    cases = []
    seed = 0
    shapes = [((n,), [0]) for n in LENGTHS] + MULTI + BIG
    for shape, axes in shapes:
        for name, fn in FUNCS.items():
            if shape in [s for s, _ in BIG] and name != "sum":
                continue
            seed += 1
            x = inputs(shape, seed, name == "prod")
            f = jax.jit(lambda a, fn=fn, axes=tuple(axes): fn(a, axis=axes))
            out = np.asarray(f(x)).astype(DT).reshape(-1)
            cases.append({"fn": name, "shape": list(shape), "axes": axes, "seed": seed,
                          "bits": [format(int(b), "x") for b in out.view(UINT)]})
    path = golden_path("reduce_order_x64.json" if X64 else "reduce_order.json")
    isas, cases = merge(path, isa(), cases)
    out = {"jax": jax.__version__, "numpy": np.__version__,
           "dtype": "float64" if X64 else "float32", "isas": isas, "cases": cases}
    write_cases(path, out)


def key(case):
    return case["fn"], case["shape"], case["axes"], case["seed"]


def merge(path, here, cases):
    """The processors and cases of `path` with this run's `cases` (made on processor `here`)
    in place of this processor's: a case whose bits differ between processors gets `by_isa`
    (the stored `bits` for every other processor), and one whose entries all agree again
    gets plain `bits`. A file of another JAX version is replaced."""
    old = {}
    isas = []
    if os.path.exists(path):
        with open(path) as fh:
            stored = json.load(fh)
        if stored["jax"] == jax.__version__:
            isas = [i for i in stored.get("isas", FIRST_ISAS) if i != here]
            old = {json.dumps(key(c)): c for c in stored["cases"]}
    merged = []
    for case in cases:
        prev = old.get(json.dumps(key(case)))
        by_isa = {}
        if prev is not None:
            by_isa = {i: prev["by_isa"][i] if "by_isa" in prev else prev["bits"]
                      for i in isas if "bits" in prev or i in prev["by_isa"]}
        by_isa[here] = case.pop("bits")
        if len(by_isa) == len(isas) + 1 and all(b == by_isa[here] for b in by_isa.values()):
            case["bits"] = by_isa[here]
        else:
            case["by_isa"] = dict(sorted(by_isa.items()))
        merged.append(case)
    return sorted(isas + [here]), merged


if __name__ == "__main__":
    main()
