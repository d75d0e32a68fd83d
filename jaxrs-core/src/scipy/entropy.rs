//! `rel_entr`, `kl_div`, `boxcox` and `boxcox1p` of `jax.scipy.special`.
//!
//! JAX counterpart: `jax/_src/scipy/special.py`.

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::ArrayLike;
use crate::numpy::{self as jnp};
use crate::scipy::special::{xlogx, xlogy};

/// `jax.scipy.special.rel_entr(p, q)`: `p log(p / q)` where both are positive, 0 where
/// `p == 0 <= q`, `inf` elsewhere.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, scipy::special};
/// assert_eq!(special::rel_entr(jnp::array([0.0]), 1.0).to_vec::<f32>(), vec![0.0]);
/// ```
#[track_caller]
pub fn rel_entr(p: impl ArrayLike, q: impl ArrayLike) -> Array {
    let (p, q) = crate::numpy::inexact2(p.into_operand(), q.into_operand());
    let zero = crate::numpy::scalar_array(crate::dtype::Scalar::Float(0.0), p.dtype(), false);
    let both_positive = lax::bitwise_and(&lax::gt(&p, &zero), &lax::gt(&q, &zero));
    let one_zero = lax::bitwise_and(&lax::eq(&p, &zero), &lax::ge(&q, &zero));
    let safe_p = jnp::where_(&both_positive, &p, 1);
    let safe_q = jnp::where_(&both_positive, &q, 1);
    let log_val = lax::sub(xlogx(&safe_p), xlogy(&safe_p, &safe_q));
    jnp::where_(
        both_positive,
        log_val,
        jnp::where_(one_zero, &zero, f64::INFINITY),
    )
}

/// `jax.scipy.special.kl_div(p, q)`: `rel_entr(p, q) - p + q`.
#[track_caller]
pub fn kl_div(p: impl ArrayLike, q: impl ArrayLike) -> Array {
    let (p, q) = crate::numpy::inexact2(p.into_operand(), q.into_operand());
    jnp::add(jnp::subtract(rel_entr(&p, &q), &p), &q)
}

/// `jax.scipy.special.boxcox(x, lmbda)`: `(x^λ - 1) / λ`, `log x` at `λ = 0`.
#[track_caller]
pub fn boxcox(x: impl ArrayLike, lmbda: impl ArrayLike) -> Array {
    let (x, lmbda) = crate::numpy::inexact2(x.into_operand(), lmbda.into_operand());
    box_cox(&lmbda, jnp::log(&x))
}

/// `jax.scipy.special.boxcox1p(x, lmbda)`: `((1 + x)^λ - 1) / λ`, `log1p x` at `λ = 0`.
#[track_caller]
pub fn boxcox1p(x: impl ArrayLike, lmbda: impl ArrayLike) -> Array {
    let (x, lmbda) = crate::numpy::inexact2(x.into_operand(), lmbda.into_operand());
    box_cox(&lmbda, jnp::log1p(&x))
}

/// `expm1(λ log) / λ`, or `log` where `λ == 0`.
#[track_caller]
fn box_cox(lmbda: &Array, log: Array) -> Array {
    let zero = jnp::equal(lmbda, 0);
    let safe = jnp::where_(&zero, jnp::ones_like(lmbda), lmbda);
    let power = jnp::divide(jnp::expm1(jnp::multiply(&safe, &log)), &safe);
    jnp::where_(zero, log, power)
}
