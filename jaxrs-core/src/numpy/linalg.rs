//! Products: `matmul`, `dot`, `vdot`, `inner`, `outer`, and `Array::matmul`/`Array::dot`.
//!
//! JAX counterpart: `jax/_src/numpy/tensor_contractions.py`. Both operands keep their
//! dtypes; `dot_general` gets `preferred_element_type` = the promoted dtype (so mixed
//! `int32 @ float32` is one `dot_general`, as in JAX), and the result is converted to the
//! promoted weak type only when that differs.

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::ArrayLike;
use crate::shape::py_tuple;

/// The promoted dtype and weak flag of two operands (`dtypes.result_type(a, b,
/// return_weak_type_flag=True)`).
fn result_type(a: &Array, b: &Array) -> (DType, bool) {
    DType::result_type(&[(a.dtype(), a.weak_type()), (b.dtype(), b.weak_type())])
}

/// `dtype[d0,d1]` as JAX's messages show an aval.
fn long_aval(x: &Array) -> String {
    let dims: Vec<String> = x.shape().iter().map(|d| d.to_string()).collect();
    format!("{}[{}]", x.dtype().name(), dims.join(","))
}

/// `jnp.matmul(a, b)` (`a @ b`): matrix product with NumPy's rules: 1-d operands are
/// vectors (their axis is dropped from the result), leading axes broadcast as batch axes.
///
/// # Panics
/// `matmul input operand 1 must have ndim at least 1, but it has ndim 0`;
/// `dot_general requires contracting dimensions to have the same shape, got (3,) and (2,).`;
/// `Incompatible types for matmul arguments: float32[2,3,4] and float32[3,4,5]`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([[1.0, 2.0], [3.0, 4.0]]);
/// let b = jnp::array([[1.0], [1.0]]);
/// assert_eq!(jnp::matmul(&a, &b).to_vec::<f32>(), vec![3.0, 7.0]);
/// ```
#[track_caller]
pub fn matmul(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let a = a.into_operand().into_array();
    let b = b.into_operand().into_array();
    for (i, x) in [&a, &b].into_iter().enumerate() {
        if x.ndim() < 1 {
            panic!(
                "matmul input operand {i} must have ndim at least 1, but it has ndim {}",
                x.ndim()
            );
        }
    }
    let (dtype, weak) = result_type(&a, &b);
    let (a_is_mat, b_is_mat) = (a.ndim() > 1, b.ndim() > 1);
    let batch = |x: &Array, is_mat: bool| -> Vec<usize> {
        if is_mat {
            x.shape()[..x.ndim() - 2].to_vec()
        } else {
            Vec::new()
        }
    };
    let (ab, bb) = (batch(&a, a_is_mat), batch(&b, b_is_mat));
    let nb = ab.len().max(bb.len());
    let pad = |v: Vec<usize>| -> Vec<Option<usize>> {
        let mut out = vec![None; nb - v.len()];
        out.extend(v.into_iter().map(Some));
        out
    };
    let (ab, bb) = (pad(ab), pad(bb));
    let (mut a_squeeze, mut b_squeeze, mut both_squeeze) = (Vec::new(), Vec::new(), Vec::new());
    let (mut a_batch, mut b_batch) = (Vec::new(), Vec::new());
    let (mut idx_batch, mut idx_a_other, mut idx_b_other) = (Vec::new(), Vec::new(), Vec::new());
    for (i, (ba, bb)) in ab.iter().zip(&bb).enumerate() {
        match (ba, bb) {
            (None, _) => idx_b_other.push(i),
            (_, None) => idx_a_other.push(i),
            (Some(1), Some(1)) => {
                a_squeeze.push((idx_batch.len() + idx_a_other.len() + a_squeeze.len()) as isize);
                b_squeeze.push((idx_batch.len() + idx_b_other.len() + b_squeeze.len()) as isize);
                both_squeeze.push(i as isize);
            }
            (Some(1), _) => {
                idx_b_other.push(i);
                a_squeeze.push((idx_batch.len() + idx_a_other.len() + a_squeeze.len()) as isize);
            }
            (_, Some(1)) => {
                idx_a_other.push(i);
                b_squeeze.push((idx_batch.len() + idx_b_other.len() + b_squeeze.len()) as isize);
            }
            (Some(x), Some(y)) if x == y => {
                a_batch.push(idx_batch.len() + idx_a_other.len());
                b_batch.push(idx_batch.len() + idx_b_other.len());
                idx_batch.push(i);
            }
            _ => panic!(
                "Incompatible types for matmul arguments: {} and {}",
                long_aval(&a),
                long_aval(&b)
            ),
        }
    }
    if a_is_mat {
        idx_a_other.push(nb);
    }
    if b_is_mat {
        idx_b_other.push(nb + a_is_mat as usize);
    }
    let order: Vec<usize> = idx_batch
        .iter()
        .chain(&idx_a_other)
        .chain(&idx_b_other)
        .copied()
        .collect();
    // perm = argsort(order)
    let mut perm: Vec<usize> = (0..order.len()).collect();
    perm.sort_by_key(|&k| order[k]);
    let a = lax::squeeze(&a, &a_squeeze);
    let b = lax::squeeze(&b, &b_squeeze);
    let dn = (
        (vec![a.ndim() - 1], vec![b.ndim() - 1 - b_is_mat as usize]),
        (a_batch, b_batch),
    );
    let out = lax::dot_general_with(&a, &b, dn, |kw| kw.preferred_element_type(dtype));
    let mut result = lax::transpose(&out, &perm);
    if !both_squeeze.is_empty() {
        result = lax::expand_dims(&result, &both_squeeze);
    }
    lax::convert_element_type(&result, dtype, weak)
}

/// `jnp.dot(a, b)`: for 2-d operands the matrix product; contracts the last axis of `a`
/// with the second-to-last of `b` (the only one if `b` is 1-d); scalars multiply.
///
/// # Panics
/// `dot_general requires contracting dimensions to have the same shape, got (3,) and (4,).`
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let v = jnp::array([1, 2, 3]);
/// assert_eq!(jnp::dot(&v, &v).item::<i32>(), 14);
/// ```
#[track_caller]
pub fn dot(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let a = a.into_operand().into_array();
    let b = b.into_operand().into_array();
    let (dtype, weak) = result_type(&a, &b);
    let (an, bn) = (a.ndim(), b.ndim());
    let contract = if an == 0 || bn == 0 {
        (vec![], vec![])
    } else if bn == 1 {
        (vec![an - 1], vec![0])
    } else {
        (vec![an - 1], vec![bn - 2])
    };
    let out = lax::dot_general_with(&a, &b, (contract, (vec![], vec![])), |kw| {
        kw.preferred_element_type(dtype)
    });
    lax::convert_element_type(&out, dtype, weak)
}

/// `jnp.vdot(a, b)`: the dot product of the flattened operands.
///
/// # Panics
/// `dot_general requires contracting dimensions to have the same shape, got (3,) and (4,).`
#[track_caller]
pub fn vdot(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let a = a.into_operand().into_array();
    let b = b.into_operand().into_array();
    dot(a.ravel(), b.ravel())
}

/// `jnp.outer(a, b)`: `a.ravel()[:, None] * b.ravel()[None, :]`.
#[track_caller]
pub fn outer(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let a = a.into_operand().into_array().ravel();
    let b = b.into_operand().into_array().ravel();
    let a = lax::expand_dims(&a, &[1]);
    crate::numpy::multiply(&a, &b)
}

/// `jnp.inner(a, b)`: contracts the last axes of both operands.
///
/// # Panics
/// `dot_general requires contracting dimensions to have the same shape, got (3,) and (4,).`
#[track_caller]
pub fn inner(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    let a = a.into_operand().into_array();
    let b = b.into_operand().into_array();
    let (dtype, weak) = result_type(&a, &b);
    if a.ndim() == 0 || b.ndim() == 0 {
        return dot(a, b);
    }
    let dn = ((vec![a.ndim() - 1], vec![b.ndim() - 1]), (vec![], vec![]));
    let out = lax::dot_general_with(&a, &b, dn, |kw| kw.preferred_element_type(dtype));
    lax::convert_element_type(&out, dtype, weak)
}

impl Array {
    /// `x @ y`: see [`matmul`].
    #[track_caller]
    pub fn matmul(&self, other: impl ArrayLike) -> Array {
        matmul(self, other)
    }

    /// `x.dot(y)`: see [`dot`].
    #[track_caller]
    pub fn dot(&self, other: impl ArrayLike) -> Array {
        dot(self, other)
    }
}

#[allow(dead_code)]
fn shape_str(x: &Array) -> String {
    py_tuple(x.shape())
}
