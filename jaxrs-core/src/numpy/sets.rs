//! Set routines: `unique` (and the array API's `unique_all`, `unique_counts`,
//! `unique_inverse`, `unique_values`), `isin`, `union1d`, `intersect1d`, `setdiff1d`,
//! `setxor1d`.
//!
//! JAX counterpart: `jax/_src/numpy/setops.py`. The number of results depends on the
//! values, so without a static `size` the arguments must be concrete (JAX's
//! ConcretizationTypeError under a trace).

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::{self as jnp};
use crate::s;
use crate::shape::canonicalize_axis;

/// JAX's hint for a `unique` whose size is not static (completing "The problem arose
/// with ...").
const UNIQUE_SIZE_HINT: &str = "to make jnp.unique() compatible with JIT and other \
     transforms, you can specify a concrete value for the size argument, which will determine \
     the output size";

crate::keywords! {
    /// Keywords of `jnp.unique(ar, return_index=False, return_inverse=False,
    /// return_counts=False, axis=None, *, equal_nan=True, size=None, fill_value=None)`
    /// (the `return_*` forms are [`unique_returned`]).
    UniqueKw {
        /// `axis`: unique slices along this axis (default: elements of the flattened array).
        axis: Option<i64> = None; (axis: i64) => Some(axis),
        /// `equal_nan`: NaNs count as one value (default `true`).
        equal_nan: bool = true; (equal_nan: bool) => equal_nan,
        /// `size`: the static number of results: extra ones are dropped, missing ones
        /// filled (needed under `jit`).
        size: Option<usize> = None; (size: usize) => Some(size),
        /// `fill_value`: fills missing results (default: the smallest value).
        fill_value: Option<Operand> = None; (v: impl ArrayLike) => Some(v.into_operand()),
    }
}

/// What `jnp.unique(..., return_index=True, return_inverse=True, return_counts=True)` and
/// `jnp.unique_all` return.
#[derive(Clone, Debug)]
pub struct UniqueAll {
    /// The sorted unique values (or slices).
    pub values: Array,
    /// Where each unique value first occurs in the (flattened) input.
    pub indices: Array,
    /// For each input element, the index of its value in `values` (the input's shape when
    /// `axis` is not given).
    pub inverse_indices: Array,
    /// How often each unique value occurs.
    pub counts: Array,
}

/// `jnp.unique(ar)`: the sorted unique elements of the flattened `ar`. Keywords through
/// [`unique_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let u = jnp::unique(jnp::array([3, 1, 3, 2, 1]));
/// assert_eq!(u.to_vec::<i32>(), vec![1, 2, 3]);
/// ```
#[track_caller]
pub fn unique(ar: impl ArrayLike) -> Array {
    unique_with(ar, |kw| kw)
}

/// `jnp.unique(ar, axis=.., equal_nan=.., size=.., fill_value=..)`.
///
/// # Panics
/// Without `size`, a traced `ar` (JAX's ConcretizationTypeError and hint);
/// `jnp.unique: for zero-sized input with nonzero size argument, fill_value must be
/// specified`.
#[track_caller]
pub fn unique_with(ar: impl ArrayLike, f: impl FnOnce(UniqueKw) -> UniqueKw) -> Array {
    unique_returned(ar, f).values
}

/// `jnp.unique(ar, return_index=True, return_inverse=True, return_counts=True, ..)`: every
/// result, which JAX returns as a tuple chosen by the `return_*` flags.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let u = jnp::unique_returned(jnp::array([3, 1, 3]), |kw| kw);
/// assert_eq!(u.indices.to_vec::<i32>(), vec![1, 0]);
/// assert_eq!(u.inverse_indices.to_vec::<i32>(), vec![1, 0, 1]);
/// assert_eq!(u.counts.to_vec::<i32>(), vec![1, 2]);
/// ```
#[track_caller]
pub fn unique_returned(ar: impl ArrayLike, f: impl FnOnce(UniqueKw) -> UniqueKw) -> UniqueAll {
    let kw = crate::keywords::apply::<UniqueKw>(f);
    let arr = ar.into_operand().into_array();
    if kw.size.is_none() {
        arr.to_concrete(&format!(
            "the first argument of jnp.unique(); {UNIQUE_SIZE_HINT}"
        ));
    }
    let shape = arr.shape().to_vec();
    let (arr, axis) = match kw.axis {
        None => (jnp::ravel(&arr), 0),
        Some(a) => {
            let nd = arr.ndim();
            (arr, canonicalize_axis(a as isize, nd))
        }
    };
    let mut out = unique_impl(&arr, axis, kw.equal_nan, kw.size, kw.fill_value);
    if kw.axis.is_none() {
        out.inverse_indices = lax::reshape(&out.inverse_indices, &shape);
    }
    out
}

/// `_unique(ar, axis, ...)` with every result.
#[track_caller]
fn unique_impl(
    ar: &Array,
    axis: usize,
    equal_nan: bool,
    size: Option<usize>,
    fill_value: Option<Operand>,
) -> UniqueAll {
    let int = DType::default_int();
    if ar.shape()[axis] == 0 && size.is_some_and(|s| s > 0) && fill_value.is_none() {
        panic!(
            "jnp.unique: for zero-sized input with nonzero size argument, fill_value must be \
             specified"
        );
    }
    let (aux, mask, perm) = sorted_mask(ar, axis, equal_nan);
    let ind = match size {
        None => {
            mask.to_concrete(&format!(
                "The error arose in jnp.unique(). {UNIQUE_SIZE_HINT}"
            ));
            jnp::nonzero(&mask).remove(0)
        }
        Some(s) => jnp::nonzero_with(&mask, |k| k.size(s)).remove(0),
    };
    let nonempty = aux.size() > 0;
    let mut result = if nonempty { aux.i(&ind) } else { aux.clone() };
    if let (Some(s), Some(fv)) = (size, &fill_value) {
        let fv = fv.clone().into_array().astype(result.dtype());
        if result.shape()[0] > 0 {
            let valid = jnp::less(jnp::arange(s as i64), jnp::sum(&mask));
            let extra: Vec<isize> = (1..result.ndim() as isize).collect();
            let valid = jnp::expand_dims(valid, extra);
            result = jnp::where_(valid, &result, fv);
        } else {
            let mut shape = result.shape().to_vec();
            shape[0] = s;
            result = jnp::full_with(shape, fv, |k| k.dtype(result.dtype()));
        }
    }
    let values = jnp::moveaxis(&result, 0, axis as isize);
    let indices = if nonempty { perm.i(&ind) } else { perm.clone() };
    let inverse_indices = if nonempty {
        let imask = jnp::subtract(jnp::cumsum(&mask), 1);
        jnp::zeros_with(mask.shape().to_vec(), |k| k.dtype(int))
            .at(&perm)
            .set(imask)
    } else {
        jnp::zeros_with([ar.shape()[axis]], |k| k.dtype(int))
    };
    let counts = if nonempty {
        let n = mask.size() as i64;
        let idx = match size {
            None => jnp::append(jnp::nonzero(&mask).remove(0), n),
            Some(s) => {
                let idx = jnp::nonzero_with(&mask, |k| k.size(s + 1)).remove(0);
                let tail = idx.i(s![1..]);
                idx.at(s![1..]).set(jnp::where_(&tail, &tail, n))
            }
        };
        jnp::diff(idx)
    } else if ar.shape()[axis] > 0 {
        jnp::full_with([1], ar.shape()[axis] as i64, |k| k.dtype(int))
    } else {
        jnp::zeros_with([0], |k| k.dtype(int))
    };
    UniqueAll {
        values,
        indices,
        inverse_indices,
        counts,
    }
}

/// `_unique_sorted_mask`: the slices along `axis` sorted (moved to the front), a mask of
/// the first of each run of equal ones, and the sorting permutation.
fn sorted_mask(ar: &Array, axis: usize, equal_nan: bool) -> (Array, Array, Array) {
    let int = DType::default_int();
    let aux = jnp::moveaxis(ar, axis as isize, 0);
    let mut size = aux.shape()[0];
    let rest: usize = aux.shape()[1..].iter().product();
    let perm = if rest == 0 {
        size = 1;
        jnp::zeros_with([1], |k| k.dtype(int))
    } else {
        let rows = lax::reshape(&aux, &[size, rest]).T();
        let keys: Vec<Array> = (0..rest).rev().map(|r| rows.i(r as i64)).collect();
        jnp::lexsort(keys)
    };
    let aux = aux.i(&perm);
    let mask = if aux.size() > 0 {
        let (hi, lo) = (aux.i(s![1..]), aux.i(s![..-1]));
        let neq = if aux.dtype().is_float() && equal_nan {
            jnp::logical_and(
                jnp::not_equal(&hi, &lo),
                jnp::logical_not(jnp::logical_and(jnp::isnan(&hi), jnp::isnan(&lo))),
            )
        } else {
            lax::ne(&hi, &lo)
        };
        let axes: Vec<isize> = (1..aux.ndim() as isize).collect();
        let differs = if axes.is_empty() {
            neq
        } else {
            jnp::any_with(neq, |k| k.axis(axes))
        };
        jnp::ones_with([size], |k| k.dtype(DType::Bool))
            .at(s![1..])
            .set(differs)
    } else {
        jnp::zeros_with([size], |k| k.dtype(DType::Bool))
    };
    (aux, mask, perm)
}

crate::keywords! {
    /// Keywords of the array API's `unique_all(x, /, *, size=None, fill_value=None)`,
    /// `unique_counts`, `unique_inverse` and `unique_values` (which all use
    /// `equal_nan=False`).
    UniqueAllKw {
        /// `size`: the static number of results (needed under `jit`).
        size: Option<usize> = None; (size: usize) => Some(size),
        /// `fill_value`: fills missing results (default: the smallest value).
        fill_value: Option<Operand> = None; (v: impl ArrayLike) => Some(v.into_operand()),
    }
}

fn array_api_unique(x: impl ArrayLike, f: impl FnOnce(UniqueAllKw) -> UniqueAllKw) -> UniqueAll {
    let kw = crate::keywords::apply::<UniqueAllKw>(f);
    unique_returned(x, |k| {
        let k = k.equal_nan(false);
        let k = match kw.size {
            Some(s) => k.size(s),
            None => k,
        };
        match kw.fill_value {
            Some(v) => k.fill_value(v),
            None => k,
        }
    })
}

/// `jnp.unique_all(x)`: values, first indices, inverse indices and counts (NaNs distinct).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let u = jnp::unique_all(jnp::array([2, 2, 5]));
/// assert_eq!(u.counts.to_vec::<i32>(), vec![2, 1]);
/// ```
#[track_caller]
pub fn unique_all(x: impl ArrayLike) -> UniqueAll {
    unique_all_with(x, |kw| kw)
}

/// `jnp.unique_all(x, size=.., fill_value=..)`.
#[track_caller]
pub fn unique_all_with(x: impl ArrayLike, f: impl FnOnce(UniqueAllKw) -> UniqueAllKw) -> UniqueAll {
    array_api_unique(x, f)
}

/// `jnp.unique_counts(x)`: `(values, counts)`.
#[track_caller]
pub fn unique_counts(x: impl ArrayLike) -> (Array, Array) {
    unique_counts_with(x, |kw| kw)
}

/// `jnp.unique_counts(x, size=.., fill_value=..)`: `(values, counts)`.
#[track_caller]
pub fn unique_counts_with(
    x: impl ArrayLike,
    f: impl FnOnce(UniqueAllKw) -> UniqueAllKw,
) -> (Array, Array) {
    let u = array_api_unique(x, f);
    (u.values, u.counts)
}

/// `jnp.unique_inverse(x)`: `(values, inverse_indices)`.
#[track_caller]
pub fn unique_inverse(x: impl ArrayLike) -> (Array, Array) {
    unique_inverse_with(x, |kw| kw)
}

/// `jnp.unique_inverse(x, size=.., fill_value=..)`: `(values, inverse_indices)`.
#[track_caller]
pub fn unique_inverse_with(
    x: impl ArrayLike,
    f: impl FnOnce(UniqueAllKw) -> UniqueAllKw,
) -> (Array, Array) {
    let u = array_api_unique(x, f);
    (u.values, u.inverse_indices)
}

/// `jnp.unique_values(x)`: the sorted unique values (NaNs distinct).
#[track_caller]
pub fn unique_values(x: impl ArrayLike) -> Array {
    unique_values_with(x, |kw| kw)
}

/// `jnp.unique_values(x, size=.., fill_value=..)`.
#[track_caller]
pub fn unique_values_with(x: impl ArrayLike, f: impl FnOnce(UniqueAllKw) -> UniqueAllKw) -> Array {
    array_api_unique(x, f).values
}

crate::keywords! {
    /// Keywords of `jnp.isin(element, test_elements, assume_unique=False, invert=False)`.
    IsinKw {
        /// `invert`: true where the element is *not* in `test_elements` (default `false`).
        invert: bool = false; (invert: bool) => invert,
        /// `assume_unique`: no effect (JAX's default method compares all pairs).
        assume_unique: bool = false; (assume_unique: bool) => assume_unique,
    }
}

/// `jnp.isin(element, test_elements)`: whether each element occurs in `test_elements`
/// (JAX's `'compare_all'` method). Keywords through [`isin_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let m = jnp::isin(jnp::array([1, 2, 3]), jnp::array([3, 1]));
/// assert_eq!(m.to_vec::<bool>(), vec![true, false, true]);
/// ```
#[track_caller]
pub fn isin(element: impl ArrayLike, test_elements: impl ArrayLike) -> Array {
    isin_with(element, test_elements, |kw| kw)
}

/// `jnp.isin(element, test_elements, invert=..)`.
#[track_caller]
pub fn isin_with(
    element: impl ArrayLike,
    test_elements: impl ArrayLike,
    f: impl FnOnce(IsinKw) -> IsinKw,
) -> Array {
    let kw = crate::keywords::apply::<IsinKw>(f);
    let element = element.into_operand();
    let shape = element.shape().to_vec();
    let r = in1d(element, test_elements.into_operand(), kw.invert);
    lax::reshape(&r, &shape)
}

/// `_in1d(ar1, ar2, invert)` by comparing every pair, inside JAX's `jit`.
fn in1d(ar1: Operand, ar2: Operand, invert: bool) -> Array {
    crate::numpy::operand::jax_jit("_in1d", &["ar1", "ar2"], vec![ar1, ar2], move |ops| {
        in1d_body(ops, invert)
    })
}

fn in1d_body(ops: Vec<Operand>, invert: bool) -> Array {
    let both = crate::numpy::operand::promote_dtypes(ops);
    let (a1, a2) = (jnp::ravel(&both[0]), jnp::ravel(&both[1]));
    if a1.size() == 0 || a2.size() == 0 {
        let shape = a1.shape().to_vec();
        return if invert {
            jnp::ones_with(shape, |k| k.dtype(DType::Bool))
        } else {
            jnp::zeros_with(shape, |k| k.dtype(DType::Bool))
        };
    }
    let col = jnp::expand_dims(&a1, 1);
    let row = jnp::expand_dims(&a2, 0);
    if invert {
        jnp::all_with(jnp::not_equal(col, row), |k| k.axis(-1))
    } else {
        jnp::any_with(jnp::equal(col, row), |k| k.axis(-1))
    }
}

crate::keywords! {
    /// Keywords of `jnp.union1d(ar1, ar2, *, size=None, fill_value=None)` and
    /// `jnp.setdiff1d(ar1, ar2, assume_unique=False, *, size=None, fill_value=None)`.
    SetKw {
        /// `size`: the static number of results (needed under `jit`).
        size: Option<usize> = None; (size: usize) => Some(size),
        /// `fill_value`: fills missing results.
        fill_value: Option<Operand> = None; (v: impl ArrayLike) => Some(v.into_operand()),
        /// `assume_unique`: the inputs have no repeated elements (`setdiff1d`).
        assume_unique: bool = false; (assume_unique: bool) => assume_unique,
    }
}

/// `jnp.union1d(ar1, ar2)`: the sorted unique elements of both. Keywords through
/// [`union1d_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let u = jnp::union1d(jnp::array([3, 1]), jnp::array([2, 1]));
/// assert_eq!(u.to_vec::<i32>(), vec![1, 2, 3]);
/// ```
#[track_caller]
pub fn union1d(ar1: impl ArrayLike, ar2: impl ArrayLike) -> Array {
    union1d_with(ar1, ar2, |kw| kw)
}

/// `jnp.union1d(ar1, ar2, size=.., fill_value=..)`.
#[track_caller]
pub fn union1d_with(
    ar1: impl ArrayLike,
    ar2: impl ArrayLike,
    f: impl FnOnce(SetKw) -> SetKw,
) -> Array {
    let kw = crate::keywords::apply::<SetKw>(f);
    // `concatenate(.., axis=None)`: of the flattened arrays.
    let both = jnp::concatenate([jnp::ravel(ar1), jnp::ravel(ar2)]);
    unique_with(both, |k| {
        let k = match kw.size {
            Some(s) => k.size(s),
            None => k,
        };
        match kw.fill_value {
            Some(v) => k.fill_value(v),
            None => k,
        }
    })
}

/// `jnp.setdiff1d(ar1, ar2)`: the sorted unique elements of `ar1` not in `ar2`. Keywords
/// through [`setdiff1d_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let d = jnp::setdiff1d(jnp::array([4, 1, 2, 4]), jnp::array([2]));
/// assert_eq!(d.to_vec::<i32>(), vec![1, 4]);
/// ```
#[track_caller]
pub fn setdiff1d(ar1: impl ArrayLike, ar2: impl ArrayLike) -> Array {
    setdiff1d_with(ar1, ar2, |kw| kw)
}

/// `jnp.setdiff1d(ar1, ar2, assume_unique=.., size=.., fill_value=..)`.
#[track_caller]
pub fn setdiff1d_with(
    ar1: impl ArrayLike,
    ar2: impl ArrayLike,
    f: impl FnOnce(SetKw) -> SetKw,
) -> Array {
    let kw = crate::keywords::apply::<SetKw>(f);
    let arr1 = jnp::ravel(ar1);
    let arr2 = jnp::ravel(ar2);
    if kw.size.is_none() {
        arr1.to_concrete("setdiff1d()");
    }
    let fill = match &kw.fill_value {
        Some(v) => v.clone().into_array().astype(arr1.dtype()),
        None => crate::numpy::scalar_array(Scalar::Int(0), arr1.dtype(), false),
    };
    if arr1.size() == 0 {
        return jnp::full_with([kw.size.unwrap_or(0)], fill, |k| k.dtype(arr1.dtype()));
    }
    let n1 = arr1.size();
    let arr1 = if kw.assume_unique {
        arr1
    } else {
        unique_with(&arr1, |k| match kw.size {
            Some(_) => k.size(n1),
            None => k,
        })
    };
    let mut mask = in1d(arr1.clone().into(), arr2.into(), true);
    match kw.size {
        None => arr1.i(&mask),
        Some(size) => {
            if !kw.assume_unique {
                // The padding of `unique` repeats its first value: not a result.
                let n_unique = jnp::subtract(
                    (arr1.size() + 1) as i64,
                    jnp::sum(jnp::equal(&arr1, arr1.i(0))),
                );
                mask = jnp::where_(
                    jnp::less(jnp::arange(arr1.size() as i64), n_unique),
                    &mask,
                    false,
                );
            }
            let picked = jnp::where_with(&mask, |k| k.size(size)).remove(0);
            jnp::where_(
                jnp::less(jnp::arange(size as i64), jnp::sum(&mask)),
                arr1.i(&picked),
                fill,
            )
        }
    }
}

crate::keywords! {
    /// Keywords of `jnp.intersect1d(ar1, ar2, assume_unique=False)` and
    /// `jnp.setxor1d(ar1, ar2, assume_unique=False)` (their `size` forms are not offered
    /// yet).
    Set1dKw {
        /// `assume_unique`: the inputs have no repeated elements.
        assume_unique: bool = false; (assume_unique: bool) => assume_unique,
    }
}

/// `jnp.intersect1d(ar1, ar2)`: the sorted unique elements in both. Keywords through
/// [`intersect1d_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::intersect1d(jnp::array([4, 1, 2, 4]), jnp::array([2, 4, 7]));
/// assert_eq!(i.to_vec::<i32>(), vec![2, 4]);
/// ```
#[track_caller]
pub fn intersect1d(ar1: impl ArrayLike, ar2: impl ArrayLike) -> Array {
    intersect1d_with(ar1, ar2, |kw| kw)
}

/// `jnp.intersect1d(ar1, ar2, assume_unique=..)`.
#[track_caller]
pub fn intersect1d_with(
    ar1: impl ArrayLike,
    ar2: impl ArrayLike,
    f: impl FnOnce(Set1dKw) -> Set1dKw,
) -> Array {
    let kw = crate::keywords::apply::<Set1dKw>(f);
    let both = crate::numpy::operand::promote_dtypes(vec![ar1.into_operand(), ar2.into_operand()]);
    let (mut a1, mut a2) = (jnp::ravel(&both[0]), jnp::ravel(&both[1]));
    if !kw.assume_unique {
        a1 = unique(&a1);
        a2 = unique(&a2);
    }
    let aux = jnp::sort(jnp::concatenate([&a1, &a2]));
    if aux.size() == 0 {
        return aux;
    }
    let mask = jnp::equal(aux.i(s![1..]), aux.i(s![..-1]));
    aux.i(s![..-1]).i(&mask)
}

/// `jnp.setxor1d(ar1, ar2)`: the sorted unique elements in exactly one of them. Keywords
/// through [`setxor1d_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::setxor1d(jnp::array([1, 2, 3]), jnp::array([2, 3, 5]));
/// assert_eq!(x.to_vec::<i32>(), vec![1, 5]);
/// ```
#[track_caller]
pub fn setxor1d(ar1: impl ArrayLike, ar2: impl ArrayLike) -> Array {
    setxor1d_with(ar1, ar2, |kw| kw)
}

/// `jnp.setxor1d(ar1, ar2, assume_unique=..)`.
#[track_caller]
pub fn setxor1d_with(
    ar1: impl ArrayLike,
    ar2: impl ArrayLike,
    f: impl FnOnce(Set1dKw) -> Set1dKw,
) -> Array {
    let kw = crate::keywords::apply::<Set1dKw>(f);
    let both = crate::numpy::operand::promote_dtypes(vec![ar1.into_operand(), ar2.into_operand()]);
    let (mut a1, mut a2) = (jnp::ravel(&both[0]), jnp::ravel(&both[1]));
    if !kw.assume_unique {
        a1 = unique(&a1);
        a2 = unique(&a2);
    }
    let aux = jnp::concatenate([&a1, &a2]);
    if aux.size() == 0 {
        return aux;
    }
    let aux = jnp::sort(&aux);
    let t = jnp::array([true]);
    let flag = jnp::concatenate([
        t.clone(),
        jnp::not_equal(aux.i(s![1..]), aux.i(s![..-1])),
        t,
    ]);
    let keep = jnp::logical_and(flag.i(s![1..]), flag.i(s![..-1]));
    aux.i(&keep)
}
