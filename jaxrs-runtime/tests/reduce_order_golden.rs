//! Float reductions in XLA:CPU's association order against JAX 0.10.2's bits (golden data
//! from tools/golden/gen_reduce_order.py): `sum`, `prod`, `mean`, `var`, `std` of `float32`
//! and `float64` over 1-D lengths 1..1e6 (and a sum of 1e7), 2-D and 3-D along every axis
//! and several, through the reference evaluator (cases up to 2^20 elements), the runtime's
//! compiled programs and its eager reduction kernel, against the bits of this processor
//! (a case whose bits depend on it has one entry per processor). Tolerance: none per case,
//! but not every case matches yet: `check` takes the number of (case, path) mismatches
//! measured on each processor as its ceiling (float32: none; with AVX-512 `prod` of
//! [64, 64] over both axes, whose AVX-512 order is not known). float64 runs in
//! `reduce_order_x64.rs` (x64 is process-global).

mod reduce_order_common;

#[test]
fn float32_reductions_equal_jax() {
    // Ceilings: the measured mismatches (README "Tolerances in tests").
    reduce_order_common::check("reduce_order.json", &[("avx2", 0), ("avx512", 3)]);
}
