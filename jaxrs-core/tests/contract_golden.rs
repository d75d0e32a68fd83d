//! XLA:CPU's floating-point contraction inside `jit` (`jaxrs_core::jaxpr::contract`): each
//! program of `tools/golden/gen_contract.py`, jitted, against JAX 0.10.2's bits, in
//! `float32` and (with x64, a process-global switch set by the second test before any
//! other array exists in it... so it runs in its own binary: see `contract_x64.rs`) no
//! tolerance. The eager form of a fused program is also checked to stay unfused.

mod contract_common;

#[test]
fn jitted_products_and_sums_round_as_xla_fuses_them() {
    contract_common::check("contract.json");
}

#[test]
fn eager_products_and_sums_round_twice() {
    contract_common::check_eager_unfused();
}
