//! `jaxrs::scipy::special`: `logsumexp`, `logit`, `expit`, `erf`, `erfc`, `erfinv`,
//! `gammaln`, `digamma`, `xlogy`, `xlog1py`, `entr`, `softmax`, `log_softmax`.
//!
//! JAX counterpart: `jax/_src/scipy/special.py` and `jax/_src/ops/special.py`
//! (`logsumexp`). `logit`, `xlogy`, `xlog1py` and `entr`'s `_xlogx` are `custom_jvp`
//! functions with JAX's rules, as in JAX.

pub use super::entropy::{boxcox, boxcox1p, kl_div, rel_entr};
pub use super::gamma::{
    beta, betaln, comb, comb_with, factorial, factorial_with, gamma, gammasgn, multigammaln, poch,
    CombKw, FactorialKw,
};
pub use super::ndtr::{erfcx, log_ndtr, log_ndtr_with, ndtri, LogNdtrKw};

use crate::array::Array;
use crate::dtype::Scalar;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::ufuncs::promote_args_inexact;
use crate::numpy::{self as jnp, Axes, IntoAxes};

/// One operand promoted to an inexact dtype (`promote_args_inexact`).
#[track_caller]
fn inexact(x: impl ArrayLike) -> Array {
    promote_args_inexact(vec![x.into_operand()]).remove(0)
}

/// `jax.scipy.special.logit(x)`: `log(x / (1 - x))`, a `custom_jvp` function whose
/// derivative is `1 / (x (1 - x))`.
#[track_caller]
pub fn logit(x: impl ArrayLike) -> Array {
    crate::nn::defjvps1(
        "logit",
        x.into_operand().into_array(),
        logit_body,
        |g, _, x| {
            let one = crate::numpy::scalar_array(Scalar::Int(1), x.dtype(), false);
            lax::div(g, &lax::mul(x, &lax::sub(&one, x)))
        },
    )
}

#[track_caller]
fn logit_body(x: &Array) -> Array {
    let x = inexact(x);
    let one = crate::numpy::scalar_array(Scalar::Int(1), x.dtype(), false);
    lax::log(lax::div(&x, lax::sub(&one, &x)))
}

/// `jax.scipy.special.expit(x)`: the logistic sigmoid `1 / (1 + exp(-x))`.
#[track_caller]
pub fn expit(x: impl ArrayLike) -> Array {
    lax::logistic(inexact(x))
}

/// `jax.scipy.special.erf(x)`.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, scipy::special};
/// assert_eq!(special::erf(jnp::array([0.0])).to_vec::<f32>(), vec![0.0]);
/// ```
#[track_caller]
pub fn erf(x: impl ArrayLike) -> Array {
    lax::erf(inexact(x))
}

/// `jax.scipy.special.erfc(x)`: `1 - erf(x)`, accurate for large `x`.
#[track_caller]
pub fn erfc(x: impl ArrayLike) -> Array {
    lax::erfc(inexact(x))
}

/// `jax.scipy.special.erfinv(x)`: the inverse of `erf` on `(-1, 1)`.
#[track_caller]
pub fn erfinv(x: impl ArrayLike) -> Array {
    lax::erf_inv(inexact(x))
}

/// `jax.scipy.special.ndtr(x)`: the standard normal CDF, from `erf` and `erfc`.
///
/// # Panics
/// For a dtype other than `float32`/`float64`: `x.dtype=int32 is not supported, see
/// docstring for supported types.`
#[track_caller]
pub fn ndtr(x: impl ArrayLike) -> Array {
    let x = x.into_operand().into_array();
    if !matches!(
        x.dtype(),
        crate::dtype::DType::F32 | crate::dtype::DType::F64
    ) {
        panic!(
            "x.dtype={} is not supported, see docstring for supported types.",
            x.dtype()
        );
    }
    crate::scipy::stats::norm::ndtr(&x)
}

/// `jax.scipy.special.gammaln(x)`: `log|Γ(x)|`.
#[track_caller]
pub fn gammaln(x: impl ArrayLike) -> Array {
    lax::lgamma(inexact(x))
}

/// `jax.scipy.special.digamma(x)`: `Γ'(x) / Γ(x)`.
#[track_caller]
pub fn digamma(x: impl ArrayLike) -> Array {
    lax::digamma(inexact(x))
}

/// `xlogy`/`xlog1py`: `x * log_fn(y)`, and 0 where `x == 0` unless `y` is NaN.
#[track_caller]
fn x_log(x: &Array, y: &Array, log_fn: fn(&Array) -> Array) -> Array {
    let (x, y) = crate::numpy::inexact2(Operand::Array(x.clone()), Operand::Array(y.clone()));
    let x_ok = jnp::not_equal(&x, 0.0);
    let keep = jnp::logical_or(x_ok, jnp::isnan(&y));
    jnp::where_(keep, lax::mul(&x, log_fn(&y)), jnp::zeros_like(&x))
}

/// `xlogy`/`xlog1py` as JAX's `custom_jvp` functions: the tangent is
/// `x_dot * log_fn(y) + y_dot * x / shift(y)`, finite where `x == 0`.
#[track_caller]
fn x_log_custom(
    name: &str,
    jvp_name: &str,
    x: Operand,
    y: Operand,
    log_fn: fn(&Array) -> Array,
    shift: fn(&Array) -> Array,
) -> Array {
    let args = [x.into_array(), y.into_array()];
    crate::api::custom_jvp_call(
        name,
        jvp_name,
        &args,
        |a| vec![x_log(&a[0], &a[1], log_fn)],
        move |p, t| {
            let out = x_log(&p[0], &p[1], log_fn);
            let dx = lax::mul(&t[0], log_fn(&p[1]));
            let dy = lax::div(lax::mul(&t[1], &p[0]), shift(&p[1]));
            let tangent = lax::add(dx, dy);
            let tangent = if tangent.dtype() == out.dtype() {
                tangent
            } else {
                lax::convert_element_type(&tangent, out.dtype(), false)
            };
            (vec![out], vec![tangent])
        },
    )
    .remove(0)
}

/// `jax.scipy.special.xlogy(x, y)`: `x * log(y)`, 0 where `x == 0` (NaN `y` propagates).
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, scipy::special};
/// assert_eq!(special::xlogy(jnp::array([0.0]), 0.0).to_vec::<f32>(), vec![0.0]);
/// ```
#[track_caller]
pub fn xlogy(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    x_log_custom(
        "xlogy",
        "_xlogy_jvp",
        x.into_operand(),
        y.into_operand(),
        |y| lax::log(y),
        Array::clone,
    )
}

/// `jax.scipy.special.xlog1py(x, y)`: `x * log1p(y)`, 0 where `x == 0`.
#[track_caller]
pub fn xlog1py(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    x_log_custom(
        "xlog1py",
        "_xlog1py_jvp",
        x.into_operand(),
        y.into_operand(),
        |y| lax::log1p(y),
        |y| lax::add(konst(y, 1.0), y),
    )
}

/// special.py `_xlogx`: `xlogy(x, x)` with the tangent `x_dot * (log x + 1)`.
#[track_caller]
pub(crate) fn xlogx(x: &Array) -> Array {
    crate::api::custom_jvp_call(
        "_xlogx",
        "_xlogx_jvp",
        std::slice::from_ref(x),
        |a| vec![xlogy(&a[0], &a[0])],
        |p, t| {
            let out = xlogy(&p[0], &p[0]);
            let tangent = lax::mul(&t[0], lax::add(lax::log(&p[0]), konst(&p[0], 1.0)));
            (vec![out], vec![tangent])
        },
    )
    .remove(0)
}

/// `jax.scipy.special.entr(x)`: `-x log x` for `x >= 0` (0 at 0), `-inf` for `x < 0`.
#[track_caller]
pub fn entr(x: impl ArrayLike) -> Array {
    let x = inexact(x);
    let zero = crate::numpy::scalar_array(Scalar::Int(0), x.dtype(), false);
    let negative = lax::lt(&x, &zero);
    let minus_inf = full_like(&x, f64::NEG_INFINITY);
    lax::select(&negative, &minus_inf, &lax::neg(xlogx(&x)))
}

/// `lax._const(x, v)`: `v` as a strongly typed constant of `x`'s dtype.
fn konst(x: &Array, v: f64) -> Array {
    crate::numpy::scalar_array(Scalar::Float(v), x.dtype(), false)
}

/// `lax.full_like(x, v)`: a literal for a 0-d `x`, else its broadcast.
#[track_caller]
fn full_like(x: &Array, v: f64) -> Array {
    let c = crate::numpy::scalar_array(Scalar::Float(v), x.dtype(), false);
    if x.ndim() == 0 {
        c
    } else {
        lax::broadcast_in_dim(&c, x.shape(), &[])
    }
}

crate::keywords! {
    /// Keywords of `jax.scipy.special.logsumexp(a, axis=None, b=None, keepdims=False,
    /// return_sign=False, where=None)` (`return_sign=True` is [`logsumexp_with_sign`]).
    LogsumexpKw {
        /// `axis`: the axes summed over (default all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `b`: weights multiplying `exp(a)` (default none).
        b: Option<Operand> = None; (b: impl ArrayLike) => Some(b.into_operand()),
        /// `keepdims`: keep reduced axes as length-1 axes (default `false`).
        keepdims: bool = false; (keepdims: bool) => keepdims,
        /// `where`: a mask of the elements to include (default all).
        where_: Option<Operand> = None; (mask: impl ArrayLike) => Some(mask.into_operand()),
    }
}

/// `jax.scipy.special.logsumexp(a)`: `log(sum(exp(a)))` over all elements, computed from
/// `a - max(a)`. Keywords through [`logsumexp_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, scipy::special};
/// let y = special::logsumexp(jnp::array([0.0, 0.0]));
/// assert!((y.item::<f32>() - std::f32::consts::LN_2).abs() < 1e-6);
/// ```
#[track_caller]
pub fn logsumexp(a: impl ArrayLike) -> Array {
    logsumexp_with(a, |kw| kw)
}

/// `jax.scipy.special.logsumexp(a, axis=.., b=.., keepdims=.., where=..)`; with `b`, a
/// negative sum gives NaN.
#[track_caller]
pub fn logsumexp_with(a: impl ArrayLike, f: impl FnOnce(LogsumexpKw) -> LogsumexpKw) -> Array {
    let kw = crate::keywords::apply::<LogsumexpKw>(f);
    let weighted = kw.b.is_some();
    let (out, sign) = logsumexp_impl(a.into_operand(), kw);
    if weighted {
        jnp::where_(
            jnp::less(&sign, 0.0),
            crate::numpy::scalar_array(Scalar::Float(f64::NAN), out.dtype(), false),
            out,
        )
    } else {
        out
    }
}

/// `jax.scipy.special.logsumexp(a, .., return_sign=True)`: `(log|sum|, sign(sum))`.
#[track_caller]
pub fn logsumexp_with_sign(
    a: impl ArrayLike,
    f: impl FnOnce(LogsumexpKw) -> LogsumexpKw,
) -> (Array, Array) {
    logsumexp_impl(a.into_operand(), crate::keywords::apply::<LogsumexpKw>(f))
}

/// ops/special.py `logsumexp`.
#[track_caller]
fn logsumexp_impl(a: Operand, kw: LogsumexpKw) -> (Array, Array) {
    let where_ = kw.where_;
    let a = match &where_ {
        Some(w) => Operand::Array(jnp::where_(w.clone(), a, 0)),
        None => a,
    };
    let (a, b) = match kw.b {
        Some(b) => {
            let (a, b) = crate::numpy::inexact2(a, b);
            let a = jnp::where_(jnp::not_equal(&b, 0.0), &a, f64::NEG_INFINITY);
            (a, Some(b))
        }
        None => (inexact(a), None),
    };
    let nd = a.ndim();
    let pos_dims: Vec<isize> = match &kw.axis {
        Axes::All => (0..nd as isize).collect(),
        Axes::Some(v) => v
            .iter()
            .map(|&d| crate::shape::canonicalize_axis(d, nd) as isize)
            .collect(),
    };
    let axis = kw.axis.clone();
    let keepdims = kw.keepdims;
    let amax = jnp::max_with(&a, |k| {
        let k = k
            .axis(axis.clone())
            .keepdims(keepdims)
            .initial(f64::NEG_INFINITY);
        match &where_ {
            Some(w) => k.where_(w.clone()),
            None => k,
        }
    });
    let finite = lax::is_finite(&amax);
    let amax = lax::stop_gradient(lax::select(&finite, &amax, &full_like(&amax, 0.0)));
    let amax_with_dims = if keepdims {
        amax.clone()
    } else {
        lax::expand_dims(&amax, &pos_dims)
    };
    let mut exp_a = lax::exp(lax::sub(&a, &amax_with_dims));
    if let Some(b) = &b {
        exp_a = lax::mul(&exp_a, b);
    }
    let sumexp = jnp::sum_with(&exp_a, |k| {
        let k = k.axis(axis.clone()).keepdims(keepdims);
        match &where_ {
            Some(w) => k.where_(w.clone()),
            None => k,
        }
    });
    let sign = lax::sign(&sumexp);
    let out = lax::add(lax::log(lax::abs(&sumexp)), &amax);
    (out, sign)
}

crate::keywords! {
    /// Keywords of `jax.scipy.special.softmax(x, /, *, axis=None)` and `log_softmax`.
    SoftmaxKw {
        /// `axis`: the axes normalized over (default all, unlike `jax.nn`'s `-1`).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
    }
}

/// `jax.scipy.special.softmax(x)`: [`crate::nn::softmax`] over all axes. Keywords through
/// [`softmax_with`].
#[track_caller]
pub fn softmax(x: impl ArrayLike) -> Array {
    softmax_with(x, |kw| kw)
}

/// `jax.scipy.special.softmax(x, axis=..)`.
#[track_caller]
pub fn softmax_with(x: impl ArrayLike, f: impl FnOnce(SoftmaxKw) -> SoftmaxKw) -> Array {
    let axis = crate::keywords::apply::<SoftmaxKw>(f).axis;
    crate::nn::softmax_with(x, |kw| kw.axis(axis))
}

/// `jax.scipy.special.log_softmax(x)`: [`crate::nn::log_softmax`] over all axes.
#[track_caller]
pub fn log_softmax(x: impl ArrayLike) -> Array {
    log_softmax_with(x, |kw| kw)
}

/// `jax.scipy.special.log_softmax(x, axis=..)`.
#[track_caller]
pub fn log_softmax_with(x: impl ArrayLike, f: impl FnOnce(SoftmaxKw) -> SoftmaxKw) -> Array {
    let axis = crate::keywords::apply::<SoftmaxKw>(f).axis;
    crate::nn::log_softmax_with(x, |kw| kw.axis(axis))
}
