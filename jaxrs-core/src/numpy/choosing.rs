//! Picking and removing elements: `select`, `choose`, `compress`, `extract`, `delete`,
//! `insert`.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py`, followed operation by operation.

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::indexing::{Index, IndexItem};
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::{self as jnp};
use crate::shape::canonicalize_axis;

crate::keywords! {
    /// Keywords of `jnp.select(condlist, choicelist, default=0)`.
    SelectKw {
        /// `default`: where no condition holds (default `0`).
        default: Operand = 0.into_operand(); (default: impl ArrayLike) => default.into_operand(),
    }
}

/// `jnp.select(condlist, choicelist)`: for each position, the choice of the first true
/// condition, else `0`. Keywords through [`select_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([-2, 0, 3]);
/// let y = jnp::select([jnp::less(&x, 0), jnp::greater(&x, 0)], [jnp::negative(&x), x.clone()]);
/// assert_eq!(y.to_vec::<i32>(), vec![2, 0, 3]);
/// ```
#[track_caller]
pub fn select<C: ArrayLike, V: ArrayLike>(
    condlist: impl IntoIterator<Item = C>,
    choicelist: impl IntoIterator<Item = V>,
) -> Array {
    select_with(condlist, choicelist, |kw| kw)
}

/// `jnp.select(condlist, choicelist, default=..)`.
///
/// # Panics
/// `condlist must have length equal to choicelist (2 vs 1)`; `condlist must be
/// non-empty`.
#[track_caller]
pub fn select_with<C: ArrayLike, V: ArrayLike>(
    condlist: impl IntoIterator<Item = C>,
    choicelist: impl IntoIterator<Item = V>,
    f: impl FnOnce(SelectKw) -> SelectKw,
) -> Array {
    let kw = crate::keywords::apply::<SelectKw>(f);
    let conds: Vec<Operand> = condlist.into_iter().map(ArrayLike::into_operand).collect();
    let choices: Vec<Operand> = choicelist
        .into_iter()
        .map(ArrayLike::into_operand)
        .collect();
    if conds.len() != choices.len() {
        panic!(
            "condlist must have length equal to choicelist ({} vs {})",
            conds.len(),
            choices.len()
        );
    }
    if conds.is_empty() {
        panic!("condlist must be non-empty");
    }
    let mut all = vec![kw.default];
    all.extend(choices);
    let mut choices = crate::numpy::operand::promote_dtypes(all);
    // The default is case 0; condition k (true first) picks case k + 1.
    let mut cond_ops = vec![false.into_operand()];
    cond_ops.extend(conds);
    let conds = broadcast_all(cond_ops.into_iter().map(Operand::into_array).collect());
    let conditions = jnp::stack(conds);
    let idx = jnp::argmax_with(conditions.astype(DType::Bool), |k| k.axis(0));
    let mut parts = vec![idx];
    parts.append(&mut choices);
    let parts = broadcast_all(parts);
    let cases: Vec<&Array> = parts[1..].iter().collect();
    lax::select_n(&parts[0], &cases)
}

/// `_broadcast_arrays`: every array broadcast to their common shape.
#[track_caller]
pub(crate) fn broadcast_all(arrays: Vec<Array>) -> Vec<Array> {
    let shapes: Vec<&[usize]> = arrays.iter().map(Array::shape).collect();
    let shape = crate::shape::broadcast_shapes("broadcast_arrays", &shapes);
    arrays
        .iter()
        .map(|a| {
            if a.shape() == shape.as_slice() {
                a.clone()
            } else {
                jnp::broadcast_to(a, shape.clone())
            }
        })
        .collect()
}

crate::keywords! {
    /// Keywords of `jnp.choose(a, choices, mode='raise')`.
    ChooseKw {
        /// `mode`: out-of-range `a`: `"raise"` (default; needs a concrete `a`), `"wrap"`
        /// or `"clip"`.
        mode: String = "raise".into(); (mode: &str) => mode.into(),
    }
}

/// `jnp.choose(a, choices)`: at each position, the element of `choices[a]`. Keywords
/// through [`choose_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let c = jnp::choose(jnp::array([0, 1, 0]), [jnp::array([1, 2, 3]), jnp::array([7, 8, 9])]);
/// assert_eq!(c.to_vec::<i32>(), vec![1, 8, 3]);
/// ```
#[track_caller]
pub fn choose<A: ArrayLike>(a: impl ArrayLike, choices: impl IntoIterator<Item = A>) -> Array {
    choose_with(a, choices, |kw| kw)
}

/// `jnp.choose(a, choices, mode=..)`.
///
/// # Panics
/// `` `a` array must be integer typed``; `invalid entry in choice array`; `mode='x' not
/// understood. Must be 'raise', 'wrap', or 'clip'`.
#[track_caller]
pub fn choose_with<A: ArrayLike>(
    a: impl ArrayLike,
    choices: impl IntoIterator<Item = A>,
    f: impl FnOnce(ChooseKw) -> ChooseKw,
) -> Array {
    let kw = crate::keywords::apply::<ChooseKw>(f);
    let a = a.into_operand().into_array();
    let choices: Vec<Array> = choices
        .into_iter()
        .map(|c| c.into_operand().into_array())
        .collect();
    if !a.dtype().is_integer() {
        panic!("`a` array must be integer typed");
    }
    let n = choices.len() as i64;
    let arr = match kw.mode.as_str() {
        "raise" => {
            let bad = jnp::any(jnp::logical_or(jnp::less(&a, 0), jnp::greater_equal(&a, n)));
            if bad.item::<bool>() {
                panic!("invalid entry in choice array");
            }
            a
        }
        "wrap" => jnp::remainder(&a, n),
        "clip" => jnp::clip_with(&a, |k| k.min(0).max(n - 1)),
        other => panic!("mode='{other}' not understood. Must be 'raise', 'wrap', or 'clip'"),
    };
    let mut all = vec![arr];
    all.extend(choices);
    let mut all = broadcast_all(all);
    let arr = all.remove(0);
    let stacked = jnp::stack(all);
    let mut items = vec![IndexItem::Array(arr.clone())];
    items.extend(
        crate::numpy::indices_sparse(arr.shape().to_vec(), |k| k)
            .into_iter()
            .map(IndexItem::Array),
    );
    stacked.i(Index::new(items))
}

crate::keywords! {
    /// Keywords of `jnp.compress(condition, a, axis=None, *, size=None, fill_value=0)` and
    /// `jnp.extract(condition, arr, *, size=None, fill_value=0)`.
    CompressKw {
        /// `axis`: the axis selected along (default: the flattened array; `compress` only).
        axis: Option<i64> = None; (axis: i64) => Some(axis),
        /// `size`: the static number of results (needed under `jit`).
        size: Option<usize> = None; (size: usize) => Some(size),
        /// `fill_value`: fills missing results (default `0`).
        fill_value: Operand = 0.into_operand(); (v: impl ArrayLike) => v.into_operand(),
    }
}

/// `jnp.compress(condition, a)`: the elements of the flattened `a` where the 1-d
/// `condition` is true. Keywords through [`compress_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let c = jnp::compress(jnp::array([true, false, true]), jnp::array([4, 5, 6]));
/// assert_eq!(c.to_vec::<i32>(), vec![4, 6]);
/// ```
#[track_caller]
pub fn compress(condition: impl ArrayLike, a: impl ArrayLike) -> Array {
    compress_with(condition, a, |kw| kw)
}

/// `jnp.compress(condition, a, axis=.., size=.., fill_value=..)`.
///
/// # Panics
/// `condition must be a 1D array`; `condition contains entries that are out of bounds`;
/// `size must be positive and not greater than the size of the array axis; got size=9 for
/// a.shape[axis]=4`.
#[track_caller]
pub fn compress_with(
    condition: impl ArrayLike,
    a: impl ArrayLike,
    f: impl FnOnce(CompressKw) -> CompressKw,
) -> Array {
    let kw = crate::keywords::apply::<CompressKw>(f);
    let cond = condition.into_operand().into_array().astype(DType::Bool);
    let arr = a.into_operand().into_array();
    if cond.ndim() != 1 {
        panic!("condition must be a 1D array");
    }
    let (arr, axis) = match kw.axis {
        None => (jnp::ravel(&arr), 0),
        Some(ax) => {
            let ax = canonicalize_axis(ax as isize, arr.ndim());
            (jnp::moveaxis(&arr, ax as isize, 0), ax)
        }
    };
    let n = arr.shape()[0] as i64;
    let extra = cond.i(crate::s![n..]);
    let cond = cond.i(crate::s![..n]);
    let arr = arr.i(crate::s![..cond.shape()[0] as i64]);
    let result = match kw.size {
        None => {
            if jnp::any(&extra).item::<bool>() {
                panic!("condition contains entries that are out of bounds");
            }
            arr.i(&cond)
        }
        Some(size) if size > arr.shape()[0] => panic!(
            "size must be positive and not greater than the size of the array axis; got \
             size={size} for a.shape[axis]={}",
            arr.shape()[0]
        ),
        Some(size) => {
            let extra_axes: Vec<isize> = (1..arr.ndim() as isize).collect();
            let mask = jnp::expand_dims(&cond, extra_axes);
            let fill = kw.fill_value.into_array().astype(arr.dtype());
            let arr = jnp::where_(mask, &arr, fill);
            let order = jnp::argsort_with(&cond, |k| k.stable(true).descending(true));
            arr.i(&order).i(crate::s![..size as i64])
        }
    };
    jnp::moveaxis(&result, 0, axis as isize)
}

/// `jnp.extract(condition, arr)`: [`compress`] of the flattened condition and array.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, -2], [3, -4]]);
/// assert_eq!(jnp::extract(jnp::greater(&x, 0), &x).to_vec::<i32>(), vec![1, 3]);
/// ```
#[track_caller]
pub fn extract(condition: impl ArrayLike, arr: impl ArrayLike) -> Array {
    extract_with(condition, arr, |kw| kw)
}

/// `jnp.extract(condition, arr, size=.., fill_value=..)` (`axis` is ignored).
#[track_caller]
pub fn extract_with(
    condition: impl ArrayLike,
    arr: impl ArrayLike,
    f: impl FnOnce(CompressKw) -> CompressKw,
) -> Array {
    let kw = crate::keywords::apply::<CompressKw>(f);
    let (size, fill) = (kw.size, kw.fill_value);
    compress_with(jnp::ravel(condition), jnp::ravel(arr), |k| {
        let k = k.fill_value(fill);
        match size {
            Some(s) => k.size(s),
            None => k,
        }
    })
}

/// `obj` of `delete`/`insert`: one index, or an array of indices (or, for `delete`, a
/// boolean mask).
#[derive(Clone)]
pub enum Positions {
    /// A single index (`obj=2`).
    One(i64),
    /// Indices or a mask (`obj=[0, 2]`).
    Many(Operand),
}

/// Conversion of `delete`/`insert`'s `obj`.
pub trait IntoPositions {
    /// The positions.
    fn into_positions(self) -> Positions;
}

macro_rules! one_position {
    ($($t:ty),*) => {$(
        impl IntoPositions for $t {
            fn into_positions(self) -> Positions {
                Positions::One(self as i64)
            }
        }
    )*};
}
one_position!(i32, i64, usize);

impl IntoPositions for &Array {
    fn into_positions(self) -> Positions {
        Positions::Many(self.into_operand())
    }
}

impl IntoPositions for Array {
    fn into_positions(self) -> Positions {
        Positions::Many(self.into_operand())
    }
}

impl<const N: usize> IntoPositions for [i32; N] {
    fn into_positions(self) -> Positions {
        Positions::Many(jnp::array(self).into_operand())
    }
}

impl<const N: usize> IntoPositions for [bool; N] {
    fn into_positions(self) -> Positions {
        Positions::Many(jnp::array(self).into_operand())
    }
}

crate::keywords! {
    /// Keywords of `jnp.delete(arr, obj, axis=None, *, assume_unique_indices=False)`.
    DeleteKw {
        /// `axis`: the axis deleted along (default: the flattened array).
        axis: Option<i64> = None; (axis: i64) => Some(axis),
        /// `assume_unique_indices`: the indices are distinct (works under `jit`).
        assume_unique_indices: bool = false; (u: bool) => u,
    }
}

/// `jnp.delete(arr, obj)`: the flattened `arr` without the elements at `obj`. Keywords
/// through [`delete_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let d = jnp::delete(jnp::array([1, 2, 3, 4]), [0, 2]);
/// assert_eq!(d.to_vec::<i32>(), vec![2, 4]);
/// ```
#[track_caller]
pub fn delete(arr: impl ArrayLike, obj: impl IntoPositions) -> Array {
    delete_with(arr, obj, |kw| kw)
}

/// `jnp.delete(arr, obj, axis=.., assume_unique_indices=..)`.
///
/// # Panics
/// `np.delete(arr, obj): for boolean indices, obj must be one-dimensional with length
/// matching specified axis.`; `np.delete(arr, obj): got obj.dtype=float32; must be integer
/// or bool.`; a traced `obj` without `assume_unique_indices` (ConcretizationTypeError).
#[track_caller]
pub fn delete_with(
    arr: impl ArrayLike,
    obj: impl IntoPositions,
    f: impl FnOnce(DeleteKw) -> DeleteKw,
) -> Array {
    let kw = crate::keywords::apply::<DeleteKw>(f);
    let a = arr.into_operand().into_array();
    let (a, axis) = match kw.axis {
        None => (jnp::ravel(&a), 0),
        Some(ax) => {
            let nd = a.ndim();
            (a, canonicalize_axis(ax as isize, nd))
        }
    };
    let n = a.shape()[axis];
    let along = |ix: IndexItem| -> Array {
        let mut items = vec![IndexItem::from(..); axis];
        items.push(ix);
        a.i(Index::new(items))
    };
    let obj = match obj.into_positions() {
        Positions::One(i) => {
            let i = canonicalize_axis(i as isize, n) as i64;
            return jnp::concatenate_with(
                [
                    along(IndexItem::from(0..i)),
                    along(IndexItem::from(i + 1..)),
                ],
                |k| k.axis(axis as i64),
            );
        }
        Positions::Many(o) => o.into_array(),
    };
    if obj.dtype().is_integer() && kw.assume_unique_indices {
        let o = jnp::ravel(&obj);
        let o = jnp::where_(jnp::less(&o, 0), jnp::add(&o, n as i64), &o);
        let o = jnp::clip_with(o, |k| k.min(0).max(n as i64));
        let o = jnp::sort(o);
        let m = o.shape()[0];
        let o = jnp::subtract(
            &o,
            jnp::arange_with(0, |k| k.stop(m as i64).dtype(o.dtype())),
        );
        let i = jnp::arange_with(0, |k| k.stop((n - m) as i64).dtype(o.dtype()));
        let ge = jnp::greater_equal(jnp::expand_dims(&i, 0), jnp::expand_dims(&o, 1));
        let shift = jnp::sum_with(ge, |k| k.axis(0).dtype(i.dtype()));
        let i = jnp::add(&i, shift);
        return along(IndexItem::Array(i));
    }
    let values = obj.to_concrete("'obj' array argument of jnp.delete()");
    let mask: Vec<bool> = if obj.dtype().is_integer() {
        let mut m = vec![true; n];
        for v in values.data().to_scalars() {
            if let crate::dtype::Scalar::Int(i) = v {
                m[canonicalize_axis(i as isize, n)] = false;
            }
        }
        m
    } else if obj.dtype() == DType::Bool {
        if obj.shape() != [n] {
            panic!(
                "np.delete(arr, obj): for boolean indices, obj must be one-dimensional with \
                 length matching specified axis."
            );
        }
        obj.to_vec::<bool>().into_iter().map(|b| !b).collect()
    } else {
        panic!(
            "np.delete(arr, obj): got obj.dtype={}; must be integer or bool.",
            obj.dtype()
        );
    };
    along(IndexItem::Array(jnp::array(mask)))
}

crate::keywords! {
    /// Keywords of `jnp.insert(arr, obj, values, axis=None)`.
    InsertKw {
        /// `axis`: the axis inserted along (default: the flattened array).
        axis: Option<i64> = None; (axis: i64) => Some(axis),
    }
}

/// `jnp.insert(arr, obj, values)`: the flattened `arr` with `values` inserted before the
/// positions `obj`. Keywords through [`insert_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let r = jnp::insert(jnp::array([1, 2, 3]), 1, jnp::array([8, 9]));
/// assert_eq!(r.to_vec::<i32>(), vec![1, 8, 9, 2, 3]);
/// ```
#[track_caller]
pub fn insert(arr: impl ArrayLike, obj: impl IntoPositions, values: impl ArrayLike) -> Array {
    insert_with(arr, obj, values, |kw| kw)
}

/// `jnp.insert(arr, obj, values, axis=..)`.
///
/// # Panics
/// `jnp.insert(): obj must be a slice, a one-dimensional array, or a scalar; got ...`;
/// `jnp.insert(): index array must be integer typed; got ...`.
#[track_caller]
pub fn insert_with(
    arr: impl ArrayLike,
    obj: impl IntoPositions,
    values: impl ArrayLike,
    f: impl FnOnce(InsertKw) -> InsertKw,
) -> Array {
    let kw = crate::keywords::apply::<InsertKw>(f);
    let a = arr.into_operand().into_array();
    let (a, axis) = match kw.axis {
        None => (jnp::ravel(&a), 0),
        Some(ax) => {
            let nd = a.ndim();
            (a, canonicalize_axis(ax as isize, nd))
        }
    };
    let (indices, scalar_obj) = match obj.into_positions() {
        Positions::One(i) => (jnp::array(i as i32), true),
        Positions::Many(o) => (o.into_array(), false),
    };
    if indices.ndim() > 1 {
        panic!(
            "jnp.insert(): obj must be a slice, a one-dimensional array, or a scalar; got \
             {indices}"
        );
    }
    if !indices.dtype().is_integer() {
        panic!("jnp.insert(): index array must be integer typed; got {indices}");
    }
    // `array(values, ndmin=a.ndim, dtype=a.dtype)`.
    let mut values = values.into_operand().into_array().astype(a.dtype());
    while values.ndim() < a.ndim() {
        values = jnp::expand_dims(&values, 0);
    }
    let mut indices = indices;
    if indices.size() == 1 {
        let index = jnp::ravel(&indices).i(0);
        if scalar_obj || indices.ndim() == 0 {
            values = jnp::moveaxis(&values, 0, axis as isize);
        }
        indices = jnp::full([values.shape()[axis]], index);
    }
    let n_input = a.shape()[axis];
    let n_insert =
        crate::shape::broadcast_shapes("insert", &[indices.shape(), &[values.shape()[axis]]])[0];
    let mut out_shape = a.shape().to_vec();
    out_shape[axis] += n_insert;
    let out = jnp::zeros_with(out_shape, |k| k.dtype(a.dtype()));
    let indices = jnp::where_(
        jnp::less(&indices, 0),
        jnp::add(&indices, n_input as i64),
        &indices,
    );
    let indices = jnp::clip_with(&indices, |k| k.min(0).max(n_input as i64));
    let order = jnp::argsort(&indices);
    let values_ind = indices.at(&order).add(jnp::arange_with(0, |k| {
        k.stop(n_insert as i64).dtype(indices.dtype())
    }));
    let arr_mask = jnp::ones_with([n_input + n_insert], |k| k.dtype(DType::Bool))
        .at(&values_ind)
        .set(false);
    let arr_ind = jnp::where_with(&arr_mask, |k| k.size(n_input)).remove(0);
    let at = |ix: Array| {
        let mut items = vec![IndexItem::from(..); axis];
        items.push(IndexItem::Array(ix));
        Index::new(items)
    };
    let out = out.at(at(values_ind)).set(&values);
    out.at(at(arr_ind)).set(&a)
}
