//! `jax.scipy.stats.norm`: the normal distribution's `logpdf`, `pdf`, `cdf`, `logcdf`,
//! `sf`, `logsf`, `ppf` and `isf`.
//!
//! JAX counterpart: `jax/_src/scipy/stats/norm.py`, `jax/_src/scipy/special.py` (`ndtr`).

use super::{konst, loc_scale_fns, promote3, LocScaleKw};
use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::Operand;

#[track_caller]
fn logpdf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    let scale_sqrd = lax::square(&scale);
    let two_pi = konst(&x, 2.0 * std::f64::consts::PI);
    let log_normalizer = lax::log(lax::mul(&two_pi, &scale_sqrd));
    let quadratic = lax::div(lax::square(lax::sub(&x, &loc)), &scale_sqrd);
    lax::div(lax::add(&log_normalizer, &quadratic), konst(&x, -2.0))
}

#[track_caller]
fn pdf_impl(x: Operand, kw: LocScaleKw) -> Array {
    lax::exp(logpdf_impl(x, kw))
}

/// special.py `_ndtr`: the standard normal CDF from `erf`/`erfc`.
#[track_caller]
pub(crate) fn ndtr(x: &Array) -> Array {
    // `dtype(0.5) * np.sqrt(2., dtype)`: a product rounded in x's dtype.
    let half_sqrt_2 = if x.dtype() == DType::F64 {
        0.5 * 2f64.sqrt()
    } else {
        (0.5f32 * 2f32.sqrt()) as f64
    };
    let h = konst(x, half_sqrt_2);
    let w = lax::mul(x, &h);
    let z = lax::abs(&w);
    let small = lax::lt(&z, &h);
    let near = lax::add(konst(x, 1.0), lax::erf(&w));
    let positive = lax::gt(&w, konst(x, 0.0));
    let upper = lax::sub(konst(x, 2.0), lax::erfc(&z));
    let lower = lax::erfc(&z);
    let y = lax::select(&small, &near, &lax::select(&positive, &upper, &lower));
    lax::mul(konst(x, 0.5), &y)
}

#[track_caller]
fn cdf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    ndtr(&lax::div(lax::sub(&x, &loc), &scale))
}

loc_scale_fns! {
    /// `jax.scipy.stats.norm.logpdf(x)`: `-((x - loc)² / scale² + log(2π scale²)) / 2`.
    logpdf, logpdf_with => logpdf_impl;
    /// `jax.scipy.stats.norm.pdf(x)`: `exp(logpdf(x))`.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::{numpy as jnp, scipy::stats::norm};
    /// let p = norm::pdf(jnp::array([0.0])).item::<f32>();
    /// assert!((p - 0.398_942_3).abs() < 1e-6);
    /// ```
    pdf, pdf_with => pdf_impl;
    /// `jax.scipy.stats.norm.cdf(x)`: `ndtr((x - loc) / scale)`.
    cdf, cdf_with => cdf_impl;
    /// `jax.scipy.stats.norm.logcdf(x)`: `log_ndtr((x - loc) / scale)`.
    logcdf, logcdf_with => logcdf_impl;
    /// `jax.scipy.stats.norm.sf(x)`: `cdf(-x, -loc, scale)`.
    sf, sf_with => sf_impl;
    /// `jax.scipy.stats.norm.logsf(x)`: `logcdf(-x, -loc, scale)`.
    logsf, logsf_with => logsf_impl;
    /// `jax.scipy.stats.norm.ppf(q)`: `ndtri(q) * scale + loc`.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::{numpy as jnp, scipy::stats::norm};
    /// assert_eq!(norm::ppf(jnp::array([0.5])).to_vec::<f32>(), vec![0.0]);
    /// ```
    ppf, ppf_with => ppf_impl;
    /// `jax.scipy.stats.norm.isf(q)`: `ppf(1 - q)`.
    isf, isf_with => isf_impl;
}

#[track_caller]
fn logcdf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    crate::scipy::special::log_ndtr(lax::div(lax::sub(&x, &loc), &scale))
}

/// `(-x, -loc, scale)`, the arguments of the reflected distribution.
#[track_caller]
fn reflect(x: Operand, kw: LocScaleKw) -> (Operand, LocScaleKw) {
    let [x, loc, scale] = promote3(x, kw);
    let kw = LocScaleKw::default().loc(lax::neg(&loc)).scale(scale);
    (Operand::Array(lax::neg(&x)), kw)
}

#[track_caller]
fn sf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let (x, kw) = reflect(x, kw);
    cdf_impl(x, kw)
}

#[track_caller]
fn logsf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let (x, kw) = reflect(x, kw);
    logcdf_impl(x, kw)
}

#[track_caller]
fn ppf_impl(q: Operand, kw: LocScaleKw) -> Array {
    let y = crate::numpy::add(
        crate::numpy::multiply(crate::scipy::special::ndtri(q), kw.scale),
        kw.loc,
    );
    // `jnp.asarray(.., float)`: the default float dtype.
    let float = DType::default_float();
    if y.dtype() == float {
        y
    } else {
        y.astype(float)
    }
}

#[track_caller]
fn isf_impl(q: Operand, kw: LocScaleKw) -> Array {
    let q = q.into_array();
    let one = konst(&q, 1.0);
    ppf_impl(Operand::Array(lax::sub(&one, &q)), kw)
}
