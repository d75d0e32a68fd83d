//! Order statistics: `quantile`, `percentile`, `median` and their NaN-ignoring twins.
//!
//! JAX counterpart: `jax/_src/numpy/reductions.py` (`_quantile`). The arithmetic is
//! JAX's, operation for operation in the same dtypes (`q * (n - 1)`, `floor`/`ceil`,
//! the weights `q - low` and `1 - (q - low)`, `low * wl + high * wh`), so the values are
//! JAX's bits. The picking of the two neighbours is one `take_along_axis` on the sorted
//! array rather than JAX's hand-written `gather`, so the jaxpr differs (listed in the
//! README's deliberate differences).

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::reductions::{Axes, IntoAxes};
use crate::numpy::ufuncs::{const_like, promote_args_inexact};
use crate::numpy::{self as jnp};
use crate::shape::canonicalize_axis;

crate::keywords! {
    /// Keywords of `jnp.quantile(a, q, axis=None, method='linear', keepdims=False)` and of
    /// `percentile`, `nanquantile`, `nanpercentile` (`median`/`nanmedian` take `axis` and
    /// `keepdims`; their method is `'midpoint'`).
    QuantileKw {
        /// `axis`: the axis or axes (default all: the flattened array).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `method`: `"linear"` (default), `"lower"`, `"higher"`, `"midpoint"` or `"nearest"`.
        method: String = "linear".into(); (method: &str) => method.into(),
        /// `keepdims`: keep the reduced axes as length-1 axes (default `false`).
        keepdims: bool = false; (keepdims: bool) => keepdims,
    }
}

/// Keywords of `jnp.median(a, axis=None, keepdims=False)` ([`QuantileKw`]; its `method`
/// is ignored: the median is the `'midpoint'` quantile 0.5).
pub type MedianKw = QuantileKw;

/// `jnp.quantile(a, q)`: the `q`-th quantiles (`q` in `[0, 1]`, a scalar or 1-d) of the
/// flattened `a`, linearly interpolated. Keywords through [`quantile_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let q = jnp::quantile(jnp::array([1.0, 3.0, 2.0, 4.0]), 0.5);
/// assert_eq!(q.item::<f32>(), 2.5);
/// ```
#[track_caller]
pub fn quantile(a: impl ArrayLike, q: impl ArrayLike) -> Array {
    quantile_with(a, q, |kw| kw)
}

/// `jnp.quantile(a, q, axis=.., method=.., keepdims=..)`.
///
/// # Panics
/// `method can only be 'linear', 'lower', 'higher', 'midpoint', 'nearest' or
/// 'inverted_cdf'` (`inverted_cdf` is not offered yet); `q must be have rank <= 1, got shape
/// (2, 2)`; `repeated axis`.
#[track_caller]
pub fn quantile_with(
    a: impl ArrayLike,
    q: impl ArrayLike,
    f: impl FnOnce(QuantileKw) -> QuantileKw,
) -> Array {
    let kw = crate::keywords::apply::<QuantileKw>(f);
    quantile_impl(
        "quantile",
        a.into_operand(),
        q.into_operand(),
        &kw,
        false,
        false,
    )
}

/// `jnp.percentile(a, q)`: [`quantile`] of `q / 100`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let p = jnp::percentile(jnp::array([1.0, 2.0, 3.0, 4.0, 5.0]), 25.0);
/// assert_eq!(p.item::<f32>(), 2.0);
/// ```
#[track_caller]
pub fn percentile(a: impl ArrayLike, q: impl ArrayLike) -> Array {
    percentile_with(a, q, |kw| kw)
}

/// `jnp.percentile(a, q, axis=.., method=.., keepdims=..)`.
#[track_caller]
pub fn percentile_with(
    a: impl ArrayLike,
    q: impl ArrayLike,
    f: impl FnOnce(QuantileKw) -> QuantileKw,
) -> Array {
    let kw = crate::keywords::apply::<QuantileKw>(f);
    quantile_impl("percentile", a.into_operand(), percent(q), &kw, false, true)
}

/// `jnp.nanquantile(a, q)`: [`quantile`] ignoring NaNs (NaN where a slice is all NaN).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let q = jnp::nanquantile(jnp::array([1.0, f32::NAN, 3.0]), 0.5);
/// assert_eq!(q.item::<f32>(), 2.0);
/// ```
#[track_caller]
pub fn nanquantile(a: impl ArrayLike, q: impl ArrayLike) -> Array {
    nanquantile_with(a, q, |kw| kw)
}

/// `jnp.nanquantile(a, q, axis=.., method=.., keepdims=..)`.
#[track_caller]
pub fn nanquantile_with(
    a: impl ArrayLike,
    q: impl ArrayLike,
    f: impl FnOnce(QuantileKw) -> QuantileKw,
) -> Array {
    let kw = crate::keywords::apply::<QuantileKw>(f);
    quantile_impl(
        "nanquantile",
        a.into_operand(),
        q.into_operand(),
        &kw,
        true,
        false,
    )
}

/// `jnp.nanpercentile(a, q)`: [`percentile`] ignoring NaNs.
#[track_caller]
pub fn nanpercentile(a: impl ArrayLike, q: impl ArrayLike) -> Array {
    nanpercentile_with(a, q, |kw| kw)
}

/// `jnp.nanpercentile(a, q, axis=.., method=.., keepdims=..)`.
#[track_caller]
pub fn nanpercentile_with(
    a: impl ArrayLike,
    q: impl ArrayLike,
    f: impl FnOnce(QuantileKw) -> QuantileKw,
) -> Array {
    let kw = crate::keywords::apply::<QuantileKw>(f);
    quantile_impl(
        "nanpercentile",
        a.into_operand(),
        percent(q),
        &kw,
        true,
        true,
    )
}

/// `jnp.median(a)`: the middle value of the flattened `a` (the mean of the two middle ones
/// for an even count). Keywords through [`median_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::median(jnp::array([3, 1, 2, 8])).item::<f32>(), 2.5);
/// ```
#[track_caller]
pub fn median(a: impl ArrayLike) -> Array {
    median_with(a, |kw| kw)
}

/// `jnp.median(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn median_with(a: impl ArrayLike, f: impl FnOnce(MedianKw) -> MedianKw) -> Array {
    let kw = crate::keywords::apply::<MedianKw>(f).method("midpoint");
    quantile_impl(
        "median",
        a.into_operand(),
        0.5.into_operand(),
        &kw,
        false,
        false,
    )
}

/// `jnp.nanmedian(a)`: [`median`] ignoring NaNs.
#[track_caller]
pub fn nanmedian(a: impl ArrayLike) -> Array {
    nanmedian_with(a, |kw| kw)
}

/// `jnp.nanmedian(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn nanmedian_with(a: impl ArrayLike, f: impl FnOnce(MedianKw) -> MedianKw) -> Array {
    let kw = crate::keywords::apply::<MedianKw>(f).method("midpoint");
    quantile_impl(
        "nanmedian",
        a.into_operand(),
        0.5.into_operand(),
        &kw,
        true,
        false,
    )
}

/// `percentile`'s `promote_dtypes_inexact(q)`; [`quantile_impl`] divides by 100.
fn percent(q: impl ArrayLike) -> Operand {
    Operand::Array(promote_args_inexact(vec![q.into_operand()]).remove(0))
}

/// The interpolation between the two neighbours of each quantile.
#[derive(Clone, Copy)]
enum Method {
    Linear,
    Lower,
    Higher,
    Midpoint,
    Nearest,
}

impl Method {
    #[track_caller]
    fn parse(s: &str) -> Method {
        match s {
            "linear" => Method::Linear,
            "lower" => Method::Lower,
            "higher" => Method::Higher,
            "midpoint" => Method::Midpoint,
            "nearest" => Method::Nearest,
            _ => panic!(
                "method can only be 'linear', 'lower', 'higher', 'midpoint', 'nearest' or \
                 'inverted_cdf'"
            ),
        }
    }
}

/// `_quantile(a, q, axis, method, keepdims, squash_nans)` without weights; `percent`
/// divides `q` by 100 first (`percentile`).
///
/// Where the division happens matters to the bits: XLA computes `q / 100` as
/// `q * (1 / 100)` when the quotient has more than one element (see
/// `scalar::divides_by_broadcast`), and with `squash_nans` it fuses the division into
/// `q`'s broadcast to one position per slice, so there the division follows the broadcast.
///
/// JAX jits each of these functions (`jit[name=quantile]`, `percentile`, `median`, and
/// their `nan` forms), so the body runs as one computation named `name`: XLA contracts the
/// linear interpolation `low·(1 - w) + high·w` into a multiply-add. Its errors are checked
/// first, to point at the caller's line.
#[track_caller]
fn quantile_impl(
    name: &'static str,
    a: Operand,
    q: Operand,
    kw: &QuantileKw,
    squash_nans: bool,
    percent: bool,
) -> Array {
    let method = Method::parse(&kw.method);
    if q.shape().len() > 1 {
        panic!(
            "q must be have rank <= 1, got shape {}",
            crate::shape::py_tuple(q.shape())
        );
    }
    if let Axes::Some(axes) = &kw.axis {
        let nd = a.shape().len();
        let mut seen: Vec<usize> = axes.iter().map(|&d| canonicalize_axis(d, nd)).collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != axes.len() {
            panic!("repeated axis");
        }
    }
    crate::numpy::operand::jax_jit(name, &["a", "q"], vec![a, q], |ops| {
        let [a, q]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
        quantile_body(a, q, kw, method, squash_nans, percent)
    })
}

/// The body of [`quantile_impl`]'s computation, whose arguments it checked.
fn quantile_body(
    a: Operand,
    q: Operand,
    kw: &QuantileKw,
    method: Method,
    squash_nans: bool,
    percent: bool,
) -> Array {
    let a = promote_args_inexact(vec![a]).remove(0);
    let q = q.into_array();
    let q = if percent && !squash_nans {
        jnp::divide(&q, 100)
    } else {
        q
    };
    let nd = a.ndim();
    // Bring the reduced axes together as one axis, as JAX does; `keepdim` is the shape the
    // result takes with `keepdims` when more than one axis was reduced.
    let (a, axis, keepdim) = match &kw.axis {
        Axes::All => {
            let n = a.size();
            (lax::reshape(&a, &[n]), 0, Some(vec![1; nd]))
        }
        Axes::Some(axes) if axes.len() == 1 => (a.clone(), canonicalize_axis(axes[0], nd), None),
        Axes::Some(axes) => {
            let axes: Vec<usize> = axes.iter().map(|&d| canonicalize_axis(d, nd)).collect();
            let mut seen = axes.clone();
            seen.sort_unstable();
            // Kept axes first; the order of the reduced ones is irrelevant once sorted.
            let keep: Vec<usize> = (0..nd).filter(|d| !axes.contains(d)).collect();
            let mut perm = keep.clone();
            perm.extend(seen.iter().copied());
            let mut shape: Vec<usize> = keep.iter().map(|&d| a.shape()[d]).collect();
            shape.push(axes.iter().map(|&d| a.shape()[d]).product());
            let moved = lax::transpose(&a, &perm);
            let mut kd = a.shape().to_vec();
            for &d in &axes {
                kd[d] = 1;
            }
            let last = shape.len() - 1;
            (lax::reshape(&moved, &shape), last, Some(kd))
        }
    };
    let keepdims = kw.keepdims;
    let n = a.shape()[axis];
    let qd = q.dtype();
    let a = if squash_nans {
        // NaNs made positive so that they sort last.
        jnp::where_(jnp::isnan(&a), f32::NAN, &a)
    } else {
        let any_nan = jnp::any_with(jnp::isnan(&a), |k| k.axis(axis as isize).keepdims(true));
        jnp::where_(any_nan, f32::NAN, &a)
    };
    let a = lax::sort(&a, axis as isize);
    // Positions in the sorted slices, per quantile: shape q.shape + (reduced shape or 1s).
    let mut reduced = a.shape().to_vec();
    reduced.remove(axis);
    let q_ndim = q.ndim();
    let mut out_shape = q.shape().to_vec();
    out_shape.extend_from_slice(&reduced);
    let (pos, last) = if squash_nans {
        let counts = jnp::sum_with(jnp::logical_not(jnp::isnan(&a)), |k| {
            k.axis(axis as isize).dtype(qd)
        });
        let qb = broadcast_q(&q, &out_shape);
        let qb = if percent { jnp::divide(&qb, 100) } else { qb };
        let counts = jnp::broadcast_to(&counts, out_shape.clone());
        let last = lax::sub(&counts, &const_like(&counts, Scalar::Int(1)));
        (lax::mul(&qb, &last), last)
    } else {
        let n_f = crate::numpy::scalar_array(Scalar::Int(n as i128), qd, false);
        let last = lax::sub(&n_f, &const_like(&n_f, Scalar::Int(1)));
        (lax::mul(&q, &last), last)
    };
    let low = lax::floor(&pos);
    let high = lax::ceil(&pos);
    let high_weight = lax::sub(&pos, &low);
    let low_weight = lax::sub(&const_like(&high_weight, Scalar::Int(1)), &high_weight);
    let zero = const_like(&low, Scalar::Int(0));
    let clamp = |x: &Array| -> Array {
        if squash_nans {
            lax::max(&zero, &lax::min(x, &last))
        } else {
            lax::clamp(&zero, x, &last)
        }
    };
    let int = DType::default_int();
    let low = lax::convert_element_type(&clamp(&low), int, false);
    let high = lax::convert_element_type(&clamp(&high), int, false);
    let low_value = pick(&a, axis, &low, &out_shape);
    let high_value = pick(&a, axis, &high, &out_shape);
    let wshape = low_value.shape().to_vec();
    let weight = |w: &Array| jnp::broadcast_to(&broadcast_q(w, &out_shape), wshape.clone());
    let result = match method {
        Method::Linear => lax::add(
            &lax::mul(&low_value.astype(qd), &weight(&low_weight)),
            &lax::mul(&high_value.astype(qd), &weight(&high_weight)),
        ),
        Method::Lower => low_value,
        Method::Higher => high_value,
        Method::Nearest => {
            let hw = weight(&high_weight);
            let pred = lax::le(
                &hw,
                &crate::numpy::ufuncs::const_like(&hw, Scalar::Float(0.5)),
            );
            lax::select(&pred, &low_value, &high_value)
        }
        Method::Midpoint => {
            let s = lax::add(&low_value, &high_value);
            lax::mul(&s, &const_like(&s, Scalar::Float(0.5)))
        }
    };
    let result = if keepdims {
        match keepdim {
            Some(mut kd) => {
                if q_ndim > 0 {
                    kd.insert(0, q.shape()[0]);
                }
                lax::reshape(&result, &kd)
            }
            None => jnp::expand_dims(&result, (q_ndim + axis) as isize),
        }
    } else {
        result
    };
    lax::convert_element_type(&result, a.dtype(), false)
}

/// `x` (shaped as `q`, or already `out_shape`) broadcast to `out_shape`, `q`'s axis first.
fn broadcast_q(x: &Array, out_shape: &[usize]) -> Array {
    if x.shape() == out_shape {
        return x.clone();
    }
    let dims: Vec<usize> = (0..x.ndim()).collect();
    lax::broadcast_in_dim(x, out_shape, &dims)
}

/// The elements of the sorted `a` at positions `idx` along `axis`: `idx` is shaped as `q`
/// (one position for every slice) or as `out_shape` (q's axis, then the slices' shape).
/// The result has `out_shape`.
fn pick(a: &Array, axis: usize, idx: &Array, out_shape: &[usize]) -> Array {
    let idx = broadcast_q(idx, out_shape);
    let q_ndim = out_shape.len() + 1 - a.ndim();
    // Slices' axes last, the sorted axis after them: a_t is (reduced..., n).
    let nd = a.ndim();
    let mut perm: Vec<usize> = (0..nd).filter(|&d| d != axis).collect();
    perm.push(axis);
    let a_t = lax::transpose(a, &perm);
    let mut full = out_shape.to_vec();
    full.push(a.shape()[axis]);
    let dims: Vec<usize> = (q_ndim..full.len()).collect();
    let a_b = lax::broadcast_in_dim(&a_t, &full, &dims);
    let idx = jnp::expand_dims(&idx, -1);
    let got = jnp::take_along_axis_with(&a_b, &idx, |k| k.axis(-1));
    jnp::squeeze_with(&got, |k| k.axis(-1))
}
