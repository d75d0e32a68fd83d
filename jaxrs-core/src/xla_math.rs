//! Elementwise float functions computed the way XLA:CPU computes them, so that results
//! match JAX bit for bit where a correctly rounded libm would differ by an ulp or more.
//!
//! JAX counterpart: the LLVM IR that XLA:CPU emits for `lax.exp`, `lax.tanh`, ... (read
//! with `XLA_FLAGS=--xla_dump_to=DIR`, `*.ir-with-opt.ll` and the object files beside it).
//! XLA writes its own polynomial and rational approximations of `exp`, `log`, `log1p`,
//! `expm1`, `tanh`, `erf`, `erf_inv` and `rsqrt` (its Newton step on the hardware
//! estimate), composes `logistic`, `exp2`, `cosh`, `asinh`, `atanh`, ... of them inside one fused kernel, and
//! calls the C library (`sinf`, `cosf`, `tanf`, `atanf`, `atan2f`, `powf`, `fmodf`,
//! `cbrtf`) for the rest. LLVM then contracts a multiply whose only use is an add into a
//! fused multiply-add (XLA allows FP contraction), so which operations are fused is part of
//! each definition here; every `mul_add` below stands for one `vfmadd` in XLA's code.
//!
//! Every function is branch-free (`if` on values only, which compiles to selects) and
//! `#[inline(always)]`, so the runtime's kernels call these same functions in their
//! vectorized loops and agree with the reference evaluator bit for bit.
//!
//! Denormals: XLA:CPU runs with FTZ and DAZ set, so every arithmetic instruction reads a
//! subnormal operand as a zero of its sign and writes a subnormal result as one.
//! [`flush_f32`] applies that to a function's argument and result; intermediate subnormals
//! never decide a result of these functions (checked over 2^20 inputs per function by
//! tests/bits_golden.rs). Narrow floats (`f16`, `bf16`) are computed in `f32`, as XLA
//! widens them.
// The coefficients are written with the digits their sources publish; the compiler rounds
// them to the type exactly as XLA's C++ does.
#![allow(clippy::excessive_precision)]

mod chlo;
mod erf64;
pub use chlo::{digamma_f32, digamma_f64, erfc_f32, erfc_f64, lgamma_f32, lgamma_f64};
pub use erf64::erf_f64;

/// A subnormal `f32` as the zero of its sign: what an instruction reads (DAZ) and writes
/// (FTZ) under XLA:CPU's floating-point mode.
#[inline(always)]
pub fn flush_f32(x: f32) -> f32 {
    // A zero exponent field is a zero or a subnormal; either becomes the zero of its sign.
    // Written on the bits so that a loop of these is a vector select.
    let b = x.to_bits();
    f32::from_bits(if b & 0x7f80_0000 == 0 {
        b & 0x8000_0000
    } else {
        b
    })
}

/// A subnormal `f64` as the zero of its sign (see [`flush_f32`]).
#[inline(always)]
pub fn flush_f64(x: f64) -> f64 {
    let b = x.to_bits();
    f64::from_bits(if b & 0x7ff0_0000_0000_0000 == 0 {
        b & 0x8000_0000_0000_0000
    } else {
        b
    })
}

/// `x` limited to `[lo, hi]`, a NaN passing through (XLA's clamps are `select`s on ordered
/// comparisons).
#[inline(always)]
fn clamp_keep_nan(x: f32, lo: f32, hi: f32) -> f32 {
    let x = if x < lo { lo } else { x };
    if x > hi {
        hi
    } else {
        x
    }
}

/// `logf` as XLA:CPU evaluates it: Cephes' reduction to a mantissa in `[√½, √2)` and a
/// degree-8 polynomial, with fused multiply-adds.
#[inline(always)]
pub fn log_f32(x: f32) -> f32 {
    // The bit patterns of XLA's constants (two of them are an ulp away from the nearest
    // `f32` of Cephes' published digits).
    const P: [f32; 9] = [
        f32::from_bits(0x3D90_21BB),
        f32::from_bits(0xBDEB_D1B8),
        f32::from_bits(0x3DEF_251A),
        f32::from_bits(0xBDFE_5D4F),
        f32::from_bits(0x3E11_E9BF),
        f32::from_bits(0xBE2A_AE50),
        f32::from_bits(0x3E4C_CEAC),
        f32::from_bits(0xBE7F_FFFC),
        f32::from_bits(0x3EAA_AAAA),
    ];
    const Q1: f32 = f32::from_bits(0xB95E_8083);
    const Q2: f32 = f32::from_bits(0x3F31_8000);
    let x = flush_f32(x);
    // Denormals are cut off at the smallest normal, as XLA does.
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
    let mut y = m.mul_add(P[0], P[1]);
    let mut y1 = m.mul_add(P[3], P[4]);
    let mut y2 = m.mul_add(P[6], P[7]);
    y = y.mul_add(m, P[2]);
    y1 = y1.mul_add(m, P[5]);
    y2 = y2.mul_add(m, P[8]);
    y = y.mul_add(x3, y1);
    y = y.mul_add(x3, y2);
    y = y.mul_add(x3, Q1 * e);
    let mut r = (-0.5f32).mul_add(x2, m);
    r += y;
    let v = Q2.mul_add(e, r);
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

/// The two factors of XLA's `expf(x)`, `p · 2ⁿ`, before they are multiplied: callers fuse
/// the product into their next add as XLA's kernels do (`logistic`, `cosh`).
///
/// Cephes' reduction: `x` clamped to `[-87.8, 88.8]`, `n = ⌊x·log₂e + ½⌋` clamped to
/// `[-127, 127]`, `g = x - n·ln2` with a two-part `ln2` (both fused), and `p` a degree-5
/// polynomial in `g`. `2ⁿ` is made from its exponent bits, so `n = -127` gives `0.0`.
#[inline(always)]
pub fn exp_parts_f32(x: f32) -> (f32, f32) {
    const P: [f32; 6] = [
        f32::from_bits(0x3950_6967),
        f32::from_bits(0x3AB7_43CE),
        f32::from_bits(0x3C08_8908),
        f32::from_bits(0x3D2A_A9C1),
        f32::from_bits(0x3E2A_AAAA),
        0.5,
    ];
    let x = clamp_keep_nan(x, -87.8, 88.8);
    let n = clamp_keep_nan(
        x.mul_add(f32::from_bits(0x3FB8_AA3B), 0.5).floor(),
        -127.0,
        127.0,
    );
    let g = (-n).mul_add(f32::from_bits(0x3F31_8000), x);
    let g = (-n).mul_add(f32::from_bits(0xB95E_8083), g);
    let mut y = g.mul_add(P[0], P[1]);
    y = y.mul_add(g, P[2]);
    y = y.mul_add(g, P[3]);
    y = y.mul_add(g, P[4]);
    y = y.mul_add(g, P[5]);
    let p = y.mul_add(g * g, g) + 1.0;
    // `n` is an integer in [-127, 127] (or NaN): adding 1.5·2²³ puts it, exactly, in the
    // low mantissa bits, so the biased exponent is read off the bits without an `as i32`,
    // whose saturating NaN check keeps the loop from vectorizing. Only the low 9 bits
    // survive the shift; for a NaN `n` they make some non-NaN power of two (XLA's
    // `cvttps2dq` gives i32::MIN, scale 1.0), and `p` is NaN, so the NaN passes either way.
    let biased = (n + 12_582_912.0).to_bits().wrapping_sub(0x4B40_0000 - 127);
    let scale = f32::from_bits(biased << 23);
    (p, scale)
}

/// `expf` as XLA:CPU evaluates it (see [`exp_parts_f32`]); results below `2⁻¹²⁶` are `0`.
///
/// Neither flush is spelled out in full, which keeps the vector loop 6 instructions
/// shorter: a subnormal `x` gives the parts of `±0` (`n = 0`, `g = x`, and `g²`, `P·g`
/// vanish beside the polynomial's constants and `1 + g` rounds to `1`), and the result
/// `p · 2ⁿ` is `+0`, positive or NaN, so its flush is `r < 2⁻¹²⁶ → +0` (checked over
/// subnormal inputs by `exp_of_a_subnormal_is_exp_of_its_flushed_zero` and the bits golden
/// test).
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    let (p, scale) = exp_parts_f32(x);
    let r = p * scale;
    if r < f32::MIN_POSITIVE {
        0.0
    } else {
        r
    }
}

/// YNNPACK's `float32` functions, which XLA:CPU runs for these operations inside one of
/// its YNNPACK library fusions ([`crate::jaxpr::ynn`]) instead of its own algorithms.
pub fn ynn_f32(f: crate::primitive::YnnFn, x: f32) -> f32 {
    use crate::primitive::YnnFn;
    match f {
        YnnFn::Exp => ynn_exp_f32(x),
        YnnFn::Expm1 => ynn_expm1_f32(x),
        YnnFn::Log => ynn_log_f32(x),
        YnnFn::Log1p => ynn_log1p_f32(x),
        YnnFn::Tanh => ynn_tanh_f32(x),
        YnnFn::Logistic => ynn_logistic_f32(x),
        YnnFn::Erf => ynn_erf_f32(x),
        YnnFn::Rsqrt => ynn_rsqrt_f32(x),
        YnnFn::Exp2 => ynn_exp2_f32(x),
    }
}

/// The two parts `(2ᵇ, eʳ - 1)` of YNNPACK's `eˣ = 2ᵇ·(eʳ - 1) + 2ᵇ` for `f32`: `x` is
/// clamped to `[-88.0297, 88.7228]` (a NaN stays NaN) and split as `x = b·ln 2 + r`
/// (`b` rounded by the `1.5·2²³` trick, `ln 2` in two parts); `eʳ - 1` is `r + r²·P(r)`,
/// `P` of degree 6 evaluated in even and odd halves in `r²`. `2ᵇ` is built on the bits,
/// so `b = 128` (from `x ≥ 88.7`, below `f32::MAX`'s logarithm) gives `+∞` and
/// `b = -127` gives `0`; for a NaN `x`, `2ᵇ` is `x` itself, as YNNPACK selects it (the
/// bits of a NaN `b` would make `±∞` or some power of two), and `eʳ - 1` is a NaN.
#[inline(always)]
fn ynn_exp_parts_f32(x: f32) -> (f32, f32) {
    // YNNPACK's constants, by their bits.
    const P: [f32; 7] = [
        f32::from_bits(0xB851_27E0),
        f32::from_bits(0x396E_CCE9),
        f32::from_bits(0x3AB9_3CAC),
        f32::from_bits(0x3C08_629E),
        f32::from_bits(0x3D2A_A994),
        f32::from_bits(0x3E2A_AAD2),
        f32::from_bits(0x3EFF_FFFE),
    ];
    const LN2_HI: f32 = f32::from_bits(0x3F31_7200);
    const LN2_LO: f32 = f32::from_bits(0x35BF_BE8E);
    const ROUND: f32 = 12_582_912.0;
    let (lo, hi) = (f32::from_bits(0xC2B0_0F34), f32::from_bits(0x42B1_7218));
    // Written so that a NaN passes (one `maxps`/`minps` each with `x` second).
    let xc = if x < lo { lo } else { x };
    let xc = if xc > hi { hi } else { xc };
    let b = (xc * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = b.mul_add(-LN2_HI, xc);
    let r = b.mul_add(-LN2_LO, r);
    // `b + 127` lands in the low mantissa bits of `b + 127 + 2²³`; shifted into the
    // exponent field, they make `2ᵇ` (exponent 0 for `b = -127`, 255 for `b = 128`).
    let e2b = f32::from_bits((b + (127.0 + 8_388_608.0)).to_bits() << 23);
    let e2b = if x.is_nan() { x } else { e2b };
    let r2 = r * r;
    let y0 = r2.mul_add(P[0], P[2]);
    let y1 = r2.mul_add(P[1], P[3]);
    let y0 = r2.mul_add(y0, P[4]);
    let y1 = r2.mul_add(y1, P[5]);
    let y0 = r2.mul_add(y0, P[6]);
    let p = r.mul_add(y1, y0);
    (e2b, r2.mul_add(p, r))
}

/// `expf` as YNNPACK computes it ([`ynn_f32`]; `ynn_exp_parts_f32` gives the steps):
/// not [`exp_f32`]'s algorithm, so the two differ in the last bit for about 2% of inputs
/// (measured on softmax inputs). `x ≥ 88.7` gives `+∞`; a result below `2⁻¹²⁶` is
/// flushed as XLA's threads flush it. A NaN passes through.
#[inline(always)]
pub fn ynn_exp_f32(x: f32) -> f32 {
    let (e2b, em1) = ynn_exp_parts_f32(x);
    let y = e2b.mul_add(em1, e2b);
    if e2b == f32::INFINITY {
        e2b
    } else if y < f32::MIN_POSITIVE {
        0.0
    } else {
        y
    }
}

/// `expm1f` as YNNPACK computes it ([`ynn_f32`]): `ynn_exp_parts_f32` with the result
/// `2ᵇ·(eʳ - 1) + (2ᵇ - 1)` as one multiply-add, so for `b = 0` it is `eʳ - 1` itself,
/// and `x ≤ -88.03` (`2ᵇ = 0`) gives exactly `-1`. `x ≥ 88.7` gives `+∞`; a subnormal
/// `x` is read as zero (the result is then never subnormal, and `-0` gives `+0`).
#[inline(always)]
pub fn ynn_expm1_f32(x: f32) -> f32 {
    let (e2b, em1) = ynn_exp_parts_f32(flush_f32(x));
    if e2b == f32::INFINITY {
        e2b
    } else {
        e2b.mul_add(em1, e2b - 1.0)
    }
}

/// `tanh` of `f32` as YNNPACK computes it ([`ynn_f32`]): `e / (e + 2)` with
/// `e = eᵗ - 1` by [`ynn_expm1_f32`]'s steps and `t = 2x`, `x` first clamped to
/// `[-44.0148, 40]` (so `e` stays finite, the quotient rounds to 1 at the top and is
/// exactly -1 at the bottom, where `2ᵇ` is 0). A subnormal `x` (the only way to a
/// subnormal result) gives `+0`, as `±0` does; a NaN passes through with its own bits.
#[inline(always)]
pub fn ynn_tanh_f32(x: f32) -> f32 {
    let t = 2.0 * x.max(f32::from_bits(0xC230_0F34)).min(40.0);
    let (e2b, em1_r) = ynn_exp_parts_f32(t);
    let em1 = e2b.mul_add(em1_r, e2b - 1.0);
    let y = em1 / (em1 + 2.0);
    if x.is_nan() {
        x
    } else if y.abs() < f32::MIN_POSITIVE {
        0.0
    } else {
        y
    }
}

/// `logistic` of `f32` inside a YNNPACK fusion ([`ynn_f32`]). XLA expands it to
/// `1 / (1 + e^(-x))` before it forms fusions, so YNNPACK runs three steps, each rounded:
/// the negation (as `0 - x`, which keeps a NaN's sign), [`ynn_exp_f32`], then the add and
/// the divide. From `x ≤ -88.03` the quotient is subnormal and flushed to `+0`.
#[inline(always)]
pub fn ynn_logistic_f32(x: f32) -> f32 {
    let y = 1.0 / (ynn_exp_f32(-x) + 1.0);
    if x.is_nan() {
        x
    } else if y < f32::MIN_POSITIVE {
        0.0
    } else {
        y
    }
}

/// Splits `y` as `2ᵉ·m` with `m` in `[√2/2, √2]` as YNNPACK does, giving `(e, m)` with
/// `e` an `f32`: `e = ⌊log₂ y⌋`, `-∞` for a zero or subnormal `y` (a zero once flushed),
/// a NaN for a negative `y` (`-∞` included), and `y` itself for `+∞` and NaN. `e` is read
/// off the bits, as YNNPACK's AVX2 code does: the sign and exponent field, shifted
/// arithmetically 8 places right, land in the mantissa of `256.0`, which then reads
/// `256 + field`, and less 383 that is `field - 127` (a zero or subnormal `y` first gets
/// its sign bit set, so `e` is `-∞`). A negative `y` gets the default NaN (`0x7FC00000`)
/// as in YNNPACK's AVX-512 code (`vgetexpps` and a blend), which JAX returns on an
/// AVX-512 processor; its AVX2 code would spread the sign into an all-ones exponent, a NaN
/// with other bits (not measured). `m` is `y`'s mantissa under the exponent of 1, halved
/// (and `e` raised by one) above `√2`.
#[inline(always)]
fn ynn_log_split_f32(y: f32) -> (f32, f32) {
    let bits = y.to_bits();
    let bits = if bits & 0x7F80_0000 == 0 {
        bits | 0x8000_0000
    } else {
        bits
    };
    let field = (((bits & 0xFF80_0000) as i32) >> 8) as u32;
    let e = f32::from_bits(field | 0x4380_0000) - 383.0;
    let e = if y == f32::INFINITY || y.is_nan() {
        y
    } else if flush_f32(y) < 0.0 {
        f32::NAN
    } else {
        e
    };
    let m = f32::from_bits((bits & 0x007F_FFFF) | 0x3F80_0000);
    if m > f32::from_bits(0x3FB5_04F3) {
        (e + 1.0, m * 0.5)
    } else {
        (e, m)
    }
}

/// YNNPACK's `log(1 + r)` for `r` in `[√2/2 - 1, √2 - 1]`: `r + r²·P(r)/Q(r)`, `P` and
/// `Q` of degree 2 (`Q`'s constant term 1), each an even part in `r²` plus `r` times the
/// odd part.
#[inline(always)]
fn ynn_log1p_reduced_f32(r: f32) -> f32 {
    const P: [f32; 3] = [
        f32::from_bits(0xBBAB_5AD8),
        f32::from_bits(0xBEA9_9D63),
        f32::from_bits(0xBEFF_FFF4),
    ];
    const Q: [f32; 2] = [f32::from_bits(0x3ECB_0C97), f32::from_bits(0x3FAA_23C9)];
    let r2 = r * r;
    let p = r.mul_add(P[1], r2.mul_add(P[0], P[2]));
    let q = r.mul_add(Q[1], r2.mul_add(Q[0], 1.0));
    r2.mul_add(p / q, r)
}

/// `logf` as YNNPACK computes it ([`ynn_f32`]): `x = 2ᵉ·m` (`ynn_log_split_f32`) and
/// `e·ln 2 + log(1 + (m - 1))` as one multiply-add. Zero and subnormal `x` give `-∞`,
/// negative `x` NaN; `+∞` and NaN pass through.
#[inline(always)]
pub fn ynn_log_f32(x: f32) -> f32 {
    let (e, m) = ynn_log_split_f32(x);
    e.mul_add(std::f32::consts::LN_2, ynn_log1p_reduced_f32(m - 1.0))
}

/// `log1pf` as YNNPACK computes it ([`ynn_f32`]): `1 + x` (rounded) split like
/// [`ynn_log_f32`]'s argument, except that where `e` is 0 (`1 + x` in `[√2/2, √2]`) the
/// reduced argument is `x` itself, which keeps small `x` exact. `x = -1` gives `-∞`,
/// `x < -1` NaN; a subnormal `x` is read as zero.
#[inline(always)]
pub fn ynn_log1p_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let (e, m) = ynn_log_split_f32(x + 1.0);
    let r = if e == 0.0 { x } else { m - 1.0 };
    e.mul_add(std::f32::consts::LN_2, ynn_log1p_reduced_f32(r))
}

/// `2^x` of `f32` inside a YNNPACK fusion ([`ynn_f32`]). JAX lowers `exp2` to
/// `exp(x · ln 2)`, so YNNPACK runs the product, rounded (a subnormal `x` read as zero),
/// and then [`ynn_exp_f32`]. JAX's bits for all 2^32 inputs (measured in a fusion).
#[inline(always)]
pub fn ynn_exp2_f32(x: f32) -> f32 {
    ynn_exp_f32(flush_f32(x) * std::f32::consts::LN_2)
}

/// `rsqrt` of `f32` as YNNPACK computes it ([`ynn_f32`]): `1 / √x`, two correctly
/// rounded operations, where XLA's own [`rsqrt_f32`] refines the processor's estimate. A
/// subnormal `x` is read as zero of its sign: `+∞` for `+0`, `-∞` for `-0`; a negative
/// `x` gives the processor's default NaN, and a NaN comes back quieted. JAX's bits for all
/// 2^32 inputs (measured in a fusion).
#[inline(always)]
pub fn ynn_rsqrt_f32(x: f32) -> f32 {
    1.0 / flush_f32(x).sqrt()
}

/// YNNPACK's polynomial `c₀·tⁿ + … + cₙ` by Horner's rule, one multiply-add a step.
#[inline(always)]
fn ynn_horner_f32<const N: usize>(c: &[f32; N], t: f32) -> f32 {
    c[1..].iter().fold(c[0], |y, &ci| t.mul_add(y, ci))
}

/// `erf` of `f32` as YNNPACK computes it ([`ynn_f32`]), from `a = min(|x|, 3.8)`: below
/// `0.8`, `a·P(a²)`; above, `1 - e^(-a²)·S(a)` with `e^(-a²)` by [`ynn_exp_f32`] and `S`
/// one of two polynomials in `a`, split at `1.6` (each of degree 6, by Horner's rule),
/// approximating `e^(a²)·erfc(a)`; then the sign of `x`. The clamp holds the result at
/// `erf(3.8) = ±0.99999994` from `|x| ≥ 3.8` on, `±∞` included: never `±1`, which XLA's
/// [`erf_f32`] reaches. YNNPACK's kernel ends with `erf·1 + 0` as one multiply-add, which
/// turns `-0` into `+0`; a subnormal `x` is read as zero, so gives `+0` too. A NaN comes
/// back quieted. JAX's bits for all 2^32 inputs (measured in a fusion).
#[inline(always)]
pub fn ynn_erf_f32(x: f32) -> f32 {
    // YNNPACK's constants, by their bits.
    const P: [f32; 7] = [
        f32::from_bits(0xBA0D_7E29),
        f32::from_bits(0x39B0_108B),
        f32::from_bits(0x3B90_68EA),
        f32::from_bits(0xBCD9_F4A7),
        f32::from_bits(0x3DE7_03E2),
        f32::from_bits(0xBEC0_936B),
        f32::from_bits(0x3F90_6EBB),
    ];
    const NEAR: [f32; 7] = [
        f32::from_bits(0x3B91_667C),
        f32::from_bits(0xBD2E_96EC),
        f32::from_bits(0x3E3C_AD3F),
        f32::from_bits(0xBEF5_2543),
        f32::from_bits(0x3F58_4D11),
        f32::from_bits(0xBF89_E126),
        f32::from_bits(0x3F7E_194D),
    ];
    const FAR: [f32; 7] = [
        f32::from_bits(0x3935_B315),
        f32::from_bits(0xBB60_4030),
        f32::from_bits(0x3CEE_1BB6),
        f32::from_bits(0xBE0E_3E95),
        f32::from_bits(0x3ED1_DD46),
        f32::from_bits(0xBF44_E1C4),
        f32::from_bits(0x3F66_0B07),
    ];
    const SMALL: f32 = f32::from_bits(0x3F4C_CCCD);
    const MIDDLE: f32 = f32::from_bits(0x3FCC_CCCD);
    const TOP: f32 = f32::from_bits(0x4073_3333);
    let fx = flush_f32(x);
    let a = fx.abs();
    let a = if a < TOP { a } else { TOP };
    let a2 = a * a;
    let small = a * ynn_horner_f32(&P, a2);
    let s = if a < MIDDLE {
        ynn_horner_f32(&NEAR, a)
    } else {
        ynn_horner_f32(&FAR, a)
    };
    let large = 1.0 - ynn_exp_f32(-a2) * s;
    let y = if a < SMALL { small } else { large };
    if x.is_nan() {
        // The NaN's own bits, quieted, whatever order the vector code met it in.
        f32::from_bits(x.to_bits() | 0x0040_0000)
    } else {
        // `+ 0.0` is YNNPACK's closing `erf·1 + 0`: only a `-0` changes.
        y.copysign(fx) + 0.0
    }
}

/// `2^x` as XLA computes it: `exp(x · ln 2)` with the product rounded to `f32`.
#[inline(always)]
pub fn exp2_f32(x: f32) -> f32 {
    exp_f32(flush_f32(x) * std::f32::consts::LN_2)
}

/// `logistic` as XLA fuses it: `1 / (1 + e^(-x))`, the last multiply of `exp` fused with
/// the add of 1.
#[inline(always)]
pub fn logistic_f32(x: f32) -> f32 {
    let (p, scale) = exp_parts_f32(-flush_f32(x));
    flush_f32(1.0 / p.mul_add(scale, 1.0))
}

/// XLA's `tanh` of `f32` (Eigen's rational approximation): `x` itself below `4·10⁻⁴`,
/// `±1` from 20 on, else a degree-13/6 rational function of `x` clamped to `±7.99881`.
#[inline(always)]
pub fn tanh_f32(x: f32) -> f32 {
    const A: [f32; 7] = [
        f32::from_bits(0xA59F_25C0),
        f32::from_bits(0x2A61_337E),
        f32::from_bits(0xAEBD_37FF),
        f32::from_bits(0x335C_0041),
        f32::from_bits(0x3779_434A),
        f32::from_bits(0x3A27_0DED),
        f32::from_bits(0x3BA0_59DC),
    ];
    const B: [f32; 4] = [
        f32::from_bits(0x35A0_D3D8),
        f32::from_bits(0x38F8_95D6),
        f32::from_bits(0x3B14_AA05),
        f32::from_bits(0x3BA0_59DD),
    ];
    let raw = x;
    let x = flush_f32(x);
    let bound = f32::from_bits(0x40FF_F644);
    let xc = clamp_keep_nan(x, -bound, bound);
    let x2 = xc * xc;
    let mut p = x2.mul_add(A[0], A[1]);
    for &a in &A[2..] {
        p = x2.mul_add(p, a);
    }
    let mut q = x2.mul_add(B[0], B[1]);
    for &b in &B[2..] {
        q = x2.mul_add(q, b);
    }
    let r = flush_f32((xc * p) / q);
    // The selects pass the argument's own bits, subnormal or not.
    let r = if x.abs() < 4.0e-4 { raw } else { r };
    if x.abs() >= 20.0 {
        1f32.copysign(x)
    } else {
        r
    }
}

/// `expm1` as XLA computes it: `e^x - 1` for `|x| > ½`, else `tanh(x/2) · (e^x + 1)`
/// (both from XLA's `exp` and `tanh`), and `x` itself where `x/2` is zero.
#[inline(always)]
pub fn expm1_f32(x: f32) -> f32 {
    let raw = x;
    let x = flush_f32(x);
    let (p, scale) = exp_parts_f32(x);
    let e = p * scale;
    let half = x * 0.5;
    let small = tanh_f32(half) * (e + 1.0);
    let r = flush_f32(if x.abs() > 0.5 { e - 1.0 } else { small });
    if flush_f32(half) == 0.0 {
        raw
    } else {
        r
    }
}

/// XLA's `erf` of `f32`: an odd rational function of degree 9/12 in `x`, `±1` from
/// `|x| ≥ 3.8325` on.
#[inline(always)]
pub fn erf_f32(x: f32) -> f32 {
    const P: [f32; 5] = [
        f32::from_bits(0x3970_2D51),
        f32::from_bits(0x3B5F_5DA2),
        f32::from_bits(0x3D50_B6EB),
        f32::from_bits(0x3E3D_A740),
        f32::from_bits(0x3F90_6EBA),
    ];
    const Q: [f32; 7] = [
        f32::from_bits(0xB3FD_3906),
        f32::from_bits(0x37C5_88DF),
        f32::from_bits(0x3A85_6D28),
        f32::from_bits(0x3C66_87D4),
        f32::from_bits(0x3DE3_4C21),
        f32::from_bits(0x3EFE_B44A),
        1.0,
    ];
    let x = flush_f32(x);
    let x2 = x * x;
    let mut p = x2.mul_add(P[0], P[1]);
    for &c in &P[2..] {
        p = x2.mul_add(p, c);
    }
    let mut q = x2.mul_add(Q[0], Q[1]);
    for &c in &Q[2..] {
        q = x2.mul_add(q, c);
    }
    let r = (x * p) / q;
    flush_f32(if x.abs() >= f32::from_bits(0x4075_47CB) {
        1f32.copysign(x)
    } else {
        r
    })
}

/// `cosh` as XLA fuses it: `e^(x - ln2) + e^(-ln2 - x)`, the first product fused with the
/// add.
#[inline(always)]
pub fn cosh_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let ln2 = std::f32::consts::LN_2;
    let (p1, s1) = exp_parts_f32(flush_f32(x - ln2));
    let (p2, s2) = exp_parts_f32(flush_f32(-ln2 - x));
    flush_f32(p1.mul_add(s1, p2 * s2))
}

/// `sinh` as XLA fuses it: below `|x| = 1`, `(m + m/(m + 1)) / 2` with `m = expm1(x)`;
/// else `e^(x - ln2) - e^(-ln2 - x)`, the first product fused with the subtraction.
#[inline(always)]
pub fn sinh_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let m = expm1_f32(x);
    let small = flush_f32(flush_f32(m + flush_f32(m / (m + 1.0))) * 0.5);
    let ln2 = std::f32::consts::LN_2;
    let (p1, s1) = exp_parts_f32(flush_f32(x - ln2));
    let (p2, s2) = exp_parts_f32(flush_f32(-ln2 - x));
    let big = flush_f32(p1.mul_add(s1, -flush_f32(p2 * s2)));
    if x.abs() < 1.0 {
        small
    } else {
        big
    }
}

/// `asin` as XLA decomposes it: `2·atan2(x, 1 + √((1 - x)(1 + x)))`.
#[inline(always)]
pub fn asin_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let root = flush_f32(flush_f32(flush_f32(1.0 - x) * flush_f32(x + 1.0)).sqrt());
    let a = atan2_f32(x, flush_f32(root + 1.0));
    flush_f32(a + a)
}

/// `acos` as XLA decomposes it: `atan2(√((1 - x)(1 + x)), x)`.
#[inline(always)]
pub fn acos_f32(x: f32) -> f32 {
    let fx = flush_f32(x);
    let root = flush_f32(flush_f32(flush_f32(1.0 - fx) * flush_f32(fx + 1.0)).sqrt());
    // `atan2f` gets the argument's own bits.
    atan2_f32(root, x)
}

/// `rsqrt` as XLA:CPU computes it: the processor's `rsqrtss` estimate refined by one
/// Newton step, `y + (-y/2)·(x·y·y - 1)` (two fused multiply-adds); negative numbers,
/// zeros and `+∞` keep the estimate. The estimate's bits are the processor's own (AMD and
/// Intel differ), as they are in XLA.
#[inline(always)]
pub fn rsqrt_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let y = rsqrt_estimate(x);
    let refined = (y * -0.5).mul_add((x * y).mul_add(y, -1.0), y);
    let keep = x <= 0.0 || x == f32::INFINITY;
    flush_f32(if keep { y } else { refined })
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn rsqrt_estimate(x: f32) -> f32 {
    use std::arch::x86_64::{_mm_cvtss_f32, _mm_rsqrt_ss, _mm_set_ss};
    // The estimate is the processor's own table, which no portable code reproduces; it is
    // the one place the semantics need an instruction rather than arithmetic.
    // SAFETY: these intrinsics need SSE, which every x86_64 processor has (it is part of
    // the target's baseline); they only move and compute values in registers.
    unsafe { _mm_cvtss_f32(_mm_rsqrt_ss(_mm_set_ss(x))) }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn rsqrt_estimate(x: f32) -> f32 {
    1.0 / x.sqrt()
}

/// XLA's `rsqrt` of `f64`, which depends on the processor as XLA's does: with AVX-512,
/// LLVM's `vrsqrt14pd` estimate and two Newton steps (each as in [`rsqrt_f32`]; the
/// estimate itself for zeros, infinities, subnormals and negative numbers); without it there
/// is no `f64` estimate instruction and the result is `1 / √x`, two rounded operations.
#[inline(always)]
pub fn rsqrt_f64(x: f64) -> f64 {
    let x = flush_f64(x);
    let Some(y) = rsqrt14_f64(x) else {
        return flush_f64(1.0 / x.sqrt());
    };
    let step = |y: f64| (y * -0.5).mul_add((x * y).mul_add(y, -1.0), y);
    let keep = x <= 0.0 || x == f64::INFINITY;
    flush_f64(if keep { y } else { step(step(y)) })
}

/// The processor's 14-bit estimate of `1/√x` (AVX-512's `vrsqrt14sd`), where it has one
/// (not under Miri).
#[inline(always)]
fn rsqrt14_f64(x: f64) -> Option<f64> {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    if crate::processor::Processor::detect() == crate::processor::Processor::Avx512 {
        // SAFETY: the processor has AVX-512F, checked just above.
        return Some(unsafe { rsqrt14(x) });
    }
    let _ = x;
    None
}

/// `vrsqrt14sd` of `x`.
#[cfg(all(target_arch = "x86_64", not(miri)))]
#[target_feature(enable = "avx512f")]
fn rsqrt14(x: f64) -> f64 {
    use std::arch::x86_64::{_mm_cvtsd_f64, _mm_rsqrt14_sd, _mm_set_sd, _mm_setzero_pd};
    _mm_cvtsd_f64(_mm_rsqrt14_sd(_mm_setzero_pd(), _mm_set_sd(x)))
}

/// The C library's `f32` functions that XLA:CPU calls (`sinf`, `cosf`, `tanf`, `atanf`).
/// Rust's `f32` methods call the same symbols of the platform's libm, so the bits are the
/// C library's (glibc here, as for jaxlib on this machine). They classify their argument
/// by its bits and return a tiny one unchanged, so a subnormal argument is not flushed.
macro_rules! libm_unary_f32 {
    ($($(#[$doc:meta])* $name:ident => $method:ident;)*) => {$(
        $(#[$doc])*
        #[inline(always)]
        pub fn $name(x: f32) -> f32 {
            x.$method()
        }
    )*};
}

libm_unary_f32! {
    /// `sin` (`sinf`).
    sin_f32 => sin;
    /// `cos` (`cosf`).
    cos_f32 => cos;
    /// `tan` (`tanf`).
    tan_f32 => tan;
    /// `atan` (`atanf`).
    atan_f32 => atan;
}

/// `atan2` (`atan2f`) under XLA's DAZ/FTZ mode. glibc classifies its operands by their
/// bits but computes with the processor, which reads subnormals as zeros: `x = 1` is
/// `atanf(y)` (returning a tiny `y` unchanged), two subnormals divide as `0/0` (NaN), a
/// subnormal `y` over a zero `x` is `±π/2`, a normal `y` over a negative subnormal `x`
/// is `±(π - (π/2 - π_lo))`, one ulp below `π/2`; the rest is `atan2` of the flushed
/// operands, flushed.
#[inline(always)]
pub fn atan2_f32(y: f32, x: f32) -> f32 {
    if x == 1.0 {
        y.atan()
    } else if y.is_subnormal() && x.is_subnormal() {
        f32::NAN
    } else if x.to_bits() << 1 == 0 && y.is_subnormal() {
        std::f32::consts::FRAC_PI_2.copysign(y)
    } else if x.is_subnormal() && x < 0.0 && y.is_normal() {
        f32::from_bits(0x3FC9_0FDA).copysign(y)
    } else {
        flush_f32(flush_f32(y).atan2(flush_f32(x)))
    }
}

/// `atan2` (glibc's `atan2`, which XLA calls for `f64`) under DAZ/FTZ. A subnormal `y`
/// is a zero to the processor but not to glibc's tests of the bits: over a zero or
/// subnormal `x` it gives `±π/2`, over a finite negative `x` it gives `-π`, except `+π`
/// for a positive `y` over `|x| < 2⁻⁹⁶⁶` (measured against JAX); the rest is `atan2` of
/// the flushed operands, flushed.
#[inline(always)]
pub fn atan2_f64(y: f64, x: f64) -> f64 {
    use std::f64::consts::{FRAC_PI_2, PI};
    if y.is_subnormal() {
        if x == 0.0 || x.is_subnormal() {
            return FRAC_PI_2.copysign(y);
        }
        if x < 0.0 && x.is_finite() {
            return if y > 0.0 && x > -(2f64.powi(-966)) {
                PI
            } else {
                -PI
            };
        }
    }
    flush_f64(flush_f64(y).atan2(flush_f64(x)))
}

/// `pow` (`powf`), its result flushed. Under DAZ glibc's `powf` normalizes a subnormal
/// `x` to `±2⁻¹⁵⁰` (its scaling by `2²³` reads as zero), so those are computed from that.
#[inline(always)]
pub fn pow_f32(x: f32, y: f32) -> f32 {
    let r = if x.is_subnormal() {
        (2f64.powi(-150).copysign(x as f64)).powf(y as f64) as f32
    } else {
        x.powf(y)
    };
    flush_f32(r)
}

/// The remainder of `x / y` truncated (`fmodf`, exact): NaN where `y` reads as zero
/// (subnormals included), `x` itself where `|x| < |y|`.
#[inline(always)]
pub fn rem_f32(x: f32, y: f32) -> f32 {
    if flush_f32(y) == 0.0 {
        f32::NAN
    } else {
        x % y
    }
}

/// XLA's `exp` of `f64`: `x = n·ln 2 + g` (`n` rounded from `x·log₂e`, `ln 2` in two
/// parts), `e^g = 1 + 2·P(g)/(Q(g) - P(g))` with a Padé-style rational function of `g²`, times
/// `2ⁿ` applied as three factors `2^(n/4)` and one `2^(n - 3·(n/4))`; `0` below
/// `ln(2⁻¹⁰²²)`-ish and `inf` above `ln(f64::MAX)`. The fused multiply-adds are the
/// `vfmadd`s of XLA's kernel.
#[inline(always)]
pub fn exp_f64(x: f64) -> f64 {
    let x = flush_f64(x);
    flush_f64(exp_unflushed_f64(x))
}

/// Where XLA's `f64` `exp` gives `0` (below) and `inf` (above); between them the argument
/// is clamped.
const EXP_LO_F64: f64 = f64::from_bits(0xC086_232B_DD7A_BCD2);
const EXP_HI_F64: f64 = f64::from_bits(0x4086_2E42_FEFA_39EF);

/// [`exp_f64`] of an already flushed argument, its result not flushed yet.
#[inline(always)]
pub fn exp_unflushed_f64(x: f64) -> f64 {
    let (m, s2) = exp_parts_f64(x);
    if x < EXP_LO_F64 {
        0.0
    } else if x > EXP_HI_F64 {
        f64::INFINITY
    } else {
        m * s2
    }
}

/// The two factors whose product is XLA's `f64` `e^x` on the clamped argument:
/// `e^g·2^(3·(n/4))` and `2^(n - 3·(n/4))` (a kernel may fuse their product into an add).
#[inline(always)]
fn exp_parts_f64(x: f64) -> (f64, f64) {
    const LOG2E: f64 = f64::from_bits(0x3FF7_1547_652B_82FE);
    const LN2_HI: f64 = f64::from_bits(0x3FE6_2E40_0000_0000);
    const LN2_LO: f64 = f64::from_bits(0x3EB7_F7D1_CF79_ABCA);
    const P: [f64; 2] = [
        f64::from_bits(0x3F20_89CD_D5E4_4BE8),
        f64::from_bits(0x3F9F_06D1_0CCA_2C7E),
    ];
    const Q: [f64; 3] = [
        f64::from_bits(0x3EC9_2EB6_BC36_5FA0),
        f64::from_bits(0x3F64_AE39_B508_B6C0),
        f64::from_bits(0x3FCD_1709_9887_E074),
    ];
    // x86's `minpd`/`maxpd` with the argument second: a NaN passes through.
    let c = if x > EXP_HI_F64 { EXP_HI_F64 } else { x };
    let c = if c < EXP_LO_F64 { EXP_LO_F64 } else { c };
    let n = c.mul_add(LOG2E, 0.5).floor();
    let g = (-n).mul_add(LN2_HI, c);
    let g = (-n).mul_add(LN2_LO, g);
    let g2 = g * g;
    let p = g2.mul_add(P[0], P[1]).mul_add(g2, 1.0) * g;
    let q = g2.mul_add(Q[0], Q[1]).mul_add(g2, Q[2]).mul_add(g2, 2.0);
    let e = (p / (q - p)).mul_add(2.0, 1.0);
    let n = (n as i32).clamp(-2099, 2099) as i64;
    let b = n >> 2;
    let s1 = f64::from_bits(((b + 1023) as u64) << 52);
    let s2 = f64::from_bits((((n - 3 * b) + 1023) as u64) << 52);
    (e * s1 * s1 * s1, s2)
}

/// XLA's `logistic` of `f64`: `1/(1 + e^-x)`, the last multiply of `exp` fused into the
/// add; `1` and `0` where `e^-x` would be `0` or `inf`.
#[inline(always)]
pub fn logistic_f64(x: f64) -> f64 {
    let nx = -flush_f64(x);
    let (m, s2) = exp_parts_f64(nx);
    let r = 1.0 / m.mul_add(s2, 1.0);
    flush_f64(if nx < EXP_LO_F64 {
        1.0
    } else if nx > EXP_HI_F64 {
        0.0
    } else {
        r
    })
}

/// XLA's `exp2` of `f64`: `exp(x·ln 2)`.
#[inline(always)]
pub fn exp2_f64(x: f64) -> f64 {
    exp_f64(flush_f64(flush_f64(x) * std::f64::consts::LN_2))
}

/// `e^(x - ln 2) + e^(-ln 2 - x)` and `e^(x - ln 2) - e^(-ln 2 - x)` on XLA's `f64` `exp`.
#[inline(always)]
fn exp_pair_f64(x: f64) -> (f64, f64) {
    let ln2 = std::f64::consts::LN_2;
    let a = exp_f64(flush_f64(x + -ln2));
    let b = exp_f64(flush_f64(-ln2 - x));
    (flush_f64(a + b), flush_f64(a - b))
}

/// XLA's `cosh` of `f64`: `e^(x - ln 2) + e^(-ln 2 - x)`.
#[inline(always)]
pub fn cosh_f64(x: f64) -> f64 {
    exp_pair_f64(flush_f64(x)).0
}

/// XLA's `sinh` of `f64`: `(m + m/(m + 1))/2` with `m = expm1(x)` below `|x| = 1`, else
/// `e^(x - ln 2) - e^(-ln 2 - x)`.
#[inline(always)]
pub fn sinh_f64(x: f64) -> f64 {
    let x = flush_f64(x);
    let m = flush_f64(expm1_f64(x));
    let small = flush_f64(flush_f64(m + flush_f64(m / flush_f64(m + 1.0))) * 0.5);
    if x.abs() < 1.0 {
        small
    } else {
        exp_pair_f64(x).1
    }
}

/// XLA's `tanh` of `f64`: `x·P(x²)/Q(x²)` (degrees 19/18 in `x`) on `x` clamped to
/// `±17.7`, `±1` from `|x| ≥ 20` on; every step of Horner's rule a fused multiply-add.
#[inline(always)]
pub fn tanh_f64(x: f64) -> f64 {
    flush_f64(tanh_unflushed_f64(flush_f64(x)))
}

/// [`tanh_f64`] of an already flushed argument, its result not flushed yet.
#[inline(always)]
fn tanh_unflushed_f64(x: f64) -> f64 {
    const CLAMP: f64 = f64::from_bits(0x4031_B6D5_8F24_6197);
    const P: [f64; 9] = [
        f64::from_bits(0x3B3F_9F82_E5D7_82DF),
        f64::from_bits(0x3C2C_3C83_6C04_B4C8),
        f64::from_bits(0x3CEC_3379_F905_E662),
        f64::from_bits(0x3D92_9AFF_6C8E_DD96),
        f64::from_bits(0x3E25_25A3_89DC_E7C2),
        f64::from_bits(0x3EA7_0881_9BE5_1CD9),
        f64::from_bits(0x3F18_996F_4026_A7FA),
        f64::from_bits(0x3F78_7F80_B957_ED00),
        f64::from_bits(0x3FC3_6FBA_9B45_0E5A),
    ];
    const Q: [f64; 9] = [
        f64::from_bits(0x3BBE_8630_CF90_3250),
        f64::from_bits(0x3C90_AABC_A9A5_FEA0),
        f64::from_bits(0x3D42_3298_1AA2_BBA8),
        f64::from_bits(0x3DDE_E2F0_15EA_8065),
        f64::from_bits(0x3E68_1F19_47C5_2304),
        f64::from_bits(0x3EE2_6C82_AB46_D140),
        f64::from_bits(0x3F4B_2E7C_4D48_8C04),
        f64::from_bits(0x3FA1_9988_3026_5B50),
        f64::from_bits(0x3FDF_0D32_A2F7_DC79),
    ];
    let c = if x < -CLAMP { -CLAMP } else { x };
    let c = if c > CLAMP { CLAMP } else { c };
    let c2 = c * c;
    let horner = |k: &[f64; 9]| k[1..].iter().fold(k[0], |acc, &k| c2.mul_add(acc, k));
    let p = c2.mul_add(horner(&P), 1.0) * c;
    let q = c2.mul_add(horner(&Q), 1.0);
    if x.abs() >= 20.0 {
        1f64.copysign(x)
    } else {
        p / q
    }
}

/// XLA's `expm1` of `f64`, the formula of [`expm1_f32`] on [`exp_f64`] and [`tanh_f64`].
#[inline(always)]
pub fn expm1_f64(x: f64) -> f64 {
    let raw = x;
    let x = flush_f64(x);
    let e = flush_f64(exp_unflushed_f64(x));
    let half = flush_f64(x * 0.5);
    let small = flush_f64(tanh_unflushed_f64(half)) * (e + 1.0);
    let r = flush_f64(if x.abs() > 0.5 { e - 1.0 } else { small });
    if half == 0.0 {
        raw
    } else {
        r
    }
}

/// `pow` (glibc's `pow`) under DAZ/FTZ, its result flushed. glibc classifies both
/// operands by their bits (so a subnormal `y` is neither zero nor an integer: `0^y` is `0`
/// or `inf`, a negative `x` to it NaN), but normalizes a subnormal `x` by multiplying it by
/// `2⁵²`, which DAZ reads as zero: every subnormal `x` becomes `±2⁻¹⁰⁷⁵`. That power is
/// computed here as `2^(-1075·y)` in double-double precision (glibc's `pow` is within
/// 0.52 ulp, so the correctly rounded value is its result but for rare ties).
#[inline(always)]
pub fn pow_f64(x: f64, y: f64) -> f64 {
    if !(x.is_subnormal() && y.is_finite() && y != 0.0) {
        return flush_f64(x.powf(y));
    }
    let sign = if x < 0.0 {
        if y.fract() != 0.0 {
            return f64::NAN;
        }
        // An integer of magnitude at least 2^53 is even.
        if y.abs() < 9_007_199_254_740_992.0 && (y % 2.0) != 0.0 {
            -1.0
        } else {
            1.0
        }
    } else {
        1.0
    };
    flush_f64(sign * exp2_dd(-1075.0, y))
}

/// `2^(a·y)` for an exact small integer `a`, correctly rounded but for values within
/// about 2⁻¹⁰⁰ of a rounding boundary: `a·y = n + f` with `n` an integer and `|f| ≤ ½`
/// kept in double-double precision, and `2^f = e^(f·ln 2)` summed as a double-double
/// Taylor series (only subnormal bases come here, so speed does not matter).
fn exp2_dd(a: f64, y: f64) -> f64 {
    const LN2: Dd = Dd(std::f64::consts::LN_2, 2.319_046_813_846_299_6e-17);
    let hi = a * y;
    if hi > 1100.0 {
        return f64::INFINITY;
    }
    if hi < -1200.0 {
        return 0.0;
    }
    let n = hi.round();
    // `hi - n` is exact (both are close and `n` is an integer).
    let f = Dd::sum(hi - n, a.mul_add(y, -hi));
    let v = f.mul(LN2);
    // Horner's rule for e^v = 1 + v(1 + v/2(1 + v/3(...))).
    let mut p = Dd(1.0, 0.0);
    for k in (1..=27).rev() {
        p = Dd(1.0, 0.0).add(p.mul(v).div_small(k as f64));
    }
    // Scale by 2^n in two steps so that neither factor overflows or underflows early.
    let n = n as i32;
    let h = n / 2;
    (p.0 + p.1) * 2f64.powi(h) * 2f64.powi(n - h)
}

/// A double-double number `hi + lo`, `|lo|` at most half an ulp of `hi`.
#[derive(Clone, Copy)]
struct Dd(f64, f64);

impl Dd {
    /// `a + b` exactly.
    fn sum(a: f64, b: f64) -> Dd {
        let s = a + b;
        let bb = s - a;
        Dd(s, (a - (s - bb)) + (b - bb))
    }
    fn add(self, o: Dd) -> Dd {
        let s = Dd::sum(self.0, o.0);
        Dd::sum(s.0, s.1 + self.1 + o.1)
    }
    fn mul(self, o: Dd) -> Dd {
        let p = self.0 * o.0;
        let e = self.0.mul_add(o.0, -p) + self.0 * o.1 + self.1 * o.0;
        Dd::sum(p, e)
    }
    /// Division by a small integer `k`.
    fn div_small(self, k: f64) -> Dd {
        let q = self.0 / k;
        let r = (-q).mul_add(k, self.0) + self.1;
        Dd::sum(q, r / k)
    }
}

/// The remainder of `x / y` truncated (glibc's `fmod`, exact): NaN where `y` reads as
/// zero (subnormals included), otherwise computed on the bits, so neither a subnormal `x`
/// nor a subnormal remainder is flushed.
#[inline(always)]
pub fn rem_f64(x: f64, y: f64) -> f64 {
    if flush_f64(y) == 0.0 {
        f64::NAN
    } else {
        x % y
    }
}

/// `cbrt` as glibc's `cbrt` (which XLA calls for `f64`) computes it: `x = m·2ᵉ` with `m`
/// in `[½, 1)`, a degree-6 polynomial first guess `u` of `∛m`, one Halley step, times the
/// cube root of `2^(e mod 3)`, scaled by `2^(e / 3)`. A subnormal argument reads as zero.
#[inline(always)]
pub fn cbrt_f64(x: f64) -> f64 {
    const CBRT2: f64 = 1.259_921_049_894_873_164_8;
    const SQR_CBRT2: f64 = 1.587_401_051_968_199_474_8;
    const FACTOR: [f64; 5] = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
    let x = flush_f64(x);
    if x == 0.0 || !x.is_finite() {
        return x + x;
    }
    let bits = x.abs().to_bits();
    // frexp: the mantissa in [½, 1) and the exponent.
    let xm = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FE0_0000_0000_0000);
    let xe = (bits >> 52) as i32 - 1022;
    let u = 0.354_895_765_043_919_860
        + (1.508_191_937_815_848_96
            + (-2.114_994_941_673_712_87
                + (2.446_931_225_635_344_30
                    + (-1.834_692_774_836_130_86
                        + (0.784_932_344_976_639_262 - 0.145_263_899_385_486_377 * xm) * xm)
                        * xm)
                    * xm)
                * xm)
            * xm;
    let t2 = u * u * u;
    let ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[(2 + xe % 3) as usize];
    let signed = if x > 0.0 { ym } else { -ym };
    // ldexp by e / 3 (truncated), in two steps so that no factor leaves the range.
    let k = xe / 3;
    flush_f64(signed * 2f64.powi(k / 2) * 2f64.powi(k - k / 2))
}

/// `cbrt` as glibc's `cbrtf` (which XLA calls) computes it: `x = m·2ᵉ` with `m` in
/// `[½, 1)`, a quadratic first guess `u` of `∛m`, one Halley step in `f64`, times the cube
/// root of `2^(e mod 3)`, scaled by `2^(e / 3)`. Under DAZ a subnormal argument reads as
/// the exponent -151 with `m = ½`, and the `x > 0` test as false, so every subnormal gives
/// the same negative number.
#[inline(always)]
pub fn cbrt_f32(x: f32) -> f32 {
    const CBRT2: f64 = 1.259_921_049_894_873_2;
    const SQR_CBRT2: f64 = 1.587_401_051_968_199_5;
    const FACTOR: [f64; 5] = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
    if x == 0.0 || !x.is_finite() {
        return x + x;
    }
    let sub = x.is_subnormal();
    let bits = x.abs().to_bits();
    // frexp: the mantissa in [½, 1) and the exponent.
    let (xm, xe) = if sub {
        (0.5f32, -151)
    } else {
        (
            f32::from_bits((bits & 0x007F_FFFF) | 0x3F00_0000),
            (bits >> 23) as i32 - 126,
        )
    };
    let xmd = xm as f64;
    let u = (0.492_659_620_528_969_547
        + (0.697_570_460_207_922_770 - 0.191_502_161_678_719_066 * xmd) * xmd) as f32;
    let t2 = u * u * u;
    let (ud, t2d) = (u as f64, t2 as f64);
    let ym = (ud * (t2d + 2.0 * xmd) / (2.0 * t2d + xmd) * FACTOR[(2 + xe % 3) as usize]) as f32;
    let positive = !sub && x > 0.0;
    let signed = if positive { ym } else { -ym };
    // ldexp by e / 3 (truncated); the result is a normal number for every normal x.
    (signed as f64 * 2f64.powi(xe / 3)) as f32
}

/// The ratio `P(x)/Q(x)` of Cephes' `log1p` approximation (XLA's `f32` coefficient bits;
/// the Horner loops start from `0·x + c`, unfused because `0·x` is shared).
#[inline(always)]
fn log1p_ratio_f32(x: f32) -> f32 {
    const NUM: [f32; 7] = [
        4.527e-5,
        f32::from_bits(0x3EFF_40C5),
        f32::from_bits(0x40D2_84FA),
        f32::from_bits(0x41EF_4B9C),
        f32::from_bits(0x4273_CC76),
        f32::from_bits(0x4264_73AD),
        f32::from_bits(0x41A0_5101),
    ];
    const DEN: [f32; 7] = [
        1.0,
        f32::from_bits(0x4171_01AD),
        f32::from_bits(0x42A6_185B),
        f32::from_bits(0x435D_C32D),
        f32::from_bits(0x439A_8CA3),
        f32::from_bits(0x4358_6D8A),
        f32::from_bits(0x4270_7982),
    ];
    let zero = x * 0.0;
    let mut num = zero + NUM[0];
    let mut den = zero + DEN[0];
    for i in 1..7 {
        num = num.mul_add(x, NUM[i]);
        den = den.mul_add(x, DEN[i]);
    }
    num / den
}

/// Below this magnitude XLA's `f32` `log1p` uses the rational approximation.
const LOG1P_SMALL_F32: f32 = f32::from_bits(0x3ED4_13CD);

/// `log1p` in `f32` as XLA:CPU evaluates it: below `|x| = √2 - 1`
/// `x - x²/2 + x³·P(x)/Q(x)` (the `x²/2` fused), above it `log(1 + x)`.
#[inline(always)]
pub fn log1p_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let x2 = x * x;
    let r = (x * x2) * log1p_ratio_f32(x);
    let small = x + x2.mul_add(-0.5, r);
    let large = log_f32(x + 1.0);
    if x.abs() < LOG1P_SMALL_F32 {
        flush_f32(small)
    } else {
        large
    }
}

/// `atanh` as XLA fuses it: `(log1p(x) - log1p(-x)) / 2`, NaN beyond `|x| = 1`. The two
/// `log1p`s share `x²/2`, so each fuses its `x³·P/Q` product into the add instead.
#[inline(always)]
pub fn atanh_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let x2 = flush_f32(x * x);
    let half_x2 = flush_f32(x2 * -0.5);
    let small = x.abs() < LOG1P_SMALL_F32;
    // XLA fuses the product with the ratio, not `x²/2`, into each add.
    let x3 = flush_f32(x * x2);
    let up_small = flush_f32(x + flush_f32(x3.mul_add(log1p_ratio_f32(x), half_x2)));
    let down_small = flush_f32(flush_f32((-x3).mul_add(log1p_ratio_f32(-x), half_x2)) - x);
    let up = if small { up_small } else { log_f32(x + 1.0) };
    let down = if small { down_small } else { log_f32(1.0 - x) };
    let r = flush_f32(flush_f32(up - down) * 0.5);
    if x.abs() > 1.0 {
        f32::NAN
    } else {
        r
    }
}

/// `acosh` as XLA decomposes it: `log(x) + ln2` from `x ≥ 2¹²⁷` on, else
/// `log1p(√(x - 1)·(√(x + 1) + √(x - 1)))` (NaN below 1 from the square root).
#[inline(always)]
pub fn acosh_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let below = flush_f32(flush_f32(x - 1.0).sqrt());
    let above = flush_f32(flush_f32(x + 1.0).sqrt());
    let t = flush_f32(below * flush_f32(above + below));
    let huge = flush_f32(log_f32(x) + std::f32::consts::LN_2);
    if x >= f32::from_bits(0x7EFF_FFFF) {
        huge
    } else {
        log1p_f32(t)
    }
}

/// `asinh` as XLA decomposes it: `sign(x)·log(|x|) + ln2` from `|x| ≥ 2⁶⁴` on, else
/// `sign(x)·log1p(|x| + x²/(√(x² + 1) + 1))`.
#[inline(always)]
pub fn asinh_f32(x: f32) -> f32 {
    let x = flush_f32(x);
    let a = x.abs();
    let x2 = flush_f32(x * x);
    let q = flush_f32(x2 / flush_f32(flush_f32(flush_f32(x2 + 1.0).sqrt()) + 1.0));
    let t = flush_f32(a + q);
    let magnitude = if a >= f32::from_bits(0x5F7F_FFFF) {
        flush_f32(log_f32(a) + std::f32::consts::LN_2)
    } else {
        log1p_f32(t)
    };
    let sign = if x.is_nan() {
        x
    } else if x != 0.0 {
        1f32.copysign(x)
    } else {
        0f32.copysign(x)
    };
    flush_f32(sign * magnitude)
}

/// `log1p` in `f64` as XLA:CPU evaluates it (`EmitLog1p`): below `|x| = √2 - 1` Cephes'
/// rational approximation `x - x²/2 + x³·P(x)/Q(x)` (XLA's coefficient bits, Horner's rule
/// with fused multiply-adds from `0·x + c`), above it `log(1 + x)` by the system's `log`.
pub fn log1p_f64(x: f64) -> f64 {
    if x.abs() < LOG1P_SMALL_F64 {
        let x2 = x * x;
        let r = (x * x2) * log1p_ratio_f64(x);
        x + x2.mul_add(-0.5, r)
    } else {
        (x + 1.0).ln()
    }
}

/// Below this magnitude XLA's `f64` `log1p` uses the rational approximation.
const LOG1P_SMALL_F64: f64 = f64::from_bits(0x3FDA_8279_99FC_EF32);

/// XLA's `f64` asin: `2·atan2(x, 1 + √((1 - x)(1 + x)))`.
#[inline(always)]
pub fn asin_f64(x: f64) -> f64 {
    let x = flush_f64(x);
    let root = flush_f64(flush_f64(flush_f64(1.0 - x) * flush_f64(x + 1.0)).sqrt());
    let a = atan2_f64(x, flush_f64(root + 1.0));
    flush_f64(a + a)
}

/// XLA's `f64` acos: `atan2(√((1 - x)(1 + x)), x)`.
#[inline(always)]
pub fn acos_f64(x: f64) -> f64 {
    let fx = flush_f64(x);
    let root = flush_f64(flush_f64(flush_f64(1.0 - fx) * flush_f64(fx + 1.0)).sqrt());
    atan2_f64(root, x)
}

/// XLA's `f64` atanh: `(log1p(x) - log1p(-x))/2` with both `log1p`s fused into the
/// kernel, as [`atanh_f32`].
#[inline(always)]
pub fn atanh_f64(x: f64) -> f64 {
    let x = flush_f64(x);
    let x2 = flush_f64(x * x);
    let half_x2 = flush_f64(x2 * -0.5);
    let small = x.abs() < LOG1P_SMALL_F64;
    let x3 = flush_f64(x * x2);
    let up_small = flush_f64(x + flush_f64(x3.mul_add(log1p_ratio_f64(x), half_x2)));
    let down_small = flush_f64(flush_f64((-x3).mul_add(log1p_ratio_f64(-x), half_x2)) - x);
    let up = if small { up_small } else { (x + 1.0).ln() };
    let down = if small { down_small } else { (1.0 - x).ln() };
    let r = flush_f64(flush_f64(up - down) * 0.5);
    if x.abs() > 1.0 {
        f64::NAN
    } else {
        r
    }
}

/// XLA's `f64` acosh: `log1p(√(x - 1)·(√(x + 1) + √(x - 1)))`, `log(x) + ln 2` from
/// half the largest finite number on.
#[inline(always)]
pub fn acosh_f64(x: f64) -> f64 {
    let x = flush_f64(x);
    let below = flush_f64(flush_f64(x - 1.0).sqrt());
    let above = flush_f64(flush_f64(x + 1.0).sqrt());
    let t = flush_f64(below * flush_f64(above + below));
    let huge = flush_f64(x.ln() + std::f64::consts::LN_2);
    if x >= f64::MAX / 2.0 {
        huge
    } else {
        flush_f64(log1p_f64(t))
    }
}

/// XLA's `f64` asinh: `sign(x)·log1p(|x| + x²/(√(x² + 1) + 1))`, `log|x| + ln 2` from
/// `√(f64::MAX)` on.
#[inline(always)]
pub fn asinh_f64(x: f64) -> f64 {
    let x = flush_f64(x);
    let a = x.abs();
    let x2 = flush_f64(x * x);
    let q = flush_f64(x2 / flush_f64(flush_f64(flush_f64(x2 + 1.0).sqrt()) + 1.0));
    let t = flush_f64(a + q);
    let magnitude = if a >= f64::MAX.sqrt() {
        flush_f64(a.ln() + std::f64::consts::LN_2)
    } else {
        flush_f64(log1p_f64(t))
    };
    let sign = if x.is_nan() {
        x
    } else if x != 0.0 {
        1f64.copysign(x)
    } else {
        0f64.copysign(x)
    };
    flush_f64(sign * magnitude)
}

/// The ratio `P(x)/Q(x)` of Cephes' `log1p` approximation in `f64` (XLA's coefficient
/// bits; Horner's rule with fused multiply-adds from `0·x + c`).
#[inline(always)]
fn log1p_ratio_f64(x: f64) -> f64 {
    const P: [f64; 7] = [
        f64::from_bits(0x3F07_BC09_62B3_95CA),
        f64::from_bits(0x3FDF_E818_A0FE_1A83),
        f64::from_bits(0x401A_509F_46F4_FA53),
        f64::from_bits(0x403D_E973_8B8C_B9C9),
        f64::from_bits(0x404E_798E_B86C_3351),
        f64::from_bits(0x404C_8E75_9747_9A10),
        f64::from_bits(0x4034_0A20_2D99_830A),
    ];
    const Q: [f64; 7] = [
        1.0,
        f64::from_bits(0x402E_2035_9E90_3E37),
        f64::from_bits(0x4054_C30B_5221_3498),
        f64::from_bits(0x406B_B865_90FC_FB56),
        f64::from_bits(0x4073_5194_5DC9_08A5),
        f64::from_bits(0x406B_0DB1_3E48_E066),
        f64::from_bits(0x404E_0F30_4466_448E),
    ];
    let zero = x * 0.0;
    let horner = |cs: &[f64; 7]| cs[1..].iter().fold(zero + cs[0], |p, &c| p.mul_add(x, c));
    horner(&P) / horner(&Q)
}

/// XLA's `ErfInv` for `f32` (Giles, "Approximating the erfinv function"): `w =
/// -log1p(-x²)`, a degree-8 polynomial in `w - 2.5` (for `w < 5`) or `√w - 3`, times `x`;
/// `±1` give `±∞`.
#[inline(always)]
pub fn erf_inv_f32(x: f32) -> f32 {
    let x = flush_f32(x);
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
    const LARGE: [f32; 9] = [
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
    if x.abs() == 1.0 {
        return x * f32::INFINITY;
    }
    let w = -log1p_f32(-(x * x));
    let (coeffs, t) = if w < 5.0 {
        (&SMALL, w - 2.5)
    } else {
        (&LARGE, w.sqrt() - 3.0)
    };
    let p = coeffs[1..].iter().fold(coeffs[0], |p, &c| p.mul_add(t, c));
    flush_f32(p * x)
}

/// XLA's `ErfInv` for `f64` (Giles' double-precision approximation): three polynomials,
/// chosen by `w = -log1p(-x²)` below 6.25, below 16, or above.
pub fn erf_inv_f64(x: f64) -> f64 {
    const BELOW_6_25: [f64; 23] = [
        -3.644_412_064_017_819_7e-21,
        -1.685_059_138_182_016_6e-19,
        1.285_848_071_525_64e-18,
        1.115_787_767_802_518_1e-17,
        -1.333_171_662_854_620_9e-16,
        2.097_276_787_596_856_2e-17,
        6.637_638_134_358_324e-15,
        -4.054_566_272_975_207e-14,
        -8.151_934_197_605_472e-14,
        2.633_509_315_308_232_3e-12,
        -1.297_513_325_345_353_2e-11,
        -5.415_412_054_294_628e-11,
        1.051_212_273_321_532_3e-9,
        -4.112_633_980_346_984e-9,
        -2.907_036_995_788_200_5e-8,
        4.234_787_782_793_240_4e-7,
        -1.365_469_200_083_467_9e-6,
        -1.388_252_336_278_646_9e-5,
        1.867_342_080_340_571_4e-4,
        -7.407_025_341_662_67e-4,
        -6.033_670_871_430_149e-3,
        2.401_581_824_255_896_2e-1,
        1.653_654_562_683_102_7,
    ];
    const BELOW_16: [f64; 19] = [
        2.213_737_692_177_578_7e-9,
        9.075_656_193_888_539e-8,
        -2.751_740_629_706_454_5e-7,
        1.823_962_921_438_922_8e-8,
        1.502_740_396_890_982_8e-6,
        -4.013_867_526_981_546e-6,
        2.923_444_908_995_544_6e-6,
        1.247_530_448_167_177_9e-5,
        -4.731_822_900_905_573_4e-5,
        6.828_485_145_957_318e-5,
        2.403_111_038_709_789_4e-5,
        -3.550_375_203_628_474_8e-4,
        9.532_893_797_373_805e-4,
        -1.688_275_556_023_504_7e-3,
        2.491_442_096_107_850_8e-3,
        -3.751_208_507_569_241_2e-3,
        5.370_914_553_590_063_6e-3,
        1.005_258_967_694_159_2,
        3.083_885_610_492_220_8,
    ];
    const ABOVE_16: [f64; 17] = [
        -2.710_992_061_643_857_3e-11,
        -2.555_641_816_996_525e-10,
        1.507_657_269_350_054_8e-9,
        -3.789_465_440_126_737e-9,
        7.615_701_208_078_34e-9,
        -1.496_002_662_714_924e-8,
        2.914_795_345_090_108e-8,
        -6.771_199_775_845_234e-8,
        2.290_048_222_802_665_5e-7,
        -9.929_827_294_231_7e-7,
        4.526_062_597_223_154e-6,
        -1.968_177_810_553_167e-5,
        7.599_527_703_001_776e-5,
        -2.150_301_193_004_447_7e-4,
        -1.387_193_183_362_312_2e-4,
        1.010_300_464_864_534_4,
        4.849_906_401_408_584_4,
    ];
    if x.abs() == 1.0 {
        return x * f64::INFINITY;
    }
    // `log1p` inlined into the fused kernel, where LLVM fuses the product with the ratio
    // (not `x²/2`) into the add, as in [`atanh_f64`].
    let y = -(x * x);
    let w = -if y.abs() < LOG1P_SMALL_F64 {
        let y2 = y * y;
        y + (y * y2).mul_add(log1p_ratio_f64(y), y2 * -0.5)
    } else {
        (y + 1.0).ln()
    };
    let lt_6_25 = w < 6.25;
    let lt_16 = w < 16.0;
    let t = if lt_6_25 {
        w - 3.125
    } else {
        w.sqrt() - if lt_16 { 3.25 } else { 5.0 }
    };
    let coeffs: &[f64] = if lt_6_25 {
        &BELOW_6_25
    } else if lt_16 {
        &BELOW_16
    } else {
        &ABOVE_16
    };
    let p = coeffs[1..].iter().fold(coeffs[0], |p, &c| p.mul_add(t, c));
    p * x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsqrt_reads_the_processor_estimate() {
        // Zeros, infinities and negative numbers return the estimate itself (exact for
        // these); powers of four come out exact after the Newton step, as in JAX
        // (`lax.rsqrt` of 1, 4, 16, 0.25 in float32 is 1, 0.5, 0.25, 2). Under Miri the
        // estimate instruction is emulated with its own error, so only the exact cases run.
        assert_eq!(rsqrt_f32(0.0), f32::INFINITY);
        assert_eq!(rsqrt_f32(f32::INFINITY), 0.0);
        assert!(rsqrt_f32(-1.0).is_nan());
        assert_eq!(rsqrt_f64(0.0), f64::INFINITY);
        if cfg!(not(miri)) {
            for (x, r) in [(1.0f32, 1.0f32), (4.0, 0.5), (16.0, 0.25), (0.25, 2.0)] {
                assert_eq!(rsqrt_f32(x), r, "rsqrt({x})");
            }
        }
    }

    #[test]
    fn special_values() {
        assert_eq!(log_f32(1.0), 0.0);
        assert_eq!(log_f32(0.0), f32::NEG_INFINITY);
        assert!(log_f32(-1.0).is_nan());
        assert_eq!(log1p_f32(0.0), 0.0);
        assert_eq!(erf_inv_f32(1.0), f32::INFINITY);
        assert_eq!(erf_inv_f64(-1.0), f64::NEG_INFINITY);
        assert_eq!(erf_inv_f32(0.0), 0.0);
    }

    #[test]
    fn ynnpacks_nans() {
        // JAX 0.10.2's bits inside a YNNPACK fusion (on AVX-512): `log` of a negative
        // number is the default NaN, and `exp` keeps a NaN's payload whatever its low bits.
        for x in [-0.5f32, -1.0, f32::NEG_INFINITY] {
            assert_eq!(ynn_log_f32(x).to_bits(), 0x7FC0_0000, "log({x})");
        }
        assert_eq!(ynn_log1p_f32(-2.0).to_bits(), 0x7FC0_0000);
        assert_eq!(ynn_log_f32(-1e-40).to_bits(), 0xFF80_0000);
        let nan = f32::from_bits(0x7FC0_00FF);
        assert_eq!(ynn_exp_f32(nan).to_bits(), 0x7FC0_00FF);
        assert_eq!(ynn_expm1_f32(nan).to_bits(), 0x7FC0_00FF);
    }

    #[test]
    fn ynnpacks_functions_at_special_values() {
        // JAX 0.10.2's bits for these inputs inside a YNNPACK fusion (on AVX-512).
        let bits = |f: fn(f32) -> f32, x: f32| f(x).to_bits();
        let erf = ynn_erf_f32;
        assert_eq!(bits(erf, -0.0), 0);
        assert_eq!(bits(erf, -1e-40), 0);
        assert_eq!(bits(erf, f32::INFINITY), 0x3F7F_FFFF);
        assert_eq!(bits(erf, -10.0), 0xBF7F_FFFF);
        assert_eq!(bits(erf, 0.5), 0x3F05_3F7B);
        assert_eq!(bits(erf, -1.0), 0xBF57_BB3D);
        assert_eq!(bits(erf, 2.0), 0x3F7E_CD71);
        assert!(erf(f32::NAN).is_nan());
        let rsqrt = ynn_rsqrt_f32;
        assert_eq!(bits(rsqrt, -0.0), 0xFF80_0000);
        assert_eq!(bits(rsqrt, -1e-40), 0xFF80_0000);
        assert_eq!(bits(rsqrt, f32::INFINITY), 0);
        assert_eq!(bits(rsqrt, 2.0), 0x3F35_04F3);
        assert_eq!(bits(rsqrt, 127.99), 0x3DB5_06C2);
        assert!(rsqrt(-1.0).is_nan());
        let exp2 = ynn_exp2_f32;
        assert_eq!(bits(exp2, -1e-40), 0x3F80_0000);
        assert_eq!(bits(exp2, -0.5), 0x3F35_04F4);
        assert_eq!(bits(exp2, 3.8), 0x415E_DC67);
        assert_eq!(bits(exp2, -10.0), 0x3A80_0000);
        // `127.99 · ln 2` rounds above `exp`'s overflow bound.
        assert_eq!(bits(exp2, 127.99), 0x7F80_0000);
        assert_eq!(bits(exp2, f32::NEG_INFINITY), 0);
    }

    #[test]
    fn close_to_the_true_functions() {
        for i in 1..1000 {
            let x = i as f32 / 1000.0;
            assert!(
                (log_f32(x) as f64 - (x as f64).ln()).abs() < 2e-7 * (1.0 + (x as f64).ln().abs())
            );
            let y = (x as f64) * 0.999;
            let e = libm::erf(erf_inv_f64(y));
            assert!((e - y).abs() < 4e-15, "erf(erf_inv({y})) = {e}");
            let e32 = libm::erf(erf_inv_f32(y as f32) as f64);
            assert!((e32 - y).abs() < 1e-6);
        }
    }

    #[test]
    fn exp_of_a_subnormal_is_exp_of_its_flushed_zero() {
        // `exp_f32` leaves its input unflushed (see its docs): every subnormal, of either
        // sign, must give the parts of zero (strided so that debug builds stay fast; both
        // ends of the range included), and results around the flush threshold keep the
        // flushed value of the plain product.
        let zero = exp_parts_f32(0.0);
        let last = 0x007f_ffffu32;
        for m in (1..=last).step_by(251).chain([1, last]) {
            for sign in [0, 0x8000_0000] {
                let x = f32::from_bits(sign | m);
                assert_eq!(exp_parts_f32(x), zero, "exp parts of {x:e}");
                assert_eq!(exp_f32(x).to_bits(), 1.0f32.to_bits());
            }
        }
        for i in -16..=16 {
            let x = -87.4 + i as f32 * 0.01;
            let (p, scale) = exp_parts_f32(x);
            assert_eq!(
                exp_f32(x).to_bits(),
                flush_f32(p * scale).to_bits(),
                "exp({x})"
            );
        }
    }
}
