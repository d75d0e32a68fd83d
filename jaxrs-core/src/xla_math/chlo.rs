//! `erfc`, `lgamma` and `digamma` of `f32` as XLA:CPU computes them: JAX lowers these to
//! CHLO operations, which StableHLO decomposes into elementary HLO (a rational
//! approximation for `erfc`, the Lanczos approximation with `g = 7` and 9 terms for
//! `lgamma` and its derivative for `digamma`, each with a reflection for `x < ½`) that XLA
//! fuses into one kernel. Read from the optimized HLO JAX 0.10.2 compiles
//! (`jax.jit(lax.lgamma).lower(x).compile().as_text()`): every step below is one HLO
//! operation, rounded to `f32` with subnormals flushed, and a multiply whose only use is
//! an add or subtract is one fused multiply-add, as LLVM contracts it. `float16` and
//! `bfloat16` are widened to `f32` for the whole decomposition and rounded once.

use super::{cos_f32, exp_f32, flush_f32 as f, log1p_f32, log_f32, sin_f32};

/// π rounded to `f32`, as the decompositions write it.
const PI: f32 = std::f32::consts::PI;

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

/// The Lanczos coefficients after the first (`g = 7`, 9 terms), rounded to `f32`.
const LANCZOS: [f32; 8] = [
    676.520386,
    -1259.13916,
    771.323425,
    -176.615036,
    12.5073433,
    -0.138571098,
    9.98436917e-06,
    1.50563267e-07,
];

/// `log(t)` for `t = z + g + ½` with `g = 7`, written as `log1p(z/(g + ½)) + log(g + ½)`.
#[inline(always)]
fn log_lanczos_t(z: f32) -> f32 {
    f(log1p_f32(f(z * 0.13333334)) + 2.01490307)
}

/// `lgamma`: the Lanczos sum at `z = x - 1` (at `z = -x` with the reflection
/// `log(π) - log|sin(πx)| - lgamma(1 - x)` for `x < ½`), `+inf` at `±inf`.
#[inline(always)]
pub fn lgamma_f32(x: f32) -> f32 {
    let x = f(x);
    let ax = x.abs();
    let reflect = x < 0.5;
    // |sin(πx)| from the distance of |x| to the nearest integer, as the decomposition does.
    let frac = f(ax - ax.floor());
    let frac = if 0.5 < frac { f(1.0 - frac) } else { frac };
    let log_sin = log_f32(sin_f32(f(frac * PI)));
    let z = if reflect { -x } else { f(x + -1.0) };
    let log_t = log_lanczos_t(z);
    let t = f(z + 7.5);
    // (z + ½)·log(t) - t, as (z + ½ - t/log(t))·log(t), plus log(√(2π)).
    let a = f(f(z + 0.5) - f(t / log_t));
    let b = fma(a, log_t, 0.918938518);
    let mut sum = f(f(LANCZOS[0] / f(z + 1.0)) + 1.0);
    for (k, &c) in LANCZOS.iter().enumerate().skip(1) {
        sum = f(sum + f(c / f(z + (k + 1) as f32)));
    }
    let lg = f(b + log_f32(sum));
    let reflected = if log_sin.is_finite() {
        f(f(1.14472985 - log_sin) - lg)
    } else {
        -log_sin
    };
    if ax == f32::INFINITY {
        f32::INFINITY
    } else if reflect {
        reflected
    } else {
        lg
    }
}

/// `digamma`: the derivative of the Lanczos approximation at `z = x - 1` (at `z = -x` with
/// the reflection `- π cos(πx)/sin(πx)` for `x < ½`), NaN at the poles `0, -1, -2, ...`.
#[inline(always)]
pub fn digamma_f32(x: f32) -> f32 {
    let x = f(x);
    let pole = x <= 0.0 && x == x.floor();
    let reflect = x < 0.5;
    let z = if reflect { -x } else { f(x + -1.0) };
    let log_t = log_lanczos_t(z);
    // The sum's derivative (`num`, from zero) and the sum itself (`den`, from one).
    let mut num = 0.0f32;
    let mut den = 1.0f32;
    for (k, &c) in LANCZOS.iter().enumerate() {
        let d = f(z + (k + 1) as f32);
        num = f(num - f(c / f(d * d)));
    }
    for (k, &c) in LANCZOS.iter().enumerate() {
        den = f(den + f(c / f(z + (k + 1) as f32)));
    }
    let r = f(log_t + f(num / den));
    let r = f(r - f(7.0 / f(z + 7.5)));
    // The decomposition's argument of the reflection: x + |round-half-up(x)|.
    let v = f(x + f(x + 0.5).floor().abs());
    let arg = f(v * PI);
    let reflected = f(r - f(f(cos_f32(arg) * PI) / sin_f32(arg)));
    if pole {
        f32::NAN
    } else if reflect {
        reflected
    } else {
        r
    }
}
