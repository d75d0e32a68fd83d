"""Golden values of the XLA:CPU behaviours that change float bits in jnp compositions:
the division rewrite, linspace, mean/var/std, jvp of a transcendental product, weak types
of logical ufuncs, power with a 0-d integer array, narrow-float exp2, signed zeros of
converted bools, dot's accumulation (from +0.0) and cumsum's order, as JAX 0.10.2 computes
and prints them.

Each case records the printed array (`str`), dtype, weak type, shape and the bits of the
elements; its name selects the Rust expression in jaxrs-core/tests/numerics_xla.rs and
tests/numerics_xla.rs (the facade, with the runtime). Writes
jaxrs-core/tests/golden/numerics_xla.json. Re-run with tools/golden/run_all.sh.
"""
import warnings

import jax
import jax.numpy as jnp
import numpy as np

import common

warnings.filterwarnings("ignore")


def f32(v):
    return jnp.asarray(np.asarray(v, np.float32))


X8 = f32([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 10.0, 100.0])
M = f32(np.arange(1, 13).reshape(4, 3) * 0.7)
R3 = f32([3.0, 7.0, 11.0])
V = f32([[0.3, -1.2, 2.5, 7.1], [4.4, 0.01, -3.3, 2.2], [1.9, 5.5, 0.7, -0.4]])
J = f32([-2.0, -0.5, 0.3, 1.7, 3.0])


def jvp_tanh_exp():
    return jax.jvp(lambda x: jnp.tanh(x) * jnp.exp(-x), (J,), (jnp.ones_like(J),))


CASES = {
    "linspace_0_1_7": lambda: jnp.linspace(0, 1, 7),
    "neg_arange_div_3": lambda: -jnp.arange(6).reshape(2, 3) / 3,
    "x_div_7": lambda: X8 / 7.0,
    "jvp_tanh_exp_primal": lambda: jvp_tanh_exp()[0],
    "jvp_tanh_exp_tangent": lambda: jvp_tanh_exp()[1],
    "matrix_div_row": lambda: M / R3,
    "one_element_div_7": lambda: f32([3.0]) / 7.0,
    "scalar_div_7": lambda: f32(3.0) / 7.0,
    "seven_div_x": lambda: 7.0 / X8,
    "mean_axis0": lambda: jnp.mean(V, axis=0),
    "mean_axis1": lambda: jnp.mean(V, axis=1),
    "mean_all": lambda: jnp.mean(V),
    "var_axis0": lambda: jnp.var(V, axis=0),
    "std_axis1": lambda: jnp.std(V, axis=1),
    "var_all": lambda: jnp.var(V),
    "exp2_bf16_16": lambda: jnp.exp2(jnp.asarray(16.0, jnp.bfloat16)),
    "exp2_f16_range": lambda: jnp.exp2(jnp.linspace(-3, 5, 9, dtype=jnp.float16)),
    "bool_times_minus_2": lambda: jnp.array([True, False, True]) * -2.0,
    "bool_times_inf_nan": lambda: jnp.array([True, False, False]) * f32([-np.inf, np.inf, np.nan]),
    "bool_col_times_row": lambda: jnp.array([[True], [False]]) * f32([-1.0, 2.0]),
    "dot_negative_zeros": lambda: jnp.dot(f32([-0.0, -0.0, -0.0]), f32([1.0, 2.0, 3.0])),
    "dot_20_terms": lambda: jnp.dot(f32(np.arange(20) * 0.37 - 3.1), f32(np.arange(20) * -0.23 + 1.7)),
    "matmul_5x7_7x3": lambda: f32(np.arange(35).reshape(5, 7) * 0.31 - 4.0)
    @ f32(np.arange(21).reshape(7, 3) * -0.17 + 1.3),
    "cumsum_full_40": lambda: jnp.cumsum(jnp.full(40, 0.1)),
    "cumsum_1000": lambda: jnp.cumsum(f32((np.arange(1000) * 37 % 101 - 50) / 8 + 0.1)),
    "cumsum_rows_reverse": lambda: jnp.flip(jnp.cumsum(jnp.flip(
        f32((np.arange(600) * 13 % 29 - 14) / 4 + 0.1).reshape(3, 200), 1), axis=1), 1),
    "logical_not_weak": lambda: jnp.logical_not(jnp.array(3)),
    "logical_and_weak": lambda: jnp.logical_and(jnp.array(3), jnp.array(0)),
    "isfinite_weak": lambda: jnp.isfinite(jnp.array(2.5)),
    "deg2rad_weak": lambda: jnp.deg2rad(jnp.array(90.0)),
    "power_0d_int": lambda: jnp.power(f32([1.5, 2.0, -3.0]), jnp.array(3)),
    "power_int_0d_int": lambda: jnp.power(jnp.arange(4), jnp.array(2)),
}


def record(case_fns, file):
    """Runs each case and writes the printed text, dtype, weak type, shape and bits of its
    result to golden file `file`."""
    cases = {}
    for name, fn in case_fns.items():
        a = fn()
        arr = np.asarray(a)
        bits_dtype = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}[arr.itemsize]
        cases[name] = {
            "str": str(a),
            "dtype": str(arr.dtype),
            "weak_type": bool(getattr(a, "weak_type", False)),
            "shape": list(arr.shape),
            "bits": [int(b) for b in arr.reshape(-1).view(bits_dtype)],
        }
    out = {"jax_version": jax.__version__, "numpy_version": np.__version__, "cases": cases}
    common.write_cases(common.golden_path(file), out)


def main():
    record(CASES, "numerics_xla.json")


if __name__ == "__main__":
    main()
