//! The facade installs the runtime's backend before `main`, even for programs that only use
//! items re-exported from `jaxrs_core`.

use jaxrs::numpy as jnp;

#[test]
fn runtime_backend_is_installed_before_first_use() {
    // Nothing of the facade's own code has run: `jnp` is `jaxrs_core::numpy`.
    let x = jnp::array([1.0, 2.0, 3.0]);
    let y = &x * &x;
    assert_eq!(jaxrs_core::backend::name(), "runtime");
    assert_eq!(y.to_vec::<f32>(), vec![1.0, 4.0, 9.0]);
}

#[test]
fn installing_again_is_refused() {
    let _ = jnp::zeros(3);
    assert!(!jaxrs_runtime::install());
    assert_eq!(jaxrs_core::backend::name(), "runtime");
}
