//! Special functions in forms LLVM can vectorize, equal bit for bit to the reference's
//! scalar definitions in `jaxrs_core::scalar`.
//!
//! JAX counterpart: XLA:CPU's `ErfInv` for `f32` (Giles' single-precision approximation),
//! which `jax.random.normal` calls on every element.

/// Natural logarithm of a positive, normal, finite `f64`; NaN for anything else (zero,
/// negatives, NaN, infinities). Error below one ulp.
///
/// The classic reduction: `z = 2^k · m` with `m` in `[√2/2, √2)`, `f = m - 1`,
/// `s = f / (2 + f)`, and `ln m = f - f²/2 + s·(f²/2 + R(s²))` with a degree-14 minimax
/// polynomial `R` (fdlibm's coefficients, given by their bits); written without branches so it vectorizes.
#[inline(always)]
pub fn ln_f64(z: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
    const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
    const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
    const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
    const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
    const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
    const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);
    let bits = z.to_bits();
    // Shift the exponent boundary from 1 to √2/2, so m lands in [√2/2, √2).
    let hi = ((bits >> 32) as u32).wrapping_add(0x3ff0_0000 - 0x3fe6_a09e);
    let k = (hi >> 20) as i32 - 0x3ff;
    let hi = (hi & 0x000f_ffff) + 0x3fe6_a09e;
    let m = f64::from_bits((u64::from(hi) << 32) | (bits & 0xffff_ffff));
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let s2 = s * s;
    let s4 = s2 * s2;
    let t1 = s4 * (LG2 + s4 * (LG4 + s4 * LG6));
    let t2 = s2 * (LG1 + s4 * (LG3 + s4 * (LG5 + s4 * LG7)));
    let r = t2 + t1;
    let dk = k as f64;
    let v = s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
    let ok = (f64::MIN_POSITIVE..f64::INFINITY).contains(&z);
    if ok {
        v
    } else {
        f64::NAN
    }
}

/// `-log1p(-(x·x))` rounded to `f32`, exactly as the reference's `erf_inv_f32` computes it
/// (`f64::ln_1p` of the `f32` product, negated, rounded).
///
/// For `|x·x| ≥ 2⁻²⁹`, `1 - x·x` is exact in `f64`, so `log1p` is [`ln_f64`] of it; both
/// are within an ulp of `f64`, far below the `f32` rounding step, and
/// `tests/special.rs` checks every `f32` input of this branch against `ln_1p`. Below
/// `2⁻²⁹`, `log1p(y) = y·(1 - y/2 + …)` rounds to `y` in `f32`.
#[inline(always)]
fn erf_inv_w(x: f32) -> f32 {
    let xx = x * x;
    let y = -xx;
    let big = -(ln_f64(1.0 + y as f64)) as f32;
    if xx < TINY {
        xx
    } else {
        big
    }
}

/// 2⁻²⁹: below it, `1 - y` is not exact in `f64` but `log1p(-y)` rounds to `-y` in `f32`.
const TINY: f32 = 1.862_645_1e-9; // exactly 2^-29

/// Giles' coefficients for `w < 5` (in `w - 2.5`), highest degree first.
const SMALL: [f32; 9] = [
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
const LARGE: [f32; 9] = [
    -2.002_142_6e-4,
    1.009_505_6e-4,
    1.349_343_2e-3,
    -3.673_428_4e-3,
    5.739_507_7e-3,
    -7.622_461_3e-3,
    9.438_870_5e-3,
    1.001_674,
    2.832_976_8,
];

/// The inverse error function in `f32`, bit for bit the reference's
/// `jaxrs_core::scalar::erf_inv_f32` (XLA's algorithm): both polynomial branches are
/// evaluated and one is selected, so a loop over this function vectorizes.
///
/// # Examples
/// ```
/// use jaxrs_runtime::kernels::special::erf_inv_f32;
/// assert_eq!(erf_inv_f32(0.0), 0.0);
/// assert_eq!(erf_inv_f32(1.0), f32::INFINITY);
/// assert!((erf_inv_f32(0.5) - 0.476_936_3).abs() < 1e-6);
/// ```
#[inline(always)]
pub fn erf_inv_f32(x: f32) -> f32 {
    let w = erf_inv_w(x);
    let small = w < 5.0;
    let t = if small { w - 2.5 } else { w.sqrt() - 3.0 };
    let mut p = if small { SMALL[0] } else { LARGE[0] };
    for i in 1..9 {
        let c = if small { SMALL[i] } else { LARGE[i] };
        p = p.mul_add(t, c);
    }
    if x.abs() == 1.0 {
        x * f32::INFINITY
    } else {
        p * x
    }
}
