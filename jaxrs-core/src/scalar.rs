//! Scalar semantics of the elementwise primitives, written once.
//!
//! The reference evaluator uses these per element, and the runtime's kernels and constant
//! folding call the same functions, so they cannot disagree. Semantics are XLA:CPU's, which
//! is what JAX runs: integers wrap, integer division by zero gives -1 and remainder by zero
//! gives the dividend; floats follow XLA:CPU bit for bit (crate::xla_math): its own
//! approximations and decompositions of the transcendental functions, the C library
//! functions it calls, subnormal operands read as zeros and subnormal results written as
//! zeros (FTZ/DAZ), `float16`/`bfloat16` computed in `float32` and rounded where XLA rounds.
//! Checked against JAX 0.10.2 over 2^20 inputs per primitive and dtype
//! (tests/bits_golden.rs).

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
    if dtype.kind() == Kind::Float && out == dtype {
        let v = x.as_f64();
        let y = match dtype {
            DType::F64 => unary_f64(primitive, v),
            DType::F32 => unary_f32(primitive, v as f32).map(f64::from),
            _ => unary_narrow(primitive, dtype, v as f32).map(f64::from),
        };
        if let Some(y) = y {
            return round_to(out, Scalar::Float(y));
        }
    }
    match primitive {
        Neg => round_to(out, Scalar::Int(x.as_i128().wrapping_neg())),
        Sign => Scalar::Int(x.as_i128().signum()),
        IsFinite => Scalar::Bool(x.as_f64().is_finite()),
        Abs => round_to(out, Scalar::Int(x.as_i128().wrapping_abs())),
        Not => match x {
            Scalar::Bool(b) => Scalar::Bool(!b),
            _ => round_to(out, Scalar::Int(!x.as_i128())),
        },
        Square => binary(&Mul, x, x, dtype, out),
        IntegerPow { y } => integer_pow(x, *y, dtype),
        ConvertElementType { new_dtype, .. } => round_to(*new_dtype, x),
        BitcastConvertType { .. } => {
            unreachable!("bitcast_convert_type works on bits, not values; the evaluator handles it")
        }
        Floor
        | Ceil
        | Round { .. }
        | Exp
        | Ynn { .. }
        | Exp2
        | Log
        | Log1p
        | Expm1
        | Tanh
        | Logistic
        | Sin
        | Cos
        | Tan
        | Asin
        | Acos
        | Atan
        | Sinh
        | Cosh
        | Asinh
        | Acosh
        | Atanh
        | Sqrt
        | Rsqrt
        | Cbrt
        | Erf
        | Erfc
        | ErfInv
        | Lgamma
        | Digamma => {
            unreachable!("{} of {dtype}", primitive.name())
        }
        _ => unreachable!(
            "{} is not a one-operand elementwise primitive",
            primitive.name()
        ),
    }
}

/// A float primitive on `f32` (and on `f16`/`bf16`, which XLA computes in `f32`), as
/// XLA:CPU computes it (crate::xla_math), subnormals flushed; `None` for primitives that
/// are not float-to-float or need the dtype (`square`, `integer_pow`: see [`unary`]).
pub fn unary_f32(primitive: &Primitive, x: f32) -> Option<f32> {
    use xla_math::flush_f32 as flush;
    use Primitive::*;
    Some(match primitive {
        Neg => -x,
        Abs => x.abs(),
        Sign => {
            let v = flush(x);
            if v.is_nan() || v == 0.0 {
                v
            } else {
                1f32.copysign(v)
            }
        }
        Floor => flush(x).floor(),
        Ceil => flush(x).ceil(),
        Round { rounding_method } => match rounding_method {
            RoundingMethod::AwayFromZero => flush(x).round(),
            RoundingMethod::ToNearestEven => flush(x).round_ties_even(),
        },
        Exp => xla_math::exp_f32(x),
        Ynn { f } => xla_math::ynn_f32(*f, x),
        Exp2 => xla_math::exp2_f32(x),
        Log => xla_math::log_f32(x),
        Log1p => xla_math::log1p_f32(x),
        Expm1 => xla_math::expm1_f32(x),
        Tanh => xla_math::tanh_f32(x),
        Logistic => xla_math::logistic_f32(x),
        Sin => xla_math::sin_f32(x),
        Cos => xla_math::cos_f32(x),
        Tan => xla_math::tan_f32(x),
        Atan => xla_math::atan_f32(x),
        Cosh => xla_math::cosh_f32(x),
        Sqrt => flush(flush(x).sqrt()),
        Rsqrt => xla_math::rsqrt_f32(x),
        Cbrt => xla_math::cbrt_f32(x),
        Erf => xla_math::erf_f32(x),
        ErfInv => xla_math::erf_inv_f32(x),
        Asin => xla_math::asin_f32(x),
        Acos => xla_math::acos_f32(x),
        Sinh => xla_math::sinh_f32(x),
        Asinh => xla_math::asinh_f32(x),
        Acosh => xla_math::acosh_f32(x),
        Atanh => xla_math::atanh_f32(x),
        Erfc => xla_math::erfc_f32(x),
        Lgamma => xla_math::lgamma_f32(x),
        Digamma => xla_math::digamma_f32(x),
        Square => flush(flush(x) * flush(x)),
        IntegerPow { y } => integer_pow_float(
            x,
            *y,
            |a, b| flush(flush(a) * flush(b)),
            1.0,
            |a| flush(1.0 / flush(a)),
        ),
        IsFinite | Not | ConvertElementType { .. } | BitcastConvertType { .. } => return None,
        _ => unreachable!(
            "{} is not a one-operand elementwise primitive",
            primitive.name()
        ),
    })
}

/// A float primitive on `f16`/`bf16`: XLA computes each HLO operation in `f32` and
/// rounds its result to the narrow type, so the primitives JAX writes as several
/// operations (`exp2` is `exp(x·ln2)`, `logistic` is `1/(1 + exp(-x))`, `asin`, `acos`,
/// `atanh`)
/// round after every step; the others are [`unary_f32`] rounded once.
pub fn unary_narrow(primitive: &Primitive, dtype: DType, x: f32) -> Option<f32> {
    use Primitive::*;
    let r = |v: f32| -> f32 {
        match dtype {
            DType::F16 => half::f16::from_f32(v).to_f32(),
            _ => half::bf16::from_f32(xla_math::flush_f32(v)).to_f32(),
        }
    };
    let exp = |v: f32| r(xla_math::exp_f32(v));
    let atan2 = |a: f32, b: f32| r(xla_math::atan2_f32(a, b));
    let root = |x: f32| r(r(r(1.0 - x) * r(x + 1.0)).sqrt());
    Some(match primitive {
        // JAX writes `exp2(x)` as `exp(log(2) · x)`, `log(2)` in the narrow type.
        Exp2 => exp(r(r(xla_math::log_f32(2.0)) * x)),
        Logistic => r(1.0 / r(1.0 + exp(-x))),
        Asin => {
            let a = atan2(x, r(root(x) + 1.0));
            r(a + a)
        }
        Acos => atan2(root(x), x),
        Asinh => {
            let a = x.abs();
            let x2 = r(x * x);
            let t = r(a + r(x2 / r(r(r(x2 + 1.0).sqrt()) + 1.0)));
            let max = match dtype {
                DType::F16 => 65504.0f32,
                _ => half::bf16::MAX.to_f32(),
            };
            let magnitude = if a >= r(max.sqrt()) {
                r(r(xla_math::log_f32(a)) + r(std::f32::consts::LN_2))
            } else {
                r(xla_math::log1p_f32(t))
            };
            let sign = if x.is_nan() || x == 0.0 {
                x
            } else {
                1f32.copysign(x)
            };
            r(sign * magnitude)
        }
        Acosh => {
            let below = r(r(x - 1.0).sqrt());
            let t = r(below * r(r(r(x + 1.0).sqrt()) + below));
            // JAX's threshold is half the largest finite number of the dtype.
            let max = match dtype {
                DType::F16 => 65504.0f32,
                _ => half::bf16::MAX.to_f32(),
            };
            if x >= max / 2.0 {
                r(r(xla_math::log_f32(x)) + r(std::f32::consts::LN_2))
            } else {
                r(xla_math::log1p_f32(t))
            }
        }
        Atanh => {
            let d = r(r(xla_math::log1p_f32(x)) - r(xla_math::log1p_f32(-x)));
            if x.abs() > 1.0 {
                f32::NAN
            } else {
                r(d * 0.5)
            }
        }
        // XLA emits `float16` `expm1` in the narrow type (only `bfloat16` is widened first),
        // so each step of xla_math::expm1_f32's formula rounds, subnormals kept.
        Expm1 if dtype == DType::F16 => {
            let e = r(xla_math::exp_f32(x));
            let half = r(x * 0.5);
            if half == 0.0 {
                x
            } else if x.abs() > 0.5 {
                r(e - 1.0)
            } else {
                r(r(xla_math::tanh_f32(half)) * r(e + 1.0))
            }
        }
        // Every multiply rounds to the narrow type.
        IntegerPow { y } => integer_pow_float(x, *y, |a, b| r(a * b), 1.0, |a| r(1.0 / a)),
        _ => return unary_f32(primitive, x),
    })
}

/// A float primitive on `f64`, subnormals flushed as XLA:CPU flushes them; `None` as for
/// [`unary_f32`]. The transcendental functions are correctly rounded `f64` results (XLA's
/// own `f64` algorithms are not reproduced yet, see the README).
pub fn unary_f64(primitive: &Primitive, x: f64) -> Option<f64> {
    use xla_math::flush_f64 as flush;
    use Primitive::*;
    let f = |g: fn(f64) -> f64| flush(g(flush(x)));
    Some(match primitive {
        Neg => -x,
        Abs => x.abs(),
        Sign => {
            let v = flush(x);
            if v.is_nan() || v == 0.0 {
                v
            } else {
                1f64.copysign(v)
            }
        }
        Floor => f(f64::floor),
        Ceil => f(f64::ceil),
        Round { rounding_method } => match rounding_method {
            RoundingMethod::AwayFromZero => f(f64::round),
            RoundingMethod::ToNearestEven => f(f64::round_ties_even),
        },
        // The rewrite to YNNPACK's functions is made for `float32` alone (`jaxpr::ynn`).
        Ynn { f } => return unary_f64(&f.primitive(), x),
        Exp => xla_math::exp_f64(x),
        Exp2 => xla_math::exp2_f64(x),
        Log => f(f64::ln),
        Log1p => f(xla_math::log1p_f64),
        Expm1 => xla_math::expm1_f64(x),
        Tanh => xla_math::tanh_f64(x),
        Logistic => xla_math::logistic_f64(x),
        // The C library returns a tiny argument unchanged.
        Sin => x.sin(),
        Cos => x.cos(),
        Tan => x.tan(),
        Asin => xla_math::asin_f64(x),
        Acos => xla_math::acos_f64(x),
        Atan => x.atan(),
        Sinh => xla_math::sinh_f64(x),
        Cosh => xla_math::cosh_f64(x),
        Asinh => xla_math::asinh_f64(x),
        Acosh => xla_math::acosh_f64(x),
        Atanh => xla_math::atanh_f64(x),
        Sqrt => f(f64::sqrt),
        Rsqrt => xla_math::rsqrt_f64(x),
        Cbrt => xla_math::cbrt_f64(x),
        Erf => xla_math::erf_f64(x),
        Erfc => xla_math::erfc_f64(x),
        ErfInv => f(xla_math::erf_inv_f64),
        Lgamma => xla_math::lgamma_f64(x),
        Digamma => xla_math::digamma_f64(x),
        Square => flush(flush(x) * flush(x)),
        IntegerPow { y } => integer_pow_float(
            x,
            *y,
            |a, b| flush(flush(a) * flush(b)),
            1.0,
            |a| flush(1.0 / flush(a)),
        ),
        IsFinite | Not | ConvertElementType { .. } | BitcastConvertType { .. } => return None,
        _ => unreachable!(
            "{} is not a one-operand elementwise primitive",
            primitive.name()
        ),
    })
}

/// The two factors of the last multiply of `integer_pow[y]` (`y ≥ 2`) of a float `x`,
/// which XLA fuses into a following add ([`crate::jaxpr::contract`]): `x**3` is
/// `x · (x·x)`, `x**4` is `(x·x) · (x·x)`.
pub fn integer_pow_factors(dtype: DType, x: Scalar, y: i32) -> (Scalar, Scalar) {
    assert!(y >= 2, "integer_pow[y={y}] ends in no multiply");
    let last = std::cell::Cell::new((0.0, 0.0));
    let x = x.as_f64();
    match dtype {
        DType::F32 => {
            use xla_math::flush_f32 as flush;
            integer_pow_float(
                x as f32,
                y,
                |a, b| {
                    last.set((a as f64, b as f64));
                    flush(flush(a) * flush(b))
                },
                1.0,
                |a| a,
            );
        }
        DType::F64 => {
            use xla_math::flush_f64 as flush;
            integer_pow_float(
                x,
                y,
                |a, b| {
                    last.set((a, b));
                    flush(flush(a) * flush(b))
                },
                1.0,
                |a| a,
            );
        }
        d => unreachable!("XLA fuses no {} multiply-add", d.name()),
    }
    let (a, b) = last.get();
    (Scalar::Float(a), Scalar::Float(b))
}

/// `round(p·q + z)` with one rounding, as XLA:CPU's fused multiply-add computes it in
/// `float32`/`float64`: operands read and the result written with subnormals flushed.
pub fn fused_multiply_add(dtype: DType, p: Scalar, q: Scalar, z: Scalar) -> Scalar {
    let (p, q, z) = (p.as_f64(), q.as_f64(), z.as_f64());
    Scalar::Float(match dtype {
        DType::F32 => {
            use xla_math::flush_f32 as flush;
            flush(flush(p as f32).mul_add(flush(q as f32), flush(z as f32))) as f64
        }
        DType::F64 => {
            use xla_math::flush_f64 as flush;
            flush(flush(p).mul_add(flush(q), flush(z)))
        }
        d => unreachable!("XLA fuses no {} multiply-add", d.name()),
    })
}

/// `x ** y` of a float by repeated squaring, as JAX lowers `integer_pow` (`mul` rounds
/// and flushes after every multiply; `recip` makes a negative power).
fn integer_pow_float<T: Copy>(
    x: T,
    y: i32,
    mul: impl Fn(T, T) -> T,
    one: T,
    recip: impl Fn(T) -> T,
) -> T {
    let mut acc: Option<T> = None;
    let mut base = x;
    let mut n = y.unsigned_abs();
    while n > 0 {
        if n & 1 == 1 {
            acc = Some(match acc {
                None => base,
                Some(a) => mul(a, base),
            });
        }
        n >>= 1;
        if n > 0 {
            base = mul(base, base);
        }
    }
    let pos = acc.unwrap_or(one);
    if y < 0 {
        recip(pos)
    } else {
        pos
    }
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
    if dtype.kind() == Kind::Float && out == dtype {
        let (a, b) = (x.as_f64(), y.as_f64());
        let v = match (dtype, primitive) {
            (DType::F16 | DType::BF16, Nextafter) => Some(nextafter_narrow(dtype, a, b)),
            (DType::F64, _) => binary_f64(primitive, a, b),
            _ => binary_f32(primitive, a as f32, b as f32).map(f64::from),
        };
        if let Some(v) = v {
            return round_to(out, Scalar::Float(v));
        }
    }
    let kind = dtype.kind();
    let is_float = kind == Kind::Float;
    let (a, b) = (x.as_f64(), y.as_f64());
    let (i, j) = (x.as_i128(), y.as_i128());
    let bits = dtype.itemsize() as u32 * 8;
    let int = |v: i128| round_to(out, Scalar::Int(v));
    match primitive {
        AddAny => binary(&Add, x, y, dtype, out),
        Add if kind == Kind::Bool => Scalar::Bool(x.as_bool() | y.as_bool()),
        Mul if kind == Kind::Bool => Scalar::Bool(x.as_bool() & y.as_bool()),
        Max if kind == Kind::Bool => Scalar::Bool(x.as_bool() | y.as_bool()),
        Min if kind == Kind::Bool => Scalar::Bool(x.as_bool() & y.as_bool()),
        Add => int(i.wrapping_add(j)),
        Sub => int(i.wrapping_sub(j)),
        Mul => int(i.wrapping_mul(j)),
        Div if j == 0 => int(-1),
        Div => int(i / j),
        Rem if j == 0 => int(i),
        Rem => int(i % j),
        Max => int(i.max(j)),
        Min => int(i.min(j)),
        // Comparisons read subnormals as zeros, as the processor does under DAZ.
        Eq => Scalar::Bool(if is_float {
            flushed(dtype, a) == flushed(dtype, b)
        } else {
            i == j
        }),
        Ne => Scalar::Bool(if is_float {
            flushed(dtype, a) != flushed(dtype, b)
        } else {
            i != j
        }),
        Lt => Scalar::Bool(if is_float {
            flushed(dtype, a) < flushed(dtype, b)
        } else {
            i < j
        }),
        Le => Scalar::Bool(if is_float {
            flushed(dtype, a) <= flushed(dtype, b)
        } else {
            i <= j
        }),
        Gt => Scalar::Bool(if is_float {
            flushed(dtype, a) > flushed(dtype, b)
        } else {
            i > j
        }),
        Ge => Scalar::Bool(if is_float {
            flushed(dtype, a) >= flushed(dtype, b)
        } else {
            i >= j
        }),
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

/// A float primitive of two `f32` operands (and `f16`/`bf16` ones, computed in `f32`) as
/// XLA:CPU computes it: operands read and results written with subnormals flushed, the
/// C library's `powf`, `atan2f` and `fmodf`; `None` for comparisons and bit operations.
pub fn binary_f32(primitive: &Primitive, a: f32, b: f32) -> Option<f32> {
    use xla_math::flush_f32 as flush;
    use Primitive::*;
    let (fa, fb) = (flush(a), flush(b));
    Some(match primitive {
        Add | AddAny => flush(fa + fb),
        Sub => flush(fa - fb),
        Mul => flush(fa * fb),
        Div => flush(fa / fb),
        Rem => xla_math::rem_f32(a, b),
        Pow => xla_math::pow_f32(a, b),
        Atan2 => xla_math::atan2_f32(a, b),
        Max => float_max(fa, fb),
        Min => float_min(fa, fb),
        Nextafter => nextafter_f32(a, b),
        _ => return None,
    })
}

/// [`binary_f32`] for `f64`.
pub fn binary_f64(primitive: &Primitive, a: f64, b: f64) -> Option<f64> {
    use xla_math::flush_f64 as flush;
    use Primitive::*;
    let (fa, fb) = (flush(a), flush(b));
    Some(match primitive {
        Add | AddAny => flush(fa + fb),
        Sub => flush(fa - fb),
        Mul => flush(fa * fb),
        Div => flush(fa / fb),
        Rem => xla_math::rem_f64(a, b),
        Pow => xla_math::pow_f64(a, b),
        Atan2 => xla_math::atan2_f64(a, b),
        Max => float_max(fa, fb),
        Min => float_min(fa, fb),
        Nextafter => nextafter_f64(a, b),
        _ => return None,
    })
}

/// XLA's float `max`: NaN if either operand is NaN, and `+0` above `-0`.
fn float_max<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        T::nan()
    } else if a > b || (a == b && !a.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// XLA's float `min`: NaN if either operand is NaN, and `-0` below `+0`.
fn float_min<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        T::nan()
    } else if a < b || (a == b && a.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// The float operations [`float_max`] and [`float_min`] need, for `f32` and `f64`.
trait Float: Copy + PartialOrd {
    fn is_nan(self) -> bool;
    fn is_sign_negative(self) -> bool;
    fn nan() -> Self;
}

impl Float for f32 {
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    fn is_sign_negative(self) -> bool {
        f32::is_sign_negative(self)
    }
    fn nan() -> f32 {
        f32::NAN
    }
}

impl Float for f64 {
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn is_sign_negative(self) -> bool {
        f64::is_sign_negative(self)
    }
    fn nan() -> f64 {
        f64::NAN
    }
}

/// `nextafter` as XLA decomposes it: `y` where `x == y` (a float comparison, so
/// subnormals read as zeros), the smallest subnormal of `y`'s sign where `x`'s bits are a
/// zero, else `x`'s bits stepped by one: up where the signs agree and `|x| < |y|` (as
/// bits), down otherwise. The integer steps are not flushed.
fn nextafter_f32(a: f32, b: f32) -> f32 {
    use xla_math::flush_f32 as flush;
    if a.is_nan() || b.is_nan() {
        return f32::NAN;
    }
    if flush(a) == flush(b) {
        return b;
    }
    let (ab, bb) = (a.to_bits(), b.to_bits());
    let sign = 0x8000_0000;
    if ab & !sign == 0 {
        return f32::from_bits((bb & sign) | 1);
    }
    let up = (ab & sign) == (bb & sign) && (ab & !sign) < (bb & !sign);
    f32::from_bits(if up { ab + 1 } else { ab - 1 })
}

/// [`nextafter_f32`] on the bits of a 16-bit float (`f16` or `bf16`), its comparisons made
/// in `f32` as XLA makes them (so `bf16` subnormals read as zeros, `f16` ones do not).
fn nextafter_narrow(dtype: DType, a: f64, b: f64) -> f64 {
    use xla_math::flush_f32 as flush;
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if flush(a as f32) == flush(b as f32) {
        return b;
    }
    let bits = |v: f64| -> u16 {
        match dtype {
            DType::F16 => half::f16::from_f64(v).to_bits(),
            _ => half::bf16::from_f32(v as f32).to_bits(),
        }
    };
    let value = |b: u16| -> f64 {
        match dtype {
            DType::F16 => half::f16::from_bits(b).to_f64(),
            _ => half::bf16::from_bits(b).to_f64(),
        }
    };
    let (ab, bb) = (bits(a), bits(b));
    let sign = 0x8000;
    if ab & !sign == 0 {
        return value((bb & sign) | 1);
    }
    let up = (ab & sign) == (bb & sign) && (ab & !sign) < (bb & !sign);
    value(if up { ab + 1 } else { ab - 1 })
}

/// [`nextafter_f32`] for `f64`.
fn nextafter_f64(a: f64, b: f64) -> f64 {
    use xla_math::flush_f64 as flush;
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if flush(a) == flush(b) {
        return b;
    }
    let (ab, bb) = (a.to_bits(), b.to_bits());
    let sign = 0x8000_0000_0000_0000;
    if ab & !sign == 0 {
        return f64::from_bits((bb & sign) | 1);
    }
    let up = (ab & sign) == (bb & sign) && (ab & !sign) < (bb & !sign);
    f64::from_bits(if up { ab + 1 } else { ab - 1 })
}

/// Whether XLA computes this `div` as a multiply by the reciprocal (its algebraic
/// simplifier rewrites `x / broadcast(c)` into `x * broadcast(1 / c)`, which rounds
/// twice): a float division whose divisor is broadcast to the result shape (a scalar, a
/// row, ...). A result of one element stays a division, because XLA first turns that
/// broadcast into a reshape. The reference evaluator and the runtime both ask this.
pub fn divides_by_broadcast(
    primitive: &Primitive,
    dtype: DType,
    y: &[usize],
    out: &[usize],
) -> bool {
    matches!(primitive, Primitive::Div)
        && dtype.kind() == Kind::Float
        && y != out
        && out.iter().product::<usize>() > 1
}

/// The reciprocal `1 / c` that XLA multiplies by where it rewrites `x / broadcast(c)`
/// ([`divides_by_broadcast`]): computed in `dtype`, except that `bfloat16`, whose
/// operations XLA:CPU has already widened to `float32` when it rewrites, keeps the `f32`
/// reciprocal unrounded (`bf16 x / 7` is `bf16(x · f32(1/7))`).
pub fn broadcast_reciprocal(dtype: DType, c: Scalar) -> Scalar {
    match dtype {
        DType::BF16 => {
            let c = xla_math::flush_f32(c.as_f64() as f32);
            Scalar::Float(xla_math::flush_f32(1.0 / c) as f64)
        }
        _ => binary(
            &Primitive::Div,
            round_to(dtype, Scalar::Int(1)),
            c,
            dtype,
            dtype,
        ),
    }
}

/// A float as the processor reads it under DAZ: `f32` and `bf16` (compared in `f32`)
/// and `f64` subnormals are zeros; `f16` values are normal numbers in `f32`.
fn flushed(dtype: DType, v: f64) -> f64 {
    match dtype {
        DType::F64 => xla_math::flush_f64(v),
        DType::F16 => v,
        _ => xla_math::flush_f32(v as f32) as f64,
    }
}

/// XLA treats shift amounts outside `0..bits` (as unsigned) as shifting everything out.
fn shift_in_range(amount: i128, bits: u32) -> bool {
    (0..bits as i128).contains(&amount)
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
}
