"""Golden data for the elementwise functions XLA:CPU runs inside its YNNPACK library fusions
(a float reduction of at least 4096 operand elements and the large elementwise operations
around it), whose `exp`, `expm1`, `log`, `log1p`, `tanh` and `logistic` are YNNPACK's and
not XLA's: jaxrs-core/tests/golden/ynn.json.

Each case is a jitted function of one float32 input. Inputs are not stored: element `i` of
case seed `s` is `scale * (h / 2^23 - 1)` with
`h = ((i * 0x9E3779B97F4A7C15 + s * 0xD1B54A32D192ED03) mod 2^64) >> 40`, exact in float32
(the formula of gen_reduce_order.py; `scale` a power of two). Results are the float32 bits
of the output in C order, eight hex digits each, concatenated. `ynn_ops` lists the
operations of the case's YNNPACK fusions in the optimized HLO (empty: none), so a case
says which fusion it checks. jaxrs-runtime/tests/ynn_golden.rs reproduces the inputs and
compares bits on the reference evaluator's and the runtime's paths.

Re-run with tools/golden/run_all.sh.
"""
import re

import numpy as np

from common import golden_path, isa, write_cases
from gen_reduce_order import inputs as unit_inputs

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

FUNCS = {
    "softmax": lambda x: jax.nn.softmax(x, axis=-1),
    "log_softmax": lambda x: jax.nn.log_softmax(x, axis=-1),
    "logsumexp": lambda x: jax.nn.logsumexp(x, axis=-1),
    "exp_sub_max": lambda x: jnp.exp(x - jnp.max(x, axis=-1, keepdims=True)),
    "sum_exp": lambda x: jnp.sum(jnp.exp(x), axis=-1),
    "exp_row_sums": lambda x: jnp.exp(jnp.sum(x, axis=-1)),
    "tanh_sub_max": lambda x: jnp.tanh(x - jnp.max(x, axis=-1, keepdims=True)),
    "sum_tanh": lambda x: jnp.sum(jnp.tanh(x), axis=-1),
    "logistic_sub_max": lambda x: jax.nn.sigmoid(x - jnp.max(x, axis=-1, keepdims=True)),
    "sum_logistic": lambda x: jnp.sum(jax.nn.sigmoid(x), axis=-1),
    "log_sub_min": lambda x: jnp.log(x - jnp.min(x, axis=-1, keepdims=True)),
    "sum_log_abs": lambda x: jnp.sum(jnp.log(jnp.abs(x)), axis=-1),
    "log1p_sub_max": lambda x: jnp.log1p(x - jnp.max(x, axis=-1, keepdims=True)),
    "log1p_sub_min": lambda x: jnp.log1p(x - jnp.min(x, axis=-1, keepdims=True)),
    "expm1_sub_max": lambda x: jnp.expm1(x - jnp.max(x, axis=-1, keepdims=True)),
    "sum_expm1": lambda x: jnp.sum(jnp.expm1(x), axis=-1),
}
SHAPES = [(64, 64), (8, 1024), (16, 16)]
# (function, scale): scale 64 reaches exp's underflow and flush range.
RUNS = [("softmax", 1), ("softmax", 64), ("log_softmax", 8), ("logsumexp", 8),
        ("exp_sub_max", 64), ("sum_exp", 8)]
# YNNPACK's other functions, on one shape above the threshold and one below.
OTHERS = [("tanh_sub_max", 32), ("sum_tanh", 8), ("logistic_sub_max", 64),
          ("sum_logistic", 8), ("log_sub_min", 8), ("sum_log_abs", 64),
          ("log1p_sub_max", 0.5), ("log1p_sub_min", 8), ("expm1_sub_max", 64),
          ("sum_expm1", 8)]
EXTRA = [("exp_row_sums", (4096, 8), 0.25), ("exp_row_sums", (1024, 8), 0.25),
         ("sum_exp", (4096,), 64), ("sum_exp", (4095,), 64)]
# Called eagerly (`"eager": true`): `jax.nn.softmax` then runs operation by operation, and
# `log_softmax` and `logsumexp` as the one computation JAX compiles for them.
EAGER = [("softmax", (64, 64), 8), ("log_softmax", (64, 64), 8), ("logsumexp", (64, 64), 8)]


def inputs(shape, seed, scale):
    # The float32 unit inputs of gen_reduce_order.py, scaled exactly by a power of two.
    return unit_inputs(shape, seed, False) * np.float32(scale)


def ynn_ops(f, x):
    text = f.lower(x).compile().as_text()
    ops = []
    for comp in re.findall(r"kind=kCustom, calls=(%[\w.]+)[^\n]*__ynn_fusion", text):
        body = re.search(re.escape(comp) + r" \(.*?\{\n(.*?)\n\}", text, re.S).group(1)
        ops.append([o for o in re.findall(r"= \S+ ([\w-]+)\(", body)
                    if o not in ("parameter", "constant")])
    return ops


def main():
    assert jax.__version__ == "0.10.2", jax.__version__
    cases = []
    runs = [(name, shape, scale, False) for name, scale in RUNS for shape in SHAPES]
    runs += [(name, shape, scale, False) for name, scale in OTHERS
             for shape in [(64, 64), (16, 16)]]
    runs += [r + (False,) for r in EXTRA] + [r + (True,) for r in EAGER]
    for seed, (name, shape, scale, eager) in enumerate(runs):
        x = inputs(shape, seed, scale)
        f = jax.jit(FUNCS[name])
        out = np.asarray(FUNCS[name](x) if eager else f(x))
        assert out.dtype == np.float32
        bits = "".join(f"{b:08x}" for b in out.reshape(-1).view(np.uint32).tolist())
        cases.append({"fn": name, "shape": list(shape), "scale": scale, "seed": seed,
                      "eager": eager, "ynn_ops": [] if eager else ynn_ops(f, x),
                      "bits": bits})
    write_cases(golden_path("ynn.json"), {
        "jax": jax.__version__, "numpy": np.__version__, "isa": isa(), "cases": cases})


if __name__ == "__main__":
    main()
