//! Statistics: `average` (with weights), `cov`, `corrcoef`.
//!
//! JAX counterpart: `jax/_src/numpy/reductions.py` (`_average`), `lax_numpy.py` (`cov`,
//! `corrcoef`).

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::reductions::{Axes, IntoAxes};
use crate::numpy::{self as jnp};
use crate::shape::canonicalize_axis;

crate::keywords! {
    /// Keywords of `jnp.average(a, axis=None, weights=None, returned=False,
    /// keepdims=False)` (`returned=True` is [`average_returned`]).
    AverageKw {
        /// `axis`: the axes averaged over (default all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `weights`: one weight per element, or per element along `axis` (default equal).
        weights: Option<Operand> = None; (weights: impl ArrayLike) => Some(weights.into_operand()),
        /// `keepdims`: keep reduced axes as length-1 axes (default `false`).
        keepdims: bool = false; (keepdims: bool) => keepdims,
    }
}

/// `jnp.average(a)`: the mean of all elements. Keywords through [`average_with`].
#[track_caller]
pub fn average(a: impl ArrayLike) -> Array {
    average_with(a, |kw| kw)
}

/// `jnp.average(a, axis=.., weights=.., keepdims=..)`: `sum(a * w) / sum(w)`.
///
/// # Panics
/// `Axis must be specified when shapes of a and weights differ.`; `Shape of weights must be
/// consistent with shape of a along specified axis.`
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([1.0, 2.0, 4.0]);
/// let avg = jnp::average_with(&a, |kw| kw.weights(jnp::array([1.0, 1.0, 2.0])));
/// assert_eq!(avg.item::<f32>(), 2.75);
/// ```
#[track_caller]
pub fn average_with(a: impl ArrayLike, f: impl FnOnce(AverageKw) -> AverageKw) -> Array {
    jax_average(
        a.into_operand(),
        crate::keywords::apply::<AverageKw>(f),
        false,
    )
    .remove(0)
}

/// `jnp.average(a, .., returned=True)`: `(average, sum of weights)`, the sum broadcast to
/// the average's shape.
#[track_caller]
pub fn average_returned(
    a: impl ArrayLike,
    f: impl FnOnce(AverageKw) -> AverageKw,
) -> (Array, Array) {
    split_returned(jax_average(
        a.into_operand(),
        crate::keywords::apply::<AverageKw>(f),
        true,
    ))
}

/// The average and the sum of the weights of a `returned` [`jax_average`].
fn split_returned(mut out: Vec<Array>) -> (Array, Array) {
    let weights_sum = out.pop().expect("returned: two results");
    (out.pop().expect("returned: two results"), weights_sum)
}

/// JAX's `_average`, which it wraps in `jit(inline=True)`: eagerly one compiled
/// computation, so the weighted sum is XLA's loop of multiply-adds and the division a
/// multiply by the reciprocal; inside `cov`'s computation it is traced in place. The
/// results: the average, and with `returned` the sum of the weights broadcast to its shape.
#[track_caller]
fn jax_average(a: Operand, kw: AverageKw, returned: bool) -> Vec<Array> {
    let nd = a.shape().len();
    let axis_tuple: Vec<usize> = match &kw.axis {
        Axes::All => (0..nd).collect(),
        Axes::Some(v) => v.iter().map(|&d| canonicalize_axis(d, nd)).collect(),
    };
    let AverageKw {
        axis,
        weights,
        keepdims,
    } = kw;
    let w_shape = weights
        .as_ref()
        .and_then(|w| weights_shape(a.shape(), w.shape(), &axis, &axis_tuple));
    let (names, operands): (&[&str], Vec<Operand>) = match weights {
        None => (&["a"], vec![a]),
        Some(w) => (&["a", "weights"], vec![a, w]),
    };
    let body = move |ops: Vec<Operand>| {
        let mut ops = ops.into_iter();
        let a = ops.next().expect("a");
        let (avg, weights_sum) = match ops.next() {
            None => {
                let a = crate::numpy::ufuncs::promote_args_inexact(vec![a]).remove(0);
                let avg = jnp::mean_with(&a, |k| k.axis(axis.clone()).keepdims(keepdims));
                let n: usize = axis_tuple.iter().map(|&d| a.shape()[d]).product();
                let sum = crate::numpy::scalar_array(
                    crate::dtype::Scalar::Int(n as i128),
                    avg.dtype(),
                    false,
                );
                (avg, sum)
            }
            Some(w) => weighted(a, w, &axis, w_shape.as_deref(), keepdims),
        };
        if !returned {
            return vec![avg];
        }
        let weights_sum = if avg.shape() != weights_sum.shape() {
            jnp::broadcast_to(&weights_sum, avg.shape().to_vec())
        } else {
            weights_sum
        };
        vec![avg, weights_sum]
    };
    crate::numpy::operand::jax_jit_inline_outputs("_average", names, operands, body)
}

/// The weighted average of `a` over `axis` and the sum of the weights `w`, reshaped to
/// `w_shape` first when given (weights along the axes only).
fn weighted(
    a: Operand,
    w: Operand,
    axis: &Axes,
    w_shape: Option<&[usize]>,
    keepdims: bool,
) -> (Array, Array) {
    // `promote_dtypes_inexact`: dtypes only (no rank promotion).
    let aw = crate::numpy::operand::promote_dtypes(vec![a, w]);
    let d = crate::numpy::creation::to_inexact(aw[0].dtype());
    let a = lax::convert_element_type(&aw[0], d, aw[0].weak_type());
    let mut w = lax::convert_element_type(&aw[1], d, aw[1].weak_type());
    if let Some(shape) = w_shape {
        w = lax::reshape(&w, shape);
    }
    let sum = |x: &Array| jnp::sum_with(x, |k| k.axis(axis.clone()).keepdims(keepdims));
    let weights_sum = sum(&w);
    let total = sum(&jnp::multiply(&a, &w));
    (jnp::divide(total, &weights_sum), weights_sum)
}

/// The shape `weights` of shape `w` take to multiply `a` (shape `a`) when the shapes
/// differ: its extents on `axes`, 1 elsewhere.
///
/// # Panics
/// As JAX: `Axis must be specified when shapes of a and weights differ.`; `Shape of
/// weights must be consistent with shape of a along specified axis.`
#[track_caller]
fn weights_shape(a: &[usize], w: &[usize], axis: &Axes, axes: &[usize]) -> Option<Vec<usize>> {
    if a == w {
        return None;
    }
    if matches!(axis, Axes::All) {
        panic!("Axis must be specified when shapes of a and weights differ.");
    }
    let along: Vec<usize> = axes.iter().map(|&d| a[d]).collect();
    if w != along.as_slice() {
        panic!("Shape of weights must be consistent with shape of a along specified axis.");
    }
    Some(
        (0..a.len())
            .map(|i| if axes.contains(&i) { a[i] } else { 1 })
            .collect(),
    )
}

crate::keywords! {
    /// Keywords of `jnp.cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None,
    /// aweights=None, dtype=None)`.
    CovKw {
        /// `y`: more variables, stacked under `m`'s (default none).
        y: Option<Operand> = None; (y: impl ArrayLike) => Some(y.into_operand()),
        /// `rowvar`: each row is a variable (default `true`); `false`: each column is.
        rowvar: bool = true; (rowvar: bool) => rowvar,
        /// `bias`: normalize by `N` rather than `N - 1` (default `false`).
        bias: bool = false; (bias: bool) => bias,
        /// `ddof`: normalize by `N - ddof` (default: `1`, or `0` with `bias`).
        ddof: Option<i64> = None; (ddof: i64) => Some(ddof),
        /// `fweights`: integer frequency weights, one per observation.
        fweights: Option<Operand> = None; (w: impl ArrayLike) => Some(w.into_operand()),
        /// `aweights`: observation weights, one per observation.
        aweights: Option<Operand> = None; (w: impl ArrayLike) => Some(w.into_operand()),
        /// `dtype`: the dtype computed in (a float dtype; default `m`'s, made inexact).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.cov(m)`: the covariance matrix of the variables in `m`'s rows. Keywords through
/// [`cov_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let c = jnp::cov(jnp::array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]));
/// assert_eq!(c.to_vec::<f32>(), vec![1.0, -1.0, -1.0, 1.0]);
/// ```
#[track_caller]
pub fn cov(m: impl ArrayLike) -> Array {
    cov_with(m, |kw| kw)
}

/// `jnp.cov(m, y=.., rowvar=.., bias=.., ddof=.., fweights=.., aweights=.., dtype=..)`.
///
/// # Panics
/// `m has more than 2 dimensions`; `y has more than 2 dimensions`; `cannot handle
/// multidimensional fweights`; `incompatible numbers of samples and fweights`;
/// `fweights must be integer.` (and likewise for `aweights`); `cov: dtype must be a
/// subclass of float or complex; got dtype=int32`.
#[track_caller]
pub fn cov_with(m: impl ArrayLike, f: impl FnOnce(CovKw) -> CovKw) -> Array {
    let kw = crate::keywords::apply::<CovKw>(f);
    let m = m.into_operand();
    check_cov(&m, &kw);
    // JAX jits `cov` (`jit[name=cov] m y fweights aweights`, the given ones): one
    // computation, in which XLA contracts the weighted sums' multiply-adds.
    let mut names = vec!["m"];
    let mut operands = vec![m];
    for (name, op) in [
        ("y", &kw.y),
        ("fweights", &kw.fweights),
        ("aweights", &kw.aweights),
    ] {
        if let Some(op) = op {
            names.push(name);
            operands.push(op.clone());
        }
    }
    crate::numpy::operand::jax_jit("cov", &names, operands, |ops| cov_body(ops, &kw))
}

/// `cov`'s errors, from the shapes and dtypes alone, raised before its `jit` call so that
/// they point at the caller's line.
#[track_caller]
fn check_cov(m: &Operand, kw: &CovKw) {
    if kw.y.as_ref().is_some_and(|y| y.shape().len() > 2) {
        panic!("y has more than 2 dimensions");
    }
    let shape = m.shape();
    if shape.len() > 2 {
        panic!("m has more than 2 dimensions");
    }
    if let Some(d) = kw.dtype {
        if !d.is_float() {
            panic!("cov: dtype must be a subclass of float or complex; got dtype={d}");
        }
    }
    // `atleast_2d(m)`, transposed where each column is a variable.
    let (rows, n) = match shape {
        [] => (1, 1),
        [n] => (1, *n),
        [r, c] if kw.rowvar => (*r, *c),
        [r, c] => (*c, *r),
        _ => unreachable!(),
    };
    if rows == 0 || n == 0 {
        return;
    }
    let check = |w: &Operand, what: &str| {
        if w.shape().len() > 1 {
            panic!("cannot handle multidimensional {what}");
        }
        if w.shape()[0] != n {
            panic!("incompatible numbers of samples and {what}");
        }
    };
    if let Some(fw) = &kw.fweights {
        check(fw, "fweights");
        if !fw.dtype_and_weak().0.is_integer() {
            panic!("fweights must be integer.");
        }
    }
    if let Some(aw) = &kw.aweights {
        check(aw, "aweights");
    }
}

/// The body of `cov`'s computation: `ops` are `m` and the given `y`, `fweights`,
/// `aweights`, in that order (checked by [`check_cov`]).
fn cov_body(ops: Vec<Operand>, kw: &CovKw) -> Array {
    let mut ops = ops.into_iter();
    let m = ops.next().expect("m");
    let y = kw.y.as_ref().map(|_| ops.next().expect("y"));
    let fweights = kw.fweights.as_ref().map(|_| ops.next().expect("fweights"));
    let aweights = kw.aweights.as_ref().map(|_| ops.next().expect("aweights"));
    let (m, y) = match y {
        Some(y) => {
            let mut v = crate::numpy::ufuncs::promote_args_inexact(vec![m, y]);
            let y = v.pop().expect("y");
            (v.pop().expect("m"), Some(y))
        }
        None => (
            crate::numpy::ufuncs::promote_args_inexact(vec![m]).remove(0),
            None,
        ),
    };
    let mut x = jnp::atleast_2d(&m);
    if !kw.rowvar && m.ndim() != 1 {
        x = x.T();
    }
    if x.shape()[0] == 0 {
        return lax::reshape(&jnp::zeros([0]), &[0, 0]);
    }
    if let Some(y) = y {
        let mut y = jnp::atleast_2d(&y);
        if !kw.rowvar && y.shape()[0] != 1 {
            y = y.T();
        }
        x = jnp::concatenate([&x, &y]);
    }
    let (k, n) = (x.shape()[0], x.shape()[1]);
    if n == 0 {
        let shape = if k == 1 { vec![] } else { vec![k, k] };
        return jnp::full_with(shape, f32::NAN, |kw| kw.dtype(x.dtype()));
    }
    let ddof = kw.ddof.unwrap_or(if kw.bias { 0 } else { 1 });
    // JAX makes the weights positive where NumPy raises on negative ones.
    let mut w: Option<Array> = fweights.map(|fw| jnp::abs(fw.into_array()));
    let aweights = aweights.map(|aw| jnp::abs(aw.into_array()));
    if let Some(aw) = &aweights {
        w = Some(match w {
            None => aw.clone(),
            Some(fw) => jnp::multiply(&fw, aw),
        });
    }
    if let Some(d) = kw.dtype {
        x = x.astype(d);
        w = w.map(|w| w.astype(d));
    }
    let avg_kw = crate::keywords::apply::<AverageKw>(|k| match &w {
        Some(w) => k.axis(1).weights(w),
        None => k.axis(1),
    });
    let (avg, w_sum) = split_returned(jax_average(x.clone().into(), avg_kw, true));
    let w_sum = w_sum.i(0);
    let fact: Operand = match (&w, ddof, &aweights) {
        (None, _, _) => (n as i64 - ddof).into_operand(),
        (Some(_), 0, _) => w_sum.into(),
        (Some(_), _, None) => jnp::subtract(&w_sum, ddof).into(),
        (Some(w), _, Some(aw)) => {
            let corr = jnp::divide(jnp::multiply(ddof, jnp::sum(jnp::multiply(w, aw))), &w_sum);
            jnp::subtract(&w_sum, corr).into()
        }
    };
    let x = jnp::subtract(&x, jnp::expand_dims(&avg, 1));
    let x_t = match &w {
        None => x.T(),
        Some(w) => jnp::multiply(&x, w).T(),
    };
    jnp::squeeze(jnp::true_divide(jnp::dot(&x, &x_t), fact))
}

crate::keywords! {
    /// Keywords of `jnp.corrcoef(x, y=None, rowvar=True, dtype=None)`.
    CorrcoefKw {
        /// `y`: more variables, stacked under `x`'s (default none).
        y: Option<Operand> = None; (y: impl ArrayLike) => Some(y.into_operand()),
        /// `rowvar`: each row is a variable (default `true`); `false`: each column is.
        rowvar: bool = true; (rowvar: bool) => rowvar,
        /// `dtype`: the dtype computed in (a float dtype).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.corrcoef(x)`: Pearson correlation coefficients, `cov / (σᵢ σⱼ)` clipped to
/// `[-1, 1]`. Keywords through [`corrcoef_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let r = jnp::corrcoef(jnp::array([[0.0, 1.0, 2.0], [4.0, 2.0, 0.0]]));
/// assert_eq!(r.to_vec::<f32>(), vec![1.0, -1.0, -1.0, 1.0]);
/// ```
#[track_caller]
pub fn corrcoef(x: impl ArrayLike) -> Array {
    corrcoef_with(x, |kw| kw)
}

/// `jnp.corrcoef(x, y=.., rowvar=.., dtype=..)`.
#[track_caller]
pub fn corrcoef_with(x: impl ArrayLike, f: impl FnOnce(CorrcoefKw) -> CorrcoefKw) -> Array {
    let kw = crate::keywords::apply::<CorrcoefKw>(f);
    if let Some(d) = kw.dtype {
        if !d.is_float() {
            panic!("corrcoef: dtype must be a subclass of float or complex; got dtype={d}");
        }
    }
    let (rowvar, dtype) = (kw.rowvar, kw.dtype);
    let x = x.into_operand();
    let cov_kw = |k: CovKw| {
        let k = k.rowvar(rowvar);
        match dtype {
            Some(d) => k.dtype(d),
            None => k,
        }
    };
    // `cov`'s errors at the caller's line, before the call.
    check_cov(
        &x,
        &crate::keywords::apply::<CovKw>(|k| match &kw.y {
            Some(y) => cov_kw(k).y(y.clone()),
            None => cov_kw(k),
        }),
    );
    // JAX jits `corrcoef` (`jit[name=corrcoef] x y`), `cov` nested in it.
    let (names, operands): (&[&str], Vec<Operand>) = match kw.y {
        Some(y) => (&["x", "y"], vec![x, y]),
        None => (&["x"], vec![x]),
    };
    crate::numpy::operand::jax_jit("corrcoef", names, operands, move |ops| {
        let mut ops = ops.into_iter();
        let x = ops.next().expect("x");
        let c = cov_with(x, |k| match ops.next() {
            Some(y) => cov_kw(k).y(y),
            None => cov_kw(k),
        });
        corrcoef_of(c)
    })
}

/// `corrcoef`'s normalization of the covariance matrix `c`.
fn corrcoef_of(c: Array) -> Array {
    if c.ndim() == 0 {
        // nan for nan/nan, inf/inf and 0/0; 1 otherwise.
        return jnp::divide(&c, &c);
    }
    let d = jnp::diagonal(&c);
    let stddev = jnp::sqrt(&d).astype(c.dtype());
    let c = jnp::divide(
        jnp::divide(&c, jnp::expand_dims(&stddev, 1)),
        jnp::expand_dims(&stddev, 0),
    );
    jnp::clip_with(&c, |k| k.min(-1).max(1))
}
