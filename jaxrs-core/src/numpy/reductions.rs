//! Reductions: `sum`, `prod`, `max`, `min`, `mean`, `var`, `std`, `argmax`, `argmin`,
//! `any`, `all`, and the scans `cumsum`, `cumprod`.
//!
//! JAX counterpart: `jax/_src/numpy/reductions.py` (`_reduction`, `_mean`, `_var`,
//! `_cumulative_reduction`) and `lax_numpy.py` (`argmax`, `argmin`).
//!
//! Each reduction comes in three spellings (JAX's `axis=` and `keepdims=` arguments):
//! - `jnp::sum(&x)`: over all axes;
//! - `jnp::sum_axis(&x, 0)`: over one axis (negative axes count from the end);
//! - `jnp::sum_axes(&x, [0, 2], true)`: over the given axes (anything [`IntoAxes`]:
//!   an integer, an array or slice or `Vec` of integers, or [`Axes::All`]), with
//!   `keepdims`.
//!
//! `var`/`std` add `var_ddof(&x, axes, ddof, keepdims)`; `argmax`/`argmin` take one axis or
//! none: `argmax_axes(&x, Some(-1), true)`. The same names exist as methods on
//! [`Array`](crate::Array): `x.sum()`, `x.sum_axis(0)`, `x.mean()`, `x.argmax()`, ...
//!
//! Dtypes follow JAX: `sum`/`prod` of bools and of integers narrower than the default
//! integer give `int32` (`uint32` for unsigned), of `float16`/`bfloat16` accumulate in
//! `float32`; `mean`/`var`/`std` of integers give `float32`; `max`/`min`/`argmax` keep the
//! dtype (indices are `int32`).

use crate::array::Array;
use crate::dtype::{DType, Kind, Scalar};
use crate::lax;
use crate::numpy::creation::to_inexact;
use crate::numpy::operand::{jax_jit, scalar_array, ArrayLike, Operand};
use crate::numpy::ufuncs::{promote_args_numeric, where_inner};
use crate::primitive::Primitive;
use crate::shape::{canonicalize_axis, py_tuple};
use crate::trace::bind1;

/// Which axes a reduction runs over (JAX's `axis=` argument).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Axes {
    /// Every axis (`axis=None`).
    All,
    /// These axes; negative ones count from the end (`axis=(0, -1)`).
    Some(Vec<isize>),
}

/// Values that name reduction axes: an integer, an array, slice or `Vec` of integers, or an
/// [`Axes`].
pub trait IntoAxes {
    /// The axes.
    fn into_axes(self) -> Axes;
}

impl IntoAxes for Axes {
    fn into_axes(self) -> Axes {
        self
    }
}

macro_rules! int_axes {
    ($($t:ty),*) => {$(
        impl IntoAxes for $t {
            fn into_axes(self) -> Axes {
                Axes::Some(vec![self as isize])
            }
        }
        impl<const N: usize> IntoAxes for [$t; N] {
            fn into_axes(self) -> Axes {
                Axes::Some(self.iter().map(|&a| a as isize).collect())
            }
        }
        impl IntoAxes for &[$t] {
            fn into_axes(self) -> Axes {
                Axes::Some(self.iter().map(|&a| a as isize).collect())
            }
        }
        impl IntoAxes for Vec<$t> {
            fn into_axes(self) -> Axes {
                Axes::Some(self.iter().map(|&a| a as isize).collect())
            }
        }
    )*};
}
int_axes!(i32, i64, isize, usize);

/// reductions.py `_reduction_dims`: non-negative axes, checked.
///
/// # Panics
/// `axis 2 is out of bounds for array of dimension 2`, or `duplicate value in 'axis': (0, 0)`.
#[track_caller]
fn reduction_dims(ndim: usize, axes: &Axes) -> Vec<usize> {
    match axes {
        Axes::All => (0..ndim).collect(),
        Axes::Some(list) => {
            // A loop, not a closure, so that the panic location stays the caller's.
            let mut canon = Vec::with_capacity(list.len());
            for &a in list {
                canon.push(canonicalize_axis(a, ndim));
            }
            let mut unique = canon.clone();
            unique.sort_unstable();
            unique.dedup();
            if unique.len() != canon.len() {
                let shown = if list.len() == 1 {
                    list[0].to_string()
                } else {
                    py_tuple(list)
                };
                panic!("duplicate value in 'axis': {shown}");
            }
            canon
        }
    }
}

/// `lax.expand_dims(x, dims)`: unit axes inserted at `dims` of the result.
#[track_caller]
fn expand_dims(x: &Array, dims: &[usize]) -> Array {
    let ndim = x.ndim() + dims.len();
    let mut shape = Vec::with_capacity(ndim);
    let mut kept = Vec::with_capacity(x.ndim());
    let mut src = x.shape().iter();
    for d in 0..ndim {
        if dims.contains(&d) {
            shape.push(1);
        } else {
            kept.push(d);
            shape.push(*src.next().expect("rank adds up"));
        }
    }
    bind1(
        Primitive::BroadcastInDim {
            shape,
            broadcast_dimensions: kept,
        },
        std::slice::from_ref(x),
    )
}

/// `lax.reshape` to one axis (binds nothing for a 1-d operand, as JAX).
#[track_caller]
fn ravel(x: &Array) -> Array {
    if x.ndim() == 1 {
        return x.clone();
    }
    bind1(
        Primitive::Reshape {
            new_sizes: vec![x.size()],
        },
        std::slice::from_ref(x),
    )
}

/// reductions.py `_promote_integer_dtype`.
fn promote_integer(dtype: DType) -> DType {
    match dtype.kind() {
        Kind::Bool => DType::default_int(),
        Kind::UInt if dtype.itemsize() < DType::default_uint().itemsize() => DType::default_uint(),
        Kind::Int if dtype.itemsize() < DType::default_int().itemsize() => DType::default_int(),
        _ => dtype,
    }
}

/// reductions.py `_upcast_f16`.
fn upcast_f16(dtype: DType) -> DType {
    match dtype {
        DType::F16 | DType::BF16 => DType::F32,
        d => d,
    }
}

/// The monoid a reduction folds with.
#[derive(Copy, Clone, PartialEq)]
enum Monoid {
    Sum,
    Prod,
    Max,
    Min,
    And,
    Or,
}

impl Monoid {
    fn name(self) -> &'static str {
        match self {
            Monoid::Sum => "sum",
            Monoid::Prod => "prod",
            Monoid::Max => "max",
            Monoid::Min => "min",
            Monoid::And => "all",
            Monoid::Or => "any",
        }
    }

    /// The lax primitive, as `lax.reduce` picks it from the op (bool sums are `or`s).
    fn primitive(self, dtype: DType, axes: Vec<usize>) -> Primitive {
        let boolean = dtype == DType::Bool;
        match self {
            Monoid::Sum if boolean => Primitive::ReduceOr { axes },
            Monoid::Prod if boolean => Primitive::ReduceAnd { axes },
            Monoid::Sum => Primitive::ReduceSum { axes },
            Monoid::Prod => Primitive::ReduceProd { axes },
            Monoid::Max => Primitive::ReduceMax { axes },
            Monoid::Min => Primitive::ReduceMin { axes },
            Monoid::And => Primitive::ReduceAnd { axes },
            Monoid::Or => Primitive::ReduceOr { axes },
        }
    }
}

/// reductions.py `_reduction`.
#[track_caller]
fn reduction(
    a: Operand,
    monoid: Monoid,
    axes: Axes,
    dtype: Option<DType>,
    keepdims: bool,
) -> Array {
    let a = a.into_array();
    let a = match monoid {
        Monoid::Sum | Monoid::Prod => promote_args_numeric(vec![a.into()]).remove(0),
        Monoid::And | Monoid::Or => lax::convert_element_type(&a, DType::Bool, false),
        Monoid::Max | Monoid::Min => a,
    };
    let dims = reduction_dims(a.ndim(), &axes);
    let has_identity = !matches!(monoid, Monoid::Max | Monoid::Min);
    if !has_identity && dims.iter().any(|&d| a.shape()[d] == 0) {
        panic!(
            "zero-size array to reduction operation {} which has no identity",
            monoid.name()
        );
    }
    let promotes = matches!(monoid, Monoid::Sum | Monoid::Prod);
    let result_dtype = match dtype {
        Some(d) => d.canonicalize(),
        None if promotes => promote_integer(a.dtype()),
        None => a.dtype(),
    };
    let computation = if promotes && dtype.is_none() && result_dtype.is_float() {
        upcast_f16(result_dtype)
    } else {
        result_dtype
    };
    let a = lax::convert_element_type(&a, computation, false);
    let mut result = bind1(
        monoid.primitive(computation, dims.clone()),
        std::slice::from_ref(&a),
    );
    if keepdims {
        result = expand_dims(&result, &dims);
    }
    lax::convert_element_type(&result, result_dtype, false)
}

macro_rules! reductions {
    ($($monoid:ident: $all:ident, $axis:ident, $axes:ident, $jax:literal, $what:literal;)*) => {$(
        #[doc = concat!("`jnp.", $jax, "(a)`: the ", $what, " of all elements.")]
        #[track_caller]
        pub fn $all(a: impl ArrayLike) -> Array {
            reduction(a.into_operand(), Monoid::$monoid, Axes::All, None, false)
        }

        #[doc = concat!("`jnp.", $jax, "(a, axis=axis)`: the ", $what, " along one axis.")]
        ///
        /// # Panics
        /// `axis 2 is out of bounds for array of dimension 2` for a bad axis.
        #[track_caller]
        pub fn $axis(a: impl ArrayLike, axis: isize) -> Array {
            reduction(a.into_operand(), Monoid::$monoid, Axes::Some(vec![axis]), None, false)
        }

        #[doc = concat!("`jnp.", $jax, "(a, axis=axes, keepdims=keepdims)`.")]
        #[track_caller]
        pub fn $axes(a: impl ArrayLike, axes: impl IntoAxes, keepdims: bool) -> Array {
            reduction(a.into_operand(), Monoid::$monoid, axes.into_axes(), None, keepdims)
        }
    )*};
}

reductions! {
    Sum: sum, sum_axis, sum_axes, "sum", "sum";
    Prod: prod, prod_axis, prod_axes, "prod", "product";
    Max: max, max_axis, max_axes, "max", "maximum (NaN if any is NaN)";
    Min: min, min_axis, min_axes, "min", "minimum (NaN if any is NaN)";
    And: all, all_axis, all_axes, "all", "logical and (true when empty)";
    Or: any, any_axis, any_axes, "any", "logical or (false when empty)";
}

/// `jnp.sum(a, axis, dtype, keepdims)`: the sum accumulated and returned in `dtype`.
#[track_caller]
pub fn sum_dtype(a: impl ArrayLike, axes: impl IntoAxes, dtype: DType, keepdims: bool) -> Array {
    reduction(
        a.into_operand(),
        Monoid::Sum,
        axes.into_axes(),
        Some(dtype),
        keepdims,
    )
}

/// The number of elements a reduction over `dims` folds together.
fn count(shape: &[usize], dims: &[usize]) -> usize {
    dims.iter().map(|&d| shape[d]).product()
}

/// `jnp.mean(a)`: the arithmetic mean of all elements (`float32` for integer input).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::mean(jnp::array([1, 2, 3, 4])).item::<f32>(), 2.5);
/// ```
#[track_caller]
pub fn mean(a: impl ArrayLike) -> Array {
    mean_impl(a.into_operand(), Axes::All, None, false)
}

/// `jnp.mean(a, axis=axis)`.
#[track_caller]
pub fn mean_axis(a: impl ArrayLike, axis: isize) -> Array {
    mean_impl(a.into_operand(), Axes::Some(vec![axis]), None, false)
}

/// `jnp.mean(a, axis=axes, keepdims=keepdims)`.
#[track_caller]
pub fn mean_axes(a: impl ArrayLike, axes: impl IntoAxes, keepdims: bool) -> Array {
    mean_impl(a.into_operand(), axes.into_axes(), None, keepdims)
}

/// reductions.py `_mean`: `sum(a, dtype=computation) / count`, cast to the result dtype.
#[track_caller]
fn mean_impl(a: Operand, axes: Axes, dtype: Option<DType>, keepdims: bool) -> Array {
    let a = a.into_array();
    let result_dtype = match dtype {
        Some(d) => d.canonicalize(),
        None => to_inexact(a.dtype()),
    };
    let computation = if result_dtype.is_float() {
        upcast_f16(result_dtype)
    } else {
        result_dtype
    };
    let dims = checked_dims_for_count(&a, &axes);
    let normalizer = scalar_array(
        Scalar::Int(count(a.shape(), &dims) as i128),
        computation,
        false,
    );
    let total = reduction(a.into(), Monoid::Sum, axes, Some(computation), keepdims);
    lax::convert_element_type(&lax::div(&total, &normalizer), result_dtype, false)
}

/// The reduced axes as `_count` finds them (an axis past the end is Python's IndexError).
#[track_caller]
fn checked_dims_for_count(a: &Array, axes: &Axes) -> Vec<usize> {
    checked_count_dims(a.ndim(), axes)
}

#[track_caller]
fn checked_count_dims(ndim: usize, axes: &Axes) -> Vec<usize> {
    if let Axes::Some(list) = axes {
        let n = ndim as isize;
        if list.iter().any(|&ax| ax >= n || ax < -n) {
            panic!("tuple index out of range");
        }
    }
    reduction_dims(ndim, axes)
}

/// `jnp.var(a)`: the population variance of all elements.
#[track_caller]
pub fn var(a: impl ArrayLike) -> Array {
    var_impl(a.into_operand(), Axes::All, 0, false, false)
}

/// `jnp.var(a, axis=axis)`.
#[track_caller]
pub fn var_axis(a: impl ArrayLike, axis: isize) -> Array {
    var_impl(a.into_operand(), Axes::Some(vec![axis]), 0, false, false)
}

/// `jnp.var(a, axis=axes, keepdims=keepdims)`.
#[track_caller]
pub fn var_axes(a: impl ArrayLike, axes: impl IntoAxes, keepdims: bool) -> Array {
    var_impl(a.into_operand(), axes.into_axes(), 0, keepdims, false)
}

/// `jnp.var(a, axis=axes, ddof=ddof, keepdims=keepdims)`: divides by `count - ddof` (NaN
/// when that is not positive).
#[track_caller]
pub fn var_ddof(a: impl ArrayLike, axes: impl IntoAxes, ddof: i32, keepdims: bool) -> Array {
    var_impl(a.into_operand(), axes.into_axes(), ddof, keepdims, false)
}

/// `jnp.std(a)`: the population standard deviation of all elements.
#[track_caller]
pub fn std(a: impl ArrayLike) -> Array {
    var_impl(a.into_operand(), Axes::All, 0, false, true)
}

/// `jnp.std(a, axis=axis)`.
#[track_caller]
pub fn std_axis(a: impl ArrayLike, axis: isize) -> Array {
    var_impl(a.into_operand(), Axes::Some(vec![axis]), 0, false, true)
}

/// `jnp.std(a, axis=axes, keepdims=keepdims)`.
#[track_caller]
pub fn std_axes(a: impl ArrayLike, axes: impl IntoAxes, keepdims: bool) -> Array {
    var_impl(a.into_operand(), axes.into_axes(), 0, keepdims, true)
}

/// `jnp.std(a, axis=axes, ddof=ddof, keepdims=keepdims)`.
#[track_caller]
pub fn std_ddof(a: impl ArrayLike, axes: impl IntoAxes, ddof: i32, keepdims: bool) -> Array {
    var_impl(a.into_operand(), axes.into_axes(), ddof, keepdims, true)
}

#[track_caller]
fn var_impl(a: Operand, axes: Axes, ddof: i32, keepdims: bool, sqrt: bool) -> Array {
    // Axis errors are checked here, outside the jit body, to panic at the caller's line.
    checked_count_dims(a.shape().len(), &axes);
    let correction = Operand::Scalar(Scalar::Int(ddof as i128));
    if !sqrt {
        return var_jit(a, correction, axes, keepdims);
    }
    // JAX wraps this in jit(name=_std).
    jax_jit("_std", &["a", "correction"], vec![a, correction], |ops| {
        let [a, correction]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
        lax::sqrt(&var_jit(a, correction, axes, keepdims))
    })
}

/// reductions.py `_var`.
#[track_caller]
fn var_jit(a: Operand, correction: Operand, axes: Axes, keepdims: bool) -> Array {
    // JAX wraps this in jit(name=_var).
    jax_jit("_var", &["a", "correction"], vec![a, correction], |ops| {
        let [a, correction]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
        let a = a.into_array();
        let (computation, dtype) = if a.dtype().is_float() {
            (upcast_f16(a.dtype()), a.dtype())
        } else {
            let d = to_inexact(a.dtype());
            (d, d)
        };
        let a = lax::convert_element_type(&a, computation, false);
        let a_mean = mean_impl(a.clone().into(), axes.clone(), Some(computation), true);
        let centered = lax::square(&lax::sub(&a, &a_mean));
        let dims = checked_dims_for_count(&a, &axes);
        let n = scalar_array(
            Scalar::Int(count(a.shape(), &dims) as i128),
            computation,
            false,
        );
        let normalizer = lax::sub(&n, &correction.convert(computation, false));
        let total = reduction(
            centered.into(),
            Monoid::Sum,
            axes,
            Some(computation),
            keepdims,
        );
        let result = lax::convert_element_type(&lax::div(&total, &normalizer), dtype, false);
        let positive = lax::gt(
            &normalizer,
            &scalar_array(Scalar::Int(0), computation, true),
        );
        where_inner(
            positive.into(),
            result.into(),
            Operand::Scalar(Scalar::Float(f64::NAN)),
        )
    })
}

/// `jnp.argmax(a)`: the flat index of the largest element (the first on ties; NaN counts
/// as largest), `int32`.
///
/// # Panics
/// `attempt to get argmax of an empty sequence` for an empty array.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::argmax(jnp::array([1, 5, 7, 7])).item::<i32>(), 2);
/// ```
#[track_caller]
pub fn argmax(a: impl ArrayLike) -> Array {
    arg_reduction(a.into_operand(), None, false, true)
}

/// `jnp.argmax(a, axis=axis)`.
#[track_caller]
pub fn argmax_axis(a: impl ArrayLike, axis: isize) -> Array {
    arg_reduction(a.into_operand(), Some(axis), false, true)
}

/// `jnp.argmax(a, axis=axis, keepdims=keepdims)`; `None` flattens first.
#[track_caller]
pub fn argmax_axes(a: impl ArrayLike, axis: Option<isize>, keepdims: bool) -> Array {
    arg_reduction(a.into_operand(), axis, keepdims, true)
}

/// `jnp.argmin(a)`: the flat index of the smallest element.
#[track_caller]
pub fn argmin(a: impl ArrayLike) -> Array {
    arg_reduction(a.into_operand(), None, false, false)
}

/// `jnp.argmin(a, axis=axis)`.
#[track_caller]
pub fn argmin_axis(a: impl ArrayLike, axis: isize) -> Array {
    arg_reduction(a.into_operand(), Some(axis), false, false)
}

/// `jnp.argmin(a, axis=axis, keepdims=keepdims)`.
#[track_caller]
pub fn argmin_axes(a: impl ArrayLike, axis: Option<isize>, keepdims: bool) -> Array {
    arg_reduction(a.into_operand(), axis, keepdims, false)
}

/// lax_numpy.py `_argmax`/`_argmin`.
#[track_caller]
fn arg_reduction(a: Operand, axis: Option<isize>, keepdims: bool, max: bool) -> Array {
    let name = if max { "argmax" } else { "argmin" };
    let a = a.into_array();
    let (a, axis, dims) = match axis {
        None => {
            let dims: Vec<usize> = (0..a.ndim()).collect();
            (ravel(&a), 0, dims)
        }
        Some(ax) => {
            let n = a.ndim() as isize;
            if ax >= n || ax < -n {
                panic!("tuple index out of range");
            }
            let ax = canonicalize_axis(ax, a.ndim());
            (a, ax, vec![ax])
        }
    };
    if a.shape()[axis] == 0 {
        panic!("attempt to get {name} of an empty sequence");
    }
    let index_dtype = DType::default_int();
    let result = if max {
        lax::argmax(&a, axis, index_dtype)
    } else {
        lax::argmin(&a, axis, index_dtype)
    };
    if keepdims {
        expand_dims(&result, &dims)
    } else {
        result
    }
}

/// `jnp.cumsum(a)`: running sums of the flattened array.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::cumsum(jnp::array([1, 2, 3])).to_vec::<i32>(), vec![1, 3, 6]);
/// ```
#[track_caller]
pub fn cumsum(a: impl ArrayLike) -> Array {
    cumulative("cumsum", a.into_operand(), None, lax::cumsum)
}

/// `jnp.cumsum(a, axis=axis)`.
#[track_caller]
pub fn cumsum_axis(a: impl ArrayLike, axis: isize) -> Array {
    cumulative("cumsum", a.into_operand(), Some(axis), lax::cumsum)
}

/// `jnp.cumprod(a)`: running products of the flattened array.
#[track_caller]
pub fn cumprod(a: impl ArrayLike) -> Array {
    cumulative("cumprod", a.into_operand(), None, lax::cumprod)
}

/// `jnp.cumprod(a, axis=axis)`.
#[track_caller]
pub fn cumprod_axis(a: impl ArrayLike, axis: isize) -> Array {
    cumulative("cumprod", a.into_operand(), Some(axis), lax::cumprod)
}

/// reductions.py `_cumulative_reduction` (bools accumulate as `int32`).
#[track_caller]
fn cumulative(
    name: &'static str,
    a: Operand,
    axis: Option<isize>,
    scan: fn(&Array, usize, bool) -> Array,
) -> Array {
    // Checked here, outside the jit body, to panic at the caller's line.
    let scanned_rank = match axis {
        None => 1,
        Some(_) => a.shape().len().max(1),
    };
    canonicalize_axis(axis.unwrap_or(0), scanned_rank);
    // JAX wraps this in jit(name=cumsum) / jit(name=cumprod).
    jax_jit(name, &["a"], vec![a], move |ops| {
        let a = ops.into_iter().next().expect("one operand").into_array();
        let a = if axis.is_none() || a.ndim() == 0 {
            ravel(&a)
        } else {
            a
        };
        let axis = canonicalize_axis(axis.unwrap_or(0), a.ndim());
        let result_type = if a.dtype() == DType::Bool {
            promote_integer(a.dtype())
        } else {
            a.dtype()
        };
        let a = lax::convert_element_type(&a, result_type, false);
        scan(&a, axis, false)
    })
}
