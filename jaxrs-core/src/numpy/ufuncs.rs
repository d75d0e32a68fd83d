//! Elementwise functions (NumPy's ufuncs) with JAX's dtype and rank promotion.
//!
//! JAX counterpart: `jax/_src/numpy/ufuncs.py` (and `where`/`clip`/`round` from
//! `lax_numpy.py`). Each function emits the same lax primitives, with the same parameters
//! and in the same order, as `jax.make_jaxpr` shows for JAX's version; functions that JAX
//! wraps in a nested `jax.jit` go through [`jax_jit`] with JAX's name, and the arithmetic
//! and float functions, which JAX wraps in `jax.jit(..., inline=True)`, through
//! `inline_jit!` (a call only under `jvp`, `vmap` and `grad`, where it changes bits).

use crate::array::Array;
use crate::dtype::{DType, Kind, Scalar};
use crate::lax;
use crate::numpy::creation::to_inexact;
use crate::numpy::operand::{
    check_jit_args, inline_here, jax_jit, promote_args, promote_shapes, scalar_array, ArrayLike,
    Operand,
};
use crate::primitive::{Primitive, RoundingMethod};
use crate::shape::{py_tuple, try_broadcast_shapes};
use crate::trace::bind1;

// ---- promotion helpers (jax/_src/numpy/util.py) ----

/// `promote_dtypes_inexact` + `promote_shapes`: integers and bools become the default float.
#[track_caller]
pub(crate) fn promote_args_inexact(operands: Vec<Operand>) -> Vec<Array> {
    promote_to(operands, to_inexact)
}

/// `promote_dtypes_numeric` + `promote_shapes`: bools become the default integer.
#[track_caller]
pub(crate) fn promote_args_numeric(operands: Vec<Operand>) -> Vec<Array> {
    promote_to(operands, to_numeric)
}

#[track_caller]
fn promote_to(operands: Vec<Operand>, kind: fn(DType) -> DType) -> Vec<Array> {
    let parts: Vec<(DType, bool)> = operands.iter().map(Operand::dtype_and_weak).collect();
    let (dtype, weak) = DType::result_type(&parts);
    let dtype = kind(dtype);
    let arrays = operands
        .into_iter()
        .map(|o| o.convert(dtype, weak))
        .collect();
    promote_shapes(arrays)
}

/// `dtypes.to_numeric_dtype`: bool becomes the default integer.
pub(crate) fn to_numeric(dtype: DType) -> DType {
    if dtype == DType::Bool {
        DType::default_int()
    } else {
        dtype
    }
}

/// `lax._const(x, v)`: a strongly typed scalar of `x`'s dtype.
pub(crate) fn const_like(x: &Array, value: Scalar) -> Array {
    // `lax._const`: the constant is weakly typed where `x` is, so `mul(x, c)` and
    // `ne(x, 0)` keep `x`'s weak type.
    scalar_array(value, x.dtype(), x.weak_type())
}

/// One operand as an array after the jit argument check.
#[track_caller]
fn one(x: impl ArrayLike) -> Operand {
    let x = x.into_operand();
    check_jit_args(&["x"], std::slice::from_ref(&x));
    x
}

/// Two operands after the jit argument check, with JAX's parameter names.
#[track_caller]
fn two(names: [&str; 2], x: impl ArrayLike, y: impl ArrayLike) -> Vec<Operand> {
    let ops = vec![x.into_operand(), y.into_operand()];
    check_jit_args(&names, &ops);
    ops
}

// These two are macros, not functions taking the lax op: a call through a function
// pointer or a closure loses `#[track_caller]`, so errors and equation sources would point
// here instead of at the user's line.

/// `$body` over the promoted operands `$args` (bound to `$a: &[Array]`) as JAX runs the
/// body of a ufunc it wraps in `jax.jit(..., inline=True)` named `$name`: in place where
/// [`inline_here`], else as one `jit` call. The promotion runs before, outside the call,
/// and so do, for a call, the shape checks of a binary body (`$lax`: the lax operation's
/// name in its message), so that errors point at the caller's line.
macro_rules! inline_jit {
    ($name:expr, $lax:literal, $args:expr, |$a:ident| $body:expr) => {
        inline_jit!(@call $name, Some($lax), $args, |$a| $body)
    };
    ($name:expr, $args:expr, |$a:ident| $body:expr) => {
        inline_jit!(@call $name, None::<&str>, $args, |$a| $body)
    };
    (@call $name:expr, $lax:expr, $args:expr, |$a:ident| $body:expr) => {{
        let args: Vec<Array> = $args;
        if inline_here() {
            let $a: &[Array] = &args;
            $body
        } else {
            // Eagerly lax checks the shapes itself; inside the call it would not panic at
            // the caller's line.
            if let Some(lax_name) = $lax {
                check_binary_shapes(lax_name, args[0].shape(), args[1].shape());
            }
            crate::api::jit_call_inline($name, &args, |$a: &[Array]| vec![$body]).remove(0)
        }
    }};
}

/// Promotes two operands, then applies a lax binary op (`$lax` names it in shape errors)
/// in the ufunc `$name`'s inline `jit` ([`inline_jit!`]).
macro_rules! binary_ufunc {
    ($name:expr, $lax:literal, $x:expr, $y:expr, $op:path) => {{
        let args = promote_args(two(["x", "y"], $x, $y));
        inline_jit!($name, $lax, args, |a| $op(&a[0], &a[1]))
    }};
}

/// Promotes one operand to an inexact dtype, then applies `$op` (a path, or
/// `|v| body` written inline) in the ufunc `$name`'s inline `jit` ([`inline_jit!`]).
macro_rules! unary_inexact {
    ($name:expr, $x:expr, |$v:ident| $body:expr) => {{
        let promoted = promote_args_inexact(vec![one($x)]);
        inline_jit!($name, promoted, |a| {
            let $v = &a[0];
            $body
        })
    }};
    ($name:expr, $x:expr, $op:path) => {{
        let promoted = promote_args_inexact(vec![one($x)]);
        inline_jit!($name, promoted, |a| $op(&a[0]))
    }};
}

// ---- arithmetic ----

/// `jnp.add(x, y)`: elementwise `x + y` with broadcasting.
///
/// # Panics
/// If the shapes do not broadcast: `add got incompatible shapes for broadcasting: (3,), (4,).`
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1, 2, 3]);
/// assert_eq!(jnp::add(&x, 1).to_vec::<i32>(), vec![2, 3, 4]);
/// ```
#[track_caller]
pub fn add(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args(two(["x", "y"], x, y));
    // NumPy's add of bools is logical or.
    if args[0].dtype() == DType::Bool {
        return lax::bitwise_or(&args[0], &args[1]);
    }
    inline_jit!("add", "add", args, |a| lax::add(&a[0], &a[1]))
}

/// `jnp.subtract(x, y)`: elementwise `x - y`.
#[track_caller]
pub fn subtract(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    binary_ufunc!("subtract", "sub", x, y, lax::sub)
}

/// `jnp.multiply(x, y)`: elementwise `x * y`.
#[track_caller]
pub fn multiply(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let operands = two(["x", "y"], x, y);
    let from_bool: Vec<bool> = operands
        .iter()
        .map(|o| o.dtype_and_weak().0 == DType::Bool)
        .collect();
    let args = promote_args(operands);
    if args[0].dtype() == DType::Bool {
        return lax::bitwise_and(&args[0], &args[1]);
    }
    inline_jit!("multiply", "mul", args, |a| {
        let product = lax::mul(&a[0], &a[1]);
        match from_bool.iter().position(|&b| b) {
            Some(i) => converted_bool_product(&a[i], product),
            None => product,
        }
    })
}

/// XLA's algebraic simplifier turns `convert(p) * x` (a bool converted to a number, times
/// `x`, the bool not broadcast) into `select(p, x, 0)`, which differs from the product where `p` is false and `x`
/// is negative (`+0.` rather than `-0.`), infinite or NaN (`+0.` rather than NaN). JAX
/// jits `jnp.multiply`, so every eager product of a bool array and a float array is such a
/// select; jaxrs reproduces it for concrete operands here (the jaxpr keeps JAX's
/// `convert_element_type` and `mul`; inside a traced function the reference evaluator
/// multiplies, see the README's numerics section). `converted` is the bool operand after
/// promotion (0 or 1), `product` the plain product.
fn converted_bool_product(converted: &Array, product: Array) -> Array {
    // XLA matches the pattern only where the converted bool is not itself broadcast
    // (`[[False], [True]] * [-1., 2.]` keeps its `-0.`, measured against JAX).
    if product.dtype().kind() != Kind::Float
        || converted.shape() != product.shape()
        || converted.as_concrete().is_none()
        || product.as_concrete().is_none()
    {
        return product;
    }
    let zero = crate::numpy::zeros_like(&product);
    let mask = lax::ne(converted, &crate::numpy::zeros_like(converted));
    lax::select_n(&mask, &[&zero, &product])
}

/// `jnp.divide(x, y)` (`true_divide`): elementwise `x / y`; integers become float32.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::divide(jnp::array([1, 3]), 2).to_vec::<f32>(), vec![0.5, 1.5]);
/// ```
#[track_caller]
pub fn divide(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args_inexact(two(["x1", "x2"], x, y));
    inline_jit!("true_divide", "div", args, |a| lax::div(&a[0], &a[1]))
}

/// `jnp.true_divide(x, y)`: the same as [`divide`].
#[track_caller]
pub fn true_divide(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    divide(x, y)
}

/// `jnp.floor_divide(x, y)` (Python's `//`): rounds the quotient toward −∞.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::floor_divide(jnp::array([-7, 7]), 2).to_vec::<i32>(), vec![-4, 3]);
/// ```
#[track_caller]
pub fn floor_divide(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let ops = two(["x1", "x2"], x, y);
    let parts: Vec<(DType, bool)> = ops.iter().map(Operand::dtype_and_weak).collect();
    let first_op = if to_numeric(DType::result_type(&parts).0).is_integer() {
        "div"
    } else {
        "rem"
    };
    check_binary_shapes(first_op, ops[0].shape(), ops[1].shape());
    // JAX wraps this in jit(name=floor_divide).
    jax_jit("floor_divide", &["x1", "x2"], ops, |ops| {
        let args = promote_args_numeric(ops);
        let (x1, x2) = (&args[0], &args[1]);
        match x1.dtype().kind() {
            Kind::UInt => lax::div(x1, x2),
            Kind::Int => {
                let quotient = lax::div(x1, x2);
                let signs_differ = lax::ne(&lax::sign(x1), &lax::sign(x2));
                let inexact = lax::ne(&lax::rem(x1, x2), &const_like(x1, Scalar::Int(0)));
                let select = lax::bitwise_and(&signs_differ, &inexact);
                let lower = subtract(&quotient, 1);
                where_inner(select.into(), lower.into(), quotient.into())
            }
            _ => float_divmod(x1, x2).0,
        }
    })
}

/// The shape errors a `jnp` binary function gives, checked before a `jit` body runs so
/// that they panic at the caller's line (closures cannot be `#[track_caller]`):
/// `promote_shapes` for different ranks, then lax's rule named `name`.
///
/// # Panics
/// `Incompatible shapes for broadcasting: shapes=[(2,), (2, 3)]` or
/// `rem got incompatible shapes for broadcasting: (3,), (4,).`
#[track_caller]
pub(crate) fn check_binary_shapes(name: &str, a: &[usize], b: &[usize]) {
    if a.len() != b.len() && !a.is_empty() && !b.is_empty() {
        if try_broadcast_shapes(&[a, b]).is_none() {
            panic!(
                "Incompatible shapes for broadcasting: shapes=[{}, {}]",
                py_tuple(a),
                py_tuple(b)
            );
        }
        return;
    }
    if a.len() == b.len() && a.iter().zip(b).any(|(&p, &q)| p != q && p != 1 && q != 1) {
        panic!(
            "{name} got incompatible shapes for broadcasting: {}, {}.",
            py_tuple(a),
            py_tuple(b)
        );
    }
}

/// The shape `jnp`'s rank promotion and lax broadcasting give two compatible shapes.
fn broadcast_pair(a: &[usize], b: &[usize]) -> Vec<usize> {
    try_broadcast_shapes(&[a, b]).unwrap_or_else(|| a.to_vec())
}

/// ufuncs.py `_float_divmod` (CPython's `float_divmod`): `(round(div), mod)`.
#[track_caller]
pub(crate) fn float_divmod(x1: &Array, x2: &Array) -> (Array, Array) {
    let zero = const_like(x1, Scalar::Int(0));
    let modulo = lax::rem(x1, x2);
    let corrected = where_inner(
        lax::eq(x2, &zero).into(),
        x1.clone().into(),
        lax::sub(x1, &modulo).into(),
    );
    let div = lax::div(&corrected, x2);
    let ind = lax::bitwise_and(
        &lax::ne(&modulo, &zero),
        &lax::ne(&lax::sign(x2), &lax::sign(&modulo)),
    );
    let modulo = lax::select(&ind, &add(&modulo, x2), &modulo);
    let div = lax::select(&ind, &subtract(&div, 1.0), &div);
    (lax::round(&div, RoundingMethod::AwayFromZero), modulo)
}

/// `jnp.remainder(x, y)` (Python's `%`, `jnp.mod`): the result has the sign of `y`;
/// integer division by zero gives `x % 1`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::remainder(jnp::array([-7, 7]), 3).to_vec::<i32>(), vec![2, 1]);
/// ```
#[track_caller]
pub fn remainder(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let ops = two(["x1", "x2"], x, y);
    check_binary_shapes("rem", ops[0].shape(), ops[1].shape());
    // JAX wraps this in jit(name=remainder).
    jax_jit("remainder", &["x1", "x2"], ops, |ops| {
        let args = promote_args_numeric(ops);
        let (x1, mut x2) = (args[0].clone(), args[1].clone());
        let zero = const_like(&x1, Scalar::Int(0));
        if x2.dtype().is_integer() {
            x2 = replace_zero_by_one(&x2);
        }
        let trunc_mod = lax::rem(&x1, &x2);
        let trunc_mod_not_zero = lax::ne(&trunc_mod, &zero);
        let do_plus = lax::bitwise_and(
            &lax::ne(&lax::lt(&trunc_mod, &zero), &lax::lt(&x2, &zero)),
            &trunc_mod_not_zero,
        );
        lax::select(&do_plus, &lax::add(&trunc_mod, &x2), &trunc_mod)
    })
}

/// `_where(x == 0, ones_like(x), x)`.
#[track_caller]
fn replace_zero_by_one(x: &Array) -> Array {
    let is_zero = lax::eq(x, &const_like(x, Scalar::Int(0)));
    // `lax.full_like` broadcasts only when the shape is not `()`.
    let one = scalar_array(Scalar::Int(1), x.dtype(), x.weak_type());
    let ones = if x.ndim() == 0 {
        one
    } else {
        bind1(
            Primitive::BroadcastInDim {
                shape: x.shape().to_vec(),
                broadcast_dimensions: Vec::new(),
            },
            &[one],
        )
    };
    where_inner(is_zero.into(), ones.into(), x.clone().into())
}

/// `jnp.mod(x, y)`: the same as [`remainder`].
#[track_caller]
pub fn r#mod(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    remainder(x, y)
}

/// `jnp.fmod(x, y)`: C's `fmod`, the sign of `x`.
#[track_caller]
pub fn fmod(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    // JAX wraps this in jit(name=fmod).
    jax_jit("fmod", &["x1", "x2"], two(["x1", "x2"], x, y), |ops| {
        let parts: Vec<(DType, bool)> = ops.iter().map(Operand::dtype_and_weak).collect();
        let integer = DType::result_type(&parts).0.is_integer();
        let mut ops = ops;
        if integer {
            let x2 = ops.pop().expect("two operands").into_array();
            ops.push(replace_zero_by_one(&x2).into());
        }
        let args = promote_args_numeric(ops);
        lax::rem(&args[0], &args[1])
    })
}

/// `jnp.negative(x)`: elementwise `-x`.
#[track_caller]
pub fn negative(x: impl ArrayLike) -> Array {
    let x = promote_args(vec![one(x)]);
    inline_jit!("negative", x, |a| lax::neg(&a[0]))
}

/// `jnp.positive(x)`: `x` itself.
#[track_caller]
pub fn positive(x: impl ArrayLike) -> Array {
    promote_args(vec![one(x)]).remove(0)
}

/// `jnp.power(x, y)`: `x ** y`. A Rust integer exponent gives `integer_pow`, as a Python
/// `int` does in JAX; integer bases with array exponents use binary exponentiation.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1.0, 2.0, 3.0]);
/// assert_eq!(jnp::power(&x, 2).to_vec::<f32>(), vec![1.0, 4.0, 9.0]);
/// ```
#[track_caller]
pub fn power(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let ops = two(["x1", "x2"], x, y);
    if let Operand::Scalar(Scalar::Int(n)) = ops[1] {
        let x = promote_args_numeric(vec![ops[0].clone()]);
        let n = i32::try_from(n)
            .unwrap_or_else(|_| panic!("Python int {n} too large to convert to int32"));
        if n < 0 && x[0].dtype().is_integer() {
            let dims: Vec<String> = x[0].shape().iter().map(|d| d.to_string()).collect();
            panic!(
                "Integers cannot be raised to negative powers, got integer_pow({}[{}], {n})",
                x[0].dtype(),
                dims.join(",")
            );
        }
        return lax::integer_pow(&x[0], n);
    }
    let (x1, x2) = (&ops[0], &ops[1]);
    let (d1, _) = x1.dtype_and_weak();
    let (d2, _) = x2.dtype_and_weak();
    let numeric = promote_args_numeric(ops.clone());
    if !numeric[0].dtype().is_float() {
        return pow_int_int(&numeric[0], &numeric[1]);
    }
    if d1.is_float() && d2.is_integer() {
        let shaped = promote_shapes(vec![
            ops[0].clone().into_array(),
            ops[1].clone().into_array(),
        ]);
        return inline_jit!("_power", "pow", shaped, |a| lax::pow(&a[0], &a[1]));
    }
    inline_jit!("_power", "pow", numeric, |a| lax::pow(&a[0], &a[1]))
}

/// `jnp.pow`: the same as [`power`].
#[track_caller]
pub fn pow(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    power(x, y)
}

/// ufuncs.py `_pow_int_int`: six rounds of binary exponentiation.
#[track_caller]
fn pow_int_int(x1: &Array, x2: &Array) -> Array {
    let zero = const_like(x2, Scalar::Int(0));
    let one = const_like(x2, Scalar::Int(1));
    let first = lax::bitwise_and(&lax::eq(x1, &zero), &lax::ne(x2, &zero));
    let mut acc = where_inner(first.into(), zero.clone().into(), one.clone().into());
    let (mut x1, mut x2) = (x1.clone(), x2.clone());
    for _ in 0..6 {
        let bit = lax::bitwise_and(&x2, &one);
        acc = where_inner(bit.into(), lax::mul(&acc, &x1).into(), acc.clone().into());
        x1 = lax::mul(&x1, &x1);
        x2 = lax::shift_right_logical(&x2, &one);
    }
    acc
}

/// `jnp.float_power(x, y)`: `x ** y` computed in float.
#[track_caller]
pub fn float_power(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args_inexact(two(["x", "y"], x, y));
    inline_jit!("float_power", "pow", args, |a| lax::pow(&a[0], &a[1]))
}

/// `jnp.square(x)`: `x * x` (bools become int32).
#[track_caller]
pub fn square(x: impl ArrayLike) -> Array {
    let x = promote_args_numeric(vec![one(x)]);
    inline_jit!("square", x, |a| lax::square(&a[0]))
}

/// `jnp.reciprocal(x)`: `1 / x` as `integer_pow[y=-1]`, in float.
#[track_caller]
pub fn reciprocal(x: impl ArrayLike) -> Array {
    unary_inexact!("reciprocal", x, |x| lax::integer_pow(x, -1))
}

/// `jnp.abs(x)` (`absolute`): bools and unsigned integers come back unchanged.
#[track_caller]
pub fn abs(x: impl ArrayLike) -> Array {
    let x = one(x).into_array();
    if matches!(x.dtype().kind(), Kind::Bool | Kind::UInt) {
        return x;
    }
    inline_jit!("absolute", vec![x], |a| lax::abs(&a[0]))
}

/// `jnp.absolute(x)`: the same as [`abs`].
#[track_caller]
pub fn absolute(x: impl ArrayLike) -> Array {
    abs(x)
}

/// `jnp.fabs(x)`: `abs` in float.
#[track_caller]
pub fn fabs(x: impl ArrayLike) -> Array {
    unary_inexact!("fabs", x, lax::abs)
}

/// `jnp.sign(x)`: −1, 0 or 1 (NaN for NaN).
#[track_caller]
pub fn sign(x: impl ArrayLike) -> Array {
    let x = promote_args(vec![one(x)]);
    lax::sign(&x[0])
}

/// `jnp.maximum(x, y)`: elementwise maximum, NaN-propagating.
#[track_caller]
pub fn maximum(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    binary_ufunc!("maximum", "max", x, y, lax::max)
}

/// `jnp.minimum(x, y)`: elementwise minimum, NaN-propagating.
#[track_caller]
pub fn minimum(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    binary_ufunc!("minimum", "min", x, y, lax::min)
}

// ---- float functions of one operand ----

macro_rules! inexact_unops {
    ($($(#[$doc:meta])* $name:ident => $lax:path),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(x: impl ArrayLike) -> Array {
            unary_inexact!(stringify!($name), x, $lax)
        }
    )*};
}

inexact_unops! {
    /// `jnp.sqrt(x)`; integers and bools become float32 first.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// assert_eq!(jnp::sqrt(jnp::array([4, 9])).to_vec::<f32>(), vec![2.0, 3.0]);
    /// ```
    sqrt => lax::sqrt,
    /// `jnp.cbrt(x)`: the cube root.
    cbrt => lax::cbrt,
    /// `jnp.exp(x)`: eˣ.
    exp => lax::exp,
    /// `jnp.exp2(x)`: 2ˣ.
    exp2 => lax::exp2,
    /// `jnp.expm1(x)`: eˣ − 1, accurate near 0.
    expm1 => lax::expm1,
    /// `jnp.log(x)`: the natural logarithm.
    log => lax::log,
    /// `jnp.log1p(x)`: ln(1 + x), accurate near 0.
    log1p => lax::log1p,
    /// `jnp.sin(x)`.
    sin => lax::sin,
    /// `jnp.cos(x)`.
    cos => lax::cos,
    /// `jnp.tan(x)`.
    tan => lax::tan,
    /// `jnp.tanh(x)`.
    tanh => lax::tanh,
    /// `jnp.sinh(x)`.
    sinh => lax::sinh,
    /// `jnp.cosh(x)`.
    cosh => lax::cosh,
    /// `jnp.arcsin(x)`.
    arcsin => lax::asin,
    /// `jnp.arccos(x)`.
    arccos => lax::acos,
    /// `jnp.arctan(x)`.
    arctan => lax::atan,
    /// `jnp.arcsinh(x)`.
    arcsinh => lax::asinh,
    /// `jnp.arctanh(x)`.
    arctanh => lax::atanh,
}

/// `jnp.arccosh(x)`.
#[track_caller]
pub fn arccosh(x: impl ArrayLike) -> Array {
    // JAX wraps this in jit(name=arccosh).
    jax_jit("arccosh", &["x"], vec![one(x)], |ops| {
        unary_inexact!(
            "arccosh",
            ops.into_iter().next().expect("one operand"),
            lax::acosh
        )
    })
}

/// `jnp.log2(x)`: `log(x) / log(2)`.
#[track_caller]
pub fn log2(x: impl ArrayLike) -> Array {
    unary_inexact!("log2", x, |x| {
        // JAX computes log(x) first, then log(2) (the jaxpr shows that order).
        let log_x = lax::log(x);
        let ln2 = lax::log(&const_like(x, Scalar::Int(2)));
        lax::div(&log_x, &ln2)
    })
}

/// `jnp.log10(x)`: `log(x) * (1 / ln 10)`.
#[track_caller]
pub fn log10(x: impl ArrayLike) -> Array {
    unary_inexact!("log10", x, |x| {
        let one_over_ln10 = const_like(x, Scalar::Float(std::f64::consts::LOG10_E));
        lax::mul(&lax::log(x), &one_over_ln10)
    })
}

/// `jnp.deg2rad(x)` (`radians`).
#[track_caller]
pub fn deg2rad(x: impl ArrayLike) -> Array {
    unary_inexact!("deg2rad", x, |x| {
        lax::mul(
            x,
            &const_like(x, Scalar::Float(std::f64::consts::PI / 180.0)),
        )
    })
}

/// `jnp.rad2deg(x)` (`degrees`).
#[track_caller]
pub fn rad2deg(x: impl ArrayLike) -> Array {
    unary_inexact!("rad2deg", x, |x| {
        lax::mul(
            x,
            &const_like(x, Scalar::Float(180.0 / std::f64::consts::PI)),
        )
    })
}

/// `jnp.arctan2(y, x)`: the angle of the point `(x, y)`.
#[track_caller]
pub fn arctan2(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    let args = promote_args_inexact(two(["x1", "x2"], x1, x2));
    inline_jit!("arctan2", "atan2", args, |a| lax::atan2(&a[0], &a[1]))
}

/// `jnp.nextafter(x, y)`: the next float after `x` toward `y`.
#[track_caller]
pub fn nextafter(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args_inexact(two(["x", "y"], x, y));
    lax::nextafter(&args[0], &args[1])
}

// ---- rounding ----

/// `jnp.floor(x)`: integers and bools come back unchanged.
#[track_caller]
pub fn floor(x: impl ArrayLike) -> Array {
    let x = one(x).into_array();
    if !x.dtype().is_float() {
        return x;
    }
    lax::floor(&x)
}

/// `jnp.ceil(x)`: integers and bools come back unchanged.
#[track_caller]
pub fn ceil(x: impl ArrayLike) -> Array {
    let x = one(x).into_array();
    if !x.dtype().is_float() {
        return x;
    }
    lax::ceil(&x)
}

/// `jnp.round(x)` (`around`): to the nearest integer, halves to even.
#[track_caller]
pub fn round(x: impl ArrayLike) -> Array {
    // JAX wraps this in jit(name=round).
    jax_jit("round", &["a"], vec![one(x)], |ops| {
        let x = ops.into_iter().next().expect("one operand").into_array();
        if x.dtype().is_integer() {
            return x;
        }
        lax::round(&x, RoundingMethod::ToNearestEven)
    })
}

/// `jnp.rint(x)`: halves to even; integers become float32.
#[track_caller]
pub fn rint(x: impl ArrayLike) -> Array {
    // JAX wraps this in jit(name=rint).
    jax_jit("rint", &["x"], vec![one(x)], |ops| {
        let x = ops.into_iter().next().expect("one operand").into_array();
        if !x.dtype().is_float() {
            return lax::convert_element_type(&x, DType::default_float(), false);
        }
        lax::round(&x, RoundingMethod::ToNearestEven)
    })
}

/// `jnp.trunc(x)`: toward zero.
#[track_caller]
pub fn trunc(x: impl ArrayLike) -> Array {
    // JAX wraps this in jit(name=trunc).
    jax_jit("trunc", &["x"], vec![one(x)], |ops| {
        let x = ops.into_iter().next().expect("one operand").into_array();
        if !x.dtype().is_float() {
            return x;
        }
        let negative = lax::lt(&x, &const_like(&x, Scalar::Int(0)));
        where_inner(negative.into(), ceil(&x).into(), floor(&x).into())
    })
}

// ---- predicates ----

/// `jnp.isnan(x)`: `x != x`.
#[track_caller]
pub fn isnan(x: impl ArrayLike) -> Array {
    let x = one(x).into_array();
    lax::ne(&x, &x)
}

/// `jnp.isfinite(x)`: neither infinite nor NaN (always true for integers).
#[track_caller]
pub fn isfinite(x: impl ArrayLike) -> Array {
    let x = one(x).into_array();
    if x.dtype().is_float() {
        return lax::is_finite(&x);
    }
    crate::numpy::full_like_dtype(&x, true, DType::Bool)
}

/// `jnp.isinf(x)`: `abs(x) == inf`.
#[track_caller]
pub fn isinf(x: impl ArrayLike) -> Array {
    // JAX wraps this in jit(name=isinf).
    jax_jit("isinf", &["x"], vec![one(x)], |ops| {
        let x = ops.into_iter().next().expect("one operand").into_array();
        if x.dtype().is_float() {
            return lax::eq(&lax::abs(&x), &const_like(&x, Scalar::Float(f64::INFINITY)));
        }
        crate::numpy::full_like_dtype(&x, false, DType::Bool)
    })
}

/// `jnp.signbit(x)`: whether the sign bit is set (true for −0.0).
#[track_caller]
pub fn signbit(x: impl ArrayLike) -> Array {
    // JAX wraps this in jit(name=signbit).
    jax_jit("signbit", &["x"], vec![one(x)], |ops| {
        let x = ops.into_iter().next().expect("one operand").into_array();
        match x.dtype().kind() {
            Kind::Int | Kind::UInt => lax::lt(&x, &const_like(&x, Scalar::Int(0))),
            Kind::Bool => crate::numpy::full_like_dtype(&x, false, DType::Bool),
            Kind::Float => {
                let int = match x.dtype().itemsize() {
                    2 => DType::I16,
                    4 => DType::I32,
                    _ => DType::I64,
                };
                let bits = lax::bitcast_convert_type(&x, int);
                let shift = int.itemsize() as i128 * 8 - 1;
                let shifted = lax::shift_right_arithmetic(
                    &bits,
                    &scalar_array(Scalar::Int(shift), int, false),
                );
                lax::convert_element_type(&shifted, DType::Bool, false)
            }
        }
    })
}

// ---- comparisons ----

macro_rules! comparisons {
    ($($(#[$doc:meta])* $name:ident => $lax:path),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(x: impl ArrayLike, y: impl ArrayLike) -> Array {
            // No tangent, so nothing to contract: the body runs in place under every trace.
            let args = promote_args(two(["x", "y"], x, y));
            $lax(&args[0], &args[1])
        }
    )*};
}

comparisons! {
    /// `jnp.equal(x, y)`: elementwise `x == y`, a bool array.
    equal => lax::eq,
    /// `jnp.not_equal(x, y)`: elementwise `x != y`.
    not_equal => lax::ne,
    /// `jnp.less(x, y)`: elementwise `x < y`.
    less => lax::lt,
    /// `jnp.less_equal(x, y)`: elementwise `x <= y`.
    less_equal => lax::le,
    /// `jnp.greater(x, y)`: elementwise `x > y`.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// let x = jnp::array([1.0, 2.5, 3.0]);
    /// assert_eq!(jnp::greater(&x, 2).to_vec::<bool>(), vec![false, true, true]);
    /// ```
    greater => lax::gt,
    /// `jnp.greater_equal(x, y)`: elementwise `x >= y`.
    greater_equal => lax::ge,
}

// ---- logical and bitwise ----

/// ufuncs.py `_to_bool`: `x != 0` unless already bool.
#[track_caller]
fn to_bool(x: &Array) -> Array {
    if x.dtype() == DType::Bool {
        return x.clone();
    }
    lax::ne(x, &const_like(x, Scalar::Int(0)))
}

macro_rules! logical_ops {
    ($($(#[$doc:meta])* $name:ident => $lax:path),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(x: impl ArrayLike, y: impl ArrayLike) -> Array {
            let args = promote_args(two(["x", "y"], x, y));
            $lax(&to_bool(&args[0]), &to_bool(&args[1]))
        }
    )*};
}

logical_ops! {
    /// `jnp.logical_and(x, y)`: both non-zero.
    logical_and => lax::bitwise_and,
    /// `jnp.logical_or(x, y)`: either non-zero.
    logical_or => lax::bitwise_or,
    /// `jnp.logical_xor(x, y)`: exactly one non-zero.
    logical_xor => lax::bitwise_xor,
}

/// `jnp.logical_not(x)`: `x == 0`.
#[track_caller]
pub fn logical_not(x: impl ArrayLike) -> Array {
    let x = promote_args(vec![one(x)]);
    lax::bitwise_not(&to_bool(&x[0]))
}

macro_rules! bitwise_ops {
    ($($(#[$doc:meta])* $name:ident => $lax:path),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(x: impl ArrayLike, y: impl ArrayLike) -> Array {
            // No tangent, so nothing to contract: the body runs in place under every trace.
            let args = promote_args(two(["x", "y"], x, y));
            $lax(&args[0], &args[1])
        }
    )*};
}

bitwise_ops! {
    /// `jnp.bitwise_and(x, y)`: integers or bools.
    bitwise_and => lax::bitwise_and,
    /// `jnp.bitwise_or(x, y)`.
    bitwise_or => lax::bitwise_or,
    /// `jnp.bitwise_xor(x, y)`.
    bitwise_xor => lax::bitwise_xor,
}

/// `jnp.bitwise_not(x)` (`invert`).
#[track_caller]
pub fn bitwise_not(x: impl ArrayLike) -> Array {
    let x = promote_args(vec![one(x)]);
    lax::bitwise_not(&x[0])
}

/// `jnp.invert(x)`: the same as [`bitwise_not`].
#[track_caller]
pub fn invert(x: impl ArrayLike) -> Array {
    bitwise_not(x)
}

/// `jnp.left_shift(x, y)`.
#[track_caller]
pub fn left_shift(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args_numeric(two(["x", "y"], x, y));
    lax::shift_left(&args[0], &args[1])
}

/// `jnp.right_shift(x, y)`: logical for unsigned integers, arithmetic for signed ones.
#[track_caller]
pub fn right_shift(x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let args = promote_args_numeric(two(["x1", "x2"], x, y));
    if args[0].dtype().is_unsigned_integer() {
        lax::shift_right_logical(&args[0], &args[1])
    } else {
        lax::shift_right_arithmetic(&args[0], &args[1])
    }
}

// ---- where and clip ----

/// `jnp.where(condition, x, y)`: `x` where `condition` is true, else `y`, broadcast
/// together (`where_` because `where` is a Rust keyword).
///
/// # Panics
/// `Incompatible shapes for broadcasting: shapes=[(3,), (2,), ()]` when the shapes do not
/// broadcast.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1.0, -2.0, 3.0]);
/// let y = jnp::where_(jnp::greater(&x, 0), &x, 0.0);
/// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0, 3.0]);
/// ```
#[track_caller]
pub fn where_(condition: impl ArrayLike, x: impl ArrayLike, y: impl ArrayLike) -> Array {
    let ops = vec![condition.into_operand(), x.into_operand(), y.into_operand()];
    check_jit_args(&["condition", "x", "y"], &ops);
    let [c, x, y]: [Operand; 3] = ops.try_into().unwrap_or_else(|_| unreachable!());
    where_inner(c, x, y)
}

/// util.py `_where`, which JAX wraps in its own jit.
#[track_caller]
pub(crate) fn where_inner(condition: Operand, x: Operand, y: Operand) -> Array {
    // The broadcast check runs here, outside the jit body, to panic at the caller's line.
    let shapes: Vec<&[usize]> = if condition.shape().is_empty() {
        vec![x.shape(), y.shape()]
    } else {
        vec![condition.shape(), x.shape(), y.shape()]
    };
    if try_broadcast_shapes(&shapes).is_none() {
        let listed: Vec<String> = shapes.iter().map(|s| py_tuple(s)).collect();
        panic!(
            "Incompatible shapes for broadcasting: shapes=[{}]",
            listed.join(", ")
        );
    }
    // JAX wraps this in jit(name=_where).
    jax_jit(
        "_where",
        &["condition", "x", "y"],
        vec![condition, x, y],
        |ops| {
            let [c, x, y]: [Operand; 3] = ops.try_into().unwrap_or_else(|_| unreachable!());
            let c = c.into_array();
            let c = if c.dtype() == DType::Bool {
                c
            } else {
                lax::ne(&c, &const_like(&c, Scalar::Int(0)))
            };
            let xy = crate::numpy::operand::promote_dtypes(vec![x, y]);
            let (x, y) = (&xy[0], &xy[1]);
            let (c, x, y) = if c.ndim() == 0 {
                let b = broadcast_arrays(&[x.clone(), y.clone()]);
                (c, b[0].clone(), b[1].clone())
            } else {
                let b = broadcast_arrays(&[c, x.clone(), y.clone()]);
                (b[0].clone(), b[1].clone(), b[2].clone())
            };
            if x.size() == 0 {
                return x;
            }
            lax::select(&c, &x, &y)
        },
    )
}

/// util.py `_broadcast_arrays`: every array broadcast to the common shape.
///
/// # Panics
/// `Incompatible shapes for broadcasting: shapes=[(3,), (2,)]`.
#[track_caller]
pub(crate) fn broadcast_arrays(arrays: &[Array]) -> Vec<Array> {
    let shapes: Vec<&[usize]> = arrays.iter().map(Array::shape).collect();
    let Some(shape) = try_broadcast_shapes(&shapes) else {
        let listed: Vec<String> = shapes.iter().map(|s| py_tuple(s)).collect();
        panic!(
            "Incompatible shapes for broadcasting: shapes=[{}]",
            listed.join(", ")
        );
    };
    arrays.iter().map(|a| broadcast_to(a, &shape)).collect()
}

/// util.py `_broadcast_to` for a shape known to be compatible: JAX 0.10.2's
/// `lax.broadcast_to` is one `broadcast_in_dim` (unit axes grow in place, no `squeeze`).
#[track_caller]
pub(crate) fn broadcast_to(x: &Array, shape: &[usize]) -> Array {
    if x.shape() == shape {
        return x.clone();
    }
    let nlead = shape.len() - x.ndim();
    bind1(
        Primitive::BroadcastInDim {
            shape: shape.to_vec(),
            broadcast_dimensions: (nlead..shape.len()).collect(),
        },
        std::slice::from_ref(x),
    )
}

/// `jnp.clip(x)`: `x` unchanged until a bound is set through [`clip_with`].
#[track_caller]
pub fn clip(x: impl ArrayLike) -> Array {
    clip_with(x, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.clip(arr, /, min=None, max=None)`.
    ClipKw {
        /// `min`: the lower bound (default none).
        min: Option<Operand> = None; (min: impl ArrayLike) => Some(min.into_operand()),
        /// `max`: the upper bound (default none).
        max: Option<Operand> = None; (max: impl ArrayLike) => Some(max.into_operand()),
    }
}

/// `jnp.clip(x, min=.., max=..)`: `minimum(max, maximum(min, x))`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([-1.0, 0.5, 3.0]);
/// let y = jnp::clip_with(&x, |kw| kw.min(0.0).max(2.0));
/// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.5, 2.0]);
/// ```
#[track_caller]
pub fn clip_with(x: impl ArrayLike, f: impl FnOnce(ClipKw) -> ClipKw) -> Array {
    let kw = crate::keywords::apply::<ClipKw>(f);
    clip_impl(x.into_operand(), kw.min, kw.max)
}

#[track_caller]
fn clip_impl(x: Operand, min: Option<Operand>, max: Option<Operand>) -> Array {
    let mut names = vec!["arr"];
    let mut ops = vec![x];
    if let Some(m) = min.clone() {
        names.push("min");
        ops.push(m);
    }
    if let Some(m) = max.clone() {
        names.push("max");
        ops.push(m);
    }
    // The shape checks of `maximum(min, x)` and `minimum(max, ..)`, outside the jit body.
    let mut shape = ops[0].shape().to_vec();
    for (name, bound) in [("max", &min), ("min", &max)] {
        if let Some(b) = bound {
            check_binary_shapes(name, b.shape(), &shape);
            shape = broadcast_pair(b.shape(), &shape);
        }
    }
    // JAX wraps this in jit(name=clip).
    jax_jit("clip", &names, ops, move |ops| {
        let mut it = ops.into_iter();
        let mut arr = it.next().expect("the clipped operand").into_array();
        if min.is_some() {
            arr = maximum(it.next().expect("min"), &arr);
        }
        if max.is_some() {
            arr = minimum(it.next().expect("max"), &arr);
        }
        arr
    })
}

impl From<Array> for Operand {
    fn from(a: Array) -> Operand {
        Operand::Array(a)
    }
}
