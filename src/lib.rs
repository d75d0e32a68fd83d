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
//! ```

pub use jaxrs_core::api::make_jaxpr;
pub use jaxrs_core::{config, jaxpr, lax, numpy};
pub use jaxrs_core::{Array, DType};

/// The names most programs need: `use jaxrs::prelude::*;`.
pub mod prelude {
    pub use jaxrs_core::api::make_jaxpr;
    pub use jaxrs_core::{Array, DType};
}
