"""Golden data for XLA:CPU's floating-point contraction inside `jit`
(`jaxrs-core/src/jaxpr/contract.rs`): jitted programs whose adds and subtracts read a
product, run on inputs made from integer bit patterns, results stored as bits.

Writes jaxrs-core/tests/golden/contract.json (float32) and contract_x64.json (float64,
run in a child process with `jax_enable_x64`). The Rust test
(`jaxrs-core/tests/contract_golden.rs`) builds the same inputs and programs by name.
"""
import os
import subprocess
import sys

X64 = os.environ.get("JAXRS_CONTRACT_X64") == "1"
if __name__ == "__main__" and not X64:
    subprocess.run([sys.executable, __file__], env={**os.environ, "JAXRS_CONTRACT_X64": "1"},
                   check=True)

import jax  # noqa: E402

jax.config.update("jax_enable_x64", X64)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import common  # noqa: E402

N = 512


def inputs(dtype):
    """Four arrays of N floats: sign, exponent in [-4, 3] and mantissa from an xorshift32
    stream (seed 1), so no float arithmetic makes them."""
    state = 1
    out = []
    for _ in range(4):
        vals = []
        for _ in range(N):
            state ^= (state << 13) & 0xFFFFFFFF
            state ^= state >> 17
            state ^= (state << 5) & 0xFFFFFFFF
            sign, exp, mant = state >> 31, (state >> 23) & 7, state & 0x7FFFFF
            vals.append((sign << 31) | ((123 + exp) << 23) | mant)
        f = np.array(vals, dtype=np.uint32).view(np.float32)
        out.append(f.astype(dtype))
    return out


def cases():
    def shared(a, b, c, d):
        m = a * b
        return m + c, m + d

    def twice_in_one(a, b, c, d):
        m = a * b
        return (m + c) * (m + d)

    def with_max(a, b, c, d):
        m = a * b
        return m + c, jnp.max(m)

    def product_out(a, b, c, d):
        m = a * b
        return m, m + c

    def nested(a, b, c, d):
        return jax.jit(lambda x, y: x * y)(a, b) + c

    # A product that an add and a sum read: XLA duplicates it into both fusions.
    def with_sum(a, b, c, d):
        m = a * b
        return m + c, jnp.sum(m)

    def with_negated_sum(a, b, c, d):
        m = a * b
        return m + c, jnp.sum(-m)

    def with_row_sums(a, b, c, d):
        m = a.reshape(128, 4) * b.reshape(128, 4)
        return m + c.reshape(128, 4), jnp.sum(m, axis=1)

    return {
        "a*b+c": lambda a, b, c, d: a * b + c,
        "c+a*b": lambda a, b, c, d: c + a * b,
        "a*b-c": lambda a, b, c, d: a * b - c,
        "c-a*b": lambda a, b, c, d: c - a * b,
        "-(a*b)+c": lambda a, b, c, d: -(a * b) + c,
        "a*b+c*d": lambda a, b, c, d: a * b + c * d,
        "a*b-c*d": lambda a, b, c, d: a * b - c * d,
        "(a*b+c)*d+a": lambda a, b, c, d: (a * b + c) * d + a,
        "square(a)+c": lambda a, b, c, d: jnp.square(a) + c,
        "a**2+c": lambda a, b, c, d: a ** 2 + c,
        "a**3+c": lambda a, b, c, d: a ** 3 + c,
        "a**4-c": lambda a, b, c, d: a ** 4 - c,
        "a/7+c": lambda a, b, c, d: a / 7.0 + c,
        "c-a/3": lambda a, b, c, d: c - a / 3.0,
        "2.5*a+c": lambda a, b, c, d: 2.5 * a + c,
        "a*b+1": lambda a, b, c, d: a * b + 1.0,
        "a[0]*c+d": lambda a, b, c, d: a[0] * c + d,
        "shared": shared,
        "twice_in_one": twice_in_one,
        "with_max": with_max,
        "product_out": product_out,
        "nested": nested,
        "with_sum": with_sum,
        "with_negated_sum": with_negated_sum,
        "with_row_sums": with_row_sums,
        "where": lambda a, b, c, d: jnp.where(c > 0, a * b, 0.0) + c,
        "a0*(b*3)": lambda a, b, c, d: a[0] * (b * 3.0),
        "(b*0.1)*0.3": lambda a, b, c, d: (b * 0.1) * 0.3,
        "a0*(b/7)": lambda a, b, c, d: a[0] * (b / 7.0),
        "(b*a0)*c0": lambda a, b, c, d: (b * a[0]) * c[0],
        "a0*(b*3)+c": lambda a, b, c, d: a[0] * (b * 3.0) + c,
    }


def bits(x):
    x = np.asarray(x)
    return x.view(np.uint32 if x.dtype == np.float32 else np.uint64).reshape(-1).tolist()


def main():
    dtype = np.float64 if X64 else np.float32
    a, b, c, d = inputs(dtype)
    out = {"jax": jax.__version__, "numpy": np.__version__, "n": N, "cases": []}
    for name, f in cases().items():
        res = jax.jit(f)(a, b, c, d)
        res = res if isinstance(res, tuple) else (res,)
        out["cases"].append({"name": name, "outputs": [bits(r) for r in res]})
    common.write_cases(common.golden_path("contract_x64.json" if X64 else "contract.json"), out)


if __name__ == "__main__":
    main()
