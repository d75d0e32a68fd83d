//! Rules of the elementwise primitives: operands of one dtype, shapes equal up to
//! rank-0 operands and size-1 axes, as lax's `broadcasting_shape_rule` allows.

use super::expect_arity;
use crate::aval::Aval;
use crate::dtype::{DType, Kind};
use crate::primitive::Primitive;
use crate::shape::py_tuple;

/// Which dtypes a primitive accepts, named as JAX's error messages name them.
#[derive(Copy, Clone)]
enum Accepts {
    Float,
    Number,
    Integer,
    IntegerOrBool,
    Any,
}

impl Accepts {
    fn admits(self, dtype: DType) -> bool {
        match self {
            Accepts::Float => dtype.is_float(),
            Accepts::Number => dtype.kind() != Kind::Bool,
            Accepts::Integer => dtype.is_integer(),
            Accepts::IntegerOrBool => dtype.kind() != Kind::Float,
            Accepts::Any => true,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Accepts::Float => "floating, complexfloating",
            Accepts::Number => "integer, floating, complexfloating",
            Accepts::Integer => "integer",
            Accepts::IntegerOrBool => "integer, bool",
            Accepts::Any => "any",
        }
    }
}

fn accepts(primitive: &Primitive) -> Accepts {
    use Primitive::*;
    match primitive {
        Floor
        | Ceil
        | Round { .. }
        | IsFinite
        | Exp
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
        | Digamma
        | Pow
        | Atan2
        | Nextafter => Accepts::Float,
        Neg | Sign | Abs | Square | IntegerPow { .. } | Add | Sub | Mul | Div | Rem => {
            Accepts::Number
        }
        ShiftLeft | ShiftRightLogical | ShiftRightArithmetic => Accepts::Integer,
        Not | And | Or | Xor => Accepts::IntegerOrBool,
        _ => Accepts::Any,
    }
}

#[track_caller]
fn check_dtype(primitive: &Primitive, dtype: DType) {
    let rule = accepts(primitive);
    if !rule.admits(dtype) {
        panic!(
            "{} does not accept dtype {}. Accepted dtypes are subtypes of {}.",
            primitive.name(),
            dtype,
            rule.describe()
        );
    }
}

/// One operand: same shape; dtype per primitive; weak type kept unless the dtype changes.
#[track_caller]
pub(super) fn unary(primitive: &Primitive, inputs: &[&Aval]) -> Aval {
    expect_arity(primitive, inputs, 1);
    let x = inputs[0];
    let shape = x.shape.clone();
    match primitive {
        Primitive::ConvertElementType {
            new_dtype,
            weak_type,
        } => Aval::with_weak(shape, *new_dtype, *weak_type),
        Primitive::BitcastConvertType { new_dtype } => {
            if new_dtype.itemsize() != x.dtype.itemsize() {
                panic!(
                    "bitcast_convert_type between types of different widths is supported only \
                     through reshaping, got {} to {}",
                    x.dtype, new_dtype
                );
            }
            Aval::new(shape, *new_dtype)
        }
        Primitive::IsFinite => {
            check_dtype(primitive, x.dtype);
            Aval::new(shape, DType::Bool)
        }
        _ => {
            check_dtype(primitive, x.dtype);
            Aval::with_weak(shape, x.dtype, x.weak_type)
        }
    }
}

/// The common shape of elementwise operands: rank-0 operands broadcast; the others must
/// share a rank and agree on each axis up to size 1.
#[track_caller]
pub(super) fn broadcasting_shape(primitive: &Primitive, inputs: &[&Aval]) -> Vec<usize> {
    let shaped: Vec<&Aval> = inputs.iter().copied().filter(|a| a.ndim() > 0).collect();
    let Some(first) = shaped.first() else {
        return Vec::new();
    };
    let incompatible = || -> ! {
        let listed: Vec<String> = inputs.iter().map(|a| py_tuple(&a.shape)).collect();
        panic!(
            "{} got incompatible shapes for broadcasting: {}.",
            primitive.name(),
            listed.join(", ")
        )
    };
    let mut out = first.shape.clone();
    for a in &shaped[1..] {
        if a.ndim() != out.len() {
            incompatible();
        }
        for (o, &d) in out.iter_mut().zip(&a.shape) {
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                incompatible();
            }
        }
    }
    out
}

#[track_caller]
fn same_dtypes(primitive: &Primitive, inputs: &[&Aval]) -> DType {
    let d = inputs[0].dtype;
    if inputs.iter().any(|a| a.dtype != d) {
        let listed: Vec<String> = inputs.iter().map(|a| a.dtype.name().to_string()).collect();
        panic!(
            "{} requires arguments to have the same dtypes, got {}.",
            primitive.name(),
            listed.join(", ")
        );
    }
    d
}

/// Two operands of one dtype: result of the common shape; comparisons give `bool`.
#[track_caller]
pub(super) fn binary(primitive: &Primitive, inputs: &[&Aval]) -> Aval {
    use Primitive::*;
    expect_arity(primitive, inputs, 2);
    let dtype = same_dtypes(primitive, inputs);
    check_dtype(primitive, dtype);
    let shape = broadcasting_shape(primitive, inputs);
    let weak = inputs.iter().all(|a| a.weak_type);
    match primitive {
        Eq | Ne | Lt | Le | Gt | Ge => Aval::new(shape, DType::Bool),
        _ => Aval::with_weak(shape, dtype, weak),
    }
}

/// `select_n which *cases`: `which` is bool (two cases) or int32; cases share a dtype.
#[track_caller]
pub(super) fn select_n(inputs: &[&Aval]) -> Aval {
    if inputs.len() < 2 {
        panic!(
            "select_n requires at least one case, got {} operands",
            inputs.len()
        );
    }
    let which = inputs[0];
    let cases = &inputs[1..];
    if which.dtype != DType::Bool && which.dtype != DType::I32 {
        panic!(
            "select_n requires the predicate to be bool or int32, got {}",
            which.dtype
        );
    }
    if which.dtype == DType::Bool && cases.len() > 2 {
        panic!(
            "select_n with a bool predicate takes at most two cases, got {}",
            cases.len()
        );
    }
    let dtype = same_dtypes(&Primitive::SelectN, cases);
    let case_shape = &cases[0].shape;
    if cases.iter().any(|c| &c.shape != case_shape) {
        let listed: Vec<String> = cases.iter().map(|a| py_tuple(&a.shape)).collect();
        panic!(
            "select_n cases must have the same shapes, got [{}].",
            listed.join(", ")
        );
    }
    if which.ndim() > 0 && &which.shape != case_shape {
        panic!(
            "select_n `which` must be scalar or have the same shape as cases, got `which` shape {} but case shape {}.",
            py_tuple(&which.shape),
            py_tuple(case_shape)
        );
    }
    Aval::with_weak(case_shape.clone(), dtype, cases.iter().all(|c| c.weak_type))
}

/// `clamp min x max`: bounds are scalars or of `x`'s shape; all of one dtype.
#[track_caller]
pub(super) fn clamp(inputs: &[&Aval]) -> Aval {
    expect_arity(&Primitive::Clamp, inputs, 3);
    let (lo, x, hi) = (inputs[0], inputs[1], inputs[2]);
    let dtype = same_dtypes(&Primitive::Clamp, inputs);
    for (bound, name) in [(lo, "min"), (hi, "max")] {
        if bound.ndim() > 0 && bound.shape != x.shape {
            panic!(
                "clamp requires {name}.shape == operand.shape or {name}.shape == (), got {}.",
                py_tuple(&bound.shape)
            );
        }
    }
    Aval::with_weak(x.shape.clone(), dtype, x.weak_type)
}
