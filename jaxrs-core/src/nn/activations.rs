//! Activation functions: `relu`, `relu6`, `sigmoid`, `log_sigmoid`, `softplus`, `silu`
//! (`swish`), `gelu`, `elu`, `celu`, `selu`, `leaky_relu`, `hard_tanh`, `glu`.
//!
//! JAX counterpart: `jax/_src/nn/functions.py`. Each function emits JAX's primitives in
//! JAX's order, inside the same `jit[name=..]` as JAX's `@jax.jit`. `relu`, `relu6` and
//! the `logaddexp` inside `softplus` are `custom_jvp` functions in JAX; jaxrs has no custom
//! derivatives yet, so their jaxprs hold the forward body where JAX shows
//! `custom_jvp_call` around it.

use super::custom::defjvps1;
use crate::array::Array;
use crate::dtype::Scalar;
use crate::interpreters::jvp::full_like;
use crate::lax;
use crate::numpy::operand::{jax_jit, ArrayLike, Operand};
use crate::numpy::{self as jnp};

/// Runs `body` as a JAX `@jit` function of `x` and one parameter with a default: a
/// parameter the caller set is an argument of the jit (as a passed Python scalar is); the
/// default is a constant of the trace, as JAX's unpassed default is.
#[track_caller]
fn jit_with_param(
    name: &'static str,
    param_name: &'static str,
    x: Operand,
    param: Option<Operand>,
    default: f64,
    body: impl FnOnce(Operand, Operand) -> Array,
) -> Array {
    match param {
        None => jax_jit(name, &["x"], vec![x], |ops| {
            let x = ops.into_iter().next().expect("one operand");
            body(x, Operand::Scalar(Scalar::Float(default)))
        }),
        Some(p) => jax_jit(name, &["x", param_name], vec![x, p], |ops| {
            let [x, p]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
            body(x, p)
        }),
    }
}

/// Runs `body` as a JAX `@jit` function of `x` alone.
#[track_caller]
fn jit1(name: &'static str, x: Operand, body: impl FnOnce(Operand) -> Array) -> Array {
    jax_jit(name, &["x"], vec![x], |ops| {
        body(ops.into_iter().next().expect("one operand"))
    })
}

/// `jax.nn.relu(x)`: `max(x, 0)`.
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// let y = nn::relu(jnp::array([-1.0, 0.0, 2.0]));
/// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0, 2.0]);
/// ```
#[track_caller]
pub fn relu(x: impl ArrayLike) -> Array {
    defjvps1(
        "relu",
        x.into_operand().into_array(),
        relu_jit,
        |g, _, x| {
            // The derivative at 0 is 0 (JAX's choice, which `max`'s own rule would not make).
            lax::select(&jnp::greater(x, 0), g, &full_like(g, 0.0))
        },
    )
}

/// The body of `relu`: JAX's `@jit`-wrapped function inside the `custom_jvp`.
#[track_caller]
fn relu_jit(x: &Array) -> Array {
    jit1("relu", Operand::Array(x.clone()), |x| jnp::maximum(x, 0))
}

/// `jax.nn.relu6(x)`: `min(max(x, 0), 6)`, whose derivative is 0 at 0 and at 6.
#[track_caller]
pub fn relu6(x: impl ArrayLike) -> Array {
    defjvps1(
        "relu6",
        x.into_operand().into_array(),
        relu6_jit,
        |g, _, x| {
            let inside = jnp::logical_and(jnp::greater(x, 0), jnp::less(x, 6.0));
            lax::select(&inside, g, &full_like(g, 0.0))
        },
    )
}

/// The body of `relu6` inside its `custom_jvp`.
#[track_caller]
fn relu6_jit(x: &Array) -> Array {
    jit1("relu6", Operand::Array(x.clone()), |x| {
        jnp::minimum(jnp::maximum(x, 0), 6.0)
    })
}

/// `jax.nn.sigmoid(x)`: `1 / (1 + exp(-x))` (`lax.logistic`).
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// assert_eq!(nn::sigmoid(jnp::array([0.0])).to_vec::<f32>(), vec![0.5]);
/// ```
#[track_caller]
pub fn sigmoid(x: impl ArrayLike) -> Array {
    lax::logistic(x)
}

/// `jax.nn.softplus(x)`: `log(1 + exp(x))`, as `logaddexp(x, 0)`.
#[track_caller]
pub fn softplus(x: impl ArrayLike) -> Array {
    jit1("softplus", x.into_operand(), |x| jnp::logaddexp(x, 0))
}

/// `jax.nn.log_sigmoid(x)`: `-softplus(-x)`.
#[track_caller]
pub fn log_sigmoid(x: impl ArrayLike) -> Array {
    jit1("log_sigmoid", x.into_operand(), |x| {
        jnp::negative(softplus(jnp::negative(x)))
    })
}

/// `jax.nn.silu(x)` (also `swish`): `x * sigmoid(x)`.
#[track_caller]
pub fn silu(x: impl ArrayLike) -> Array {
    jit1("silu", x.into_operand(), |x| {
        let x = x.into_array();
        jnp::multiply(&x, sigmoid(&x))
    })
}

/// `jax.nn.swish(x)`: the same function as [`silu`].
#[track_caller]
pub fn swish(x: impl ArrayLike) -> Array {
    silu(x)
}

crate::keywords! {
    /// Keywords of `jax.nn.gelu(x, approximate=True)`.
    GeluKw {
        /// `approximate`: the tanh form (default `true`); `false` is the exact `erfc` form.
        approximate: bool = true; (approximate: bool) => approximate,
    }
}

/// `jax.nn.gelu(x)`: the tanh approximation of the Gaussian error linear unit,
/// `x/2 * (1 + tanh(sqrt(2/π) * (x + 0.044715 x³)))`. Keywords through [`gelu_with`].
#[track_caller]
pub fn gelu(x: impl ArrayLike) -> Array {
    gelu_with(x, |kw| kw)
}

/// `jax.nn.gelu(x, approximate=..)`; the exact form is `x/2 * erfc(-x / sqrt(2))`.
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// let y = nn::gelu_with(jnp::array([0.0]), |kw| kw.approximate(false));
/// assert_eq!(y.to_vec::<f32>(), vec![0.0]);
/// ```
#[track_caller]
pub fn gelu_with(x: impl ArrayLike, f: impl FnOnce(GeluKw) -> GeluKw) -> Array {
    let kw = crate::keywords::apply::<GeluKw>(f);
    let x = crate::numpy::ufuncs::promote_args_inexact(vec![x.into_operand()]).remove(0);
    let dtype = x.dtype();
    // NumPy scalars of x's dtype in JAX: strongly typed constants.
    let konst = |v: f64| crate::numpy::scalar_array(Scalar::Float(v), dtype, false);
    if kw.approximate {
        let sqrt_2_over_pi = konst((2.0 / std::f64::consts::PI).sqrt());
        let cubic = jnp::multiply(0.044715, lax::integer_pow(&x, 3));
        let inner = jnp::multiply(&sqrt_2_over_pi, jnp::add(&x, cubic));
        let cdf = jnp::multiply(0.5, jnp::add(1.0, jnp::tanh(inner)));
        jnp::multiply(&x, cdf)
    } else {
        let sqrt_half = konst(0.5f64.sqrt());
        let half_x = jnp::multiply(0.5, &x);
        let e = lax::erfc(jnp::multiply(jnp::negative(&x), &sqrt_half));
        lax::copy(&jnp::multiply(half_x, e))
    }
}

crate::keywords! {
    /// Keywords of `jax.nn.elu(x, alpha=1.0)` and `jax.nn.celu(x, alpha=1.0)`.
    EluKw {
        /// `alpha`: the scale of the negative part (default `1.0`).
        alpha: Option<Operand> = None; (alpha: impl ArrayLike) => Some(alpha.into_operand()),
    }
}

/// Keywords of `jax.nn.celu` ([`EluKw`]).
pub type CeluKw = EluKw;

/// `jax.nn.elu(x)`: `x` where positive, `alpha * (exp(x) - 1)` elsewhere. Keywords through
/// [`elu_with`].
#[track_caller]
pub fn elu(x: impl ArrayLike) -> Array {
    elu_with(x, |kw| kw)
}

/// `jax.nn.elu(x, alpha=..)`.
#[track_caller]
pub fn elu_with(x: impl ArrayLike, f: impl FnOnce(EluKw) -> EluKw) -> Array {
    let kw = crate::keywords::apply::<EluKw>(f);
    jit_with_param(
        "elu",
        "alpha",
        x.into_operand(),
        kw.alpha,
        1.0,
        |x, alpha| {
            let x = x.into_array();
            let positive = jnp::greater(&x, 0);
            let safe = jnp::where_(jnp::greater(&x, 0), 0.0, &x);
            let negative = jnp::multiply(alpha, jnp::expm1(safe));
            jnp::where_(positive, &x, negative)
        },
    )
}

/// `jax.nn.celu(x)`: `max(x, 0) + alpha * expm1(min(x, 0) / alpha)`. Keywords through
/// [`celu_with`].
#[track_caller]
pub fn celu(x: impl ArrayLike) -> Array {
    celu_with(x, |kw| kw)
}

/// `jax.nn.celu(x, alpha=..)`.
#[track_caller]
pub fn celu_with(x: impl ArrayLike, f: impl FnOnce(CeluKw) -> CeluKw) -> Array {
    let kw = crate::keywords::apply::<CeluKw>(f);
    jit_with_param(
        "celu",
        "alpha",
        x.into_operand(),
        kw.alpha,
        1.0,
        |x, alpha| {
            let x = x.into_array();
            let pos = jnp::maximum(&x, 0.0);
            let scaled = jnp::divide(jnp::minimum(&x, 0.0), alpha.clone());
            jnp::add(pos, jnp::multiply(alpha, jnp::expm1(scaled)))
        },
    )
}

/// `jax.nn.selu(x)`: `scale * elu(x, alpha)` with the self-normalizing constants
/// `alpha = 1.6732632…`, `scale = 1.0507009…`.
#[track_caller]
pub fn selu(x: impl ArrayLike) -> Array {
    const ALPHA: f64 = 1.673_263_242_354_377_3;
    const SCALE: f64 = 1.050_700_987_355_480_5;
    jit1("selu", x.into_operand(), |x| {
        jnp::multiply(SCALE, elu_with(x, |kw| kw.alpha(ALPHA)))
    })
}

crate::keywords! {
    /// Keywords of `jax.nn.leaky_relu(x, negative_slope=0.01)`.
    LeakyReluKw {
        /// `negative_slope`: the slope below zero (default `0.01`).
        negative_slope: Option<Operand> = None; (slope: impl ArrayLike) => Some(slope.into_operand()),
    }
}

/// `jax.nn.leaky_relu(x)`: `x` where `x >= 0`, `0.01 * x` elsewhere. Keywords through
/// [`leaky_relu_with`].
#[track_caller]
pub fn leaky_relu(x: impl ArrayLike) -> Array {
    leaky_relu_with(x, |kw| kw)
}

/// `jax.nn.leaky_relu(x, negative_slope=..)`.
#[track_caller]
pub fn leaky_relu_with(x: impl ArrayLike, f: impl FnOnce(LeakyReluKw) -> LeakyReluKw) -> Array {
    let kw = crate::keywords::apply::<LeakyReluKw>(f);
    let slope = kw.negative_slope;
    jit_with_param(
        "leaky_relu",
        "negative_slope",
        x.into_operand(),
        slope,
        1e-2,
        |x, s| {
            let x = x.into_array();
            let keep = jnp::greater_equal(&x, 0);
            jnp::where_(keep, &x, jnp::multiply(s, &x))
        },
    )
}

/// `jax.nn.hard_tanh(x)`: `x` clipped to `[-1, 1]`.
#[track_caller]
pub fn hard_tanh(x: impl ArrayLike) -> Array {
    jit1("hard_tanh", x.into_operand(), |x| {
        let x = x.into_array();
        let above = jnp::greater(&x, 1);
        let below = jnp::less(&x, -1);
        jnp::where_(above, 1, jnp::where_(below, -1, &x))
    })
}

crate::keywords! {
    /// Keywords of `jax.nn.glu(x, axis=-1)`.
    GluKw {
        /// `axis`: the axis split in two halves (default `-1`).
        axis: i64 = -1; (axis: i64) => axis,
    }
}

/// `jax.nn.glu(x)`: the gated linear unit `a * sigmoid(b)` of the two halves `a, b` of the
/// last axis. Keywords through [`glu_with`].
///
/// # Panics
/// `axis size must be divisible by 2` (JAX's assertion) for an odd axis.
#[track_caller]
pub fn glu(x: impl ArrayLike) -> Array {
    glu_with(x, |kw| kw)
}

/// `jax.nn.glu(x, axis=..)`.
#[track_caller]
pub fn glu_with(x: impl ArrayLike, f: impl FnOnce(GluKw) -> GluKw) -> Array {
    let axis = crate::keywords::apply::<GluKw>(f).axis;
    let x = x.into_operand();
    let ax = crate::shape::canonicalize_axis(axis as isize, x.shape().len());
    if !x.shape()[ax].is_multiple_of(2) {
        panic!("axis size must be divisible by 2");
    }
    jit1("glu", x, |x| {
        let halves = jnp::split_with(x, 2usize, |kw| kw.axis(axis));
        jnp::multiply(&halves[0], sigmoid(&halves[1]))
    })
}

/// `jax.nn.identity(x)`: `x` itself (inside JAX's `jit[name=identity]`).
#[track_caller]
pub fn identity(x: impl ArrayLike) -> Array {
    jit1("identity", x.into_operand(), Operand::into_array)
}

/// `jax.nn.tanh(x)`: the same function as [`jnp::tanh`](crate::numpy::tanh).
#[track_caller]
pub fn tanh(x: impl ArrayLike) -> Array {
    jnp::tanh(x)
}

/// `jax.nn.hard_sigmoid(x)`: `relu6(x + 3) / 6`.
#[track_caller]
pub fn hard_sigmoid(x: impl ArrayLike) -> Array {
    jit1("hard_sigmoid", x.into_operand(), |x| {
        jnp::divide(relu6(jnp::add(x, 3.0)), 6.0)
    })
}

/// `jax.nn.hard_silu(x)` (also `hard_swish`): `x * hard_sigmoid(x)`.
#[track_caller]
pub fn hard_silu(x: impl ArrayLike) -> Array {
    jit1("hard_silu", x.into_operand(), |x| {
        let x = x.into_array();
        jnp::multiply(&x, hard_sigmoid(&x))
    })
}

/// `jax.nn.hard_swish(x)`: the same function as [`hard_silu`].
#[track_caller]
pub fn hard_swish(x: impl ArrayLike) -> Array {
    hard_silu(x)
}

/// `jax.nn.soft_sign(x)`: `x / (|x| + 1)`.
#[track_caller]
pub fn soft_sign(x: impl ArrayLike) -> Array {
    jit1("soft_sign", x.into_operand(), |x| {
        let x = x.into_array();
        jnp::divide(&x, jnp::add(jnp::abs(&x), 1))
    })
}

/// `jax.nn.mish(x)`: `x * tanh(softplus(x))`.
#[track_caller]
pub fn mish(x: impl ArrayLike) -> Array {
    jit1("mish", x.into_operand(), |x| {
        let x = x.into_array();
        jnp::multiply(&x, jnp::tanh(softplus(&x)))
    })
}

crate::keywords! {
    /// Keywords of `jax.nn.squareplus(x, b=4)`.
    SquareplusKw {
        /// `b`: the smoothness near zero (default `4`).
        b: Option<Operand> = None; (b: impl ArrayLike) => Some(b.into_operand()),
    }
}

/// `jax.nn.squareplus(x)`: `(x + sqrt(x² + 4)) / 2`, a smooth ReLU. Keywords through
/// [`squareplus_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// assert_eq!(nn::squareplus(jnp::array([0.0])).to_vec::<f32>(), vec![1.0]);
/// ```
#[track_caller]
pub fn squareplus(x: impl ArrayLike) -> Array {
    squareplus_with(x, |kw| kw)
}

/// `jax.nn.squareplus(x, b=..)`: `(x + sqrt(x² + b)) / 2`.
#[track_caller]
pub fn squareplus_with(x: impl ArrayLike, f: impl FnOnce(SquareplusKw) -> SquareplusKw) -> Array {
    let kw = crate::keywords::apply::<SquareplusKw>(f);
    jit_with_param("squareplus", "b", x.into_operand(), kw.b, 4.0, |x, b| {
        let x = x.into_array();
        let y = jnp::add(&x, jnp::sqrt(jnp::add(jnp::square(&x), b)));
        jnp::divide(y, 2)
    })
}

/// `jax.nn.sparse_plus(x)`: 0 for `x <= -1`, `x` for `x >= 1`, `(x + 1)² / 4` between.
#[track_caller]
pub fn sparse_plus(x: impl ArrayLike) -> Array {
    jit1("sparse_plus", x.into_operand(), |x| {
        let x = x.into_array();
        let below = jnp::less_equal(&x, -1.0);
        let above = jnp::greater_equal(&x, 1.0);
        let middle = jnp::divide(lax::integer_pow(&jnp::add(&x, 1.0), 2), 4);
        jnp::where_(below, 0.0, jnp::where_(above, &x, middle))
    })
}

/// `jax.nn.sparse_sigmoid(x)`: `clip(x + 1, 0, 2) / 2`, the derivative of
/// [`sparse_plus`].
#[track_caller]
pub fn sparse_sigmoid(x: impl ArrayLike) -> Array {
    jit1("sparse_sigmoid", x.into_operand(), |x| {
        let shifted = jnp::add(x, 1.0);
        jnp::multiply(0.5, jnp::clip_with(shifted, |kw| kw.min(0.0).max(2.0)))
    })
}

/// `jax.nn.log1mexp(x)`: `log(1 - exp(-x))` for `x >= 0`, from `expm1` below `log 2` and
/// `log1p` above (Mächler's split); a `custom_jvp` function with derivative
/// `1 / expm1(x)`.
#[track_caller]
pub fn log1mexp(x: impl ArrayLike) -> Array {
    defjvps1(
        "log1mexp",
        x.into_operand().into_array(),
        log1mexp_jit,
        |g, _, x| jnp::divide(g, jnp::expm1(x)),
    )
}

/// The body of `log1mexp` inside its `custom_jvp`.
#[track_caller]
fn log1mexp_jit(x: &Array) -> Array {
    jit1("log1mexp", Operand::Array(x.clone()), |x| {
        let x = x.into_array();
        // `jnp.log(2.0)` of a Python float: a strongly typed float result.
        let c = jnp::log(2.0);
        let c = lax::convert_element_type(&c, c.dtype(), false);
        let small = jnp::less(&x, &c);
        let near = jnp::log(jnp::negative(jnp::expm1(jnp::negative(&x))));
        let far = jnp::log1p(jnp::negative(jnp::exp(jnp::negative(&x))));
        jnp::where_(small, near, far)
    })
}
