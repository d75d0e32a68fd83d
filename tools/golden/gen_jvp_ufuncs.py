"""Golden eager derivatives of the `jnp` ufuncs: `jax.jvp` of each function, and `jax.grad`
of `sum(f(x) * w)`, run eagerly (not under `jit`) on float32 inputs made from integer bit
patterns.

JAX wraps every ufunc (and so every array operator) in `jax.jit(..., inline=True)`, so an
eager `jvp` or `grad` runs each function's derivative as one XLA computation, in which XLA
contracts multiply-adds (`tanh`'s `g + g*y`, the product rule's `t*y + x*u`, `arctan`'s
`1 + x*x`). Writes jaxrs-core/tests/golden/jvp_ufuncs.json: the inputs and every result as
hexadecimal bit patterns; `jaxrs-core/tests/jvp_ufuncs.rs` runs the same functions by name.
"""
import jax
import jax.numpy as jnp
import numpy as np

import common

N = 256

# Sign and exponent ranges of each input domain: (signed, lowest exponent, highest).
DOMAINS = {
    "any": (True, -3, 1),    # |x| in [1/8, 4)
    "unit": (True, -5, -1),  # |x| in [1/32, 1)
    "pos": (False, -3, 3),   # x in [1/8, 16)
    "gt1": (False, 0, 3),    # x in [1, 16)
}


def domain(name, seed):
    """N float32s of a domain: sign, exponent and mantissa from an xorshift32 stream."""
    signed, lo, hi = DOMAINS[name]
    state = seed
    bits = []
    for _ in range(N):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        sign = (state >> 31) if signed else 0
        exp = lo + (state >> 23) % (hi - lo + 1)
        bits.append((sign << 31) | ((exp + 127) << 23) | (state & 0x7FFFFF))
    return np.array(bits, dtype=np.uint32).view(np.float32)


UNARY = {
    "exp": "any", "exp2": "any", "expm1": "any", "log": "pos", "log1p": "pos",
    "log2": "pos", "log10": "pos", "sqrt": "pos", "cbrt": "pos", "sin": "any",
    "cos": "any", "tan": "unit", "tanh": "any", "sinh": "any", "cosh": "any",
    "arcsin": "unit", "arccos": "unit", "arctan": "any", "arcsinh": "any",
    "arccosh": "gt1", "arctanh": "unit", "square": "any", "reciprocal": "any",
    "abs": "any", "fabs": "any", "negative": "any", "deg2rad": "any", "rad2deg": "any",
}
BINARY = {
    "add": ("any", "any"), "subtract": ("any", "any"), "multiply": ("any", "any"),
    "divide": ("any", "any"), "power": ("pos", "any"), "float_power": ("pos", "any"),
    "maximum": ("any", "any"), "minimum": ("any", "any"), "arctan2": ("any", "any"),
}
# Expressions of several ufuncs and operators, as a user writes them.
COMPOSED = {
    "tanh_times_exp": (("any",), lambda x: jnp.tanh(x) * jnp.exp(-x)),
    "rational": (("any",), lambda x: jnp.exp(x) / (1.0 + x ** 2)),
    "poly": (("any", "any"), lambda x, y: 2 * x ** 2 + x * y - 3 * y),
    "softplus_like": (("any",), lambda x: jnp.log1p(jnp.exp(-jnp.abs(x))) + jnp.maximum(x, 0.0)),
    # Compositions JAX jits as a whole (`jax.nn`, reductions).
    "sigmoid": (("any",), jax.nn.sigmoid),
    "softplus": (("any",), jax.nn.softplus),
    "silu": (("any",), jax.nn.silu),
    "gelu": (("any",), jax.nn.gelu),
    "softmax": (("any",), jax.nn.softmax),
    "log_softmax": (("any",), jax.nn.log_softmax),
    "logsumexp": (("any",), jax.scipy.special.logsumexp),
    "mean": (("any",), jnp.mean),
    "var": (("any",), jnp.var),
}


def hexes(a):
    return " ".join(f"{b:08x}" for b in np.asarray(a, np.float32).reshape(-1).view(np.uint32))


def main():
    inputs = {name: domain(name, seed) for seed, name in enumerate(DOMAINS, start=1)}
    tangents = [domain("any", 11), domain("any", 12)]
    weights = domain("any", 13)
    cases = []

    def record(name, f, doms):
        primals = tuple(jnp.asarray(inputs[d]) for d in doms)
        tans = tuple(jnp.asarray(t) for t in tangents[:len(doms)])
        primal_out, tangent_out = jax.jvp(f, primals, tans)
        argnums = tuple(range(len(doms)))
        grads = jax.grad(lambda *a: jnp.sum(f(*a) * weights), argnums=argnums)(*primals)
        cases.append({"name": name, "domains": list(doms), "primal": hexes(primal_out),
                      "tangent": hexes(tangent_out), "grads": [hexes(g) for g in grads]})

    for name, dom in UNARY.items():
        record(name, getattr(jnp, name), (dom,))
    for name, doms in BINARY.items():
        record(name, getattr(jnp, name), doms)
    for name, (doms, f) in COMPOSED.items():
        record(name, f, doms)
    out = {"jax_version": jax.__version__, "numpy_version": np.__version__, "n": N,
           "inputs": {k: hexes(v) for k, v in inputs.items()},
           "tangents": [hexes(t) for t in tangents], "weights": hexes(weights),
           "cases": cases}
    common.write_cases(common.golden_path("jvp_ufuncs.json"), out)


if __name__ == "__main__":
    main()
