//! More array construction and rearrangement: `asarray`, `copy`, `block`,
//! `broadcast_arrays`, `broadcast_shapes`, `array_equiv`, `vander`, `trim_zeros`, `resize`,
//! `partition`, `argpartition`.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py`, `array_constructors.py`,
//! `sorting.py`.

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::{self as jnp};
use crate::shape::canonicalize_axis;

crate::keywords! {
    /// Keywords of `jnp.asarray(a, dtype=None)`.
    AsarrayKw {
        /// `dtype`: the result's dtype (default `a`'s).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// What `asarray` takes: an array (returned as it is), or anything [`jnp::array`] takes
/// (a scalar, an array literal, a `Vec`).
pub trait IntoAsarray {
    /// The array.
    fn into_asarray(self) -> Array;
}

impl<D: crate::numpy::IntoArrayData> IntoAsarray for D {
    fn into_asarray(self) -> Array {
        jnp::array(self)
    }
}

impl IntoAsarray for &Array {
    fn into_asarray(self) -> Array {
        self.clone()
    }
}

impl IntoAsarray for Array {
    fn into_asarray(self) -> Array {
        self
    }
}

/// `jnp.asarray(a)`: `a` as an array (an array is returned as it is). Keywords through
/// [`asarray_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::asarray([1, 2]).to_vec::<i32>(), vec![1, 2]);
/// ```
#[track_caller]
pub fn asarray(a: impl IntoAsarray) -> Array {
    asarray_with(a, |kw| kw)
}

/// `jnp.asarray(a, dtype=..)`.
#[track_caller]
pub fn asarray_with(a: impl IntoAsarray, f: impl FnOnce(AsarrayKw) -> AsarrayKw) -> Array {
    let kw = crate::keywords::apply::<AsarrayKw>(f);
    let a = a.into_asarray();
    match kw.dtype {
        Some(d) if d != a.dtype() || a.weak_type() => lax::convert_element_type(&a, d, false),
        _ => a,
    }
}

/// `jnp.copy(a)`: a copy of `a` (JAX's `copy` primitive).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::copy(jnp::array([1.0, 2.0])).to_vec::<f32>(), vec![1.0, 2.0]);
/// ```
#[track_caller]
pub fn copy(a: impl ArrayLike) -> Array {
    lax::copy(&a.into_operand().into_array())
}

/// A nested list of arrays for [`block`]: a leaf array or a list of blocks, each level of
/// nesting concatenating along one more axis from the end.
#[derive(Clone)]
pub enum Block {
    /// An array (or scalar).
    Leaf(Operand),
    /// A list of blocks of equal depth.
    List(Vec<Block>),
}

impl From<&Array> for Block {
    fn from(a: &Array) -> Block {
        Block::Leaf(a.into_operand())
    }
}

impl From<Array> for Block {
    fn from(a: Array) -> Block {
        Block::Leaf(a.into_operand())
    }
}

impl<T: Into<Block>, const N: usize> From<[T; N]> for Block {
    fn from(items: [T; N]) -> Block {
        Block::List(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Block>> From<Vec<T>> for Block {
    fn from(items: Vec<T>) -> Block {
        Block::List(items.into_iter().map(Into::into).collect())
    }
}

/// `jnp.block(arrays)`: an array assembled from nested lists of blocks: the innermost
/// lists concatenate along the last axis, the next ones along the one before, ....
///
/// # Panics
/// `jax.numpy.block does not allow empty list arguments`; `Mismatched list depths in
/// jax.numpy.block`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (a, b) = (jnp::eye(2), jnp::zeros([2, 1]));
/// let m = jnp::block([[&a, &b], [&b.T().i(jaxrs_core::s![.., ..2]), &jnp::ones([1, 1])]]);
/// assert_eq!(m.shape(), &[3, 3]);
/// ```
#[track_caller]
pub fn block(arrays: impl Into<Block>) -> Array {
    block_impl(arrays.into()).0
}

#[track_caller]
fn block_impl(b: Block) -> (Array, usize) {
    match b {
        Block::Leaf(x) => (x.into_array(), 1),
        Block::List(items) => {
            if items.is_empty() {
                panic!("jax.numpy.block does not allow empty list arguments");
            }
            let (xs, depths): (Vec<Array>, Vec<usize>) = items.into_iter().map(block_impl).unzip();
            if depths.iter().any(|&d| d != depths[0]) {
                panic!("Mismatched list depths in jax.numpy.block");
            }
            let depth = depths[0];
            let rank = xs.iter().map(Array::ndim).max().unwrap_or(0).max(depth);
            let xs: Vec<Array> = xs
                .into_iter()
                .map(|x| {
                    let mut shape = vec![1; rank - x.ndim()];
                    shape.extend_from_slice(x.shape());
                    if shape == x.shape() {
                        x
                    } else {
                        lax::reshape(&x, &shape)
                    }
                })
                .collect();
            (
                jnp::concatenate_with(xs, |k| k.axis(-(depth as i64))),
                depth + 1,
            )
        }
    }
}

/// `jnp.broadcast_arrays(*args)`: every argument broadcast to their common shape.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let b = jnp::broadcast_arrays([jnp::zeros([2, 1]), jnp::ones([3])]);
/// assert_eq!((b[0].shape(), b[1].shape()), (&[2usize, 3][..], &[2usize, 3][..]));
/// ```
#[track_caller]
pub fn broadcast_arrays<A: ArrayLike>(args: impl IntoIterator<Item = A>) -> Vec<Array> {
    let arrays: Vec<Array> = args
        .into_iter()
        .map(|a| a.into_operand().into_array())
        .collect();
    if arrays.is_empty() {
        return arrays;
    }
    crate::numpy::choosing::broadcast_all(arrays)
}

/// `jnp.broadcast_shapes(*shapes)`: the shape the given shapes broadcast to.
///
/// # Panics
/// `Incompatible shapes for broadcasting: shapes=[(2,), (3,)]`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::broadcast_shapes([vec![2, 1], vec![3]]), vec![2, 3]);
/// ```
#[track_caller]
pub fn broadcast_shapes<S: AsRef<[usize]>>(shapes: impl IntoIterator<Item = S>) -> Vec<usize> {
    let shapes: Vec<S> = shapes.into_iter().collect();
    let refs: Vec<&[usize]> = shapes.iter().map(AsRef::as_ref).collect();
    crate::shape::try_broadcast_shapes(&refs).unwrap_or_else(|| {
        let listed: Vec<String> = refs.iter().map(|s| crate::shape::py_tuple(s)).collect();
        panic!(
            "Incompatible shapes for broadcasting: shapes=[{}]",
            listed.join(", ")
        )
    })
}

/// `jnp.array_equiv(a1, a2)`: whether the arrays, broadcast to each other, are equal
/// everywhere (a 0-d bool).
///
/// # Panics
/// Shapes that do not broadcast: `equal`'s message (`eq got incompatible shapes for
/// broadcasting: (2, 2), (3,).`), as in JAX 0.10.2, whose `array_equiv` meant to return
/// `False` there but catches the wrong exception type.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([[1, 2], [1, 2]]);
/// assert!(jnp::array_equiv(&a, jnp::array([1, 2])).item::<bool>());
/// assert!(!jnp::array_equiv(&a, jnp::array([1, 3])).item::<bool>());
/// ```
#[track_caller]
pub fn array_equiv(a1: impl ArrayLike, a2: impl ArrayLike) -> Array {
    jnp::all(jnp::equal(a1, a2))
}

crate::keywords! {
    /// Keywords of `jnp.vander(x, N=None, increasing=False)`.
    VanderKw {
        /// `N`: the number of columns (default `len(x)`).
        N: Option<usize> = None; (n: usize) => Some(n),
        /// `increasing`: powers increase left to right (default `false`).
        increasing: bool = false; (increasing: bool) => increasing,
    }
}

/// `jnp.vander(x)`: the Vandermonde matrix of the 1-d `x`, highest power first.
/// Keywords through [`vander_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let v = jnp::vander(jnp::array([2, 3]));
/// assert_eq!(v.to_vec::<i32>(), vec![2, 1, 3, 1]);
/// ```
#[track_caller]
pub fn vander(x: impl ArrayLike) -> Array {
    vander_with(x, |kw| kw)
}

/// `jnp.vander(x, N=.., increasing=..)`.
///
/// # Panics
/// `x must be a one-dimensional array`.
#[track_caller]
pub fn vander_with(x: impl ArrayLike, f: impl FnOnce(VanderKw) -> VanderKw) -> Array {
    let kw = crate::keywords::apply::<VanderKw>(f);
    let x = x.into_operand().into_array();
    if x.ndim() != 1 {
        panic!("x must be a one-dimensional array");
    }
    let n = kw.N.unwrap_or(x.shape()[0]);
    let mut iota = lax::iota(x.dtype(), n);
    if !kw.increasing {
        let top = crate::numpy::ufuncs::const_like(&iota, crate::dtype::Scalar::Int(n as i128 - 1));
        iota = lax::sub(&top, &iota);
    }
    jnp::power(jnp::expand_dims(&x, -1), jnp::expand_dims(&iota, 0))
}

crate::keywords! {
    /// Keywords of `jnp.trim_zeros(filt, trim='fb', axis=None)`.
    TrimZerosKw {
        /// `trim`: `"f"` trims the front, `"b"` the back (default `"fb"`: both).
        trim: String = "fb".into(); (trim: &str) => trim.into(),
        /// `axis`: the axes trimmed (default all).
        axis: crate::numpy::Axes = crate::numpy::Axes::All;
            (axis: impl crate::numpy::IntoAxes) => axis.into_axes(),
    }
}

/// `jnp.trim_zeros(filt)`: `filt` without its leading and trailing zeros (along every
/// axis, slices that are all zero). `filt` must be concrete. Keywords through
/// [`trim_zeros_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let t = jnp::trim_zeros(jnp::array([0, 0, 3, 0, 2, 0]));
/// assert_eq!(t.to_vec::<i32>(), vec![3, 0, 2]);
/// ```
#[track_caller]
pub fn trim_zeros(filt: impl ArrayLike) -> Array {
    trim_zeros_with(filt, |kw| kw)
}

/// `jnp.trim_zeros(filt, trim=.., axis=..)`.
#[track_caller]
pub fn trim_zeros_with(filt: impl ArrayLike, f: impl FnOnce(TrimZerosKw) -> TrimZerosKw) -> Array {
    let kw = crate::keywords::apply::<TrimZerosKw>(f);
    let x = filt.into_operand().into_array();
    x.to_concrete("the `filt` argument of trim_zeros()");
    let nd = x.ndim();
    let axes: Vec<usize> = match &kw.axis {
        crate::numpy::Axes::All => (0..nd).collect(),
        crate::numpy::Axes::Some(v) => v.iter().map(|&d| canonicalize_axis(d, nd)).collect(),
    };
    let trim = kw.trim.to_lowercase();
    let (front, back) = (trim.contains('f'), trim.contains('b'));
    if axes.is_empty() || !(front || back) {
        return x;
    }
    let items: Vec<crate::numpy::IndexItem> = (0..nd)
        .map(|ax| {
            if !axes.contains(&ax) {
                return crate::numpy::IndexItem::from(..);
            }
            let others: Vec<isize> = (0..nd as isize).filter(|&i| i != ax as isize).collect();
            let mask = if others.is_empty() {
                jnp::not_equal(&x, 0)
            } else {
                jnp::any_with(&x, |k| k.axis(others))
            };
            let m = mask.to_vec::<bool>();
            let Some(first) = m.iter().position(|&b| b) else {
                return crate::numpy::IndexItem::from(0..0i64);
            };
            let last = m.iter().rposition(|&b| b).expect("a true element") + 1;
            let start = if front { first } else { 0 };
            let stop = if back { last } else { m.len() };
            crate::numpy::IndexItem::from(start as i64..stop as i64)
        })
        .collect();
    x.i(crate::numpy::Index::new(items))
}

/// `jnp.resize(a, new_shape)`: the flattened `a` repeated (or cut) to fill `new_shape`.
///
/// # Panics
/// `all elements of `new_shape` must be non-negative`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let r = jnp::resize(jnp::array([1, 2, 3]), [2, 4]);
/// assert_eq!(r.to_vec::<i32>(), vec![1, 2, 3, 1, 2, 3, 1, 2]);
/// ```
#[track_caller]
pub fn resize(a: impl ArrayLike, new_shape: impl crate::shape::IntoShape) -> Array {
    let arr = jnp::ravel(a);
    let new_shape = new_shape.into_shape();
    let new_size: usize = new_shape.iter().product();
    if arr.size() == 0 || new_size == 0 {
        return jnp::zeros_with(new_shape, |k| k.dtype(arr.dtype()));
    }
    let repeats = new_size.div_ceil(arr.size());
    let arr = jnp::tile(&arr, [repeats]).i(crate::s![..new_size as i64]);
    lax::reshape(&arr, &new_shape)
}

crate::keywords! {
    /// Keywords of `jnp.partition(a, kth, axis=-1)` and `jnp.argpartition`.
    PartitionKw {
        /// `axis`: the axis partitioned (default `-1`).
        axis: i64 = -1; (axis: i64) => axis,
    }
}

/// `jnp.partition(a, kth)`: along the last axis, the `kth + 1` smallest values in
/// increasing order, then the others in decreasing order (JAX's `top_k` layout).
/// Keywords through [`partition_with`].
///
/// JAX computes both parts with `lax.top_k`, which jaxrs does not have: here they come
/// from one sort, with the same values (NaNs aside: see the README).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let p = jnp::partition(jnp::array([5, 1, 4, 2, 3]), 1);
/// assert_eq!(p.to_vec::<i32>(), vec![1, 2, 5, 4, 3]);
/// ```
#[track_caller]
pub fn partition(a: impl ArrayLike, kth: i64) -> Array {
    partition_with(a, kth, |kw| kw)
}

/// `jnp.partition(a, kth, axis=..)`.
#[track_caller]
pub fn partition_with(
    a: impl ArrayLike,
    kth: i64,
    f: impl FnOnce(PartitionKw) -> PartitionKw,
) -> Array {
    let kw = crate::keywords::apply::<PartitionKw>(f);
    let arr = a.into_operand().into_array();
    let axis = canonicalize_axis(kw.axis as isize, arr.ndim());
    let n = arr.shape()[axis];
    let kth = canonicalize_axis(kth as isize, n);
    let arr = jnp::swapaxes(&arr, axis as i64, -1);
    let sorted = jnp::sort(&arr);
    let e = crate::numpy::Ellipsis;
    let bottom = sorted.i(crate::s![e, ..(kth + 1) as i64]);
    let top = jnp::flip_with(sorted.i(crate::s![e, (kth + 1) as i64..]), |k| k.axis(-1));
    let out = jnp::concatenate_with([bottom, top], |k| k.axis(-1));
    jnp::swapaxes(&out, -1, axis as i64)
}

/// `jnp.argpartition(a, kth)`: the indices of [`partition`]'s first part (the `kth + 1`
/// smallest, in increasing order of value), then the remaining indices in increasing order,
/// as JAX's `top_k` of a mask returns them. Keywords through [`argpartition_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::argpartition(jnp::array([5, 1, 4, 2, 3]), 1);
/// assert_eq!(i.to_vec::<i32>(), vec![1, 3, 0, 2, 4]);
/// ```
#[track_caller]
pub fn argpartition(a: impl ArrayLike, kth: i64) -> Array {
    argpartition_with(a, kth, |kw| kw)
}

/// `jnp.argpartition(a, kth, axis=..)`.
#[track_caller]
pub fn argpartition_with(
    a: impl ArrayLike,
    kth: i64,
    f: impl FnOnce(PartitionKw) -> PartitionKw,
) -> Array {
    let kw = crate::keywords::apply::<PartitionKw>(f);
    let arr = a.into_operand().into_array();
    let axis = canonicalize_axis(kw.axis as isize, arr.ndim());
    let n = arr.shape()[axis];
    let kth = canonicalize_axis(kth as isize, n);
    let arr = jnp::swapaxes(&arr, axis as i64, -1);
    let e = crate::numpy::Ellipsis;
    let order = jnp::argsort_with(&arr, |k| k.stable(true));
    let bottom = order.i(crate::s![e, ..(kth + 1) as i64]);
    // The rest in index order: mark the bottom ones, then a stable sort by the mark.
    let marked = jnp::put_along_axis(
        jnp::zeros_with(arr.shape().to_vec(), |k| k.dtype(DType::I32)),
        &bottom,
        1,
        -1,
    );
    let rest =
        jnp::argsort_with(marked, |k| k.stable(true)).i(crate::s![e, ..(n - kth - 1) as i64]);
    let out = jnp::concatenate_with([bottom, rest], |k| k.axis(-1));
    jnp::swapaxes(&out, -1, axis as i64)
}
