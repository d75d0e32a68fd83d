"""Golden jaxpr text with 64-bit types enabled (`jax_enable_x64`).

Each function is defined once here and once, under the same name, in
jaxrs-core/tests/jaxprs_x64.rs (its own test binary: the switch is process-wide). Writes
jaxrs-core/tests/golden/jaxprs_x64.json. Re-run with tools/golden/run_all.sh.
"""
import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

from common import enc, golden_path, write_cases  # noqa: E402

OUT = golden_path("jaxprs_x64.json")

CASES = [
    ("seed_f64", ["float64"], lambda x: 2 * x ** 2 + 1.0),
    ("literal_f64", ["float64"], lambda x: x * 0.1),
    ("f32_stays_f32", ["float32"], lambda x: x * 0.1),
    ("arange_i64", ["float64"], lambda x: jnp.arange(3) + x),
    ("int_literal_i64", ["int64"], lambda x: x * 3 + 1),
    ("sum_mean", ["float64"], lambda x: (jnp.sum(x), jnp.mean(x))),
    ("where_f64", ["float64"], lambda x: jnp.where(x > 0, x, 0.0)),
    ("convert", ["int32"], lambda x: x / 2),
    ("jvp_sin", ["float64", "float64"], lambda x, t: jax.jvp(jnp.sin, (x,), (t,))),
]


def main():
    out = {"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": []}
    for name, dtypes, f in CASES:
        args = [(np.arange(3) - 1).astype(d) for d in dtypes]
        out["cases"].append({
            "name": name,
            "args": [enc(a) for a in args],
            "jaxpr": str(jax.make_jaxpr(f)(*args)),
        })
    write_cases(OUT, out)


if __name__ == "__main__":
    main()
