//! `jaxrs::scipy::stats`: distributions as modules of functions, as in JAX
//! (`stats::norm::pdf`, `stats::logistic::cdf`).
//!
//! JAX counterpart: `jax/_src/scipy/stats/`. `loc` and `scale` are keywords (defaults 0
//! and 1) through each function's `_with` twin.

pub mod logistic;
pub mod norm;

use crate::numpy::operand::Operand;

crate::keywords! {
    /// Keywords of a location-scale distribution's functions: `loc=0, scale=1`.
    LocScaleKw {
        /// `loc`: the location (default `0`).
        loc: Operand = Operand::Scalar(crate::dtype::Scalar::Int(0)); (loc: impl crate::numpy::ArrayLike) => loc.into_operand(),
        /// `scale`: the scale (default `1`).
        scale: Operand = Operand::Scalar(crate::dtype::Scalar::Int(1)); (scale: impl crate::numpy::ArrayLike) => scale.into_operand(),
    }
}

/// `promote_args_inexact(x, loc, scale)`.
#[track_caller]
pub(crate) fn promote3(x: Operand, kw: LocScaleKw) -> [crate::Array; 3] {
    let v = crate::numpy::ufuncs::promote_args_inexact(vec![x, kw.loc, kw.scale]);
    v.try_into().unwrap_or_else(|_| unreachable!())
}

/// `lax._const(x, v)`: `v` as a strongly typed constant of `x`'s dtype.
pub(crate) fn konst(x: &crate::Array, v: f64) -> crate::Array {
    crate::numpy::scalar_array(crate::dtype::Scalar::Float(v), x.dtype(), false)
}

/// Declares `f(x)` and `f_with(x, |kw| ..)` for a function of `x`, `loc` and `scale`.
macro_rules! loc_scale_fns {
    ($($(#[$doc:meta])* $name:ident, $with:ident => $body:path;)*) => {$(
        $(#[$doc])*
        ///
        #[doc = concat!("Keywords (`loc`, `scale`) through [`", stringify!($with), "`].")]
        #[track_caller]
        pub fn $name(x: impl crate::numpy::ArrayLike) -> crate::Array {
            $with(x, |kw| kw)
        }

        #[doc = concat!("[`", stringify!($name), "`] with `loc` and `scale` set on a [`LocScaleKw`](super::LocScaleKw).")]
        #[track_caller]
        pub fn $with(
            x: impl crate::numpy::ArrayLike,
            f: impl FnOnce(super::LocScaleKw) -> super::LocScaleKw,
        ) -> crate::Array {
            let kw = crate::keywords::apply::<super::LocScaleKw>(f);
            $body(x.into_operand(), kw)
        }
    )*};
}
pub(crate) use loc_scale_fns;
