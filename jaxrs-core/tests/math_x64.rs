//! Creation, elementwise math and reductions with x64 enabled (its own test binary: the
//! switch is process-global) against JAX 0.10.2 with `jax_enable_x64`
//! (tools/golden/gen_math.py): float64/int64 inputs and the functions whose dtypes x64
//! changes. Tolerances as in math_golden.rs.

mod numerics_common;

#[test]
fn math_functions_with_x64_equal_jax() {
    jaxrs_core::config::enable_x64(true);
    numerics_common::math_cases::check_golden("math_x64.json", 40);
}
