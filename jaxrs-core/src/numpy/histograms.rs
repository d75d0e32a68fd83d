//! Counting into bins: `histogram`, `histogram_bin_edges`, `bincount`, `digitize`.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py`. Each follows JAX's decomposition:
//! edges from `linspace`, bin indices from `searchsorted`, counts by a scatter-add.

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::numpy::creation::to_inexact;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::{self as jnp};
use crate::primitive::GatherScatterMode;
use crate::s;

/// `bins` of `histogram`: a number of equal bins or the edges themselves.
#[derive(Clone)]
pub enum Bins {
    /// `bins=n`: `n` equal bins over `range`.
    Count(usize),
    /// `bins=[e0, e1, ...]`: the edges (increasing).
    Edges(Operand),
}

/// Conversion of `bins` arguments: an integer count or an array of edges.
pub trait IntoBins {
    /// The bins.
    fn into_bins(self) -> Bins;
}

impl IntoBins for usize {
    fn into_bins(self) -> Bins {
        Bins::Count(self)
    }
}

impl IntoBins for i32 {
    fn into_bins(self) -> Bins {
        Bins::Count(usize::try_from(self).expect("bins must be nonnegative"))
    }
}

impl IntoBins for &Array {
    fn into_bins(self) -> Bins {
        Bins::Edges(self.into_operand())
    }
}

impl IntoBins for Array {
    fn into_bins(self) -> Bins {
        Bins::Edges(self.into_operand())
    }
}

impl<const N: usize> IntoBins for [f64; N] {
    fn into_bins(self) -> Bins {
        Bins::Edges(jnp::array(self).into_operand())
    }
}

impl<const N: usize> IntoBins for [f32; N] {
    fn into_bins(self) -> Bins {
        Bins::Edges(jnp::array(self).into_operand())
    }
}

crate::keywords! {
    /// Keywords of `jnp.histogram(a, bins=10, range=None, weights=None, density=None)` and
    /// `jnp.histogram_bin_edges(a, bins=10, range=None, weights=None)`.
    HistogramKw {
        /// `bins`: a number of equal bins (default `10`) or the edges.
        bins: Bins = Bins::Count(10); (bins: impl IntoBins) => bins.into_bins(),
        /// `range`: `(lower, upper)` of the equal bins (default `a`'s minimum and maximum).
        range: Option<(Operand, Operand)> = None;
            (range: (impl ArrayLike, impl ArrayLike)) =>
            Some((range.0.into_operand(), range.1.into_operand())),
        /// `weights`: one weight per element of `a`, summed instead of counting 1.
        weights: Option<Operand> = None; (weights: impl ArrayLike) => Some(weights.into_operand()),
        /// `density`: divide the counts so that they integrate to 1 over the range.
        density: bool = false; (density: bool) => density,
    }
}

/// `jnp.histogram_bin_edges(a)`: the edges of 10 equal bins over `a`'s range.
/// Keywords through [`histogram_bin_edges_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let e = jnp::histogram_bin_edges_with(jnp::array([0.0, 1.0, 4.0]), |kw| kw.bins(4));
/// assert_eq!(e.to_vec::<f32>(), vec![0.0, 1.0, 2.0, 3.0, 4.0]);
/// ```
#[track_caller]
pub fn histogram_bin_edges(a: impl ArrayLike) -> Array {
    histogram_bin_edges_with(a, |kw| kw)
}

/// `jnp.histogram_bin_edges(a, bins=.., range=..)`.
#[track_caller]
pub fn histogram_bin_edges_with(
    a: impl ArrayLike,
    f: impl FnOnce(HistogramKw) -> HistogramKw,
) -> Array {
    let kw = crate::keywords::apply::<HistogramKw>(f);
    bin_edges(&a.into_operand().into_array(), &kw)
}

#[track_caller]
fn bin_edges(arr: &Array, kw: &HistogramKw) -> Array {
    let dtype = to_inexact(arr.dtype());
    let n = match &kw.bins {
        Bins::Edges(e) => {
            let e = e.clone().into_array();
            if e.ndim() == 1 {
                return e.astype(dtype);
            }
            panic!(
                "bins must be an integer or a 1-d array of edges; got shape {:?}",
                e.shape()
            );
        }
        Bins::Count(n) => *n,
    };
    let (lo, hi) = match &kw.range {
        Some((lo, hi)) => (lo.clone().into_array(), hi.clone().into_array()),
        None => (jnp::min(arr), jnp::max(arr)),
    };
    let range = jnp::stack([lo.astype(dtype), hi.astype(dtype)]);
    // An empty range widens to one of width 1 around its value.
    let flat = jnp::equal(jnp::ptp(&range), 0);
    let lo = jnp::where_(&flat, jnp::subtract(range.i(0), 0.5), range.i(0));
    let hi = jnp::where_(&flat, jnp::add(range.i(1), 0.5), range.i(1));
    jnp::linspace_with(lo, hi, n as i64 + 1, |k| k.dtype(dtype))
}

/// `jnp.histogram(a)`: counts of `a`'s elements in 10 equal bins over its range, and the
/// 11 edges. Keywords through [`histogram_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (counts, edges) = jnp::histogram_with(jnp::array([0.0, 0.5, 1.0, 2.0]), |kw| kw.bins(2));
/// assert_eq!(counts.to_vec::<f32>(), vec![2.0, 2.0]);
/// assert_eq!(edges.to_vec::<f32>(), vec![0.0, 1.0, 2.0]);
/// ```
#[track_caller]
pub fn histogram(a: impl ArrayLike) -> (Array, Array) {
    histogram_with(a, |kw| kw)
}

/// `jnp.histogram(a, bins=.., range=.., weights=.., density=..)`: `(counts, edges)`. The
/// last bin includes its right edge; elements outside the range are not counted.
///
/// # Panics
/// `weights should have the same shape as a.`
#[track_caller]
pub fn histogram_with(
    a: impl ArrayLike,
    f: impl FnOnce(HistogramKw) -> HistogramKw,
) -> (Array, Array) {
    let kw = crate::keywords::apply::<HistogramKw>(f);
    let (a, weights) = match &kw.weights {
        None => {
            let a = crate::numpy::ufuncs::promote_args_inexact(vec![a.into_operand()]).remove(0);
            let w = jnp::ones_like(&a);
            (a, w)
        }
        Some(w) => {
            let a = a.into_operand();
            if a.shape() != w.shape() {
                panic!("weights should have the same shape as a.");
            }
            let both = crate::numpy::operand::promote_dtypes(vec![a, w.clone()]);
            let d = to_inexact(both[0].dtype());
            (both[0].astype(d), both[1].astype(d))
        }
    };
    let edges = bin_edges(&a, &kw);
    let n_edges = edges.shape()[0];
    let idx = jnp::searchsorted_with(&edges, &a, |k| k.side("right"));
    let idx = jnp::where_(jnp::equal(&a, edges.i(-1)), n_edges as i64 - 1, idx);
    let counts = jnp::zeros_with([n_edges], |k| k.dtype(weights.dtype()))
        .at(&idx)
        .add(&weights)
        .i(s![1..]);
    let counts = if kw.density {
        let widths = jnp::diff(&edges);
        jnp::divide(jnp::divide(&counts, widths), jnp::sum(&counts))
    } else {
        counts
    };
    (counts, edges)
}

crate::keywords! {
    /// Keywords of `jnp.bincount(x, weights=None, minlength=0, *, length=None)`.
    BincountKw {
        /// `weights`: summed per bin instead of counting 1.
        weights: Option<Operand> = None; (weights: impl ArrayLike) => Some(weights.into_operand()),
        /// `minlength`: the least number of bins (default `0`).
        minlength: usize = 0; (minlength: usize) => minlength,
        /// `length`: the number of bins, values beyond dropped (needed under `jit`).
        length: Option<usize> = None; (length: usize) => Some(length),
    }
}

/// `jnp.bincount(x)`: how often each value `0, 1, ..., max(x)` occurs in the 1-d integer
/// `x` (negative values count as 0). Keywords through [`bincount_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::bincount(jnp::array([1, 1, 3])).to_vec::<i32>(), vec![0, 2, 0, 1]);
/// ```
#[track_caller]
pub fn bincount(x: impl ArrayLike) -> Array {
    bincount_with(x, |kw| kw)
}

/// `jnp.bincount(x, weights=.., minlength=.., length=..)`.
///
/// # Panics
/// `x argument to bincount must have an integer type; got float32`; `only 1-dimensional
/// input supported.`; without `length`, a traced `x` (ConcretizationTypeError, as JAX:
/// the number of bins depends on the values).
#[track_caller]
pub fn bincount_with(x: impl ArrayLike, f: impl FnOnce(BincountKw) -> BincountKw) -> Array {
    let kw = crate::keywords::apply::<BincountKw>(f);
    let x = x.into_operand().into_array();
    let x = if x.dtype() == DType::Bool {
        x.astype(DType::I32)
    } else {
        x
    };
    if !x.dtype().is_integer() {
        panic!(
            "x argument to bincount must have an integer type; got {}",
            x.dtype()
        );
    }
    if x.ndim() != 1 {
        panic!("only 1-dimensional input supported.");
    }
    let length = match kw.length {
        Some(n) => n,
        None => {
            let values = x.to_concrete(
                "argument 'x' of jnp.bincount; to avoid this error, pass a static `length` argument",
            );
            let max = values
                .data()
                .to_scalars()
                .into_iter()
                .map(|s| match s {
                    Scalar::Int(i) => i,
                    _ => 0,
                })
                .max();
            kw.minlength.max(max.map_or(0, |m| m.max(0) as usize + 1))
        }
    };
    let weights = match kw.weights {
        None => crate::numpy::scalar_array(Scalar::Int(1), DType::default_int(), false),
        Some(w) => {
            let w = w.into_array();
            if w.shape() != x.shape() {
                panic!(
                    "type of weights must match type of x. Got typeof(x)={} and \
                     typeof(weights)={}",
                    short_type(x.dtype(), x.shape()),
                    short_type(w.dtype(), w.shape())
                );
            }
            w
        }
    };
    jnp::zeros_with([length], |k| k.dtype(weights.dtype()))
        .at(jnp::clip_with(&x, |k| k.min(0)))
        .mode(GatherScatterMode::FillOrDrop)
        .add(&weights)
}

crate::keywords! {
    /// Keywords of `jnp.digitize(x, bins, right=False)`.
    DigitizeKw {
        /// `right`: bins include their right edge instead of their left (default `false`).
        right: bool = false; (right: bool) => right,
    }
}

/// `jnp.digitize(x, bins)`: the index of the bin of each element of `x` (increasing or
/// decreasing 1-d `bins`). Keywords through [`digitize_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::digitize(jnp::array([0.5, 1.0, 2.5]), jnp::array([1.0, 2.0]));
/// assert_eq!(i.to_vec::<i32>(), vec![0, 1, 2]);
/// ```
#[track_caller]
pub fn digitize(x: impl ArrayLike, bins: impl ArrayLike) -> Array {
    digitize_with(x, bins, |kw| kw)
}

/// `jnp.digitize(x, bins, right=..)`.
///
/// # Panics
/// `digitize: bins must be a 1-dimensional array; got bins=...`.
#[track_caller]
pub fn digitize_with(
    x: impl ArrayLike,
    bins: impl ArrayLike,
    f: impl FnOnce(DigitizeKw) -> DigitizeKw,
) -> Array {
    let kw = crate::keywords::apply::<DigitizeKw>(f);
    let x = x.into_operand().into_array();
    let bins = bins.into_operand().into_array();
    if bins.ndim() != 1 {
        panic!("digitize: bins must be a 1-dimensional array; got bins={bins}");
    }
    let n = bins.shape()[0];
    if n == 0 {
        return jnp::zeros_like_with(&x, |k| k.dtype(DType::I32));
    }
    let side = if kw.right { "left" } else { "right" };
    let increasing = jnp::greater_equal(bins.i(-1), bins.i(0));
    let up = jnp::searchsorted_with(&bins, &x, |k| k.side(side));
    let down = jnp::subtract(
        n as i64,
        jnp::searchsorted_with(jnp::flip(&bins), &x, |k| k.side(side)),
    );
    jnp::where_(increasing, up, down)
}

/// `float32[3,4]`, as JAX's `str_short` prints a type.
fn short_type(dtype: DType, shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("{dtype}[{}]", dims.join(","))
}
