//! Dtype promotion with x64 enabled (its own test binary: the switch is process-global),
//! against JAX 0.10.2 with `jax_enable_x64` (tools/golden/gen_promotion.py). Exact.

mod numerics_common;

use jaxrs_core::numpy as jnp;
use jaxrs_core::DType;
use numerics_common::{check_promotion_pairs, golden};

#[test]
fn weak_type_promotion_with_x64_equals_jax() {
    jaxrs_core::config::enable_x64(true);
    let g = golden("promotion.json");
    check_promotion_pairs(&g["operands_x64"], &g["pairs_x64"]);
}

#[test]
fn x64_makes_64_bit_dtypes_real() {
    jaxrs_core::config::enable_x64(true);
    assert_eq!(jnp::arange(3).dtype(), DType::I64);
    assert_eq!(jnp::arange(3.0).dtype(), DType::F64);
    assert_eq!(jnp::zeros([2]).dtype(), DType::F64);
    assert_eq!(jnp::mean(jnp::arange(4)).dtype(), DType::F64);
    assert_eq!(jnp::sum(jnp::array([1i32, 2])).dtype(), DType::I64);
    assert_eq!(jnp::sum(jnp::array([1u8, 2])).dtype(), DType::U64);
    // 2**40 fits int64, so no OverflowError with x64.
    let big = jnp::add(jnp::arange(2), 1i64 << 40);
    assert_eq!(big.to_vec::<i64>(), vec![1 << 40, (1 << 40) + 1]);
    let x = jnp::linspace(0.0, 1.0, 3);
    assert_eq!(x.dtype(), DType::F64);
    assert_eq!(x.to_vec::<f64>(), vec![0.0, 0.5, 1.0]);
}
