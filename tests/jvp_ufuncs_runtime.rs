//! The eager-derivative golden suite of `jaxrs-core/tests/jvp_ufuncs.rs` again, with every
//! eager operation and `jit` call on the runtime backend that the facade installs (core's
//! own tests use the reference evaluator): the runtime contracts each ufunc's derivative
//! as XLA does.

use jaxrs as _;

#[path = "../jaxrs-core/tests/jvp_ufuncs.rs"]
mod core_suite;

#[test]
fn the_runtime_backend_runs_the_suite() {
    let _ = jaxrs::numpy::zeros(1);
    assert_eq!(jaxrs_core::backend::name(), "runtime");
}
