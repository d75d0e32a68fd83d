//! `reduce_order_golden.rs` in `float64` (x64 is process-global, hence its own binary).

mod reduce_order_common;

#[test]
fn float64_reductions_equal_jax() {
    jaxrs_core::config::enable_x64(true);
    // Ceiling: the 4 measured mismatches of the traced float64 paths (README "Tolerances
    // in tests": `var`/`std` of [10, 100] along axis 0, none of a sum, product or mean);
    // the eager float64 kernel matches every sum/prod case.
    reduce_order_common::check("reduce_order_x64.json", &[("avx2", 4), ("avx512", 4)]);
}
