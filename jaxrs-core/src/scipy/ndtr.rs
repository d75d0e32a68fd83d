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
    -5.996_335_010_141_079e1,
    9.800_107_541_859_997e1,
    -5.667_628_574_690_703e1,
    1.393_126_093_872_796_8e1,
    -1.239_165_838_673_812_6,
];
const Q0: [f64; 9] = [
    1.0,
    1.954_488_583_381_417_6,
    4.676_279_128_988_815,
    8.636_024_213_908_906e1,
    -2.254_626_878_541_193_7e2,
    2.002_602_123_800_606_6e2,
    -8.203_722_561_683_334e1,
    1.590_562_251_262_117e1,
    -1.183_316_211_213_300_3,
];
const P1: [f64; 9] = [
    4.055_448_923_059_624,
    3.152_510_945_998_938_6e1,
    5.716_281_922_464_213e1,
    4.408_050_738_932_008e1,
    1.468_495_619_288_580_2e1,
    2.186_633_068_507_902_7,
    -1.402_560_791_713_545e-1,
    -3.504_246_268_278_482e-2,
    -8.574_567_851_546_854e-4,
];
const Q1: [f64; 9] = [
    1.0,
    1.577_998_832_564_667_4e1,
    4.539_076_351_288_792e1,
    4.131_720_382_546_720_3e1,
    1.504_253_856_929_075e1,
    2.504_649_462_083_094,
    -1.421_829_228_547_877_9e-1,
    -3.808_064_076_915_783e-2,
    -9.332_594_808_954_574e-4,
];
const P2: [f64; 9] = [
    3.237_748_917_769_460_4,
    6.915_228_890_689_842,
    3.938_810_252_924_744_4,
    1.333_034_608_158_075_4,
    2.014_853_895_491_790_8e-1,
    1.237_166_348_178_200_2e-2,
    3.015_815_535_082_354e-4,
    2.658_069_746_867_375_6e-6,
    6.239_745_391_849_833e-9,
];
const Q2: [f64; 9] = [
    1.0,
    6.024_270_393_647_42,
    3.679_835_638_561_608_6,
    1.377_020_994_890_813_3,
    2.162_369_935_944_966_4e-1,
    1.342_040_060_885_431_9e-2,
    3.280_144_646_821_277_4e-4,
    2.892_478_647_453_806_8e-6,
    6.790_194_080_099_813e-9,
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
