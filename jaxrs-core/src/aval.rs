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
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Aval {
    /// Extent of each axis.
    pub shape: Vec<usize>,
    /// Element type.
    pub dtype: DType,
    /// Whether the dtype is weak (came from a Rust scalar), as JAX's `weak_type`.
    pub weak_type: bool,
}

impl Aval {
    /// A strongly typed aval.
    pub fn new(shape: Vec<usize>, dtype: DType) -> Aval {
        Aval {
            shape,
            dtype,
            weak_type: false,
        }
    }

    /// An aval with an explicit weak-type flag.
    pub fn with_weak(shape: Vec<usize>, dtype: DType, weak_type: bool) -> Aval {
        Aval {
            shape,
            dtype,
            weak_type,
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
        write!(f, "{}[", self.dtype.short_name())?;
        for (i, d) in self.shape.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{d}")?;
        }
        f.write_str("]")
    }
}
