//! The vectorizable special functions equal the reference's (`jaxrs_core::xla_math`) bit for
//! bit (0 ulp) over a dense sweep of `f32`: every 61st bit pattern (4099th in debug builds) (all exponents, signs,
//! NaNs and infinities), plus the neighbourhoods of the branch points, on every ISA.

use jaxrs_core::xla_math;
use jaxrs_runtime::kernels::special;
use jaxrs_runtime::simd::{self, Isa};

fn sweep() -> Vec<f32> {
    // Debug builds sweep more sparsely to keep `cargo test` quick.
    let stride: u32 = if cfg!(debug_assertions) { 4099 } else { 61 };
    let mut xs: Vec<f32> = (0..u32::MAX / stride)
        .map(|i| f32::from_bits(i * stride))
        .collect();
    // Around the branch points: log1p's √2 - 1, erf_inv's |x| = 1 and w = 5, log's 0.
    for centre in [
        0.414_213_56f32,
        -0.414_213_56,
        1.0,
        -1.0,
        0.993_259_2,
        -0.993_259_2,
        0.0,
    ] {
        let b = centre.to_bits();
        for d in 0..2000u32 {
            xs.push(f32::from_bits(b.wrapping_add(d)));
            xs.push(f32::from_bits(b.wrapping_sub(d)));
        }
    }
    xs
}

fn check(name: &str, fast: fn(f32) -> f32, reference: fn(f32) -> f32, xs: &[f32]) {
    let want: Vec<u32> = xs.iter().map(|&x| reference(x).to_bits()).collect();
    for isa in Isa::available() {
        let mut got = vec![0u32; xs.len()];
        simd::run(
            isa,
            #[inline(always)]
            || {
                for (g, &x) in got.iter_mut().zip(xs) {
                    *g = fast(x).to_bits();
                }
            },
        );
        for i in 0..xs.len() {
            // NaN payloads aside (both sides give the default NaN), bits must agree.
            let both_nan = f32::from_bits(got[i]).is_nan() && f32::from_bits(want[i]).is_nan();
            assert!(
                got[i] == want[i] || both_nan,
                "{name}({:e}) on {isa:?}: runtime {:e}, reference {:e}",
                xs[i],
                f32::from_bits(got[i]),
                f32::from_bits(want[i])
            );
        }
    }
}

#[test]
fn log_matches_reference() {
    check("log", special::log_f32, xla_math::log_f32, &sweep());
}

#[test]
fn log1p_matches_reference() {
    check("log1p", special::log1p_f32, xla_math::log1p_f32, &sweep());
}

#[test]
fn erf_inv_matches_reference() {
    check(
        "erf_inv",
        special::erf_inv_f32,
        xla_math::erf_inv_f32,
        &sweep(),
    );
}
