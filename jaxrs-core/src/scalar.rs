//! Scalar semantics of the elementwise primitives, written once.
//!
//! The reference evaluator uses these per element; later, constant folding and kernel
//! tails will too (tinygrad's `python_alu` plays this role). Semantics are XLA:CPU's, which
//! is what JAX runs: floats are computed in `f64` and rounded once to the result dtype
//! (correctly rounded for `+ - * / sqrt`), integers wrap, integer division by zero gives -1
//! and remainder by zero gives the dividend.
//!
//! Transcendental functions: `exp`, `log`, `log1p`, `erf_inv` copy XLA's `float32`
//! algorithms (crate::xla_math, bit for bit); `exp2`, `cosh` and `sinh` (|x| ≥ 1) copy XLA's
//! decompositions; the rest are correctly rounded `f64` results. Measured against JAX 0.10.2
//! on CPU (tests/math_golden.rs): at most 4 ulp in `float32` (`exp2`, `tanh`: 3–4; `sinh`
//! below |x| = 1: 3; most functions: 1).
//!
//! Known difference: XLA:CPU flushes subnormal `float32`/`float64` results to zero and
//! reads subnormal inputs as zero (FTZ/DAZ); these semantics keep subnormals.

use crate::dtype::{DType, Element, Kind, Scalar};
use crate::primitive::{Primitive, RoundingMethod};
use crate::with_dtype;
use crate::xla_math;

/// Rounds a value to `dtype`'s precision and range (casts it there and back).
pub fn round_to(dtype: DType, s: Scalar) -> Scalar {
    with_dtype!(dtype, T => T::from_scalar(s).to_scalar())
}

/// Applies a one-operand elementwise primitive to `x` of dtype `dtype`; the result has the
/// primitive's result dtype (`out`).
pub fn unary(primitive: &Primitive, x: Scalar, dtype: DType, out: DType) -> Scalar {
    use Primitive::*;
    let float = |f: fn(f64) -> f64| round_to(out, Scalar::Float(f(x.as_f64())));
    match primitive {
        Neg => match x {
            Scalar::Float(f) => Scalar::Float(-f),
            _ => round_to(out, Scalar::Int(x.as_i128().wrapping_neg())),
        },
        Sign => match x {
            Scalar::Float(f) if f.is_nan() || f == 0.0 => Scalar::Float(f),
            Scalar::Float(f) => Scalar::Float(f.signum()),
            _ => Scalar::Int(x.as_i128().signum()),
        },
        Floor => float(f64::floor),
        Ceil => float(f64::ceil),
        Round { rounding_method } => match rounding_method {
            RoundingMethod::AwayFromZero => float(f64::round),
            RoundingMethod::ToNearestEven => float(f64::round_ties_even),
        },
        IsFinite => Scalar::Bool(x.as_f64().is_finite()),
        Exp => xla_f32_or_f64(out, x, xla_math::exp_f32, f64::exp),
        Exp2 if computes_in_f32(dtype) => float(exp2_as_xla),
        Exp2 => float(f64::exp2),
        Log => xla_f32_or_f64(out, x, xla_math::log_f32, f64::ln),
        Log1p => xla_f32_or_f64(out, x, xla_math::log1p_f32, xla_math::log1p_f64),
        Expm1 => float(f64::exp_m1),
        Tanh => float(f64::tanh),
        Logistic => float(|v| 1.0 / (1.0 + (-v).exp())),
        Sin => float(f64::sin),
        Cos => float(f64::cos),
        Tan => float(f64::tan),
        Asin => float(f64::asin),
        Acos => float(f64::acos),
        Atan => float(f64::atan),
        Sinh if computes_in_f32(dtype) => float(sinh_as_xla),
        Sinh => float(f64::sinh),
        Cosh if computes_in_f32(dtype) => float(cosh_as_xla),
        Cosh => float(f64::cosh),
        Asinh => float(f64::asinh),
        Acosh => float(f64::acosh),
        Atanh => float(f64::atanh),
        Sqrt => float(f64::sqrt),
        Rsqrt => float(|v| 1.0 / v.sqrt()),
        Cbrt => float(f64::cbrt),
        Abs => match x {
            Scalar::Float(f) => Scalar::Float(f.abs()),
            _ => round_to(out, Scalar::Int(x.as_i128().wrapping_abs())),
        },
        Not => match x {
            Scalar::Bool(b) => Scalar::Bool(!b),
            _ => round_to(out, Scalar::Int(!x.as_i128())),
        },
        Erf => float(libm::erf),
        Erfc => float(libm::erfc),
        // XLA's own approximations (crate::xla_math), so that values match JAX bit for bit.
        ErfInv => xla_f32_or_f64(out, x, xla_math::erf_inv_f32, xla_math::erf_inv_f64),
        Lgamma => float(libm::lgamma),
        Digamma => float(digamma_f64),
        Square => binary(&Mul, x, x, dtype, out),
        IntegerPow { y } => integer_pow(x, *y, dtype),
        ConvertElementType { new_dtype, .. } => round_to(*new_dtype, x),
        BitcastConvertType { .. } => {
            unreachable!("bitcast_convert_type works on bits, not values; the evaluator handles it")
        }
        _ => unreachable!(
            "{} is not a one-operand elementwise primitive",
            primitive.name()
        ),
    }
}

/// Applies XLA's `f32` version of a function to `f32` and narrower floats (which XLA widens
/// to `f32`), and its `f64` version to `f64`.
fn xla_f32_or_f64(out: DType, x: Scalar, f32_fn: fn(f32) -> f32, f64_fn: fn(f64) -> f64) -> Scalar {
    let v = x.as_f64();
    let y = match out {
        DType::F64 => f64_fn(v),
        _ => f32_fn(v as f32) as f64,
    };
    round_to(out, Scalar::Float(y))
}

/// XLA:CPU computes `float32` (and, upcast, `float16`/`bfloat16`) transcendental
/// functions in `float32`.
fn computes_in_f32(dtype: DType) -> bool {
    matches!(dtype, DType::F32 | DType::F16 | DType::BF16)
}

/// `2^x` as XLA computes it in `float32`: `exp(x * ln 2)` with the product rounded to
/// `float32` (up to 32 ulp from `2^x` for large `|x|`; this matches JAX within 1 ulp).
fn exp2_as_xla(v: f64) -> f64 {
    (((v as f32) * std::f32::consts::LN_2) as f64).exp()
}

/// `e^(x + ln ½)`, the argument rounded to `float32` as XLA's `cosh`/`sinh` compute it.
fn half_exp_f32(v: f64) -> f32 {
    ((v as f32 - std::f32::consts::LN_2) as f64).exp() as f32
}

/// `cosh` as XLA's decomposition computes it in `float32`: `e^(x + ln ½) + e^(−x + ln ½)`.
fn cosh_as_xla(v: f64) -> f64 {
    (half_exp_f32(v) + half_exp_f32(-v)) as f64
}

/// `sinh` as XLA computes it in `float32` for `|x| ≥ 1`: `e^(x + ln ½) − e^(−x + ln ½)`;
/// smaller arguments are computed in `f64` (within 5 ulp of XLA's expm1-based form).
fn sinh_as_xla(v: f64) -> f64 {
    if v.abs() < 1.0 {
        return v.sinh();
    }
    (half_exp_f32(v) - half_exp_f32(-v)) as f64
}

/// `x ** y` by repeated squaring, rounding after every multiply as XLA does.
fn integer_pow(x: Scalar, y: i32, dtype: DType) -> Scalar {
    let mut acc: Option<Scalar> = None;
    let mut base = x;
    let mut n = y.unsigned_abs();
    while n > 0 {
        if n & 1 == 1 {
            acc = Some(match acc {
                None => base,
                Some(a) => binary(&Primitive::Mul, a, base, dtype, dtype),
            });
        }
        n >>= 1;
        if n > 0 {
            base = binary(&Primitive::Mul, base, base, dtype, dtype);
        }
    }
    let pos = acc.unwrap_or_else(|| round_to(dtype, Scalar::Int(1)));
    if y < 0 {
        binary(
            &Primitive::Div,
            round_to(dtype, Scalar::Int(1)),
            pos,
            dtype,
            dtype,
        )
    } else {
        pos
    }
}

/// Applies a two-operand elementwise primitive to `x` and `y` of dtype `dtype`.
pub fn binary(primitive: &Primitive, x: Scalar, y: Scalar, dtype: DType, out: DType) -> Scalar {
    use Primitive::*;
    let kind = dtype.kind();
    let is_float = kind == Kind::Float;
    let (a, b) = (x.as_f64(), y.as_f64());
    let (i, j) = (x.as_i128(), y.as_i128());
    let bits = dtype.itemsize() as u32 * 8;
    let float = |v: f64| round_to(out, Scalar::Float(v));
    let int = |v: i128| round_to(out, Scalar::Int(v));
    match primitive {
        AddAny => binary(&Add, x, y, dtype, out),
        Add if kind == Kind::Bool => Scalar::Bool(x.as_bool() | y.as_bool()),
        Mul if kind == Kind::Bool => Scalar::Bool(x.as_bool() & y.as_bool()),
        Add if is_float => float(a + b),
        Add => int(i.wrapping_add(j)),
        Sub if is_float => float(a - b),
        Sub => int(i.wrapping_sub(j)),
        Mul if is_float => float(a * b),
        Mul => int(i.wrapping_mul(j)),
        Div if is_float => float(a / b),
        Div if j == 0 => int(-1),
        Div => int(i / j),
        Rem if is_float => float(a % b),
        Rem if j == 0 => int(i),
        Rem => int(i % j),
        Pow => float(a.powf(b)),
        Max if is_float => float(if a.is_nan() || b.is_nan() {
            f64::NAN
        } else {
            a.max(b)
        }),
        Max if kind == Kind::Bool => Scalar::Bool(x.as_bool() | y.as_bool()),
        Max => int(i.max(j)),
        Min if is_float => float(if a.is_nan() || b.is_nan() {
            f64::NAN
        } else {
            a.min(b)
        }),
        Min if kind == Kind::Bool => Scalar::Bool(x.as_bool() & y.as_bool()),
        Min => int(i.min(j)),
        Atan2 => float(a.atan2(b)),
        Nextafter => nextafter(dtype, a, b),
        Eq => Scalar::Bool(if is_float { a == b } else { i == j }),
        Ne => Scalar::Bool(if is_float { a != b } else { i != j }),
        Lt => Scalar::Bool(if is_float { a < b } else { i < j }),
        Le => Scalar::Bool(if is_float { a <= b } else { i <= j }),
        Gt => Scalar::Bool(if is_float { a > b } else { i > j }),
        Ge => Scalar::Bool(if is_float { a >= b } else { i >= j }),
        And if kind == Kind::Bool => Scalar::Bool(x.as_bool() & y.as_bool()),
        Or if kind == Kind::Bool => Scalar::Bool(x.as_bool() | y.as_bool()),
        Xor if kind == Kind::Bool => Scalar::Bool(x.as_bool() ^ y.as_bool()),
        And => int(i & j),
        Or => int(i | j),
        Xor => int(i ^ j),
        ShiftLeft => int(if shift_in_range(j, bits) { i << j } else { 0 }),
        ShiftRightLogical => {
            let unsigned = i & ((1i128 << bits) - 1);
            int(if shift_in_range(j, bits) {
                unsigned >> j
            } else {
                0
            })
        }
        ShiftRightArithmetic => {
            // Reinterpret as signed of the same width first.
            let signed = (i << (128 - bits)) >> (128 - bits);
            int(if shift_in_range(j, bits) {
                signed >> j
            } else {
                signed >> (bits - 1)
            })
        }
        _ => unreachable!(
            "{} is not a two-operand elementwise primitive",
            primitive.name()
        ),
    }
}

/// XLA treats shift amounts outside `0..bits` (as unsigned) as shifting everything out.
fn shift_in_range(amount: i128, bits: u32) -> bool {
    (0..bits as i128).contains(&amount)
}

/// The next representable value of `dtype` after `a` in the direction of `b`.
fn nextafter(dtype: DType, a: f64, b: f64) -> Scalar {
    if a.is_nan() || b.is_nan() {
        return Scalar::Float(f64::NAN);
    }
    if a == b {
        return Scalar::Float(b);
    }
    let up = b > a;
    match dtype {
        DType::F64 => Scalar::Float(step_bits_f64(a, up)),
        DType::F32 => {
            let f = a as f32;
            let next = if f == 0.0 {
                let tiny = f32::from_bits(1);
                if up {
                    tiny
                } else {
                    -tiny
                }
            } else if (f > 0.0) == up {
                f32::from_bits(f.to_bits() + 1)
            } else {
                f32::from_bits(f.to_bits() - 1)
            };
            Scalar::Float(next as f64)
        }
        DType::F16 => {
            let h = half::f16::from_f64(a);
            Scalar::Float(step_bits_u16(h.to_bits(), h.to_f64(), up, half::f16::from_bits).to_f64())
        }
        DType::BF16 => {
            let h = half::bf16::from_f64(a);
            Scalar::Float(
                step_bits_u16(h.to_bits(), h.to_f64(), up, half::bf16::from_bits).to_f64(),
            )
        }
        other => unreachable!("nextafter of {other}"),
    }
}

fn step_bits_f64(a: f64, up: bool) -> f64 {
    if a == 0.0 {
        let tiny = f64::from_bits(1);
        return if up { tiny } else { -tiny };
    }
    if (a > 0.0) == up {
        f64::from_bits(a.to_bits() + 1)
    } else {
        f64::from_bits(a.to_bits() - 1)
    }
}

fn step_bits_u16<H>(bits: u16, value: f64, up: bool, from_bits: fn(u16) -> H) -> H {
    if value == 0.0 {
        return if up { from_bits(1) } else { from_bits(0x8001) };
    }
    if (value > 0.0) == up {
        from_bits(bits + 1)
    } else {
        from_bits(bits - 1)
    }
}

/// Inverse error function in `f64` (Giles' single-precision-style approximation refined
/// by two Newton steps on `erf`), used by the reference evaluator for every float dtype.
pub fn erf_inv_f64(y: f64) -> f64 {
    if y.is_nan() || !(-1.0..=1.0).contains(&y) {
        return f64::NAN;
    }
    if y == 1.0 {
        return f64::INFINITY;
    }
    if y == -1.0 {
        return f64::NEG_INFINITY;
    }
    let w = -((1.0 - y) * (1.0 + y)).ln();
    let mut x = if w < 5.0 {
        let w = w - 2.5;
        let mut p = 2.810_226_36e-08;
        for c in [
            3.432_739_39e-07,
            -3.523_387_7e-06,
            -4.391_506_54e-06,
            0.000_218_580_87,
            -0.001_253_725_03,
            -0.004_177_681_64,
            0.246_640_727,
            1.501_409_41,
        ] {
            p = c + p * w;
        }
        p * y
    } else {
        let w = w.sqrt() - 3.0;
        let mut p = -0.000_200_214_257;
        for c in [
            0.000_100_950_558,
            0.001_349_343_22,
            -0.003_673_428_44,
            0.005_739_507_73,
            -0.007_622_461_3,
            0.009_438_870_47,
            1.001_674_06,
            2.832_976_82,
        ] {
            p = c + p * w;
        }
        p * y
    };
    // Newton on erf(x) - y: erf'(x) = 2/sqrt(pi) * exp(-x^2).
    for _ in 0..2 {
        let err = libm::erf(x) - y;
        x -= err / (std::f64::consts::FRAC_2_SQRT_PI * (-x * x).exp());
    }
    x
}

/// The digamma function ψ(x) = d/dx ln Γ(x), by reflection, recurrence and the asymptotic
/// series.
pub fn digamma_f64(mut x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    if x <= 0.0 && x == x.floor() {
        return f64::NAN;
    }
    let mut result = 0.0;
    if x < 0.0 {
        // ψ(1 - x) - ψ(x) = π cot(πx)
        result -= std::f64::consts::PI / (std::f64::consts::PI * x).tan();
        x = 1.0 - x;
    }
    // At x >= 12 the first omitted term of the series is below 1e-15.
    while x < 12.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    result + x.ln()
        - 0.5 * inv
        - inv2
            * (1.0 / 12.0
                - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_division_follows_xla() {
        let d = DType::I32;
        assert_eq!(
            binary(&Primitive::Div, Scalar::Int(-7), Scalar::Int(2), d, d),
            Scalar::Int(-3)
        );
        assert_eq!(
            binary(&Primitive::Rem, Scalar::Int(-7), Scalar::Int(2), d, d),
            Scalar::Int(-1)
        );
        assert_eq!(
            binary(&Primitive::Div, Scalar::Int(5), Scalar::Int(0), d, d),
            Scalar::Int(-1)
        );
        assert_eq!(
            binary(
                &Primitive::Div,
                Scalar::Int(i32::MIN as i128),
                Scalar::Int(-1),
                d,
                d
            ),
            Scalar::Int(i32::MIN as i128)
        );
    }

    #[test]
    fn shifts_saturate() {
        let d = DType::U32;
        assert_eq!(
            binary(&Primitive::ShiftLeft, Scalar::Int(1), Scalar::Int(32), d, d),
            Scalar::Int(0)
        );
        assert_eq!(
            binary(
                &Primitive::ShiftRightLogical,
                Scalar::Int(0xffff_ffff),
                Scalar::Int(28),
                d,
                d
            ),
            Scalar::Int(15)
        );
        let s = DType::I8;
        assert_eq!(
            binary(
                &Primitive::ShiftRightArithmetic,
                Scalar::Int(-128),
                Scalar::Int(9),
                s,
                s
            ),
            Scalar::Int(-1)
        );
    }

    #[test]
    fn special_functions() {
        assert!((erf_inv_f64(0.5) - 0.476_936_276_204_469_9).abs() < 1e-15);
        assert!((digamma_f64(1.0) + 0.577_215_664_901_532_9).abs() < 1e-14);
        assert!((libm::erf(erf_inv_f64(-0.9)) + 0.9).abs() < 1e-15);
    }
}
