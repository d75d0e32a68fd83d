//! More elementwise math: `divmod`, `modf`, `frexp`, `ldexp`, `spacing`, `sinc`, `gcd`,
//! `lcm`.
//!
//! JAX counterpart: `jax/_src/numpy/ufuncs.py` and `lax_numpy.py` (`gcd`, `lcm`), one
//! operation for each of JAX's.

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::operand::ArrayLike;
use crate::numpy::ufuncs::{const_like, promote_args_inexact, promote_args_numeric};
use crate::numpy::{self as jnp};

/// `jnp.divmod(x1, x2)`: `(floor_divide(x1, x2), remainder(x1, x2))`, computed together.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (q, r) = jnp::divmod(jnp::array([7, -7]), 3);
/// assert_eq!((q.to_vec::<i32>(), r.to_vec::<i32>()), (vec![2, -3], vec![1, 2]));
/// ```
#[track_caller]
pub fn divmod(x1: impl ArrayLike, x2: impl ArrayLike) -> (Array, Array) {
    let v = promote_args_numeric(vec![x1.into_operand(), x2.into_operand()]);
    if v[0].dtype().is_float() {
        crate::numpy::ufuncs::float_divmod(&v[0], &v[1])
    } else {
        (
            jnp::floor_divide(&v[0], &v[1]),
            jnp::remainder(&v[0], &v[1]),
        )
    }
}

/// `jnp.modf(x)`: `(fractional part, integral part)`, both with `x`'s sign.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (f, i) = jnp::modf(jnp::array([2.5, -1.25]));
/// assert_eq!((f.to_vec::<f32>(), i.to_vec::<f32>()), (vec![0.5, -0.25], vec![2.0, -1.0]));
/// ```
#[track_caller]
pub fn modf(x: impl ArrayLike) -> (Array, Array) {
    let x = promote_args_inexact(vec![x.into_operand()]).remove(0);
    let zero = const_like(&x, Scalar::Int(0));
    let whole = jnp::where_(lax::ge(&x, &zero), jnp::floor(&x), jnp::ceil(&x));
    (jnp::subtract(&x, &whole), whole)
}

/// The bit layout of a float dtype: (the same-width integer, mantissa bits, exponent
/// bits, smallest normal exponent).
fn layout(dtype: DType) -> (DType, u32, u32, i32) {
    match dtype {
        DType::F64 => (DType::I64, 52, 11, -1022),
        DType::F16 => (DType::I16, 10, 5, -14),
        DType::BF16 => (DType::I16, 7, 8, -126),
        _ => (DType::I32, 23, 8, -126),
    }
}

/// `jnp.frexp(x)`: `(mantissa, exponent)` with `x = mantissa * 2 ** exponent` and
/// `0.5 <= |mantissa| < 1` (zeros, infinities and NaNs keep `x` and exponent 0).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (m, e) = jnp::frexp(jnp::array([8.0, 0.75]));
/// assert_eq!((m.to_vec::<f32>(), e.to_vec::<i32>()), (vec![0.5, 0.75], vec![4, 0]));
/// ```
#[track_caller]
pub fn frexp(x: impl ArrayLike) -> (Array, Array) {
    let x = promote_args_inexact(vec![x.into_operand()]).remove(0);
    let (int, nmant, nexp, minexp) = layout(x.dtype());
    let mask: i128 = (1 << nexp) - 1;
    let bias = (1 - minexp) as i128;
    let iconst = |v: i128| crate::numpy::scalar_array(Scalar::Int(v), int, false);
    // `_normalize_float`: subnormals scaled into the normal range first.
    let tiny = 2f64.powi(minexp);
    let small = lax::lt(&lax::abs(&x), &const_like(&x, Scalar::Float(tiny)));
    let scaled = jnp::where_(
        &small,
        lax::mul(&x, &const_like(&x, Scalar::Int(1 << nmant))),
        &x,
    );
    let x2 = jnp::where_(&small, iconst(-(nmant as i128)), iconst(0));
    let x1 = lax::bitcast_convert_type(&scaled, int);
    let shift = iconst(nmant as i128);
    let exp_bits = lax::bitwise_and(&lax::shift_right_arithmetic(&x1, &shift), &iconst(mask));
    let x2 = lax::add(
        &x2,
        &lax::add(&lax::sub(&exp_bits, &iconst(bias)), &iconst(1)),
    );
    let x1 = lax::bitwise_and(&x1, &lax::bitwise_not(&iconst(mask << nmant)));
    let x1 = lax::bitwise_or(&x1, &iconst((bias - 1) << nmant));
    let x1 = lax::bitcast_convert_type(&x1, x.dtype());
    let special = jnp::logical_or(
        jnp::logical_or(jnp::isinf(&x), jnp::isnan(&x)),
        jnp::equal(&x, 0),
    );
    let x2 = jnp::where_(&special, jnp::zeros_like(&x2), x2);
    (
        jnp::where_(&special, &x, x1),
        lax::convert_element_type(&x2, DType::I32, false),
    )
}

/// `jnp.ldexp(x1, x2)`: `x1 * 2 ** x2` for integer `x2`, without overflow in between.
///
/// # Panics
/// `ldexp not supported for input types (float32, float32)` for a float `x2`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::ldexp(jnp::array([0.75, 3.0]), jnp::array([2, -1])).to_vec::<f32>(),
///            vec![3.0, 1.5]);
/// ```
#[track_caller]
pub fn ldexp(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    let (x1, x2) = (
        x1.into_operand().into_array(),
        x2.into_operand().into_array(),
    );
    if x2.dtype().is_float() {
        panic!(
            "ldexp not supported for input types ({}, {})",
            x1.dtype(),
            x2.dtype()
        );
    }
    let x1 = promote_args_inexact(vec![x1.into()]).remove(0);
    let x2 = lax::convert_element_type(&x2, x1.dtype(), false);
    let (m, e) = frexp(&x1);
    let e = jnp::add(e.astype(x2.dtype()), &x2).astype(x1.dtype());
    let pos = jnp::greater(&e, 0);
    let m = jnp::where_(&pos, jnp::multiply(&m, 2), &m);
    let e = jnp::where_(&pos, jnp::subtract(&e, 1), &e);
    let x = jnp::multiply(&m, jnp::power(2, e.astype(m.dtype())));
    jnp::where_(jnp::logical_or(jnp::isinf(&x1), jnp::equal(&x1, 0)), &x1, x)
}

/// `jnp.spacing(x)`: the distance from `x` to the next float away from zero.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::spacing(jnp::array([1.0f32])).to_vec::<f32>(), vec![f32::EPSILON]);
/// ```
#[track_caller]
pub fn spacing(x: impl ArrayLike) -> Array {
    let arr = promote_args_inexact(vec![x.into_operand()]).remove(0);
    let inf = const_like(&arr, Scalar::Float(f64::INFINITY));
    if arr.dtype() == DType::F16 {
        return jnp::subtract(jnp::nextafter(&arr, &inf), &arr);
    }
    let (_, nmant, _, minexp) = layout(arr.dtype());
    let smallest_subnormal = 2f64.powi(minexp - nmant as i32);
    let result = jnp::subtract(jnp::nextafter(&arr, jnp::copysign(&inf, &arr)), &arr);
    let sub = const_like(&arr, Scalar::Float(smallest_subnormal));
    jnp::where_(jnp::equal(&result, 0), jnp::copysign(sub, &arr), result)
}

/// `jnp.sinc(x)`: `sin(πx) / (πx)`, and 1 at 0.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::sinc(jnp::array([0.0, 1.0])).to_vec::<f32>()[0], 1.0);
/// ```
#[track_caller]
pub fn sinc(x: impl ArrayLike) -> Array {
    let x = promote_args_inexact(vec![x.into_operand()]).remove(0);
    let eq_zero = lax::eq(&x, &const_like(&x, Scalar::Int(0)));
    let pi_x = lax::mul(&const_like(&x, Scalar::Float(std::f64::consts::PI)), &x);
    let safe = jnp::where_(&eq_zero, const_like(&x, Scalar::Int(1)), &pi_x);
    // `_sinc_maclaurin(0, pi_x)`: `pi_x * 0 + 1`, JAX's way to the value at zero.
    let at_zero = lax::add(
        &lax::mul(&pi_x, &const_like(&pi_x, Scalar::Int(0))),
        &const_like(&pi_x, Scalar::Float(1.0)),
    );
    jnp::where_(&eq_zero, at_zero, lax::div(&lax::sin(&safe), &safe))
}

/// `jnp.gcd(x1, x2)`: the greatest common divisor of integers (non-negative).
///
/// JAX runs Euclid's steps in a `while` loop until every pair is done; jaxrs has no loop
/// primitive, so it runs as many steps as the values need when they are known and the
/// most any pair of the dtype can need (the Fibonacci bound) under a trace.
///
/// # Panics
/// `Arguments to jax.numpy.gcd must be integers.`
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::gcd(jnp::array([12, -18, 0]), 8).to_vec::<i32>(), vec![4, 2, 8]);
/// ```
#[track_caller]
pub fn gcd(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    let v = crate::numpy::operand::promote_dtypes(vec![x1.into_operand(), x2.into_operand()]);
    if !v[0].dtype().is_integer() {
        panic!("Arguments to jax.numpy.gcd must be integers.");
    }
    let v = crate::numpy::operand::promote_shapes(v);
    let shape = crate::shape::broadcast_shapes("gcd", &[v[0].shape(), v[1].shape()]);
    let mut a = jnp::abs(jnp::broadcast_to(&v[0], shape.clone()));
    let mut b = jnp::abs(jnp::broadcast_to(&v[1], shape));
    let bound = match v[0].dtype() {
        DType::I8 | DType::U8 => 14,
        DType::I16 | DType::U16 => 25,
        DType::I64 | DType::U64 => 94,
        _ => 48,
    };
    for _ in 0..bound {
        let nonzero = jnp::not_equal(&b, 0);
        if b.as_concrete().is_some() && !jnp::any(&nonzero).item::<bool>() {
            break;
        }
        let zero = const_like(&b, Scalar::Int(0));
        let (na, nb) = (
            jnp::where_(&nonzero, &b, &a),
            jnp::where_(&nonzero, lax::rem(&a, &b), zero),
        );
        let swap = jnp::less(&na, &nb);
        a = jnp::where_(&swap, &nb, &na);
        b = jnp::where_(&swap, &na, &nb);
    }
    a
}

/// `jnp.lcm(x1, x2)`: the least common multiple of integers (non-negative).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::lcm(jnp::array([4, 6, 0]), 6).to_vec::<i32>(), vec![12, 6, 0]);
/// ```
#[track_caller]
pub fn lcm(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    let v = crate::numpy::operand::promote_dtypes(vec![x1.into_operand(), x2.into_operand()]);
    let (a, b) = (jnp::abs(&v[0]), jnp::abs(&v[1]));
    if !a.dtype().is_integer() {
        panic!("Arguments to jax.numpy.lcm must be integers.");
    }
    let d = gcd(&a, &b);
    jnp::where_(
        jnp::equal(&d, 0),
        const_like(&d, Scalar::Int(0)),
        jnp::multiply(&a, jnp::floor_divide(&b, &d)),
    )
}
