//! `erfc`, `lgamma` and `digamma` of `f32` as XLA:CPU computes them: JAX lowers these to
//! CHLO operations, which StableHLO decomposes into elementary HLO (a rational
//! approximation for `erfc`, the Lanczos approximation with `g = 7` and 9 terms for
//! `lgamma` and its derivative for `digamma`, each with a reflection for `x < ½`) that XLA
//! fuses into one kernel. Read from the optimized HLO JAX 0.10.2 compiles
//! (`jax.jit(lax.lgamma).lower(x).compile().as_text()`): every step below is one HLO
//! operation, rounded to `f32` with subnormals flushed, and a multiply whose only use is
//! an add or subtract is one fused multiply-add, as LLVM contracts it. `float16` and
//! `bfloat16` are widened to `f32` for the whole decomposition and rounded once.

use super::{exp_f32, flush_f32 as f};

/// `c·y + z` as one fused multiply-add, flushed.
#[inline(always)]
fn fma(c: f32, y: f32, z: f32) -> f32 {
    f(c.mul_add(y, z))
}

/// Horner's rule with a fused multiply-add per step: `((c₀·w + c₁)·w + c₂)·w + ...`.
#[inline(always)]
fn horner(coefficients: &[f32], w: f32) -> f32 {
    let mut p = coefficients[0];
    for &c in &coefficients[1..] {
        p = fma(p, w, c);
    }
    p
}

/// `erfc`: `1 - x·P(x²)` for `|x| < 1`; otherwise `e^(-x²)/|x| · Q(1/x²)` with one of two
/// polynomials `Q` (below and above `|x| = 2`), zero once `-x²` is below `ln` of the
/// smallest normal number, and `2 - ...` for negative `x`.
#[inline(always)]
pub fn erfc_f32(x: f32) -> f32 {
    const NEAR: [f32; 7] = [
        7.85386146e-05,
        -0.000801019371,
        0.00518832775,
        -0.0268538129,
        0.112835854,
        -0.37612626,
        1.12837911,
    ];
    const MID: [f32; 9] = [
        0.0232682,
        -0.138703942,
        0.368742466,
        -0.582473278,
        0.621000469,
        -0.494451523,
        0.340488,
        -0.274112701,
        0.563825965,
    ];
    const FAR: [f32; 8] = [
        -10.477664,
        12.9772,
        -7.49551868,
        2.92101908,
        -1.01526523,
        0.42184633,
        -0.282076746,
        0.564189494,
    ];
    let x = f(x);
    let ax = x.abs();
    let z = f(x * x);
    let near = fma(-x, horner(&NEAR, z), 1.0);
    let nz = -z;
    let scaled = f(exp_f32(nz) * f(1.0 / ax));
    let w = f(1.0 / z);
    let q = if ax < 2.0 {
        horner(&MID, w)
    } else {
        horner(&FAR, w)
    };
    let tail = if nz < -88.7228394 { 0.0 } else { f(scaled * q) };
    let far = if x < 0.0 { f(2.0 - tail) } else { tail };
    if ax < 1.0 {
        near
    } else {
        far
    }
}

/// The Lanczos approximation with `g = 7` and 9 terms, as the decompositions write it (in
/// `f64`; the `f32` decomposition rounds each constant to `f32`, the first term to `1`).
const LANCZOS_BASE: f64 = 0.99999999999980993;
const LANCZOS: [f64; 8] = [
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-06,
    1.5056327351493116e-07,
];
/// `1/(g + ½)`, `log(g + ½)`, `log(π)`, `log(√(2π))`.
const INV_T0: f64 = 0.13333333333333333;
const LOG_T0: f64 = 2.0149030205422647;
const LOG_PI: f64 = 1.1447298858494002;
const LOG_SQRT_2PI: f64 = 0.91893853320467267;

/// `lgamma` and `digamma` of one float type from that type's `flush`, `log`, `log1p`,
/// `sin` and `cos` (XLA's, as this crate computes them).
macro_rules! lanczos_functions {
    ($t:ty, $lgamma:ident, $digamma:ident, $flush:path, $log:path, $log1p:path, $sin:path,
     $cos:path) => {
        /// `lgamma`: the Lanczos sum at `z = x - 1` (at `z = -x` with the reflection
        /// `log(π) - log|sin(πx)| - lgamma(1 - x)` for `x < ½`), `+inf` at `±inf`.
        #[inline(always)]
        pub fn $lgamma(x: $t) -> $t {
            let f = $flush;
            let pi = std::f64::consts::PI as $t;
            let x = f(x);
            let ax = x.abs();
            let reflect = x < 0.5;
            // |sin(πx)| from the distance of |x| to the nearest integer, as the
            // decomposition computes it.
            let frac = f(ax - ax.floor());
            let frac = if 0.5 < frac { f(1.0 - frac) } else { frac };
            let log_sin = $log(f($sin(f(frac * pi))));
            let z = if reflect { -x } else { f(x + -1.0) };
            let log_t = f(f($log1p(f(z * INV_T0 as $t))) + LOG_T0 as $t);
            let t = f(z + 7.5);
            // (z + ½)·log(t) - t, as (z + ½ - t/log(t))·log(t), plus log(√(2π)); the
            // multiply is fused into the add.
            let a = f(f(z + 0.5) - f(t / log_t));
            let b = f(a.mul_add(log_t, LOG_SQRT_2PI as $t));
            let mut sum = f(f(LANCZOS[0] as $t / f(z + 1.0)) + LANCZOS_BASE as $t);
            for (k, &c) in LANCZOS.iter().enumerate().skip(1) {
                sum = f(sum + f(c as $t / f(z + (k + 1) as $t)));
            }
            let lg = f(b + f($log(sum)));
            let reflected = if log_sin.is_finite() {
                f(f(LOG_PI as $t - log_sin) - lg)
            } else {
                -log_sin
            };
            if ax == <$t>::INFINITY {
                <$t>::INFINITY
            } else if reflect {
                reflected
            } else {
                lg
            }
        }

        /// `digamma`: the derivative of the Lanczos approximation at `z = x - 1` (at
        /// `z = -x` with the reflection `- π cos(πx)/sin(πx)` for `x < ½`), NaN at the
        /// poles `0, -1, -2, ...`.
        #[inline(always)]
        pub fn $digamma(x: $t) -> $t {
            let f = $flush;
            let pi = std::f64::consts::PI as $t;
            let x = f(x);
            let pole = x <= 0.0 && x == x.floor();
            let reflect = x < 0.5;
            let z = if reflect { -x } else { f(x + -1.0) };
            let log_t = f(f($log1p(f(z * INV_T0 as $t))) + LOG_T0 as $t);
            // The sum's derivative (`num`, from zero) and the sum itself (`den`).
            let mut num: $t = 0.0;
            for (k, &c) in LANCZOS.iter().enumerate() {
                let d = f(z + (k + 1) as $t);
                num = f(num - f(c as $t / f(d * d)));
            }
            let mut den = f(f(LANCZOS[0] as $t / f(z + 1.0)) + LANCZOS_BASE as $t);
            for (k, &c) in LANCZOS.iter().enumerate().skip(1) {
                den = f(den + f(c as $t / f(z + (k + 1) as $t)));
            }
            let r = f(log_t + f(num / den));
            let r = f(r - f(7.0 / f(z + 7.5)));
            // The decomposition's argument of the reflection: x + |round-half-up(x)|.
            let v = f(x + f(x + 0.5).floor().abs());
            let arg = f(v * pi);
            let reflected = f(r - f(f(f($cos(arg)) * pi) / f($sin(arg))));
            if pole {
                <$t>::NAN
            } else if reflect {
                reflected
            } else {
                r
            }
        }
    };
}

lanczos_functions!(
    f32,
    lgamma_f32,
    digamma_f32,
    super::flush_f32,
    super::log_f32,
    super::log1p_f32,
    super::sin_f32,
    super::cos_f32
);
lanczos_functions!(
    f64,
    lgamma_f64,
    digamma_f64,
    super::flush_f64,
    f64::ln,
    super::log1p_f64,
    f64::sin,
    f64::cos
);

/// `erfc` of `f64`: `1 - x·P(x²)/Q(x²)` for `|x| < 1`; otherwise `e^(-x²)·P(|x|)/Q(|x|)`
/// with one of two rational functions (below and above `|x| = 8`), zero once `-x²` is
/// below `ln` of the smallest normal number, and `2 - ...` for negative `x`. `Q`'s leading
/// coefficient is 1, so its first step is an add.
#[inline(always)]
pub fn erfc_f64(x: f64) -> f64 {
    const NEAR_P: [f64; 5] = [
        9.6049737398705162,
        90.026019720384269,
        2232.0053459468431,
        7003.3251411280507,
        55592.301301039493,
    ];
    const NEAR_Q: [f64; 5] = [
        33.561714164750313,
        521.35794978015269,
        4594.3238297098014,
        22629.000061389095,
        49267.394260863592,
    ];
    const MID_P: [f64; 9] = [
        2.4619698147353052e-10,
        0.56418956483106886,
        7.4632105644226989,
        48.637197098568137,
        196.5208329560771,
        526.44519499547732,
        934.52852717195765,
        1027.5518868951572,
        557.53533536939938,
    ];
    const MID_Q: [f64; 8] = [
        13.228195115474499,
        86.707214088598974,
        354.93777888781989,
        975.70850174320549,
        1823.9091668790973,
        2246.3376081871097,
        1656.6630919416134,
        557.53534081772773,
    ];
    const FAR_P: [f64; 6] = [
        0.56418958354775506,
        1.275366707599781,
        5.0190504225118051,
        6.160210979930536,
        7.4097426995044895,
        2.9788666537210022,
    ];
    const FAR_Q: [f64; 6] = [
        2.2605286322011726,
        9.3960352493800148,
        12.048953980809666,
        17.081445074756591,
        9.6089680906328585,
        3.3690764510008151,
    ];
    let f = super::flush_f64;
    let horner = |c: &[f64], w: f64| c[1..].iter().fold(c[0], |p, &k| f(p.mul_add(w, k)));
    // A monic polynomial: `(w + c₀)·w + c₁ ...`.
    let monic = |c: &[f64], w: f64| c[1..].iter().fold(f(w + c[0]), |p, &k| f(p.mul_add(w, k)));
    let x = f(x);
    let ax = x.abs();
    let z = f(x * x);
    let near = f(1.0 - f(f(x * horner(&NEAR_P, z)) / monic(&NEAR_Q, z)));
    let nz = -z;
    let e = super::exp_f64(nz);
    let tail = if ax < 8.0 {
        f(f(e * horner(&MID_P, ax)) / monic(&MID_Q, ax))
    } else {
        f(f(e * horner(&FAR_P, ax)) / monic(&FAR_Q, ax))
    };
    let tail = if nz < -709.782712893384 { 0.0 } else { tail };
    let far = if x < 0.0 { f(2.0 - tail) } else { tail };
    if ax < 1.0 {
        near
    } else {
        far
    }
}
