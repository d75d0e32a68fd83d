//! XLA:CPU's floating-point contraction inside `jit` (`jaxrs_core::jaxpr::contract`): each
//! program of `tools/golden/gen_contract.py`, jitted, against JAX 0.10.2's bits in
//! `float32`, no tolerance (`float64` in `contract_x64.rs`: x64 is process-global). The
//! eager form of a fused program is checked to stay unfused.

mod contract_common;

use jaxrs_core::api::jit::jit;
use jaxrs_core::dtype::DType;
use jaxrs_core::Array;

#[test]
fn jitted_products_and_sums_round_as_xla_fuses_them() {
    contract_common::check("contract.json");
}

#[test]
fn eager_products_and_sums_round_twice() {
    eager_unfused();
}

/// Outside `jit` each operation rounds: `a*b + c` eagerly is `(a*b) + c` rounded twice,
/// which differs from the jitted result on these inputs (so the jitted check above is not
/// passing by accident).
fn eager_unfused() {
    let x = contract_common::inputs(DType::F32);
    let (a, b, c) = (&x[0], &x[1], &x[2]);
    let eager = contract_common::bits(&(a * b + c));
    let two_roundings: Vec<u64> = a
        .to_vec::<f32>()
        .iter()
        .zip(b.to_vec::<f32>())
        .zip(c.to_vec::<f32>())
        .map(|((a, b), c)| (a * b + c).to_bits() as u64)
        .collect();
    assert_eq!(eager, two_roundings);
    let jitted = contract_common::bits(&jit(|a: &Array, b: &Array, c: &Array| a * b + c)(a, b, c));
    assert_ne!(
        eager, jitted,
        "the inputs must tell a fused multiply-add from two roundings"
    );
}
