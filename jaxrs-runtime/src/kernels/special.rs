//! Special functions in forms LLVM vectorizes, equal bit for bit to the reference's scalar
//! definitions in `jaxrs_core::xla_math` (XLA:CPU's own approximations).
//!
//! The reference functions return early for special arguments and pick a polynomial per
//! branch; here every branch is computed and the result selected, which changes no bit
//! (each lane's selected value comes from the same operations in the same order, fused
//! multiply-adds included) but lets a loop over these functions run 16 lanes at a time with
//! AVX-512. `tests/special.rs` compares them with the reference over dense sweeps of `f32`.
//!
//! JAX counterpart: what `lax.log`, `lax.log1p` and `lax.erf_inv` lower to on the CPU
//! (`jax.random.normal` calls `erf_inv` on every element).

// Coefficients are written with the digits the reference uses, so both round alike.
#![allow(clippy::excessive_precision)]

/// Cephes' `logf` polynomial, highest degree first (as `jaxrs_core::xla_math::log_f32`).
const LOG_P: [f32; 9] = [
    7.037_683_6e-2,
    -1.151_461e-1,
    1.167_699_9e-1,
    -1.242_014_1e-1,
    1.424_932_3e-1,
    -1.666_805_8e-1,
    2.000_071_5e-1,
    -2.499_999_4e-1,
    3.333_333_1e-1,
];
const LOG_Q1: f32 = -2.121_944_4e-4;
const LOG_Q2: f32 = 0.693_359_4;

/// `logf` as XLA:CPU evaluates it; equals `jaxrs_core::xla_math::log_f32` bit for bit.
#[inline(always)]
pub fn log_f32(x: f32) -> f32 {
    let xc = x.max(f32::MIN_POSITIVE);
    let bits = xc.to_bits();
    let exponent = (bits >> 23) as i32 - 0x7f;
    let mut m = f32::from_bits((bits & !0x7f80_0000) | 0.5f32.to_bits());
    let mut e = 1.0 + exponent as f32;
    let small = m < std::f32::consts::FRAC_1_SQRT_2;
    let extra = if small { m } else { 0.0 };
    m -= 1.0;
    if small {
        e -= 1.0;
    }
    m += extra;
    let x2 = m * m;
    let x3 = x2 * m;
    let mut y = m.mul_add(LOG_P[0], LOG_P[1]);
    let mut y1 = m.mul_add(LOG_P[3], LOG_P[4]);
    let mut y2 = m.mul_add(LOG_P[6], LOG_P[7]);
    y = y.mul_add(m, LOG_P[2]);
    y1 = y1.mul_add(m, LOG_P[5]);
    y2 = y2.mul_add(m, LOG_P[8]);
    y = y.mul_add(x3, y1);
    y = y.mul_add(x3, y2);
    y = y.mul_add(x3, LOG_Q1 * e);
    let mut r = (-0.5f32).mul_add(x2, m);
    r += y;
    let v = LOG_Q2.mul_add(e, r);
    if x.is_nan() || x < 0.0 {
        f32::NAN
    } else if x == 0.0 {
        f32::NEG_INFINITY
    } else if x == f32::INFINITY {
        f32::INFINITY
    } else {
        v
    }
}

/// XLA's `log1p` rational approximation for small arguments (Cephes), numerator and
/// denominator highest degree first.
const LOG1P_NUM: [f64; 7] = [
    4.527_000_086_244_52e-5,
    4.985_410_282_319_337_6e-1,
    6.578_732_594_206_104_5,
    2.991_191_932_855_307_3e1,
    6.094_966_798_098_779e1,
    5.711_296_359_058_554e1,
    2.003_955_349_920_128e1,
];
const LOG1P_DEN: [f64; 7] = [
    1.0,
    1.506_290_908_346_919_2e1,
    8.304_756_596_796_721e1,
    2.217_623_982_373_285_6e2,
    3.090_987_222_531_206e2,
    2.164_278_861_449_594_8e2,
    6.011_866_049_760_384e1,
];
const LOG1P_SMALL: f64 = std::f64::consts::SQRT_2 - 1.0;

/// `log1p` in `f32` as XLA:CPU evaluates it; equals `jaxrs_core::xla_math::log1p_f32`.
#[inline(always)]
pub fn log1p_f32(x: f32) -> f32 {
    let mut num = 0.0f32;
    let mut den = 0.0f32;
    for i in 0..7 {
        num = num.mul_add(x, LOG1P_NUM[i] as f32);
        den = den.mul_add(x, LOG1P_DEN[i] as f32);
    }
    let x2 = x * x;
    let r = (x * x2) * (num / den);
    let small = x + (-0.5f32).mul_add(x2, r);
    let large = log_f32(x + 1.0);
    if (x.abs() as f64) < LOG1P_SMALL {
        small
    } else {
        large
    }
}

/// Giles' coefficients for `w < 5` (in `w - 2.5`), highest degree first.
const ERF_INV_SMALL: [f32; 9] = [
    2.810_226_4e-8,
    3.432_739_4e-7,
    -3.523_387_7e-6,
    -4.391_506_5e-6,
    2.185_808_7e-4,
    -1.253_725e-3,
    -4.177_681_6e-3,
    2.466_407_3e-1,
    1.501_409_4,
];

/// Giles' coefficients for `w ≥ 5` (in `√w - 3`), highest degree first.
const ERF_INV_LARGE: [f32; 9] = [
    -2.002_142_6e-4,
    1.009_505_6e-4,
    1.349_343_2e-3,
    -3.673_428_4e-3,
    5.739_507_7e-3,
    -7.622_461_3e-3,
    9.438_870_5e-3,
    1.001_674_1,
    2.832_976_8,
];

/// XLA's `ErfInv` for `f32`; equals `jaxrs_core::xla_math::erf_inv_f32` bit for bit.
///
/// # Examples
/// ```
/// use jaxrs_runtime::kernels::special::erf_inv_f32;
/// assert_eq!(erf_inv_f32(0.0), 0.0);
/// assert_eq!(erf_inv_f32(-1.0), f32::NEG_INFINITY);
/// assert!((erf_inv_f32(0.5) - 0.476_936_3).abs() < 1e-6);
/// ```
#[inline(always)]
pub fn erf_inv_f32(x: f32) -> f32 {
    let w = -log1p_f32(-(x * x));
    let small = w < 5.0;
    let t = if small { w - 2.5 } else { w.sqrt() - 3.0 };
    let mut p = if small {
        ERF_INV_SMALL[0]
    } else {
        ERF_INV_LARGE[0]
    };
    for i in 1..9 {
        let c = if small {
            ERF_INV_SMALL[i]
        } else {
            ERF_INV_LARGE[i]
        };
        p = p.mul_add(t, c);
    }
    if x.abs() == 1.0 {
        x * f32::INFINITY
    } else {
        p * x
    }
}
