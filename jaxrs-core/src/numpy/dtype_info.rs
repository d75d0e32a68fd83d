//! `finfo` and `iinfo`: the limits of float and integer dtypes, as functions returning a
//! struct (JAX returns NumPy's `finfo`/`iinfo` objects).
//!
//! JAX counterpart: `jax/_src/dtypes.py` (`finfo`, which extends NumPy's to `bfloat16`),
//! `numpy.iinfo`. The values are the IEEE formats' (`ml_dtypes` for `bfloat16`).

use crate::dtype::DType;

/// The limits of a float dtype (`jnp.finfo(dtype)`); values are `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finfo {
    /// The dtype described.
    pub dtype: DType,
    /// Bits in the format.
    pub bits: u32,
    /// The gap between 1 and the next larger number.
    pub eps: f64,
    /// The gap between 1 and the next smaller number.
    pub epsneg: f64,
    /// The largest finite number.
    pub max: f64,
    /// The most negative finite number.
    pub min: f64,
    /// The smallest positive normal number (also `tiny`).
    pub smallest_normal: f64,
    /// The smallest positive normal number (NumPy's older name).
    pub tiny: f64,
    /// The smallest positive subnormal number.
    pub smallest_subnormal: f64,
    /// Mantissa bits (without the implicit one).
    pub nmant: i32,
    /// Exponent bits.
    pub nexp: i32,
    /// The exponent of `smallest_normal`.
    pub minexp: i32,
    /// The exponent of the first power of two that overflows.
    pub maxexp: i32,
    /// The number of exact decimal digits.
    pub precision: i32,
    /// `10 ** -precision`, rounded to the dtype.
    pub resolution: f64,
}

/// `jnp.finfo(dtype)`.
///
/// # Panics
/// `data type <class 'numpy.int32'> not inexact` for a non-float dtype.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, DType};
/// let f = jnp::finfo(DType::F32);
/// assert_eq!(f.eps, f32::EPSILON as f64);
/// assert_eq!(f.max, f32::MAX as f64);
/// ```
#[track_caller]
pub fn finfo(dtype: DType) -> Finfo {
    let (bits, nmant, nexp, precision) = match dtype {
        DType::F16 => (16, 10, 5, 3),
        DType::BF16 => (16, 7, 8, 2),
        DType::F32 => (32, 23, 8, 6),
        DType::F64 => (64, 52, 11, 15),
        other => panic!("data type <class 'numpy.{other}'> not inexact"),
    };
    let maxexp = 1 << (nexp - 1);
    let minexp = 2 - maxexp;
    let eps = 2f64.powi(-nmant);
    let max = (2.0 - eps) * 2f64.powi(maxexp - 1);
    let smallest_normal = 2f64.powi(minexp);
    Finfo {
        dtype,
        bits,
        eps,
        epsneg: eps / 2.0,
        max,
        min: -max,
        smallest_normal,
        tiny: smallest_normal,
        smallest_subnormal: smallest_normal * eps,
        nmant,
        nexp,
        minexp,
        maxexp,
        precision,
        resolution: in_dtype(10f64.powi(-precision), dtype),
    }
}

/// The limits of an integer dtype (`jnp.iinfo(dtype)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Iinfo {
    /// The dtype described.
    pub dtype: DType,
    /// Bits in the format.
    pub bits: u32,
    /// The smallest value.
    pub min: i128,
    /// The largest value.
    pub max: i128,
}

/// `jnp.iinfo(dtype)`.
///
/// # Panics
/// `Invalid integer data type 'f'.` for a non-integer dtype.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, DType};
/// assert_eq!(jnp::iinfo(DType::I8).min, -128);
/// assert_eq!(jnp::iinfo(DType::U16).max, 65535);
/// ```
#[track_caller]
pub fn iinfo(dtype: DType) -> Iinfo {
    if !dtype.is_integer() {
        panic!("Invalid integer data type 'f'.");
    }
    let bits = (dtype.itemsize() * 8) as u32;
    let (min, max) = if dtype.is_signed_integer() {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    Iinfo {
        dtype,
        bits,
        min,
        max,
    }
}

/// `v` rounded to `dtype` (NumPy's `finfo` holds its values as scalars of the dtype).
fn in_dtype(v: f64, dtype: DType) -> f64 {
    match dtype {
        DType::F16 => half::f16::from_f64(v).to_f64(),
        DType::BF16 => half::bf16::from_f64(v).to_f64(),
        DType::F32 => v as f32 as f64,
        _ => v,
    }
}
