//! Shape manipulation: `reshape`, `transpose`, `squeeze`, `expand_dims`, `broadcast_to`,
//! `concatenate`, `stack`, `ravel`, `flip`, `moveaxis`, `swapaxes`, `sort`, and the
//! matching `Array` methods.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py` (and `array_methods.py` for
//! `_compute_newshape`, `sorting.py` for `sort`/`argsort`). Each function emits the same
//! lax primitives with the same parameters as JAX, so jaxprs match JAX's text; where JAX
//! wraps a function in its own (non-inlined) `jit`, so do we, via [`jit_call`].

use crate::api::jit_call;
use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::{promote_dtypes, ArrayLike, Operand};
use crate::numpy::reductions::{Axes, IntoAxes};
use crate::primitive::Primitive;
use crate::shape::{canonicalize_axis, py_tuple, IntoShape};
use crate::trace::bind;

/// A requested shape, as `reshape` takes it: extents, with at most one `-1` meaning "what
/// is left". Implemented for integer arrays, `Vec`s and slices of `i32`, `i64`, `isize`,
/// `usize`, and single integers.
pub trait NewShape {
    /// The extents (possibly one `-1`), and how JAX's messages show the request.
    fn into_new_shape(self) -> (Vec<i64>, String);
}

macro_rules! new_shape_ints {
    ($($t:ty),*) => {$(
        impl NewShape for $t {
            fn into_new_shape(self) -> (Vec<i64>, String) {
                (vec![self as i64], self.to_string())
            }
        }
        impl<const N: usize> NewShape for [$t; N] {
            fn into_new_shape(self) -> (Vec<i64>, String) {
                let v: Vec<i64> = self.iter().map(|&d| d as i64).collect();
                let s = py_tuple(&v);
                (v, s)
            }
        }
        impl NewShape for Vec<$t> {
            fn into_new_shape(self) -> (Vec<i64>, String) {
                self.as_slice().into_new_shape()
            }
        }
        impl NewShape for &[$t] {
            fn into_new_shape(self) -> (Vec<i64>, String) {
                let v: Vec<i64> = self.iter().map(|&d| d as i64).collect();
                let s = py_tuple(&v);
                (v, s)
            }
        }
        impl NewShape for &Vec<$t> {
            fn into_new_shape(self) -> (Vec<i64>, String) {
                self.as_slice().into_new_shape()
            }
        }
    )*};
}
new_shape_ints!(i32, i64, isize, usize);

/// `None` means "all axes" (`Axes::All`), so `jnp::transpose(&x)` reads like JAX.
impl IntoAxes for Option<Vec<isize>> {
    fn into_axes(self) -> Axes {
        match self {
            None => Axes::All,
            Some(v) => Axes::Some(v),
        }
    }
}

/// The axes as given, or `None` for all.
fn axes_list(axes: impl IntoAxes) -> Option<Vec<i64>> {
    match axes.into_axes() {
        Axes::All => None,
        Axes::Some(v) => Some(v.into_iter().map(|a| a as i64).collect()),
    }
}

#[track_caller]
fn axis(a: i64, ndim: usize) -> usize {
    canonicalize_axis(a as isize, ndim)
}

/// Each axis normalized (a loop, not a closure, so a panic reports the caller's line).
#[track_caller]
fn axes_in(list: &[i64], ndim: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(list.len());
    for &a in list {
        out.push(axis(a, ndim));
    }
    out
}

/// `_compute_newshape`: resolves one `-1` and checks the element count.
#[track_caller]
fn compute_newshape(x: &Array, spec: (Vec<i64>, String)) -> Vec<usize> {
    let (dims, shown) = spec;
    let size = x.size() as i128;
    let neg1: Vec<usize> = (0..dims.len()).filter(|&i| dims[i] == -1).collect();
    if neg1.len() > 1 {
        panic!("can only specify one unknown axis size with a `-1` value, got {shown}");
    }
    let product = |ds: &mut dyn Iterator<Item = &i64>| -> i128 {
        ds.fold(1i128, |acc, &d| acc.saturating_mul(d as i128))
    };
    if let Some(&i) = neg1.first() {
        let others = product(
            &mut dims
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, d)| d),
        );
        if others == 0 || size % others != 0 {
            panic!(
                "cannot reshape array of shape {} (size {size}) into shape {shown} because the \
                 product of specified axis sizes ({others}) does not evenly divide {size}",
                py_tuple(x.shape())
            );
        }
        let missing = size / others;
        return dims
            .iter()
            .map(|&d| {
                if d == -1 {
                    missing as usize
                } else {
                    d as usize
                }
            })
            .collect();
    }
    let total = product(&mut dims.iter());
    if total != size || dims.iter().any(|&d| d < 0) {
        panic!(
            "cannot reshape array of shape {} (size {size}) into shape {shown} (size {total})",
            py_tuple(x.shape())
        );
    }
    dims.iter().map(|&d| d as usize).collect()
}

/// `jnp.reshape(a, shape)`: the same elements in a new shape; one extent may be `-1`.
///
/// # Panics
/// `cannot reshape array of shape (3,) (size 3) into shape (4,) (size 4)`, and JAX's
/// messages for two `-1`s or a `-1` that cannot be resolved.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1, 2, 3, 4, 5, 6]);
/// assert_eq!(jnp::reshape(&x, [2, -1]).shape(), &[2, 3]);
/// ```
#[track_caller]
pub fn reshape(a: impl ArrayLike, shape: impl NewShape) -> Array {
    let x = a.into_operand().into_array();
    let new = compute_newshape(&x, shape.into_new_shape());
    lax::reshape(&x, &new)
}

/// `jnp.ravel(a)`: the elements as a 1-d array.
#[track_caller]
pub fn ravel(a: impl ArrayLike) -> Array {
    let x = a.into_operand().into_array();
    let n = x.size();
    lax::reshape(&x, &[n])
}

/// `jnp.transpose(a, axes)`: permutes axes; `None` reverses them.
///
/// # Panics
/// With JAX's messages for an axis out of range or a non-permutation.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::zeros([2, 3, 4]);
/// assert_eq!(jnp::transpose(&x).shape(), &[4, 3, 2]);
/// assert_eq!(jnp::transpose_with(&x, |kw| kw.axes([1, 0, 2])).shape(), &[3, 2, 4]);
/// ```
#[track_caller]
pub fn transpose(a: impl ArrayLike) -> Array {
    transpose_with(a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.transpose` (see the README's keyword rule).
    TransposeKw {
        /// `axes`: the permutation (default: reversed).
        axes: Axes = Axes::All; (axes: impl IntoAxes) => axes.into_axes(),
    }
}

/// [`transpose`] with JAX's keywords set on a [`TransposeKw`].
#[track_caller]
pub fn transpose_with(a: impl ArrayLike, f: impl FnOnce(TransposeKw) -> TransposeKw) -> Array {
    let kw = crate::keywords::apply::<TransposeKw>(f);
    transpose_impl(a, kw.axes)
}

#[track_caller]
pub(crate) fn transpose_impl(a: impl ArrayLike, axes: impl IntoAxes) -> Array {
    let x = a.into_operand().into_array();
    let nd = x.ndim();
    let perm: Vec<usize> = match axes_list(axes) {
        None => (0..nd).rev().collect(),
        Some(ax) => axes_in(&ax, nd),
    };
    lax::transpose(&x, &perm)
}

/// `jnp.moveaxis(a, source, destination)`.
///
/// # Panics
/// `Inconsistent number of elements: 1 vs 2` when the lists differ in length; JAX's axis
/// messages.
#[track_caller]
pub fn moveaxis(a: impl ArrayLike, source: impl IntoAxes, destination: impl IntoAxes) -> Array {
    let x = a.into_operand().into_array();
    let nd = x.ndim();
    let src = axes_in(&axes_list(source).unwrap_or_default(), nd);
    let dst = axes_in(&axes_list(destination).unwrap_or_default(), nd);
    if src.len() != dst.len() {
        panic!(
            "Inconsistent number of elements: {} vs {}",
            src.len(),
            dst.len()
        );
    }
    let mut perm: Vec<usize> = (0..nd).filter(|i| !src.contains(i)).collect();
    let mut pairs: Vec<(usize, usize)> = dst.into_iter().zip(src).collect();
    pairs.sort_unstable();
    for (d, s) in pairs {
        perm.insert(d, s);
    }
    lax::transpose(&x, &perm)
}

/// `jnp.swapaxes(a, axis1, axis2)`.
#[track_caller]
pub fn swapaxes(a: impl ArrayLike, axis1: i64, axis2: i64) -> Array {
    let x = a.into_operand().into_array();
    let nd = x.ndim();
    let (i, j) = (axis(axis1, nd), axis(axis2, nd));
    let mut perm: Vec<usize> = (0..nd).collect();
    perm.swap(i, j);
    lax::transpose(&x, &perm)
}

/// `jnp.squeeze(a, axis)`: removes unit axes; `None` removes every unit axis.
///
/// # Panics
/// `cannot select an axis to squeeze out which has size not equal to one, got shape=(2, 3)
/// and dimensions=(0,)`, and JAX's axis message.
#[track_caller]
pub fn squeeze(a: impl ArrayLike) -> Array {
    squeeze_with(a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.squeeze` (see the README's keyword rule).
    SqueezeKw {
        /// `axis`: the unit axes to drop (default: all of them).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
    }
}

/// [`squeeze`] with JAX's keywords set on a [`SqueezeKw`].
#[track_caller]
pub fn squeeze_with(a: impl ArrayLike, f: impl FnOnce(SqueezeKw) -> SqueezeKw) -> Array {
    let kw = crate::keywords::apply::<SqueezeKw>(f);
    squeeze_impl(a, kw.axis)
}

#[track_caller]
pub(crate) fn squeeze_impl(a: impl ArrayLike, axis: impl IntoAxes) -> Array {
    let x = a.into_operand().into_array();
    let dims: Vec<isize> = match axes_list(axis) {
        None => (0..x.ndim())
            .filter(|&i| x.shape()[i] == 1)
            .map(|i| i as isize)
            .collect(),
        Some(ax) => ax.iter().map(|&d| d as isize).collect(),
    };
    lax::squeeze(&x, &dims)
}

/// `jnp.expand_dims(a, axis)`: inserts unit axes at the given result positions.
///
/// # Panics
/// `axis 4 is out of bounds for array of dimension 3`; `repeated axis in lax.expand_dims:
/// [0, 0]`.
#[track_caller]
pub fn expand_dims(a: impl ArrayLike, axis: impl IntoAxes) -> Array {
    let x = a.into_operand().into_array();
    let dims: Vec<isize> = axes_list(axis)
        .unwrap_or_default()
        .iter()
        .map(|&d| d as isize)
        .collect();
    lax::expand_dims(&x, &dims)
}

/// `jnp.broadcast_to(array, shape)`: repeats `array` along new leading axes and unit axes.
///
/// # Panics
/// `Incompatible types for broadcasting: input type=float32[3] and requested
/// type=float32[4]`; `Cannot broadcast to shape with fewer dimensions: arr_shape=(2, 3)
/// shape=(3,)`.
#[track_caller]
pub fn broadcast_to(array: impl ArrayLike, shape: impl IntoShape) -> Array {
    let x = array.into_operand().into_array();
    broadcast_array_to(&x, &shape.into_shape())
}

/// `lax.broadcast_to` on an array.
#[track_caller]
pub(crate) fn broadcast_array_to(x: &Array, shape: &[usize]) -> Array {
    let xs = x.shape();
    if xs == shape {
        return x.clone();
    }
    if shape.len() < xs.len() {
        panic!(
            "Cannot broadcast to shape with fewer dimensions: arr_shape={} shape={}",
            py_tuple(xs),
            py_tuple(shape)
        );
    }
    let nlead = shape.len() - xs.len();
    let compatible = xs
        .iter()
        .zip(&shape[nlead..])
        .all(|(&a, &s)| a == 1 || a == s);
    if !compatible {
        let requested = crate::aval::Aval::new(shape.to_vec(), x.dtype());
        let input = crate::aval::Aval::new(xs.to_vec(), x.dtype());
        panic!(
            "Incompatible types for broadcasting: input type={} and requested type={}",
            long_aval(&input),
            long_aval(&requested)
        );
    }
    let dims: Vec<usize> = (nlead..shape.len()).collect();
    lax::broadcast_in_dim(x, shape, &dims)
}

/// An aval as JAX's messages show it: `float32[3]`.
fn long_aval(a: &crate::aval::Aval) -> String {
    let dims: Vec<String> = a.shape.iter().map(|d| d.to_string()).collect();
    format!("{}[{}]", a.dtype.name(), dims.join(","))
}

/// `jnp.concatenate(arrays, axis)`: joins arrays (promoted to one dtype) along an existing
/// axis.
///
/// # Panics
/// `Need at least one array to concatenate.`; `Zero-dimensional arrays cannot be
/// concatenated.`; JAX's axis and shape messages.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([1, 2]);
/// let b = jnp::array([3]);
/// assert_eq!(jnp::concatenate([&a, &b]).to_vec::<i32>(), vec![1, 2, 3]);
/// ```
#[track_caller]
pub fn concatenate<A: ArrayLike>(arrays: impl IntoIterator<Item = A>) -> Array {
    concatenate_with(arrays, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.concatenate` (see the README's keyword rule).
    ConcatenateKw {
        /// `axis`: the axis to join along (default `0`).
        axis: i64 = 0; (axis: i64) => axis,
    }
}

/// [`concatenate`] with JAX's keywords set on a [`ConcatenateKw`].
#[track_caller]
pub fn concatenate_with<A: ArrayLike>(
    arrays: impl IntoIterator<Item = A>,
    f: impl FnOnce(ConcatenateKw) -> ConcatenateKw,
) -> Array {
    let kw = crate::keywords::apply::<ConcatenateKw>(f);
    concatenate_impl(arrays, kw.axis)
}

#[track_caller]
pub(crate) fn concatenate_impl<A: ArrayLike>(
    arrays: impl IntoIterator<Item = A>,
    axis: i64,
) -> Array {
    let ops: Vec<Operand> = arrays.into_iter().map(ArrayLike::into_operand).collect();
    if ops.is_empty() {
        panic!("Need at least one array to concatenate.");
    }
    if ops[0].shape().is_empty() {
        panic!("Zero-dimensional arrays cannot be concatenated.");
    }
    let dim = self::axis(axis, ops[0].shape().len());
    let arrays = promote_dtypes(ops);
    lax::concatenate(&arrays, dim)
}

/// `jnp.stack(arrays, axis)`: joins arrays of one shape (promoted to one dtype) along a new
/// axis (JAX 0.10.2 binds the `stack` primitive).
///
/// # Panics
/// `Need at least one array to stack.`; `All input arrays must have the same shape. Got
/// (3,), (4,).`; JAX's axis message.
#[track_caller]
pub fn stack<A: ArrayLike>(arrays: impl IntoIterator<Item = A>) -> Array {
    stack_with(arrays, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.stack` (see the README's keyword rule).
    StackKw {
        /// `axis`: the new axis (default `0`).
        axis: i64 = 0; (axis: i64) => axis,
    }
}

/// [`stack`] with JAX's keywords set on a [`StackKw`].
#[track_caller]
pub fn stack_with<A: ArrayLike>(
    arrays: impl IntoIterator<Item = A>,
    f: impl FnOnce(StackKw) -> StackKw,
) -> Array {
    let kw = crate::keywords::apply::<StackKw>(f);
    stack_impl(arrays, kw.axis)
}

#[track_caller]
pub(crate) fn stack_impl<A: ArrayLike>(arrays: impl IntoIterator<Item = A>, axis: i64) -> Array {
    let ops: Vec<Operand> = arrays.into_iter().map(ArrayLike::into_operand).collect();
    if ops.is_empty() {
        panic!("Need at least one array to stack.");
    }
    let arrays = promote_dtypes(ops);
    lax::stack(&arrays, axis as isize)
}

/// `jnp.flip(m, axis)`: reverses the given axes (`None`: all).
///
/// JAX runs this as `jit(_flip)`; so do we, so jaxprs show the same `jit[name=_flip]`.
///
/// # Panics
/// JAX's axis message when an axis is out of range.
#[track_caller]
pub fn flip(m: impl ArrayLike) -> Array {
    flip_with(m, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.flip` (see the README's keyword rule).
    FlipKw {
        /// `axis`: the axes to reverse (default: all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
    }
}

/// [`flip`] with JAX's keywords set on a [`FlipKw`].
#[track_caller]
pub fn flip_with(m: impl ArrayLike, f: impl FnOnce(FlipKw) -> FlipKw) -> Array {
    let kw = crate::keywords::apply::<FlipKw>(f);
    flip_impl(m, kw.axis)
}

#[track_caller]
pub(crate) fn flip_impl(m: impl ArrayLike, axis: impl IntoAxes) -> Array {
    let x = m.into_operand().into_array();
    let nd = x.ndim();
    let dims: Vec<usize> = match axes_list(axis) {
        None => (0..nd).collect(),
        Some(ax) => axes_in(&ax, nd),
    };
    jit_call("_flip", &[x], |a| vec![lax::rev(&a[0], &dims)])
        .pop()
        .expect("one result")
}

/// `jnp.sort(a, axis)`: sorts along `axis` (`None`: the flattened array), stably; floats
/// sort with NaNs last. JAX runs this as `jit(sort)`; so do we.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([3.0, 1.0, 2.0]);
/// assert_eq!(jnp::sort(&x).to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
/// ```
#[track_caller]
pub fn sort(a: impl ArrayLike) -> Array {
    sort_with(a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.sort` (see the README's keyword rule).
    SortKw {
        /// `axis`: the axis (default `-1`; [`Axes::All`] sorts the flattened array).
        axis: Axes = Axes::Some(vec![-1]); (axis: impl IntoAxes) => axis.into_axes(),
        /// `stable`: keep equal elements in their order (default `true`).
        stable: bool = true; (stable: bool) => stable,
        /// `descending`: largest first (default `false`); stable descending sorts keep
        /// equal elements in their original order.
        descending: bool = false; (descending: bool) => descending,
    }
}

/// [`sort`] with JAX's keywords set on a [`SortKw`].
#[track_caller]
pub fn sort_with(a: impl ArrayLike, f: impl FnOnce(SortKw) -> SortKw) -> Array {
    let kw = crate::keywords::apply::<SortKw>(f);
    sort_impl(a, kw.axis, kw.stable, kw.descending)
}

#[track_caller]
pub(crate) fn sort_impl(
    a: impl ArrayLike,
    axis: impl IntoAxes,
    stable: bool,
    descending: bool,
) -> Array {
    let x = a.into_operand().into_array();
    let axis = sort_axis(&x, axis);
    // JAX's `sort` is `jit`ted with the flattening inside.
    jit_call("sort", &[x], |a| {
        let (x, dim) = flat_or_axis(&a[0], axis);
        let mut out = bind(
            Primitive::Sort {
                dimension: dim,
                is_stable: stable,
                num_keys: 1,
            },
            &[x],
        );
        if descending {
            out[0] = lax::rev(&out[0], &[dim]);
        }
        out
    })
    .pop()
    .expect("one result")
}

/// The sort axis, checked against `x` (before any `jit`, so errors point at the caller).
// A `match`, not `Option::map`: a closure would hide the caller's line from a panic.
#[allow(clippy::manual_map)]
#[track_caller]
fn sort_axis(x: &Array, axis: impl IntoAxes) -> Option<usize> {
    match axes_list(axis) {
        None => None,
        Some(ax) => Some(self::axis(ax.first().copied().unwrap_or(-1), x.ndim())),
    }
}

/// `axis=None` flattens (sorting along axis 0).
fn flat_or_axis(x: &Array, axis: Option<usize>) -> (Array, usize) {
    match axis {
        None => (ravel(x), 0),
        Some(d) => (x.clone(), d),
    }
}

/// `jnp.argsort(a, axis)`: the indices that sort `a` along `axis`, stably. JAX runs this as
/// `jit(argsort)`: an `iota` of indices sorted along with the keys.
#[track_caller]
pub fn argsort(a: impl ArrayLike) -> Array {
    argsort_with(a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.argsort` (see the README's keyword rule).
    ArgsortKw {
        /// `axis`: the axis (default `-1`; [`Axes::All`] sorts the flattened array).
        axis: Axes = Axes::Some(vec![-1]); (axis: impl IntoAxes) => axis.into_axes(),
        /// `stable`: keep equal elements in their order (default `true`).
        stable: bool = true; (stable: bool) => stable,
        /// `descending`: largest first (default `false`); stable descending sorts keep
        /// equal elements in their original order.
        descending: bool = false; (descending: bool) => descending,
    }
}

/// [`argsort`] with JAX's keywords set on a [`ArgsortKw`].
#[track_caller]
pub fn argsort_with(a: impl ArrayLike, f: impl FnOnce(ArgsortKw) -> ArgsortKw) -> Array {
    let kw = crate::keywords::apply::<ArgsortKw>(f);
    argsort_impl(a, kw.axis, kw.stable, kw.descending)
}

#[track_caller]
pub(crate) fn argsort_impl(
    a: impl ArrayLike,
    axis: impl IntoAxes,
    stable: bool,
    descending: bool,
) -> Array {
    let x = a.into_operand().into_array();
    let axis = sort_axis(&x, axis);
    jit_call("argsort", &[x], |a| {
        let (x, dim) = flat_or_axis(&a[0], axis);
        let idx_dtype = if x.shape()[dim] > i32::MAX as usize {
            DType::I64.canonicalize()
        } else {
            DType::I32
        };
        let iota = crate::trace::bind1(
            Primitive::Iota {
                dtype: idx_dtype,
                shape: x.shape().to_vec(),
                dimension: dim,
            },
            &[],
        );
        // A stable descending sort reverses first, so that equal keys keep their order
        // once the indices are reversed back.
        let (x, iota) = if descending && stable {
            (lax::rev(&x, &[dim]), lax::rev(&iota, &[dim]))
        } else {
            (x, iota)
        };
        let mut outs = bind(
            Primitive::Sort {
                dimension: dim,
                is_stable: stable,
                num_keys: 1,
            },
            &[x, iota],
        );
        let indices = outs.pop().expect("two results");
        vec![if descending {
            lax::rev(&indices, &[dim])
        } else {
            indices
        }]
    })
    .pop()
    .expect("one result")
}

/// `jnp.atleast_1d(x)`: 0-d arrays become shape `(1,)`; others are returned as they are.
/// JAX runs this as `jit(atleast_1d)`; so do we.
#[track_caller]
pub fn atleast_1d(x: impl ArrayLike) -> Array {
    atleast("atleast_1d", x.into_operand().into_array(), 1)
}

/// `jnp.atleast_2d(x)`: 0-d and 1-d arrays get leading unit axes up to rank 2.
/// JAX runs this as `jit(atleast_2d)`; so do we.
#[track_caller]
pub fn atleast_2d(x: impl ArrayLike) -> Array {
    atleast("atleast_2d", x.into_operand().into_array(), 2)
}

/// `array(x, ndmin=k)` inside `jit(name)`: leading unit axes up to rank `k`.
#[track_caller]
fn atleast(name: &str, x: Array, k: usize) -> Array {
    jit_call(name, &[x], |a| {
        let x = &a[0];
        let missing = k.saturating_sub(x.ndim());
        let dims: Vec<isize> = (0..missing as isize).collect();
        vec![lax::expand_dims(x, &dims)]
    })
    .pop()
    .expect("one result")
}

/// `jnp.vstack(arrays)`: each array made at least 2-d, then joined along axis 0.
///
/// # Panics
/// `Need at least one array to concatenate.` and JAX's shape messages.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([1, 2]);
/// assert_eq!(jnp::vstack([&a, &a]).shape(), &[2, 2]);
/// ```
#[track_caller]
pub fn vstack<A: ArrayLike>(arrays: impl IntoIterator<Item = A>) -> Array {
    let mut parts = Vec::new();
    for a in arrays {
        parts.push(atleast_2d(a));
    }
    concatenate_impl(parts, 0)
}

/// `jnp.hstack(arrays)`: each array made at least 1-d, then joined along axis 0 (1-d
/// arrays) or axis 1.
///
/// # Panics
/// `Need at least one array to concatenate.` and JAX's shape messages.
#[track_caller]
pub fn hstack<A: ArrayLike>(arrays: impl IntoIterator<Item = A>) -> Array {
    let mut parts = Vec::new();
    for a in arrays {
        parts.push(atleast_1d(a));
    }
    let axis = if parts.first().is_some_and(|p| p.ndim() == 1) {
        0
    } else {
        1
    };
    concatenate_impl(parts, axis)
}

/// `jnp.take(a, indices, axis)`: elements of `a` at `indices` along `axis` (`None`: of the
/// flattened array). Negative indices count from the end; out-of-bounds ones give NaN for
/// floats (the minimum integer for signed integers), as JAX's default `mode='fill'`.
/// JAX runs this as `jit(_take)`; so do we.
///
/// # Panics
/// JAX's axis message; `Cannot do a non-empty jnp.take() from an empty axis.`
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2, 3], [4, 5, 6]]);
/// let idx = jnp::array([2, -1, 0]);
/// assert_eq!(jnp::take_with(&x, &idx, |kw| kw.axis(1)).to_vec::<i32>(), vec![3, 3, 1, 6, 6, 4]);
/// ```
#[track_caller]
pub fn take(a: impl ArrayLike, indices: impl ArrayLike) -> Array {
    take_with(a, indices, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.take` (see the README's keyword rule).
    TakeKw {
        /// `axis`: the axis to take along (default: the flattened array).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `mode`: out-of-bounds indices `"fill"` (default: NaN, or the most negative
        /// integer, or `true`), `"clip"` to the ends, or `"wrap"` around.
        mode: String = "fill".into(); (mode: &str) => mode.into(),
        /// `fill_value`: what `"fill"` mode returns for an out-of-bounds index.
        fill_value: Option<crate::dtype::Scalar> = None; (v: impl crate::dtype::Element) => Some(v.to_scalar()),
    }
}

/// [`take`] with JAX's keywords set on a [`TakeKw`].
#[track_caller]
pub fn take_with(
    a: impl ArrayLike,
    indices: impl ArrayLike,
    f: impl FnOnce(TakeKw) -> TakeKw,
) -> Array {
    let kw = crate::keywords::apply::<TakeKw>(f);
    take_impl(a, indices, kw.axis, &kw.mode, kw.fill_value)
}

#[track_caller]
pub(crate) fn take_impl(
    a: impl ArrayLike,
    indices: impl ArrayLike,
    axis: impl IntoAxes,
    mode: &str,
    fill_value: Option<crate::dtype::Scalar>,
) -> Array {
    let gather_mode = match mode {
        "fill" => crate::primitive::GatherScatterMode::FillOrDrop,
        "clip" => crate::primitive::GatherScatterMode::Clip,
        "wrap" => crate::primitive::GatherScatterMode::PromiseInBounds,
        "raise" => panic!("The 'raise' mode to jnp.take is not supported."),
        other => panic!("Invalid mode '{other}' for np.take"),
    };
    let a = a.into_operand().into_array();
    let indices = indices.into_operand().into_array();
    if !indices.dtype().is_integer() {
        panic!(
            "Indexer must have integer or boolean type, got indexer with type {}",
            indices.dtype()
        );
    }
    // A `match`, not `Option::map`: a closure would hide the caller's line from a panic.
    #[allow(clippy::manual_map)]
    let axis = match axes_list(axis) {
        None => None,
        Some(ax) => Some(self::axis(ax.first().copied().unwrap_or(0), a.ndim())),
    };
    let axis_size = match axis {
        None => a.size(),
        Some(d) => a.shape()[d],
    };
    if axis_size == 0 && indices.size() != 0 {
        panic!("Cannot do a non-empty jnp.take() from an empty axis.");
    }
    jit_call("_take", &[a, indices], |args| {
        let (a, axis_idx) = match axis {
            None => (ravel(&args[0]), 0),
            Some(d) => (args[0].clone(), d),
        };
        let indices = &args[1];
        let indices = match gather_mode {
            // lax.gather does not take negative indices: they are wrapped here.
            crate::primitive::GatherScatterMode::FillOrDrop => {
                let neg = crate::numpy::less(indices, 0);
                let wrapped = crate::numpy::add(indices, axis_size as i64);
                crate::numpy::where_(&neg, &wrapped, indices)
            }
            crate::primitive::GatherScatterMode::PromiseInBounds => {
                let n = Operand::Scalar(crate::dtype::Scalar::Int(axis_size as i128))
                    .convert(indices.dtype(), false);
                crate::numpy::r#mod(indices, n)
            }
            crate::primitive::GatherScatterMode::Clip => indices.clone(),
        };
        let mut slice_sizes = a.shape().to_vec();
        if slice_sizes[axis_idx] == 0 {
            return vec![a];
        }
        if indices.size() == 0 {
            let mut shape = slice_sizes[..axis_idx].to_vec();
            shape.extend_from_slice(indices.shape());
            shape.extend_from_slice(&slice_sizes[axis_idx + 1..]);
            let zero =
                Operand::Scalar(crate::dtype::Scalar::Int(0)).convert(a.dtype(), a.weak_type());
            return vec![broadcast_array_to(&zero, &shape)];
        }
        slice_sizes[axis_idx] = 1;
        let index_dims = indices.ndim();
        let mut offset_dims: Vec<usize> = (0..axis_idx).collect();
        offset_dims.extend(axis_idx + index_dims..a.ndim() + index_dims - 1);
        let dnums = crate::primitive::GatherDimensionNumbers {
            offset_dims,
            collapsed_slice_dims: vec![axis_idx],
            start_index_map: vec![axis_idx],
            operand_batching_dims: vec![],
            start_indices_batching_dims: vec![],
        };
        let expanded = indices.i(crate::s![crate::numpy::Ellipsis, crate::numpy::NewAxis]);
        vec![lax::gather_with(&a, &expanded, dnums, &slice_sizes, |kw| {
            kw.mode(gather_mode).fill_value(fill_value)
        })]
    })
    .pop()
    .expect("one result")
}

impl Array {
    /// `x.reshape(shape)`: see [`reshape`]; one extent may be `-1`.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// let x = jnp::array([[1, 2, 3], [4, 5, 6]]);
    /// assert_eq!(x.reshape([3, -1]).shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn reshape(&self, shape: impl NewShape) -> Array {
        reshape(self, shape)
    }

    /// `x.T`: the axes reversed.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// assert_eq!(jnp::zeros([2, 3]).T().shape(), &[3, 2]);
    /// ```
    #[allow(non_snake_case)]
    #[track_caller]
    pub fn T(&self) -> Array {
        transpose_impl(self, None)
    }

    /// `x.transpose(axes)`: see [`transpose`].
    #[track_caller]
    pub fn transpose(&self, axes: impl IntoAxes) -> Array {
        transpose_impl(self, axes)
    }

    /// `x.ravel()`: the elements as a 1-d array.
    #[track_caller]
    pub fn ravel(&self) -> Array {
        ravel(self)
    }

    /// `x.flatten()`: the elements as a 1-d array.
    #[track_caller]
    pub fn flatten(&self) -> Array {
        ravel(self)
    }

    /// `x.swapaxes(axis1, axis2)`.
    #[track_caller]
    pub fn swapaxes(&self, axis1: i64, axis2: i64) -> Array {
        swapaxes(self, axis1, axis2)
    }
}
