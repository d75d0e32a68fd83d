//! Creation functions, elementwise math and reductions against JAX 0.10.2 (golden data
//! from tools/golden/gen_math.py): for every case, the result's dtype, weak type, shape and
//! elements, and the printed jaxpr.
//!
//! Tolerances: integers and bools exact; floats exact for everything correctly rounded
//! (arithmetic, `sqrt`, rounding, comparisons, creation, max/min/arg reductions), and within
//! `ulp_bound` (numerics_common/math_cases.rs) units in the last place for the transcendental functions (XLA's `float32`
//! `exp`, `log`, `sin`, `tanh`, ... are polynomial approximations that are not correctly
//! rounded; jaxrs computes in `f64` and rounds once) and for float sums (XLA associates
//! them differently). Cases that JAX rejects must panic in jaxrs too.

mod numerics_common;

#[test]
fn math_functions_equal_jax() {
    numerics_common::math_cases::check_golden("math.json", 700);
}
