//! Index arrays: `indices`, `tril_indices`/`triu_indices` (and `_from`), `diag_indices`
//! (and `_from`), `unravel_index`, `ravel_multi_index`.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py`. `tril_indices`/`triu_indices` are
//! JAX's `nonzero` of a triangle of ones with the triangle's static size.

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::ArrayLike;
use crate::numpy::{self as jnp};

crate::keywords! {
    /// Keywords of `jnp.indices(dimensions, dtype=None, sparse=False)` (`sparse=True`
    /// is [`indices_sparse`]).
    IndicesKw {
        /// `dtype`: an integer dtype (default `int32`).
        dtype: DType = DType::default_int(); (dtype: DType) => dtype,
    }
}

/// `jnp.indices(dimensions)`: a grid of indices, `(len(dimensions), *dimensions)`.
/// Keywords through [`indices_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let g = jnp::indices([2, 3]);
/// assert_eq!(g.shape(), &[2, 2, 3]);
/// assert_eq!(g.to_vec::<i32>(), vec![0, 0, 0, 1, 1, 1, 0, 1, 2, 0, 1, 2]);
/// ```
#[track_caller]
pub fn indices(dimensions: impl crate::shape::IntoShape) -> Array {
    indices_with(dimensions, |kw| kw)
}

/// `jnp.indices(dimensions, dtype=..)`.
#[track_caller]
pub fn indices_with(
    dimensions: impl crate::shape::IntoShape,
    f: impl FnOnce(IndicesKw) -> IndicesKw,
) -> Array {
    let kw = crate::keywords::apply::<IndicesKw>(f);
    let dims = dimensions.into_shape();
    let parts: Vec<Array> = (0..dims.len())
        .map(|i| lax::broadcast_in_dim(&lax::iota(kw.dtype, dims[i]), &dims, &[i]))
        .collect();
    if parts.is_empty() {
        return jnp::zeros_with([0], |k| k.dtype(kw.dtype));
    }
    jnp::stack(parts)
}

/// `jnp.indices(dimensions, dtype=.., sparse=True)`: one index array per axis, each with
/// length-1 axes elsewhere.
#[track_caller]
pub fn indices_sparse(
    dimensions: impl crate::shape::IntoShape,
    f: impl FnOnce(IndicesKw) -> IndicesKw,
) -> Vec<Array> {
    let kw = crate::keywords::apply::<IndicesKw>(f);
    let dims = dimensions.into_shape();
    (0..dims.len())
        .map(|i| {
            let mut s = vec![1; dims.len()];
            s[i] = dims[i];
            lax::broadcast_in_dim(&lax::iota(kw.dtype, dims[i]), &s, &[i])
        })
        .collect()
}

crate::keywords! {
    /// Keywords of `jnp.tril_indices(n, k=0, m=None)` and `jnp.triu_indices`.
    TriIndicesKw {
        /// `k`: the diagonal (default `0`; positive is above the main one).
        k: i64 = 0; (k: i64) => k,
        /// `m`: the number of columns (default `n`).
        m: Option<usize> = None; (m: usize) => Some(m),
    }
}

/// `_triu_size(n, m, k)`: the number of elements on or above diagonal `k` of `n × m`.
fn triu_size(n: i64, m: i64, k: i64) -> i64 {
    if k < 0 {
        n * m - triu_size(m, n, 1 - k)
    } else if k >= m {
        0
    } else {
        let mk = n.min(m - k);
        mk * (mk + 1) / 2 + mk * (m - k - mk)
    }
}

/// `jnp.tril_indices(n)`: the row and column indices of the lower triangle of an `n × n`
/// array. Keywords through [`tril_indices_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (i, j) = jnp::tril_indices(2);
/// assert_eq!((i.to_vec::<i32>(), j.to_vec::<i32>()), (vec![0, 1, 1], vec![0, 0, 1]));
/// ```
#[track_caller]
pub fn tril_indices(n: usize) -> (Array, Array) {
    tril_indices_with(n, |kw| kw)
}

/// `jnp.tril_indices(n, k=.., m=..)`.
#[track_caller]
pub fn tril_indices_with(n: usize, f: impl FnOnce(TriIndicesKw) -> TriIndicesKw) -> (Array, Array) {
    let kw = crate::keywords::apply::<TriIndicesKw>(f);
    let m = kw.m.unwrap_or(n);
    let size = triu_size(m as i64, n as i64, -kw.k).max(0) as usize;
    let ones = jnp::tril_with(jnp::ones([n, m]), |k| k.k(kw.k));
    two(jnp::nonzero_with(ones, |k| k.size(size)))
}

/// `jnp.triu_indices(n)`: the row and column indices of the upper triangle of an `n × n`
/// array. Keywords through [`triu_indices_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (i, j) = jnp::triu_indices(2);
/// assert_eq!((i.to_vec::<i32>(), j.to_vec::<i32>()), (vec![0, 0, 1], vec![0, 1, 1]));
/// ```
#[track_caller]
pub fn triu_indices(n: usize) -> (Array, Array) {
    triu_indices_with(n, |kw| kw)
}

/// `jnp.triu_indices(n, k=.., m=..)`.
#[track_caller]
pub fn triu_indices_with(n: usize, f: impl FnOnce(TriIndicesKw) -> TriIndicesKw) -> (Array, Array) {
    let kw = crate::keywords::apply::<TriIndicesKw>(f);
    let m = kw.m.unwrap_or(n);
    let size = triu_size(n as i64, m as i64, kw.k).max(0) as usize;
    let ones = jnp::triu_with(jnp::ones([n, m]), |k| k.k(kw.k));
    two(jnp::nonzero_with(ones, |k| k.size(size)))
}

fn two(mut v: Vec<Array>) -> (Array, Array) {
    let j = v.pop().expect("column indices");
    let i = v.pop().expect("row indices");
    (i, j)
}

crate::keywords! {
    /// Keywords of `jnp.tril_indices_from(arr, k=0)` and `jnp.triu_indices_from`.
    TriIndicesFromKw {
        /// `k`: the diagonal (default `0`).
        k: i64 = 0; (k: i64) => k,
    }
}

#[track_caller]
fn shape_2d(arr: impl ArrayLike) -> (usize, usize) {
    let arr = arr.into_operand();
    let s = arr.shape();
    if s.len() != 2 {
        panic!("Only 2-D inputs are accepted");
    }
    (s[0], s[1])
}

/// `jnp.tril_indices_from(arr)`: [`tril_indices`] for `arr`'s 2-d shape.
#[track_caller]
pub fn tril_indices_from(arr: impl ArrayLike) -> (Array, Array) {
    tril_indices_from_with(arr, |kw| kw)
}

/// `jnp.tril_indices_from(arr, k=..)`.
///
/// # Panics
/// `Only 2-D inputs are accepted`.
#[track_caller]
pub fn tril_indices_from_with(
    arr: impl ArrayLike,
    f: impl FnOnce(TriIndicesFromKw) -> TriIndicesFromKw,
) -> (Array, Array) {
    let k = crate::keywords::apply::<TriIndicesFromKw>(f).k;
    let (n, m) = shape_2d(arr);
    tril_indices_with(n, |kw| kw.k(k).m(m))
}

/// `jnp.triu_indices_from(arr)`: [`triu_indices`] for `arr`'s 2-d shape.
#[track_caller]
pub fn triu_indices_from(arr: impl ArrayLike) -> (Array, Array) {
    triu_indices_from_with(arr, |kw| kw)
}

/// `jnp.triu_indices_from(arr, k=..)`.
#[track_caller]
pub fn triu_indices_from_with(
    arr: impl ArrayLike,
    f: impl FnOnce(TriIndicesFromKw) -> TriIndicesFromKw,
) -> (Array, Array) {
    let k = crate::keywords::apply::<TriIndicesFromKw>(f).k;
    let (n, m) = shape_2d(arr);
    triu_indices_with(n, |kw| kw.k(k).m(m))
}

crate::keywords! {
    /// Keywords of `jnp.diag_indices(n, ndim=2)`.
    DiagIndicesKw {
        /// `ndim`: the number of index arrays (default `2`).
        ndim: usize = 2; (ndim: usize) => ndim,
    }
}

/// `jnp.diag_indices(n)`: `ndim` copies of `arange(n)`, the indices of a main diagonal.
/// Keywords through [`diag_indices_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let d = jnp::diag_indices(3);
/// assert_eq!(d.len(), 2);
/// assert_eq!(d[1].to_vec::<i32>(), vec![0, 1, 2]);
/// ```
#[track_caller]
pub fn diag_indices(n: usize) -> Vec<Array> {
    diag_indices_with(n, |kw| kw)
}

/// `jnp.diag_indices(n, ndim=..)`.
#[track_caller]
pub fn diag_indices_with(n: usize, f: impl FnOnce(DiagIndicesKw) -> DiagIndicesKw) -> Vec<Array> {
    let kw = crate::keywords::apply::<DiagIndicesKw>(f);
    let iota = lax::iota(DType::default_int(), n);
    vec![iota; kw.ndim]
}

/// `jnp.diag_indices_from(arr)`: [`diag_indices`] for a square `arr` of 2 or more axes.
///
/// # Panics
/// `input array must be at least 2-d`; `All dimensions of input must be of equal length`.
#[track_caller]
pub fn diag_indices_from(arr: impl ArrayLike) -> Vec<Array> {
    let arr = arr.into_operand();
    let s = arr.shape().to_vec();
    if s.len() < 2 {
        panic!("input array must be at least 2-d");
    }
    if s.iter().any(|&d| d != s[0]) {
        panic!("All dimensions of input must be of equal length");
    }
    diag_indices_with(s[0], |kw| kw.ndim(s.len()))
}

/// `jnp.unravel_index(indices, shape)`: the multi-index in `shape` of each flat index (out
/// of range ones clamp to the first or last position, as JAX does).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let ix = jnp::unravel_index(jnp::array([5, 1]), [2, 3]);
/// assert_eq!(ix[0].to_vec::<i32>(), vec![1, 0]);
/// assert_eq!(ix[1].to_vec::<i32>(), vec![2, 1]);
/// ```
#[track_caller]
pub fn unravel_index(indices: impl ArrayLike, shape: impl crate::shape::IntoShape) -> Vec<Array> {
    let mut rest = indices.into_operand().into_array();
    let shape = shape.into_shape();
    let mut out = vec![None; shape.len()];
    for (i, &s) in shape.iter().enumerate().rev() {
        let (q, r) = crate::numpy::divmod(&rest, s as i64);
        rest = q;
        out[i] = Some(r);
    }
    let oob_pos = jnp::greater(&rest, 0);
    let oob_neg = if rest.dtype().is_unsigned_integer() {
        jnp::array(false)
    } else {
        jnp::less(&rest, -1)
    };
    shape
        .iter()
        .zip(out)
        .map(|(&s, i)| {
            let i = i.expect("every axis has an index");
            jnp::where_(&oob_pos, s as i64 - 1, jnp::where_(&oob_neg, 0, i))
        })
        .collect()
}

crate::keywords! {
    /// Keywords of `jnp.ravel_multi_index(multi_index, dims, mode='raise', order='C')`.
    RavelMultiIndexKw {
        /// `mode`: out-of-range indices `"raise"` (default; needs concrete indices),
        /// `"wrap"`, `"clip"` or `"ignore"`.
        mode: String = "raise".into(); (mode: &str) => mode.into(),
        /// `order`: `"C"` (default, row-major) or `"F"` (column-major).
        order: String = "C".into(); (order: &str) => order.into(),
    }
}

/// `jnp.ravel_multi_index(multi_index, dims)`: the flat index of each multi-index.
/// Keywords through [`ravel_multi_index_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let f = jnp::ravel_multi_index([jnp::array([1, 0]), jnp::array([2, 1])], [2, 3]);
/// assert_eq!(f.to_vec::<i32>(), vec![5, 1]);
/// ```
#[track_caller]
pub fn ravel_multi_index<A: ArrayLike>(
    multi_index: impl IntoIterator<Item = A>,
    dims: impl crate::shape::IntoShape,
) -> Array {
    ravel_multi_index_with(multi_index, dims, |kw| kw)
}

/// `jnp.ravel_multi_index(multi_index, dims, mode=.., order=..)`.
///
/// # Panics
/// `invalid entry in coordinates array` (mode `"raise"`); `only int indices permitted`;
/// `invalid mode='x'. Expected 'raise', 'wrap', 'clip', or 'ignore'.`; `invalid order='x'.
/// Expected 'C' or 'F'`.
#[track_caller]
pub fn ravel_multi_index_with<A: ArrayLike>(
    multi_index: impl IntoIterator<Item = A>,
    dims: impl crate::shape::IntoShape,
    f: impl FnOnce(RavelMultiIndexKw) -> RavelMultiIndexKw,
) -> Array {
    let kw = crate::keywords::apply::<RavelMultiIndexKw>(f);
    let dims = dims.into_shape();
    let mut idx: Vec<Array> = multi_index
        .into_iter()
        .map(|i| i.into_operand().into_array())
        .collect();
    assert!(
        idx.len() == dims.len(),
        "len(multi_index)={} != len(dims)={}",
        idx.len(),
        dims.len()
    );
    if idx.iter().any(|i| !i.dtype().is_integer()) {
        panic!("only int indices permitted");
    }
    let mut operands: Vec<crate::numpy::Operand> = vec![0.into_operand()];
    operands.extend(idx.iter().cloned().map(Into::into));
    let dtype = crate::numpy::operand::promote_dtypes(operands)[0].dtype();
    match kw.mode.as_str() {
        "raise" => {
            for (i, &d) in idx.iter().zip(&dims) {
                let bad = jnp::any(jnp::logical_or(
                    jnp::less(i, 0),
                    jnp::greater_equal(i, d as i64),
                ));
                if bad.item::<bool>() {
                    panic!("invalid entry in coordinates array");
                }
            }
        }
        "clip" => {
            idx = idx
                .iter()
                .zip(&dims)
                .map(|(i, &d)| jnp::clip_with(i, |k| k.min(0).max(d as i64 - 1)))
                .collect();
        }
        "wrap" => {
            idx = idx
                .iter()
                .zip(&dims)
                .map(|(i, &d)| jnp::remainder(i, d as i64))
                .collect();
        }
        "ignore" => {}
        other => panic!("invalid mode='{other}'. Expected 'raise', 'wrap', 'clip', or 'ignore'."),
    }
    let n = dims.len();
    let strides: Vec<usize> = match kw.order.as_str() {
        "C" => (0..n).map(|i| dims[i + 1..].iter().product()).collect(),
        "F" => (0..n).map(|i| dims[..i].iter().product()).collect(),
        other => panic!("invalid order='{other}'. Expected 'C' or 'F'"),
    };
    let mut result = jnp::zeros_with(Vec::<usize>::new(), |k| k.dtype(dtype));
    for (i, s) in idx.iter().zip(strides) {
        result = jnp::add(&result, jnp::multiply(i.astype(dtype), s as i64));
    }
    result
}
