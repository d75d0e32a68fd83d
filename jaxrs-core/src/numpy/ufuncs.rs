//! Elementwise functions (NumPy's ufuncs) with JAX's dtype and rank promotion.
//!
//! JAX counterpart: `jax/_src/numpy/ufuncs.py`.

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::{promote_args, ArrayLike};

/// Promotes two operands, then applies a lax binary op.
#[track_caller]
pub(crate) fn binary_ufunc(
    x: impl ArrayLike,
    y: impl ArrayLike,
    op: fn(&Array, &Array) -> Array,
) -> Array {
    let args = promote_args(vec![x.into_operand(), y.into_operand()]);
    op(&args[0], &args[1])
}

/// `jnp.add(x, y)`: elementwise `x + y` with broadcasting.
///
/// # Panics
/// If the shapes do not broadcast: `add got incompatible shapes for broadcasting: (3,), (4,).`
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1, 2, 3]);
/// assert_eq!(jnp::add(&x, 1).to_vec::<i32>(), vec![2, 3, 4]);
/// ```
#[track_caller]
pub fn add(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    binary_ufunc(x, y, lax::add)
}

/// `jnp.subtract(x, y)`: elementwise `x - y`.
#[track_caller]
pub fn subtract(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    binary_ufunc(x, y, lax::sub)
}

/// `jnp.multiply(x, y)`: elementwise `x * y`.
#[track_caller]
pub fn multiply(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    binary_ufunc(x, y, lax::mul)
}

/// `jnp.divide(x, y)` (`true_divide`): elementwise `x / y`, integers promoted to float.
#[track_caller]
pub fn divide(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args(vec![x.into_operand(), y.into_operand()]);
    let (x, y) = (&args[0], &args[1]);
    if x.dtype().is_float() {
        return lax::div(x, y);
    }
    let f = crate::dtype::DType::default_float();
    lax::div(
        &lax::convert_element_type(x, f, x.weak_type()),
        &lax::convert_element_type(y, f, y.weak_type()),
    )
}

/// `jnp.remainder(x, y)` (Python's `%`): the result has the sign of `y`.
#[track_caller]
pub fn remainder(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args(vec![x.into_operand(), y.into_operand()]);
    let (x, y) = (&args[0], &args[1]);
    let trunc_mod = lax::rem(x, y);
    let zero =
        crate::numpy::operand::scalar_array(crate::dtype::Scalar::Int(0), trunc_mod.dtype(), true);
    let nonzero = lax::ne(&trunc_mod, &zero);
    let signs_differ = lax::ne(&lax::lt(&trunc_mod, &zero), &lax::lt(y, &zero));
    let fix = lax::bitwise_and(&signs_differ, &nonzero);
    lax::select_n(&fix, &[&trunc_mod, &lax::add(&trunc_mod, y)])
}

/// `jnp.negative(x)`: elementwise `-x`.
#[track_caller]
pub fn negative(x: impl ArrayLike) -> Array {
    lax::neg(&x.into_operand().into_array())
}
