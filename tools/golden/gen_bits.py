"""Bit-pattern golden data of every elementwise float primitive, per float dtype, as JAX
0.10.2 computes it on the CPU (XLA:CPU's own approximations, with denormals flushed).

The inputs are made from integers only, identically here and in
jaxrs-core/tests/bits_common/mod.rs, so no float arithmetic makes them:

- input `i` of a `float32` case has the bits `i * 0x9E3779B1 mod 2**32` (a bijection of
  `u32`, so the inputs spread evenly over every binade of both signs, NaNs included), except
  that the first inputs are the special values of `SPECIAL_*` below;
- `float64` uses `i * 0x9E3779B97F4A7C15 mod 2**64`;
- `float16`/`bfloat16` one-operand cases take every one of the 65536 bit patterns (the
  whole type), two-operand cases `2**20` pairs of hashed patterns;
- the second operand of a two-operand case has the bits of the first made with another
  odd multiplier (`Y_MUL_*`), and its first `len(SPECIAL)**2` inputs are every pair of
  special values.

The outputs are recorded compactly: for each block of `BLOCK` consecutive outputs a 64-bit
digest of their bits (every NaN counted as the canonical quiet NaN, because XLA's NaN
payloads and signs depend on the instruction that made them), and the full bits of every
`SAMPLE`-th output and of every special input, so that a failing test names inputs.
A few cases depend on the processor, as XLA's instructions do (`BY_ISA`): they are recorded
under `by_isa`, keyed by this machine's instruction set (`common.isa()`), and a run keeps the
entries other machines wrote, so the file holds every processor it was run on.

Writes jaxrs-core/tests/golden/bits_<dtype>.json. Re-run with tools/golden/run_all.sh.
"""
import json
import os
import warnings

import numpy as np

warnings.filterwarnings("ignore")

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import ml_dtypes  # noqa: E402
from jax import lax  # noqa: E402

import common  # noqa: E402

N = 1 << 20
BLOCK = 4096
SAMPLE = 4096

X_MUL_32 = 0x9E3779B1
Y_MUL_32 = 0x85EBCA77
X_MUL_64 = 0x9E3779B97F4A7C15
Y_MUL_64 = 0xC2B2AE3D27D4EB4F

# Bit patterns of the special values: zeros, ones, halves, the smallest and largest
# subnormal and normal numbers, the largest finite number, infinities and NaN.
SPECIAL_32 = [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000,
              0x00000001, 0x80000001, 0x007FFFFF, 0x807FFFFF, 0x00800000, 0x80800000,
              0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0x40000000,
              0xC0000000, 0x40490FDB, 0xC2B17218, 0x42B17218, 0xC2B00000, 0xC2AE0000,
              0x41200000, 0xC1200000, 0x3A83126F, 0x4B000000]
SPECIAL_64 = [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000,
              0xBFF0000000000000, 0x3FE0000000000000, 0xBFE0000000000000,
              0x0000000000000001, 0x8000000000000001, 0x000FFFFFFFFFFFFF,
              0x800FFFFFFFFFFFFF, 0x0010000000000000, 0x8010000000000000,
              0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF, 0x7FF0000000000000,
              0xFFF0000000000000, 0x7FF8000000000000, 0x4000000000000000,
              0xC000000000000000, 0x400921FB54442D18, 0xC086232BDD7ABCD2,
              0x40862E42FEFA39EF, 0x4024000000000000, 0xC024000000000000]
SPECIAL_16 = [0x0000, 0x8000, 0x3C00, 0xBC00, 0x0001, 0x8001, 0x03FF, 0x0400, 0x7BFF,
              0xFBFF, 0x7C00, 0xFC00, 0x7E00, 0x4000, 0xC000, 0x4900, 0xC900]
SPECIAL_BF16 = [0x0000, 0x8000, 0x3F80, 0xBF80, 0x0001, 0x8001, 0x007F, 0x0080, 0x7F7F,
                0xFF7F, 0x7F80, 0xFF80, 0x7FC0, 0x4000, 0xC000, 0x4180, 0xC180]

DTYPES = {
    "float32": (np.float32, np.uint32, 32, SPECIAL_32),
    "float64": (np.float64, np.uint64, 64, SPECIAL_64),
    "float16": (np.float16, np.uint16, 16, SPECIAL_16),
    "bfloat16": (ml_dtypes.bfloat16, np.uint16, 16, SPECIAL_BF16),
}

UNARY = {
    "exp": lax.exp, "exp2": lax.exp2, "log": lax.log, "log1p": lax.log1p, "expm1": lax.expm1,
    "tanh": lax.tanh, "logistic": lax.logistic, "sin": lax.sin, "cos": lax.cos,
    "tan": lax.tan, "asin": lax.asin, "acos": lax.acos, "atan": lax.atan, "sinh": lax.sinh,
    "cosh": lax.cosh, "asinh": lax.asinh, "acosh": lax.acosh, "atanh": lax.atanh,
    "sqrt": lax.sqrt, "rsqrt": lax.rsqrt, "cbrt": lax.cbrt, "erf": lax.erf,
    "erfc": lax.erfc, "erf_inv": lax.erf_inv, "lgamma": lax.lgamma, "digamma": lax.digamma,
    "floor": lax.floor, "ceil": lax.ceil, "round": lax.round,
    "round_even": lambda x: lax.round(x, lax.RoundingMethod.TO_NEAREST_EVEN),
    "sign": lax.sign, "neg": lax.neg, "abs": lax.abs, "square": lax.square,
    "integer_pow_3": lambda x: lax.integer_pow(x, 3),
    "integer_pow_m2": lambda x: lax.integer_pow(x, -2),
}
BINARY = {
    "add": lax.add, "sub": lax.sub, "mul": lax.mul, "div": lax.div, "rem": lax.rem,
    "pow": lax.pow, "max": lax.max, "min": lax.min, "atan2": lax.atan2,
    "nextafter": lax.nextafter,
}


def hashed(n, mul, unsigned, bits, offset=0):
    """`(i + offset) * mul mod 2**bits` for `i` in `0..n`, as `unsigned`."""
    i = np.arange(offset, offset + n, dtype=np.uint64)
    v = i * np.uint64(mul)
    if bits < 64:
        v &= np.uint64((1 << bits) - 1)
    return v.astype(unsigned)


def inputs(name, binary):
    """The inputs of a case in dtype `name`, as bit patterns (one array or a pair)."""
    _, unsigned, bits, special = DTYPES[name]
    sp = np.asarray(special, dtype=unsigned)
    if bits == 16 and not binary:
        x = np.arange(1 << 16, dtype=np.uint32).astype(unsigned)
        return x
    if bits == 16:
        h = hashed(N, X_MUL_32, np.uint32, 32)
        x, y = (h & 0xFFFF).astype(unsigned), (h >> 16).astype(unsigned)
    else:
        mx, my = (X_MUL_32, Y_MUL_32) if bits == 32 else (X_MUL_64, Y_MUL_64)
        x, y = hashed(N, mx, unsigned, bits), hashed(N, my, unsigned, bits)
    if not binary:
        x[:len(sp)] = sp
        return x
    k = len(sp)
    x[:k * k] = np.repeat(sp, k)
    y[:k * k] = np.tile(sp, k)
    return x, y


def canonical(out_bits, name):
    """Output bits with every NaN replaced by the canonical quiet NaN, as u64."""
    ftype, unsigned, _, _ = DTYPES[name]
    vals = out_bits.view(ftype)
    qnan = {"float32": 0x7FC00000, "float64": 0x7FF8000000000000, "float16": 0x7E00,
            "bfloat16": 0x7FC0}[name]
    nan = np.isnan(vals.astype(np.float64)) if name == "bfloat16" else np.isnan(vals)
    b = out_bits.astype(np.uint64)
    b[nan] = np.uint64(qnan)
    return b


def digests(b):
    """The digest of each block of `BLOCK` outputs: a sum of a mixed (position, bits)."""
    j = np.arange(len(b), dtype=np.uint64) % np.uint64(BLOCK)
    v = b + (j + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    v ^= v >> np.uint64(31)
    v *= np.uint64(0xBF58476D1CE4E5B9)
    v ^= v >> np.uint64(29)
    nb = (len(b) + BLOCK - 1) // BLOCK
    pad = np.zeros(nb * BLOCK - len(b), dtype=np.uint64)
    return np.concatenate([v, pad]).reshape(nb, BLOCK).sum(axis=1, dtype=np.uint64)


# Cases whose bits depend on the processor: with AVX-512, LLVM computes a float64 `rsqrt`
# from the `vrsqrt14pd` estimate and two Newton steps; without it, as `1 / sqrt(x)`.
BY_ISA = {"float64": ("rsqrt",)}


def run(fn, name, args):
    ftype, unsigned, _, _ = DTYPES[name]
    vals = [jnp.asarray(a.view(ftype)) for a in args]
    out = np.asarray(fn(*vals))
    assert out.dtype == np.dtype(ftype), (out.dtype, ftype)
    return out.view(unsigned)


def case(fn, name, binary):
    args = inputs(name, binary)
    args = args if binary else (args,)
    b = canonical(run(fn, name, args), name)
    n = len(b)
    special = len(DTYPES[name][3]) ** (2 if binary else 1)
    idx = sorted(set(range(min(special, n))) | set(range(0, n, SAMPLE)))
    return {"n": n, "digests": [f"{d:016x}" for d in digests(b).tolist()],
            "samples": [[i, int(b[i])] for i in idx]}


def main():
    for name in DTYPES:
        cases = {}
        for op, fn in UNARY.items():
            cases[op] = case(fn, name, False)
        for op, fn in BINARY.items():
            cases[op] = case(fn, name, True)
        path = common.golden_path(f"bits_{name}.json")
        by_isa = {}
        if os.path.exists(path):
            with open(path) as fh:
                by_isa = json.load(fh).get("by_isa", {})
        own = {op: cases.pop(op) for op in BY_ISA.get(name, ())}
        if own:
            by_isa[common.isa()] = own
        out = {"jax_version": jax.__version__, "numpy_version": np.__version__,
               "block": BLOCK, "cases": cases}
        if by_isa:
            out["by_isa"] = by_isa
        with open(path, "w") as fh:
            json.dump(out, fh, separators=(",", ":"))
            fh.write("\n")
        print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
