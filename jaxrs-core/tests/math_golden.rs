//! Creation functions, elementwise math and reductions against JAX 0.10.2 (golden data
//! from tools/golden/gen_math.py): for every case, the result's dtype, weak type, shape and
//! elements, and the printed jaxpr.
//!
//! Tolerances: none (bits) for integers, bools and floats, the float32/float16/bfloat16
//! transcendental functions included (the scalar table reproduces XLA:CPU's algorithms),
//! except the exceptions `ulp_bound` (numerics_common/math_cases.rs) names, each listed in
//! the README's numerics section: float64 transcendental functions, `arctan` of small
//! arrays, narrow `expm1`/`log2`, `linspace` (a contraction
//! XLA makes), and sums and their kin (XLA's reduction order). Cases that JAX rejects must
//! panic in jaxrs too.

mod numerics_common;

#[test]
fn math_functions_equal_jax() {
    numerics_common::math_cases::check_golden("math.json", 700);
}
