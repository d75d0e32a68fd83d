//! `lax` reductions, scans and `iota`.
//!
//! JAX counterpart: `jax/_src/lax/lax.py` (`reduce_sum`, `argmax`, `iota`, ...) and
//! `jax/_src/lax/control_flow/loops.py` (`cumsum`, ...). Axes are non-negative here, as in
//! lax; `jnp` normalizes negative axes.

use crate::array::Array;
use crate::dtype::DType;
use crate::primitive::Primitive;
use crate::trace::bind1;

macro_rules! reductions {
    ($($(#[$doc:meta])* $name:ident => $prim:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(operand: &Array, axes: &[usize]) -> Array {
            bind1(Primitive::$prim { axes: axes.to_vec() }, std::slice::from_ref(operand))
        }
    )*};
}

reductions! {
    /// `lax.reduce_sum(operand, axes)`.
    ///
    /// # Panics
    /// `reduction axes (2,) contains out-of-bounds indices for float32[2,3].` for a bad axis.
    reduce_sum => ReduceSum,
    /// `lax.reduce_prod(operand, axes)`.
    reduce_prod => ReduceProd,
    /// `lax.reduce_max(operand, axes)` (NaN-propagating; `-inf`/the least integer when empty).
    reduce_max => ReduceMax,
    /// `lax.reduce_min(operand, axes)`.
    reduce_min => ReduceMin,
    /// `lax.reduce_and(operand, axes)` (bool or integer operands).
    reduce_and => ReduceAnd,
    /// `lax.reduce_or(operand, axes)` (bool or integer operands).
    reduce_or => ReduceOr,
}

/// `lax.argmax(operand, axis, index_dtype)`: the index of the largest element along
/// `axis` (the first one on ties; NaN counts as largest).
///
/// # Panics
/// When the axis is empty: `argmin and argmax require non-empty reduced dimension. ...`
#[track_caller]
pub fn argmax(operand: &Array, axis: usize, index_dtype: DType) -> Array {
    bind1(
        Primitive::Argmax {
            axes: vec![axis],
            index_dtype,
        },
        std::slice::from_ref(operand),
    )
}

/// `lax.argmin(operand, axis, index_dtype)`.
#[track_caller]
pub fn argmin(operand: &Array, axis: usize, index_dtype: DType) -> Array {
    bind1(
        Primitive::Argmin {
            axes: vec![axis],
            index_dtype,
        },
        std::slice::from_ref(operand),
    )
}

macro_rules! scans {
    ($($(#[$doc:meta])* $name:ident => $prim:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(operand: &Array, axis: usize, reverse: bool) -> Array {
            bind1(Primitive::$prim { axis, reverse }, std::slice::from_ref(operand))
        }
    )*};
}

scans! {
    /// `lax.cumsum(operand, axis, reverse)`.
    cumsum => Cumsum,
    /// `lax.cumprod(operand, axis, reverse)`.
    cumprod => Cumprod,
    /// `lax.cummax(operand, axis, reverse)`.
    cummax => Cummax,
    /// `lax.cummin(operand, axis, reverse)`.
    cummin => Cummin,
}

/// `lax.broadcasted_iota(dtype, shape, dimension)`: each element is its index along
/// `dimension`.
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, DType};
/// let x = lax::broadcasted_iota(DType::I32, &[2, 3], 1);
/// assert_eq!(x.to_vec::<i32>(), vec![0, 1, 2, 0, 1, 2]);
/// ```
#[track_caller]
pub fn broadcasted_iota(dtype: DType, shape: &[usize], dimension: usize) -> Array {
    bind1(
        Primitive::Iota {
            dtype: dtype.canonicalize(),
            shape: shape.to_vec(),
            dimension,
        },
        &[],
    )
}

/// `lax.iota(dtype, size)`: `[0, 1, ..., size - 1]`.
#[track_caller]
pub fn iota(dtype: DType, size: usize) -> Array {
    broadcasted_iota(dtype, &[size], 0)
}
