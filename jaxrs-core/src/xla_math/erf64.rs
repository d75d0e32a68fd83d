//! `erf` of `f64` as glibc's `erf` computes it (XLA:CPU calls the C library for it): Sun's
//! fdlibm rational approximations on `|x| < 0.84375`, `[0.84375, 1.25)`, `[1.25, 1/0.35)`
//! and `[1/0.35, 6)`, with glibc's evaluation order (each polynomial split into pairs of
//! coefficients combined with powers of the argument, Estrin's scheme) and no fused
//! multiply-adds (glibc's generic build). Subnormal arguments read as zero (DAZ).

#![allow(clippy::excessive_precision)]

/// `2/√π - 1`.
const EFX: f64 = 1.28379167095512586316e-01;
/// `erf(1)` to 24 bits.
const ERX: f64 = 8.45062911510467529297e-01;
const PP: [f64; 5] = [
    1.28379167095512558561e-01,
    -3.25042107247001499370e-01,
    -2.84817495755985104766e-02,
    -5.77027029648944159157e-03,
    -2.37630166566501626084e-05,
];
const QQ: [f64; 5] = [
    3.97917223959155352819e-01,
    6.50222499887672944485e-02,
    5.08130628187576562776e-03,
    1.32494738004321644526e-04,
    -3.96022827877536812320e-06,
];
const PA: [f64; 7] = [
    -2.36211856075265944077e-03,
    4.14856118683748331666e-01,
    -3.72207876035701323847e-01,
    3.18346619901161753674e-01,
    -1.10894694282396677476e-01,
    3.54783043256182359371e-02,
    -2.16637559486879084300e-03,
];
const QA: [f64; 6] = [
    1.06420880400844228286e-01,
    5.40397917702171048937e-01,
    7.18286544141962662868e-02,
    1.26171219808761642112e-01,
    1.36370839120290507362e-02,
    1.19844998467991074170e-02,
];
const RA: [f64; 8] = [
    -9.86494403484714822705e-03,
    -6.93858572707181764372e-01,
    -1.05586262253232909814e+01,
    -6.23753324503260060396e+01,
    -1.62396669462573470355e+02,
    -1.84605092906711035994e+02,
    -8.12874355063065934246e+01,
    -9.81432934416914548592e+00,
];
const SA: [f64; 8] = [
    1.96512716674392571292e+01,
    1.37657754143519042600e+02,
    4.34565877475229228821e+02,
    6.45387271733267880336e+02,
    4.29008140027567833386e+02,
    1.08635005541779435134e+02,
    6.57024977031928170135e+00,
    -6.04244152148580987438e-02,
];
const RB: [f64; 7] = [
    -9.86494292470009928597e-03,
    -7.99283237680523006574e-01,
    -1.77579549177547519889e+01,
    -1.60636384855821916062e+02,
    -6.37566443368389627722e+02,
    -1.02509513161107724954e+03,
    -4.83519191608651397019e+02,
];
const SB: [f64; 7] = [
    3.03380607434824582924e+01,
    3.25792512996573918826e+02,
    1.53672958608443695994e+03,
    3.19985821950859553908e+03,
    2.55305040643316442583e+03,
    4.74528541206955367215e+02,
    -2.24409524465858183362e+01,
];

/// `erf` of `f64` (glibc's), subnormals read and written as zeros.
pub fn erf_f64(x: f64) -> f64 {
    let x = super::flush_f64(x);
    let hx = (x.to_bits() >> 32) as u32;
    let ix = hx & 0x7fff_ffff;
    let negative = hx >> 31 != 0;
    if ix >= 0x7ff0_0000 {
        // NaN stays NaN; ±inf gives ±1.
        return if x.is_nan() { x } else { 1f64.copysign(x) };
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3e30_0000 {
            // |x| < 2^-28 (zeros included: the flushed subnormals land here).
            return if ix < 0x0080_0000 {
                0.0625 * (16.0 * x + (16.0 * EFX) * x)
            } else {
                x + EFX * x
            };
        }
        let z = x * x;
        let r1 = PP[0] + z * PP[1];
        let z2 = z * z;
        let r2 = PP[2] + z * PP[3];
        let z4 = z2 * z2;
        let s1 = 1.0 + z * QQ[0];
        let s2 = QQ[1] + z * QQ[2];
        let s3 = QQ[3] + z * QQ[4];
        let r = r1 + z2 * r2 + z4 * PP[4];
        let s = s1 + z2 * s2 + z4 * s3;
        return x + x * (r / s);
    }
    if ix < 0x3ff4_0000 {
        let s = x.abs() - 1.0;
        let s2 = s * s;
        let s4 = s2 * s2;
        let s6 = s4 * s2;
        let p =
            (PA[0] + s * PA[1]) + s2 * (PA[2] + s * PA[3]) + s4 * (PA[4] + s * PA[5]) + s6 * PA[6];
        let q =
            (1.0 + s * QA[0]) + s2 * (QA[1] + s * QA[2]) + s4 * (QA[3] + s * QA[4]) + s6 * QA[5];
        return if negative { -ERX - p / q } else { ERX + p / q };
    }
    if ix >= 0x4018_0000 {
        // |x| ≥ 6: ±(1 - tiny), which rounds to ±1.
        return 1f64.copysign(x);
    }
    let ax = x.abs();
    let s = 1.0 / (ax * ax);
    let s2 = s * s;
    let s4 = s2 * s2;
    let s6 = s4 * s2;
    let (r, q) = if ix < 0x4006_db6e {
        let s8 = s4 * s4;
        let r = (RA[0] + s * RA[1])
            + s2 * (RA[2] + s * RA[3])
            + s4 * (RA[4] + s * RA[5])
            + s6 * (RA[6] + s * RA[7]);
        let q = (1.0 + s * SA[0])
            + s2 * (SA[1] + s * SA[2])
            + s4 * (SA[3] + s * SA[4])
            + s6 * (SA[5] + s * SA[6])
            + s8 * SA[7];
        (r, q)
    } else {
        let r =
            (RB[0] + s * RB[1]) + s2 * (RB[2] + s * RB[3]) + s4 * (RB[4] + s * RB[5]) + s6 * RB[6];
        let q = (1.0 + s * SB[0])
            + s2 * (SB[1] + s * SB[2])
            + s4 * (SB[3] + s * SB[4])
            + s6 * (SB[5] + s * SB[6]);
        (r, q)
    };
    // `z` is |x| with the low 32 bits cleared, so that `z²` is exact.
    let z = f64::from_bits(ax.to_bits() & 0xffff_ffff_0000_0000);
    let e = (-z * z - 0.5625).exp() * ((z - ax) * (z + ax) + r / q).exp();
    if negative {
        e / ax - 1.0
    } else {
        1.0 - e / ax
    }
}
