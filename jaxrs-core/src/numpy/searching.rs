//! Finding elements: `nonzero`, `argwhere`, `flatnonzero`, the one-argument `where`,
//! `lexsort`, `put_along_axis`.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py`, `sorting.py`, `indexing.py`. The
//! number of results of `nonzero` depends on the values, so without a static `size` the
//! argument must be concrete (JAX's ConcretizationTypeError under a trace).

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::indexing::{Index, IndexItem};
use crate::numpy::operand::{jax_jit, ArrayLike, Operand};
use crate::numpy::reductions::{Axes, IntoAxes};
use crate::numpy::{self as jnp};
use crate::primitive::GatherScatterMode;
use crate::shape::canonicalize_axis;

crate::keywords! {
    /// Keywords of `jnp.nonzero(a, *, size=None, fill_value=None)` and of `argwhere`,
    /// `flatnonzero` and the one-argument `where`.
    NonzeroKw {
        /// `size`: the static number of results: extra ones are dropped, missing ones
        /// filled (needed under `jit`).
        size: Option<usize> = None; (size: usize) => Some(size),
        /// `fill_value`: the index that fills missing results (default `0`).
        fill_value: Option<Operand> = None; (v: impl ArrayLike) => Some(v.into_operand()),
    }
}

/// `jnp.nonzero(a)`: for each axis of `a`, the indices of its nonzero elements (row-major
/// order). Keywords through [`nonzero_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let ix = jnp::nonzero(jnp::array([[0, 3], [4, 0]]));
/// assert_eq!(ix[0].to_vec::<i32>(), vec![0, 1]);
/// assert_eq!(ix[1].to_vec::<i32>(), vec![1, 0]);
/// ```
#[track_caller]
pub fn nonzero(a: impl ArrayLike) -> Vec<Array> {
    nonzero_with(a, |kw| kw)
}

/// `jnp.nonzero(a, size=.., fill_value=..)`.
///
/// # Panics
/// `Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero()
/// instead.`; without `size`, a traced `a` (ConcretizationTypeError).
#[track_caller]
pub fn nonzero_with(a: impl ArrayLike, f: impl FnOnce(NonzeroKw) -> NonzeroKw) -> Vec<Array> {
    let kw = crate::keywords::apply::<NonzeroKw>(f);
    nonzero_impl(&a.into_operand().into_array(), kw.size, kw.fill_value)
}

#[track_caller]
fn nonzero_impl(arr: &Array, size: Option<usize>, fill_value: Option<Operand>) -> Vec<Array> {
    if arr.ndim() == 0 {
        panic!(
            "Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero() \
             instead."
        );
    }
    let mask = if arr.dtype() == DType::Bool {
        arr.clone()
    } else {
        jnp::not_equal(arr, 0)
    };
    let size = size.unwrap_or_else(|| {
        let n = jnp::sum(&mask);
        n.to_concrete(
            "jnp.nonzero; the size argument of jnp.nonzero must be statically specified to use \
             jnp.nonzero within JAX transformations",
        );
        n.item::<i64>() as usize
    });
    let int = DType::default_int();
    if arr.size() == 0 || size == 0 {
        return arr
            .shape()
            .iter()
            .map(|_| jnp::zeros_with([size], |k| k.dtype(int)))
            .collect();
    }
    // Position k of the result is the number of leading elements whose running count of
    // nonzeros is at most k: bincount the running counts, then accumulate.
    let flat = jnp::cumsum(jnp::bincount_with(jnp::cumsum(&mask), |k| k.length(size)));
    let shape = arr.shape();
    let mut out: Vec<Array> = (0..shape.len())
        .map(|d| {
            let stride: usize = shape[d + 1..].iter().product();
            let stride =
                crate::numpy::scalar_array(Scalar::Int(stride as i128), flat.dtype(), false);
            jnp::remainder(jnp::floor_divide(&flat, stride), shape[d] as i64)
        })
        .collect();
    if let Some(fv) = fill_value {
        let fv = fv.into_array();
        if fv.ndim() != 0 {
            panic!(
                "fill_value must be a scalar or a tuple of length {}; got {fv}",
                arr.ndim()
            );
        }
        let fill_mask = jnp::greater_equal(jnp::arange(size as i64), jnp::sum(&mask));
        out = out
            .into_iter()
            .map(|e| jnp::where_(&fill_mask, &fv, e))
            .collect();
    }
    out
}

/// `jnp.argwhere(a)`: the indices of `a`'s nonzero elements, one row per element
/// (`(count, a.ndim)`). Keywords through [`argwhere_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let w = jnp::argwhere(jnp::array([[0, 3], [4, 0]]));
/// assert_eq!(w.to_vec::<i32>(), vec![0, 1, 1, 0]);
/// ```
#[track_caller]
pub fn argwhere(a: impl ArrayLike) -> Array {
    argwhere_with(a, |kw| kw)
}

/// `jnp.argwhere(a, size=.., fill_value=..)`.
#[track_caller]
pub fn argwhere_with(a: impl ArrayLike, f: impl FnOnce(NonzeroKw) -> NonzeroKw) -> Array {
    let kw = crate::keywords::apply::<NonzeroKw>(f);
    let a = a.into_operand().into_array();
    let parts = nonzero_impl(&jnp::atleast_1d(&a), kw.size, kw.fill_value);
    let result = jnp::transpose(jnp::vstack(parts));
    let rows = result.shape()[0];
    if a.ndim() == 0 {
        return lax::reshape(&result.i(crate::s![..0]), &[0, 0]);
    }
    lax::reshape(&result, &[rows, a.ndim()])
}

/// `jnp.flatnonzero(a)`: the indices of the nonzero elements of the flattened `a`.
/// Keywords through [`flatnonzero_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::flatnonzero(jnp::array([[0, 3], [4, 0]]));
/// assert_eq!(i.to_vec::<i32>(), vec![1, 2]);
/// ```
#[track_caller]
pub fn flatnonzero(a: impl ArrayLike) -> Array {
    flatnonzero_with(a, |kw| kw)
}

/// `jnp.flatnonzero(a, size=.., fill_value=..)`.
#[track_caller]
pub fn flatnonzero_with(a: impl ArrayLike, f: impl FnOnce(NonzeroKw) -> NonzeroKw) -> Array {
    let kw = crate::keywords::apply::<NonzeroKw>(f);
    let a = jnp::ravel(a);
    nonzero_impl(&a, kw.size, kw.fill_value).remove(0)
}

/// `jnp.where(condition, size=.., fill_value=..)`: the one-argument form, which is
/// [`nonzero_with`]. The three-argument form is [`where_`](crate::numpy::where_).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::where_with(jnp::array([false, true, true]), |kw| kw.size(3).fill_value(-1));
/// assert_eq!(i[0].to_vec::<i32>(), vec![1, 2, -1]);
/// ```
#[track_caller]
pub fn where_with(condition: impl ArrayLike, f: impl FnOnce(NonzeroKw) -> NonzeroKw) -> Vec<Array> {
    nonzero_with(condition, f)
}

crate::keywords! {
    /// Keywords of `jnp.lexsort(keys, axis=-1)`.
    LexsortKw {
        /// `axis`: the axis sorted along (default `-1`).
        axis: i64 = -1; (axis: i64) => axis,
    }
}

/// `jnp.lexsort(keys)`: the permutation that sorts by the last key, then the one before
/// it, and so on (stable). Keywords through [`lexsort_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::lexsort([jnp::array([1, 0, 2]), jnp::array([0, 0, -1])]);
/// assert_eq!(i.to_vec::<i32>(), vec![2, 1, 0]);
/// ```
#[track_caller]
pub fn lexsort<A: ArrayLike>(keys: impl IntoIterator<Item = A>) -> Array {
    lexsort_with(keys, |kw| kw)
}

/// `jnp.lexsort(keys, axis=..)`.
///
/// # Panics
/// `need sequence of keys with len > 0 in lexsort`; `all keys need to be the same shape`.
#[track_caller]
pub fn lexsort_with<A: ArrayLike>(
    keys: impl IntoIterator<Item = A>,
    f: impl FnOnce(LexsortKw) -> LexsortKw,
) -> Array {
    let kw = crate::keywords::apply::<LexsortKw>(f);
    let keys: Vec<Array> = keys
        .into_iter()
        .map(|k| k.into_operand().into_array())
        .collect();
    if keys.is_empty() {
        panic!("need sequence of keys with len > 0 in lexsort");
    }
    if keys.iter().any(|k| k.shape() != keys[0].shape()) {
        panic!("all keys need to be the same shape");
    }
    let int = DType::default_int();
    if keys[0].ndim() == 0 {
        return jnp::zeros_with(Vec::<usize>::new(), |k| k.dtype(int));
    }
    let axis = canonicalize_axis(kw.axis as isize, keys[0].ndim());
    let shape = keys[0].shape().to_vec();
    let num_keys = keys.len();
    let names = vec!["keys"; num_keys];
    let args: Vec<Operand> = keys.into_iter().map(Operand::Array).collect();
    jax_jit("lexsort", &names, args, move |keys| {
        let iota = lax::broadcasted_iota(int, &shape, axis);
        let mut operands: Vec<Array> = keys.into_iter().rev().map(Operand::into_array).collect();
        operands.push(iota);
        lax::sort_multi(&operands, axis as isize, true, num_keys)
            .pop()
            .expect("sort returns every operand")
    })
}

crate::keywords! {
    /// Keywords of `jnp.put_along_axis(arr, indices, values, axis, inplace=False, *,
    /// mode=None)` (JAX requires `inplace=False`, the only behaviour here).
    PutAlongAxisKw {
        /// `mode`: out-of-bounds indices `"drop"` (default: JAX's `fill_or_drop` for
        /// scatters), `"clip"` or `"promise_in_bounds"`.
        mode: Option<GatherScatterMode> = None; (mode: &str) => Some(match mode {
            "drop" | "fill" => GatherScatterMode::FillOrDrop,
            "clip" => GatherScatterMode::Clip,
            "promise_in_bounds" => GatherScatterMode::PromiseInBounds,
            other => panic!("Unknown gather mode \"{other}\""),
        }),
    }
}

/// `jnp.put_along_axis(arr, indices, values, axis, inplace=False)`: `arr` with `values`
/// written where [`take_along_axis`](crate::numpy::take_along_axis) would read. `axis`
/// may be [`Axes::All`] (JAX's `None`: the flattened array). Keywords through
/// [`put_along_axis_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::zeros([2, 3]);
/// let b = jnp::put_along_axis(&a, jnp::array([[2], [0]]), 9.0, 1);
/// assert_eq!(b.to_vec::<f32>(), vec![0.0, 0.0, 9.0, 9.0, 0.0, 0.0]);
/// ```
#[track_caller]
pub fn put_along_axis(
    arr: impl ArrayLike,
    indices: impl ArrayLike,
    values: impl ArrayLike,
    axis: impl IntoAxes,
) -> Array {
    put_along_axis_with(arr, indices, values, axis, |kw| kw)
}

/// `jnp.put_along_axis(arr, indices, values, axis, inplace=False, mode=..)`.
///
/// # Panics
/// `put_along_axis arguments 'arr' and 'indices' must have same ndim. Got arr.ndim=2 and
/// indices.ndim=1.`; `put_along_axis argument 'values' must be broadcastable to 'indices'.
/// Got values.shape=(3,) and indices.shape=(2, 1).`
#[track_caller]
pub fn put_along_axis_with(
    arr: impl ArrayLike,
    indices: impl ArrayLike,
    values: impl ArrayLike,
    axis: impl IntoAxes,
    f: impl FnOnce(PutAlongAxisKw) -> PutAlongAxisKw,
) -> Array {
    let kw = crate::keywords::apply::<PutAlongAxisKw>(f);
    let arr = arr.into_operand().into_array();
    let indices = indices.into_operand().into_array();
    let values = values.into_operand().into_array();
    let original_shape = arr.shape().to_vec();
    let (arr, axis, flat) = match axis.into_axes() {
        Axes::All => (jnp::ravel(&arr), 0, true),
        Axes::Some(v) => {
            let nd = arr.ndim();
            (arr, canonicalize_axis(v[0], nd), false)
        }
    };
    if arr.ndim() != indices.ndim() {
        panic!(
            "put_along_axis arguments 'arr' and 'indices' must have same ndim. Got \
             arr.ndim={} and indices.ndim={}.",
            arr.ndim(),
            indices.ndim()
        );
    }
    let broadcastable = values.ndim() <= indices.ndim()
        && values
            .shape()
            .iter()
            .rev()
            .zip(indices.shape().iter().rev())
            .all(|(&v, &i)| v == i || v == 1);
    if !broadcastable {
        panic!(
            "put_along_axis argument 'values' must be broadcastable to 'indices'. Got \
             values.shape={} and indices.shape={}.",
            crate::shape::py_tuple(values.shape()),
            crate::shape::py_tuple(indices.shape())
        );
    }
    let values = jnp::broadcast_to(&values, indices.shape().to_vec());
    // `indices(arr.shape, sparse=True)` with `indices` in place of the axis's iota.
    let nd = arr.ndim();
    let items: Vec<IndexItem> = (0..nd)
        .map(|d| {
            if d == axis {
                IndexItem::Array(indices.clone())
            } else {
                let mut shape = vec![1; nd];
                shape[d] = arr.shape()[d];
                IndexItem::Array(lax::broadcasted_iota(DType::default_int(), &shape, d))
            }
        })
        .collect();
    let at = arr.at(Index::new(items));
    let at = match kw.mode {
        Some(m) => at.mode(m),
        None => at,
    };
    let result = at.set(&values);
    if flat {
        lax::reshape(&result, &original_shape)
    } else {
        result
    }
}
