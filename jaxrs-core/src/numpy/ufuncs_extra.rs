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
    // A `custom_jvp` function in JAX (`lax_other.logaddexp`): its rule keeps infinite
    // arguments from making the tangent NaN.
    crate::api::custom_jvp_call(
        "logaddexp",
        "_logaddexp_jvp",
        &args,
        |a| vec![logaddexp_body(&a[0], &a[1])],
        |p, t| {
            let out = logaddexp_body(&p[0], &p[1]);
            // `_replace_inf`: +inf becomes 0.
            let finite = |x: &Array| {
                let inf = konst(x, f64::INFINITY);
                lax::select(
                    &lax::eq(x, &inf),
                    &crate::interpreters::jvp::zeros_of(x.aval()),
                    x,
                )
            };
            let w =
                |x: &Array, tx: &Array| lax::mul(tx, lax::exp(lax::sub(finite(x), finite(&out))));
            let tangent = lax::add(w(&p[0], &t[0]), w(&p[1], &t[1]));
            (vec![out], vec![tangent])
        },
    )
    .remove(0)
}

/// Promotes two operands to their common inexact dtype.
#[track_caller]
pub(crate) fn inexact2(x1: Operand, x2: Operand) -> (Array, Array) {
    let mut args = promote_args_inexact(vec![x1, x2]);
    let b = args.pop().expect("two operands");
    (args.pop().expect("two operands"), b)
}

/// A strongly typed constant of `x`'s dtype (`lax._const`).
fn konst(x: &Array, v: f64) -> Array {
    crate::numpy::scalar_array(crate::dtype::Scalar::Float(v), x.dtype(), false)
}

/// Runs `body` as JAX's `jit` of a two-operand ufunc named `name`.
#[track_caller]
fn jit2(
    name: &'static str,
    x1: Operand,
    x2: Operand,
    body: impl FnOnce(Operand, Operand) -> Array,
) -> Array {
    crate::numpy::operand::jax_jit(name, &["x1", "x2"], vec![x1, x2], |ops| {
        let [a, b]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
        body(a, b)
    })
}

/// `jnp.hypot(x1, x2)`: `sqrt(x1² + x2²)` without overflow (`inf` if either is infinite).
#[track_caller]
pub fn hypot(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jit2("hypot", x1.into_operand(), x2.into_operand(), |a, b| {
        let (a, b) = inexact2(a, b);
        let (a, b) = (lax::abs(&a), lax::abs(&b));
        let idx_inf = lax::bitwise_or(
            lax::eq(&a, konst(&a, f64::INFINITY)),
            lax::eq(&b, konst(&b, f64::INFINITY)),
        );
        let (hi, lo) = (lax::max(&a, &b), lax::min(&a, &b));
        let zero_hi = lax::eq(&hi, konst(&hi, 0.0));
        let safe = crate::numpy::where_(
            lax::eq(&hi, konst(&hi, 0.0)),
            lax::broadcast_in_dim(&konst(&hi, 1.0), hi.shape(), &[]),
            &hi,
        );
        let ratio = lax::square(lax::div(&lo, &safe));
        let x = lax::mul(&hi, lax::sqrt(crate::numpy::add(1, ratio)));
        let x = crate::numpy::where_(zero_hi, &hi, x);
        crate::numpy::where_(idx_inf, konst(&x, f64::INFINITY), x)
    })
}

/// `jnp.copysign(x1, x2)`: `|x1|` with the sign of `x2`.
#[track_caller]
pub fn copysign(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jit2("copysign", x1.into_operand(), x2.into_operand(), |a, b| {
        let (a, b) = inexact2(a, b);
        let negative = crate::numpy::signbit(&b);
        crate::numpy::where_(negative, lax::neg(lax::abs(&a)), lax::abs(&a))
    })
}

/// `jnp.heaviside(x1, x2)`: 0 below zero, 1 above, `x2` at zero (NaN stays NaN).
#[track_caller]
pub fn heaviside(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jit2("heaviside", x1.into_operand(), x2.into_operand(), |a, b| {
        let (a, b) = inexact2(a, b);
        let zero = konst(&a, 0.0);
        let below = lax::lt(&a, &zero);
        let above = lax::gt(&a, &zero);
        let nan = lax::ne(&a, &a);
        let at_zero = crate::numpy::where_(nan, &a, &b);
        let upper = crate::numpy::where_(above, konst(&a, 1.0), at_zero);
        crate::numpy::where_(below, zero, upper)
    })
}

/// `jnp.fmax(x1, x2)`: the elementwise maximum, ignoring a NaN operand.
#[track_caller]
pub fn fmax(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jit2("fmax", x1.into_operand(), x2.into_operand(), |a, b| {
        let pick = crate::numpy::bitwise_or(
            crate::numpy::greater(a.clone(), b.clone()),
            crate::numpy::isnan(b.clone()),
        );
        crate::numpy::where_(pick, a, b)
    })
}

/// `jnp.fmin(x1, x2)`: the elementwise minimum, ignoring a NaN operand.
#[track_caller]
pub fn fmin(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jit2("fmin", x1.into_operand(), x2.into_operand(), |a, b| {
        let pick = crate::numpy::bitwise_or(
            crate::numpy::less(a.clone(), b.clone()),
            crate::numpy::isnan(b.clone()),
        );
        crate::numpy::where_(pick, a, b)
    })
}
