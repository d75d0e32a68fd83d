//! Normalizing functions: `softmax`, `log_softmax`, `standardize`, and `one_hot`.
//!
//! JAX counterpart: `jax/_src/nn/functions.py`. `softmax` is JAX's default
//! (`jax_softmax_custom_jvp=False`) form: the maximum passes through `stop_gradient`.

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::{jax_jit, ArrayLike, Operand};
use crate::numpy::{self as jnp, Axes, IntoAxes};

crate::keywords! {
    /// Keywords of `jax.nn.softmax(x, axis=-1, where=None)` and `jax.nn.log_softmax`.
    SoftmaxKw {
        /// `axis`: the axes normalized over (default `-1`).
        axis: Axes = Axes::Some(vec![-1]); (axis: impl IntoAxes) => axis.into_axes(),
        /// `where`: a mask; masked-out elements get 0 (`softmax`) or `-inf` (`log_softmax`).
        where_: Option<Operand> = None; (mask: impl ArrayLike) => Some(mask.into_operand()),
    }
}

/// Keywords of `jax.nn.log_softmax` ([`SoftmaxKw`]).
pub type LogSoftmaxKw = SoftmaxKw;

/// `jax.nn.softmax(x)`: `exp(x) / sum(exp(x))` along the last axis, computed from
/// `x - max(x)`. Keywords through [`softmax_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// let p = nn::softmax(jnp::array([0.0, 0.0]));
/// assert_eq!(p.to_vec::<f32>(), vec![0.5, 0.5]);
/// ```
#[track_caller]
pub fn softmax(x: impl ArrayLike) -> Array {
    softmax_with(x, |kw| kw)
}

/// `jax.nn.softmax(x, axis=.., where=..)`.
#[track_caller]
pub fn softmax_with(x: impl ArrayLike, f: impl FnOnce(SoftmaxKw) -> SoftmaxKw) -> Array {
    let kw = crate::keywords::apply::<SoftmaxKw>(f);
    let x = x.into_operand().into_array();
    let initial = f64::NEG_INFINITY;
    let where_ = kw.where_;
    let axis = kw.axis;
    let x_max = jnp::max_with(&x, |k| {
        let k = k.axis(axis.clone()).initial(initial).keepdims(true);
        match &where_ {
            Some(w) => k.where_(w.clone()),
            None => k,
        }
    });
    let x_safe = match &where_ {
        Some(w) => jnp::where_(w.clone(), &x, initial),
        None => x,
    };
    let unnormalized = jnp::exp(jnp::subtract(x_safe, lax::stop_gradient(x_max)));
    let total = jnp::sum_with(&unnormalized, |k| {
        let k = k.axis(axis.clone()).keepdims(true);
        match &where_ {
            Some(w) => k.where_(w.clone()),
            None => k,
        }
    });
    let result = jnp::divide(unnormalized, total);
    match where_ {
        Some(w) => jnp::where_(w, result, 0),
        None => result,
    }
}

/// `jax.nn.log_softmax(x)`: `x - logsumexp(x)` along the last axis. Keywords through
/// [`log_softmax_with`].
#[track_caller]
pub fn log_softmax(x: impl ArrayLike) -> Array {
    log_softmax_with(x, |kw| kw)
}

/// `jax.nn.log_softmax(x, axis=.., where=..)`.
#[track_caller]
pub fn log_softmax_with(x: impl ArrayLike, f: impl FnOnce(LogSoftmaxKw) -> LogSoftmaxKw) -> Array {
    let kw = crate::keywords::apply::<LogSoftmaxKw>(f);
    let axis = kw.axis;
    let mut operands = vec![x.into_operand()];
    let masked = kw.where_.is_some();
    operands.extend(kw.where_);
    let names: &[&str] = if masked { &["x", "where"] } else { &["x"] };
    // JAX: jit(log_softmax, static_argnames=("axis",)).
    jax_jit("log_softmax", names, operands, move |ops| {
        let mut ops = ops.into_iter();
        let x = ops.next().expect("x").into_array();
        let where_ = ops.next();
        let initial = f64::NEG_INFINITY;
        let x_max = jnp::max_with(&x, |k| {
            let k = k.axis(axis.clone()).initial(initial).keepdims(true);
            match &where_ {
                Some(w) => k.where_(w.clone()),
                None => k,
            }
        });
        let x_safe = match &where_ {
            Some(w) => jnp::where_(w.clone(), &x, initial),
            None => x,
        };
        let shifted = jnp::subtract(x_safe, lax::stop_gradient(x_max));
        let total = jnp::sum_with(jnp::exp(&shifted), |k| {
            let k = k.axis(axis.clone()).keepdims(true);
            match &where_ {
                Some(w) => k.where_(w.clone()),
                None => k,
            }
        });
        let result = jnp::subtract(shifted, jnp::log(total));
        match where_ {
            Some(w) => jnp::where_(w, result, initial),
            None => result,
        }
    })
}

crate::keywords! {
    /// Keywords of `jax.nn.standardize(x, axis=-1, mean=None, variance=None,
    /// epsilon=1e-5)`.
    StandardizeKw {
        /// `axis`: the axes to standardize over (default `-1`).
        axis: Axes = Axes::Some(vec![-1]); (axis: impl IntoAxes) => axis.into_axes(),
        /// `mean`: a precomputed mean (default: computed along `axis`).
        mean: Option<Operand> = None; (mean: impl ArrayLike) => Some(mean.into_operand()),
        /// `variance`: a precomputed variance (default: computed along `axis`).
        variance: Option<Operand> = None; (variance: impl ArrayLike) => Some(variance.into_operand()),
        /// `epsilon`: added to the variance (default `1e-5`).
        epsilon: Option<Operand> = None; (epsilon: impl ArrayLike) => Some(epsilon.into_operand()),
    }
}

/// `jax.nn.standardize(x)`: `(x - mean) / sqrt(variance + 1e-5)` along the last axis, the
/// variance as `mean(x²) - mean(x)²` clipped at 0 (JAX's default `"fast"` algorithm).
/// Keywords through [`standardize_with`].
#[track_caller]
pub fn standardize(x: impl ArrayLike) -> Array {
    standardize_with(x, |kw| kw)
}

/// `jax.nn.standardize(x, axis=.., mean=.., variance=.., epsilon=..)`.
#[track_caller]
pub fn standardize_with(
    x: impl ArrayLike,
    f: impl FnOnce(StandardizeKw) -> StandardizeKw,
) -> Array {
    let kw = crate::keywords::apply::<StandardizeKw>(f);
    let axis = kw.axis;
    let mut names = vec!["x"];
    let mut operands = vec![x.into_operand()];
    let (has_mean, has_var) = (kw.mean.is_some(), kw.variance.is_some());
    if let Some(m) = kw.mean {
        names.push("mean");
        operands.push(m);
    }
    if let Some(v) = kw.variance {
        names.push("variance");
        operands.push(v);
    }
    // A passed epsilon is an argument of JAX's jit; the default is a constant of the trace.
    let has_eps = kw.epsilon.is_some();
    if let Some(e) = kw.epsilon {
        names.push("epsilon");
        operands.push(e);
    }
    jax_jit("standardize", &names, operands, move |ops| {
        let mut ops = ops.into_iter();
        let x = ops.next().expect("x").into_array();
        let mean = if has_mean {
            ops.next().expect("mean").into_array()
        } else {
            jnp::mean_with(&x, |k| k.axis(axis.clone()).keepdims(true))
        };
        let variance = if has_var {
            ops.next().expect("variance").into_array()
        } else {
            let sq = jnp::mean_with(jnp::square(&x), |k| k.axis(axis.clone()).keepdims(true));
            jnp::clip_with(jnp::subtract(sq, jnp::square(&mean)), |k| k.min(0))
        };
        let eps = if has_eps {
            ops.next().expect("epsilon")
        } else {
            Operand::Scalar(crate::dtype::Scalar::Float(1e-5))
        };
        jnp::multiply(
            jnp::subtract(&x, &mean),
            lax::rsqrt(jnp::add(variance, eps)),
        )
    })
}

crate::keywords! {
    /// Keywords of `jax.nn.one_hot(x, num_classes, *, dtype=float32, axis=-1)`.
    OneHotKw {
        /// `dtype`: the result dtype (default `float32`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
        /// `axis`: where the class axis goes (default `-1`, last).
        axis: i64 = -1; (axis: i64) => axis,
    }
}

/// `jax.nn.one_hot(x, num_classes)`: `x[..., None] == arange(num_classes)` as `float32`;
/// out-of-range classes give all-zero rows. Keywords through [`one_hot_with`].
///
/// # Panics
/// For a non-integer `x`: `jax.nn.one_hot is not supported for non-integer input of type
/// float32. Consider converting x to an integer type first.`
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// let y = nn::one_hot(jnp::array([0, 2]), 3);
/// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
/// ```
#[track_caller]
pub fn one_hot(x: impl ArrayLike, num_classes: usize) -> Array {
    one_hot_with(x, num_classes, |kw| kw)
}

/// `jax.nn.one_hot(x, num_classes, dtype=.., axis=..)`.
#[track_caller]
pub fn one_hot_with(
    x: impl ArrayLike,
    num_classes: usize,
    f: impl FnOnce(OneHotKw) -> OneHotKw,
) -> Array {
    let kw = crate::keywords::apply::<OneHotKw>(f);
    let x = x.into_operand().into_array();
    if !x.dtype().is_integer() && x.dtype() != DType::Bool {
        panic!(
            "jax.nn.one_hot is not supported for non-integer input of type {}. Consider \
             converting x to an integer type first.",
            x.dtype()
        );
    }
    let dtype = kw.dtype.canonicalize();
    let out_axis = crate::shape::canonicalize_axis(kw.axis as isize, x.ndim() + 1);
    crate::api::jit_call("_one_hot", std::slice::from_ref(&x), |a| {
        let x = &a[0];
        let lhs = lax::expand_dims(x, &[out_axis as isize]);
        let mut rhs_shape = vec![1; x.ndim()];
        rhs_shape.insert(out_axis, num_classes);
        let rhs = lax::broadcasted_iota(x.dtype(), &rhs_shape, out_axis);
        vec![lax::convert_element_type(
            &lax::eq(&lhs, &rhs),
            dtype,
            false,
        )]
    })
    .remove(0)
}

crate::keywords! {
    /// Keywords of `jax.nn.logmeanexp(x, axis=None, where=None, keepdims=False)`.
    LogmeanexpKw {
        /// `axis`: the axes reduced (default all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `where`: a mask of the elements included (default all).
        where_: Option<Operand> = None; (mask: impl ArrayLike) => Some(mask.into_operand()),
        /// `keepdims`: keep reduced axes as length-1 axes (default `false`).
        keepdims: bool = false; (keepdims: bool) => keepdims,
    }
}

/// `jax.nn.logmeanexp(x)`: `logsumexp(x) - log(n)`, the log of the mean of `exp(x)` over
/// all elements. Keywords through [`logmeanexp_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::{nn, numpy as jnp};
/// assert_eq!(nn::logmeanexp(jnp::array([1.0, 1.0])).item::<f32>(), 1.0);
/// ```
#[track_caller]
pub fn logmeanexp(x: impl ArrayLike) -> Array {
    logmeanexp_with(x, |kw| kw)
}

/// `jax.nn.logmeanexp(x, axis=.., where=.., keepdims=..)`; `n` counts the elements
/// `where` keeps.
#[track_caller]
pub fn logmeanexp_with(x: impl ArrayLike, f: impl FnOnce(LogmeanexpKw) -> LogmeanexpKw) -> Array {
    let kw = crate::keywords::apply::<LogmeanexpKw>(f);
    let (axis, keepdims) = (kw.axis, kw.keepdims);
    let (names, operands): (&[&str], Vec<Operand>) = match kw.where_ {
        None => (&["x"], vec![x.into_operand()]),
        Some(w) => (&["x", "where"], vec![x.into_operand(), w]),
    };
    jax_jit("logmeanexp", names, operands, move |ops| {
        let mut ops = ops.into_iter();
        let x = ops.next().expect("x").into_array();
        let where_ = ops.next();
        let lse = crate::scipy::special::logsumexp_with(&x, |k| {
            let k = k.axis(axis.clone()).keepdims(keepdims);
            match &where_ {
                Some(w) => k.where_(w.clone()),
                None => k,
            }
        });
        let count = match where_ {
            // reductions.py `_count`: the number of elements, a constant of lse's dtype.
            None => {
                let n: usize = match &axis {
                    Axes::All => x.shape().iter().product(),
                    Axes::Some(v) => v
                        .iter()
                        .map(|&d| x.shape()[crate::shape::canonicalize_axis(d, x.ndim())])
                        .product(),
                };
                crate::numpy::scalar_array(
                    crate::dtype::Scalar::Float(n as f64),
                    lse.dtype(),
                    false,
                )
            }
            Some(w) => {
                let mask = jnp::broadcast_to(w, x.shape());
                let dtype = lse.dtype();
                jnp::sum_with(mask, |k| k.axis(axis).dtype(dtype).keepdims(keepdims))
            }
        };
        jnp::subtract(lse, jnp::log(count))
    })
}
