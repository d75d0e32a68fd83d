//! `jaxrs::numpy` (used as `jnp`): NumPy's API with JAX's semantics.
//!
//! JAX counterpart: `jax/_src/numpy/` (`lax_numpy.py`, `ufuncs.py`, `reductions.py`,
//! `util.py`). Functions take [`ArrayLike`] operands (`&Array`, `Array` or a Rust scalar),
//! promote dtypes and ranks as JAX does, then call `lax`.

mod creation;
mod operand;
mod ops;
mod ufuncs;

pub use creation::{array, full, full_dtype, ones, zeros, IntoArrayData};
pub use operand::{ArrayLike, Operand};
pub use ufuncs::{add, divide, multiply, negative, remainder, subtract};
