//! jaxrs: JAX for Rust.
//!
//! NumPy-style arrays with JAX's semantics: immutable arrays, explicit PRNG keys, pure
//! functions, jaxprs. See the README and `examples/quickstart.rs`.
//!
//! ```
//! use jaxrs::prelude::*;
//! use jaxrs::numpy as jnp;
//!
//! let x = jnp::array([1.0, 4.0, 3.0]);
//! let y = jnp::array([8.0, 1.0, 2.0]);
//! let z = 2 * &x + &y;
//! assert_eq!(z.to_vec::<f32>(), vec![10.0, 9.0, 8.0]);
//! // Eager operations run on the runtime's kernels, installed before `main`.
//! assert_eq!(jaxrs_core::backend::name(), "runtime");
//! ```

pub use jaxrs_core::api::{jvp, make_jaxpr};
pub use jaxrs_core::random;
pub use jaxrs_core::{config, jaxpr, lax, nn, numpy, scipy};

/// Installs the runtime's backend before `main`, so that every eager operation, including
/// those reached through the re-exported `jaxrs_core` modules, runs on it.
///
/// `RuntimeBackend` is a unit struct in a `static`: installing it allocates nothing and
/// touches no thread-local, which is what code that runs before `main` may do. rustc keeps
/// `#[used]` statics of every linked crate (the constructor is one), so the constructor runs
/// even when a program names nothing of this crate but re-exports; `tests/backend.rs`
/// checks that from a test binary, an example and a doctest.
#[ctor::ctor(unsafe)]
fn install_runtime_backend() {
    jaxrs_runtime::install();
}

pub use jaxrs_core::{Array, DType};

/// The names most programs need: `use jaxrs::prelude::*;`.
pub mod prelude {
    pub use jaxrs_core::api::{jvp, make_jaxpr};
    pub use jaxrs_core::s;
    pub use jaxrs_core::{Array, DType};
}
