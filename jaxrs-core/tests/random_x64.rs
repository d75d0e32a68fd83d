//! `jaxrs::random` against JAX with x64 enabled (its own binary: the switch is
//! process-global): 64-bit seeds, `uint64` bits, `float64` and `int64` samplers.

mod random_golden;

const GOLDEN: &str = include_str!("golden/random_x64.json");

#[test]
fn golden_x64_both_modes() {
    jaxrs_core::config::enable_x64(true);
    let classic = random_golden::replay(GOLDEN, false);
    let partitionable = random_golden::replay(GOLDEN, true);
    assert!(classic > 200 && partitionable > 200);
}
