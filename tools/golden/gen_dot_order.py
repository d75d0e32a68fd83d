"""Golden data for dot_general's summation order: XLA:CPU's bits for dots of many shape
classes (vector dots of 1..4096 terms, matrix-vector, vector-matrix, small/odd/large matrix
products, batched, transposed, two contracted axes) in float32, float64, bfloat16 and
float16. Writes jaxrs-core/tests/golden/dot_order.json; re-run with tools/golden/run_all.sh.

Inputs are not stored: both sides generate them from the case index with SplitMix64
(`inputs` below; `jaxrs-core/tests/dot_order.rs` has the same function): uniform values in
[-1, 1) carrying every mantissa bit of the dtype, so that each association order rounds
differently. Outputs are stored as their bit patterns in hex (C order).
"""
import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

from common import golden_path, write_cases  # noqa: E402

OUT = golden_path("dot_order.json")
MASK = (1 << 64) - 1
DTYPES = {"float32": (np.float32, 24), "float64": (np.float64, 53),
          "bfloat16": (ml_dtypes.bfloat16, 8), "float16": (np.float16, 11)}
BITS = {"float32": np.uint32, "float64": np.uint64, "bfloat16": np.uint16, "float16": np.uint16}


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def inputs(seed, n, dtype):
    """`n` values for operand seed `seed`: (top `p` bits of SplitMix64) / 2^(p-1) - 1."""
    np_dtype, p = DTYPES[dtype]
    state = seed
    out = np.empty(n, np.float64)
    for i in range(n):
        state, z = splitmix(state)
        out[i] = (z >> (64 - p)) / float(1 << (p - 1)) - 1.0
    return out.astype(np_dtype)


# (name, lhs shape, rhs shape, dimension numbers)
SHAPES = []
for k in [1, 2, 3, 5, 8, 16, 31, 32, 33, 47, 64, 100, 255, 256, 500, 1000, 1024, 1025,
          2000, 4095]:
    SHAPES.append((f"vector dot {k}", (k,), (k,), (([0], [0]), ([], []))))
for m, k in [(16, 64), (13, 203), (3, 37), (100, 1000), (8, 7), (9, 5), (12, 40), (2, 3)]:
    SHAPES.append((f"matvec {m}x{k}", (m, k), (k,), (([1], [0]), ([], []))))
for k, n in [(64, 16), (100, 13), (5, 7), (300, 2)]:
    SHAPES.append((f"vecmat {k}x{n}", (k,), (k, n), (([0], [0]), ([], []))))
for m, k, n in [(5, 7, 3), (7, 7, 7), (2, 3, 4), (8, 100, 8), (8, 103, 8), (3, 9, 2),
                (16, 64, 16), (2, 300, 16), (8, 4, 8), (8, 7, 8), (8, 5, 8), (40, 20, 30),
                (24, 64, 64), (10, 10, 100), (3, 100, 40), (8, 600, 64), (8, 2048, 24),
                (1, 50, 9), (9, 50, 1)]:
    SHAPES.append((f"matmul {m}x{k}x{n}", (m, k), (k, n), (([1], [0]), ([], []))))
SHAPES += [
    ("lhs transposed 20x30 20x40", (20, 30), (20, 40), (([0], [0]), ([], []))),
    ("rhs transposed 30x20 40x20", (30, 20), (40, 20), (([1], [1]), ([], []))),
    ("both transposed 20x30 40x20", (20, 30), (40, 20), (([0], [1]), ([], []))),
    ("transposed matvec 100x13", (100, 13), (100,), (([0], [0]), ([], []))),
    ("batched matmul 4x8x16x8", (4, 8, 16), (4, 16, 8), (([2], [1]), ([0], [0]))),
    ("batched matmul 2x3x5x4", (2, 3, 5), (2, 5, 4), (([2], [1]), ([0], [0]))),
    ("batched matmul 2x30x50x40", (2, 30, 50), (2, 50, 40), (([2], [1]), ([0], [0]))),
    ("batched vector dot 4x100", (4, 100), (4, 100), (([1], [1]), ([0], [0]))),
    ("batched vector dot 3x20", (3, 20), (3, 20), (([1], [1]), ([0], [0]))),
    ("batched matvec 4x8x100", (4, 8, 100), (4, 100), (([2], [1]), ([0], [0]))),
    ("two contractions 5x4x6 4x6x3", (5, 4, 6), (4, 6, 3), (([1, 2], [0, 1]), ([], []))),
    ("two contractions 5x4x6 4x6", (5, 4, 6), (4, 6), (([1, 2], [0, 1]), ([], []))),
    ("two contractions 4x6 4x6", (4, 6), (4, 6), (([0, 1], [0, 1]), ([], []))),
]


def main():
    cases = []
    for dtype in DTYPES:
        for idx, (name, ls, rs, dn) in enumerate(SHAPES):
            seed = 2 * idx + 1000 * list(DTYPES).index(dtype)
            lhs = inputs(seed, int(np.prod(ls)), dtype).reshape(ls)
            rhs = inputs(seed + 1, int(np.prod(rs)), dtype).reshape(rs)
            out = np.asarray(jax.jit(lambda a, b, dn=dn: lax.dot_general(a, b, dn))(
                jnp.asarray(lhs), jnp.asarray(rhs)))
            assert str(out.dtype) == dtype, (name, out.dtype)
            bits = out.reshape(-1).view(BITS[dtype])
            width = 2 * bits.dtype.itemsize
            cases.append({
                "name": f"{name} {dtype}", "dtype": dtype, "seeds": [seed, seed + 1],
                "lhs_shape": list(ls), "rhs_shape": list(rs),
                "dimension_numbers": [[dn[0][0], dn[0][1]], [dn[1][0], dn[1][1]]],
                "out_shape": list(out.shape),
                "bits": "".join(f"{int(b):0{width}x}" for b in bits),
            })
    write_cases(OUT, {"jax_version": jax.__version__, "numpy_version": np.__version__,
                      "cases": cases})


main()
