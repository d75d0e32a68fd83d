//! The NumPy-style methods of [`Array`]: `x.sin()`, `x.powi(2)`, `x.astype(..)`,
//! `x.sum()`, `x.mean_axis(0)`, `x.argmax()`, ...
//!
//! JAX counterpart: `jax/_src/numpy/array_methods.py`. Each method is the `jnp` function of
//! the same name (reductions also have `x.sum_axis(0)` and `x.sum_with(..)`, the keyword
//! rule of [`crate::numpy`]'s reductions) and panics at the caller's line.

use super::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy as jnp;
use crate::numpy::ArrayLike;

macro_rules! unary_methods {
    ($($(#[$doc:meta])* $name:ident => $f:path),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(&self) -> Array {
            $f(self)
        }
    )*};
}

macro_rules! reduction_methods {
    ($($all:ident, $axis:ident, $with:ident, $kw:ident;)*) => {$(
        #[doc = concat!("[`jnp::", stringify!($all), "`](crate::numpy::", stringify!($all), ") over all axes.")]
        #[track_caller]
        pub fn $all(&self) -> Array {
            jnp::$all(self)
        }

        #[doc = concat!("[`jnp::", stringify!($with), "`](crate::numpy::", stringify!($with), ") along one axis.")]
        #[track_caller]
        pub fn $axis(&self, axis: isize) -> Array {
            jnp::$with(self, |kw| kw.axis(axis))
        }

        #[doc = concat!("[`jnp::", stringify!($with), "`](crate::numpy::", stringify!($with), "): keywords on a [`jnp::", stringify!($kw), "`](crate::numpy::", stringify!($kw), ").")]
        #[track_caller]
        pub fn $with(&self, f: impl FnOnce(jnp::$kw) -> jnp::$kw) -> Array {
            jnp::$with(self, f)
        }
    )*};
}

impl Array {
    /// `x.astype(dtype)`: a copy converted to `dtype` (floats to integers truncate toward
    /// zero; nothing is bound when the dtype and weak type already match).
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::{numpy as jnp, DType};
    /// let x = jnp::array([1.7, -1.7]).astype(DType::I32);
    /// assert_eq!(x.to_vec::<i32>(), vec![1, -1]);
    /// ```
    #[track_caller]
    pub fn astype(&self, dtype: DType) -> Array {
        lax::convert_element_type(self, dtype, false)
    }

    /// `x ** n` for an integer `n`: `integer_pow[y=n]`.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// assert_eq!(jnp::array([1.0, 4.0]).powi(2).to_vec::<f32>(), vec![1.0, 16.0]);
    /// ```
    #[track_caller]
    pub fn powi(&self, n: i32) -> Array {
        jnp::power(self, n)
    }

    /// `x ** y` for an array or float exponent ([`jnp::power`](crate::numpy::power)).
    #[track_caller]
    pub fn pow(&self, y: impl ArrayLike) -> Array {
        jnp::power(self, y)
    }

    /// `x.clip()` ([`jnp::clip`](crate::numpy::clip)); its bounds are keywords, set through
    /// [`Array::clip_with`].
    #[track_caller]
    pub fn clip(&self) -> Array {
        jnp::clip(self)
    }

    /// `x.clip(min=.., max=..)` ([`jnp::clip_with`](crate::numpy::clip_with)).
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// let y = jnp::array([-2.0, 0.5, 3.0]).clip_with(|kw| kw.min(0).max(1));
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn clip_with(&self, f: impl FnOnce(jnp::ClipKw) -> jnp::ClipKw) -> Array {
        jnp::clip_with(self, f)
    }

    /// `x.sort()`: sorted along the last axis ([`jnp::sort`](crate::numpy::sort)).
    #[track_caller]
    pub fn sort(&self) -> Array {
        jnp::sort(self)
    }

    /// `x.sort(axis=.., ..)` ([`jnp::sort_with`](crate::numpy::sort_with)).
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// let y = jnp::array([[3, 1], [0, 2]]).sort_with(|kw| kw.axis(0));
    /// assert_eq!(y.to_vec::<i32>(), vec![0, 1, 3, 2]);
    /// ```
    #[track_caller]
    pub fn sort_with(&self, f: impl FnOnce(jnp::SortKw) -> jnp::SortKw) -> Array {
        jnp::sort_with(self, f)
    }

    /// `x.argsort()`: the indices that sort the last axis
    /// ([`jnp::argsort`](crate::numpy::argsort)).
    #[track_caller]
    pub fn argsort(&self) -> Array {
        jnp::argsort(self)
    }

    /// `x.argsort(axis=.., ..)` ([`jnp::argsort_with`](crate::numpy::argsort_with)).
    #[track_caller]
    pub fn argsort_with(&self, f: impl FnOnce(jnp::ArgsortKw) -> jnp::ArgsortKw) -> Array {
        jnp::argsort_with(self, f)
    }

    /// `x.squeeze()`: without its unit axes ([`jnp::squeeze`](crate::numpy::squeeze)).
    #[track_caller]
    pub fn squeeze(&self) -> Array {
        jnp::squeeze(self)
    }

    /// `x.squeeze(axis=..)` ([`jnp::squeeze_with`](crate::numpy::squeeze_with)).
    #[track_caller]
    pub fn squeeze_with(&self, f: impl FnOnce(jnp::SqueezeKw) -> jnp::SqueezeKw) -> Array {
        jnp::squeeze_with(self, f)
    }

    unary_methods! {
        /// `x.sin()` ([`jnp::sin`](crate::numpy::sin)).
        ///
        /// # Examples
        /// ```
        /// use jaxrs_core::numpy as jnp;
        /// assert_eq!(jnp::array([0.0]).sin().to_vec::<f32>(), vec![0.0]);
        /// ```
        sin => jnp::sin,
        /// `x.cos()`.
        cos => jnp::cos,
        /// `x.tan()`.
        tan => jnp::tan,
        /// `x.tanh()`.
        tanh => jnp::tanh,
        /// `x.sinh()`.
        sinh => jnp::sinh,
        /// `x.cosh()`.
        cosh => jnp::cosh,
        /// `x.arcsin()`.
        arcsin => jnp::arcsin,
        /// `x.arccos()`.
        arccos => jnp::arccos,
        /// `x.arctan()`.
        arctan => jnp::arctan,
        /// `x.exp()`.
        exp => jnp::exp,
        /// `x.exp2()`.
        exp2 => jnp::exp2,
        /// `x.expm1()`.
        expm1 => jnp::expm1,
        /// `x.log()`.
        log => jnp::log,
        /// `x.log1p()`.
        log1p => jnp::log1p,
        /// `x.log2()`.
        log2 => jnp::log2,
        /// `x.log10()`.
        log10 => jnp::log10,
        /// `x.sqrt()`.
        sqrt => jnp::sqrt,
        /// `x.cbrt()`.
        cbrt => jnp::cbrt,
        /// `x.square()`.
        square => jnp::square,
        /// `x.reciprocal()`.
        reciprocal => jnp::reciprocal,
        /// `x.abs()`.
        abs => jnp::abs,
        /// `x.sign()`.
        sign => jnp::sign,
        /// `x.floor()`.
        floor => jnp::floor,
        /// `x.ceil()`.
        ceil => jnp::ceil,
        /// `x.round()` (halves to even, as `jnp.round`).
        round => jnp::round,
        /// `x.trunc()`.
        trunc => jnp::trunc,
        /// `x.isnan()`.
        isnan => jnp::isnan,
        /// `x.isfinite()`.
        isfinite => jnp::isfinite,
        /// `x.isinf()`.
        isinf => jnp::isinf,
    }

    reduction_methods! {
        sum, sum_axis, sum_with, SumKw;
        prod, prod_axis, prod_with, ProdKw;
        max, max_axis, max_with, MaxKw;
        min, min_axis, min_with, MinKw;
        mean, mean_axis, mean_with, MeanKw;
        var, var_axis, var_with, VarKw;
        std, std_axis, std_with, StdKw;
        any, any_axis, any_with, AnyKw;
        all, all_axis, all_with, AllKw;
        argmax, argmax_axis, argmax_with, ArgmaxKw;
        argmin, argmin_axis, argmin_with, ArgminKw;
        cumsum, cumsum_axis, cumsum_with, CumsumKw;
        cumprod, cumprod_axis, cumprod_with, CumprodKw;
    }
}
