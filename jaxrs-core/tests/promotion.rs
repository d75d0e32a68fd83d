//! Dtype promotion against JAX 0.10.2 (golden data from tools/golden/gen_promotion.py):
//! the full `jnp.promote_types` table over the 13 dtypes, and the dtype and weak type of
//! promoting every pair of operands (strong and weakly typed arrays of every dtype, Rust
//! integer, float and bool scalars) through a `jnp` binary function. All exact.

mod numerics_common;

use jaxrs_core::DType;
use numerics_common::{check_promotion_pairs, dtype, golden};

#[test]
fn promote_types_table_equals_jax() {
    let g = golden("promotion.json");
    let table = g["promote_types"].as_array().expect("promote_types");
    assert_eq!(table.len(), 169);
    for row in table {
        let a = dtype(row["a"].as_str().unwrap());
        let b = dtype(row["b"].as_str().unwrap());
        let want = dtype(row["result"].as_str().unwrap());
        assert_eq!(DType::promote_types(a, b), want, "promote_types({a}, {b})");
    }
}

#[test]
fn weak_type_promotion_equals_jax() {
    let g = golden("promotion.json");
    assert!(g["pairs"].as_array().expect("pairs").len() > 600);
    check_promotion_pairs(&g["operands"], &g["pairs"]);
}
