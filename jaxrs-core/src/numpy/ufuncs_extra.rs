//! Elementwise functions beyond the basic set: `logaddexp`, `logaddexp2`, `hypot`,
//! `copysign`, `heaviside`, `fmax`, `fmin`, `sinc`, ...
//!
//! JAX counterpart: `jax/_src/numpy/ufuncs.py` and, for the functions JAX defines with a
//! custom JVP, `jax/_src/lax/other.py`. The primitives and their order are JAX's; where JAX
//! wraps the body in `custom_jvp_call` the forward body is emitted inline (no custom
//! derivatives in jaxrs yet).

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::ufuncs::promote_args_inexact;

/// `lax_other.logaddexp` on two promoted operands: the forward body of JAX's custom-JVP
/// function (`amax + log1p(exp(-|x1 - x2|))`, and `x1 + x2` where the difference is NaN,
/// which covers infinities of one sign).
#[track_caller]
pub(crate) fn logaddexp_body(x1: &Array, x2: &Array) -> Array {
    let amax = lax::max(x1, x2);
    let delta = lax::sub(x1, x2);
    let isnan = lax::ne(&delta, &delta);
    let sum = lax::add(x1, x2);
    let tail = lax::log1p(lax::exp(lax::neg(lax::abs(&delta))));
    let big = lax::add(&amax, &tail);
    lax::select(&isnan, &sum, &big)
}

/// `jnp.logaddexp(x1, x2)`: `log(exp(x1) + exp(x2))` without overflow, in an inexact
/// dtype.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let y = jnp::logaddexp(jnp::array([0.0f32]), 0.0);
/// assert!((y.item::<f32>() - std::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[track_caller]
pub fn logaddexp(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    let args = promote_args_inexact(vec![x1.into_operand(), x2.into_operand()]);
    logaddexp_body(&args[0], &args[1])
}

/// Promotes two operands to their common inexact dtype.
#[track_caller]
pub(crate) fn inexact2(x1: Operand, x2: Operand) -> (Array, Array) {
    let mut args = promote_args_inexact(vec![x1, x2]);
    let b = args.pop().expect("two operands");
    (args.pop().expect("two operands"), b)
}
