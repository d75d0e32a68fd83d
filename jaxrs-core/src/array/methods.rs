//! The NumPy-style methods of [`Array`]: `x.sin()`, `x.powi(2)`, `x.astype(..)`,
//! `x.sum()`, `x.mean_axis(0)`, `x.argmax()`, ...
//!
//! JAX counterpart: `jax/_src/numpy/array_methods.py`. Each method is the `jnp` function of
//! the same name (reductions also take the `_axis`/`_axes` spellings documented in
//! [`crate::numpy`]'s reductions) and panics at the caller's line.

use super::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy as jnp;
use crate::numpy::{ArrayLike, IntoAxes};

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
    ($($all:ident, $axis:ident, $axes:ident;)*) => {$(
        #[doc = concat!("[`jnp::", stringify!($all), "`](crate::numpy::", stringify!($all), ") over all axes.")]
        #[track_caller]
        pub fn $all(&self) -> Array {
            jnp::$all(self)
        }

        #[doc = concat!("[`jnp::", stringify!($axis), "`](crate::numpy::", stringify!($axis), "): along one axis.")]
        #[track_caller]
        pub fn $axis(&self, axis: isize) -> Array {
            jnp::$axis(self, axis)
        }

        #[doc = concat!("[`jnp::", stringify!($axes), "`](crate::numpy::", stringify!($axes), "): over `axes`, with `keepdims`.")]
        #[track_caller]
        pub fn $axes(&self, axes: impl IntoAxes, keepdims: bool) -> Array {
            jnp::$axes(self, axes, keepdims)
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

    /// `x.clip(min, max)` ([`jnp::clip`](crate::numpy::clip)).
    #[track_caller]
    pub fn clip(&self, min: impl ArrayLike, max: impl ArrayLike) -> Array {
        jnp::clip(self, min, max)
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
        /// `x.argmax()`: the flat index of the largest element.
        argmax => jnp::argmax,
        /// `x.argmin()`: the flat index of the smallest element.
        argmin => jnp::argmin,
        /// `x.cumsum()`: running sums of the flattened array.
        cumsum => jnp::cumsum,
        /// `x.cumprod()`: running products of the flattened array.
        cumprod => jnp::cumprod,
    }

    reduction_methods! {
        sum, sum_axis, sum_axes;
        prod, prod_axis, prod_axes;
        max, max_axis, max_axes;
        min, min_axis, min_axes;
        mean, mean_axis, mean_axes;
        var, var_axis, var_axes;
        std, std_axis, std_axes;
        any, any_axis, any_axes;
        all, all_axis, all_axes;
    }

    /// `x.argmax(axis=axis)`.
    #[track_caller]
    pub fn argmax_axis(&self, axis: isize) -> Array {
        jnp::argmax_axis(self, axis)
    }

    /// `x.argmin(axis=axis)`.
    #[track_caller]
    pub fn argmin_axis(&self, axis: isize) -> Array {
        jnp::argmin_axis(self, axis)
    }

    /// `x.cumsum(axis=axis)`.
    #[track_caller]
    pub fn cumsum_axis(&self, axis: isize) -> Array {
        jnp::cumsum_axis(self, axis)
    }

    /// `x.cumprod(axis=axis)`.
    #[track_caller]
    pub fn cumprod_axis(&self, axis: isize) -> Array {
        jnp::cumprod_axis(self, axis)
    }
}
