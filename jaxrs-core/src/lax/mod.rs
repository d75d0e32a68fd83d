//! `jaxrs::lax`: thin wrappers that check parameters and bind one primitive each.
//!
//! JAX counterpart: `jax/_src/lax/lax.py`. Operands must already agree in dtype (and in
//! shape, up to rank-0 operands and size-1 axes); `jnp` does the promotion.

mod structural;
pub use structural::*;
mod reductions;

pub use reductions::{
    argmax, argmin, broadcasted_iota, cummax, cummin, cumprod, cumsum, iota, reduce_and,
    reduce_max, reduce_min, reduce_or, reduce_prod, reduce_sum,
};

use crate::array::Array;
use crate::dtype::DType;
use crate::numpy::ArrayLike;
use crate::primitive::{Primitive, RoundingMethod};
use crate::trace::{bind, bind1};

macro_rules! unary_ops {
    ($($(#[$doc:meta])* $name:ident => $prim:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(x: impl ArrayLike) -> Array {
            bind1(Primitive::$prim, &[x.into_operand().into_array()])
        }
    )*};
}

macro_rules! binary_ops {
    ($($(#[$doc:meta])* $name:ident => $prim:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(x: impl ArrayLike, y: impl ArrayLike) -> Array {
            bind1(
                Primitive::$prim,
                &[x.into_operand().into_array(), y.into_operand().into_array()],
            )
        }
    )*};
}

unary_ops! {
    /// `lax.neg`: −x.
    neg => Neg,
    /// `lax.sign`.
    sign => Sign,
    /// `lax.floor`.
    floor => Floor,
    /// `lax.ceil`.
    ceil => Ceil,
    /// `lax.is_finite`.
    is_finite => IsFinite,
    /// `lax.exp`.
    exp => Exp,
    /// `lax.exp2`.
    exp2 => Exp2,
    /// `lax.log`.
    log => Log,
    /// `lax.log1p`.
    log1p => Log1p,
    /// `lax.expm1`.
    expm1 => Expm1,
    /// `lax.tanh`.
    tanh => Tanh,
    /// `lax.logistic`: 1 / (1 + e^−x).
    logistic => Logistic,
    /// `lax.sin`.
    sin => Sin,
    /// `lax.cos`.
    cos => Cos,
    /// `lax.tan`.
    tan => Tan,
    /// `lax.asin`.
    asin => Asin,
    /// `lax.acos`.
    acos => Acos,
    /// `lax.atan`.
    atan => Atan,
    /// `lax.sinh`.
    sinh => Sinh,
    /// `lax.cosh`.
    cosh => Cosh,
    /// `lax.asinh`.
    asinh => Asinh,
    /// `lax.acosh`.
    acosh => Acosh,
    /// `lax.atanh`.
    atanh => Atanh,
    /// `lax.sqrt`.
    sqrt => Sqrt,
    /// `lax.rsqrt`: 1 / √x.
    rsqrt => Rsqrt,
    /// `lax.cbrt`.
    cbrt => Cbrt,
    /// `lax.abs`.
    abs => Abs,
    /// `lax.bitwise_not` (the `not` primitive).
    bitwise_not => Not,
    /// `lax.erf`.
    erf => Erf,
    /// `lax.erfc`.
    erfc => Erfc,
    /// `lax.erf_inv`.
    erf_inv => ErfInv,
    /// `lax.lgamma`.
    lgamma => Lgamma,
    /// `lax.digamma`.
    digamma => Digamma,
    /// `lax.square`.
    square => Square,
}

binary_ops! {
    /// `lax.add`.
    add => Add,
    /// `lax.sub`.
    sub => Sub,
    /// `lax.mul`.
    mul => Mul,
    /// `lax.div` (integers truncate toward zero).
    div => Div,
    /// `lax.rem` (sign of the dividend).
    rem => Rem,
    /// `lax.pow`.
    pow => Pow,
    /// `lax.max`.
    max => Max,
    /// `lax.min`.
    min => Min,
    /// `lax.atan2`.
    atan2 => Atan2,
    /// `lax.nextafter`.
    nextafter => Nextafter,
    /// `lax.eq`.
    eq => Eq,
    /// `lax.ne`.
    ne => Ne,
    /// `lax.lt`.
    lt => Lt,
    /// `lax.le`.
    le => Le,
    /// `lax.gt`.
    gt => Gt,
    /// `lax.ge`.
    ge => Ge,
    /// `lax.bitwise_and` (the `and` primitive).
    bitwise_and => And,
    /// `lax.bitwise_or` (the `or` primitive).
    bitwise_or => Or,
    /// `lax.bitwise_xor` (the `xor` primitive).
    bitwise_xor => Xor,
    /// `lax.shift_left`.
    shift_left => ShiftLeft,
    /// `lax.shift_right_logical`.
    shift_right_logical => ShiftRightLogical,
    /// `lax.shift_right_arithmetic`.
    shift_right_arithmetic => ShiftRightArithmetic,
}

/// `lax.integer_pow(x, y)`: `x` to a fixed integer power.
#[track_caller]
pub fn integer_pow(x: &Array, y: i32) -> Array {
    bind1(Primitive::IntegerPow { y }, std::slice::from_ref(x))
}

/// `lax.convert_element_type(x, new_dtype)`, with an explicit result weak type.
///
/// Like JAX, a conversion that changes nothing returns `x` itself and binds nothing.
#[track_caller]
pub fn convert_element_type(x: &Array, new_dtype: DType, weak_type: bool) -> Array {
    let new_dtype = new_dtype.canonicalize();
    if x.dtype() == new_dtype && x.weak_type() == weak_type {
        return x.clone();
    }
    bind1(
        Primitive::ConvertElementType {
            new_dtype,
            weak_type,
        },
        std::slice::from_ref(x),
    )
}

/// `lax.bitcast_convert_type(x, new_dtype)` between types of equal width.
#[track_caller]
pub fn bitcast_convert_type(x: &Array, new_dtype: DType) -> Array {
    bind1(
        Primitive::BitcastConvertType { new_dtype },
        std::slice::from_ref(x),
    )
}

/// `lax.select_n(which, cases)`: elementwise `cases[which]`.
#[track_caller]
pub fn select_n(which: &Array, cases: &[&Array]) -> Array {
    let mut inputs = vec![which.clone()];
    inputs.extend(cases.iter().map(|c| (*c).clone()));
    bind1(Primitive::SelectN, &inputs)
}

/// `lax.select(pred, on_true, on_false)`: `select_n(pred, on_false, on_true)`.
#[track_caller]
pub fn select(pred: &Array, on_true: &Array, on_false: &Array) -> Array {
    select_n(pred, &[on_false, on_true])
}

/// `lax.round(x, rounding_method)`.
#[track_caller]
pub fn round(x: &Array, rounding_method: RoundingMethod) -> Array {
    bind1(
        Primitive::Round { rounding_method },
        std::slice::from_ref(x),
    )
}

/// `lax.clamp(min, x, max)`. Rust scalars are weakly typed 0-d operands, as Python
/// scalars are; lax does not promote, so their dtype must match `x`'s.
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::array([-1.0, 0.5, 3.0]);
/// assert_eq!(lax::clamp(0.0, &x, 1.0).to_vec::<f32>(), vec![0.0, 0.5, 1.0]);
/// ```
#[track_caller]
pub fn clamp(min: impl ArrayLike, x: impl ArrayLike, max: impl ArrayLike) -> Array {
    bind1(
        Primitive::Clamp,
        &[
            min.into_operand().into_array(),
            x.into_operand().into_array(),
            max.into_operand().into_array(),
        ],
    )
}

/// Binds a multi-result primitive (for callers that build parameters themselves).
#[track_caller]
pub fn bind_n(primitive: Primitive, inputs: &[Array]) -> Vec<Array> {
    bind(primitive, inputs)
}
