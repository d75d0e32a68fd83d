//! `reduce_order_golden.rs` in `float64` (x64 is process-global, hence its own binary).

mod reduce_order_common;

#[test]
fn float64_reductions_equal_jax() {
    jaxrs_core::config::enable_x64(true);
    // Every traced and eager float64 path matches (measured with AVX-512; the 4 pairs the
    // AVX2 processor had, `var`/`std` along one axis, take no lanes, so 0 there too).
    reduce_order_common::check("reduce_order_x64.json", &[("avx2", 0), ("avx512", 0)]);
}
