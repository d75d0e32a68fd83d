"""Golden data for the orders LLVM gives XLA:CPU's small reduction loops: sums and
products over boxes of two or three axes (which LLVM may split over vector lanes), and
the sums XLA fuses with a product (`var`/`std`'s squares along one axis or a box, and
`sum(x * y)` of two inputs): jaxrs-core/tests/golden/fused_reduce.json (float32 and
float64 cases in one file).

The cases and inputs follow gen_reduce_order.py (its `inputs`, seeds counted from
1000000 so that no case shares one with reduce_order.json), plus `sum_xy`, whose second
operand is `inputs(shape, seed + 500000)`. A case's `bits` hold on every processor of
the file's `isas`; one whose bits differ between them has `by_isa` (gen_reduce_order.py's
`merge`). jaxrs-runtime/tests/fused_reduce_golden.rs reproduces the inputs and compares
bits on the processors the file was made on.
"""
import numpy as np

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402

from common import golden_path, isa, write_cases  # noqa: E402
import gen_reduce_order as ro  # noqa: E402

FIRST_SEED = 1_000_000
SECOND = 500_000

# One reduced axis (the square's unrolled loop), of every length class.
ONE_AXIS = [((n, 7), [0]) for n in (2, 3, 5, 8, 13, 17, 24, 31, 32)]
ONE_AXIS += [((5, n), [1]) for n in (2, 4, 9, 16, 29)]
ONE_AXIS += [((3, n, 4), [1]) for n in (3, 12, 32)]
# Boxes: the split loop's extent n and the unrolled row's m around LLVM's thresholds
# (rows of 6 / 7-8 / 9 elements; loops of fewer than 16 iterations, and the tails of
# longer ones), a box of three axes, and boxes whose elements are not contiguous.
BOXES = [((n, m), [0, 1]) for n in (2, 3, 4, 6, 8, 12, 16, 19, 20, 22, 28, 32)
         for m in (2, 3, 5, 6, 7, 8, 9, 16)]
BOXES += [((3, n, m), [1, 2]) for n, m in ((4, 5), (8, 3), (20, 4), (17, 8), (12, 2))]
BOXES += [((3, 8, 3), [0, 1, 2]), ((2, 4, 5), [0, 1, 2]), ((7, 1, 8, 1, 2), [0, 1, 2, 3, 4])]
SCATTERED = [((8, 4, 3), [0, 1]), ((4, 3, 5), [0, 2]), ((16, 2, 3), [0, 1])]

FUNCS = dict(ro.FUNCS)
FUNCS["sum_xy"] = None


def run(dtype):
    ro.DT = dtype
    ro.UINT = np.uint64 if dtype == np.float64 else np.uint32
    name = "float64" if dtype == np.float64 else "float32"
    plan = [(s, a, f) for s, a in ONE_AXIS for f in ("var", "std")]
    plan += [(s, a, f) for s, a in BOXES + SCATTERED
             for f in ("sum", "prod", "mean", "var", "sum_xy")]
    cases = []
    seed = FIRST_SEED if dtype == np.float32 else 2 * FIRST_SEED
    for shape, axes, fn in plan:
        seed += 1
        x = ro.inputs(shape, seed, fn == "prod")
        if fn == "sum_xy":
            y = ro.inputs(shape, seed + SECOND, False)
            f = jax.jit(lambda a, b, axes=tuple(axes): jnp.sum(a * b, axis=axes))
            out = f(x, y)
        else:
            f = jax.jit(lambda a, g=FUNCS[fn], axes=tuple(axes): g(a, axis=axes))
            out = f(x)
        out = np.asarray(out).astype(dtype).reshape(-1)
        cases.append({"dtype": name, "fn": fn, "shape": list(shape), "axes": axes,
                      "seed": seed, "bits": [format(int(b), "x") for b in out.view(ro.UINT)]})
    return cases


def main():
    cases = run(np.float32) + run(np.float64)
    path = golden_path("fused_reduce.json")
    isas, cases = ro.merge(path, isa(), cases)
    write_cases(path, {"jax": jax.__version__, "numpy": np.__version__, "isas": isas,
                       "cases": cases})


if __name__ == "__main__":
    main()
