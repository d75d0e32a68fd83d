//! Memory faults: an array that cannot be allocated panics with JAX's
//! `RESOURCE_EXHAUSTED` text plus its dtype and shape, at once (no index map or temporary
//! is built first), and the process goes on working.

use jaxrs_core::numpy as jnp;

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let err = std::panic::catch_unwind(f).expect_err("the allocation must fail");
    match err.downcast::<String>() {
        Ok(s) => *s,
        Err(e) => e
            .downcast::<&str>()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    }
}

#[test]
fn impossible_arrays_panic_naming_bytes_and_shape() {
    jaxrs_runtime::install();
    assert_eq!(jaxrs_core::backend::name(), "runtime");
    let msg = panic_message(|| {
        jnp::zeros([200_000, 200_000]);
    });
    assert_eq!(
        msg,
        "RESOURCE_EXHAUSTED: Out of memory allocating 160000000000 bytes. \
         (float32 array of shape (200000, 200000))"
    );
    // The process is usable afterwards: eager operations, reductions, a transpose.
    let x = jnp::ones([3, 2]);
    assert_eq!(jnp::sum(&x).item::<f32>(), 6.0);
    assert_eq!(x.T().shape(), &[2, 3]);
    let msg = panic_message(|| {
        jnp::ones([100_000, 100_000, 10]).sum();
    });
    assert!(msg.contains("400000000000 bytes"), "{msg}");
}
