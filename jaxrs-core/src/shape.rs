//! Shape arithmetic: broadcasting, axis normalization, sizes that cannot overflow.
//!
//! JAX counterpart: `jax/_src/lax/lax.py` (`broadcast_shapes`, `_try_broadcast_shapes`)
//! and `jax/_src/util.py` (`canonicalize_axis`).

use std::fmt;

/// A shape shown as a Python tuple, as JAX's messages show shapes: `(3,)`, `(2, 3)`, `()`.
pub struct PyTuple<'a, T>(pub &'a [T]);

impl<T: fmt::Display> fmt::Display for PyTuple<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() == 1 {
            f.write_str(",")?;
        }
        f.write_str(")")
    }
}

/// Formats a shape as a Python tuple string.
pub fn py_tuple<T: fmt::Display>(xs: &[T]) -> String {
    PyTuple(xs).to_string()
}

/// The number of elements of `shape`, or `None` if it overflows `usize`.
pub fn checked_size(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// The number of elements of `shape`.
///
/// # Panics
/// If the product overflows `usize`.
#[track_caller]
pub fn size_of(shape: &[usize]) -> usize {
    checked_size(shape).unwrap_or_else(|| {
        panic!(
            "Shape {} has too many elements: its size overflows usize",
            py_tuple(shape)
        )
    })
}

/// NumPy broadcasting of several shapes, or `None` if they are incompatible.
pub fn try_broadcast_shapes(shapes: &[&[usize]]) -> Option<Vec<usize>> {
    let ndim = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; ndim];
    for s in shapes {
        let offset = ndim - s.len();
        for (i, &d) in s.iter().enumerate() {
            let o = &mut out[offset + i];
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                return None;
            }
        }
    }
    Some(out)
}

/// NumPy broadcasting of several shapes.
///
/// # Panics
/// With JAX's message when the shapes do not broadcast, naming `op`:
/// `add got incompatible shapes for broadcasting: (3,), (4,).`
#[track_caller]
pub fn broadcast_shapes(op: &str, shapes: &[&[usize]]) -> Vec<usize> {
    try_broadcast_shapes(shapes).unwrap_or_else(|| {
        let listed: Vec<String> = shapes.iter().map(|s| py_tuple(s)).collect();
        panic!(
            "{op} got incompatible shapes for broadcasting: {}.",
            listed.join(", ")
        )
    })
}

/// Turns a possibly negative axis into an index below `ndim`.
///
/// # Panics
/// With JAX's message: `axis 2 is out of bounds for array of dimension 2`.
#[track_caller]
pub fn canonicalize_axis(axis: isize, ndim: usize) -> usize {
    let n = ndim as isize;
    if axis < -n || axis >= n {
        panic!("axis {axis} is out of bounds for array of dimension {ndim}");
    }
    if axis < 0 {
        (axis + n) as usize
    } else {
        axis as usize
    }
}

/// Row-major strides (in elements) of `shape`.
pub fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1usize; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1];
    }
    s
}

/// Values that name a shape: `3`, `[2, 3]`, `[]`, `vec![2, 3]`, `&[2, 3][..]`.
pub trait IntoShape {
    /// The extents.
    fn into_shape(self) -> Vec<usize>;
}

impl IntoShape for usize {
    fn into_shape(self) -> Vec<usize> {
        vec![self]
    }
}

impl<const N: usize> IntoShape for [usize; N] {
    fn into_shape(self) -> Vec<usize> {
        self.to_vec()
    }
}

impl IntoShape for Vec<usize> {
    fn into_shape(self) -> Vec<usize> {
        self
    }
}

impl IntoShape for &[usize] {
    fn into_shape(self) -> Vec<usize> {
        self.to_vec()
    }
}

impl IntoShape for &Vec<usize> {
    fn into_shape(self) -> Vec<usize> {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_print_like_python() {
        assert_eq!(py_tuple::<usize>(&[]), "()");
        assert_eq!(py_tuple(&[3]), "(3,)");
        assert_eq!(py_tuple(&[2, 3]), "(2, 3)");
    }

    #[test]
    fn broadcasting() {
        assert_eq!(try_broadcast_shapes(&[&[2, 1], &[3]]), Some(vec![2, 3]));
        assert_eq!(try_broadcast_shapes(&[&[3], &[4]]), None);
        assert_eq!(try_broadcast_shapes(&[&[], &[0, 2]]), Some(vec![0, 2]));
    }

    #[test]
    fn size_overflow_is_detected() {
        assert_eq!(checked_size(&[usize::MAX, 2]), None);
        assert_eq!(checked_size(&[]), Some(1));
        assert_eq!(strides(&[2, 3, 4]), vec![12, 4, 1]);
    }
}
