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

pub use jaxrs_core::api::jit::{jit_stats, no_tracing};
pub use jaxrs_core::api::{
    grad, grad_with, hessian, jacfwd, jacfwd_with, jacrev, jacrev_with, linearize, value_and_grad,
    value_and_grad_with, vjp,
};
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

/// `#[jit]`: stages a pure function at compile time and caches one compiled executable per
/// signature (JAX's `@jax.jit`).
///
/// Parameters of type `&Array` and `Array` are traced; every other parameter is static
/// (JAX's `static_argnums`): part of the cache key, so it must be `Hash + Eq + Clone +
/// Debug + Send + Sync + 'static`. An `Array` passed by value is donated. The function
/// returns an `Array`, a tuple of arrays or a `Vec<Array>`. Side effects (printing, I/O,
/// clocks, globals with interior mutability, `unsafe`, `&mut` parameters, item assignment)
/// are compile errors; print runtime values with [`debug_print!`].
///
/// # Examples
/// ```
/// use jaxrs::numpy as jnp;
/// use jaxrs::prelude::*;
///
/// #[jit]
/// fn f(x: &Array, y: &Array) -> Array {
///     2 * x.powi(2) + y
/// }
/// let x = jnp::array([1.0, 4.0, 3.0]);
/// let y = jnp::array([8.0, 1.0, 2.0]);
/// assert_eq!(f(&x, &y).to_vec::<f32>(), vec![10.0, 33.0, 20.0]);
/// f(&x, &y);
/// let stats = jaxrs::jit_stats(f);
/// assert_eq!((stats.traces, stats.hits), (1, 1));
/// ```
pub use jaxrs_macros::jit;

/// `jax.debug.print`: `jaxrs::debug_print!("x = {} y = {}", x, y)` prints arrays with a
/// Python format string when the program runs: at once when called eagerly, and on every
/// call of a `#[jit]` function (with that call's values, never while tracing), where it is
/// a `debug_print` equation of the jaxpr. The arguments are `Array`s or `&Array`s.
///
/// # Examples
/// ```
/// use jaxrs::numpy as jnp;
/// use jaxrs::prelude::*;
///
/// #[jit]
/// fn f(x: &Array) -> Array {
///     jaxrs::debug_print!("x = {}", x);
///     x * 2.0
/// }
/// let (_, printed) = jaxrs::capture_debug_prints(|| f(&jnp::array([1.0, 2.0])));
/// assert_eq!(printed, vec!["x = [1. 2.]".to_string()]);
/// ```
#[macro_export]
macro_rules! debug_print {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        $crate::__debug_print($fmt, &[$(::std::borrow::Borrow::<$crate::Array>::borrow(&$arg)),*])
    };
}

pub use jaxrs_core::api::debug::capture_debug_prints;
#[doc(hidden)]
pub use jaxrs_core::api::debug::debug_print as __debug_print;

/// The names most programs need: `use jaxrs::prelude::*;`.
pub mod prelude {
    pub use crate::jit;
    pub use crate::jit::jit;
    pub use jaxrs_core::api::{
        grad, grad_with, hessian, jacfwd, jacfwd_with, jacrev, jacrev_with, linearize,
        value_and_grad, value_and_grad_with, vjp,
    };
    pub use jaxrs_core::api::{jvp, make_jaxpr};
    pub use jaxrs_core::api::{vmap, vmap_with};
    pub use jaxrs_core::s;
    pub use jaxrs_core::{Array, DType};
}

/// `#[jit]` and `jit(closure)`: caches from signature to compiled executable. See
/// [`jaxrs_core::api::jit`].
pub mod jit {
    pub use jaxrs_core::api::jit::{
        jit, jit_stats, no_tracing, static_arg, static_clone, JitArg, JitCache, JitStats, Jitted,
        StaticKey,
    };
}
