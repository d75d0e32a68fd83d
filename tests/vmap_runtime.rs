//! The `vmap` golden suite of `jaxrs-core/tests/vmap.rs` again, with every eager operation
//! on the runtime backend that the facade installs (core's own tests use the reference
//! evaluator).

use jaxrs as _;

#[path = "../jaxrs-core/tests/vmap.rs"]
mod core_suite;

#[test]
fn the_runtime_backend_runs_the_suite() {
    let _ = jaxrs::numpy::zeros(1);
    assert_eq!(jaxrs_core::backend::name(), "runtime");
}
