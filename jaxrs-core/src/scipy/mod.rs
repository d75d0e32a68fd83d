//! `jaxrs::scipy`: JAX's `jax.scipy.special` and `jax.scipy.stats`.
//!
//! JAX counterpart: `jax/_src/scipy/`.

pub mod special;
pub mod stats;
