//! Reductions that skip NaNs: `nansum`, `nanprod`, `nanmax`, `nanmin`, `nanmean`,
//! `nanvar`, `nanstd`, `nanargmax`, `nanargmin`.
//!
//! JAX counterpart: `jax/_src/numpy/reductions.py` (`_nan_reduction`, `nanmean`,
//! `_nanvar`) and `lax_numpy.py` (`_nanargmax`). Each is JAX's `jit` of the same name;
//! NaNs are replaced by the reduction's identity before reducing. Integer and bool inputs
//! have no NaNs and reduce as the plain functions do.

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::creation::to_inexact;
use crate::numpy::operand::{jax_jit, scalar_array, ArrayLike, Operand};
use crate::numpy::reductions::{
    arg_reduction, checked_count_dims, identity, reduction, single_axis, upcast_f16, Axes,
    IntoAxes, Monoid,
};
use crate::numpy::ufuncs::where_inner;

crate::keywords! {
    /// Keywords of the NaN-skipping reductions: `axis=None, keepdims=False` (and `ddof=0`
    /// for `nanvar`/`nanstd`).
    NanKw {
        /// `axis`: the axes to reduce (default all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `keepdims`: keep reduced axes as length-1 axes (default `false`).
        keepdims: bool = false; (keepdims: bool) => keepdims,
        /// `ddof`: `nanvar`/`nanstd` divide by `count - ddof` (default `0`).
        ddof: Option<i64> = None; (ddof: i64) => Some(ddof),
    }
}

/// Keywords of `jnp.nansum` ([`NanKw`]).
pub type NansumKw = NanKw;

/// `_nan_reduction`: `reduce(where(isnan(a), identity, a))`, and NaN where every element
/// was NaN when `nan_if_all_nan` (`nanmax`, `nanmin`).
#[track_caller]
fn nan_reduction(
    name: &'static str,
    a: Operand,
    monoid: Monoid,
    nan_if_all_nan: bool,
    kw: NanKw,
) -> Array {
    checked_count_dims(a.shape().len(), &kw.axis);
    jax_jit(name, &["a"], vec![a], move |ops| {
        let a = ops.into_iter().next().expect("a").into_array();
        if !a.dtype().is_float() {
            return reduction(a.into(), monoid, kw.axis, None, kw.keepdims);
        }
        let isnan = lax::ne(&a, &a);
        let filled = where_inner(
            isnan.into(),
            identity(monoid, a.dtype()).into(),
            a.clone().into(),
        );
        let out = reduction(filled.into(), monoid, kw.axis.clone(), None, kw.keepdims);
        if !nan_if_all_nan {
            return out;
        }
        let all_nan = reduction(
            lax::ne(&a, &a).into(),
            Monoid::And,
            kw.axis,
            None,
            kw.keepdims,
        );
        let nan = scalar_array(Scalar::Float(f64::NAN), a.dtype(), false);
        where_inner(all_nan.into(), nan.into(), out.into())
    })
}

macro_rules! nan_reductions {
    ($($name:ident, $with:ident, $monoid:ident, $all_nan:literal, $what:literal;)*) => {$(
        #[doc = concat!("`jnp.", stringify!($name), "(a)`: the ", $what, " of all elements, NaNs skipped.")]
        ///
        #[doc = concat!("Keywords through [`", stringify!($with), "`].")]
        #[track_caller]
        pub fn $name(a: impl ArrayLike) -> Array {
            $with(a, |kw| kw)
        }

        #[doc = concat!("`jnp.", stringify!($name), "(a, axis=.., keepdims=..)`.")]
        #[track_caller]
        pub fn $with(a: impl ArrayLike, f: impl FnOnce(NanKw) -> NanKw) -> Array {
            let kw = crate::keywords::apply::<NanKw>(f);
            nan_reduction(stringify!($name), a.into_operand(), Monoid::$monoid, $all_nan, kw)
        }
    )*};
}

nan_reductions! {
    nansum, nansum_with, Sum, false, "sum (0 when all are NaN)";
    nanprod, nanprod_with, Prod, false, "product (1 when all are NaN)";
    nanmax, nanmax_with, Max, true, "maximum (NaN when all are NaN)";
    nanmin, nanmin_with, Min, true, "minimum (NaN when all are NaN)";
}

/// `jnp.nanmean` inside its jit: `nansum(a) / count(not isnan(a))`.
#[track_caller]
fn nanmean_body(a: Array, axis: Axes, dtype: Option<DType>, keepdims: bool) -> Array {
    if !a.dtype().is_float() {
        return crate::numpy::reductions::mean_impl(a.into(), axis, dtype, keepdims);
    }
    let dtype = dtype.unwrap_or_else(|| to_inexact(a.dtype()));
    let nan_mask = lax::bitwise_not(lax::ne(&a, &a));
    let normalizer = reduction(
        nan_mask.into(),
        Monoid::Sum,
        axis.clone(),
        Some(dtype),
        keepdims,
    );
    let total = jax_jit("nansum", &["a"], vec![a.into()], move |ops| {
        let a = ops.into_iter().next().expect("a").into_array();
        let isnan = lax::ne(&a, &a);
        let filled = where_inner(
            isnan.into(),
            identity(Monoid::Sum, a.dtype()).into(),
            a.into(),
        );
        reduction(filled.into(), Monoid::Sum, axis, Some(dtype), keepdims)
    });
    lax::div(&total, &normalizer)
}

/// `jnp.nanmean(a)`: the mean of the non-NaN elements (NaN when there are none).
/// Keywords through [`nanmean_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1.0, f32::NAN, 3.0]);
/// assert_eq!(jnp::nanmean(&x).item::<f32>(), 2.0);
/// ```
#[track_caller]
pub fn nanmean(a: impl ArrayLike) -> Array {
    nanmean_with(a, |kw| kw)
}

/// `jnp.nanmean(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn nanmean_with(a: impl ArrayLike, f: impl FnOnce(NanKw) -> NanKw) -> Array {
    let kw = crate::keywords::apply::<NanKw>(f);
    let a = a.into_operand();
    checked_count_dims(a.shape().len(), &kw.axis);
    jax_jit("nanmean", &["a"], vec![a], move |ops| {
        let a = ops.into_iter().next().expect("a").into_array();
        nanmean_body(a, kw.axis, None, kw.keepdims)
    })
}

/// `_nanvar` inside `nanvar`'s jit.
#[track_caller]
fn nanvar_body(a: Array, ddof: Operand, axis: Axes, keepdims: bool) -> Array {
    let (computation, dtype) = if a.dtype().is_float() {
        (upcast_f16(a.dtype()), a.dtype())
    } else {
        let d = to_inexact(a.dtype());
        (d, d)
    };
    let a = lax::convert_element_type(&a, computation, false);
    let mean_axis = axis.clone();
    let a_mean = jax_jit("nanmean", &["a"], vec![a.clone().into()], move |ops| {
        let a = ops.into_iter().next().expect("a").into_array();
        nanmean_body(a, mean_axis, Some(computation), true)
    });
    let isnan = lax::ne(&a, &a);
    let centered = where_inner(
        isnan.into(),
        Operand::Scalar(Scalar::Int(0)),
        lax::sub(&a, &a_mean).into(),
    );
    let centered = lax::square(&centered);
    let not_nan = lax::bitwise_not(lax::ne(&a, &a));
    let count = reduction(not_nan.into(), Monoid::Sum, axis.clone(), None, keepdims);
    let normalizer = crate::numpy::subtract(&count, ddof);
    let zero = scalar_array(Scalar::Int(0), normalizer.dtype(), false);
    let mask = lax::le(&normalizer, &zero);
    let result = reduction(centered.into(), Monoid::Sum, axis, None, keepdims);
    let result = where_inner(
        mask.clone().into(),
        Operand::Scalar(Scalar::Float(f64::NAN)),
        result.into(),
    );
    let divisor = where_inner(
        mask.into(),
        Operand::Scalar(Scalar::Int(1)),
        normalizer.into(),
    );
    let divisor = lax::convert_element_type(&divisor, result.dtype(), false);
    lax::convert_element_type(&lax::div(&result, &divisor), dtype, false)
}

/// `nanvar`/`nanstd`: JAX's jit with `ddof` an argument when it is passed.
#[track_caller]
fn nanvar_jit(name: &'static str, a: Operand, kw: NanKw, sqrt: bool) -> Array {
    checked_count_dims(a.shape().len(), &kw.axis);
    let (axis, keepdims) = (kw.axis, kw.keepdims);
    let body = move |a: Array, ddof: Operand| {
        let v = if sqrt {
            // `nanstd` passes its `ddof` (0 by default) on to `nanvar`'s jit.
            let axis = axis.clone();
            jax_jit("nanvar", &["a", "ddof"], vec![a.into(), ddof], move |ops| {
                let [a, ddof]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
                nanvar_body(a.into_array(), ddof, axis, keepdims)
            })
        } else {
            nanvar_body(a, ddof, axis, keepdims)
        };
        if sqrt {
            lax::sqrt(&v)
        } else {
            v
        }
    };
    match kw.ddof {
        None => jax_jit(name, &["a"], vec![a], move |ops| {
            let a = ops.into_iter().next().expect("a").into_array();
            body(a, Operand::Scalar(Scalar::Int(0)))
        }),
        Some(d) => jax_jit(
            name,
            &["a", "ddof"],
            vec![a, Operand::Scalar(Scalar::Int(d as i128))],
            move |ops| {
                let mut ops = ops.into_iter();
                let a = ops.next().expect("a").into_array();
                body(a, ops.next().expect("ddof"))
            },
        ),
    }
}

/// `jnp.nanvar(a)`: the variance of the non-NaN elements. Keywords (`axis`, `ddof`,
/// `keepdims`) through [`nanvar_with`].
#[track_caller]
pub fn nanvar(a: impl ArrayLike) -> Array {
    nanvar_with(a, |kw| kw)
}

/// `jnp.nanvar(a, axis=.., ddof=.., keepdims=..)`.
#[track_caller]
pub fn nanvar_with(a: impl ArrayLike, f: impl FnOnce(NanKw) -> NanKw) -> Array {
    let kw = crate::keywords::apply::<NanKw>(f);
    nanvar_jit("nanvar", a.into_operand(), kw, false)
}

/// `jnp.nanstd(a)`: the standard deviation of the non-NaN elements.
#[track_caller]
pub fn nanstd(a: impl ArrayLike) -> Array {
    nanstd_with(a, |kw| kw)
}

/// `jnp.nanstd(a, axis=.., ddof=.., keepdims=..)`.
#[track_caller]
pub fn nanstd_with(a: impl ArrayLike, f: impl FnOnce(NanKw) -> NanKw) -> Array {
    let kw = crate::keywords::apply::<NanKw>(f);
    nanvar_jit("nanstd", a.into_operand(), kw, true)
}

/// `_nanargmax`/`_nanargmin`: the arg-reduction of `where(isnan(a), ∓inf, a)`, and `-1`
/// where every element is NaN.
#[track_caller]
fn nan_arg(a: Operand, kw: NanKw, max: bool) -> Array {
    let axis = single_axis(&kw.axis);
    let keepdims = kw.keepdims;
    let name = if max { "_nanargmax" } else { "_nanargmin" };
    jax_jit(name, &["a"], vec![a], move |ops| {
        let a = ops.into_iter().next().expect("a").into_array();
        if !a.dtype().is_float() {
            return arg_reduction(a.into(), axis, keepdims, max);
        }
        let nan_mask = lax::ne(&a, &a);
        let fill = if max {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        let filled = where_inner(
            nan_mask.clone().into(),
            Operand::Scalar(Scalar::Float(fill)),
            a.into(),
        );
        let res = arg_reduction(filled.into(), axis, keepdims, max);
        let axes = match axis {
            None => Axes::All,
            Some(ax) => Axes::Some(vec![ax]),
        };
        let all_nan = reduction(nan_mask.into(), Monoid::And, axes, None, keepdims);
        where_inner(all_nan.into(), Operand::Scalar(Scalar::Int(-1)), res.into())
    })
}

/// `jnp.nanargmax(a)`: the flat index of the largest non-NaN element (`-1` if all are NaN).
/// Keywords (`axis`, `keepdims`) through [`nanargmax_with`].
#[track_caller]
pub fn nanargmax(a: impl ArrayLike) -> Array {
    nanargmax_with(a, |kw| kw)
}

/// `jnp.nanargmax(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn nanargmax_with(a: impl ArrayLike, f: impl FnOnce(NanKw) -> NanKw) -> Array {
    nan_arg(a.into_operand(), crate::keywords::apply::<NanKw>(f), true)
}

/// `jnp.nanargmin(a)`: the flat index of the smallest non-NaN element (`-1` if all are NaN).
#[track_caller]
pub fn nanargmin(a: impl ArrayLike) -> Array {
    nanargmin_with(a, |kw| kw)
}

/// `jnp.nanargmin(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn nanargmin_with(a: impl ArrayLike, f: impl FnOnce(NanKw) -> NanKw) -> Array {
    nan_arg(a.into_operand(), crate::keywords::apply::<NanKw>(f), false)
}
