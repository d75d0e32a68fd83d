//! Every elementwise float primitive of the reference evaluator against JAX 0.10.2's bits
//! (tools/golden/gen_bits.py): 2^20 inputs per primitive and dtype made from integer bit
//! patterns (every pattern of the 16-bit types), special values and subnormals included.
//! Tolerance: none (NaNs compare as one value, whatever their sign and payload).

mod bits_common;

use jaxrs_core::interpreters::eval::eval_primitive;

fn check(dtype: &str) {
    // `JAXRS_BITS_ONLY=exp,log` checks only those cases (while working on them).
    let only = std::env::var("JAXRS_BITS_ONLY").ok();
    let wanted = |case: &str| match &only {
        Some(list) => list.split(',').any(|c| c == case),
        None => true,
    };
    bits_common::check_all(dtype, &wanted, &|p, ins, out| eval_primitive(p, ins, out));
}

#[test]
fn float32_equals_jax() {
    check("float32");
}

#[test]
fn float64_equals_jax() {
    check("float64");
}

#[test]
fn float16_equals_jax() {
    check("float16");
}

#[test]
fn bfloat16_equals_jax() {
    check("bfloat16");
}
