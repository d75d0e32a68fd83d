//! Reductions: `sum`, `prod`, `max`, `min`, `mean`, `var`, `std`, `argmax`, `argmin`,
//! `any`, `all`, and the scans `cumsum`, `cumprod`.
//!
//! JAX counterpart: `jax/_src/numpy/reductions.py` (`_reduction`, `_mean`, `_var`,
//! `_cumulative_reduction`) and `lax_numpy.py` (`argmax`, `argmin`).
//!
//! Each reduction follows the README's keyword rule: `jnp::sum(&x)` reduces every axis,
//! `jnp::sum_with(&x, |kw| kw.axis([0, 2]).keepdims(true))` sets JAX's keywords (`axis` is
//! anything [`IntoAxes`]: an integer, an array or slice or `Vec` of integers, or
//! [`Axes::All`]). The methods `x.sum()`, `x.sum_axis(0)`, `x.sum_with(..)` are the same.
//!
//! Dtypes follow JAX: `sum`/`prod` of bools and of integers narrower than the default
//! integer give `int32` (`uint32` for unsigned), of `float16`/`bfloat16` accumulate in
//! `float32`; `mean`/`var`/`std` of integers give `float32`; `max`/`min`/`argmax` keep the
//! dtype (indices are `int32`).

use crate::array::Array;
use crate::dtype::{DType, Kind, Scalar};
use crate::lax;
use crate::numpy::creation::to_inexact;
use crate::numpy::operand::{jax_jit, jax_jit_inline, scalar_array, ArrayLike, Operand};
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
pub(crate) fn upcast_f16(dtype: DType) -> DType {
    match dtype {
        DType::F16 | DType::BF16 => DType::F32,
        d => d,
    }
}

/// The monoid a reduction folds with.
#[derive(Copy, Clone, PartialEq)]
pub(crate) enum Monoid {
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
pub(crate) fn reduction(
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
    ($($monoid:ident: $all:ident, $with:ident, $kw:ident, $jax:literal, $what:literal;)*) => {$(
        #[doc = concat!("`jnp.", $jax, "(a)`: the ", $what, " of all elements.")]
        ///
        #[doc = concat!("Keywords through [`", stringify!($with), "`].")]
        #[track_caller]
        pub fn $all(a: impl ArrayLike) -> Array {
            $with(a, |kw| kw)
        }

        #[doc = concat!("`jnp.", $jax, "(a, axis=.., keepdims=.., ..)`: [`", stringify!($all), "`] with the keywords set on a [`", stringify!($kw), "`].")]
        ///
        /// # Panics
        /// `axis 2 is out of bounds for array of dimension 2` for a bad axis; JAX's
        /// messages for an empty reduction without identity or a `where_` without `initial`.
        #[track_caller]
        pub fn $with(a: impl ArrayLike, f: impl FnOnce($kw) -> $kw) -> Array {
            let kw = crate::keywords::apply::<$kw>(f);
            reduction_full(a.into_operand(), Monoid::$monoid, kw.0)
        }
    )*};
}

reductions! {
    Sum: sum, sum_with, SumKw, "sum", "sum";
    Prod: prod, prod_with, ProdKw, "prod", "product";
    Max: max, max_with, MaxKw, "max", "maximum (NaN if any is NaN)";
    Min: min, min_with, MinKw, "min", "minimum (NaN if any is NaN)";
    And: all, all_with, AllKw, "all", "logical and (true when empty)";
    Or: any, any_with, AnyKw, "any", "logical or (false when empty)";
}

/// The keywords every reduction reads; each `<Function>Kw` exposes JAX's subset.
#[derive(Clone)]
pub(crate) struct ReduceKw {
    pub(crate) axis: Axes,
    pub(crate) dtype: Option<DType>,
    pub(crate) keepdims: bool,
    pub(crate) initial: Option<Operand>,
    pub(crate) where_: Option<Operand>,
    pub(crate) ddof: i32,
}

impl Default for ReduceKw {
    fn default() -> Self {
        ReduceKw {
            axis: Axes::All,
            dtype: None,
            keepdims: false,
            initial: None,
            where_: None,
            ddof: 0,
        }
    }
}

macro_rules! reduce_kw_method {
    (axis) => {
        /// `axis`: the axes to reduce (an integer, an array or `Vec` of them; default all).
        pub fn axis(mut self, axis: impl IntoAxes) -> Self {
            self.0.axis = axis.into_axes();
            self
        }
    };
    (dtype) => {
        /// `dtype`: the dtype to accumulate in and return (default from the input).
        pub fn dtype(mut self, dtype: DType) -> Self {
            self.0.dtype = Some(dtype);
            self
        }
    };
    (keepdims) => {
        /// `keepdims`: keep reduced axes as length-1 axes (default `false`).
        pub fn keepdims(mut self, keepdims: bool) -> Self {
            self.0.keepdims = keepdims;
            self
        }
    };
    (initial) => {
        /// `initial`: a scalar folded into every result (default none).
        pub fn initial(mut self, initial: impl ArrayLike) -> Self {
            self.0.initial = Some(initial.into_operand());
            self
        }
    };
    (where_) => {
        /// `where`: a mask broadcast against the input; masked-out elements are skipped.
        pub fn where_(mut self, mask: impl ArrayLike) -> Self {
            self.0.where_ = Some(mask.into_operand());
            self
        }
    };
    (ddof) => {
        /// `ddof`: divide by `count - ddof` (default `0`).
        pub fn ddof(mut self, ddof: i32) -> Self {
            self.0.ddof = ddof;
            self
        }
    };
}

macro_rules! reduce_kws {
    ($($kw:ident $jax:literal [$($method:ident)*];)*) => {$(
        #[doc = concat!("Keywords of `jnp.", $jax, "` (see the README's keyword rule).")]
        #[derive(Clone, Default)]
        #[must_use]
        pub struct $kw(ReduceKw);

        impl $kw {
            $(reduce_kw_method!($method);)*
        }
    )*};
}

reduce_kws! {
    SumKw "sum" [axis dtype keepdims initial where_];
    ProdKw "prod" [axis dtype keepdims initial where_];
    MaxKw "max" [axis keepdims initial where_];
    MinKw "min" [axis keepdims initial where_];
    AllKw "all" [axis keepdims where_];
    AnyKw "any" [axis keepdims where_];
    MeanKw "mean" [axis dtype keepdims];
    VarKw "var" [axis ddof keepdims];
    StdKw "std" [axis ddof keepdims];
    ArgmaxKw "argmax" [axis keepdims];
    ArgminKw "argmin" [axis keepdims];
    CumsumKw "cumsum" [axis];
    CumprodKw "cumprod" [axis];
}

/// reductions.py `_reduction_init_val`: the monoid's identity in `dtype` (integers clamp
/// an infinite identity to their range).
pub(crate) fn identity(monoid: Monoid, dtype: DType) -> Array {
    let s = match monoid {
        Monoid::Sum => Scalar::Int(0),
        Monoid::Prod => Scalar::Int(1),
        Monoid::And => Scalar::Bool(true),
        Monoid::Or => Scalar::Bool(false),
        Monoid::Max | Monoid::Min => {
            let low = monoid == Monoid::Max;
            match dtype.kind() {
                Kind::Bool => Scalar::Bool(!low),
                Kind::Int | Kind::UInt => {
                    let bits = 8 * dtype.itemsize() as u32;
                    let signed = dtype.kind() == Kind::Int;
                    Scalar::Int(match (signed, low) {
                        (true, true) => -(1i128 << (bits - 1)),
                        (true, false) => (1i128 << (bits - 1)) - 1,
                        (false, true) => 0,
                        (false, false) => (1i128 << bits) - 1,
                    })
                }
                _ => Scalar::Float(if low {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }),
            }
        }
    };
    scalar_array(s, dtype, false)
}

/// reductions.py `_reduction` with its `initial` and `where` arguments.
#[track_caller]
fn reduction_full(a: Operand, monoid: Monoid, kw: ReduceKw) -> Array {
    let has_identity = !matches!(monoid, Monoid::Max | Monoid::Min);
    let (initial, where_) = (kw.initial, kw.where_);
    if initial.is_none() && where_.is_none() {
        return reduction(a, monoid, kw.axis, kw.dtype, kw.keepdims);
    }
    let name = monoid.name();
    if initial.is_none() && !has_identity {
        panic!(
            "reduction operation {name} does not have an identity, so to use a where mask \
             one has to specify 'initial'"
        );
    }
    let a = a.into_array();
    let a = match monoid {
        Monoid::Sum | Monoid::Prod => promote_args_numeric(vec![a.into()]).remove(0),
        Monoid::And | Monoid::Or => lax::convert_element_type(&a, DType::Bool, false),
        Monoid::Max | Monoid::Min => a,
    };
    let dims = reduction_dims(a.ndim(), &kw.axis);
    let promotes = matches!(monoid, Monoid::Sum | Monoid::Prod);
    let result_dtype = match kw.dtype {
        Some(d) => d.canonicalize(),
        None if promotes => promote_integer(a.dtype()),
        None => a.dtype(),
    };
    let computation = if promotes && kw.dtype.is_none() && result_dtype.is_float() {
        upcast_f16(result_dtype)
    } else {
        result_dtype
    };
    let a = lax::convert_element_type(&a, computation, false);
    let a = match where_ {
        Some(mask) => where_inner(mask, a.into(), identity(monoid, computation).into()),
        None => a,
    };
    let mut result = bind1(
        monoid.primitive(computation, dims.clone()),
        std::slice::from_ref(&a),
    );
    if let Some(initial) = initial {
        let init = initial.convert(computation, false);
        if init.ndim() != 0 {
            panic!(
                "initial value must be a scalar. Got array of shape {}",
                py_tuple(init.shape())
            );
        }
        let boolean = computation == DType::Bool;
        result = match monoid {
            Monoid::Sum if boolean => lax::bitwise_or(&init, &result),
            Monoid::Prod if boolean => lax::bitwise_and(&init, &result),
            Monoid::Sum => lax::add(&init, &result),
            Monoid::Prod => lax::mul(&init, &result),
            Monoid::Max => lax::max(&init, &result),
            Monoid::Min => lax::min(&init, &result),
            Monoid::And => lax::bitwise_and(&init, &result),
            Monoid::Or => lax::bitwise_or(&init, &result),
        };
    }
    if kw.keepdims {
        result = expand_dims(&result, &dims);
    }
    lax::convert_element_type(&result, result_dtype, false)
}

/// The number of elements a reduction over `dims` folds together.
fn count(shape: &[usize], dims: &[usize]) -> usize {
    dims.iter().map(|&d| shape[d]).product()
}

/// `jnp.mean(a)`: the arithmetic mean of all elements (`float32` for integer input).
///
/// Keywords through [`mean_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::mean(jnp::array([1, 2, 3, 4])).item::<f32>(), 2.5);
/// ```
#[track_caller]
pub fn mean(a: impl ArrayLike) -> Array {
    mean_with(a, |kw| kw)
}

/// `jnp.mean(a, axis=.., dtype=.., keepdims=..)`: [`mean`] with keywords on a [`MeanKw`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1.0, 2.0], [3.0, 5.0]]);
/// assert_eq!(jnp::mean_with(&x, |kw| kw.axis(1)).to_vec::<f32>(), vec![1.5, 4.0]);
/// ```
#[track_caller]
pub fn mean_with(a: impl ArrayLike, f: impl FnOnce(MeanKw) -> MeanKw) -> Array {
    let kw = crate::keywords::apply::<MeanKw>(f).0;
    mean_impl(a.into_operand(), kw.axis, kw.dtype, kw.keepdims)
}

/// reductions.py `_mean`: `sum(a, dtype=computation) / count`, cast to the result dtype.
#[track_caller]
pub(crate) fn mean_impl(a: Operand, axes: Axes, dtype: Option<DType>, keepdims: bool) -> Array {
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
    let n = count(a.shape(), &dims);
    // JAX wraps `_mean` in `jit(inline=True)`.
    jax_jit_inline("_mean", &["a"], vec![Operand::Array(a)], move |ops| {
        let [a]: [Operand; 1] = ops.try_into().unwrap_or_else(|_| unreachable!());
        let normalizer = scalar_array(Scalar::Int(n as i128), computation, false);
        let total = reduction(a, Monoid::Sum, axes, Some(computation), keepdims);
        lax::convert_element_type(&lax::div(&total, &normalizer), result_dtype, false)
    })
}

/// The reduced axes as `_count` finds them (an axis past the end is Python's IndexError).
#[track_caller]
fn checked_dims_for_count(a: &Array, axes: &Axes) -> Vec<usize> {
    checked_count_dims(a.ndim(), axes)
}

#[track_caller]
pub(crate) fn checked_count_dims(ndim: usize, axes: &Axes) -> Vec<usize> {
    if let Axes::Some(list) = axes {
        let n = ndim as isize;
        if list.iter().any(|&ax| ax >= n || ax < -n) {
            panic!("tuple index out of range");
        }
    }
    reduction_dims(ndim, axes)
}

/// `jnp.var(a)`: the population variance of all elements.
///
/// Keywords through [`var_with`].
#[track_caller]
pub fn var(a: impl ArrayLike) -> Array {
    var_with(a, |kw| kw)
}

/// `jnp.var(a, axis=.., ddof=.., keepdims=..)`: divides by `count - ddof` (NaN when that is
/// not positive).
#[track_caller]
pub fn var_with(a: impl ArrayLike, f: impl FnOnce(VarKw) -> VarKw) -> Array {
    let kw = crate::keywords::apply::<VarKw>(f).0;
    var_impl(a.into_operand(), kw.axis, kw.ddof, kw.keepdims, false)
}

/// `jnp.std(a)`: the population standard deviation of all elements.
///
/// Keywords through [`std_with`].
#[track_caller]
pub fn std(a: impl ArrayLike) -> Array {
    std_with(a, |kw| kw)
}

/// `jnp.std(a, axis=.., ddof=.., keepdims=..)`.
#[track_caller]
pub fn std_with(a: impl ArrayLike, f: impl FnOnce(StdKw) -> StdKw) -> Array {
    let kw = crate::keywords::apply::<StdKw>(f).0;
    var_impl(a.into_operand(), kw.axis, kw.ddof, kw.keepdims, true)
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
    argmax_with(a, |kw| kw)
}

/// `jnp.argmax(a, axis=.., keepdims=..)` (one axis; none flattens first).
#[track_caller]
pub fn argmax_with(a: impl ArrayLike, f: impl FnOnce(ArgmaxKw) -> ArgmaxKw) -> Array {
    let kw = crate::keywords::apply::<ArgmaxKw>(f).0;
    arg_reduction(a.into_operand(), single_axis(&kw.axis), kw.keepdims, true)
}

/// `jnp.argmin(a)`: the flat index of the smallest element.
#[track_caller]
pub fn argmin(a: impl ArrayLike) -> Array {
    argmin_with(a, |kw| kw)
}

/// `jnp.argmin(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn argmin_with(a: impl ArrayLike, f: impl FnOnce(ArgminKw) -> ArgminKw) -> Array {
    let kw = crate::keywords::apply::<ArgminKw>(f).0;
    arg_reduction(a.into_operand(), single_axis(&kw.axis), kw.keepdims, false)
}

/// The one axis of `argmax`/`cumsum`-style functions, which take an integer or `None`.
///
/// # Panics
/// For several axes, as JAX's `operator.index` refuses a tuple.
#[track_caller]
pub(crate) fn single_axis(axes: &Axes) -> Option<isize> {
    match axes {
        Axes::All => None,
        Axes::Some(v) if v.len() == 1 => Some(v[0]),
        Axes::Some(_) => panic!("'tuple' object cannot be interpreted as an integer"),
    }
}

/// lax_numpy.py `_argmax`/`_argmin`.
#[track_caller]
pub(crate) fn arg_reduction(a: Operand, axis: Option<isize>, keepdims: bool, max: bool) -> Array {
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
    cumsum_with(a, |kw| kw)
}

/// `jnp.cumsum(a, axis=..)`.
#[track_caller]
pub fn cumsum_with(a: impl ArrayLike, f: impl FnOnce(CumsumKw) -> CumsumKw) -> Array {
    let kw = crate::keywords::apply::<CumsumKw>(f).0;
    cumulative(
        "cumsum",
        a.into_operand(),
        single_axis(&kw.axis),
        lax::cumsum,
    )
}

/// `jnp.cumprod(a)`: running products of the flattened array.
#[track_caller]
pub fn cumprod(a: impl ArrayLike) -> Array {
    cumprod_with(a, |kw| kw)
}

/// `jnp.cumprod(a, axis=..)`.
#[track_caller]
pub fn cumprod_with(a: impl ArrayLike, f: impl FnOnce(CumprodKw) -> CumprodKw) -> Array {
    let kw = crate::keywords::apply::<CumprodKw>(f).0;
    cumulative(
        "cumprod",
        a.into_operand(),
        single_axis(&kw.axis),
        lax::cumprod,
    )
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
