//! Rules of the elementwise primitives: operands of one dtype, shapes equal up to
//! rank-0 operands and size-1 axes, as lax's `broadcasting_shape_rule` allows.

use super::expect_arity;
use crate::aval::Aval;
use crate::dtype::{DType, Kind};
use crate::primitive::Primitive;
use crate::shape::py_tuple;

/// Which dtypes a primitive accepts, as the sets of NumPy abstract types that JAX's
/// `standard_unop`/`naryop` tables name (the order is the one JAX's messages print).
#[derive(Copy, Clone)]
enum Accepts {
    /// `_float`
    Float,
    /// `_float | _complex`
    FloatOrComplex,
    /// `_num`
    Number,
    /// `_int | _float` (`rem`)
    IntOrFloat,
    /// `_signedint | _float | _complex` (`abs`)
    SignedOrFloat,
    /// `_int`
    Integer,
    /// `_bool_or_int`
    IntegerOrBool,
    /// `_any` / `_ordered`
    Any,
}

impl Accepts {
    fn admits(self, dtype: DType) -> bool {
        match self {
            Accepts::Float | Accepts::FloatOrComplex => dtype.is_float(),
            Accepts::Number => dtype.kind() != Kind::Bool,
            Accepts::IntOrFloat => dtype.kind() != Kind::Bool,
            Accepts::SignedOrFloat => matches!(dtype.kind(), Kind::Int | Kind::Float),
            Accepts::Integer => dtype.is_integer(),
            Accepts::IntegerOrBool => dtype.kind() != Kind::Float,
            Accepts::Any => true,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Accepts::Float => "floating",
            Accepts::FloatOrComplex => "floating, complexfloating",
            Accepts::Number => "integer, floating, complexfloating",
            Accepts::IntOrFloat => "integer, floating",
            Accepts::SignedOrFloat => "floating, complexfloating, signedinteger",
            Accepts::Integer => "integer",
            Accepts::IntegerOrBool => "integer, bool",
            Accepts::Any => "any",
        }
    }
}

/// The dtypes each elementwise primitive accepts at operand `position` (lax.py's tables).
fn accepts(primitive: &Primitive, position: usize) -> Accepts {
    use Primitive::*;
    match primitive {
        Floor
        | Ceil
        | Round { .. }
        | IsFinite
        | Cbrt
        | Erf
        | Erfc
        | ErfInv
        | Lgamma
        | Digamma
        | Nextafter => Accepts::Float,
        Exp | Exp2 | Log | Log1p | Expm1 | Tanh | Logistic | Sin | Cos | Tan | Asin | Acos
        | Atan | Sinh | Cosh | Asinh | Acosh | Atanh | Sqrt | Rsqrt | Atan2 => {
            Accepts::FloatOrComplex
        }
        Ynn { f } => accepts(&f.primitive(), position),
        // `pow` takes a float base and a float or integer exponent.
        Pow if position == 0 => Accepts::FloatOrComplex,
        Pow => Accepts::Number,
        Abs => Accepts::SignedOrFloat,
        Rem => Accepts::IntOrFloat,
        Neg | Sign | Square | IntegerPow { .. } | Add | AddAny | Sub | Mul | Div => Accepts::Number,
        ShiftLeft | ShiftRightLogical | ShiftRightArithmetic => Accepts::Integer,
        Not | And | Or | Xor => Accepts::IntegerOrBool,
        _ => Accepts::Any,
    }
}

/// JAX's message for a dtype an operand does not accept; binary primitives name the
/// position (`naryop_dtype_rule`), unary ones do not (`unop_dtype_rule`).
#[track_caller]
fn check_dtype(primitive: &Primitive, dtype: DType, position: Option<usize>) {
    let rule = accepts(primitive, position.unwrap_or(0));
    if rule.admits(dtype) {
        return;
    }
    match position {
        None => panic!(
            "{} does not accept dtype {}. Accepted dtypes are subtypes of {}.",
            primitive.name(),
            dtype,
            rule.describe()
        ),
        Some(i) => panic!(
            "{} does not accept dtype {} at position {i}. Accepted dtypes at position {i} are \
             subtypes of {}.",
            primitive.name(),
            dtype,
            rule.describe()
        ),
    }
}

/// The `jnp` function JAX's messages suggest for a lax primitive given mixed dtypes
/// (lax.py `_JNP_FUNCTION_EQUIVALENTS`).
fn jnp_equivalent(lax_name: &str) -> Option<&'static str> {
    Some(match lax_name {
        "add" => "add",
        "sub" => "subtract",
        "mul" => "multiply",
        "div" => "divide",
        "max" => "maximum",
        "min" => "minimum",
        "atan2" => "arctan2",
        "nextafter" => "nextafter",
        "eq" => "equal",
        "ne" => "not_equal",
        "pow" => "float_power",
        "select" => "where",
        "shift_left" => "left_shift",
        "shift_right_logical" | "shift_right_arithmetic" => "right_shift",
        _ => return None,
    })
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
            check_dtype(primitive, x.dtype, None);
            // JAX keeps the operand's weak type (`isfinite(jnp.array(2.5))` is weak).
            Aval::with_weak(shape, DType::Bool, x.weak_type)
        }
        _ => {
            check_dtype(primitive, x.dtype, None);
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
    // A function, not a closure: closures lose `#[track_caller]`.
    #[track_caller]
    fn incompatible(primitive: &Primitive, inputs: &[&Aval]) -> ! {
        let listed: Vec<String> = inputs.iter().map(|a| py_tuple(&a.shape)).collect();
        panic!(
            "{} got incompatible shapes for broadcasting: {}.",
            primitive.name(),
            listed.join(", ")
        )
    }
    let mut out = first.shape.clone();
    for a in &shaped[1..] {
        if a.ndim() != out.len() {
            incompatible(primitive, inputs);
        }
        for (o, &d) in out.iter_mut().zip(&a.shape) {
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                incompatible(primitive, inputs);
            }
        }
    }
    out
}

/// lax.py `check_same_dtypes`: every operand has the first one's dtype.
#[track_caller]
fn same_dtypes(lax_name: &str, inputs: &[&Aval]) -> DType {
    let d = inputs[0].dtype;
    if inputs.iter().any(|a| a.dtype != d) {
        let listed: Vec<&str> = inputs.iter().map(|a| a.dtype.name()).collect();
        let tip = match jnp_equivalent(lax_name) {
            Some(f) => format!(
                " (Tip: jnp.{f} is a similar function that does automatic type promotion on \
                 inputs)."
            ),
            None => String::new(),
        };
        panic!(
            "lax.{lax_name} requires arguments to have the same dtypes, got {}.{tip}",
            listed.join(", ")
        );
    }
    d
}

/// Two operands of one dtype (`pow`: a float base and a float or integer exponent):
/// result of the common shape; comparisons give `bool`.
#[track_caller]
pub(super) fn binary(primitive: &Primitive, inputs: &[&Aval]) -> Aval {
    use Primitive::*;
    expect_arity(primitive, inputs, 2);
    let (x, y) = (inputs[0], inputs[1]);
    // JAX runs the shape rule before the dtype rule.
    let shape = broadcasting_shape(primitive, inputs);
    check_dtype(primitive, x.dtype, Some(0));
    check_dtype(primitive, y.dtype, Some(1));
    let dtype = match primitive {
        Pow => pow_dtype(x.dtype, y.dtype),
        _ => same_dtypes(primitive.name(), inputs),
    };
    let weak = inputs.iter().all(|a| a.weak_type);
    match primitive {
        // JAX keeps the weak type of comparisons of weak operands, bool as they are.
        Eq | Ne | Lt | Le | Gt | Ge => Aval::with_weak(shape, DType::Bool, weak),
        _ => Aval::with_weak(shape, dtype, weak),
    }
}

/// lax.py `_pow_dtype_rule`.
#[track_caller]
fn pow_dtype(x: DType, y: DType) -> DType {
    if x == y || (x.is_float() && y.is_integer()) {
        return x;
    }
    panic!(
        "the first argument to pow must have an inexact dtype (float or complex), and the second \
         argument must have an inexact or integer dtype, and two inexact dtypes must match, but \
         got {x} and {y} respectively."
    )
}

/// `select_n which *cases`: `which` is bool (at most two cases) or an integer; cases share
/// a dtype and a shape.
#[track_caller]
pub(super) fn select_n(inputs: &[&Aval]) -> Aval {
    if inputs.len() < 2 {
        panic!("select must have at least one case");
    }
    let which = inputs[0];
    let cases = &inputs[1..];
    let case_shape = &cases[0].shape;
    if cases.iter().any(|c| &c.shape != case_shape) {
        let listed: Vec<String> = cases.iter().map(|a| py_tuple(&a.shape)).collect();
        panic!(
            "select cases must have the same shapes, got [{}].",
            listed.join(", ")
        );
    }
    if which.ndim() > 0 && &which.shape != case_shape {
        panic!(
            "select `which` must be scalar or have the same shape as cases, got `which` shape {} \
             but case shape {}.",
            py_tuple(&which.shape),
            py_tuple(case_shape)
        );
    }
    let dtype = same_dtypes("select", cases);
    if which.dtype != DType::Bool && !which.dtype.is_integer() {
        panic!(
            "select `which` must be boolean or integer type, got {}.",
            which.dtype
        );
    }
    if which.dtype == DType::Bool && cases.len() > 2 {
        panic!("select with boolean `which` cannot have > 2 cases.");
    }
    Aval::with_weak(case_shape.clone(), dtype, cases.iter().all(|c| c.weak_type))
}

/// `clamp min x max`: bounds are scalars or of `x`'s shape; all of one dtype.
#[track_caller]
pub(super) fn clamp(inputs: &[&Aval]) -> Aval {
    expect_arity(&Primitive::Clamp, inputs, 3);
    let (lo, x, hi) = (inputs[0], inputs[1], inputs[2]);
    for (bound, name) in [(lo, "min"), (hi, "max")] {
        if bound.ndim() > 0 && bound.shape != x.shape {
            panic!(
                "clamp requires {name}.shape == operand.shape or {name}.shape == (), got \
                 {name}.shape={}, operand.shape={}.",
                py_tuple(&bound.shape),
                py_tuple(&x.shape)
            );
        }
    }
    let dtype = same_dtypes("clamp", inputs);
    Aval::with_weak(x.shape.clone(), dtype, x.weak_type)
}
