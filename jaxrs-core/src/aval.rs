//! Abstract values: what tracing and caching see of an array.
//!
//! JAX counterpart: `jax/_src/core.py` (`ShapedArray`, `str_short`).

use std::fmt;

use crate::dtype::DType;

/// `(shape, dtype, weak_type)`: an array without its values.
///
/// Displays as in a jaxpr: `f32[3]`, `i32[]`, `bool[2,3]`.
///
/// # Examples
/// ```
/// use jaxrs_core::{aval::Aval, dtype::DType};
/// assert_eq!(Aval::new(vec![2, 3], DType::F32).to_string(), "f32[2,3]");
/// assert_eq!(Aval::prng_keys(&[3]).to_string(), "key<fry>[3]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Aval {
    /// Extent of each axis.
    pub shape: Vec<usize>,
    /// Element type.
    pub dtype: DType,
    /// Whether the dtype is weak (came from a Rust scalar), as JAX's `weak_type`.
    pub weak_type: bool,
    /// True for an array of threefry PRNG keys (JAX's extended dtype `key<fry>`). Only the
    /// `random_*` primitives make or take such arrays. They are stored physically: `dtype` is
    /// `uint32` and the last axis of `shape` (extent 2) holds each key's two words. The jaxpr
    /// form drops that axis: physical `u32[3,2]` prints as `key<fry>[3]`.
    pub prng_key: bool,
}

impl Aval {
    /// A strongly typed aval.
    pub fn new(shape: Vec<usize>, dtype: DType) -> Aval {
        Aval {
            shape,
            dtype,
            weak_type: false,
            prng_key: false,
        }
    }

    /// An aval with an explicit weak-type flag.
    pub fn with_weak(shape: Vec<usize>, dtype: DType, weak_type: bool) -> Aval {
        Aval {
            shape,
            dtype,
            weak_type,
            prng_key: false,
        }
    }

    /// The aval of threefry keys of logical shape `key_shape` (`key<fry>[..]`); the physical
    /// shape appends the key axis of extent 2.
    pub fn prng_keys(key_shape: &[usize]) -> Aval {
        let mut shape = key_shape.to_vec();
        shape.push(2);
        Aval {
            shape,
            dtype: DType::U32,
            weak_type: false,
            prng_key: true,
        }
    }

    /// The logical shape of a key array (its physical shape without the key axis); for other
    /// arrays, the shape.
    pub fn logical_shape(&self) -> &[usize] {
        if self.prng_key {
            &self.shape[..self.shape.len() - 1]
        } else {
            &self.shape
        }
    }

    /// Number of axes.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements (the product of the shape; 1 for a scalar).
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }
}

impl fmt::Display for Aval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prng_key {
            f.write_str("key<fry>[")?;
        } else {
            write!(f, "{}[", self.dtype.short_name())?;
        }
        for (i, d) in self.logical_shape().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{d}")?;
        }
        f.write_str("]")
    }
}
