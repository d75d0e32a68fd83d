//! `jaxrs::scipy`: JAX's `jax.scipy.special` and `jax.scipy.stats`.
//!
//! JAX counterpart: `jax/_src/scipy/`.

mod entropy;
mod gamma;
mod ndtr;
pub mod special;
pub mod stats;
