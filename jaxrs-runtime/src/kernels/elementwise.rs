//! Elementwise kernels: one chunk of a unary, binary, `select_n` or `clamp` primitive.
//!
//! Every function here computes exactly what the reference evaluator computes
//! (`jaxrs_core::interpreters::eval`, through `jaxrs_core::scalar`): `f32` and `f64`
//! loops call the same scalar-semantics functions the reference calls (XLA:CPU's
//! approximations in `jaxrs_core::xla_math`, `#[inline(always)]` and branch-free, so the
//! loops vectorize; subnormals flushed as XLA:CPU flushes them), integer ops wrap,
//! comparisons and bit operations are exact, and a per-element call of
//! `jaxrs_core::scalar` covers the rest (`f16`/`bf16`, unusual dtype pairs), which is still
//! chunked and parallel. The property tests in `tests/elementwise.rs` hold the two to bit
//! equality, and `tests/bits_golden.rs` holds both to JAX's bits.
//!
//! JAX counterpart: XLA:CPU's elemental IR emitter, which `lax.add` and friends lower to.

// Functions are passed to the loops wrapped in `#[inline(always)]` closures: a function
// item goes through an out-of-line `Fn::call` shim, which would be compiled without the
// features of the ISA entry that runs the loop (measured: 130 ns instead of 1 ns per
// `erf_inv`).
#![allow(clippy::redundant_closure)]

use std::ops::{Add, Div, Mul, Neg, Rem, Sub};

use jaxrs_core::dtype::DType;
use jaxrs_core::primitive::{Primitive, YnnFn};
use jaxrs_core::scalar;

use jaxrs_core::xla_math;

use super::{Src, View, ViewMut};

/// Applies `f` to every element of `x`, writing `out`.
#[inline(always)]
pub fn map1<T: Copy, U: Copy>(x: Src<'_, T>, out: &mut [U], f: impl Fn(T) -> U) {
    match x {
        Src::Slice(xs) => {
            let xs = &xs[..out.len()];
            for (o, &a) in out.iter_mut().zip(xs) {
                *o = f(a);
            }
        }
        Src::Splat(a) => out.fill(f(a)),
    }
}

/// Applies `f` to every pair of elements of `x` and `y`, writing `out`.
#[inline(always)]
pub fn map2<T: Copy, U: Copy>(x: Src<'_, T>, y: Src<'_, T>, out: &mut [U], f: impl Fn(T, T) -> U) {
    let n = out.len();
    match (x, y) {
        (Src::Slice(xs), Src::Slice(ys)) => {
            let (xs, ys) = (&xs[..n], &ys[..n]);
            for ((o, &a), &b) in out.iter_mut().zip(xs).zip(ys) {
                *o = f(a, b);
            }
        }
        (Src::Slice(xs), Src::Splat(b)) => {
            for (o, &a) in out.iter_mut().zip(&xs[..n]) {
                *o = f(a, b);
            }
        }
        (Src::Splat(a), Src::Slice(ys)) => {
            for (o, &b) in out.iter_mut().zip(&ys[..n]) {
                *o = f(a, b);
            }
        }
        (Src::Splat(a), Src::Splat(b)) => out.fill(f(a, b)),
    }
}

/// Rough cost of one element of `primitive`, in nanoseconds, for the parallel threshold.
pub fn cost(primitive: &Primitive, dtype: DType) -> usize {
    use Primitive::*;
    let typed = matches!(
        dtype,
        DType::F32 | DType::F64 | DType::I32 | DType::U32 | DType::I64 | DType::U64
    );
    match primitive {
        Add
        | Sub
        | Mul
        | Max
        | Min
        | Eq
        | Ne
        | Lt
        | Le
        | Gt
        | Ge
        | And
        | Or
        | Xor
        | ShiftLeft
        | ShiftRightLogical
        | ShiftRightArithmetic
        | Neg
        | Abs
        | Not
        | BitcastConvertType { .. }
        | SelectN
        | Clamp
        | Square
            if typed =>
        {
            1
        }
        _ if typed => 4,
        _ => 20,
    }
}

// ---------------------------------------------------------------------------------------
// Element traits: the typed operations, each equal to `jaxrs_core::scalar`'s.

/// `f32` and `f64`: the float types whose `+ - * /`, `sqrt` and `%` round exactly as the
/// reference's `f64`-then-round does.
pub trait Float:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Rem<Output = Self>
    + Neg<Output = Self>
    + Send
    + Sync
    + 'static
{
    /// The dtype.
    const DTYPE: DType;
    /// `2^(emin + p + 1)`: an addend at least this large (or infinite, or NaN) makes both
    /// of an add's flushes do nothing (`splat_flushes`).
    const ADDEND_BEYOND_FLUSH: f64;
    /// Exact widening.
    fn to_f64(self) -> f64;
    /// Rounding narrowing (as `as`).
    fn from_f64(v: f64) -> Self;
    /// NaN test.
    fn is_nan(self) -> bool;
    /// Zero.
    fn zero() -> Self;
    /// One.
    fn one() -> Self;
    /// A subnormal as the zero of its sign (XLA:CPU's FTZ/DAZ).
    fn flush(self) -> Self;
    /// A one-operand float primitive as the reference computes it
    /// (`jaxrs_core::scalar::unary_f32`/`unary_f64`).
    fn xla_unary(primitive: &Primitive, x: Self) -> Option<Self>;
    /// A two-operand float primitive as the reference computes it
    /// (`jaxrs_core::scalar::binary_f32`/`binary_f64`).
    fn xla_binary(primitive: &Primitive, x: Self, y: Self) -> Option<Self>;
}

macro_rules! float_impl {
    ($($t:ident => $d:ident, $flush:path, $unary:path, $binary:path),*) => {$(
        impl Float for $t {
            const DTYPE: DType = DType::$d;
            const ADDEND_BEYOND_FLUSH: f64 = $t::MIN_POSITIVE as f64
                * (1u64 << ($t::MANTISSA_DIGITS + 1)) as f64;
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline(always)]
            fn zero() -> Self {
                0.0
            }
            #[inline(always)]
            fn one() -> Self {
                1.0
            }
            #[inline(always)]
            fn flush(self) -> Self {
                $flush(self)
            }
            #[inline(always)]
            fn xla_unary(primitive: &Primitive, x: Self) -> Option<Self> {
                $unary(primitive, x)
            }
            #[inline(always)]
            fn xla_binary(primitive: &Primitive, x: Self, y: Self) -> Option<Self> {
                $binary(primitive, x, y)
            }
        }
    )*};
}
float_impl!(
    f32 => F32, xla_math::flush_f32, scalar::unary_f32, scalar::binary_f32,
    f64 => F64, xla_math::flush_f64, scalar::unary_f64, scalar::binary_f64
);

/// The integer types, with XLA's wrapping arithmetic.
pub trait Int: Copy + Ord + Send + Sync + 'static {
    /// The dtype.
    const DTYPE: DType;
    /// Bits per element.
    const BITS: u32;
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// All bits set (`-1` for signed types).
    const ALL_ONES: Self;
    /// Wrapping `+`.
    fn add(self, o: Self) -> Self;
    /// Wrapping `-`.
    fn sub(self, o: Self) -> Self;
    /// Wrapping `*`.
    fn mul(self, o: Self) -> Self;
    /// Truncating division, wrapping on overflow.
    fn div(self, o: Self) -> Self;
    /// Remainder with the dividend's sign, `0` on overflow.
    fn rem(self, o: Self) -> Self;
    /// Wrapping negation.
    fn neg(self) -> Self;
    /// Wrapping absolute value.
    fn abs(self) -> Self;
    /// `-1`, `0` or `1`.
    fn sign(self) -> Self;
    /// Bitwise and.
    fn and(self, o: Self) -> Self;
    /// Bitwise or.
    fn or(self, o: Self) -> Self;
    /// Bitwise xor.
    fn xor(self, o: Self) -> Self;
    /// Bitwise not.
    fn not(self) -> Self;
    /// `self << s` for a shift amount already known to be in `0..BITS`.
    fn shl(self, s: u32) -> Self;
    /// Logical right shift by `s` in `0..BITS`.
    fn shr_logical(self, s: u32) -> Self;
    /// Arithmetic right shift by `s` in `0..BITS`.
    fn shr_arith(self, s: u32) -> Self;
    /// The shift amount if it lies in `0..BITS` (as a value of this type).
    fn shift_amount(self) -> Option<u32>;
}

macro_rules! int_impl {
    ($($t:ident / $u:ident / $s:ident => $d:ident),*) => {$(
        impl Int for $t {
            const DTYPE: DType = DType::$d;
            const BITS: u32 = $t::BITS;
            const ZERO: Self = 0;
            const ONE: Self = 1;
            const ALL_ONES: Self = !0;
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                self.wrapping_add(o)
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                self.wrapping_sub(o)
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                self.wrapping_mul(o)
            }
            #[inline(always)]
            fn div(self, o: Self) -> Self {
                if o == 0 {
                    !0
                } else {
                    self.wrapping_div(o)
                }
            }
            #[inline(always)]
            fn rem(self, o: Self) -> Self {
                if o == 0 {
                    self
                } else {
                    self.wrapping_rem(o)
                }
            }
            #[inline(always)]
            fn neg(self) -> Self {
                self.wrapping_neg()
            }
            #[inline(always)]
            #[allow(unused_comparisons)]
            fn abs(self) -> Self {
                if self < 0 { self.wrapping_neg() } else { self }
            }
            #[inline(always)]
            #[allow(unused_comparisons)]
            fn sign(self) -> Self {
                if self > 0 {
                    1
                } else if self < 0 {
                    !0
                } else {
                    0
                }
            }
            #[inline(always)]
            fn and(self, o: Self) -> Self {
                self & o
            }
            #[inline(always)]
            fn or(self, o: Self) -> Self {
                self | o
            }
            #[inline(always)]
            fn xor(self, o: Self) -> Self {
                self ^ o
            }
            #[inline(always)]
            fn not(self) -> Self {
                !self
            }
            #[inline(always)]
            fn shl(self, s: u32) -> Self {
                self << s
            }
            #[inline(always)]
            fn shr_logical(self, s: u32) -> Self {
                ((self as $u) >> s) as $t
            }
            #[inline(always)]
            fn shr_arith(self, s: u32) -> Self {
                ((self as $s) >> s) as $t
            }
            #[inline(always)]
            #[allow(unused_comparisons)]
            fn shift_amount(self) -> Option<u32> {
                if self >= 0 && (self as u64) < $t::BITS as u64 {
                    Some(self as u32)
                } else {
                    None
                }
            }
        }
    )*};
}
int_impl!(i8 / u8 / i8 => I8, i16 / u16 / i16 => I16, i32 / u32 / i32 => I32,
    i64 / u64 / i64 => I64, u8 / u8 / i8 => U8, u16 / u16 / i16 => U16,
    u32 / u32 / i32 => U32, u64 / u64 / i64 => U64);

// ---------------------------------------------------------------------------------------
// Unary.

/// Computes one chunk of a one-operand elementwise primitive (not `bitcast_convert_type`,
/// see [`bitcast_into`]): `out[i] = primitive(x[i])`.
#[inline(always)]
pub fn unary_into(primitive: &Primitive, x: View<'_>, mut out: ViewMut<'_>) {
    let done = match (x, out.reborrow()) {
        (View::F32(x), ViewMut::F32(o)) => {
            f32_special(primitive, x, o) || float_unary(primitive, x, o)
        }
        (View::F64(x), ViewMut::F64(o)) => float_unary(primitive, x, o),
        (View::F32(x), ViewMut::Bool(o)) => float_to_bool(primitive, x, o),
        (View::F64(x), ViewMut::Bool(o)) => float_to_bool(primitive, x, o),
        (x, mut o) => int_unary_dispatch(primitive, x, o.reborrow()) || convert(primitive, x, o),
    };
    if !done {
        unary_fallback(primitive, x, out);
    }
}

/// XLA's `f32` approximations, each its own loop so that it vectorizes.
#[inline(always)]
fn f32_special(primitive: &Primitive, x: Src<'_, f32>, o: &mut [f32]) -> bool {
    use Primitive::*;
    macro_rules! loops {
        ($($p:pat => $f:path),*) => {
            match primitive {
                $($p => map1(
                    x,
                    o,
                    #[inline(always)]
                    |a| $f(a),
                ),)*
                _ => return false,
            }
        };
    }
    loops!(Exp => xla_math::exp_f32, Exp2 => xla_math::exp2_f32, Log => xla_math::log_f32,
        Log1p => xla_math::log1p_f32, Expm1 => xla_math::expm1_f32,
        Tanh => xla_math::tanh_f32, Logistic => xla_math::logistic_f32,
        Erf => xla_math::erf_f32, ErfInv => xla_math::erf_inv_f32,
        Cosh => xla_math::cosh_f32, Sinh => xla_math::sinh_f32, Rsqrt => xla_math::rsqrt_f32,
        Asin => xla_math::asin_f32, Acos => xla_math::acos_f32, Asinh => xla_math::asinh_f32,
        Acosh => xla_math::acosh_f32, Atanh => xla_math::atanh_f32,
        Ynn { f: YnnFn::Exp } => xla_math::ynn_exp_f32,
        Ynn { f: YnnFn::Expm1 } => xla_math::ynn_expm1_f32,
        Ynn { f: YnnFn::Log } => xla_math::ynn_log_f32,
        Ynn { f: YnnFn::Log1p } => xla_math::ynn_log1p_f32,
        Ynn { f: YnnFn::Tanh } => xla_math::ynn_tanh_f32,
        Ynn { f: YnnFn::Logistic } => xla_math::ynn_logistic_f32,
        Ynn { f: YnnFn::Erf } => xla_math::ynn_erf_f32,
        Ynn { f: YnnFn::Rsqrt } => xla_math::ynn_rsqrt_f32,
        Ynn { f: YnnFn::Exp2 } => xla_math::ynn_exp2_f32);
    true
}

/// The reference's own scalar path, element by element.
fn unary_fallback(primitive: &Primitive, x: View<'_>, mut out: ViewMut<'_>) {
    let (dtype, out_dtype) = (x.dtype(), out.dtype());
    let n = out.len();
    out.set_scalars((0..n).map(|i| scalar::unary(primitive, x.scalar(i), dtype, out_dtype)));
}

#[inline(always)]
fn float_unary<T: Float>(primitive: &Primitive, x: Src<'_, T>, o: &mut [T]) -> bool {
    use Primitive::*;
    match primitive {
        Neg => map1(
            x,
            o,
            #[inline(always)]
            |a| -a,
        ),
        Sqrt => map1(
            x,
            o,
            #[inline(always)]
            |a| T::from_f64(a.flush().to_f64().sqrt()).flush(),
        ),
        Square => map1(
            x,
            o,
            #[inline(always)]
            |a| (a.flush() * a.flush()).flush(),
        ),
        ConvertElementType { new_dtype, .. } if *new_dtype == T::DTYPE => map1(
            x,
            o,
            #[inline(always)]
            |a| a,
        ),
        // The reference's own function per element (the match on the primitive is the
        // same for every element and predicted).
        _ if T::xla_unary(primitive, T::zero()).is_some() => map1(
            x,
            o,
            #[inline(always)]
            |a| T::xla_unary(primitive, a).expect("a float primitive"),
        ),
        _ => return false,
    }
    true
}

#[inline(always)]
fn float_to_bool<T: Float>(primitive: &Primitive, x: Src<'_, T>, o: &mut [bool]) -> bool {
    match primitive {
        Primitive::IsFinite => map1(
            x,
            o,
            #[inline(always)]
            |a| a.to_f64().is_finite(),
        ),
        Primitive::ConvertElementType {
            new_dtype: DType::Bool,
            ..
        } => map1(
            x,
            o,
            #[inline(always)]
            |a| a != T::zero(),
        ),
        _ => return false,
    }
    true
}

#[inline(always)]
fn int_unary_dispatch(primitive: &Primitive, x: View<'_>, o: ViewMut<'_>) -> bool {
    match (x, o) {
        (View::I8(x), ViewMut::I8(o)) => int_unary(primitive, x, o),
        (View::I16(x), ViewMut::I16(o)) => int_unary(primitive, x, o),
        (View::I32(x), ViewMut::I32(o)) => int_unary(primitive, x, o),
        (View::I64(x), ViewMut::I64(o)) => int_unary(primitive, x, o),
        (View::U8(x), ViewMut::U8(o)) => int_unary(primitive, x, o),
        (View::U16(x), ViewMut::U16(o)) => int_unary(primitive, x, o),
        (View::U32(x), ViewMut::U32(o)) => int_unary(primitive, x, o),
        (View::U64(x), ViewMut::U64(o)) => int_unary(primitive, x, o),
        (View::Bool(x), ViewMut::Bool(o)) => match primitive {
            Primitive::Not => {
                map1(
                    x,
                    o,
                    #[inline(always)]
                    |a| !a,
                );
                true
            }
            Primitive::ConvertElementType { .. } => {
                map1(
                    x,
                    o,
                    #[inline(always)]
                    |a| a,
                );
                true
            }
            _ => false,
        },
        _ => false,
    }
}

#[inline(always)]
fn int_unary<T: Int>(primitive: &Primitive, x: Src<'_, T>, o: &mut [T]) -> bool {
    use Primitive::*;
    match primitive {
        Neg => map1(
            x,
            o,
            #[inline(always)]
            |a| T::neg(a),
        ),
        Abs => map1(
            x,
            o,
            #[inline(always)]
            |a| T::abs(a),
        ),
        Sign => map1(
            x,
            o,
            #[inline(always)]
            |a| T::sign(a),
        ),
        Not => map1(
            x,
            o,
            #[inline(always)]
            |a| T::not(a),
        ),
        Square => map1(
            x,
            o,
            #[inline(always)]
            |a| a.mul(a),
        ),
        ConvertElementType { .. } => map1(
            x,
            o,
            #[inline(always)]
            |a| a,
        ),
        IntegerPow { y } if *y >= 0 => {
            let y = *y as u32;
            map1(
                x,
                o,
                #[inline(always)]
                |a| int_integer_pow(a, y),
            )
        }
        _ => return false,
    }
    true
}

#[inline(always)]
fn int_integer_pow<T: Int>(x: T, y: u32) -> T {
    let mut acc: Option<T> = None;
    let mut base = x;
    let mut n = y;
    while n > 0 {
        if n & 1 == 1 {
            acc = Some(match acc {
                None => base,
                Some(a) => a.mul(base),
            });
        }
        n >>= 1;
        if n > 0 {
            base = base.mul(base);
        }
    }
    acc.unwrap_or(T::ONE)
}

/// `convert_element_type` between the common types, with the reference's casting rules:
/// float to int saturates and sends NaN to 0 (Rust's `as`), int to float rounds to nearest,
/// anything to bool tests for non-zero.
#[inline(always)]
fn convert(primitive: &Primitive, x: View<'_>, o: ViewMut<'_>) -> bool {
    if !matches!(primitive, Primitive::ConvertElementType { .. }) {
        return false;
    }
    macro_rules! casts {
        ($(($from:ident, $to:ident, $f:expr)),* $(,)?) => {
            match (x, o) {
                $((View::$from(x), ViewMut::$to(o)) => map1(x, o, #[inline(always)] |a| ($f)(a)),)*
                _ => return false,
            }
        };
    }
    casts!(
        (F32, F64, |a: f32| a as f64),
        (F64, F32, |a: f64| a as f32),
        (F32, I32, |a: f32| a as i32),
        (F32, U32, |a: f32| a as u32),
        (F32, I64, |a: f32| a as i64),
        (F64, I32, |a: f64| a as i32),
        (F64, I64, |a: f64| a as i64),
        (I32, F32, |a: i32| a as f32),
        (U32, F32, |a: u32| a as f32),
        (I32, F64, |a: i32| a as f64),
        (U32, F64, |a: u32| a as f64),
        (I64, F32, |a: i64| a as f32),
        (I64, F64, |a: i64| a as f64),
        (I32, U32, |a: i32| a as u32),
        (U32, I32, |a: u32| a as i32),
        (I32, I64, |a: i32| a as i64),
        (I64, I32, |a: i64| a as i32),
        (U32, U64, |a: u32| a as u64),
        (U64, U32, |a: u64| a as u32),
        (U8, U32, |a: u8| a as u32),
        (U32, U8, |a: u32| a as u8),
        (U16, U32, |a: u16| a as u32),
        (U32, U16, |a: u32| a as u16),
        (Bool, F32, |a: bool| a as u8 as f32),
        (Bool, I32, |a: bool| a as i32),
        (Bool, U32, |a: bool| a as u32),
        (I32, Bool, |a: i32| a != 0),
        (U32, Bool, |a: u32| a != 0),
    );
    true
}

// ---------------------------------------------------------------------------------------
// Binary.

/// Computes one chunk of a two-operand elementwise primitive: `out[i] = x[i] op y[i]`.
#[inline(always)]
pub fn binary_into(primitive: &Primitive, x: View<'_>, y: View<'_>, mut out: ViewMut<'_>) {
    macro_rules! typed {
        ($($d:ident: $f:ident / $c:ident),*) => {
            match (x, y, out.reborrow()) {
                $(
                    (View::$d(x), View::$d(y), ViewMut::$d(o)) => $f(primitive, x, y, o),
                    (View::$d(x), View::$d(y), ViewMut::Bool(o)) => $c(primitive, x, y, o),
                )*
                (View::Bool(x), View::Bool(y), ViewMut::Bool(o)) => bool_binary(primitive, x, y, o),
                _ => false,
            }
        };
    }
    let done = typed!(F32: float_binary / float_compare, F64: float_binary / float_compare,
        I8: int_binary / compare, I16: int_binary / compare, I32: int_binary / compare,
        I64: int_binary / compare, U8: int_binary / compare, U16: int_binary / compare,
        U32: int_binary / compare, U64: int_binary / compare);
    if !done {
        let (dtype, out_dtype) = (x.dtype(), out.dtype());
        let n = out.len();
        out.set_scalars(
            (0..n).map(|i| scalar::binary(primitive, x.scalar(i), y.scalar(i), dtype, out_dtype)),
        );
    }
}

/// XLA's float `max` as the reference computes it (`jaxrs_core::scalar`): NaN if either
/// operand is NaN, and `+0` above `-0`; reductions reuse it so they agree with the
/// elementwise kernel.
#[inline(always)]
pub fn float_max<T: Float>(a: T, b: T) -> T {
    let (x, y) = (a.to_f64(), b.to_f64());
    if x.is_nan() || y.is_nan() {
        T::from_f64(f64::NAN)
    } else if x > y || (x == y && !x.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// XLA's float `min` (see [`float_max`]): `-0` below `+0`.
#[inline(always)]
pub fn float_min<T: Float>(a: T, b: T) -> T {
    let (x, y) = (a.to_f64(), b.to_f64());
    if x.is_nan() || y.is_nan() {
        T::from_f64(f64::NAN)
    } else if x < y || (x == y && x.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// Which of XLA:CPU's flushes of `x op s` can change its bits, for `s` the same (flushed)
/// value at every element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flushes {
    /// Neither: `x ± s` with `|s| ≥ 2^(emin+p+1)`. A normal `x` and `s` are multiples of
    /// `2^emin` from `2^(emin+p-1)` up, so their sum is `0` or at least `2^emin`; a smaller
    /// `x` leaves `|x ± s|` above `2^(emin+p-1)`, and a subnormal one is below half the
    /// spacing of the floats around `s`, so it rounds away as its flushed zero does.
    Neither,
    /// Only the operand's: `x · s` with `|s| ≥ 1`, whose product of a normal or zero `x`
    /// cannot be subnormal.
    Input,
    /// Only the result's: `x · s` with `|s| ≤ 1`; a subnormal `x` makes a product no larger
    /// (rounding is monotone), which the result's flush turns into the zero of the sign
    /// that the flushed operand's product has.
    Output,
}

/// The flushes that matter for `primitive` with one operand the loop-invariant, already
/// flushed `s`, if some can be left out.
fn splat_flushes<T: Float>(primitive: &Primitive, s: T) -> Option<Flushes> {
    let m = s.to_f64().abs();
    match primitive {
        // A NaN `s` fails every comparison: NaN either way.
        Primitive::Add | Primitive::AddAny | Primitive::Sub => {
            (m >= T::ADDEND_BEYOND_FLUSH || m.is_nan()).then_some(Flushes::Neither)
        }
        Primitive::Mul => Some(if m <= 1.0 {
            Flushes::Output
        } else {
            Flushes::Input
        }),
        _ => None,
    }
}

/// `x op y` with one operand a splat, when [`splat_flushes`] leaves flushes out: the same
/// bits as [`float_binary`]'s general loop with fewer instructions per element (a row
/// softmax's `x - max` and `e * (1/sum)` are these).
#[inline(always)]
fn splat_binary<T: Float>(
    primitive: &Primitive,
    x: Src<'_, T>,
    y: Src<'_, T>,
    o: &mut [T],
) -> bool {
    let (x, y, s) = match (x, y) {
        (Src::Slice(_), Src::Splat(s)) => (x, Src::Splat(s.flush()), s.flush()),
        (Src::Splat(s), Src::Slice(_)) => (Src::Splat(s.flush()), y, s.flush()),
        _ => return false,
    };
    let Some(flushes) = splat_flushes(primitive, s) else {
        return false;
    };
    match (primitive, flushes) {
        (Primitive::Add | Primitive::AddAny, Flushes::Neither) => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a + b,
        ),
        (Primitive::Sub, Flushes::Neither) => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a - b,
        ),
        (Primitive::Mul, Flushes::Input) => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a.flush() * b.flush(),
        ),
        (Primitive::Mul, Flushes::Output) => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| (a * b).flush(),
        ),
        (p, f) => unreachable!("{} has no {f:?} loop", p.name()),
    }
    true
}

#[inline(always)]
fn float_binary<T: Float>(
    primitive: &Primitive,
    x: Src<'_, T>,
    y: Src<'_, T>,
    o: &mut [T],
) -> bool {
    use Primitive::*;
    if splat_binary(primitive, x, y, o) {
        return true;
    }
    // Operands read and results written as XLA:CPU's FTZ/DAZ mode does.
    match primitive {
        Add | AddAny => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| (a.flush() + b.flush()).flush(),
        ),
        Sub => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| (a.flush() - b.flush()).flush(),
        ),
        Mul => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| (a.flush() * b.flush()).flush(),
        ),
        Div => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| (a.flush() / b.flush()).flush(),
        ),
        // `scalar::binary_f32`'s `max`/`min` (of the flushed operands), inlined so that
        // the loop vectorizes: a relu is one of these.
        Max => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| float_max(a.flush(), b.flush()),
        ),
        Min => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| float_min(a.flush(), b.flush()),
        ),
        _ if T::xla_binary(primitive, T::zero(), T::one()).is_some() => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::xla_binary(primitive, a, b).expect("a float primitive"),
        ),
        _ => return false,
    }
    true
}

#[inline(always)]
fn compare<T: Copy + PartialOrd>(
    primitive: &Primitive,
    x: Src<'_, T>,
    y: Src<'_, T>,
    o: &mut [bool],
) -> bool {
    compare_with(
        primitive,
        x,
        y,
        o,
        #[inline(always)]
        |a| a,
    )
}

/// Float comparisons read subnormals as zeros, as the processor does under DAZ.
#[inline(always)]
fn float_compare<T: Float>(
    primitive: &Primitive,
    x: Src<'_, T>,
    y: Src<'_, T>,
    o: &mut [bool],
) -> bool {
    compare_with(
        primitive,
        x,
        y,
        o,
        #[inline(always)]
        |a: T| a.flush(),
    )
}

#[inline(always)]
fn compare_with<T: Copy + PartialOrd>(
    primitive: &Primitive,
    x: Src<'_, T>,
    y: Src<'_, T>,
    o: &mut [bool],
    read: impl Fn(T) -> T + Copy,
) -> bool {
    use Primitive::*;
    match primitive {
        Eq => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| read(a) == read(b),
        ),
        Ne => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| read(a) != read(b),
        ),
        Lt => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| read(a) < read(b),
        ),
        Le => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| read(a) <= read(b),
        ),
        Gt => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| read(a) > read(b),
        ),
        Ge => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| read(a) >= read(b),
        ),
        _ => return false,
    }
    true
}

#[inline(always)]
fn int_binary<T: Int>(primitive: &Primitive, x: Src<'_, T>, y: Src<'_, T>, o: &mut [T]) -> bool {
    use Primitive::*;
    match primitive {
        Add | AddAny => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::add(a, b),
        ),
        Sub => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::sub(a, b),
        ),
        Mul => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::mul(a, b),
        ),
        Div => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::div(a, b),
        ),
        Rem => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::rem(a, b),
        ),
        Max => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| Ord::max(a, b),
        ),
        Min => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| Ord::min(a, b),
        ),
        And => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::and(a, b),
        ),
        Or => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::or(a, b),
        ),
        Xor => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| T::xor(a, b),
        ),
        ShiftLeft => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, s| match s.shift_amount() {
                Some(s) => a.shl(s),
                None => T::ZERO,
            },
        ),
        ShiftRightLogical => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, s| match s.shift_amount() {
                Some(s) => a.shr_logical(s),
                None => T::ZERO,
            },
        ),
        ShiftRightArithmetic => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, s| match s.shift_amount() {
                Some(s) => a.shr_arith(s),
                None => a.shr_arith(T::BITS - 1),
            },
        ),
        _ => return false,
    }
    true
}

#[inline(always)]
fn bool_binary(primitive: &Primitive, x: Src<'_, bool>, y: Src<'_, bool>, o: &mut [bool]) -> bool {
    use Primitive::*;
    match primitive {
        And | Mul | Min => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a & b,
        ),
        Or | Add | AddAny | Max => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a | b,
        ),
        Xor => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a ^ b,
        ),
        Eq => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a == b,
        ),
        Ne => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a != b,
        ),
        Lt => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| !a & b,
        ),
        Le => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a <= b,
        ),
        Gt => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a & !b,
        ),
        Ge => map2(
            x,
            y,
            o,
            #[inline(always)]
            |a, b| a >= b,
        ),
        _ => return false,
    }
    true
}

// ---------------------------------------------------------------------------------------
// Bitcast, select_n, clamp.

/// Computes one chunk of `bitcast_convert_type` between types of one width: the bits are
/// kept exactly, NaN payloads included.
#[inline(always)]
pub fn bitcast_into(x: View<'_>, out: ViewMut<'_>) {
    macro_rules! bits {
        ($(($from:ident, $to:ident, $f:expr)),* $(,)?) => {
            match (x, out) {
                $((View::$from(x), ViewMut::$to(o)) => map1(x, o, #[inline(always)] |a| ($f)(a)),)*
                (x, o) => panic!(
                    "bitcast_convert_type from {} to {} is not supported by the runtime",
                    x.dtype(),
                    o.dtype()
                ),
            }
        };
    }
    bits!(
        (F32, U32, f32::to_bits),
        (F32, I32, |a: f32| a.to_bits() as i32),
        (U32, F32, f32::from_bits),
        (I32, F32, |a: i32| f32::from_bits(a as u32)),
        (U32, I32, |a: u32| a as i32),
        (I32, U32, |a: i32| a as u32),
        (U32, U32, |a: u32| a),
        (I32, I32, |a: i32| a),
        (F32, F32, |a: f32| a),
        (F64, U64, f64::to_bits),
        (F64, I64, |a: f64| a.to_bits() as i64),
        (U64, F64, f64::from_bits),
        (I64, F64, |a: i64| f64::from_bits(a as u64)),
        (U64, I64, |a: u64| a as i64),
        (I64, U64, |a: i64| a as u64),
        (U64, U64, |a: u64| a),
        (I64, I64, |a: i64| a),
        (F64, F64, |a: f64| a),
        (F16, U16, half::f16::to_bits),
        (F16, I16, |a: half::f16| a.to_bits() as i16),
        (U16, F16, half::f16::from_bits),
        (I16, F16, |a: i16| half::f16::from_bits(a as u16)),
        (BF16, U16, half::bf16::to_bits),
        (BF16, I16, |a: half::bf16| a.to_bits() as i16),
        (U16, BF16, half::bf16::from_bits),
        (I16, BF16, |a: i16| half::bf16::from_bits(a as u16)),
        (F16, BF16, |a: half::f16| half::bf16::from_bits(a.to_bits())),
        (BF16, F16, |a: half::bf16| half::f16::from_bits(a.to_bits())),
        (U16, I16, |a: u16| a as i16),
        (I16, U16, |a: i16| a as u16),
        (U8, I8, |a: u8| a as i8),
        (I8, U8, |a: i8| a as u8),
        (U8, U8, |a: u8| a),
        (I8, I8, |a: i8| a),
        (U16, U16, |a: u16| a),
        (I16, I16, |a: i16| a),
    );
}

/// Whether [`bitcast_into`] supports `from` to `to`.
pub fn bitcast_supported(from: DType, to: DType) -> bool {
    from.itemsize() == to.itemsize() && from != DType::Bool && to != DType::Bool
}

/// Computes one chunk of `select_n which *cases`: `out[i] = cases[which[i]][i]`.
#[inline(always)]
pub fn select_n_into(which: View<'_>, cases: &[View<'_>], mut out: ViewMut<'_>) {
    macro_rules! typed {
        ($($d:ident),*) => {
            match out.reborrow() {
                $(ViewMut::$d(o) => {
                    let cs: Vec<Src<'_, _>> = cases
                        .iter()
                        .map(|c| match c {
                            View::$d(s) => *s,
                            other => panic!("select_n case of dtype {}", other.dtype()),
                        })
                        .collect();
                    select_typed(which, &cs, o)
                })*
            }
        };
    }
    typed!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, BF16, F32, F64);
}

#[inline(always)]
fn select_typed<T: Copy>(which: View<'_>, cases: &[Src<'_, T>], o: &mut [T]) {
    match (which, cases) {
        (View::Bool(w), [c0, c1]) => {
            for (i, v) in o.iter_mut().enumerate() {
                *v = if w.get(i) { c1.get(i) } else { c0.get(i) };
            }
        }
        (View::I32(w), _) => {
            for (i, v) in o.iter_mut().enumerate() {
                *v = cases[w.get(i) as usize].get(i);
            }
        }
        (w, _) => {
            for (i, v) in o.iter_mut().enumerate() {
                *v = cases[w.scalar(i).as_i128() as usize].get(i);
            }
        }
    }
}

/// Computes one chunk of `clamp lo x hi`: `min(hi, max(lo, x))`, as the reference.
#[inline(always)]
pub fn clamp_into(lo: View<'_>, x: View<'_>, hi: View<'_>, mut out: ViewMut<'_>) {
    let n = out.len();
    let mut tmp = jaxrs_core::buffer::Buffer::zeros(out.dtype(), n);
    binary_into(&Primitive::Max, lo, x, ViewMut::of(&mut tmp));
    binary_into(&Primitive::Min, hi, View::of(&tmp), out.reborrow());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::{View, ViewMut};
    use jaxrs_core::buffer::Buffer;
    use jaxrs_core::dtype::Scalar;

    /// Bit patterns of `T` around every threshold [`splat_flushes`] uses (subnormals, the
    /// smallest normals, `2^(emin+p-1)` to `2^(emin+p+1)`, 1), their neighbours and
    /// negations, the special values, and pseudo-random patterns.
    fn patterns(bits: u32, mantissa: u32) -> Vec<u64> {
        let exp_one = (1u64 << (bits - mantissa - 2)) - 1;
        let emin = 1u64;
        let p = u64::from(mantissa) + 1;
        let mut centres = vec![0, 1, 2, (1 << mantissa) - 1, 1 << mantissa];
        for e in [
            emin,
            emin + 1,
            emin + p - 2,
            emin + p - 1,
            emin + p,
            emin + p + 1,
            emin + p + 2,
            exp_one,
        ] {
            centres.push(e << mantissa);
        }
        let inf = ((1u64 << (bits - mantissa - 1)) - 1) << mantissa;
        centres.extend([inf, inf + 1, inf - 1]);
        let mut out = Vec::new();
        for c in centres {
            for d in 0..3u64 {
                for v in [c + d, c.wrapping_sub(d)] {
                    out.push(v);
                    out.push(v | 1 << (bits - 1));
                }
            }
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for i in 0..400 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Every other pattern small: exponents near emin, where the flushes act.
            let v = state >> (64 - bits);
            out.push(if i % 2 == 0 {
                v & ((1 << mantissa) * 4 * (p + 3) - 1) | (v & 1 << (bits - 1))
            } else {
                v
            });
        }
        let mask = if bits == 64 {
            u64::MAX
        } else {
            (1 << bits) - 1
        };
        out.into_iter().map(|v| v & mask).collect()
    }

    /// `x op s` and `s op x` through [`binary_into`] with `s` a splat, against the
    /// reference's scalar `binary` (each operand and the result flushed), bit for bit.
    fn splat_ops_match_the_reference<T: Float>(
        dtype: DType,
        values: Vec<T>,
        bits: impl Fn(T) -> u64,
    ) {
        let xs = Buffer::from_scalars(dtype, values.iter().map(|v| Scalar::Float(v.to_f64())));
        for primitive in [Primitive::Add, Primitive::Sub, Primitive::Mul] {
            for (j, &s) in values.iter().enumerate() {
                for splat_first in [false, true] {
                    let mut out = Buffer::zeros(dtype, values.len());
                    let (x, y) = if splat_first {
                        (View::splat(&xs, j), View::of(&xs))
                    } else {
                        (View::of(&xs), View::splat(&xs, j))
                    };
                    binary_into(&primitive, x, y, ViewMut::of(&mut out));
                    let got = out.to_scalars();
                    for (i, &v) in values.iter().enumerate() {
                        let (a, b) = if splat_first { (s, v) } else { (v, s) };
                        let want = scalar::binary(
                            &primitive,
                            Scalar::Float(a.to_f64()),
                            Scalar::Float(b.to_f64()),
                            dtype,
                            dtype,
                        );
                        let (g, w) = (got[i].as_f64(), want.as_f64());
                        let (gb, wb) = (bits(T::from_f64(g)), bits(T::from_f64(w)));
                        assert!(
                            gb == wb || (g.is_nan() && w.is_nan()),
                            "{} {dtype}: {a:e} ({:#x}) and {b:e} ({:#x}) gave {g:e} ({gb:#x}), \
                             the reference {w:e} ({wb:#x})",
                            primitive.name(),
                            bits(a),
                            bits(b),
                            a = a.to_f64(),
                            b = b.to_f64(),
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn splat_adds_and_products_leave_out_only_flushes_that_do_nothing() {
        let f32s = patterns(32, 23)
            .into_iter()
            .map(|b| f32::from_bits(b as u32))
            .collect();
        splat_ops_match_the_reference::<f32>(DType::F32, f32s, |v| u64::from(v.to_bits()));
        let f64s = patterns(64, 52).into_iter().map(f64::from_bits).collect();
        splat_ops_match_the_reference::<f64>(DType::F64, f64s, f64::to_bits);
    }
}
