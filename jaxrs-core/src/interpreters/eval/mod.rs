//! The reference evaluator: plain loops that define what each primitive computes.
//!
//! JAX counterpart: the XLA:CPU semantics each primitive lowers to. Clarity beats speed
//! here; this is the oracle that the runtime's kernels are tested against.

mod contraction;
mod elementwise;
mod higher_order;
mod random;
mod reduce;
mod structural;

pub(crate) use elementwise::{fused_multiply_add, fused_multiply_reduce};
pub(crate) use structural::scatter_into;

use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::primitive::Primitive;

/// Computes `primitive` on concrete `inputs`; `out_avals` are the checked result avals.
pub fn eval_primitive(
    primitive: &Primitive,
    inputs: &[&Concrete],
    out_avals: &[Aval],
) -> Vec<Buffer> {
    // Key arrays are stored physically; their structural ops act on the data with the key
    // axis appended (see abstract_eval's `physical_structural`).
    let avals: Vec<&Aval> = inputs.iter().map(|c| c.aval()).collect();
    match crate::abstract_eval::physical_structural(primitive, &avals) {
        Some(physical) => eval_rule(&physical, inputs, out_avals),
        None => eval_rule(primitive, inputs, out_avals),
    }
}

/// [`eval_primitive`] on physical operands: one exhaustive `match`.
fn eval_rule(primitive: &Primitive, inputs: &[&Concrete], out_avals: &[Aval]) -> Vec<Buffer> {
    use Primitive::*;
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
        | ConvertElementType { .. } => {
            vec![elementwise::unary(primitive, inputs[0], &out_avals[0])]
        }
        BitcastConvertType { new_dtype } => vec![elementwise::bitcast(inputs[0], *new_dtype)],
        Add | AddAny | Sub | Mul | Div | Rem | Pow | Max | Min | Atan2 | Nextafter | Eq | Ne
        | Lt | Le | Gt | Ge | And | Or | Xor | ShiftLeft | ShiftRightLogical
        | ShiftRightArithmetic => {
            vec![elementwise::binary(
                primitive,
                inputs[0],
                inputs[1],
                &out_avals[0],
            )]
        }
        SelectN => vec![elementwise::select_n(inputs, &out_avals[0])],
        Clamp => vec![elementwise::clamp(inputs, &out_avals[0])],
        ReduceSum { .. }
        | ReduceProd { .. }
        | ReduceMax { .. }
        | ReduceMin { .. }
        | ReduceAnd { .. }
        | ReduceOr { .. }
        | Argmax { .. }
        | Argmin { .. }
        | Cumsum { .. }
        | Cumprod { .. }
        | Cummax { .. }
        | Cummin { .. } => {
            vec![reduce::reduce(primitive, inputs[0], &out_avals[0])]
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
        | Sort { .. } => structural::structural(primitive, inputs, out_avals),
        DotGeneral {
            dimension_numbers, ..
        } => {
            vec![contraction::dot_general(
                dimension_numbers,
                inputs[0],
                inputs[1],
                &out_avals[0],
            )]
        }
        Threefry2x32 => random::threefry2x32(inputs, out_avals),
        RandomSeed
        | RandomWrap
        | RandomUnwrap
        | RandomSplit { .. }
        | RandomFoldIn
        | RandomBits { .. } => vec![random::random(primitive, inputs, &out_avals[0])],
        DebugPrint { fmt } => {
            crate::api::debug::execute_debug_print(fmt, inputs);
            Vec::new()
        }
        Jit { jaxpr, .. } => higher_order::call(jaxpr, inputs),
        CustomJvpCall { call_jaxpr, .. } | CustomVjpCall { call_jaxpr, .. } => {
            higher_order::call(call_jaxpr, inputs)
        }
        CustomLin { .. } => {
            panic!("can't apply forward-mode autodiff (jvp) to a custom_vjp function.")
        }
    }
}

/// For each element of `out_shape` in row-major order, the flat index of the element of an
/// operand of shape `in_shape` that broadcasts to it (rank-0 operands and size-1 axes
/// repeat).
pub(crate) fn broadcast_index_map(in_shape: &[usize], out_shape: &[usize]) -> Vec<usize> {
    let n: usize = out_shape.iter().product();
    if in_shape.is_empty() {
        return vec![0; n];
    }
    if in_shape == out_shape {
        return (0..n).collect();
    }
    let in_strides = crate::shape::strides(in_shape);
    let eff: Vec<usize> = in_shape
        .iter()
        .zip(&in_strides)
        .map(|(&d, &s)| if d == 1 { 0 } else { s })
        .collect();
    let mut idx = vec![0usize; out_shape.len()];
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(idx.iter().zip(&eff).map(|(i, s)| i * s).sum());
        for ax in (0..out_shape.len()).rev() {
            idx[ax] += 1;
            if idx[ax] < out_shape[ax] {
                break;
            }
            idx[ax] = 0;
        }
    }
    out
}
