//! `jnp.matvec`, `jnp.vecmat` and `jnp.vecdot`: products over the last axes, batched over
//! the leading ones (broadcast as NumPy's gufuncs broadcast).
//!
//! JAX counterpart: `jax/_src/numpy/tensor_contractions.py`, which maps `matmul`/`vdot`
//! with `jnp.vectorize`. jaxrs writes each as one `einsum` with an ellipsis for the batch
//! axes: without batch axes the jaxpr is JAX's `dot_general`; with them JAX's
//! `vectorize` broadcasts first and jaxrs's einsum does not (README, "Deliberate
//! differences"); the values are the same products.

use crate::array::Array;
use crate::numpy::operand::{jax_jit, ArrayLike};
use crate::numpy::{self as jnp};

/// `jnp.matvec(x1, x2)`: the matrix-vector product of the last two axes of `x1` and the
/// last axis of `x2`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let m = jnp::array([[1.0, 2.0], [3.0, 4.0]]);
/// assert_eq!(jnp::matvec(&m, jnp::array([1.0, 1.0])).to_vec::<f32>(), vec![3.0, 7.0]);
/// ```
#[track_caller]
pub fn matvec(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jax_jit(
        "matvec",
        &["x1", "x2"],
        vec![x1.into_operand(), x2.into_operand()],
        |ops| jnp::einsum("...nm,...m->...n", ops),
    )
}

/// `jnp.vecmat(x1, x2)`: the vector-matrix product of the last axis of `x1` and the last
/// two axes of `x2` (`conj(x1)` is `x1`: jaxrs has no complex dtypes).
#[track_caller]
pub fn vecmat(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jax_jit(
        "vecmat",
        &["x1", "x2"],
        vec![x1.into_operand(), x2.into_operand()],
        |ops| jnp::einsum("...n,...nm->...m", ops),
    )
}

crate::keywords! {
    /// Keywords of `jnp.vecdot(x1, x2, /, *, axis=-1)`.
    VecdotKw {
        /// `axis`: the axis multiplied and summed (default `-1`).
        axis: i64 = -1; (axis: i64) => axis,
    }
}

/// `jnp.vecdot(x1, x2)`: the dot product of the last axes. Keywords through
/// [`vecdot_with`].
///
/// # Panics
/// `axes must match; got shapes (3,) and (4,) with axis=-1` (JAX's message).
#[track_caller]
pub fn vecdot(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    vecdot_with(x1, x2, |kw| kw)
}

/// `jnp.vecdot(x1, x2, axis=..)`.
#[track_caller]
pub fn vecdot_with(
    x1: impl ArrayLike,
    x2: impl ArrayLike,
    f: impl FnOnce(VecdotKw) -> VecdotKw,
) -> Array {
    let axis = crate::keywords::apply::<VecdotKw>(f).axis;
    let (x1, x2) = (
        x1.into_operand().into_array(),
        x2.into_operand().into_array(),
    );
    let n1 = x1.shape()[crate::shape::canonicalize_axis(axis as isize, x1.ndim())];
    let n2 = x2.shape()[crate::shape::canonicalize_axis(axis as isize, x2.ndim())];
    if n1 != n2 {
        panic!(
            "axes must match; got shapes {} and {} with axis={axis}",
            crate::shape::py_tuple(x1.shape()),
            crate::shape::py_tuple(x2.shape())
        );
    }
    let x1 = jnp::moveaxis(&x1, axis, -1);
    let x2 = jnp::moveaxis(&x2, axis, -1);
    jnp::einsum("...n,...n->...", [&x1, &x2])
}
