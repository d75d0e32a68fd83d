//! The normal distribution's special functions beyond `ndtr`: `ndtri` (its inverse),
//! `log_ndtr`, and `erfcx`.
//!
//! JAX counterpart: `jax/_src/scipy/special.py` (`_ndtri`: Cephes' piecewise rational
//! approximations through `jnp.polyval`; `log_ndtr`: an asymptotic series below the lower
//! segment; `_erfcx`: `exp(x²) erfc(x)`, or its asymptotic series where `exp(x²)`
//! overflows).

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::operand::ArrayLike;
use crate::numpy::{self as jnp};
use crate::scipy::stats::norm::ndtr;

/// `v` as a strongly typed constant of `x`'s dtype (`dtype(v)` in JAX).
fn typ(x: &Array, v: f64) -> Array {
    crate::numpy::scalar_array(Scalar::Float(v), x.dtype(), false)
}

/// Coefficients (highest power first) as a constant array of `dtype`.
fn coeffs(c: &[f64], dtype: DType) -> Array {
    jnp::array(c.to_vec()).astype(dtype)
}

/// Panics with JAX's message unless `x` is `float32` or `float64`.
#[track_caller]
fn require_float(x: &Array) {
    if !matches!(x.dtype(), DType::F32 | DType::F64) {
        panic!(
            "x.dtype={} is not supported, see docstring for supported types.",
            x.dtype()
        );
    }
}

const P0: [f64; 5] = [
    -59.96335010141079,
    98.00107541859997,
    -56.67628574690703,
    13.931260938727968,
    -1.2391658386738125,
];
const Q0: [f64; 9] = [
    1.0,
    1.9544885833814176,
    4.676279128988815,
    86.36024213908905,
    -225.46268785411937,
    200.26021238006066,
    -82.03722561683334,
    15.90562251262117,
    -1.1833162112133,
];
const P1: [f64; 9] = [
    4.0554489230596245,
    31.525109459989388,
    57.16281922464213,
    44.08050738932008,
    14.684956192885803,
    2.1866330685079025,
    -0.1402560791713545,
    -0.03504246268278482,
    -0.0008574567851546854,
];
const Q1: [f64; 9] = [
    1.0,
    15.779988325646675,
    45.39076351288792,
    41.3172038254672,
    15.04253856929075,
    2.504649462083094,
    -0.14218292285478779,
    -0.03808064076915783,
    -0.0009332594808954574,
];
const P2: [f64; 9] = [
    3.2377489177694603,
    6.915228890689842,
    3.9388102529247444,
    1.3330346081580755,
    0.20148538954917908,
    0.012371663481782003,
    0.00030158155350823543,
    2.6580697468673755e-06,
    6.239745391849833e-09,
];
const Q2: [f64; 9] = [
    1.0,
    6.02427039364742,
    3.6798356385616087,
    1.3770209948908132,
    0.21623699359449663,
    0.013420400608854318,
    0.00032801446468212774,
    2.8924786474538068e-06,
    6.790194080099813e-09,
];

/// `jax.scipy.special.ndtri(p)`: the inverse of the standard normal CDF, `-inf` at 0 and
/// `inf` at 1 (Cephes' rational approximations on three ranges of `p`).
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, scipy::special};
/// assert_eq!(special::ndtri(jnp::array([0.5])).to_vec::<f32>(), vec![0.0]);
/// ```
///
/// # Panics
/// For a dtype other than `float32`/`float64`: `x.dtype=int32 is not supported, see
/// docstring for supported types.`
#[track_caller]
pub fn ndtri(p: impl ArrayLike) -> Array {
    let p = p.into_operand().into_array();
    require_float(&p);
    let dt = p.dtype();
    let poly = |c: &[f64], x: &Array| jnp::polyval(coeffs(c, dt), x);
    let complement = jnp::greater(&p, typ(&p, -(-2f64).exp_m1()));
    let maybe_complement = jnp::where_(complement, jnp::subtract(typ(&p, 1.0), &p), &p);
    // 0 would make NaNs in branches that are not chosen; any harmless value will do.
    let sanitized = jnp::where_(
        jnp::equal(&maybe_complement, typ(&p, 0.0)),
        jnp::full(p.shape().to_vec(), typ(&p, 0.5)),
        &maybe_complement,
    );
    // p > exp(-2): x / sqrt(2π) = w + w³ P0(w²) / Q0(w²).
    let w = jnp::subtract(&sanitized, typ(&p, 0.5));
    let ww = lax::square(&w);
    let ratio = jnp::divide(poly(&P0, &ww), poly(&Q0, &ww));
    let x_for_big_p = jnp::add(&w, jnp::multiply(jnp::multiply(&w, &ww), ratio));
    let x_for_big_p = jnp::multiply(
        x_for_big_p,
        jnp::negative(typ(&p, (2.0 * std::f64::consts::PI).sqrt())),
    );
    // p <= exp(-2): x = z - log(z)/z - P(1/z) / (Q(1/z) z), z = sqrt(-2 log p).
    let z = lax::sqrt(jnp::multiply(typ(&p, -2.0), lax::log(&sanitized)));
    let first_term = jnp::subtract(&z, jnp::divide(lax::log(&z), &z));
    let inv_z = jnp::divide(1, &z);
    let second =
        |pc: &[f64], qc: &[f64]| jnp::divide(jnp::divide(poly(pc, &inv_z), poly(qc, &inv_z)), &z);
    let x_for_small_p = jnp::subtract(&first_term, second(&P2, &Q2));
    let x_otherwise = jnp::subtract(&first_term, second(&P1, &Q1));
    let x = jnp::where_(
        jnp::greater(&sanitized, typ(&p, (-2f64).exp())),
        x_for_big_p,
        jnp::where_(
            jnp::greater_equal(&z, typ(&p, 8.0)),
            x_for_small_p,
            x_otherwise,
        ),
    );
    let x = jnp::where_(
        jnp::greater(&p, typ(&p, 1.0 - (-2f64).exp())),
        &x,
        jnp::negative(&x),
    );
    let infinity = jnp::full(p.shape().to_vec(), typ(&p, f64::INFINITY));
    jnp::where_(
        jnp::equal(&p, typ(&p, 0.0)),
        jnp::negative(&infinity),
        jnp::where_(jnp::equal(&p, typ(&p, 1.0)), &infinity, x),
    )
}

crate::keywords! {
    /// Keywords of `jax.scipy.special.log_ndtr(x, series_order=3)`.
    LogNdtrKw {
        /// `series_order`: the terms of the asymptotic series used far in the lower tail
        /// (default `3`, at most 30).
        series_order: usize = 3; (series_order: usize) => series_order,
    }
}

/// `jax.scipy.special.log_ndtr(x)`: `log(ndtr(x))`, accurate in both tails. Keywords
/// through [`log_ndtr_with`].
///
/// # Panics
/// `x.dtype=int32 is not supported.` for a non-float input.
#[track_caller]
pub fn log_ndtr(x: impl ArrayLike) -> Array {
    log_ndtr_with(x, |kw| kw)
}

/// `jax.scipy.special.log_ndtr(x, series_order=..)`; a `custom_jvp` function whose
/// tangent is `t · exp(log φ(x) - log_ndtr(x))`, as JAX's.
///
/// # Panics
/// `series_order must be <= 30.` (JAX's message) and the dtype message of [`log_ndtr`].
#[track_caller]
pub fn log_ndtr_with(x: impl ArrayLike, f: impl FnOnce(LogNdtrKw) -> LogNdtrKw) -> Array {
    let order = crate::keywords::apply::<LogNdtrKw>(f).series_order;
    if order > 30 {
        panic!("series_order must be <= 30.");
    }
    let x = x.into_operand().into_array();
    if !matches!(x.dtype(), DType::F32 | DType::F64) {
        panic!("x.dtype={} is not supported.", x.dtype());
    }
    crate::api::custom_jvp_call(
        "log_ndtr",
        "_log_ndtr_jvp",
        std::slice::from_ref(&x),
        move |a| vec![log_ndtr_body(&a[0], order)],
        move |p, t| {
            let ans = log_ndtr_body(&p[0], order);
            let tangent = lax::mul(&t[0], &lax::exp(lax::sub(norm_logpdf(&p[0]), &ans)));
            (vec![ans], vec![tangent])
        },
    )
    .remove(0)
}

/// special.py `_norm_logpdf`: `-x²/2 - log(sqrt(2π))`.
fn norm_logpdf(x: &Array) -> Array {
    let log_normalizer = typ(x, (2.0 * std::f64::consts::PI).sqrt().ln());
    lax::sub(lax::mul(&typ(x, -0.5), &lax::square(x)), &log_normalizer)
}

#[track_caller]
fn log_ndtr_body(x: &Array, order: usize) -> Array {
    let (lower, upper) = if x.dtype() == DType::F64 {
        (-20.0, 8.0)
    } else {
        (-10.0, 5.0)
    };
    let (lower, upper) = (typ(x, lower), typ(x, upper));
    let above = lax::gt(x, &upper);
    let ndtr_arg = jnp::where_(&above, jnp::negative(x), lax::max(x, &lower));
    let ndtr_res = ndtr(&ndtr_arg);
    jnp::where_(
        above,
        jnp::negative(&ndtr_res),
        jnp::where_(
            lax::gt(x, &lower),
            lax::log(&ndtr_res),
            log_ndtr_lower(&lax::min(x, &lower), order),
        ),
    )
}

/// special.py `_log_ndtr_lower`: `log φ(x)/(-x) + log(series)` for very negative `x`.
#[track_caller]
fn log_ndtr_lower(x: &Array, order: usize) -> Array {
    let x_2 = lax::square(x);
    let log_scale = jnp::subtract(
        jnp::subtract(
            jnp::multiply(typ(x, -0.5), &x_2),
            lax::log(jnp::negative(x)),
        ),
        typ(x, 0.5 * (2.0 * std::f64::consts::PI).ln()),
    );
    jnp::add(log_scale, lax::log(asymptotic_series(x, order)))
}

/// special.py `_log_ndtr_asymptotic_series`: `1 + Σ (-1)^n (2n-1)!! / x^(2n)`.
#[track_caller]
fn asymptotic_series(x: &Array, order: usize) -> Array {
    if order == 0 {
        return typ(x, 1.0);
    }
    let x_2 = lax::square(x);
    let mut even = jnp::zeros_like(x);
    let mut odd = jnp::zeros_like(x);
    let mut x_2n = x_2.clone();
    let mut double_factorial = 1.0;
    for n in 1..=order {
        if n > 1 {
            double_factorial *= (2 * n - 1) as f64;
        }
        let y = jnp::divide(typ(x, double_factorial), &x_2n);
        if n % 2 == 1 {
            odd = jnp::add(&odd, y);
        } else {
            even = jnp::add(&even, y);
        }
        x_2n = jnp::multiply(&x_2n, &x_2);
    }
    jnp::subtract(jnp::add(typ(x, 1.0), even), odd)
}

/// `jax.scipy.special.erfcx(x)`: the scaled complementary error function
/// `exp(x²) erfc(x)`, by its asymptotic series where `exp(x²)` would overflow; a
/// `custom_jvp` function with tangent `g (2 x erfcx(x) - 2/√π)`.
#[track_caller]
pub fn erfcx(x: impl ArrayLike) -> Array {
    let x = crate::numpy::ufuncs::promote_args_inexact(vec![x.into_operand()]).remove(0);
    crate::nn::defjvps1("_erfcx", x, erfcx_body, |g, ans, x| {
        let two_x_ans = jnp::multiply(jnp::multiply(2, x), ans);
        let c = typ(x, 2.0 / std::f64::consts::PI.sqrt());
        jnp::multiply(g, jnp::subtract(two_x_ans, c))
    })
}

#[track_caller]
fn erfcx_body(x: &Array) -> Array {
    match x.dtype() {
        DType::F64 => erfcx_impl(x, 9, f64::MAX),
        DType::F32 => erfcx_impl(x, 5, f32::MAX as f64),
        // float16 and bfloat16 are computed in float32.
        d => erfcx_impl(&x.astype(DType::F32), 5, f32::MAX as f64).astype(d),
    }
}

#[track_caller]
fn erfcx_impl(x: &Array, nterms: usize, max: f64) -> Array {
    // `np.sqrt(np.log(finfo.max))`, computed in the dtype as NumPy does.
    let threshold = if x.dtype() == DType::F64 {
        max.ln().sqrt()
    } else {
        (max as f32).ln().sqrt() as f64
    };
    let large = lax::gt(x, &typ(x, threshold));
    let safe_x = lax::select(&large, &crate::interpreters::jvp::full_like(x, 1.0), x);
    let direct = jnp::multiply(lax::exp(lax::square(&safe_x)), lax::erfc(&safe_x));
    // erfcx(x) ~ P(1/x²) / (√π x), c_k = (-1)^k (2k-1)!! / 2^k.
    const C: [f64; 9] = [
        7918.06640625,
        -1055.7421875,
        162.421875,
        -29.53125,
        6.5625,
        -1.875,
        0.75,
        -0.5,
        1.0,
    ];
    let t = jnp::divide(typ(x, 1.0), lax::square(x));
    let p = jnp::polyval(coeffs(&C[C.len() - nterms..], x.dtype()), t);
    let asymp = jnp::divide(p, jnp::multiply(x, typ(x, std::f64::consts::PI.sqrt())));
    lax::select(&large, &asymp, &direct)
}
