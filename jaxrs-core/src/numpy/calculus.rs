//! Numerical calculus on samples: `interp`, `gradient`, `trapezoid`, `unwrap`, and the
//! running sums and products `cumulative_sum`, `cumulative_prod`, `nancumsum`,
//! `nancumprod`.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py` (`interp`, `gradient`, `trapezoid`,
//! `unwrap`) and `reductions.py` (the cumulative reductions), followed operation by
//! operation.

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::reductions::{Axes, IntoAxes};
use crate::numpy::ufuncs::{const_like, promote_args_inexact};
use crate::numpy::{self as jnp};
use crate::s;
use crate::shape::canonicalize_axis;

/// `left`/`right` of `interp`: a value, or `"extrapolate"`.
#[derive(Clone)]
pub enum InterpEdge {
    /// The value returned beyond the end.
    Value(Operand),
    /// Continue the end segment's line (`"extrapolate"`).
    Extrapolate,
}

/// Conversion of `interp`'s `left`/`right`: a number or array, or the string
/// `"extrapolate"`.
pub trait IntoInterpEdge {
    /// The edge rule.
    fn into_edge(self) -> InterpEdge;
}

impl IntoInterpEdge for &str {
    #[track_caller]
    fn into_edge(self) -> InterpEdge {
        if self != "extrapolate" {
            panic!("the only valid string value of `left` is 'extrapolate', but got: '{self}'");
        }
        InterpEdge::Extrapolate
    }
}

macro_rules! edge_values {
    ($($t:ty),*) => {$(
        impl IntoInterpEdge for $t {
            fn into_edge(self) -> InterpEdge {
                InterpEdge::Value(self.into_operand())
            }
        }
    )*};
}
edge_values!(f64, f32, i32, i64, &Array, Array);

crate::keywords! {
    /// Keywords of `jnp.interp(x, xp, fp, left=None, right=None, period=None)`.
    InterpKw {
        /// `left`: the value below `xp[0]` (default `fp[0]`), or `"extrapolate"`.
        left: Option<InterpEdge> = None; (left: impl IntoInterpEdge) => Some(left.into_edge()),
        /// `right`: the value above `xp[-1]` (default `fp[-1]`), or `"extrapolate"`.
        right: Option<InterpEdge> = None; (right: impl IntoInterpEdge) => Some(right.into_edge()),
        /// `period`: the period of `xp` for periodic data (`left`/`right` then ignored).
        period: Option<Operand> = None; (period: impl ArrayLike) => Some(period.into_operand()),
    }
}

/// `jnp.interp(x, xp, fp)`: piecewise-linear interpolation of the points `(xp, fp)` (`xp`
/// increasing) at `x`. Keywords through [`interp_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let y = jnp::interp(jnp::array([0.5, 1.5, 9.0]), jnp::array([0.0, 1.0, 2.0]),
///                     jnp::array([0.0, 10.0, 20.0]));
/// assert_eq!(y.to_vec::<f32>(), vec![5.0, 15.0, 20.0]);
/// ```
#[track_caller]
pub fn interp(x: impl ArrayLike, xp: impl ArrayLike, fp: impl ArrayLike) -> Array {
    interp_with(x, xp, fp, |kw| kw)
}

/// `jnp.interp(x, xp, fp, left=.., right=.., period=..)`.
///
/// # Panics
/// `xp and fp must be one-dimensional arrays of equal size`; `period must be a scalar;
/// got ...`; a string edge other than `"extrapolate"`.
#[track_caller]
pub fn interp_with(
    x: impl ArrayLike,
    xp: impl ArrayLike,
    fp: impl ArrayLike,
    f: impl FnOnce(InterpKw) -> InterpKw,
) -> Array {
    let kw = crate::keywords::apply::<InterpKw>(f);
    let (x, xp, fp) = (x.into_operand(), xp.into_operand(), fp.into_operand());
    if xp.shape() != fp.shape() || xp.shape().len() != 1 {
        panic!("xp and fp must be one-dimensional arrays of equal size");
    }
    let mut v = promote_args_inexact(vec![x, xp]);
    let (mut xp, mut x) = (v.pop().expect("xp"), v.pop().expect("x"));
    let mut fp = promote_args_inexact(vec![fp]).remove(0);
    let periodic = kw.period.is_some();
    if let Some(period) = kw.period {
        let period = period.into_array();
        if period.ndim() != 0 {
            panic!("period must be a scalar; got {period}");
        }
        let period = jnp::abs(&period);
        x = jnp::remainder(&x, &period);
        xp = jnp::remainder(&xp, &period);
        let sorted = lax::sort_multi(&[xp, fp], 0, true, 1);
        let (sxp, sfp) = (sorted[0].clone(), sorted[1].clone());
        xp = jnp::concatenate([
            jnp::subtract(sxp.i(s![-1..]), &period),
            sxp.clone(),
            jnp::add(sxp.i(s![..1]), &period),
        ]);
        fp = jnp::concatenate([sfp.i(s![-1..]), sfp.clone(), sfp.i(s![..1])]);
    }
    let n = xp.shape()[0] as i64;
    let i = jnp::clip_with(jnp::searchsorted_with(&xp, &x, |k| k.side("right")), |k| {
        k.min(1).max(n - 1)
    });
    let im1 = jnp::subtract(&i, 1);
    let df = jnp::subtract(fp.i(&i), fp.i(&im1));
    let dx = jnp::subtract(xp.i(&i), xp.i(&im1));
    let delta = jnp::subtract(&x, xp.i(&im1));
    // `np.spacing(np.finfo(dtype).eps)`: the gap above machine epsilon.
    let tiny = jnp::less_equal(lax::abs(&dx), spacing_of_eps(xp.dtype()));
    let safe_dx = jnp::where_(&tiny, 1, &dx);
    let mut out = jnp::where_(
        &tiny,
        fp.i(&im1),
        jnp::add(fp.i(&im1), jnp::multiply(jnp::divide(&delta, safe_dx), &df)),
    );
    if !periodic {
        if !matches!(kw.left, Some(InterpEdge::Extrapolate)) {
            let left = match kw.left {
                Some(InterpEdge::Value(v)) => v.into_array(),
                _ => fp.i(0),
            };
            out = jnp::where_(jnp::less(&x, xp.i(0)), left, out);
        }
        if !matches!(kw.right, Some(InterpEdge::Extrapolate)) {
            let right = match kw.right {
                Some(InterpEdge::Value(v)) => v.into_array(),
                _ => fp.i(-1),
            };
            out = jnp::where_(jnp::greater(&x, xp.i(-1)), right, out);
        }
    }
    out
}

/// `np.spacing(np.finfo(dtype).eps)`: the gap above machine epsilon, `eps * eps`
/// (`2^-m * 2^-m` for `m` mantissa bits), as a strongly typed scalar of `dtype`.
fn spacing_of_eps(dtype: crate::dtype::DType) -> Array {
    use crate::dtype::DType;
    let mantissa = match dtype {
        DType::F64 => 52,
        DType::F16 => 10,
        DType::BF16 => 7,
        _ => 23,
    };
    let gap = 2f64.powi(-2 * mantissa);
    crate::numpy::scalar_array(crate::dtype::Scalar::Float(gap), dtype, false)
}

crate::keywords! {
    /// Keywords of `jnp.gradient(f, *varargs, axis=None, edge_order=None)` (JAX supports
    /// no `edge_order` but the default).
    GradientKw {
        /// `*varargs`, the spacings (each a scalar step or 1-d coordinates): none means
        /// step 1 on every axis, one applies to every axis, else one per axis.
        spacing: Vec<Operand> = Vec::new();
            (hs: impl IntoIterator<Item = impl ArrayLike>) =>
            hs.into_iter().map(ArrayLike::into_operand).collect(),
        /// `axis`: the axes differentiated along (default all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
    }
}

/// `jnp.gradient(f)`: central differences in the interior, one-sided ones at the edges,
/// one array per axis (JAX returns a bare array for one axis; here it is the `Vec`'s only
/// element). Keywords through [`gradient_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let g = jnp::gradient(jnp::array([1.0, 2.0, 4.0, 7.0]));
/// assert_eq!(g[0].to_vec::<f32>(), vec![1.0, 1.5, 2.5, 3.0]);
/// ```
#[track_caller]
pub fn gradient(f: impl ArrayLike) -> Vec<Array> {
    gradient_with(f, |kw| kw)
}

/// `jnp.gradient(f, *varargs, axis=..)`.
///
/// # Panics
/// `Shape of array too small to calculate a numerical gradient, at least 2 elements are
/// required.`; `Spacing arrays must have the same length as the dimension along which the
/// gradient is calculated.`; `Invalid number of spacing arguments 3 for axis=None`.
#[track_caller]
pub fn gradient_with(f: impl ArrayLike, kw: impl FnOnce(GradientKw) -> GradientKw) -> Vec<Array> {
    let kw = crate::keywords::apply::<GradientKw>(kw);
    let mut ops = vec![f.into_operand()];
    ops.extend(kw.spacing.iter().cloned());
    let mut all = promote_args_inexact_dtypes(ops);
    let a = all.remove(0);
    let spacing = all;
    let nd = a.ndim();
    let axes: Vec<usize> = match &kw.axis {
        Axes::All => (0..nd).collect(),
        Axes::Some(v) => v.iter().map(|&d| canonicalize_axis(d, nd)).collect(),
    };
    if axes.is_empty() {
        return Vec::new();
    }
    if axes.iter().map(|&d| a.shape()[d]).min().unwrap_or(0) < 2 {
        panic!(
            "Shape of array too small to calculate a numerical gradient, at least 2 elements \
             are required."
        );
    }
    let dx: Vec<Option<Array>> = match spacing.len() {
        0 => vec![None; axes.len()],
        1 => vec![Some(spacing[0].clone()); axes.len()],
        n if n == axes.len() => spacing.into_iter().map(Some).collect(),
        n => {
            let axis = match &kw.axis {
                Axes::All => "None".to_string(),
                Axes::Some(v) => format!("{v:?}"),
            };
            panic!("Invalid number of spacing arguments {n} for axis={axis}")
        }
    };
    axes.iter()
        .zip(dx)
        .map(|(&ax, h)| gradient_along_axis(&a, h, ax))
        .collect()
}

/// `promote_dtypes_inexact(f, *varargs)`: one inexact dtype for all, shapes kept.
fn promote_args_inexact_dtypes(ops: Vec<Operand>) -> Vec<Array> {
    let arrays = crate::numpy::operand::promote_dtypes(ops);
    let d = crate::numpy::creation::to_inexact(arrays[0].dtype());
    arrays
        .into_iter()
        .map(|x| lax::convert_element_type(&x, d, x.weak_type()))
        .collect()
}

/// `lax.slice_in_dim(a, start, stop, axis=axis)` with Python's negative bounds.
fn slice_in_dim(a: &Array, start: i64, stop: Option<i64>, axis: usize) -> Array {
    let n = a.shape()[axis] as i64;
    let norm = |v: i64| if v < 0 { (v + n).max(0) } else { v.min(n) } as usize;
    let mut lo = vec![0; a.ndim()];
    let mut hi = a.shape().to_vec();
    lo[axis] = norm(start);
    hi[axis] = stop.map_or(n as usize, norm);
    lax::slice(a, &lo, &hi, None)
}

#[track_caller]
fn gradient_along_axis(a: &Array, h: Option<Array>, axis: usize) -> Array {
    let sl = |lo: i64, hi: Option<i64>| slice_in_dim(a, lo, hi, axis);
    let upper = jnp::subtract(sl(1, Some(2)), sl(0, Some(1)));
    let lower = jnp::subtract(sl(-1, None), sl(-2, Some(-1)));
    let (upper, inner, lower) = match h {
        None => {
            // The default step is the Python float 1.0.
            let inner = jnp::divide(
                jnp::multiply(jnp::subtract(sl(2, None), sl(0, Some(-2))), 0.5),
                1.0,
            );
            (jnp::divide(upper, 1.0), inner, jnp::divide(lower, 1.0))
        }
        Some(h) if h.ndim() == 0 => {
            let inner = jnp::divide(
                jnp::multiply(jnp::subtract(sl(2, None), sl(0, Some(-2))), 0.5),
                &h,
            );
            (jnp::divide(upper, &h), inner, jnp::divide(lower, &h))
        }
        Some(h) if h.ndim() == 1 => {
            if h.shape()[0] != a.shape()[axis] {
                panic!(
                    "Spacing arrays must have the same length as the dimension along which \
                     the gradient is calculated."
                );
            }
            let mut shape = vec![1; a.ndim()];
            shape[axis] = h.shape()[0];
            let h = lax::reshape(&h, &shape);
            let hs = |lo: i64, hi: Option<i64>| slice_in_dim(&h, lo, hi, axis);
            let upper = jnp::divide(upper, jnp::subtract(hs(1, Some(2)), hs(0, Some(1))));
            let lower = jnp::divide(lower, jnp::subtract(hs(-1, None), hs(-2, Some(-1))));
            let dx1 = jnp::subtract(hs(1, Some(-1)), hs(0, Some(-2)));
            let dx2 = jnp::subtract(hs(2, None), hs(1, Some(-1)));
            let ca = jnp::divide(
                jnp::negative(&dx2),
                jnp::multiply(&dx1, jnp::add(&dx1, &dx2)),
            );
            let cb = jnp::divide(jnp::subtract(&dx2, &dx1), jnp::multiply(&dx1, &dx2));
            let cc = jnp::divide(&dx1, jnp::multiply(&dx2, jnp::add(&dx1, &dx2)));
            let inner = jnp::add(
                jnp::add(
                    jnp::multiply(ca, sl(0, Some(-2))),
                    jnp::multiply(cb, sl(1, Some(-1))),
                ),
                jnp::multiply(cc, sl(2, None)),
            );
            (upper, inner, lower)
        }
        Some(_) => panic!("Spacing arrays must be 1D arrays or scalars."),
    };
    jnp::concatenate_with([upper, inner, lower], |k| k.axis(axis as i64))
}

crate::keywords! {
    /// Keywords of `jnp.trapezoid(y, x=None, dx=1.0, axis=-1)`.
    TrapezoidKw {
        /// `x`: the sample points (default: spaced by `dx`).
        x: Option<Operand> = None; (x: impl ArrayLike) => Some(x.into_operand()),
        /// `dx`: the spacing when `x` is not given (default `1.0`).
        dx: Option<Operand> = None; (dx: impl ArrayLike) => Some(dx.into_operand()),
        /// `axis`: the axis integrated along (default `-1`).
        axis: i64 = -1; (axis: i64) => axis,
    }
}

/// `jnp.trapezoid(y)`: the integral of the samples `y` by the trapezoidal rule.
/// Keywords through [`trapezoid_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::trapezoid(jnp::array([1.0, 2.0, 3.0])).item::<f32>(), 4.0);
/// ```
#[track_caller]
pub fn trapezoid(y: impl ArrayLike) -> Array {
    trapezoid_with(y, |kw| kw)
}

/// `jnp.trapezoid(y, x=.., dx=.., axis=..)`. JAX jits `trapezoid` (`axis` static), so
/// eagerly it is one computation (XLA fuses the products into the sum's loop as
/// multiply-adds) and it shows in a jaxpr as `jit[name=trapezoid]`.
#[track_caller]
pub fn trapezoid_with(y: impl ArrayLike, f: impl FnOnce(TrapezoidKw) -> TrapezoidKw) -> Array {
    let kw = crate::keywords::apply::<TrapezoidKw>(f);
    let axis = kw.axis as isize;
    let (names, operands, given_x): (&[&str], _, _) = match kw.x {
        Some(x) => (&["y", "x"], vec![y.into_operand(), x], true),
        None => {
            let dx = kw.dx.unwrap_or_else(|| 1.0.into_operand());
            (&["y", "dx"], vec![y.into_operand(), dx], false)
        }
    };
    crate::numpy::operand::jax_jit("trapezoid", names, operands, move |ops| {
        let [y, other]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
        trapezoid_body(y, other, given_x, axis)
    })
}

/// The trapezoidal rule along `axis` of `y`, with sample points `other` (`given_x`) or
/// spacing `other`.
fn trapezoid_body(y: Operand, other: Operand, given_x: bool, axis: isize) -> Array {
    let (y, dx) = match given_x {
        false => {
            let y = promote_args_inexact(vec![y]).remove(0);
            let dx = other.into_array();
            let dx = if dx.ndim() > 0 {
                let extra: Vec<isize> = (0..(y.ndim() - dx.ndim()) as isize).collect();
                jnp::moveaxis(jnp::expand_dims(&dx, extra), axis, -1)
            } else {
                dx
            };
            (y, dx)
        }
        true => {
            let mut v = promote_args_inexact_dtypes(vec![y, other]);
            let x = v.pop().expect("x");
            let y = v.pop().expect("y");
            let dx = if x.ndim() == 1 {
                jnp::diff(&x)
            } else {
                jnp::moveaxis(jnp::diff_with(&x, |k| k.axis(axis as i64)), axis, -1)
            };
            (y, dx)
        }
    };
    let y = jnp::moveaxis(&y, axis, -1);
    if dx.ndim() == 0 || dx.shape()[dx.ndim() - 1] == 1 {
        let d = if dx.ndim() == 0 {
            dx
        } else {
            dx.i(s![crate::numpy::Ellipsis, 0])
        };
        let ends = jnp::add(
            y.i(s![crate::numpy::Ellipsis, 0]),
            y.i(s![crate::numpy::Ellipsis, -1]),
        );
        return jnp::multiply(
            d,
            jnp::subtract(jnp::sum_with(&y, |k| k.axis(-1)), jnp::multiply(0.5, ends)),
        );
    }
    let pairs = jnp::add(
        y.i(s![crate::numpy::Ellipsis, 1..]),
        y.i(s![crate::numpy::Ellipsis, ..-1]),
    );
    jnp::multiply(
        0.5,
        jnp::sum_with(jnp::multiply(&dx, pairs), |k| k.axis(-1)),
    )
}

crate::keywords! {
    /// Keywords of `jnp.unwrap(p, discont=None, axis=-1, period=2*pi)`.
    UnwrapKw {
        /// `discont`: the smallest jump corrected (default `period / 2`).
        discont: Option<Operand> = None; (d: impl ArrayLike) => Some(d.into_operand()),
        /// `axis`: the axis (default `-1`).
        axis: i64 = -1; (axis: i64) => axis,
        /// `period`: the period (default `2π`).
        period: Option<Operand> = None; (p: impl ArrayLike) => Some(p.into_operand()),
    }
}

/// `jnp.unwrap(p)`: `p` with jumps larger than π replaced by their `2π` complement.
/// Keywords through [`unwrap_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let u = jnp::unwrap(jnp::array([0.0, 6.0]));
/// assert!((u.to_vec::<f32>()[1] - (6.0 - 2.0 * std::f32::consts::PI)).abs() < 1e-6);
/// ```
#[track_caller]
pub fn unwrap(p: impl ArrayLike) -> Array {
    unwrap_with(p, |kw| kw)
}

/// `jnp.unwrap(p, discont=.., axis=.., period=..)`.
#[track_caller]
pub fn unwrap_with(p: impl ArrayLike, f: impl FnOnce(UnwrapKw) -> UnwrapKw) -> Array {
    let kw = crate::keywords::apply::<UnwrapKw>(f);
    let period = kw
        .period
        .unwrap_or_else(|| (2.0 * std::f64::consts::PI).into_operand());
    let mut v = crate::numpy::operand::promote_dtypes(vec![p.into_operand(), period]);
    let period = v.pop().expect("period");
    let p = v.pop().expect("p");
    let axis = canonicalize_axis(kw.axis as isize, p.ndim());
    if p.shape()[axis] == 0 {
        return p;
    }
    let interval = if p.dtype().is_integer() {
        jnp::floor_divide(&period, 2)
    } else {
        jnp::divide(&period, 2)
    };
    let discont = match kw.discont {
        Some(d) => d.into_array(),
        None => jnp::divide(&period, 2),
    };
    let dd = jnp::diff_with(&p, |k| k.axis(axis as i64));
    let ddmod = jnp::subtract(jnp::r#mod(jnp::add(&dd, &interval), &period), &interval);
    let ddmod = jnp::where_(
        jnp::logical_and(
            jnp::equal(&ddmod, jnp::negative(&interval)),
            jnp::greater(&dd, 0),
        ),
        &interval,
        &ddmod,
    );
    let correct = jnp::where_(
        jnp::less(jnp::abs(&dd), &discont),
        0,
        jnp::subtract(&ddmod, &dd),
    );
    let rest = jnp::add(
        slice_in_dim(&p, 1, None, axis),
        jnp::cumsum_with(&correct, |k| k.axis(axis as isize)),
    );
    jnp::concatenate_with([slice_in_dim(&p, 0, Some(1), axis), rest], |k| {
        k.axis(axis as i64)
    })
}

crate::keywords! {
    /// Keywords of `jnp.cumulative_sum(x, /, *, axis=None, dtype=None,
    /// include_initial=False)` and `jnp.cumulative_prod` (no `dtype` yet).
    CumulativeKw {
        /// `axis`: the axis (required unless `x` is 1-d).
        axis: Option<i64> = None; (axis: i64) => Some(axis),
        /// `include_initial`: start with the identity (`0` or `1`), one element longer.
        include_initial: bool = false; (include_initial: bool) => include_initial,
    }
}

/// `jnp.cumulative_sum(x)`: running sums along the only axis of a 1-d `x`. Keywords
/// through [`cumulative_sum_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let c = jnp::cumulative_sum_with(jnp::array([1, 2, 3]), |kw| kw.include_initial(true));
/// assert_eq!(c.to_vec::<i32>(), vec![0, 1, 3, 6]);
/// ```
#[track_caller]
pub fn cumulative_sum(x: impl ArrayLike) -> Array {
    cumulative_sum_with(x, |kw| kw)
}

/// `jnp.cumulative_sum(x, axis=.., include_initial=..)`.
///
/// # Panics
/// `The input must be non-scalar to take a cumulative sum, ...`; `The input array has
/// rank 2, however axis was not set to an explicit value. ...`.
#[track_caller]
pub fn cumulative_sum_with(
    x: impl ArrayLike,
    f: impl FnOnce(CumulativeKw) -> CumulativeKw,
) -> Array {
    let kw = crate::keywords::apply::<CumulativeKw>(f);
    cumulative(x.into_operand().into_array(), kw, "sum", 0)
}

/// `jnp.cumulative_prod(x)`: running products along the only axis of a 1-d `x`.
/// Keywords through [`cumulative_prod_with`].
#[track_caller]
pub fn cumulative_prod(x: impl ArrayLike) -> Array {
    cumulative_prod_with(x, |kw| kw)
}

/// `jnp.cumulative_prod(x, axis=.., include_initial=..)`.
#[track_caller]
pub fn cumulative_prod_with(
    x: impl ArrayLike,
    f: impl FnOnce(CumulativeKw) -> CumulativeKw,
) -> Array {
    let kw = crate::keywords::apply::<CumulativeKw>(f);
    cumulative(x.into_operand().into_array(), kw, "product", 1)
}

#[track_caller]
fn cumulative(x: Array, kw: CumulativeKw, what: &str, initial: i64) -> Array {
    if x.ndim() == 0 {
        panic!(
            "The input must be non-scalar to take a cumulative {what}, however a scalar \
             value or scalar array was given."
        );
    }
    let axis = match kw.axis {
        Some(a) => canonicalize_axis(a as isize, x.ndim()),
        None if x.ndim() > 1 => panic!(
            "The input array has rank {}, however axis was not set to an explicit value. The \
             axis argument is only optional for one-dimensional arrays.",
            x.ndim()
        ),
        None => 0,
    };
    let out = if initial == 0 {
        jnp::cumsum_with(&x, |k| k.axis(axis as isize))
    } else {
        jnp::cumprod_with(&x, |k| k.axis(axis as isize))
    };
    if !kw.include_initial {
        return out;
    }
    let mut shape = out.shape().to_vec();
    shape[axis] = 1;
    let first = jnp::full_with(shape, initial, |k| k.dtype(out.dtype()));
    jnp::concatenate_with([first, out], |k| k.axis(axis as i64))
}

crate::keywords! {
    /// Keywords of `jnp.nancumsum(a, axis=None)` and `jnp.nancumprod`.
    NancumKw {
        /// `axis`: the axis (default: the flattened array).
        axis: Option<i64> = None; (axis: i64) => Some(axis),
    }
}

/// `jnp.nancumsum(a)`: running sums of the flattened `a`, NaNs counted as `0`.
/// Keywords through [`nancumsum_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let c = jnp::nancumsum(jnp::array([1.0, f32::NAN, 2.0]));
/// assert_eq!(c.to_vec::<f32>(), vec![1.0, 1.0, 3.0]);
/// ```
#[track_caller]
pub fn nancumsum(a: impl ArrayLike) -> Array {
    nancumsum_with(a, |kw| kw)
}

/// `jnp.nancumsum(a, axis=..)`.
#[track_caller]
pub fn nancumsum_with(a: impl ArrayLike, f: impl FnOnce(NancumKw) -> NancumKw) -> Array {
    let kw = crate::keywords::apply::<NancumKw>(f);
    nancum(a.into_operand().into_array(), kw.axis, 0)
}

/// `jnp.nancumprod(a)`: running products of the flattened `a`, NaNs counted as `1`.
#[track_caller]
pub fn nancumprod(a: impl ArrayLike) -> Array {
    nancumprod_with(a, |kw| kw)
}

/// `jnp.nancumprod(a, axis=..)`.
#[track_caller]
pub fn nancumprod_with(a: impl ArrayLike, f: impl FnOnce(NancumKw) -> NancumKw) -> Array {
    let kw = crate::keywords::apply::<NancumKw>(f);
    nancum(a.into_operand().into_array(), kw.axis, 1)
}

fn nancum(a: Array, axis: Option<i64>, fill: i64) -> Array {
    let (a, axis) = match axis {
        None => (jnp::ravel(&a), 0),
        Some(d) => {
            let nd = a.ndim();
            (a, canonicalize_axis(d as isize, nd))
        }
    };
    let a = if a.dtype().is_float() {
        let c = const_like(&a, crate::dtype::Scalar::Int(fill as i128));
        jnp::where_(jnp::isnan(&a), c, &a)
    } else {
        a
    };
    if fill == 0 {
        jnp::cumsum_with(&a, |k| k.axis(axis as isize))
    } else {
        jnp::cumprod_with(&a, |k| k.axis(axis as isize))
    }
}
