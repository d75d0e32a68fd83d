//! The scalar-semantics functions the kernels call (`jaxrs_core::xla_math`) give the same
//! bits when compiled into a loop for every ISA this CPU has (AVX-512, AVX2+FMA, generic)
//! as when called alone: their `mul_add`s are fused multiply-adds on every path (hardware
//! or software), so vectorizing changes no bit. Sweeps every 4099th `f32` bit pattern
//! (every exponent, both signs, NaNs, infinities and subnormals).

use jaxrs_core::xla_math;
use jaxrs_runtime::simd::{self, Isa};

/// A scalar `f32` function of the table.
type F32Fn = fn(f32) -> f32;

fn sweep() -> Vec<f32> {
    (0..u32::MAX / 4099)
        .map(|i| f32::from_bits(i * 4099))
        .collect()
}

fn check(name: &str, f: fn(f32) -> f32) {
    let xs = sweep();
    let want: Vec<u32> = xs.iter().map(|&x| f(x).to_bits()).collect();
    for isa in Isa::available() {
        let mut got = vec![0u32; xs.len()];
        simd::run(
            isa,
            #[inline(always)]
            || {
                for (g, &x) in got.iter_mut().zip(&xs) {
                    *g = f(x).to_bits();
                }
            },
        );
        for i in 0..xs.len() {
            let both_nan = f32::from_bits(got[i]).is_nan() && f32::from_bits(want[i]).is_nan();
            assert!(
                got[i] == want[i] || both_nan,
                "{name}({:#x}) on {isa:?}: {:#x} in the loop, {:#x} alone",
                xs[i].to_bits(),
                got[i],
                want[i]
            );
        }
    }
}

#[test]
fn every_isa_gives_the_scalar_bits() {
    let fs: [(&str, F32Fn); 17] = [
        ("exp", xla_math::exp_f32),
        ("exp2", xla_math::exp2_f32),
        ("log", xla_math::log_f32),
        ("log1p", xla_math::log1p_f32),
        ("expm1", xla_math::expm1_f32),
        ("tanh", xla_math::tanh_f32),
        ("logistic", xla_math::logistic_f32),
        ("erf", xla_math::erf_f32),
        ("erf_inv", xla_math::erf_inv_f32),
        ("cosh", xla_math::cosh_f32),
        ("sinh", xla_math::sinh_f32),
        ("rsqrt", xla_math::rsqrt_f32),
        ("asin", xla_math::asin_f32),
        ("acos", xla_math::acos_f32),
        ("asinh", xla_math::asinh_f32),
        ("acosh", xla_math::acosh_f32),
        ("atanh", xla_math::atanh_f32),
    ];
    for (name, f) in fs {
        check(name, f);
    }
}
