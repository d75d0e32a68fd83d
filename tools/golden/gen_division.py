"""Golden values of XLA:CPU's rewrites of float division inside a compiled computation, as
JAX 0.10.2 computes and prints them: a divisor broadcast to the result and read only by
the division is multiplied by its reciprocal, one that something else reads too stays a
division, and a constant divisor of any shape is multiplied by its reciprocal.

Same format as gen_numerics.py (whose `record` writes it); the case names select the Rust
expressions in jaxrs-core/tests/numerics_xla_cases/mod.rs. Writes
jaxrs-core/tests/golden/division_xla.json. Re-run with tools/golden/run_all.sh.
"""
import jax
import numpy as np

from gen_numerics import X8, f32, record

CASES = {
    "jit_div_by_arg": lambda: jax.jit(lambda x, c: x / c)(X8, f32(7.0)),
    "jit_div_by_shared_arg": lambda: jax.jit(lambda x, c: (x / c, c + 1))(X8, f32(7.0))[0],
    "jit_div_by_const_array":
        lambda: jax.jit(lambda x: x / np.arange(7, 15, dtype=np.float32))(X8),
}

if __name__ == "__main__":
    assert jax.__version__ == "0.10.2", jax.__version__
    record(CASES, "division_xla.json")
