//! NumPy indexing with JAX's semantics: `x.i(idx)`, `x.at(idx).set(v)` and friends, the
//! [`s!`](crate::s) macro and the index types it builds.
//!
//! JAX counterpart: `jax/_src/numpy/indexing.py` (`rewriting_take`, `NDIndexer`,
//! `_index_to_gather`) and `jax/_src/ops/scatter.py` (`_scatter_update`). Indexing tries,
//! in JAX's order, a static `slice`, then a `dynamic_slice`, then a `gather`; updates are
//! always a `scatter`. Each path emits the same primitives with the same parameters as JAX,
//! so jaxprs match JAX's text.
//!
//! Out-of-bounds integer indices never panic: reads clamp (as XLA's gather and
//! dynamic_slice do) and updates are dropped (`FILL_OR_DROP`), as in JAX.
//!
//! Slices follow Python's `start:stop:step` semantics, written as Rust ranges: `1..3` is
//! `1:3`, `..=2` is `:3`, `a..b;s` (in `s!`) is `a:b:s`, and negative bounds count from the
//! end. With a negative step, `5..1;-1` walks from 5 down to 2, as Python's `5:1:-1` does.

use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

use crate::array::Array;
use crate::buffer::Buffer;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::lax::normalize_index;
use crate::numpy::operand::{promote_dtypes, scalar_array, ArrayLike, Operand};
use crate::numpy::shape_ops::broadcast_array_to;
use crate::primitive::{
    GatherDimensionNumbers, GatherScatterMode, Primitive, ScatterDimensionNumbers, ScatterKind,
};
use crate::trace::bind1;

/// Inserts a new unit axis (NumPy's `np.newaxis` / `None`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct NewAxis;

/// Stands for as many full slices as needed (Python's `...`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Ellipsis;

/// A Python slice `start:stop:step`; `None` bounds mean "from the start"/"to the end".
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Slice {
    /// First index (negative counts from the end).
    pub start: Option<i64>,
    /// One past the last index (negative counts from the end).
    pub stop: Option<i64>,
    /// Step; `None` is 1. Zero is an error.
    pub step: Option<i64>,
}

impl Slice {
    /// Python's `slice.indices(size)`: `(start, stop, step)` clipped to the axis.
    ///
    /// # Panics
    /// `slice step cannot be zero`.
    #[track_caller]
    pub fn indices(&self, size: usize) -> (i64, i64, i64) {
        let step = self.step.unwrap_or(1);
        if step == 0 {
            panic!("slice step cannot be zero");
        }
        let n = size as i64;
        let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
        let fix = |v: Option<i64>, default: i64| match v {
            None => default,
            Some(v) if v < 0 => (v + n).max(lower),
            Some(v) => v.min(upper),
        };
        let start = fix(self.start, if step < 0 { upper } else { lower });
        let stop = fix(self.stop, if step < 0 { lower } else { upper });
        (start, stop, step)
    }

    /// `core.canonicalize_slice`: `(start, step, size)` of the selected elements.
    #[track_caller]
    fn canonicalize(&self, size: usize) -> (i64, i64, usize) {
        let (start, stop, step) = self.indices(size);
        let count = if step > 0 {
            if stop > start {
                (stop - start + step - 1) / step
            } else {
                0
            }
        } else if start > stop {
            (start - stop - step - 1) / -step
        } else {
            0
        };
        (start, step, count as usize)
    }

    fn is_full(&self) -> bool {
        self.start.is_none() && self.stop.is_none() && self.step.is_none()
    }
}

/// One component of an index.
#[derive(Clone)]
pub enum IndexItem {
    /// An integer: selects one position and drops the axis.
    Int(i64),
    /// A slice: keeps the axis.
    Slice(Slice),
    /// A new unit axis.
    NewAxis,
    /// As many full slices as needed.
    Ellipsis,
    /// An integer array (advanced indexing) or a boolean mask; a 0-d boolean (`true` or
    /// `false` converts to one) adds a unit axis, kept or emptied.
    Array(Array),
}

/// A full index: what `x.i(..)` and `x.at(..)` take, built by [`s!`](crate::s) or converted
/// from a single integer, range, [`NewAxis`], [`Ellipsis`] or array.
#[derive(Clone, Default)]
pub struct Index(pub Vec<IndexItem>);

impl Index {
    /// An index from its components.
    pub fn new(items: Vec<IndexItem>) -> Index {
        Index(items)
    }
}

/// Ranges usable as slices (with an optional step in `s!`).
pub trait IntoSlice {
    /// The slice with step 1.
    fn into_slice(self) -> Slice;
}

/// Integer types usable as indices and slice bounds.
pub trait IndexInt: Copy {
    /// The value as `i64`.
    fn to_i64(self) -> i64;
}

macro_rules! index_ints {
    ($($t:ty),*) => {$(
        impl IndexInt for $t {
            fn to_i64(self) -> i64 {
                // Beyond i64 an index is out of bounds anyway; saturate rather than wrap.
                i64::try_from(self).unwrap_or(i64::MAX)
            }
        }
        impl From<$t> for IndexItem {
            fn from(i: $t) -> IndexItem {
                IndexItem::Int(i.to_i64())
            }
        }
        impl From<Range<$t>> for IndexItem {
            fn from(r: Range<$t>) -> IndexItem {
                IndexItem::Slice(r.into_slice())
            }
        }
        impl From<RangeFrom<$t>> for IndexItem {
            fn from(r: RangeFrom<$t>) -> IndexItem {
                IndexItem::Slice(r.into_slice())
            }
        }
        impl From<RangeTo<$t>> for IndexItem {
            fn from(r: RangeTo<$t>) -> IndexItem {
                IndexItem::Slice(r.into_slice())
            }
        }
        impl From<RangeInclusive<$t>> for IndexItem {
            fn from(r: RangeInclusive<$t>) -> IndexItem {
                IndexItem::Slice(r.into_slice())
            }
        }
        impl From<RangeToInclusive<$t>> for IndexItem {
            fn from(r: RangeToInclusive<$t>) -> IndexItem {
                IndexItem::Slice(r.into_slice())
            }
        }
    )*};
}
index_ints!(i32, i64, isize, usize, u32);

/// The exclusive stop after an inclusive end (`..=-1` runs to the end).
fn inclusive_stop(end: i64) -> Option<i64> {
    if end == -1 {
        None
    } else {
        Some(end.saturating_add(1))
    }
}

impl<T: IndexInt> IntoSlice for Range<T> {
    fn into_slice(self) -> Slice {
        Slice {
            start: Some(self.start.to_i64()),
            stop: Some(self.end.to_i64()),
            step: None,
        }
    }
}

impl<T: IndexInt> IntoSlice for RangeFrom<T> {
    fn into_slice(self) -> Slice {
        Slice {
            start: Some(self.start.to_i64()),
            ..Slice::default()
        }
    }
}

impl<T: IndexInt> IntoSlice for RangeTo<T> {
    fn into_slice(self) -> Slice {
        Slice {
            stop: Some(self.end.to_i64()),
            ..Slice::default()
        }
    }
}

impl<T: IndexInt> IntoSlice for RangeInclusive<T> {
    fn into_slice(self) -> Slice {
        Slice {
            start: Some(self.start().to_i64()),
            stop: inclusive_stop(self.end().to_i64()),
            step: None,
        }
    }
}

impl<T: IndexInt> IntoSlice for RangeToInclusive<T> {
    fn into_slice(self) -> Slice {
        Slice {
            stop: inclusive_stop(self.end.to_i64()),
            ..Slice::default()
        }
    }
}

impl IntoSlice for RangeFull {
    fn into_slice(self) -> Slice {
        Slice::default()
    }
}

impl IntoSlice for Slice {
    fn into_slice(self) -> Slice {
        self
    }
}

impl From<RangeFull> for IndexItem {
    fn from(_: RangeFull) -> IndexItem {
        IndexItem::Slice(Slice::default())
    }
}

impl From<Slice> for IndexItem {
    fn from(s: Slice) -> IndexItem {
        IndexItem::Slice(s)
    }
}

impl From<NewAxis> for IndexItem {
    fn from(_: NewAxis) -> IndexItem {
        IndexItem::NewAxis
    }
}

impl From<Ellipsis> for IndexItem {
    fn from(_: Ellipsis) -> IndexItem {
        IndexItem::Ellipsis
    }
}

/// `x[True]`/`x[False]`: a scalar boolean adds a unit axis and keeps it (`True`) or
/// selects nothing from it (`False`), as in NumPy.
impl From<bool> for IndexItem {
    fn from(b: bool) -> IndexItem {
        IndexItem::Array(Array::from_vec(vec![b], vec![]))
    }
}

impl From<&Array> for IndexItem {
    fn from(a: &Array) -> IndexItem {
        IndexItem::Array(a.clone())
    }
}

impl From<Array> for IndexItem {
    fn from(a: Array) -> IndexItem {
        IndexItem::Array(a)
    }
}

impl IndexItem {
    /// A slice with a step, as `s!` writes `range;step`.
    pub fn stepped(range: impl IntoSlice, step: impl IndexInt) -> IndexItem {
        let mut s = range.into_slice();
        s.step = Some(step.to_i64());
        IndexItem::Slice(s)
    }
}

/// Anything `x.i(..)` and `x.at(..)` accept: an [`Index`] (from `s!`) or one component.
pub trait IntoIndex {
    /// The full index.
    fn into_index(self) -> Index;
}

impl IntoIndex for Index {
    fn into_index(self) -> Index {
        self
    }
}

impl<T: Into<IndexItem>> IntoIndex for T {
    fn into_index(self) -> Index {
        Index(vec![self.into()])
    }
}

/// Builds an [`Index`] in ndarray's `s!` syntax, with Python's slice semantics:
/// `s![1..3, ..]`, `s![.., 0]`, `s![..;-1]`, `s![..=2]`, `s![NewAxis, ..]`,
/// `s![Ellipsis, 0]`, `s![&idx, 1..]` (an integer array).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::s;
/// let x = jnp::array([[0, 1, 2], [3, 4, 5]]);
/// assert_eq!(x.i(s![.., 0]).to_vec::<i32>(), vec![0, 3]);
/// assert_eq!(x.i(s![1, ..;-1]).to_vec::<i32>(), vec![5, 4, 3]);
/// ```
#[macro_export]
macro_rules! s {
    (@acc [$($done:expr,)*]) => {
        $crate::numpy::Index::new(vec![$($done),*])
    };
    (@acc [$($done:expr,)*] $e:expr ; $step:expr , $($rest:tt)*) => {
        $crate::s!(@acc [$($done,)* $crate::numpy::IndexItem::stepped(
            {
                // With a negative step, `4..1;-1` is meaningful (Python's `4:1:-1`).
                #[allow(clippy::reversed_empty_ranges)]
                let r = $e;
                r
            },
            $step,
        ),] $($rest)*)
    };
    (@acc [$($done:expr,)*] $e:expr ; $step:expr) => {
        $crate::s!(@acc [$($done,)* $crate::numpy::IndexItem::stepped(
            {
                // With a negative step, `4..1;-1` is meaningful (Python's `4:1:-1`).
                #[allow(clippy::reversed_empty_ranges)]
                let r = $e;
                r
            },
            $step,
        ),])
    };
    (@acc [$($done:expr,)*] $e:expr , $($rest:tt)*) => {
        $crate::s!(@acc [$($done,)* $crate::numpy::IndexItem::from($e),] $($rest)*)
    };
    (@acc [$($done:expr,)*] $e:expr) => {
        $crate::s!(@acc [$($done,)* $crate::numpy::IndexItem::from($e),])
    };
    ($($t:tt)*) => {
        $crate::s!(@acc [] $($t)*)
    };
}

// ---------------------------------------------------------------- parsing (NDIndexer)

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Typ {
    None,
    Ellipsis,
    Integer,
    Slice,
    Array,
    Boolean,
}

#[derive(Clone)]
struct Parsed {
    item: IndexItem,
    typ: Typ,
    consumed: Vec<usize>,
    /// A NumPy array in JAX (the positions of a boolean mask): JAX compares it with 0
    /// eagerly, so the comparison is a captured constant, not an equation.
    numpy: bool,
}

/// `_parse_indices`: the type of each component and the axes it consumes.
#[track_caller]
fn parse(index: Index, shape: &[usize]) -> Vec<Parsed> {
    let mut typs = Vec::new();
    let mut consumed = Vec::new();
    let mut ellipses = Vec::new();
    for (i, item) in index.0.iter().enumerate() {
        let (t, n) = match item {
            IndexItem::NewAxis => (Typ::None, 0),
            IndexItem::Ellipsis => {
                ellipses.push(i);
                (Typ::Ellipsis, 0)
            }
            IndexItem::Int(_) => (Typ::Integer, 1),
            IndexItem::Slice(_) => (Typ::Slice, 1),
            IndexItem::Array(a) => {
                if a.dtype() == DType::Bool {
                    (Typ::Boolean, a.ndim())
                } else if a.dtype().is_integer() {
                    (Typ::Array, 1)
                } else {
                    panic!(
                        "Indexer must have integer or boolean type, got indexer with type {}",
                        a.dtype()
                    );
                }
            }
        };
        typs.push(t);
        consumed.push(n);
    }
    if ellipses.len() > 1 {
        panic!("an index can only have a single ellipsis ('...')");
    }
    let total: usize = consumed.iter().sum();
    if total > shape.len() {
        panic!(
            "Too many indices: array is {}-dimensional, but {total} were indexed",
            shape.len()
        );
    }
    if let Some(&e) = ellipses.first() {
        consumed[e] = shape.len() - total;
    }
    let mut dim = 0;
    index
        .0
        .into_iter()
        .zip(typs)
        .zip(consumed)
        .map(|((item, typ), n)| {
            let axes = (dim..dim + n).collect();
            dim += n;
            Parsed {
                item,
                typ,
                consumed: axes,
                numpy: false,
            }
        })
        .collect()
}

/// `expand_ellipses`: ellipses and implicit trailing axes become full slices.
fn expand_ellipses(indices: &[Parsed], ndim: usize) -> Vec<Parsed> {
    let mut out = Vec::new();
    let mut consumed = 0;
    let full = |axis: usize| Parsed {
        item: IndexItem::Slice(Slice::default()),
        typ: Typ::Slice,
        consumed: vec![axis],
        numpy: false,
    };
    for p in indices {
        consumed += p.consumed.len();
        if p.typ == Typ::Ellipsis {
            out.extend(p.consumed.iter().map(|&a| full(a)));
        } else {
            out.push(p.clone());
        }
    }
    out.extend((consumed..ndim).map(full));
    out
}

fn int_of(p: &Parsed) -> i64 {
    match p.item {
        IndexItem::Int(i) => i,
        _ => unreachable!("an integer index"),
    }
}

fn slice_of(p: &Parsed) -> Slice {
    match p.item {
        IndexItem::Slice(s) => s,
        _ => unreachable!("a slice index"),
    }
}

fn array_of(p: &Parsed) -> Array {
    match &p.item {
        IndexItem::Array(a) => a.clone(),
        _ => unreachable!("an array index"),
    }
}

/// A strongly typed `int32` literal (what `lax.convert_element_type(int, int32)` gives).
#[track_caller]
fn i32_literal(v: i64) -> Array {
    scalar_array(Scalar::Int(v as i128), DType::I32, false)
}

/// A weakly typed `int32` literal (what `jnp.asarray(int)` gives).
#[track_caller]
fn weak_int_literal(v: i64) -> Array {
    scalar_array(Scalar::Int(v as i128), DType::I32, true)
}

/// `lax.convert_element_type(a, dtype)` for an index: JAX converts concrete scalars at
/// once (no equation), and binds `convert_element_type` for anything else.
#[track_caller]
fn convert_index(a: &Array, dtype: DType) -> Array {
    if a.is_scalar_literal() && (a.dtype() != dtype || a.weak_type()) {
        let v = a
            .as_concrete()
            .expect("a literal is concrete")
            .data()
            .get(0);
        return scalar_array(v, dtype, false);
    }
    lax::convert_element_type(a, dtype, false)
}

/// `lax_utils.int_dtype_for_shape(shape, signed=True)`.
fn index_dtype(shape: &[usize]) -> DType {
    if shape.iter().any(|&d| d > i32::MAX as usize) {
        DType::I64.canonicalize()
    } else {
        DType::I32
    }
}

// ---------------------------------------------------------------- static slice

struct StaticSlice {
    start: Vec<usize>,
    limit: Vec<usize>,
    strides: Option<Vec<usize>>,
    rev_axes: Vec<usize>,
    squeeze_axes: Vec<isize>,
    newaxis_dims: Vec<isize>,
}

/// `to_static_slice`: `None` where JAX raises (and so falls back to the next strategy).
#[track_caller]
fn to_static_slice(
    indices: &[Parsed],
    shape: &[usize],
    mode: Option<GatherScatterMode>,
) -> Option<StaticSlice> {
    let mode = mode.unwrap_or(GatherScatterMode::PromiseInBounds);
    if mode == GatherScatterMode::FillOrDrop {
        return None;
    }
    for p in indices {
        match p.typ {
            Typ::Integer => {
                if mode == GatherScatterMode::PromiseInBounds {
                    let size = shape[p.consumed[0]] as i64;
                    let i = int_of(p);
                    let normed = if i < 0 { i + size } else { i };
                    if !(0..size).contains(&normed) {
                        return None;
                    }
                }
            }
            Typ::Ellipsis | Typ::Slice | Typ::None => {}
            Typ::Array | Typ::Boolean => return None,
        }
    }
    let mut out = StaticSlice {
        start: vec![],
        limit: vec![],
        strides: None,
        rev_axes: vec![],
        squeeze_axes: vec![],
        newaxis_dims: vec![],
    };
    let mut strides = Vec::new();
    for p in expand_ellipses(indices, shape.len()) {
        match p.typ {
            Typ::None => out
                .newaxis_dims
                .push((out.start.len() - out.squeeze_axes.len() + out.newaxis_dims.len()) as isize),
            Typ::Integer => {
                let axis = p.consumed[0];
                let size = shape[axis] as i64;
                if size == 0 {
                    return None;
                }
                let mut i = int_of(&p);
                if i < 0 {
                    i += size;
                }
                let i = i.clamp(0, size - 1) as usize;
                out.start.push(i);
                out.limit.push(i + 1);
                strides.push(1);
                out.squeeze_axes.push(axis as isize);
            }
            Typ::Slice => {
                let axis = p.consumed[0];
                let size = shape[axis] as i64;
                let (start, stop, step) = slice_of(&p).indices(shape[axis]);
                if step < 0 {
                    let new_start = size.min(stop + 1 + (start - stop - 1).abs() % step.abs());
                    out.start.push(new_start as usize);
                    out.limit.push(new_start.max(start + 1) as usize);
                    strides.push(step.unsigned_abs() as usize);
                    out.rev_axes.push(axis);
                } else {
                    out.start.push(start as usize);
                    out.limit.push(start.max(stop) as usize);
                    strides.push(step as usize);
                }
            }
            Typ::Ellipsis | Typ::Array | Typ::Boolean => unreachable!("expanded or rejected"),
        }
    }
    if strides.iter().any(|&s| s != 1) {
        out.strides = Some(strides);
    }
    Some(out)
}

#[track_caller]
fn static_slice(x: &Array, ix: StaticSlice) -> Array {
    let trivial = ix.strides.is_none()
        && ix
            .start
            .iter()
            .zip(&ix.limit)
            .zip(x.shape())
            .all(|((&s, &l), &d)| s == 0 && l == d);
    let mut y = if trivial {
        x.clone()
    } else {
        lax::slice(x, &ix.start, &ix.limit, ix.strides.as_deref())
    };
    if !ix.rev_axes.is_empty() {
        y = lax::rev(&y, &ix.rev_axes);
    }
    if !ix.squeeze_axes.is_empty() {
        y = lax::squeeze(&y, &ix.squeeze_axes);
    }
    if !ix.newaxis_dims.is_empty() {
        y = lax::expand_dims(&y, &ix.newaxis_dims);
    }
    y
}

// ---------------------------------------------------------------- dynamic slice

enum Start {
    Static(i64),
    Dynamic(Array),
}

struct DynamicSlice {
    starts: Vec<Start>,
    sizes: Vec<usize>,
    rev_axes: Vec<usize>,
    squeeze_axes: Vec<isize>,
    newaxis_dims: Vec<isize>,
    trivial: bool,
}

/// `to_dynamic_slice`: `None` where JAX raises.
#[track_caller]
fn to_dynamic_slice(
    indices: &[Parsed],
    shape: &[usize],
    mode: Option<GatherScatterMode>,
) -> Option<DynamicSlice> {
    if mode == Some(GatherScatterMode::FillOrDrop) {
        return None;
    }
    for p in indices {
        match p.typ {
            Typ::Integer | Typ::Ellipsis | Typ::None => {}
            Typ::Slice => {
                let step = slice_of(p).step;
                if !matches!(step, None | Some(1) | Some(-1)) {
                    return None;
                }
            }
            Typ::Array => {
                if array_of(p).ndim() != 0 {
                    return None;
                }
            }
            Typ::Boolean => return None,
        }
    }
    let mut out = DynamicSlice {
        starts: vec![],
        sizes: vec![],
        rev_axes: vec![],
        squeeze_axes: vec![],
        newaxis_dims: vec![],
        trivial: true,
    };
    for p in expand_ellipses(indices, shape.len()) {
        match p.typ {
            Typ::None => out.newaxis_dims.push(
                (out.starts.len() - out.squeeze_axes.len() + out.newaxis_dims.len()) as isize,
            ),
            Typ::Integer | Typ::Array => {
                out.trivial = false;
                let axis = p.consumed[0];
                if shape[axis] == 0 {
                    return None;
                }
                out.starts.push(match p.typ {
                    Typ::Integer => Start::Dynamic(weak_int_literal(int_of(&p))),
                    _ => Start::Dynamic(array_of(&p)),
                });
                out.sizes.push(1);
                out.squeeze_axes.push(axis as isize);
            }
            Typ::Slice => {
                let s = slice_of(&p);
                if !s.is_full() {
                    out.trivial = false;
                }
                let axis = p.consumed[0];
                let (start, stop, step) = s.indices(shape[axis]);
                if step < 0 {
                    let new_start = stop + 1 + (start - stop - 1).abs() % step.abs();
                    out.starts.push(Start::Static(new_start));
                    out.sizes.push((start + 1 - new_start).max(0) as usize);
                    out.rev_axes.push(axis);
                } else {
                    out.starts.push(Start::Static(start));
                    out.sizes.push((stop - start).max(0) as usize);
                }
            }
            Typ::Ellipsis | Typ::Boolean => unreachable!("expanded or rejected"),
        }
    }
    Some(out)
}

#[track_caller]
fn dynamic_slice(x: &Array, ix: DynamicSlice) -> Array {
    let mut y = if ix.trivial {
        x.clone()
    } else {
        let many = ix.starts.len() > 1;
        let dt = index_dtype(x.shape());
        // With several starts JAX converts each to one index dtype (so Python ints become
        // arrays too); then every signed array start is normalized with `select`.
        let starts: Vec<Array> = ix
            .starts
            .into_iter()
            .zip(x.shape())
            .map(|(s, &d)| {
                let a = match s {
                    Start::Static(v) if many => i32_literal(v),
                    Start::Static(v) => return i32_literal(if v < 0 { v + d as i64 } else { v }),
                    Start::Dynamic(a) if many => convert_index(&a, dt),
                    Start::Dynamic(a) => a,
                };
                if a.dtype().is_unsigned_integer() {
                    a
                } else {
                    normalize_index(&a, d)
                }
            })
            .collect();
        let mut inputs = vec![x.clone()];
        inputs.extend(starts);
        bind1(
            Primitive::DynamicSlice {
                slice_sizes: ix.sizes.clone(),
            },
            &inputs,
        )
    };
    if !ix.rev_axes.is_empty() {
        y = lax::rev(&y, &ix.rev_axes);
    }
    if !ix.squeeze_axes.is_empty() {
        y = lax::squeeze(&y, &ix.squeeze_axes);
    }
    if !ix.newaxis_dims.is_empty() {
        y = lax::expand_dims(&y, &ix.newaxis_dims);
    }
    y
}

// ---------------------------------------------------------------- gather

/// `expand_bool_indices`: boolean masks become the integer arrays of their true positions
/// (which needs the mask's value).
#[track_caller]
fn expand_bool_indices(indices: Vec<Parsed>, shape: &[usize]) -> Vec<Parsed> {
    let mut out = Vec::new();
    for (position, p) in indices.into_iter().enumerate() {
        if p.typ != Typ::Boolean {
            out.push(p);
            continue;
        }
        let mask = array_of(&p);
        if mask.as_concrete().is_none() {
            panic!(
                "Array boolean indices must be concrete; got {}\n\nSee \
                 https://docs.jax.dev/en/latest/errors.html#jax.errors.NonConcreteBooleanIndexError",
                mask.aval()
            );
        }
        if mask.ndim() == 0 {
            // Scalar booleans stay in place; `index_to_gather` turns them into a new axis.
            out.push(p);
            continue;
        }
        let expected: Vec<usize> = p.consumed.iter().map(|&a| shape[a]).collect();
        if !mask
            .shape()
            .iter()
            .zip(&expected)
            .all(|(&s1, &s2)| s1 == 0 || s1 == s2)
        {
            panic!(
                "boolean index did not match shape of indexed array in index {position}: got {}, \
                 expected {}",
                crate::shape::py_tuple(mask.shape()),
                py_list(&expected)
            );
        }
        let values = mask.to_vec::<bool>();
        let strides = crate::shape::strides(mask.shape());
        let hits: Vec<usize> = (0..values.len()).filter(|&k| values[k]).collect();
        for (d, &axis) in p.consumed.iter().enumerate() {
            let coords: Vec<i32> = hits
                .iter()
                .map(|&k| ((k / strides[d]) % mask.shape()[d]) as i32)
                .collect();
            let n = coords.len();
            out.push(Parsed {
                item: IndexItem::Array(Array::from_vec(coords, vec![n])),
                typ: Typ::Array,
                consumed: vec![axis],
                numpy: true,
            });
        }
    }
    out
}

fn py_list(xs: &[usize]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

struct GatherIndexer {
    slice_shape: Vec<usize>,
    gather_slice_shape: Vec<usize>,
    gather_indices: Array,
    dnums: GatherDimensionNumbers,
    unique_indices: bool,
    indices_are_sorted: bool,
    reversed_y_dims: Vec<usize>,
    newaxis_dims: Vec<isize>,
    /// Positions of scalar boolean indices: the operand gets a unit axis at each.
    scalar_bool_dims: Vec<isize>,
}

/// `expand_scalar_bool_indices`: each scalar boolean becomes a unit axis of the operand,
/// indexed by `arange(1)` (`True`) or `arange(0)` (`False`), a NumPy array in JAX; the
/// other components are renumbered to the new axes.
fn expand_scalar_bool_indices(indices: &mut [Parsed], shape: &mut Vec<usize>) -> Vec<isize> {
    let mut dims = Vec::new();
    let mut current = 0;
    for (i, p) in indices.iter_mut().enumerate() {
        if p.typ == Typ::Boolean {
            let keep = array_of(p).to_vec::<bool>()[0];
            shape.insert(i, 1);
            dims.push(i as isize);
            let n = usize::from(keep);
            p.item = IndexItem::Array(Array::from_vec(vec![0i32; n], vec![n]));
            p.typ = Typ::Array;
            p.consumed = vec![current];
            p.numpy = true;
            current += 1;
        } else {
            let n = p.consumed.len();
            p.consumed = (current..current + n).collect();
            current += n;
        }
    }
    dims
}

/// `_index_to_gather`.
#[track_caller]
fn index_to_gather(indices: Vec<Parsed>, shape: &[usize], normalize: bool) -> GatherIndexer {
    let mut shape = shape.to_vec();
    let adv_positions: Vec<usize> = indices
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.typ, Typ::Array | Typ::Integer))
        .map(|(i, _)| i)
        .collect();
    let contiguous = adv_positions.windows(2).all(|w| w[1] - w[0] == 1);
    let mut indices = expand_ellipses(&indices, shape.len());
    let scalar_bool_dims = expand_scalar_bool_indices(&mut indices, &mut shape);
    let shape = shape.as_slice();
    if normalize {
        for p in indices.iter_mut() {
            match p.typ {
                Typ::Integer => {
                    let size = shape[p.consumed[0]] as i64;
                    let i = int_of(p);
                    p.item = IndexItem::Int(if i < 0 { i + size } else { i });
                }
                Typ::Array => {
                    let a = array_of(p);
                    let d = shape[p.consumed[0]];
                    if p.numpy {
                        p.item = IndexItem::Array(normalize_numpy_index(&a, d));
                    } else if !a.dtype().is_unsigned_integer() {
                        p.item = IndexItem::Array(normalize_index(&a, d));
                    }
                }
                _ => {}
            }
        }
    }
    let advanced = indices
        .iter()
        .any(|p| matches!(p.typ, Typ::Array) && array_of(p).ndim() > 0);
    let mut advanced_indexes: Vec<Array> = Vec::new();
    let mut idx_advanced_axes: Vec<usize> = Vec::new();
    let mut x_advanced_axes: Vec<usize> = Vec::new();
    if advanced {
        let without_none = indices
            .iter()
            .enumerate()
            .filter(|(_, p)| p.typ != Typ::None);
        for (j, (i, p)) in without_none.enumerate() {
            match p.typ {
                Typ::Array => advanced_indexes.push(array_of(p)),
                Typ::Integer => advanced_indexes.push(weak_int_literal(int_of(p))),
                _ => continue,
            }
            idx_advanced_axes.push(i);
            x_advanced_axes.push(j);
        }
    }
    let dt = index_dtype(shape);
    let mut x_axis = 0;
    let mut y_axis = 0;
    let mut collapsed_y_axis = 0;
    let mut offset_dims = Vec::new();
    let mut collapsed_slice_dims = Vec::new();
    let mut start_index_map = Vec::new();
    let mut gather_indices: Vec<(Array, usize)> = Vec::new();
    let mut gather_indices_shape: Vec<usize> = Vec::new();
    let mut slice_shape = Vec::new();
    let mut newaxis_dims = Vec::new();
    let mut reversed_y_dims = Vec::new();
    let mut gather_slice_shape = Vec::new();
    for (idx_pos, p) in indices.iter().enumerate() {
        if !advanced_indexes.is_empty()
            && ((contiguous && idx_pos == idx_advanced_axes[0]) || (!contiguous && idx_pos == 0))
        {
            let arrs = broadcast_arrays(&advanced_indexes);
            let ashape = arrs[0].shape().to_vec();
            let start_dim = gather_indices_shape.len();
            for a in arrs {
                gather_indices.push((convert_index(&a, dt), start_dim));
            }
            gather_indices_shape.extend_from_slice(&ashape);
            start_index_map.extend_from_slice(&x_advanced_axes);
            collapsed_slice_dims.extend_from_slice(&x_advanced_axes);
            slice_shape.extend_from_slice(&ashape);
            y_axis += ashape.len();
            collapsed_y_axis += ashape.len();
        }
        if idx_advanced_axes.contains(&idx_pos) {
            x_axis += 1;
            gather_slice_shape.push(1);
            continue;
        }
        match p.typ {
            Typ::Integer | Typ::Array => {
                // A scalar index (an advanced index of rank > 0 was handled above).
                if shape[x_axis] == 0 {
                    panic!("index is out of bounds for axis {x_axis} with size 0");
                }
                let i = match p.typ {
                    Typ::Integer => scalar_array(Scalar::Int(int_of(p) as i128), dt, false),
                    _ => convert_index(&array_of(p), dt),
                };
                gather_indices.push((i, gather_indices_shape.len()));
                collapsed_slice_dims.push(x_axis);
                gather_slice_shape.push(1);
                start_index_map.push(x_axis);
                x_axis += 1;
            }
            Typ::None => {
                slice_shape.push(1);
                newaxis_dims.push(y_axis as isize);
                y_axis += 1;
            }
            Typ::Slice => {
                let (start, step, size) = slice_of(p).canonicalize(shape[x_axis]);
                slice_shape.push(size);
                if step == 1 {
                    if size != shape[x_axis] {
                        gather_indices.push((
                            scalar_array(Scalar::Int(start as i128), dt, false),
                            gather_indices_shape.len(),
                        ));
                        start_index_map.push(x_axis);
                    }
                    gather_slice_shape.push(size);
                    offset_dims.push(collapsed_y_axis);
                } else {
                    let start_a = scalar_array(Scalar::Int(start as i128), dt, false);
                    let step_a = scalar_array(Scalar::Int(step as i128), dt, false);
                    let iota = bind1(
                        Primitive::Iota {
                            dtype: dt,
                            shape: vec![size],
                            dimension: 0,
                        },
                        &[],
                    );
                    let scaled = bind1(Primitive::Mul, &[step_a, iota]);
                    let mut idx = bind1(Primitive::Add, &[start_a, scaled]);
                    if step < 0 {
                        reversed_y_dims.push(collapsed_y_axis);
                        idx = lax::rev(&idx, &[0]);
                    }
                    gather_slice_shape.push(1);
                    gather_indices.push((idx, gather_indices_shape.len()));
                    start_index_map.push(x_axis);
                    gather_indices_shape.push(size);
                    collapsed_slice_dims.push(x_axis);
                }
                collapsed_y_axis += 1;
                y_axis += 1;
                x_axis += 1;
            }
            Typ::Ellipsis | Typ::Boolean => unreachable!("expanded"),
        }
    }
    let gather_indices_array = match gather_indices.len() {
        0 => Array::from_buffer(Buffer::zeros(dt, 0), vec![0], false),
        1 => {
            let (g, _) = gather_indices.pop().expect("one index");
            let nd = g.ndim() as isize;
            lax::expand_dims(&g, &[nd])
        }
        _ => {
            let last = gather_indices_shape.len();
            gather_indices_shape.push(1);
            let parts: Vec<Array> = gather_indices
                .iter()
                .map(|(g, i)| {
                    let dims: Vec<usize> = (*i..*i + g.ndim()).collect();
                    lax::broadcast_in_dim(g, &gather_indices_shape, &dims)
                })
                .collect();
            lax::concatenate(&parts, last)
        }
    };
    collapsed_slice_dims.sort_unstable();
    GatherIndexer {
        slice_shape,
        gather_slice_shape,
        gather_indices: gather_indices_array,
        dnums: GatherDimensionNumbers {
            offset_dims,
            collapsed_slice_dims,
            start_index_map,
            operand_batching_dims: vec![],
            start_indices_batching_dims: vec![],
        },
        unique_indices: advanced_indexes.is_empty(),
        indices_are_sorted: advanced_indexes.is_empty(),
        reversed_y_dims,
        newaxis_dims,
        scalar_bool_dims,
    }
}

/// `select(i < 0, i + d, i)` for a concrete index that JAX holds as a NumPy array: the
/// comparison runs at once (a captured boolean constant), the rest is staged.
#[track_caller]
fn normalize_numpy_index(i: &Array, d: usize) -> Array {
    let values = i.to_vec::<i64>();
    let neg: Vec<bool> = values.iter().map(|&v| v < 0).collect();
    let neg = Array::from_vec(neg, i.shape().to_vec());
    let dim = scalar_array(Scalar::Int(d as i128), i.dtype(), false);
    let wrapped = bind1(Primitive::Add, &[i.clone(), dim]);
    bind1(Primitive::SelectN, &[neg, i.clone(), wrapped])
}

/// `_broadcast_arrays`: index arrays broadcast to one shape (with `broadcast_in_dim`).
#[track_caller]
fn broadcast_arrays(arrays: &[Array]) -> Vec<Array> {
    let shapes: Vec<&[usize]> = arrays.iter().map(|a| a.shape()).collect();
    if shapes.iter().all(|s| *s == shapes[0]) {
        return arrays.to_vec();
    }
    let Some(result) = crate::shape::try_broadcast_shapes(&shapes) else {
        let listed: Vec<String> = shapes.iter().map(|s| crate::shape::py_tuple(s)).collect();
        panic!(
            "Incompatible shapes for broadcasting: shapes=[{}]",
            listed.join(", ")
        );
    };
    arrays
        .iter()
        .map(|a| broadcast_array_to(a, &result))
        .collect()
}

/// `rewriting_take`: `x[idx]`.
#[track_caller]
fn rewriting_take(
    x: &Array,
    index: Index,
    mode: Option<GatherScatterMode>,
    fill_value: Option<Scalar>,
) -> Array {
    let parsed = parse(index, x.shape());
    if let Some(ix) = to_static_slice(&parsed, x.shape(), mode) {
        return static_slice(x, ix);
    }
    if let Some(ix) = to_dynamic_slice(&parsed, x.shape(), mode) {
        return dynamic_slice(x, ix);
    }
    let parsed = expand_bool_indices(parsed, x.shape());
    let ix = index_to_gather(parsed, x.shape(), true);
    let mut y = x.clone();
    if !ix.scalar_bool_dims.is_empty() {
        y = lax::expand_dims(&y, &ix.scalar_bool_dims);
    }
    if ix.slice_shape.contains(&0) {
        let zero = Operand::Scalar(Scalar::Int(0)).convert(x.dtype(), x.weak_type());
        return broadcast_array_to(&zero, &ix.slice_shape);
    }
    if !ix.gather_indices.shape().contains(&0) {
        y = lax::gather_with(
            &y,
            &ix.gather_indices,
            ix.dnums.clone(),
            &ix.gather_slice_shape,
            |kw| {
                kw.indices_are_sorted(ix.indices_are_sorted)
                    .unique_indices(ix.unique_indices)
                    .mode(mode)
                    .fill_value(fill_value)
            },
        );
    }
    if !ix.reversed_y_dims.is_empty() {
        y = lax::rev(&y, &ix.reversed_y_dims);
    }
    lax::expand_dims(&y, &ix.newaxis_dims)
}

// ---------------------------------------------------------------- scatter

/// What a scatter needs once the index is resolved.
struct ScatterPlan {
    /// The operand, promoted.
    x: Array,
    indices: Array,
    /// The updates, broadcast, squeezed and reversed to the scatter's window layout.
    updates: Array,
    dnums: ScatterDimensionNumbers,
    indices_are_sorted: bool,
    unique_indices: bool,
    /// Unit axes added to `x` for scalar boolean indices (squeezed out of the result).
    scalar_bool_dims: Vec<isize>,
}

/// `_scatter_update` up to the scatter itself; `None` when nothing is selected.
#[track_caller]
fn plan_scatter(x: &Array, index: Index, y: Operand) -> Option<ScatterPlan> {
    // Python ints that fit an integer operand take its dtype at once.
    let y = match y {
        Operand::Scalar(Scalar::Int(v)) if x.dtype().is_integer() => {
            let back = crate::scalar::round_to(x.dtype(), Scalar::Int(v));
            if back == Scalar::Int(v) {
                Operand::Array(scalar_array(Scalar::Int(v), x.dtype(), false))
            } else {
                Operand::Scalar(Scalar::Int(v))
            }
        }
        other => other,
    };
    let parsed = parse(index, x.shape());
    let parsed = expand_bool_indices(parsed, x.shape());
    let ix = index_to_gather(parsed, x.shape(), true);
    if ix.slice_shape.contains(&0) {
        return None;
    }
    let mut promoted = promote_dtypes(vec![Operand::Array(x.clone()), y]);
    let yv = promoted.pop().expect("two operands");
    let xv = promoted.pop().expect("two operands");
    let mut yv = broadcast_array_to(&yv, &ix.slice_shape);
    yv = lax::squeeze(&yv, &ix.newaxis_dims);
    if !ix.reversed_y_dims.is_empty() {
        yv = lax::rev(&yv, &ix.reversed_y_dims);
    }
    let xv = if ix.scalar_bool_dims.is_empty() {
        xv
    } else {
        lax::expand_dims(&xv, &ix.scalar_bool_dims)
    };
    Some(ScatterPlan {
        x: xv,
        indices: ix.gather_indices,
        updates: yv,
        dnums: ScatterDimensionNumbers {
            update_window_dims: ix.dnums.offset_dims,
            inserted_window_dims: ix.dnums.collapsed_slice_dims,
            scatter_dims_to_operand_dims: ix.dnums.start_index_map,
            operand_batching_dims: vec![],
            scatter_indices_batching_dims: vec![],
        },
        indices_are_sorted: ix.indices_are_sorted,
        unique_indices: ix.unique_indices,
        scalar_bool_dims: ix.scalar_bool_dims,
    })
}

#[track_caller]
fn scatter_update(
    x: &Array,
    index: Index,
    y: Operand,
    kind: ScatterKind,
    mode: Option<GatherScatterMode>,
) -> Array {
    let Some(plan) = plan_scatter(x, index, y) else {
        return x.clone();
    };
    let out = lax::scatter_kind(
        kind,
        &plan.x,
        &plan.indices,
        &plan.updates,
        plan.dnums,
        lax::ScatterKw::default()
            .indices_are_sorted(plan.indices_are_sorted)
            .unique_indices(plan.unique_indices)
            .mode(mode),
    );
    let out = if plan.scalar_bool_dims.is_empty() {
        out
    } else {
        lax::squeeze(&out, &plan.scalar_bool_dims)
    };
    lax::convert_element_type(&out, x.dtype(), x.weak_type())
}

// ---------------------------------------------------------------- public API

impl Array {
    /// `x[idx]`: NumPy indexing with JAX's semantics. `idx` is an integer, a range, a
    /// [`NewAxis`], an [`Ellipsis`], an integer or boolean array, a `bool` (a new unit axis,
    /// kept for `true`, emptied for `false`), or an [`Index`] built by
    /// [`s!`](crate::s).
    ///
    /// Integer indices out of bounds clamp (no panic); negative ones count from the end.
    ///
    /// # Panics
    /// `Too many indices: array is 1-dimensional, but 2 were indexed`; `index is out of
    /// bounds for axis 0 with size 0`; `Indexer must have integer or boolean type, got
    /// indexer with type float32`.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// use jaxrs_core::s;
    /// let x = jnp::array([0, 1, 2, 3, 4]);
    /// assert_eq!(x.i(-1).item::<i32>(), 4);
    /// assert_eq!(x.i(10).item::<i32>(), 4);
    /// assert_eq!(x.i(s![..;-2]).to_vec::<i32>(), vec![4, 2, 0]);
    /// assert_eq!(x.i(&jnp::array([3, 0])).to_vec::<i32>(), vec![3, 0]);
    /// ```
    #[track_caller]
    pub fn i(&self, idx: impl IntoIndex) -> Array {
        rewriting_take(self, idx.into_index(), None, None)
    }

    /// `x.at[idx]`: a reference for immutable updates (`set`, `add`, `mul`, `min`, `max`)
    /// and for `get` with options.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// let a = jnp::array([0, 1, 2, 3, 4]);
    /// let b = a.at(0).set(9);
    /// assert_eq!(b.to_vec::<i32>(), vec![9, 1, 2, 3, 4]);
    /// assert_eq!(a.to_vec::<i32>(), vec![0, 1, 2, 3, 4]);
    /// assert_eq!(a.at(7).set(9).to_vec::<i32>(), vec![0, 1, 2, 3, 4]);
    /// ```
    pub fn at(&self, idx: impl IntoIndex) -> IndexUpdateRef<'_> {
        IndexUpdateRef {
            array: self,
            index: idx.into_index(),
            mode: None,
        }
    }

    /// Like [`Array::at`], but consumes the array: when its buffer has no other owner (and
    /// no trace is recording), `set`/`add`/... write into that buffer instead of copying it.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// let a = jnp::zeros(4);
    /// let b = a.into_at(1).set(5.0);
    /// assert_eq!(b.to_vec::<f32>(), vec![0.0, 5.0, 0.0, 0.0]);
    /// ```
    pub fn into_at(self, idx: impl IntoIndex) -> IndexUpdateOwned {
        IndexUpdateOwned {
            array: self,
            index: idx.into_index(),
        }
    }
}

/// `x.at[idx]` (JAX's `_IndexUpdateRef`): each method returns an updated copy of `x`.
pub struct IndexUpdateRef<'a> {
    array: &'a Array,
    index: Index,
    mode: Option<GatherScatterMode>,
}

macro_rules! update_methods {
    ($($(#[$doc:meta])* $name:ident => $kind:ident),* $(,)?) => {$(
        $(#[$doc])*
        ///
        /// `values` (an array or a Rust scalar) broadcasts to the indexed shape;
        /// out-of-bounds positions are dropped.
        ///
        /// # Panics
        /// With JAX's messages for a bad index or values that do not broadcast.
        #[track_caller]
        pub fn $name(self, values: impl ArrayLike) -> Array {
            scatter_update(self.array, self.index, values.into_operand(), ScatterKind::$kind, self.mode)
        }
    )*};
}

// `add`/`mul` are JAX's names for these updates, not operators.
#[allow(clippy::should_implement_trait)]
impl IndexUpdateRef<'_> {
    /// Sets how out-of-bounds indices behave (JAX's `mode=` keyword).
    pub fn mode(mut self, mode: GatherScatterMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// `x.at[idx].get()`: the same as `x.i(idx)`.
    #[track_caller]
    pub fn get(self) -> Array {
        rewriting_take(self.array, self.index, self.mode, None)
    }

    /// `x.at[idx].get(mode='fill', fill_value=v)`: out-of-bounds reads give `fill_value`.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// let x = jnp::array([1, 2, 3]);
    /// assert_eq!(x.at(&jnp::array([0, 5])).get_or(-1).to_vec::<i32>(), vec![1, -1]);
    /// ```
    #[track_caller]
    pub fn get_or<T: crate::dtype::Element>(self, fill_value: T) -> Array {
        rewriting_take(
            self.array,
            self.index,
            Some(GatherScatterMode::FillOrDrop),
            Some(fill_value.to_scalar()),
        )
    }

    update_methods! {
        /// `x.at[idx].set(values)`: `x` with `values` written at `idx`.
        set => Set,
        /// `x.at[idx].add(values)`: `x` with `values` added at `idx` (repeated indices add
        /// repeatedly).
        add => Add,
        /// `x.at[idx].multiply(values)`.
        mul => Mul,
        /// `x.at[idx].min(values)`: the elementwise minimum at `idx`.
        min => Min,
        /// `x.at[idx].max(values)`: the elementwise maximum at `idx`.
        max => Max,
    }
}

/// `x.into_at(idx)`: like [`IndexUpdateRef`], updating in place when `x` owns its buffer.
pub struct IndexUpdateOwned {
    array: Array,
    index: Index,
}

macro_rules! owned_update_methods {
    ($($(#[$doc:meta])* $name:ident => $kind:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name(self, values: impl ArrayLike) -> Array {
            self.update(values.into_operand(), ScatterKind::$kind)
        }
    )*};
}

#[allow(clippy::should_implement_trait)]
impl IndexUpdateOwned {
    #[track_caller]
    fn update(self, values: Operand, kind: ScatterKind) -> Array {
        let IndexUpdateOwned { mut array, index } = self;
        let eager = crate::trace::current_trace().parent().is_none();
        // Scalar booleans reshape the operand; the in-place path writes it as it is.
        let scalar_bool = index.0.iter().any(
            |item| matches!(item, IndexItem::Array(a) if a.ndim() == 0 && a.dtype() == DType::Bool),
        );
        if !eager || array.as_concrete().is_none() || scalar_bool {
            return scatter_update(&array, index, values, kind, None);
        }
        let Some(plan) = plan_scatter(&array, index, values) else {
            return array;
        };
        let ScatterPlan {
            x,
            indices,
            updates,
            dnums,
            ..
        } = plan;
        // In place only when promotion kept the operand itself (same dtype, no copy) and
        // the plan's arrays are concrete.
        let same = x.ptr_eq(&array);
        drop(x);
        let (Some(ic), Some(uc)) = (indices.as_concrete(), updates.as_concrete()) else {
            return scatter_update_fallback(&array, indices, updates, dnums, kind);
        };
        if same {
            if let Some(c) = array.concrete_mut() {
                crate::interpreters::eval::scatter_into(
                    c,
                    ic,
                    uc,
                    kind,
                    &dnums,
                    GatherScatterMode::FillOrDrop,
                );
                return array;
            }
        }
        scatter_update_fallback(&array, indices.clone(), updates.clone(), dnums, kind)
    }

    owned_update_methods! {
        /// `set`, in place when possible.
        set => Set,
        /// `add`, in place when possible.
        add => Add,
        /// `mul`, in place when possible.
        mul => Mul,
        /// `min`, in place when possible.
        min => Min,
        /// `max`, in place when possible.
        max => Max,
    }
}

#[track_caller]
fn scatter_update_fallback(
    x: &Array,
    indices: Array,
    updates: Array,
    dnums: ScatterDimensionNumbers,
    kind: ScatterKind,
) -> Array {
    let dt = DType::result_type(&[
        (x.dtype(), x.weak_type()),
        (updates.dtype(), updates.weak_type()),
    ]);
    let xv = lax::convert_element_type(x, dt.0, dt.1);
    let out = lax::scatter_kind(
        kind,
        &xv,
        &indices,
        &updates,
        dnums,
        lax::ScatterKw::default(),
    );
    lax::convert_element_type(&out, x.dtype(), x.weak_type())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sl(start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Slice {
        Slice { start, stop, step }
    }

    #[test]
    fn slices_resolve_as_python_does() {
        // Values from Python's `slice(...).indices(5)`.
        assert_eq!(sl(None, None, None).indices(5), (0, 5, 1));
        assert_eq!(sl(None, None, Some(-1)).indices(5), (4, -1, -1));
        assert_eq!(sl(Some(-2), None, None).indices(5), (3, 5, 1));
        assert_eq!(sl(Some(10), Some(-10), Some(-2)).indices(5), (4, -1, -2));
        assert_eq!(sl(Some(-10), Some(10), None).indices(5), (0, 5, 1));
        assert_eq!(sl(Some(3), Some(1), None).indices(5), (3, 1, 1));
    }

    #[test]
    fn slice_lengths() {
        assert_eq!(sl(None, None, Some(2)).canonicalize(5), (0, 2, 3));
        assert_eq!(sl(None, None, Some(-2)).canonicalize(5), (4, -2, 3));
        assert_eq!(sl(Some(3), Some(1), None).canonicalize(5), (3, 1, 0));
        assert_eq!(sl(Some(4), Some(1), Some(-1)).canonicalize(5), (4, -1, 3));
    }

    #[test]
    #[should_panic(expected = "slice step cannot be zero")]
    fn zero_step() {
        sl(None, None, Some(0)).indices(3);
    }

    #[test]
    fn ranges_become_slices() {
        assert_eq!((1..3).into_slice(), sl(Some(1), Some(3), None));
        assert_eq!((..=2).into_slice(), sl(None, Some(3), None));
        assert_eq!((..=-1).into_slice(), sl(None, None, None));
        assert_eq!((-2..).into_slice(), sl(Some(-2), None, None));
        assert_eq!((..).into_slice(), Slice::default());
    }
}
