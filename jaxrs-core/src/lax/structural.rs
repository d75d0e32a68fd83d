//! `lax` wrappers of the structural primitives and `dot_general`: they check and normalize
//! parameters as JAX's do, then bind one primitive.
//!
//! JAX counterpart: `jax/_src/lax/lax.py` (`broadcast_in_dim`, `reshape`, `transpose`,
//! `squeeze`, `expand_dims`, `rev`, `concatenate`, `stack`, `pad`, `split`, `sort`, `dot_general`) and
//! `jax/_src/lax/slicing.py` (`slice`, `dynamic_slice`, `dynamic_update_slice`, `gather`,
//! `scatter*`). Like JAX, wrappers that would change nothing (an identity transpose, a
//! reshape to the same shape) return the operand and bind nothing.

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::jaxpr::numpy_ints::declare;
use crate::numpy::{ArrayLike, Operand};
use crate::primitive::{
    DotDimensionNumbers, GatherDimensionNumbers, GatherScatterMode, Primitive,
    ScatterDimensionNumbers, ScatterKind,
};
use crate::shape::{canonicalize_axis, py_tuple};
use crate::trace::{bind, bind1};

/// `lax.broadcast_in_dim(operand, shape, broadcast_dimensions)`: operand axis `i` becomes
/// result axis `broadcast_dimensions[i]`; the other result axes repeat it.
///
/// # Panics
/// With JAX's messages when `broadcast_dimensions` has the wrong length, is not strictly
/// increasing, or maps an axis to one of a different extent (other than 1).
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::array([1, 2, 3]);
/// let y = lax::broadcast_in_dim(&x, &[2, 3], &[1]);
/// assert_eq!(y.to_vec::<i32>(), vec![1, 2, 3, 1, 2, 3]);
/// ```
#[track_caller]
pub fn broadcast_in_dim(operand: &Array, shape: &[usize], broadcast_dimensions: &[usize]) -> Array {
    // JAX's fast path, plus its staging forwarding rule (`_broadcast_in_dim_fwd_rule`):
    // a broadcast to the operand's own shape is the operand, and no equation is recorded.
    if (operand.ndim() == shape.len() && broadcast_dimensions.is_empty())
        || (operand.shape() == shape && broadcast_dimensions.iter().copied().eq(0..shape.len()))
    {
        return operand.clone();
    }
    bind1(
        Primitive::BroadcastInDim {
            shape: shape.to_vec(),
            broadcast_dimensions: broadcast_dimensions.to_vec(),
        },
        std::slice::from_ref(operand),
    )
}

/// `lax.reshape(operand, new_sizes)`: the same elements in row-major order, in a new shape.
///
/// # Panics
/// `cannot reshape array of shape (3,) (size 3) into shape (4,) (size 4)` when the sizes
/// differ.
#[track_caller]
pub fn reshape(operand: &Array, new_sizes: &[usize]) -> Array {
    if operand.ndim() > 0 && operand.shape() == new_sizes {
        return operand.clone();
    }
    bind1(
        Primitive::Reshape {
            new_sizes: new_sizes.to_vec(),
        },
        std::slice::from_ref(operand),
    )
}

/// `lax.transpose(operand, permutation)`: result axis `i` is operand axis `permutation[i]`.
///
/// # Panics
/// `transpose permutation isn't a permutation of operand dimensions, got permutation (0, 0)
/// for operand shape (2, 3).`
#[track_caller]
pub fn transpose(operand: &Array, permutation: &[usize]) -> Array {
    if permutation.iter().copied().eq(0..operand.ndim()) {
        return operand.clone();
    }
    bind1(
        Primitive::Transpose {
            permutation: permutation.to_vec(),
        },
        std::slice::from_ref(operand),
    )
}

/// `lax.squeeze(array, dimensions)`: removes the given unit axes (negative axes count from
/// the end).
///
/// # Panics
/// If an axis is out of range or does not have extent 1 (JAX's messages).
#[track_caller]
pub fn squeeze(array: &Array, dimensions: &[isize]) -> Array {
    let ndim = array.ndim();
    let mut dims = Vec::with_capacity(dimensions.len());
    for &d in dimensions {
        dims.push(canonicalize_axis(d, ndim));
    }
    dims.sort_unstable();
    if dims.is_empty() {
        return array.clone();
    }
    bind1(
        Primitive::Squeeze { dimensions: dims },
        std::slice::from_ref(array),
    )
}

/// `lax.expand_dims(array, dimensions)`: inserts unit axes at `dimensions` of the result
/// (negative axes count from the end of the result), as a `broadcast_in_dim`.
///
/// # Panics
/// `repeated axis in lax.expand_dims: [0, 0]` for repeated axes; JAX's axis message when an
/// axis is out of range.
#[track_caller]
pub fn expand_dims(array: &Array, dimensions: &[isize]) -> Array {
    let mut seen = dimensions.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != dimensions.len() {
        panic!("repeated axis in lax.expand_dims: {}", py_list(dimensions));
    }
    let ndim_out = array.ndim() + dimensions.len();
    let mut dims = Vec::with_capacity(dimensions.len());
    for &d in dimensions {
        dims.push(canonicalize_axis(d, ndim_out));
    }
    let listed = py_list(&dims);
    dims.sort_unstable();
    dims.dedup();
    if dims.len() != dimensions.len() {
        panic!("repeated axis in lax.expand_dims: {listed}");
    }
    let mut shape = array.shape().to_vec();
    for &d in &dims {
        shape.insert(d, 1);
    }
    let bdims: Vec<usize> = (0..ndim_out).filter(|d| !dims.contains(d)).collect();
    broadcast_in_dim(array, &shape, &bdims)
}

/// `lax.rev(operand, dimensions)`: reverses the given axes.
///
/// # Panics
/// If an axis repeats or is not below the rank (JAX's messages).
#[track_caller]
pub fn rev(operand: &Array, dimensions: &[usize]) -> Array {
    bind1(
        Primitive::Rev {
            dimensions: dimensions.to_vec(),
        },
        std::slice::from_ref(operand),
    )
}

/// `lax.concatenate(operands, dimension)`: joins arrays of one rank and dtype along an
/// existing axis.
///
/// # Panics
/// `concatenate requires a non-empty sequences of arrays` for no operands; JAX's shape and
/// dtype messages otherwise.
#[track_caller]
pub fn concatenate(operands: &[Array], dimension: usize) -> Array {
    if operands.is_empty() {
        panic!("concatenate requires a non-empty sequences of arrays");
    }
    if operands.len() == 1 {
        return operands[0].clone();
    }
    bind1(Primitive::Concatenate { dimension }, operands)
}

/// `lax.stack(operands, axis)`: joins arrays of one shape and dtype along a new axis `axis`
/// (negative counts from the end of the result).
///
/// # Panics
/// `stack expects at least one operand, got 0.` and JAX's shape messages.
#[track_caller]
pub fn stack(operands: &[Array], axis: isize) -> Array {
    if operands.is_empty() {
        panic!("stack expects at least one operand, got 0.");
    }
    let axis = canonicalize_axis(axis, operands[0].ndim() + 1);
    bind1(Primitive::Stack { axis }, operands)
}

/// `lax.pad(operand, padding_value, padding_config)`: `(low, high, interior)` per axis; low
/// and high may be negative (they then crop).
///
/// # Panics
/// With JAX's messages for a non-scalar or differently typed padding value, a config of the
/// wrong length, negative interior padding, or a negative result extent.
#[track_caller]
pub fn pad(operand: &Array, padding_value: &Array, padding_config: &[(i64, i64, i64)]) -> Array {
    pad_recording_numpy_ints(operand, padding_value, padding_config, &[])
}

/// [`pad`], recording per axis whether low, high and interior are NumPy integers in JAX
/// (`jnp.pad` and the transpose rules compute them with NumPy), which only changes how
/// the jaxpr prints them ([`crate::jaxpr::numpy_ints`]); `numpy` may be empty.
#[track_caller]
pub(crate) fn pad_recording_numpy_ints(
    operand: &Array,
    padding_value: &Array,
    padding_config: &[(i64, i64, i64)],
    numpy: &[(bool, bool, bool)],
) -> Array {
    let p = Primitive::Pad {
        padding_config: padding_config.to_vec(),
    };
    let flags = numpy.iter().flat_map(|&(l, h, i)| [l, h, i]).collect();
    let _declared = declare(&p, flags);
    bind1(p, &[operand.clone(), padding_value.clone()])
}

/// `lax.unstack(x, axis)`: the slices of `x` along `axis` (negative counts from the end),
/// each without that axis.
///
/// # Panics
/// JAX's axis message (also for a 0-d `x`).
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::array([[1, 2], [3, 4]]);
/// let cols = lax::unstack(&x, 1);
/// assert_eq!(cols[1].to_vec::<i32>(), vec![2, 4]);
/// ```
#[track_caller]
pub fn unstack(x: &Array, axis: isize) -> Vec<Array> {
    let axis = canonicalize_axis(axis, x.ndim());
    bind(Primitive::Unstack { axis }, std::slice::from_ref(x))
}

/// `lax.tile(operand, reps)`: the operand repeated `reps[i]` times along axis `i`.
///
/// # Panics
/// `reps length must be equal to the ndim of x, got len(reps)=1 and x.ndim=2.`
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::array([1, 2]);
/// assert_eq!(lax::tile(&x, &[3]).to_vec::<i32>(), vec![1, 2, 1, 2, 1, 2]);
/// ```
#[track_caller]
pub fn tile(operand: &Array, reps: &[usize]) -> Array {
    bind1(
        Primitive::Tile {
            reps: reps.to_vec(),
        },
        std::slice::from_ref(operand),
    )
}

/// `lax.split(operand, sizes, axis)`: consecutive pieces of `operand` along `axis`, of the
/// given extents.
///
/// # Panics
/// `Sum of sizes 5 must be equal to dimension 0 of the operand shape [6]`, and JAX's axis
/// message.
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::array([0, 1, 2, 3, 4]);
/// let parts = lax::split(&x, &[2, 3], 0);
/// assert_eq!(parts[1].to_vec::<i32>(), vec![2, 3, 4]);
/// ```
#[track_caller]
pub fn split(operand: &Array, sizes: &[usize], axis: isize) -> Vec<Array> {
    split_recording_numpy_ints(operand, sizes, axis, false)
}

/// [`slice`], recording which entries of the start indices and strides are NumPy integers
/// in JAX (the `pad` transpose computes them with NumPy); only the jaxpr's text changes.
#[track_caller]
pub(crate) fn slice_recording_numpy_ints(
    operand: &Array,
    start_indices: &[usize],
    limit_indices: &[usize],
    strides: Option<&[usize]>,
    numpy_starts_and_strides: bool,
) -> Array {
    let p = Primitive::Slice {
        start_indices: start_indices.to_vec(),
        limit_indices: limit_indices.to_vec(),
        strides: strides.map(<[usize]>::to_vec),
    };
    let n = start_indices.len();
    let mut flags = vec![numpy_starts_and_strides; n];
    flags.extend(std::iter::repeat_n(false, n));
    flags.extend(std::iter::repeat_n(
        numpy_starts_and_strides,
        strides.map_or(0, <[usize]>::len),
    ));
    let _declared = declare(&p, flags);
    bind1(p, std::slice::from_ref(operand))
}

/// [`split`], recording whether the sizes are NumPy integers in JAX (`jnp.split`'s are),
/// which only changes how the jaxpr prints them.
#[track_caller]
pub(crate) fn split_recording_numpy_ints(
    operand: &Array,
    sizes: &[usize],
    axis: isize,
    numpy_ints: bool,
) -> Vec<Array> {
    let axis = canonicalize_axis(axis, operand.ndim());
    let p = Primitive::Split {
        axis,
        sizes: sizes.to_vec(),
    };
    let _declared = declare(&p, vec![numpy_ints; sizes.len()]);
    bind(p, std::slice::from_ref(operand))
}

/// `lax.slice(operand, start_indices, limit_indices, strides)`.
///
/// # Panics
/// With JAX's messages when the indices do not fit the operand.
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::array([0, 1, 2, 3, 4, 5]);
/// assert_eq!(lax::slice(&x, &[1], &[6], Some(&[2])).to_vec::<i32>(), vec![1, 3, 5]);
/// ```
#[track_caller]
pub fn slice(
    operand: &Array,
    start_indices: &[usize],
    limit_indices: &[usize],
    strides: Option<&[usize]>,
) -> Array {
    bind1(
        Primitive::Slice {
            start_indices: start_indices.to_vec(),
            limit_indices: limit_indices.to_vec(),
            strides: strides.map(<[usize]>::to_vec),
        },
        std::slice::from_ref(operand),
    )
}

/// Normalizes dynamic start indices as JAX's `_dynamic_slice_indices`: Rust integers
/// (Python ints) wrap negative values statically; arrays get `select(i < 0, i + d, i)`.
#[track_caller]
fn dynamic_slice_indices(operand: &Array, start_indices: Vec<Operand>) -> Vec<Array> {
    if start_indices.len() != operand.ndim() {
        panic!(
            "Length of slice indices must match number of operand dimensions ({} vs {})",
            start_indices.len(),
            py_tuple(operand.shape())
        );
    }
    let mut out = Vec::with_capacity(start_indices.len());
    for (i, &d) in start_indices.into_iter().zip(operand.shape()) {
        out.push(match i {
            Operand::Scalar(s) => {
                let v = s.as_i128();
                let v = if v < 0 { v + d as i128 } else { v };
                Operand::Scalar(crate::dtype::Scalar::Int(v)).convert(DType::I32, false)
            }
            Operand::Array(a) if a.dtype().is_unsigned_integer() => a,
            Operand::Array(a) => normalize_index(&a, d),
        });
    }
    out
}

/// `select(i < 0, i + d, i)` in `i`'s dtype, as JAX emits it (`lt`, `add`, `select_n`).
#[track_caller]
pub(crate) fn normalize_index(i: &Array, d: usize) -> Array {
    let dtype = i.dtype();
    let zero = Operand::Scalar(crate::dtype::Scalar::Int(0)).convert(dtype, false);
    let dim = Operand::Scalar(crate::dtype::Scalar::Int(d as i128)).convert(dtype, false);
    let neg = bind1(Primitive::Lt, &[i.clone(), zero]);
    let wrapped = bind1(Primitive::Add, &[i.clone(), dim]);
    bind1(Primitive::SelectN, &[neg, i.clone(), wrapped])
}

/// `lax.dynamic_slice(operand, start_indices, slice_sizes)`: a slice whose start is known
/// only at run time; starts are clamped so the slice fits, negative starts count from the
/// end.
///
/// # Panics
/// With JAX's messages for the wrong number of indices or slice sizes larger than the
/// operand.
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::arange(10);
/// assert_eq!(lax::dynamic_slice(&x, [8], [4]).to_vec::<i32>(), vec![6, 7, 8, 9]);
/// ```
#[track_caller]
pub fn dynamic_slice<I: ArrayLike>(
    operand: &Array,
    start_indices: impl IntoIterator<Item = I>,
    slice_sizes: impl AsRef<[usize]>,
) -> Array {
    let slice_sizes = slice_sizes.as_ref();
    let starts: Vec<Operand> = start_indices
        .into_iter()
        .map(ArrayLike::into_operand)
        .collect();
    let mut inputs = vec![operand.clone()];
    inputs.extend(dynamic_slice_indices(operand, starts));
    bind1(
        Primitive::DynamicSlice {
            slice_sizes: slice_sizes.to_vec(),
        },
        &inputs,
    )
}

/// `lax.dynamic_update_slice(operand, update, start_indices)`: `operand` with `update`
/// written at a run-time start (clamped so it fits; negative starts count from the end).
///
/// # Panics
/// With JAX's messages for rank, dtype or size mismatches.
#[track_caller]
pub fn dynamic_update_slice<I: ArrayLike>(
    operand: &Array,
    update: &Array,
    start_indices: impl IntoIterator<Item = I>,
) -> Array {
    let starts: Vec<Operand> = start_indices
        .into_iter()
        .map(ArrayLike::into_operand)
        .collect();
    let mut inputs = vec![operand.clone(), update.clone()];
    inputs.extend(dynamic_slice_indices(operand, starts));
    bind1(Primitive::DynamicUpdateSlice, &inputs)
}

crate::keywords! {
    /// Keywords of `lax.gather(operand, start_indices, dimension_numbers, slice_sizes, *,
    /// unique_indices=False, indices_are_sorted=False, mode=None, fill_value=None)`.
    GatherKw {
        /// `indices_are_sorted`: promise that the indices are sorted (default `false`).
        indices_are_sorted: bool = false; (sorted: bool) => sorted,
        /// `unique_indices`: promise that the indices are unique (default `false`).
        unique_indices: bool = false; (unique: bool) => unique,
        /// `mode`: out-of-bounds handling; `None` (the default) is `PromiseInBounds`
        /// (XLA clamps).
        mode: Option<GatherScatterMode> = None; (mode: impl Into<Option<GatherScatterMode>>) => mode.into(),
        /// `fill_value`: the fill of out-of-bounds slices in `FillOrDrop` mode; `None` (the
        /// default) is NaN for floats, the minimum signed / maximum unsigned integer, `true`
        /// for bool.
        fill_value: Option<Scalar> = None; (fill_value: impl Into<Option<Scalar>>) => fill_value.into(),
    }
}

/// `lax.gather(operand, start_indices, dimension_numbers, slice_sizes)`: XLA's gather with
/// the index vector on the last axis of `start_indices`. Keywords through
/// [`gather_with`].
///
/// # Panics
/// With JAX's messages when the dimension numbers do not fit the operands.
#[track_caller]
pub fn gather(
    operand: &Array,
    start_indices: &Array,
    dimension_numbers: GatherDimensionNumbers,
    slice_sizes: &[usize],
) -> Array {
    gather_with(
        operand,
        start_indices,
        dimension_numbers,
        slice_sizes,
        |kw| kw,
    )
}

/// `lax.gather(.., indices_are_sorted=.., unique_indices=.., mode=.., fill_value=..)`.
#[track_caller]
pub fn gather_with(
    operand: &Array,
    start_indices: &Array,
    dimension_numbers: GatherDimensionNumbers,
    slice_sizes: &[usize],
    f: impl FnOnce(GatherKw) -> GatherKw,
) -> Array {
    let kw = crate::keywords::apply::<GatherKw>(f);
    let mode = kw.mode.unwrap_or(GatherScatterMode::PromiseInBounds);
    let fill_value = match mode {
        GatherScatterMode::FillOrDrop => Some(
            kw.fill_value
                .unwrap_or_else(|| default_gather_fill(operand.dtype())),
        ),
        _ => None,
    };
    bind1(
        Primitive::Gather {
            dimension_numbers,
            slice_sizes: slice_sizes.to_vec(),
            indices_are_sorted: kw.indices_are_sorted,
            unique_indices: kw.unique_indices,
            mode,
            fill_value,
        },
        &[operand.clone(), start_indices.clone()],
    )
}

/// JAX's default fill of an out-of-bounds `FillOrDrop` gather: NaN for floats, the minimum
/// signed or maximum unsigned integer, `true` for bool.
pub fn default_gather_fill(dtype: DType) -> Scalar {
    match dtype {
        DType::Bool => Scalar::Bool(true),
        DType::I8 => Scalar::Int(i8::MIN as i128),
        DType::I16 => Scalar::Int(i16::MIN as i128),
        DType::I32 => Scalar::Int(i32::MIN as i128),
        DType::I64 => Scalar::Int(i64::MIN as i128),
        DType::U8 => Scalar::Int(u8::MAX as i128),
        DType::U16 => Scalar::Int(u16::MAX as i128),
        DType::U32 => Scalar::Int(u32::MAX as i128),
        DType::U64 => Scalar::Int(u64::MAX as i128),
        DType::F16 | DType::BF16 | DType::F32 | DType::F64 => Scalar::Float(f64::NAN),
    }
}

crate::keywords! {
    /// Keywords of `lax.scatter*(operand, scatter_indices, updates, dimension_numbers, *,
    /// indices_are_sorted=False, unique_indices=False, mode=None)`.
    ScatterKw {
        /// `indices_are_sorted`: promise that the indices are sorted (default `false`).
        indices_are_sorted: bool = false; (sorted: bool) => sorted,
        /// `unique_indices`: promise that the indices are unique (default `false`).
        unique_indices: bool = false; (unique: bool) => unique,
        /// `mode`: out-of-bounds handling; `None` (the default) is `FillOrDrop`
        /// (out-of-bounds updates are dropped).
        mode: Option<GatherScatterMode> = None; (mode: impl Into<Option<GatherScatterMode>>) => mode.into(),
    }
}

/// Binds a scatter of the given kind.
#[track_caller]
pub(crate) fn scatter_kind(
    kind: ScatterKind,
    operand: &Array,
    scatter_indices: &Array,
    updates: &Array,
    dimension_numbers: ScatterDimensionNumbers,
    kw: ScatterKw,
) -> Array {
    bind1(
        Primitive::Scatter {
            kind,
            dimension_numbers,
            indices_are_sorted: kw.indices_are_sorted,
            unique_indices: kw.unique_indices,
            mode: kw.mode.unwrap_or(GatherScatterMode::FillOrDrop),
        },
        &[operand.clone(), scatter_indices.clone(), updates.clone()],
    )
}

macro_rules! scatter_fns {
    ($($(#[$doc:meta])* $name:ident, $with:ident => $kind:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[doc = concat!("Keywords through [`", stringify!($with), "`].")]
        ///
        /// # Panics
        /// With JAX's messages when the dimension numbers do not fit the operands.
        #[track_caller]
        pub fn $name(
            operand: &Array,
            scatter_indices: &Array,
            updates: &Array,
            dimension_numbers: ScatterDimensionNumbers,
        ) -> Array {
            $with(operand, scatter_indices, updates, dimension_numbers, |kw| kw)
        }

        #[doc = concat!("[`", stringify!($name), "`] with keywords set on a [`ScatterKw`].")]
        #[track_caller]
        pub fn $with(
            operand: &Array,
            scatter_indices: &Array,
            updates: &Array,
            dimension_numbers: ScatterDimensionNumbers,
            f: impl FnOnce(ScatterKw) -> ScatterKw,
        ) -> Array {
            let kw = crate::keywords::apply::<ScatterKw>(f);
            scatter_kind(ScatterKind::$kind, operand, scatter_indices, updates, dimension_numbers, kw)
        }
    )*};
}

scatter_fns! {
    /// `lax.scatter`: writes `updates` into `operand` at the scattered windows.
    scatter, scatter_with => Set,
    /// `lax.scatter_add`: adds `updates` at the scattered windows (duplicates accumulate).
    scatter_add, scatter_add_with => Add,
    /// `lax.scatter_mul`: multiplies by `updates` at the scattered windows.
    scatter_mul, scatter_mul_with => Mul,
    /// `lax.scatter_min`: the minimum with `updates` at the scattered windows.
    scatter_min, scatter_min_with => Min,
    /// `lax.scatter_max`: the maximum with `updates` at the scattered windows.
    scatter_max, scatter_max_with => Max,
}

/// `lax.sort(operands, dimension, is_stable, num_keys)`: sorts several arrays of one shape
/// along `dimension` (negative counts from the end), lexicographically by the first
/// `num_keys`. Floats sort with -0.0 equal to 0.0 and NaNs last.
///
/// # Panics
/// `Sort requires at least one operand`; `num_keys=3 must be between 1 and
/// len(operand)=2`; JAX's shape message.
#[track_caller]
pub fn sort_multi(
    operands: &[Array],
    dimension: isize,
    is_stable: bool,
    num_keys: usize,
) -> Vec<Array> {
    if operands.is_empty() {
        panic!("Sort requires at least one operand");
    }
    if num_keys < 1 || num_keys > operands.len() {
        panic!(
            "num_keys={num_keys} must be between 1 and len(operand)={}",
            operands.len()
        );
    }
    let dimension = canonicalize_axis(dimension, operands[0].ndim());
    bind(
        Primitive::Sort {
            dimension,
            is_stable,
            num_keys,
        },
        operands,
    )
}

/// `lax.sort(operand, dimension)` of one array (stable).
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let x = jnp::array([3, 1, 2]);
/// assert_eq!(lax::sort(&x, -1).to_vec::<i32>(), vec![1, 2, 3]);
/// ```
#[track_caller]
pub fn sort(operand: &Array, dimension: isize) -> Array {
    sort_multi(std::slice::from_ref(operand), dimension, true, 1)
        .pop()
        .expect("sort returns one array per operand")
}

/// Dimension numbers of [`dot_general`]: `((lhs_contracting, rhs_contracting),
/// (lhs_batch, rhs_batch))`, each an array, slice or `Vec` of axes, as JAX's nested tuples.
pub trait IntoDotDimensionNumbers {
    /// The dimension numbers.
    fn into_dot_dimension_numbers(self) -> DotDimensionNumbers;
}

/// One list of axes in dot dimension numbers.
pub trait IntoDims {
    /// The axes.
    fn into_dims(self) -> Vec<usize>;
}

impl<const N: usize> IntoDims for [usize; N] {
    fn into_dims(self) -> Vec<usize> {
        self.to_vec()
    }
}

impl IntoDims for &[usize] {
    fn into_dims(self) -> Vec<usize> {
        self.to_vec()
    }
}

impl IntoDims for Vec<usize> {
    fn into_dims(self) -> Vec<usize> {
        self
    }
}

impl<A: IntoDims, B: IntoDims, C: IntoDims, D: IntoDims> IntoDotDimensionNumbers
    for ((A, B), (C, D))
{
    fn into_dot_dimension_numbers(self) -> DotDimensionNumbers {
        let ((a, b), (c, d)) = self;
        (
            (a.into_dims(), b.into_dims()),
            (c.into_dims(), d.into_dims()),
        )
    }
}

/// `lax.dot_general(lhs, rhs, dimension_numbers)`: contracts `lhs_contracting` with
/// `rhs_contracting` and pairs the batch axes; the result axes are batch, then lhs free,
/// then rhs free. Keywords through [`dot_general_with`].
///
/// # Panics
/// With JAX's messages for bad dimension numbers, e.g. `dot_general requires contracting
/// dimensions to have the same shape, got (3,) and (4,).`
///
/// # Examples
/// ```
/// use jaxrs_core::{lax, numpy as jnp};
/// let a = jnp::ones([2, 3, 4]);
/// let b = jnp::ones([2, 4, 5]);
/// let y = lax::dot_general(&a, &b, (([2], [1]), ([0], [0])));
/// assert_eq!(y.shape(), &[2, 3, 5]);
/// let m = jnp::array([[1.0, 2.0], [3.0, 4.0]]);
/// let v = jnp::array([1.0, 1.0]);
/// let mv = lax::dot_general(&m, &v, (([1], [0]), ([], [])));
/// assert_eq!(mv.to_vec::<f32>(), vec![3.0, 7.0]);
/// ```
#[track_caller]
pub fn dot_general(
    lhs: &Array,
    rhs: &Array,
    dimension_numbers: impl IntoDotDimensionNumbers,
) -> Array {
    dot_general_with(lhs, rhs, dimension_numbers, |kw| kw)
}

crate::keywords! {
    /// Keywords of `lax.dot_general` (`precision` and `out_sharding` have no meaning on
    /// this CPU backend).
    DotGeneralKw {
        /// `preferred_element_type`: the result dtype (default the operands').
        preferred_element_type: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `lax.dot_general(lhs, rhs, dimension_numbers, preferred_element_type=..)`.
#[track_caller]
pub fn dot_general_with(
    lhs: &Array,
    rhs: &Array,
    dimension_numbers: impl IntoDotDimensionNumbers,
    f: impl FnOnce(DotGeneralKw) -> DotGeneralKw,
) -> Array {
    let kw = crate::keywords::apply::<DotGeneralKw>(f);
    bind1(
        Primitive::DotGeneral {
            dimension_numbers: dimension_numbers.into_dot_dimension_numbers(),
            preferred_element_type: kw.preferred_element_type.map(DType::canonicalize),
        },
        &[lhs.clone(), rhs.clone()],
    )
}

/// `lax.stop_gradient(x)`: `x` itself, with a zero tangent under `jvp` (and so no
/// gradient), bound as JAX binds it for a float array: one `stop_gradient` equation.
/// Integer and bool arrays have no tangent and are returned as they are.
///
/// # Examples
/// ```
/// use jaxrs_core::api::grad;
/// use jaxrs_core::{lax, numpy as jnp, Array};
///
/// let x = jnp::array([1.0, 2.0]);
/// assert_eq!(lax::stop_gradient(&x).to_vec::<f32>(), vec![1.0, 2.0]);
/// let g = grad(|x: &Array| jnp::sum(lax::stop_gradient(x) * x))(&jnp::array([3.0f32]));
/// assert_eq!(g.to_vec::<f32>(), vec![3.0]);
/// ```
#[track_caller]
pub fn stop_gradient(x: impl ArrayLike) -> Array {
    let x = x.into_operand().into_array();
    if !x.dtype().is_float() {
        return x;
    }
    bind1(Primitive::StopGradient, std::slice::from_ref(&x))
}

/// `lax.copy_p`: a copy of `x` (a new buffer with the same elements).
#[track_caller]
pub fn copy(x: &Array) -> Array {
    bind1(Primitive::Copy, std::slice::from_ref(x))
}

fn py_list<T: std::fmt::Display>(xs: &[T]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}
