//! Dtype promotion against JAX 0.10.2 (golden data from tools/golden/gen_promotion.py):
//! the full `jnp.promote_types` table over the 13 dtypes, and the dtype and weak type of
//! promoting every pair of operands (strong and weakly typed arrays of every dtype, Rust
//! integer, float and bool scalars) through a `jnp` binary function. All exact.

mod numerics_common;

use jaxrs_core::numpy as jnp;
use jaxrs_core::DType;
use numerics_common::{dtype, golden, promotion_operand};

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
    check_pairs(&g["operands"], &g["pairs"]);
}

/// Promotes each pair with `jnp::maximum` (which accepts every dtype) and compares the
/// result's dtype and weak type.
pub fn check_pairs(operands: &serde_json::Value, pairs: &serde_json::Value) {
    let kinds = operands.as_array().expect("operands");
    let find = |label: &str| {
        kinds
            .iter()
            .find(|k| k["label"] == label)
            .unwrap_or_else(|| panic!("operand {label}"))
    };
    let pairs = pairs.as_array().expect("pairs");
    assert!(pairs.len() > 600);
    let mut failures = Vec::new();
    for p in pairs {
        let (la, lb) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
        let x = promotion_operand(find(la));
        let y = promotion_operand(find(lb));
        let r = jnp::maximum(x, y);
        let want = (
            dtype(p["dtype"].as_str().unwrap()),
            p["weak_type"].as_bool().unwrap(),
        );
        if (r.dtype(), r.weak_type()) != want {
            failures.push(format!(
                "{la} with {lb}: got {} weak={}, JAX {} weak={}",
                r.dtype(),
                r.weak_type(),
                want.0,
                want.1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
