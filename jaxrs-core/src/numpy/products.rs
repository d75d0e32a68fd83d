//! Tensor products: `tensordot`, `kron`, `cross`.
//!
//! JAX counterpart: `jax/_src/numpy/tensor_contractions.py` and `lax_numpy.py`.

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::{promote_dtypes, ArrayLike};
use crate::shape::canonicalize_axis;

/// Axes of [`tensordot`]: a count `n` (the last `n` of `a` with the first `n` of `b`) or
/// two lists of axes.
pub trait TensordotAxes {
    /// The contracted axes of `a` and of `b`, not yet canonical.
    fn axes(self, a_ndim: usize) -> (Vec<isize>, Vec<isize>);
}

impl TensordotAxes for usize {
    fn axes(self, a_ndim: usize) -> (Vec<isize>, Vec<isize>) {
        let n = self as isize;
        (
            (a_ndim as isize - n..a_ndim as isize).collect(),
            (0..n).collect(),
        )
    }
}

impl TensordotAxes for i32 {
    fn axes(self, a_ndim: usize) -> (Vec<isize>, Vec<isize>) {
        (self.max(0) as usize).axes(a_ndim)
    }
}

impl<const N: usize> TensordotAxes for ([isize; N], [isize; N]) {
    fn axes(self, _a_ndim: usize) -> (Vec<isize>, Vec<isize>) {
        (self.0.to_vec(), self.1.to_vec())
    }
}

impl TensordotAxes for (Vec<isize>, Vec<isize>) {
    fn axes(self, _a_ndim: usize) -> (Vec<isize>, Vec<isize>) {
        self
    }
}

/// `jnp.tensordot(a, b, axes)`: sums products over the paired axes; the result's axes are
/// `a`'s free axes, then `b`'s.
///
/// # Panics
/// With `dot_general`'s messages for contracted axes of different sizes.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::ones([2, 3]);
/// let b = jnp::ones([3, 4]);
/// assert_eq!(jnp::tensordot(&a, &b, 1usize).shape(), &[2, 4]);
/// ```
#[track_caller]
pub fn tensordot(a: impl ArrayLike, b: impl ArrayLike, axes: impl TensordotAxes) -> Array {
    let ab = promote_dtypes(vec![a.into_operand(), b.into_operand()]);
    let (a, b) = (&ab[0], &ab[1]);
    let (ax_a, ax_b) = axes.axes(a.ndim());
    let ca: Vec<usize> = ax_a
        .iter()
        .map(|&d| canonicalize_axis(d, a.ndim()))
        .collect();
    let cb: Vec<usize> = ax_b
        .iter()
        .map(|&d| canonicalize_axis(d, b.ndim()))
        .collect();
    let dtype = a.dtype();
    lax::dot_general_with(a, b, ((ca, cb), (vec![], vec![])), |kw| {
        kw.preferred_element_type(dtype)
    })
}

/// `jnp.kron(a, b)`: the Kronecker product (blocks `a[i, j] * b`).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let k = jnp::kron(jnp::array([1, 2]), jnp::array([1, 10]));
/// assert_eq!(k.to_vec::<i32>(), vec![1, 10, 2, 20]);
/// ```
#[track_caller]
pub fn kron(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let args = promote_dtypes(vec![a.into_operand(), b.into_operand()]);
    crate::api::jit_call("kron", &args, |ab| {
        let (mut a, mut b) = (ab[0].clone(), ab[1].clone());
        if a.ndim() < b.ndim() {
            let dims: Vec<isize> = (0..(b.ndim() - a.ndim()) as isize).collect();
            a = lax::expand_dims(&a, &dims);
        } else if b.ndim() < a.ndim() {
            let dims: Vec<isize> = (0..(a.ndim() - b.ndim()) as isize).collect();
            b = lax::expand_dims(&b, &dims);
        }
        let nd = a.ndim() as isize;
        let a2 = lax::expand_dims(&a, &(0..nd).map(|i| 2 * i + 1).collect::<Vec<_>>());
        let b2 = lax::expand_dims(&b, &(0..nd).map(|i| 2 * i).collect::<Vec<_>>());
        let shape: Vec<usize> = a
            .shape()
            .iter()
            .zip(b.shape())
            .map(|(x, y)| x * y)
            .collect();
        vec![lax::reshape(&crate::numpy::multiply(&a2, &b2), &shape)]
    })
    .remove(0)
}

/// `jnp.cross(a, b)`: the cross product of 3-vectors along the last axis.
///
/// # Panics
/// For a last axis of another size: `jaxrs supports 3-vectors in jnp.cross, got 2`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let c = jnp::cross(jnp::array([1.0, 0.0, 0.0]), jnp::array([0.0, 1.0, 0.0]));
/// assert_eq!(c.to_vec::<f32>(), vec![0.0, 0.0, 1.0]);
/// ```
#[track_caller]
pub fn cross(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let args = promote_dtypes(vec![a.into_operand(), b.into_operand()]);
    for x in &args {
        let n = x.shape().last().copied().unwrap_or(0);
        if n != 3 {
            panic!("jaxrs supports 3-vectors in jnp.cross, got {n}");
        }
    }
    crate::api::jit_call("cross", &args, |ab| {
        let parts = |x: &Array| -> Vec<Array> {
            let nd = x.ndim();
            (0..3)
                .map(|k| {
                    let mut start = vec![0; nd];
                    let mut limit = x.shape().to_vec();
                    start[nd - 1] = k;
                    limit[nd - 1] = k + 1;
                    lax::squeeze(&lax::slice(x, &start, &limit, None), &[nd as isize - 1])
                })
                .collect()
        };
        let (a, b) = (parts(&ab[0]), parts(&ab[1]));
        let m = |x: &Array, y: &Array| crate::numpy::multiply(x, y);
        let c0 = crate::numpy::subtract(m(&a[1], &b[2]), m(&a[2], &b[1]));
        let c1 = crate::numpy::subtract(m(&a[2], &b[0]), m(&a[0], &b[2]));
        let c2 = crate::numpy::subtract(m(&a[0], &b[1]), m(&a[1], &b[0]));
        vec![crate::numpy::stack_with([c0, c1, c2], |kw| kw.axis(-1))]
    })
    .remove(0)
}
