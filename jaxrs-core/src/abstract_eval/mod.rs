//! Shape, dtype and weak-type rules: what each primitive produces, and the errors it gives
//! for operands it does not accept.
//!
//! JAX counterpart: each primitive's `shape_rule`/`dtype_rule`/`weak_type_rule` in
//! `jax/_src/lax/lax.py` and `slicing.py`. One exhaustive `match`; the arms call one
//! helper per family.

mod contraction;
mod elementwise;
mod higher_order;
mod random;
mod reduce;
mod structural;

use crate::aval::Aval;
use crate::primitive::Primitive;

pub use random::physical_structural;

/// The result avals of `primitive` applied to operands with avals `inputs`.
///
/// # Panics
/// With JAX's message when the operands are not accepted (wrong dtype, incompatible
/// shapes, bad parameters), at the caller's location.
#[track_caller]
pub fn abstract_eval(primitive: &Primitive, inputs: &[&Aval]) -> Vec<Aval> {
    use Primitive::*;
    if let Some(physical) = random::physical_structural(primitive, inputs) {
        let data: Vec<Aval> = inputs.iter().map(|a| random::key_data(a)).collect();
        let data: Vec<&Aval> = data.iter().collect();
        return random::on_keys(abstract_eval(&physical, &data));
    }
    match primitive {
        Neg
        | Sign
        | Floor
        | Ceil
        | Round { .. }
        | IsFinite
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
        | Abs
        | Not
        | Erf
        | Erfc
        | ErfInv
        | Lgamma
        | Digamma
        | Square
        | IntegerPow { .. }
        | ConvertElementType { .. }
        | BitcastConvertType { .. } => {
            vec![elementwise::unary(primitive, inputs)]
        }
        Add | AddAny | Sub | Mul | Div | Rem | Pow | Max | Min | Atan2 | Nextafter | Eq | Ne
        | Lt | Le | Gt | Ge | And | Or | Xor | ShiftLeft | ShiftRightLogical
        | ShiftRightArithmetic => {
            vec![elementwise::binary(primitive, inputs)]
        }
        SelectN => vec![elementwise::select_n(inputs)],
        Clamp => vec![elementwise::clamp(inputs)],
        ReduceSum { axes }
        | ReduceProd { axes }
        | ReduceMax { axes }
        | ReduceMin { axes }
        | ReduceAnd { axes }
        | ReduceOr { axes } => vec![reduce::reduction(primitive, axes, inputs)],
        Argmax { axes, index_dtype } | Argmin { axes, index_dtype } => {
            vec![reduce::arg_reduction(primitive, axes, *index_dtype, inputs)]
        }
        Cumsum { axis, .. } | Cumprod { axis, .. } | Cummax { axis, .. } | Cummin { axis, .. } => {
            vec![reduce::cumulative(primitive, *axis, inputs)]
        }
        BroadcastInDim { .. }
        | Reshape { .. }
        | Transpose { .. }
        | Squeeze { .. }
        | Rev { .. }
        | Concatenate { .. }
        | Stack { .. }
        | Pad { .. }
        | Split { .. }
        | Tile { .. }
        | Unstack { .. }
        | Slice { .. }
        | DynamicSlice { .. }
        | DynamicUpdateSlice
        | Gather { .. }
        | Scatter { .. }
        | Iota { .. }
        | Copy
        | StopGradient
        | Sort { .. } => structural::structural(primitive, inputs),
        DotGeneral {
            dimension_numbers,
            preferred_element_type,
        } => {
            vec![contraction::dot_general(
                dimension_numbers,
                *preferred_element_type,
                inputs,
            )]
        }
        Threefry2x32 => random::threefry2x32(inputs),
        RandomSeed
        | RandomWrap
        | RandomUnwrap
        | RandomSplit { .. }
        | RandomFoldIn
        | RandomBits { .. } => vec![random::random(primitive, inputs)],
        DebugPrint { .. } => Vec::new(),
        Jit { jaxpr, .. } => higher_order::call(jaxpr, inputs),
        CustomJvpCall { call_jaxpr, .. } | CustomVjpCall { call_jaxpr, .. } => {
            higher_order::call(call_jaxpr, inputs)
        }
        CustomLin { out_avals, .. } => out_avals.clone(),
    }
}

/// Checks the operand count of `primitive`.
#[track_caller]
pub(crate) fn expect_arity(primitive: &Primitive, inputs: &[&Aval], n: usize) {
    if inputs.len() != n {
        panic!(
            "{} takes {n} operands, got {}",
            primitive.name(),
            inputs.len()
        );
    }
}
