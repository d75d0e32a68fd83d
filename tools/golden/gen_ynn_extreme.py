"""Golden data for float `reduce_max`/`reduce_min` of at least 4096 operand elements, which
XLA:CPU hands to YNNPACK (a `__ynn_fusion`), whose kernels skip NaNs and order signed
zeros in their own way: jaxrs-core/tests/golden/ynn_extreme.json.

Each case is a jitted `jnp.max`/`jnp.min` over `axes` of one input of `dtype` and `shape`.
Inputs are not stored; element `i` (flat, C order) of a base is
- "dec": `total - i`, "inc": `i - total` (integers, exact in float32 and float64),
- "hash": `((i * 2654435761 + seed * 40503) mod 2^32 >> 24) - 128` (exact in every float
  type), "zeros": `+0.0`, "negzeros": `-0.0`, "neg1": `-1.0`, "neginf": `-inf`,
- "signs": `[+0.0, -0.0, NaN][h % 3]` of that same `h`, "sparse": "dec" and "sparseinc":
  "inc" with NaN where `h % 5 == 0` (many NaNs and zeros of both signs in every lane),
then `patch` sets `[position, value]` pairs, value one of "nan" (the default NaN), "-nan"
(its negation), "inf", "-inf", "0", "-0", "sub", "-sub" (the dtype's smallest positive
subnormal and its negation). `bits` are the output's bits in C order, hex of the dtype's
width each, concatenated; `ynn` says whether the optimized HLO has a `__ynn_fusion`.
jaxrs-runtime/tests/ynn_extreme_golden.rs rebuilds the inputs and compares bits on the
reference evaluator's and the runtime's paths. The bits depend on the processor (YNNPACK's
vector width): `isa` records it.

Re-run with tools/golden/run_all.sh.
"""
import numpy as np

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402

from common import golden_path, isa, write_cases  # noqa: E402

DTYPES = {"float32": np.float32, "float64": np.float64, "bfloat16": jnp.bfloat16,
          "float16": np.float16}
UINT = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def base(kind, total, seed):
    i = np.arange(total, dtype=np.int64)
    if kind == "dec":
        return (total - i).astype(np.float64)
    if kind == "inc":
        return (i - total).astype(np.float64)
    h = ((i.astype(np.uint64) * np.uint64(2654435761) + np.uint64(seed * 40503))
         % np.uint64(1 << 32)) >> np.uint64(24)
    if kind == "hash":
        return h.astype(np.float64) - 128.0
    if kind == "signs":
        return np.array([0.0, -0.0, np.nan])[h % np.uint64(3)]
    if kind in ("sparse", "sparseinc"):
        v = base("dec" if kind == "sparse" else "inc", total, seed)
        return np.where(h % np.uint64(5) == 0, np.nan, v)
    value = {"zeros": 0.0, "negzeros": -0.0, "neg1": -1.0, "neginf": -np.inf}[kind]
    return np.full(total, value)


def special(value, dt):
    if value in ("sub", "-sub"):
        tiny = np.array(1, UINT[np.dtype(dt).itemsize]).view(dt)
        return -tiny if value == "-sub" else tiny
    return np.array({"nan": np.nan, "-nan": -np.nan, "inf": np.inf, "-inf": -np.inf,
                     "0": 0.0, "-0": -0.0}[value]).astype(dt)


def make(dtype, shape, kind, seed, patch):
    dt = DTYPES[dtype]
    total = int(np.prod(shape))
    x = base(kind, total, seed).astype(dt)
    for pos, value in patch:
        x[pos] = special(value, dt)
    return x.reshape(shape)


def last_lanes(n):
    return [p for p in [0, 1, 2, 7, 8, 15, 16, 17, n - 1, n - 2, n - 3, n - 4, n - 5, n - 8,
                        n - 9, n - 16, n - 17] if 0 <= p < n]


def cases():
    out = []

    def add(dtype, shape, axes, op, kind, patch, seed=0):
        out.append((dtype, list(shape), list(axes), op, kind, seed,
                    [[int(p), v] for p, v in patch]))

    for op, kind in [("max", "dec"), ("min", "inc")]:
        for n in [4095, 4096, 4100, 4111, 4127]:
            for p in last_lanes(n) + [4096, 4097, 4099, 4110]:
                if p < n:
                    add("float32", [n], [0], op, kind, [[p, "nan"]])
            add("float32", [n], [0], op, kind, [[0, "nan"], [16, "nan"]])
            add("float32", [n], [0], op, kind, [[n - 1, "nan"], [n - 2, "nan"]])
            add("float32", [n], [0], op, kind, [[p, "nan"] for p in range(0, n, 16)])
            add("float32", [n], [0], op, kind, [[p, "nan"] for p in range(n) if p % 16 != 15])
        for n in [40000, 65536, 70001, 98304]:
            for p in [0, 15, 16, 32767, 32766, 32768, 32769, 32768 + 15, 65535, n - 1, n - 2]:
                if p < n:
                    add("float32", [n], [0], op, kind, [[p, "nan"]])
            add("float32", [n], [0], op, kind, [[32767, "nan"], [n - 1, "nan"]])
        for n in [4096, 4100, 20000, 40000]:
            for p in [0, 1, 7, 8, n - 1, n - 2, n - 4, n - 5, 16383, 16384, 16391, 32767]:
                if p < n:
                    add("float64", [n], [0], op, kind, [[p, "nan"]])
    # Signed zeros, subnormals and infinities.
    for op in ["max", "min"]:
        for n in [4096, 4100, 65536]:
            for ps in [[7], [n - 1], [n - 2], [n - 9], [0], [32767], [65535], [7, n - 1]]:
                ps = [p for p in ps if p < n]
                add("float32", [n], [0], op, "zeros", [[p, "-0"] for p in ps])
                add("float32", [n], [0], op, "negzeros", [[p, "0"] for p in ps])
        for dtype in ["float32", "float64"]:
            add(dtype, [4096], [0], op, "neg1", [[100, "-sub"]])
            add(dtype, [4096], [0], op, "neg1", [[100, "-0"], [116, "-sub"]])
            add(dtype, [4096], [0], op, "neg1", [[100, "-sub"], [116, "-0"]])
            add(dtype, [4096], [0], op, "zeros", [[100, "sub"]])
            add(dtype, [4096], [0], op, "zeros", [[100, "sub"], [4095, "-0"]])
            add(dtype, [4096], [0], op, "neginf", [[5, "nan"]])
            add(dtype, [4096], [0], op, "neginf", [])
            add(dtype, [4096], [0], op, "zeros", [[3, "inf"], [9, "-inf"], [4095, "nan"]])
            add(dtype, [4096], [0], op, "zeros", [[p, "nan"] for p in range(4096)])
            add(dtype, [4096], [0], op, "hash", [[5, "-nan"]], seed=3)
    # f16/bf16: YNNPACK's integer order.
    for dtype in ["bfloat16", "float16"]:
        for op in ["max", "min"]:
            for patch in [[[5, "nan"]], [[5, "-nan"]], [[7, "-0"]], [[4095, "-sub"]],
                          [[p, "nan"] for p in range(4096)], [[3, "inf"], [4, "-nan"]]]:
                add(dtype, [4096], [0], op, "zeros", patch)
                add(dtype, [64, 64], [1], op, "hash", patch, seed=1)
            add(dtype, [4096], [0], op, "negzeros", [[9, "0"]])
            add(dtype, [4095], [0], op, "zeros", [[5, "nan"]])
    # Axis reductions.
    for op, kind in [("max", "dec"), ("min", "inc")]:
        add("float32", [4, 4096], [1], op, kind,
            [[0, "nan"], [4096 + 4095, "nan"], [2 * 4096 + 4094, "nan"], [3 * 4096 + 16, "nan"]])
        add("float32", [3, 40000], [1], op, kind,
            [[39999, "nan"], [40000 + 32767, "nan"], [80000 + 5, "nan"]])
        for rows in [8, 5, 6, 7, 9]:
            cols = 1024
            patch = [[r * cols + r, "nan"] for r in range(rows)]
            patch += [[(rows - 1) * cols + 100, "nan"], [(rows - 2) * cols + 101, "nan"]]
            add("float32", [rows, cols], [0], op, kind, patch)
        add("float32", [4096, 16], [0], op, kind,
            [[2047 * 16, "nan"], [4095 * 16 + 1, "nan"], [2048 * 16 + 2, "nan"], [3, "nan"]])
        add("float32", [16, 16, 16], [0, 2], op, kind,
            [[15, "nan"], [256 + 31, "nan"], [15 * 256 + 15 * 16 + 15, "nan"], [40, "nan"]])
        add("float32", [16, 16, 16], [1], op, kind, [[15 * 16, "nan"], [256 + 5, "nan"]])
        add("float32", [64, 64], [0, 1], op, kind, [[4095, "nan"], [63, "nan"]])
        add("float32", [2, 2048], [0], op, kind, [[1, "nan"], [2048 + 2, "nan"]])
        add("float64", [4, 4096], [1], op, kind, [[7, "nan"], [4096 + 4095, "nan"]])
        add("float64", [8, 512], [0], op, kind, [[3 * 512, "nan"], [5 * 512 + 1, "nan"]])
    # Many NaNs and zeros everywhere, over shapes and axes (one seed per case).
    seed = 10
    for dtype in ["float32", "float64"]:
        for shape, axes in [([8192], [0]), ([70000], [0]), ([16, 512], [1]), ([16, 512], [0]),
                            ([5, 7, 300], [2]), ([5, 7, 300], [0]), ([5, 7, 300], [1]),
                            ([5, 7, 300], [0, 2]), ([5, 7, 300], [1, 2]),
                            ([5, 7, 300], [0, 1]), ([5, 7, 300], [0, 1, 2]),
                            ([9, 4100], [1]), ([4100, 9], [0]), ([40000, 3], [0]),
                            ([3, 40000], [1]), ([2, 33000], [0, 1]), ([33, 2000], [0]),
                            ([64, 9, 64], [0, 2])]:
            for op, kinds in [("max", ["signs", "sparse"]), ("min", ["signs", "sparseinc"])]:
                for kind in kinds:
                    add(dtype, shape, axes, op, kind, [], seed=seed)
                    seed += 1
    add("float32", [8, 512], [0], "max", "zeros", [[3 * 512, "-0"], [7 * 512 + 1, "-0"]])
    add("float32", [8, 512], [0], "max", "negzeros", [[0, "0"], [4 * 512 + 1, "0"]])
    add("float32", [4, 4096], [1], "min", "zeros", [[4095, "-0"], [4096 + 7, "-0"]])
    return out


def main():
    assert jax.__version__ == "0.10.2", jax.__version__
    rows = []
    for dtype, shape, axes, op, kind, seed, patch in cases():
        x = make(dtype, shape, kind, seed, patch)
        fn = jnp.max if op == "max" else jnp.min
        f = jax.jit(lambda v, fn=fn, axes=tuple(axes): fn(v, axis=axes))
        r = np.asarray(f(x))
        assert r.dtype == x.dtype
        ynn = "__ynn_fusion" in f.lower(x).compile().as_text()
        w = r.dtype.itemsize
        bits = "".join(f"{b:0{2 * w}x}" for b in r.reshape(-1).view(UINT[w]).tolist())
        rows.append({"dtype": dtype, "shape": shape, "axes": axes, "op": op, "base": kind,
                     "seed": seed, "patch": patch, "ynn": ynn, "bits": bits})
    write_cases(golden_path("ynn_extreme.json"), {
        "jax": jax.__version__, "numpy": np.__version__, "isa": isa(), "cases": rows})


if __name__ == "__main__":
    main()
