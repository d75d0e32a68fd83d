//! `Display`/`Debug` of 64-bit arrays (`int64`, `uint64`, `float64`) against JAX 0.10.2 with
//! x64 enabled. Lives in its own test binary because the x64 switch is process-global.

mod printing_common;

#[test]
fn printing_x64_matches_jax_golden() {
    jaxrs_core::config::enable_x64(true);
    let n = printing_common::check_golden_file("printing_x64.json");
    assert!(n >= 100, "expected at least 100 golden cases, found {n}");
}
