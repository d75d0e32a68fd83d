//! `contract_golden.rs` in `float64` (x64 is process-global, hence its own binary).

mod contract_common;

#[test]
fn jitted_float64_products_and_sums_round_as_xla_fuses_them() {
    jaxrs_core::config::enable_x64(true);
    contract_common::check("contract_x64.json");
}
