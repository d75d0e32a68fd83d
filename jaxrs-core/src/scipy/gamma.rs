//! The gamma family of `jax.scipy.special`: `gamma`, `gammasgn`, `beta`, `betaln`,
//! `factorial`, `comb`, `poch`, `multigammaln`.
//!
//! JAX counterpart: `jax/_src/scipy/special.py` and `jax/_src/third_party/scipy/betaln.py`
//! (TOMS 708's `algdiv` for large arguments). All are built on `lgamma`, as in JAX.

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::ufuncs::promote_args_inexact;
use crate::numpy::{self as jnp};

/// One operand promoted to an inexact dtype.
#[track_caller]
fn inexact(x: impl ArrayLike) -> Array {
    promote_args_inexact(vec![x.into_operand()]).remove(0)
}

/// `v` as a strongly typed constant of `x`'s dtype (a NumPy scalar of it in JAX).
fn typ(x: &Array, v: f64) -> Array {
    crate::numpy::scalar_array(crate::dtype::Scalar::Float(v), x.dtype(), false)
}

/// `jax.scipy.special.gammasgn(x)`: the sign of `Γ(x)`: NaN at the poles (non-positive
/// integers, and NaN), -1 where `Γ` is negative (and at -0), 1 elsewhere.
#[track_caller]
pub fn gammasgn(x: impl ArrayLike) -> Array {
    let x = inexact(x);
    let floor_x = lax::floor(&x);
    let negative = jnp::less(&x, 0);
    let pole = jnp::logical_or(
        jnp::logical_and(&negative, jnp::equal(&x, &floor_x)),
        jnp::isnan(&x),
    );
    let odd = jnp::not_equal(jnp::remainder(&floor_x, 2), 0);
    let minus = jnp::logical_or(
        jnp::logical_and(&negative, odd),
        jnp::logical_and(jnp::equal(&x, 0), jnp::signbit(&x)),
    );
    // jnp.select([pole, minus], [nan, -1], 1): the first true condition wins.
    jnp::where_(
        pole,
        typ(&x, f64::NAN),
        jnp::where_(minus, typ(&x, -1.0), typ(&x, 1.0)),
    )
}

/// `jax.scipy.special.gamma(x)`: `gammasgn(x) * exp(lgamma(x))`.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, scipy::special};
/// let g = special::gamma(jnp::array([5.0]));
/// assert!((g.item::<f32>() - 24.0).abs() < 1e-4);
/// ```
#[track_caller]
pub fn gamma(x: impl ArrayLike) -> Array {
    let x = inexact(x);
    jnp::multiply(gammasgn(&x), lax::exp(lax::lgamma(&x)))
}

/// `jax.scipy.special.betaln(a, b)`: `log|B(a, b)|`, with TOMS 708's `algdiv` for
/// `max(a, b) >= 8`.
#[track_caller]
pub fn betaln(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let (a, b) = crate::numpy::inexact2(a.into_operand(), b.into_operand());
    let (a, b) = (jnp::minimum(&a, &b), jnp::maximum(&a, &b));
    let small_b = jnp::add(
        lax::lgamma(&a),
        jnp::subtract(lax::lgamma(&b), lax::lgamma(jnp::add(&a, &b))),
    );
    let large_b = jnp::add(lax::lgamma(&a), algdiv(&a, &b));
    jnp::where_(jnp::less(&b, 8), small_b, large_b)
}

/// betaln.py `algdiv`: `lgamma(b) - lgamma(a + b)` for `b >= 8`, from the asymptotic
/// series of `lgamma`'s remainder.
#[track_caller]
fn algdiv(a: &Array, b: &Array) -> Array {
    const C: [f64; 6] = [
        0.833333333333333e-01,
        -0.277777777760991e-02,
        0.793650666825390e-03,
        -0.595202931351870e-03,
        0.837308034031215e-03,
        -0.165322962780713e-02,
    ];
    let h = jnp::divide(a, b);
    let c = jnp::divide(&h, jnp::add(1.0, &h));
    let x = jnp::divide(&h, jnp::add(1.0, &h));
    let d = jnp::add(b, jnp::subtract(a, 0.5));
    // s_n = (1 - x^n) / (1 - x), built up two powers at a time.
    let x2 = jnp::multiply(&x, &x);
    let s3 = jnp::add(1.0, jnp::add(&x, &x2));
    let s5 = jnp::add(1.0, jnp::add(&x, jnp::multiply(&x2, &s3)));
    let s7 = jnp::add(1.0, jnp::add(&x, jnp::multiply(&x2, &s5)));
    let s9 = jnp::add(1.0, jnp::add(&x, jnp::multiply(&x2, &s7)));
    let s11 = jnp::add(1.0, jnp::add(&x, jnp::multiply(&x2, &s9)));
    let t = jnp::power(jnp::divide(1.0, b), 2);
    let mut w = jnp::add(
        jnp::multiply(jnp::multiply(C[5], &s11), &t),
        jnp::multiply(C[4], &s9),
    );
    for (coef, s) in [(C[3], &s7), (C[2], &s5), (C[1], &s3)] {
        w = jnp::add(jnp::multiply(&w, &t), jnp::multiply(coef, s));
    }
    let w = jnp::add(jnp::multiply(&w, &t), C[0]);
    let w = jnp::multiply(&w, jnp::divide(&c, b));
    let u = jnp::multiply(&d, lax::log1p(jnp::divide(a, b)));
    let v = jnp::multiply(a, jnp::subtract(lax::log(b), 1.0));
    jnp::where_(
        jnp::less_equal(&u, &v),
        jnp::subtract(jnp::subtract(&w, &v), &u),
        jnp::subtract(jnp::subtract(&w, &u), &v),
    )
}

/// `jax.scipy.special.beta(a, b)`: `B(a, b) = Γ(a) Γ(b) / Γ(a + b)`, with its sign.
#[track_caller]
pub fn beta(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let (a, b) = crate::numpy::inexact2(a.into_operand(), b.into_operand());
    let sign = jnp::multiply(
        jnp::multiply(gammasgn(&a), gammasgn(&b)),
        gammasgn(jnp::add(&a, &b)),
    );
    jnp::multiply(sign, lax::exp(betaln(&a, &b)))
}

crate::keywords! {
    /// Keywords of `jax.scipy.special.factorial(n, exact=False)`.
    FactorialKw {
        /// `exact`: JAX raises `NotImplementedError` for `true` (default `false`).
        exact: bool = false; (exact: bool) => exact,
    }
}

/// `jax.scipy.special.factorial(n)`: `Γ(n + 1)`, 0 for negative `n`. Keywords through
/// [`factorial_with`].
#[track_caller]
pub fn factorial(n: impl ArrayLike) -> Array {
    factorial_with(n, |kw| kw)
}

/// `jax.scipy.special.factorial(n, exact=..)`.
///
/// # Panics
/// `factorial with exact=True` for `exact(true)` (JAX's `NotImplementedError`).
#[track_caller]
pub fn factorial_with(n: impl ArrayLike, f: impl FnOnce(FactorialKw) -> FactorialKw) -> Array {
    if crate::keywords::apply::<FactorialKw>(f).exact {
        panic!("factorial with exact=True");
    }
    let n = inexact(n);
    jnp::where_(jnp::less(&n, 0), 0, lax::exp(lax::lgamma(jnp::add(&n, 1))))
}

crate::keywords! {
    /// Keywords of `jax.scipy.special.comb(N, k, *, repetition=False)`.
    CombKw {
        /// `repetition`: count combinations with repetition (default `false`).
        repetition: bool = false; (repetition: bool) => repetition,
    }
}

/// `jax.scipy.special.comb(N, k)`: the binomial coefficient `N! / (k! (N - k)!)` from
/// `gammaln`, 0 outside `0 <= k <= N`. Keywords through [`comb_with`].
#[track_caller]
pub fn comb(n: impl ArrayLike, k: impl ArrayLike) -> Array {
    comb_with(n, k, |kw| kw)
}

/// `jax.scipy.special.comb(N, k, repetition=..)`.
#[track_caller]
pub fn comb_with(n: impl ArrayLike, k: impl ArrayLike, f: impl FnOnce(CombKw) -> CombKw) -> Array {
    let repetition = crate::keywords::apply::<CombKw>(f).repetition;
    let (n, k) = crate::numpy::inexact2(n.into_operand(), k.into_operand());
    if repetition {
        let cond = jnp::logical_and(jnp::equal(&k, 0), jnp::greater_equal(&n, 0));
        let result = comb(jnp::subtract(jnp::add(&n, &k), 1), &k);
        return jnp::where_(cond, 1.0, result);
    }
    let cond = jnp::logical_and(
        jnp::logical_and(jnp::less_equal(&k, &n), jnp::greater_equal(&n, 0)),
        jnp::greater_equal(&k, 0),
    );
    let safe_n = jnp::where_(&cond, &n, 0.0);
    let safe_k = jnp::where_(&cond, &k, 0.0);
    let lg = |x: Array| lax::lgamma(x);
    let result = lax::exp(jnp::subtract(
        jnp::subtract(lg(jnp::add(&safe_n, 1)), lg(jnp::add(&safe_k, 1))),
        lg(jnp::subtract(jnp::add(&safe_n, 1), &safe_k)),
    ));
    jnp::where_(cond, result, 0.0)
}

/// `jax.scipy.special.poch(z, m)`: the rising factorial `Γ(z + m) / Γ(z)` (1 for `m = 0`).
#[track_caller]
pub fn poch(z: impl ArrayLike, m: impl ArrayLike) -> Array {
    let (z, m) = crate::numpy::inexact2(z.into_operand(), m.into_operand());
    let ratio = jnp::divide(gamma(jnp::add(&z, &m)), gamma(&z));
    jnp::where_(jnp::equal(&m, 0.0), typ(&z, 1.0), ratio)
}

/// `jax.scipy.special.multigammaln(a, d)`: the log of the multivariate gamma function of
/// dimension `d`, `d(d-1)/4 log π + Σ_{j<d} lgamma(a - j/2)`.
#[track_caller]
pub fn multigammaln(a: impl ArrayLike, d: usize) -> Array {
    let args = promote_args_inexact(vec![
        a.into_operand(),
        Operand::Scalar(crate::dtype::Scalar::Int(d as i128)),
    ]);
    let (a, d_) = (&args[0], &args[1]);
    let constant = lax::mul(
        &lax::mul(&lax::mul(&typ(a, 0.25), d_), &lax::sub(d_, &typ(a, 1.0))),
        &lax::log(typ(a, std::f64::consts::PI)),
    );
    let b = lax::div(
        &jnp::arange_with(d as i64, |kw| kw.dtype(d_.dtype())),
        &typ(a, 2.0),
    );
    let lead: Vec<isize> = (0..a.ndim() as isize).collect();
    let terms = lax::lgamma(jnp::subtract(
        jnp::expand_dims(a, -1),
        jnp::expand_dims(&b, lead),
    ));
    jnp::add(jnp::sum_with(terms, |kw| kw.axis(-1)), constant)
}
