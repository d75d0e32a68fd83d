"""Golden data for the elementwise functions XLA:CPU runs inside its YNNPACK library fusions
(a float reduction of at least 4096 operand elements and the large elementwise operations
around it), whose `exp`, `expm1`, `log`, `log1p`, `tanh`, `logistic`, `erf`, `rsqrt` and
`exp2` are YNNPACK's and not XLA's (`log2` is a `log` and a product there):
jaxrs-core/tests/golden/ynn.json.

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
    "erf_sub_max": lambda x: jax.scipy.special.erf(x - jnp.max(x, axis=-1, keepdims=True)),
    "sum_erf": lambda x: jnp.sum(jax.scipy.special.erf(x), axis=-1),
    "rsqrt_sub_min": lambda x: jax.lax.rsqrt(x - jnp.min(x, axis=-1, keepdims=True)),
    "sum_rsqrt_abs": lambda x: jnp.sum(jax.lax.rsqrt(jnp.abs(x)), axis=-1),
    "exp2_sub_max": lambda x: jnp.exp2(x - jnp.max(x, axis=-1, keepdims=True)),
    "sum_exp2": lambda x: jnp.sum(jnp.exp2(x), axis=-1),
    "log2_sub_min": lambda x: jnp.log2(x - jnp.min(x, axis=-1, keepdims=True)),
    "log2_sub_max": lambda x: jnp.log2(x - jnp.max(x, axis=-1, keepdims=True)),
    "sum_log2_abs": lambda x: jnp.sum(jnp.log2(jnp.abs(x)), axis=-1),
    "exp_erf_sub_max": lambda x: jnp.exp(jax.scipy.special.erf(x - jnp.max(x, axis=-1, keepdims=True))),
    "exp_sin_sub_max": lambda x: jnp.exp(jnp.sin(x - jnp.max(x, axis=-1, keepdims=True))),
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
# Added later (their seeds follow EAGER's, so the cases above keep theirs): `erf`,
# `rsqrt`, `exp2` and `log2` the same way, `exp` after `erf` (fused) and after `sin`
# (which ends the fusion, so that `exp` is XLA's), and rows whose length is no multiple
# of the vector width. XLA's own `erf` is not followed everywhere, so its controls are
# few: `erf_sub_max`'s stays below |x| = 3.74 (from there to 3.83 XLA's `erf` fused after
# another operation is +-1 where alone it is not), and `sum_erf` has none (inside XLA's
# own reduction loop its `erf` differs). Nor has `log2` of negative numbers: XLA's NaN
# bits depend on its instructions.
LATER = [(name, shape, scale) for name, big, small in [
    ("erf_sub_max", 4, 1), ("sum_erf", 4, None), ("rsqrt_sub_min", 8, 8),
    ("sum_rsqrt_abs", 64, 64), ("exp2_sub_max", 128, 128), ("sum_exp2", 8, 8),
    ("log2_sub_min", 8, 8), ("sum_log2_abs", 64, 64), ("exp_erf_sub_max", 2, 1),
    ("exp_sin_sub_max", 4, 4)] for shape, scale in [((64, 64), big), ((16, 16), small)]
    if scale is not None]
LATER += [("log2_sub_max", (64, 64), 1), ("erf_sub_max", (3, 4099), 4),
          ("rsqrt_sub_min", (3, 4099), 8)]


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
    runs += [r + (False,) for r in LATER]
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
