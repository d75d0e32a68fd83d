"""Writes jax.random golden data: keys, splits, fold_in, bits and every sampler, for several
seeds, shapes and dtypes, in both threefry modes (classic = jaxrs's default, and the
partitionable mode current JAX uses by default).

Output: jaxrs-core/tests/golden/random.json (x64 off) and random_x64.json (x64 on), read by
jaxrs-core/tests/random.rs and random_x64.rs. Float results are stored as their bit patterns
(uint16/uint32/uint64) so that tests can compare exactly or count ulps.
"""

import json
import pathlib
import sys

import jax
import jax.numpy as jnp
import numpy as np
from jax import random

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "jaxrs-core" / "tests" / "golden"

SEEDS = [0, 18, 42, 1234567]
UINT_OF = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def encode(x):
    """A result as {dtype, shape, data}; floats as their bit patterns."""
    x = np.asarray(x)
    dtype = str(x.dtype)
    if x.dtype.kind == "f" or dtype == "bfloat16":
        data = x.view(UINT_OF[x.dtype.itemsize])
    elif x.dtype == np.bool_:
        data = x.astype(np.uint8)
    else:
        data = x
    return {"dtype": dtype, "shape": list(x.shape), "data": [int(v) for v in data.ravel()]}


def cases(x64):
    out = []

    def add(name, mode, seed, result, **params):
        out.append({"name": name, "partitionable": mode, "seed": seed,
                    "params": params, "result": encode(result)})

    float_dtypes = ["float32", "float16", "bfloat16"] + (["float64"] if x64 else [])
    for mode in [False, True]:
        jax.config.update("jax_threefry_partitionable", mode)
        for seed in SEEDS + ([-1, 2**40 + 5] if x64 else [-1]):
            add("prng_key", mode, seed, random.PRNGKey(seed))
        for seed in SEEDS:
            key = random.PRNGKey(seed)
            for n in [1, 2, 3, 4]:
                add("split", mode, seed, random.split(key, n), n=n)
            for data in [0, 1, 7, 2**32 - 1]:
                add("fold_in", mode, seed, random.fold_in(key, data), data=data)
            for dtype in ["uint8", "uint16", "uint32"] + (["uint64"] if x64 else []):
                for shape in [[], [3], [2, 3], [7]]:
                    add("bits", mode, seed, random.bits(key, tuple(shape), dtype),
                        shape=shape, dtype=dtype)
            for dtype in float_dtypes:
                for shape in [[], [5], [2, 3]]:
                    add("uniform", mode, seed, random.uniform(key, tuple(shape), dtype),
                        shape=shape, dtype=dtype)
                    add("normal", mode, seed, random.normal(key, tuple(shape), dtype),
                        shape=shape, dtype=dtype)
                for name, fn in [("exponential", random.exponential), ("gumbel", random.gumbel),
                                 ("laplace", random.laplace), ("logistic", random.logistic)]:
                    add(name, mode, seed, fn(key, (6,), dtype), shape=[6], dtype=dtype)
                add("uniform_range", mode, seed,
                    random.uniform(key, (6,), dtype, -2.5, 4.0),
                    shape=[6], dtype=dtype, minval=-2.5, maxval=4.0)
                add("truncated_normal", mode, seed,
                    random.truncated_normal(key, -1.0, 2.0, (6,), dtype),
                    shape=[6], dtype=dtype, lower=-1.0, upper=2.0)
            for p in [0.5, 0.3]:
                add("bernoulli", mode, seed, random.bernoulli(key, p, (8,)), shape=[8], p=p)
                add("bernoulli_high", mode, seed, random.bernoulli(key, p, (8,), mode="high"),
                    shape=[8], p=p)
            for dtype in ["float32", "float16"]:
                add("gumbel_high", mode, seed, random.gumbel(key, (6,), dtype, mode="high"),
                    shape=[6], dtype=dtype)
            logits = np.array([[0.0, 1.0, 2.0, -1.0], [2.0, 1.0, 0.5, 0.0], [-3.0, 0.0, 3.0, 1.0]],
                              np.float32)
            add("categorical", mode, seed, random.categorical(key, logits, -1),
                logits=logits.tolist(), axis=-1)
            add("categorical", mode, seed, random.categorical(key, logits, 0),
                logits=logits.tolist(), axis=0)
            add("categorical", mode, seed, random.categorical(key, logits, -1, shape=(5, 3)),
                logits=logits.tolist(), axis=-1, shape=[5, 3])
            add("categorical", mode, seed,
                random.categorical(key, logits, -1, shape=(2, 3), replace=False),
                logits=logits.tolist(), axis=-1, shape=[2, 3], replace=False)
            for n in [1, 5, 10]:
                add("permutation", mode, seed, random.permutation(key, n), n=n)
            mat = np.arange(12, dtype=np.int32).reshape(3, 4)
            for axis in [0, 1]:
                for independent in [False, True]:
                    add("permutation_array", mode, seed,
                        random.permutation(key, mat, axis, independent),
                        x=mat.tolist(), axis=axis, independent=independent)
            for replace in [True, False]:
                add("choice", mode, seed, random.choice(key, 10, (3,), replace), n=10,
                    shape=[3], replace=replace)
                vals = np.array([10.0, 20.0, 30.0, 40.0, 50.0], np.float32)
                probs = np.array([0.1, 0.2, 0.3, 0.25, 0.15], np.float32)
                add("choice_p", mode, seed,
                    random.choice(key, vals, (3,), replace, probs),
                    a=vals.tolist(), shape=[3], replace=replace, p=probs.tolist())
                add("choice_axis", mode, seed,
                    random.choice(key, mat, (2,), replace, axis=1),
                    a=mat.tolist(), shape=[2], replace=replace, axis=1)
            for dtype in ["float32"] + (["float64"] if x64 else []):
                alphas = [0.5, 1.0, 2.5, 7.0]
                add("gamma", mode, seed, random.gamma(key, np.array(alphas, np.float32), dtype=dtype),
                    a=alphas, dtype=dtype)
                add("gamma_shape", mode, seed, random.gamma(key, 3.0, (3,), dtype), a=3.0,
                    shape=[3], dtype=dtype)
                add("loggamma", mode, seed,
                    random.loggamma(key, np.array([0.1, 1.0, 4.0], np.float32), dtype=dtype),
                    a=[0.1, 1.0, 4.0], dtype=dtype)
                add("beta", mode, seed, random.beta(key, 2.0, np.array([0.5, 3.0], np.float32),
                                                    dtype=dtype),
                    a=2.0, b=[0.5, 3.0], dtype=dtype)
                alpha = [[0.5, 0.5, 1.0], [2.0, 5.0, 1.5]]
                add("dirichlet", mode, seed,
                    random.dirichlet(key, np.array(alpha, np.float32), dtype=dtype),
                    alpha=alpha, dtype=dtype)
            mean = np.array([0.0, 1.0, -2.0], np.float32)
            cov = np.array([[2.0, 0.5, 0.3], [0.5, 1.0, -0.2], [0.3, -0.2, 1.5]], np.float32)
            add("multivariate_normal", mode, seed, random.multivariate_normal(key, mean, cov),
                mean=mean.tolist(), cov=cov.tolist())
            add("multivariate_normal_shape", mode, seed,
                random.multivariate_normal(key, mean, cov, (4,)),
                mean=mean.tolist(), cov=cov.tolist(), shape=[4])
            lams = [0.0, 0.5, 4.0, 12.0, 40.0]
            add("poisson", mode, seed, random.poisson(key, np.array(lams, np.float32)), lam=lams)
            add("poisson_shape", mode, seed, random.poisson(key, 3.0, (4,)), lam=3.0, shape=[4])
            int_dtypes = ["int32", "int8", "uint8", "int16", "uint32"] + (["int64"] if x64 else [])
            for dtype in int_dtypes:
                for lo, hi in [(0, 10), (-5, 5), (0, 256), (3, 3)]:
                    if np.dtype(dtype).kind == "u" and lo < 0:
                        continue
                    add("randint", mode, seed, random.randint(key, (6,), lo, hi, dtype),
                        shape=[6], dtype=dtype, minval=lo, maxval=hi)
    jax.config.update("jax_threefry_partitionable", False)
    return out


def jaxprs():
    """`str(jax.make_jaxpr(f)(key))` of sampler calls on a `u32[2]` key (x64 off)."""
    key = random.PRNGKey(0)
    fns = {
        "prng_key": lambda k: random.PRNGKey(3),
        "prng_key_split": lambda k: random.split(k),
        "split_unpacked": lambda k: tuple(random.split(k, 3)),
        "fold_in": lambda k: random.fold_in(k, 3),
        "bits": lambda k: random.bits(k, (3,)),
        "bits_uint8": lambda k: random.bits(k, (2, 3), "uint8"),
        "uniform": lambda k: random.uniform(k, (3,)),
        "uniform_range": lambda k: random.uniform(k, (2, 3), "float32", -1.0, 2.0),
        "uniform_bfloat16": lambda k: random.uniform(k, (3,), "bfloat16"),
        "normal": lambda k: random.normal(k, (3,)),
        "normal_scalar_float16": lambda k: random.normal(k, (), "float16"),
        "exponential": lambda k: random.exponential(k, (3,)),
        "gumbel": lambda k: random.gumbel(k, (3,)),
        "laplace": lambda k: random.laplace(k, (3,)),
        "logistic": lambda k: random.logistic(k, (3,)),
        "bernoulli": lambda k: random.bernoulli(k, 0.3, (3,)),
        "bernoulli_high": lambda k: random.bernoulli(k, 0.3, (3,), mode="high"),
        "gumbel_high": lambda k: random.gumbel(k, (3,), mode="high"),
        "truncated_normal": lambda k: random.truncated_normal(k, -1.0, 2.0, (3,)),
        "randint": lambda k: random.randint(k, (3,), 0, 10),
        "randint_int8": lambda k: random.randint(k, (3,), -5, 5, "int8"),
        "permutation": lambda k: random.permutation(k, 5),
        "categorical": lambda k: random.categorical(k, jnp.zeros((2, 3))),
        "choice_without_replacement": lambda k: random.choice(k, 5, (3,), False),
        "choice_with_replacement": lambda k: random.choice(k, 5, (3,), True),
    }
    return {name: str(jax.make_jaxpr(f)(key)) for name, f in fns.items()}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    jax.config.update("jax_threefry_partitionable", False)
    doc = {"jax_version": jax.__version__, "numpy_version": np.__version__, "jaxprs": jaxprs()}
    (OUT / "random_jaxprs.json").write_text(json.dumps(doc, indent=1) + "\n")
    for x64, fname in [(False, "random.json"), (True, "random_x64.json")]:
        jax.config.update("jax_enable_x64", x64)
        doc = {"jax_version": jax.__version__, "numpy_version": np.__version__,
               "x64": x64, "cases": cases(x64)}
        (OUT / fname).write_text(json.dumps(doc, separators=(",", ":")) + "\n")
        print(f"wrote {OUT / fname}: {len(doc['cases'])} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
