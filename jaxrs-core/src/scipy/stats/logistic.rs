//! `jax.scipy.stats.logistic`: `logpdf`, `pdf`, `cdf`, `ppf`, `sf`, `isf`.
//!
//! JAX counterpart: `jax/_src/scipy/stats/logistic.py`.

use super::{konst, loc_scale_fns, promote3, LocScaleKw};
use crate::array::Array;
use crate::lax;
use crate::numpy::operand::Operand;
use crate::scipy::special::{expit, logit};

#[track_caller]
fn logpdf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    let x = lax::div(lax::sub(&x, &loc), &scale);
    let two = konst(&x, 2.0);
    let half_x = lax::div(&x, &two);
    let lae = crate::numpy::logaddexp(&half_x, lax::neg(&half_x));
    lax::sub(lax::mul(lax::neg(&two), &lae), lax::log(&scale))
}

#[track_caller]
fn pdf_impl(x: Operand, kw: LocScaleKw) -> Array {
    lax::exp(logpdf_impl(x, kw))
}

#[track_caller]
fn cdf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    expit(lax::div(lax::sub(&x, &loc), &scale))
}

#[track_caller]
fn sf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    expit(lax::neg(lax::div(lax::sub(&x, &loc), &scale)))
}

#[track_caller]
fn ppf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    lax::add(lax::mul(logit(&x), &scale), &loc)
}

#[track_caller]
fn isf_impl(x: Operand, kw: LocScaleKw) -> Array {
    let [x, loc, scale] = promote3(x, kw);
    lax::add(lax::mul(lax::neg(logit(&x)), &scale), &loc)
}

loc_scale_fns! {
    /// `jax.scipy.stats.logistic.logpdf(x)`.
    logpdf, logpdf_with => logpdf_impl;
    /// `jax.scipy.stats.logistic.pdf(x)`: `exp(logpdf(x))`.
    pdf, pdf_with => pdf_impl;
    /// `jax.scipy.stats.logistic.cdf(x)`: `expit((x - loc) / scale)`.
    cdf, cdf_with => cdf_impl;
    /// `jax.scipy.stats.logistic.sf(x)`: `1 - cdf(x)` as `expit(-(x - loc) / scale)`.
    sf, sf_with => sf_impl;
    /// `jax.scipy.stats.logistic.ppf(q)`: `logit(q) * scale + loc`.
    ppf, ppf_with => ppf_impl;
    /// `jax.scipy.stats.logistic.isf(q)`: `-logit(q) * scale + loc`.
    isf, isf_with => isf_impl;
}
