//! Array creation: `array`, `zeros`, `ones`, `full`, `arange`, `linspace`, `logspace`,
//! `geomspace`, `eye`, and the `*_like` functions.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py` (`array`, `arange`, `eye`) and
//! `jax/_src/numpy/array_creation.py` (`zeros`, `full`, `linspace`, `logspace`,
//! `geomspace`, `*_like`). JAX's `dtype=` is a keyword of each `_with` function.

use crate::array::Array;
use crate::buffer::Buffer;
use crate::dtype::{DType, Element, Scalar};
use crate::lax;
use crate::numpy::operand::{check_python_int, jax_jit, ArrayLike, Operand};
use crate::primitive::Primitive;
use crate::shape::{py_tuple, size_of, IntoShape};
use crate::trace::bind1;

/// Rust values that `jnp::array` turns into arrays: scalars, nested fixed-size arrays,
/// `Vec`s and slices of them, and arrays themselves.
pub trait IntoArrayData {
    /// The shape of the value (`[]` for a scalar).
    fn data_shape(&self) -> Vec<usize>;
    /// Appends the elements, row-major.
    fn push_elements(&self, out: &mut Vec<Scalar>);
    /// The element dtype before canonicalization, and whether a scalar (weak).
    fn element_dtype() -> DType;
    /// True for bare scalars, which give weakly typed arrays as Python scalars do.
    fn is_scalar() -> bool {
        false
    }
}

macro_rules! scalar_data {
    ($($t:ty),*) => {$(
        impl IntoArrayData for $t {
            fn data_shape(&self) -> Vec<usize> {
                Vec::new()
            }
            fn push_elements(&self, out: &mut Vec<Scalar>) {
                out.push(self.to_scalar());
            }
            fn element_dtype() -> DType {
                <$t as Element>::DTYPE
            }
            fn is_scalar() -> bool {
                true
            }
        }
    )*};
}
scalar_data!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    half::f16,
    half::bf16
);

/// The shape of a sequence of equal-shaped parts.
///
/// # Panics
/// If the parts are ragged (NumPy's "inhomogeneous shape" error).
#[track_caller]
fn sequence_shape<T: IntoArrayData>(items: &[T]) -> Vec<usize> {
    let inner = items.first().map(|x| x.data_shape()).unwrap_or_default();
    for x in items {
        let s = x.data_shape();
        if s != inner {
            panic!(
                "setting an array element with a sequence. The requested array has an inhomogeneous \
                 shape after 1 dimensions. The detected shape was ({},) + inhomogeneous part.",
                items.len()
            );
        }
    }
    let mut shape = vec![items.len()];
    shape.extend(inner);
    shape
}

impl<T: IntoArrayData, const N: usize> IntoArrayData for [T; N] {
    fn data_shape(&self) -> Vec<usize> {
        sequence_shape(self)
    }
    fn push_elements(&self, out: &mut Vec<Scalar>) {
        self.iter().for_each(|x| x.push_elements(out));
    }
    fn element_dtype() -> DType {
        T::element_dtype()
    }
}

impl<T: IntoArrayData> IntoArrayData for Vec<T> {
    fn data_shape(&self) -> Vec<usize> {
        sequence_shape(self)
    }
    fn push_elements(&self, out: &mut Vec<Scalar>) {
        self.iter().for_each(|x| x.push_elements(out));
    }
    fn element_dtype() -> DType {
        T::element_dtype()
    }
}

impl<T: IntoArrayData> IntoArrayData for &[T] {
    fn data_shape(&self) -> Vec<usize> {
        sequence_shape(self)
    }
    fn push_elements(&self, out: &mut Vec<Scalar>) {
        self.iter().for_each(|x| x.push_elements(out));
    }
    fn element_dtype() -> DType {
        T::element_dtype()
    }
}

/// `jnp.array(x)`: a new array from Rust data.
///
/// Nested Rust arrays, `Vec`s and slices give strongly typed arrays of their element type
/// (64-bit types become 32-bit unless x64 is on); a bare scalar gives a weakly typed 0-d
/// array, as a Python scalar does in JAX.
///
/// # Panics
/// If nested parts have different lengths.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1.0, 2.0], [3.0, 4.0]]);
/// assert_eq!(x.shape(), &[2, 2]);
/// assert_eq!(x.dtype().name(), "float32");
/// ```
#[track_caller]
pub fn array<D: IntoArrayData>(data: D) -> Array {
    let shape = data.data_shape();
    let mut elements = Vec::with_capacity(size_of(&shape));
    data.push_elements(&mut elements);
    if D::is_scalar() {
        check_python_int(elements[0]);
    }
    let dtype = D::element_dtype().canonicalize();
    let array = Array::from_buffer(
        Buffer::from_scalars(dtype, elements),
        shape,
        D::is_scalar() && dtype != DType::Bool,
    );
    // Inside a traced function JAX builds a scalar's array with NumPy, so the jaxpr shows
    // it as a literal; made outside, it is a jax.Array that a closure captures as a
    // constvar.
    let tracing = crate::trace::current_trace().parent().is_some();
    match array.as_concrete() {
        Some(c) if D::is_scalar() && tracing => Array::scalar_literal(c.clone()),
        _ => array,
    }
}

/// `jnp.full(shape, fill_value)`: an array of `shape` filled with `fill_value`, of the
/// value's dtype (a Rust float gives `float32`, an integer `int32`; both weakly typed, as
/// Python scalars give in JAX).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::full([2], 7).to_vec::<i32>(), vec![7, 7]);
/// ```
#[track_caller]
pub fn full(shape: impl IntoShape, fill_value: impl ArrayLike) -> Array {
    let operand = fill_value.into_operand();
    let (dtype, weak) = operand.dtype_and_weak();
    fill(shape.into_shape(), operand, dtype.canonicalize(), weak)
}

crate::keywords! {
    /// Keywords of `jnp.zeros`, `jnp.ones` and `jnp.full`.
    FullKw {
        /// `dtype`: the result's dtype, strongly typed (default from the fill value, or
        /// `float32` for `zeros`/`ones`).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// Keywords of `jnp.zeros` ([`FullKw`]).
pub type ZerosKw = FullKw;
/// Keywords of `jnp.ones` ([`FullKw`]).
pub type OnesKw = FullKw;

/// `jnp.full(shape, fill_value, dtype=..)`: [`full`] with keywords.
///
/// # Panics
/// If `fill_value` is not a scalar: `full requires a scalar fill value, got shape (2,)`.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, DType};
/// let x = jnp::full_with([2], 7, |kw| kw.dtype(DType::F32));
/// assert_eq!(x.to_vec::<f32>(), vec![7.0, 7.0]);
/// ```
#[track_caller]
pub fn full_with(
    shape: impl IntoShape,
    fill_value: impl ArrayLike,
    f: impl FnOnce(FullKw) -> FullKw,
) -> Array {
    match crate::keywords::apply::<FullKw>(f).dtype {
        Some(dtype) => full_dtype(shape, fill_value, dtype),
        None => full(shape, fill_value),
    }
}

/// `jnp.full(shape, fill_value, dtype)`: strongly typed `dtype`.
#[track_caller]
pub(crate) fn full_dtype(shape: impl IntoShape, fill_value: impl ArrayLike, dtype: DType) -> Array {
    fill(
        shape.into_shape(),
        fill_value.into_operand(),
        dtype.canonicalize(),
        false,
    )
}

/// `lax.full`: converts the value, then broadcasts it.
#[track_caller]
fn fill(shape: Vec<usize>, value: Operand, dtype: DType, weak: bool) -> Array {
    size_of(&shape);
    let value = value.convert(dtype, weak);
    if value.ndim() > 0 {
        panic!(
            "full requires a scalar fill value, got shape {}",
            py_tuple(value.shape())
        );
    }
    bind1(
        Primitive::BroadcastInDim {
            shape,
            broadcast_dimensions: Vec::new(),
        },
        &[value],
    )
}

/// `jnp.zeros(shape)`: `float32` zeros.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::zeros([2, 3]).shape(), &[2, 3]);
/// ```
#[track_caller]
pub fn zeros(shape: impl IntoShape) -> Array {
    zeros_dtype(shape, DType::default_float())
}

/// `jnp.zeros(shape, dtype=..)`.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, DType};
/// assert_eq!(jnp::zeros_with([2], |kw| kw.dtype(DType::I32)).to_vec::<i32>(), vec![0, 0]);
/// ```
#[track_caller]
pub fn zeros_with(shape: impl IntoShape, f: impl FnOnce(ZerosKw) -> ZerosKw) -> Array {
    let dtype = crate::keywords::apply::<ZerosKw>(f).dtype;
    zeros_dtype(shape, dtype.unwrap_or_else(DType::default_float))
}

/// `jnp.zeros(shape, dtype)`.
#[track_caller]
pub(crate) fn zeros_dtype(shape: impl IntoShape, dtype: DType) -> Array {
    full_dtype(shape, 0, dtype)
}

/// `jnp.ones(shape)`: `float32` ones.
#[track_caller]
pub fn ones(shape: impl IntoShape) -> Array {
    ones_dtype(shape, DType::default_float())
}

/// `jnp.ones(shape, dtype=..)`.
#[track_caller]
pub fn ones_with(shape: impl IntoShape, f: impl FnOnce(OnesKw) -> OnesKw) -> Array {
    let dtype = crate::keywords::apply::<OnesKw>(f).dtype;
    ones_dtype(shape, dtype.unwrap_or_else(DType::default_float))
}

/// `jnp.ones(shape, dtype)`.
#[track_caller]
pub(crate) fn ones_dtype(shape: impl IntoShape, dtype: DType) -> Array {
    full_dtype(shape, 1, dtype)
}

/// `jnp.full_like(x, fill_value)`: `x`'s shape and dtype (and weak type), filled.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1, 2]);
/// assert_eq!(jnp::full_like(&x, 2.5).to_vec::<i32>(), vec![2, 2]);
/// ```
#[track_caller]
pub fn full_like(x: impl ArrayLike, fill_value: impl ArrayLike) -> Array {
    let x = x.into_operand();
    let (dtype, weak) = x.dtype_and_weak();
    fill(
        x.shape().to_vec(),
        fill_value.into_operand(),
        dtype.canonicalize(),
        weak,
    )
}

crate::keywords! {
    /// Keywords of `jnp.full_like`, `jnp.zeros_like` and `jnp.ones_like`.
    FullLikeKw {
        /// `dtype`: the result's dtype, strongly typed (default `x`'s).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// Keywords of `jnp.zeros_like` ([`FullLikeKw`]).
pub type ZerosLikeKw = FullLikeKw;
/// Keywords of `jnp.ones_like` ([`FullLikeKw`]).
pub type OnesLikeKw = FullLikeKw;

/// `jnp.full_like(x, fill_value, dtype=..)`.
#[track_caller]
pub fn full_like_with(
    x: impl ArrayLike,
    fill_value: impl ArrayLike,
    f: impl FnOnce(FullLikeKw) -> FullLikeKw,
) -> Array {
    match crate::keywords::apply::<FullLikeKw>(f).dtype {
        Some(dtype) => full_like_dtype(x, fill_value, dtype),
        None => full_like(x, fill_value),
    }
}

/// `jnp.zeros_like(x, dtype=..)`.
#[track_caller]
pub fn zeros_like_with(x: impl ArrayLike, f: impl FnOnce(ZerosLikeKw) -> ZerosLikeKw) -> Array {
    full_like_with(x, 0, f)
}

/// `jnp.ones_like(x, dtype=..)`.
#[track_caller]
pub fn ones_like_with(x: impl ArrayLike, f: impl FnOnce(OnesLikeKw) -> OnesLikeKw) -> Array {
    full_like_with(x, 1, f)
}

/// `jnp.full_like(x, fill_value, dtype)`.
#[track_caller]
pub(crate) fn full_like_dtype(
    x: impl ArrayLike,
    fill_value: impl ArrayLike,
    dtype: DType,
) -> Array {
    let x = x.into_operand();
    fill(
        x.shape().to_vec(),
        fill_value.into_operand(),
        dtype.canonicalize(),
        false,
    )
}

/// `jnp.zeros_like(x)`.
#[track_caller]
pub fn zeros_like(x: impl ArrayLike) -> Array {
    full_like(x, 0)
}

/// `jnp.ones_like(x)`.
#[track_caller]
pub fn ones_like(x: impl ArrayLike) -> Array {
    full_like(x, 1)
}

/// The value of a scalar argument of `arange`/`linspace`, which JAX needs concretely.
///
/// # Panics
/// If the argument is not a scalar (`jax.numpy.arange: arguments must be scalars; got
/// stop=...`), or a tracer.
#[track_caller]
fn concrete_scalar(fname: &str, name: &str, x: &Operand) -> Scalar {
    match x {
        Operand::Scalar(s) => *s,
        Operand::Array(a) => {
            if a.ndim() != 0 {
                panic!(
                    "jax.numpy.{fname}: arguments must be scalars; got {name} of shape {}",
                    py_tuple(a.shape())
                );
            }
            a.to_concrete(&format!("jnp.{fname} argument '{name}'"))
                .data()
                .get(0)
        }
    }
}

/// `ceil(v)` clamped at 0, as a length.
fn length_from(v: f64) -> usize {
    if v.is_nan() || v <= 0.0 {
        0
    } else {
        v.ceil() as usize
    }
}

/// `jnp.arange(stop)`: `[0, 1, ..., stop)`, `int32` for an integer `stop`, `float32` for a
/// float one.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(format!("{:?}", jnp::arange(3).to_vec::<i32>()), "[0, 1, 2]");
/// assert_eq!(jnp::arange(2.5).to_vec::<f32>(), vec![0.0, 1.0, 2.0]);
/// ```
#[track_caller]
pub fn arange(stop: impl ArrayLike) -> Array {
    arange_impl(None, stop.into_operand(), None, None)
}

crate::keywords! {
    /// Keywords of `jnp.arange(start, stop=None, step=None, dtype=None)`.
    ArangeKw {
        /// `stop`: the end; when set, the positional argument is `start`.
        stop: Option<Operand> = None; (stop: impl ArrayLike) => Some(stop.into_operand()),
        /// `step`: the spacing (default `1`).
        step: Option<Operand> = None; (step: impl ArrayLike) => Some(step.into_operand()),
        /// `dtype`: the result's dtype (default from the arguments).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.arange(start, stop=.., step=.., dtype=..)`: `start + step * i` for `i` in
/// `0..ceil((stop - start) / step)`. Without `stop`, the positional argument is the stop,
/// as in JAX.
///
/// # Panics
/// `division by zero` (JAX's ZeroDivisionError) when `step` is zero.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::arange_with(10, |kw| kw.stop(0).step(-3));
/// assert_eq!(x.to_vec::<i32>(), vec![10, 7, 4, 1]);
/// ```
#[track_caller]
pub fn arange_with(start: impl ArrayLike, f: impl FnOnce(ArangeKw) -> ArangeKw) -> Array {
    let kw = crate::keywords::apply::<ArangeKw>(f);
    let start = start.into_operand();
    match kw.stop {
        Some(stop) => arange_impl(Some(start), stop, kw.step, kw.dtype),
        None => match kw.step {
            Some(step) => arange_impl(
                Some(Operand::Scalar(Scalar::Int(0))),
                start,
                Some(step),
                kw.dtype,
            ),
            None => arange_impl(None, start, None, kw.dtype),
        },
    }
}

/// lax_numpy.py `_arange`.
#[track_caller]
fn arange_impl(
    start: Option<Operand>,
    stop: Operand,
    step: Option<Operand>,
    dtype: Option<DType>,
) -> Array {
    let start_name = if start.is_none() && step.is_none() {
        "stop"
    } else {
        "start"
    };
    // `match`es, not closures, so that panics keep the caller's location.
    #[allow(clippy::manual_map)]
    let start_value = match &start {
        Some(s) => Some(concrete_scalar("arange", start_name, s)),
        None => None,
    };
    let stop_value = concrete_scalar("arange", "stop", &stop);
    #[allow(clippy::manual_map)]
    let step_value = match &step {
        Some(s) => Some(concrete_scalar("arange", "step", s)),
        None => None,
    };
    let dtype = match dtype {
        Some(d) => d.canonicalize(),
        None => {
            let parts: Vec<(DType, bool)> = [start.as_ref(), Some(&stop), step.as_ref()]
                .into_iter()
                .flatten()
                .map(Operand::dtype_and_weak)
                .collect();
            DType::result_type(&parts).0
        }
    };
    let (start, start_value, stop_value) = match start {
        Some(s) => (s, start_value.unwrap_or(Scalar::Int(0)), stop_value),
        None => (Operand::Scalar(Scalar::Int(0)), Scalar::Int(0), stop_value),
    };
    if let (Some(step), Some(step_value)) = (step, step_value) {
        let working = if dtype.is_float() && dtype.itemsize() < 4 {
            DType::F32
        } else {
            dtype
        };
        let span = sub_values(stop_value, start_value);
        let size = match (span, step_value) {
            (Scalar::Int(a), Scalar::Int(b)) => {
                if b == 0 {
                    panic!("division by zero");
                }
                length_from(a as f64 / b as f64)
            }
            (a, b) => {
                if b.as_f64() == 0.0 {
                    panic!("float division by zero");
                }
                length_from(a.as_f64() / b.as_f64())
            }
        };
        let iota = lax::broadcasted_iota(working, &[size], 0);
        let scaled = lax::mul(&step.convert(working, false), &iota);
        let out = lax::add(&start.convert(working, false), &scaled);
        return lax::convert_element_type(&out, dtype, false);
    }
    let is_zero = start_value.as_f64() == 0.0;
    if is_zero {
        return lax::broadcasted_iota(dtype, &[length_from(stop_value.as_f64())], 0);
    }
    let size = length_from(sub_values(stop_value, start_value).as_f64());
    let iota = lax::broadcasted_iota(dtype, &[size], 0);
    lax::add(&start.convert(dtype, false), &iota)
}

/// `a - b` of Python numbers: exact for integers.
fn sub_values(a: Scalar, b: Scalar) -> Scalar {
    match (a, b) {
        (Scalar::Int(a), Scalar::Int(b)) => Scalar::Int(a - b),
        (a, b) => Scalar::Float(a.as_f64() - b.as_f64()),
    }
}

/// `jnp.linspace(start, stop, num)`: `num` evenly spaced values from `start` to `stop`
/// inclusive, computed as JAX does (`start * (1 - t) + stop * t` for `t = i / (num - 1)`,
/// then `stop` itself), so the float32 values are JAX's exactly.
///
/// # Panics
/// `Number of samples, -1, must be non-negative.` for a negative `num`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::linspace(0.0, 2.0, 9);
/// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]);
/// ```
#[track_caller]
pub fn linspace(start: impl ArrayLike, stop: impl ArrayLike, num: i64) -> Array {
    linspace_impl(start.into_operand(), stop.into_operand(), num, true, None)
}

crate::keywords! {
    /// Keywords of `jnp.linspace` (`num` stays positional: the walkthrough fixes it).
    LinspaceKw {
        /// `endpoint`: include `stop` (default `true`).
        endpoint: bool = true; (endpoint: bool) => endpoint,
        /// `dtype`: the result's dtype (default from `start` and `stop`, inexact).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.linspace(start, stop, num, endpoint=.., dtype=..)`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::linspace_with(0.0, 1.0, 4, |kw| kw.endpoint(false));
/// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.25, 0.5, 0.75]);
/// ```
#[track_caller]
pub fn linspace_with(
    start: impl ArrayLike,
    stop: impl ArrayLike,
    num: i64,
    f: impl FnOnce(LinspaceKw) -> LinspaceKw,
) -> Array {
    let kw = crate::keywords::apply::<LinspaceKw>(f);
    linspace_impl(
        start.into_operand(),
        stop.into_operand(),
        num,
        kw.endpoint,
        kw.dtype,
    )
}

/// array_creation.py `_linspace` for scalar bounds along axis 0.
#[track_caller]
fn linspace_impl(
    start: Operand,
    stop: Operand,
    num: i64,
    endpoint: bool,
    dtype: Option<DType>,
) -> Array {
    if num < 0 {
        panic!("Number of samples, {num}, must be non-negative.");
    }
    for (name, x) in [("start", &start), ("stop", &stop)] {
        if !x.shape().is_empty() {
            panic!(
                "jnp.linspace: jaxrs supports scalar {name} only, got shape {}",
                py_tuple(x.shape())
            );
        }
    }
    // JAX wraps this in jit(name=_linspace).
    jax_jit(
        "_linspace",
        &["start", "stop"],
        vec![start, stop],
        move |args| {
            let [start, stop]: [Operand; 2] = args.try_into().unwrap_or_else(|_| unreachable!());
            let parts = [start.dtype_and_weak(), stop.dtype_and_weak()];
            let dtype = match dtype {
                Some(d) => d.canonicalize(),
                None => to_inexact(DType::result_type(&parts).0),
            };
            let computation = to_inexact(dtype);
            let start = start.into_array();
            let stop = stop.into_array();
            let start = lax::convert_element_type(&start, computation, false);
            let stop = lax::convert_element_type(&stop, computation, false);
            let num = num as usize;
            let div = if endpoint { num.saturating_sub(1) } else { num };
            let out = if num > 1 {
                let div_value = |d: DType| {
                    crate::numpy::operand::scalar_array(Scalar::Int(div as i128), d, false)
                };
                // `delta` (the step JAX returns with `retstep`) is computed even when unused.
                let _delta = lax::div(&lax::sub(&stop, &start), &div_value(computation));
                let t = lax::div(&lax::iota(computation, div), &div_value(computation));
                let start_1 = reshape(&start, vec![1]);
                let one_minus_t = crate::numpy::subtract(1, &t);
                let low = lax::mul(&start_1, &one_minus_t);
                let stop_1 = reshape(&stop, vec![1]);
                let high = lax::mul(&stop_1, &t);
                let out = lax::add(&low, &high);
                if endpoint {
                    let last = bind1(
                        Primitive::BroadcastInDim {
                            shape: vec![1],
                            broadcast_dimensions: Vec::new(),
                        },
                        &[stop],
                    );
                    bind1(Primitive::Concatenate { dimension: 0 }, &[out, last])
                } else {
                    out
                }
            } else if num == 1 {
                reshape(&start, vec![1])
            } else {
                zeros_dtype([0], dtype)
            };
            let out = if dtype.is_integer() && !out.dtype().is_integer() {
                lax::floor(&out)
            } else {
                out
            };
            lax::convert_element_type(&out, dtype, false)
        },
    )
}

/// `lax.reshape` (binds nothing when the shape is unchanged, as JAX).
#[track_caller]
fn reshape(x: &Array, new_sizes: Vec<usize>) -> Array {
    if x.shape() == new_sizes.as_slice() {
        return x.clone();
    }
    bind1(Primitive::Reshape { new_sizes }, std::slice::from_ref(x))
}

/// `dtypes.to_inexact_dtype`: 64-bit integers become `float64` (`float32` unless x64 is
/// on), other integers and bool become `float32`, even with x64 on.
pub(crate) fn to_inexact(dtype: DType) -> DType {
    match dtype {
        d if d.is_float() => d,
        DType::I64 | DType::U64 => DType::F64.canonicalize(),
        _ => DType::F32,
    }
}

/// `jnp.eye(N)`: the `N × N` identity matrix, `float32`. Keywords through [`eye_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::eye(2).to_vec::<f32>(), vec![1.0, 0.0, 0.0, 1.0]);
/// ```
#[track_caller]
pub fn eye(n: usize) -> Array {
    eye_with(n, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.eye(N, M=None, k=0, dtype=None)`.
    EyeKw {
        /// `M`: the number of columns (default `N`).
        M: Option<usize> = None; (m: usize) => Some(m),
        /// `k`: the diagonal, above the main one when positive (default `0`).
        k: i32 = 0; (k: i32) => k,
        /// `dtype`: the result's dtype (default `float32`).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.eye(N, M=.., k=.., dtype=..)`: ones on the `k`-th diagonal of an `N × M` matrix.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, DType};
/// let x = jnp::eye_with(2, |kw| kw.M(3).k(1).dtype(DType::I32));
/// assert_eq!(x.to_vec::<i32>(), vec![0, 1, 0, 0, 0, 1]);
/// ```
#[track_caller]
pub fn eye_with(n: usize, f: impl FnOnce(EyeKw) -> EyeKw) -> Array {
    let kw = crate::keywords::apply::<EyeKw>(f);
    let dtype = kw.dtype.unwrap_or_else(DType::default_float);
    eye_dtype(n, kw.M.unwrap_or(n), kw.k, dtype)
}

/// lax.py `_eye`.
#[track_caller]
pub(crate) fn eye_dtype(n: usize, m: usize, k: i32, dtype: DType) -> Array {
    // `k` is a Python int in JAX: the default integer dtype, weakly typed.
    let index = DType::default_int();
    let i = lax::broadcasted_iota(index, &[n, m], 0);
    let j = lax::broadcasted_iota(index, &[n, m], 1);
    let offset = crate::numpy::operand::scalar_array(Scalar::Int(k as i128), index, true);
    let diagonal = lax::eq(&lax::add(&i, &offset), &j);
    lax::convert_element_type(&diagonal, dtype, false)
}

crate::keywords! {
    /// Keywords of `jnp.logspace(start, stop, num=50, endpoint=True, base=10.0,
    /// dtype=None)`.
    LogspaceKw {
        /// `num`: the number of values (default `50`).
        num: i64 = 50; (num: i64) => num,
        /// `endpoint`: include `base ** stop` (default `true`).
        endpoint: bool = true; (endpoint: bool) => endpoint,
        /// `base`: the base of the exponents (default `10.0`).
        base: Operand = Operand::Scalar(Scalar::Float(10.0)); (base: impl ArrayLike) => base.into_operand(),
        /// `dtype`: the result's dtype (default from `start` and `stop`, inexact).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.logspace(start, stop)`: 50 values `10 ** linspace(start, stop)`. Keywords through
/// [`logspace_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::logspace_with(0.0, 2.0, |kw| kw.num(3));
/// assert_eq!(x.to_vec::<f32>(), vec![1.0, 10.0, 100.0]);
/// ```
#[track_caller]
pub fn logspace(start: impl ArrayLike, stop: impl ArrayLike) -> Array {
    logspace_with(start, stop, |kw| kw)
}

/// `jnp.logspace(start, stop, num=.., endpoint=.., base=.., dtype=..)`.
#[track_caller]
pub fn logspace_with(
    start: impl ArrayLike,
    stop: impl ArrayLike,
    f: impl FnOnce(LogspaceKw) -> LogspaceKw,
) -> Array {
    let kw = crate::keywords::apply::<LogspaceKw>(f);
    let (start, stop) = (start.into_operand(), stop.into_operand());
    let dtype = kw.dtype.unwrap_or_else(|| spaced_dtype(&start, &stop));
    let computation = to_inexact(dtype);
    let start = start.into_array().astype(computation);
    let stop = stop.into_array().astype(computation);
    let lin = linspace_with(start, stop, kw.num, |k| k.endpoint(kw.endpoint));
    let out = crate::numpy::power(kw.base, lin);
    lax::convert_element_type(&out, dtype, false)
}

/// `to_inexact_dtype(result_type(start, stop))`.
fn spaced_dtype(start: &Operand, stop: &Operand) -> DType {
    let both = crate::numpy::operand::promote_dtypes(vec![start.clone(), stop.clone()]);
    to_inexact(both[0].dtype())
}

crate::keywords! {
    /// Keywords of `jnp.geomspace(start, stop, num=50, endpoint=True, dtype=None)`.
    GeomspaceKw {
        /// `num`: the number of values (default `50`).
        num: i64 = 50; (num: i64) => num,
        /// `endpoint`: include `stop` (default `true`).
        endpoint: bool = true; (endpoint: bool) => endpoint,
        /// `dtype`: the result's dtype (default from `start` and `stop`, inexact).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.geomspace(start, stop)`: 50 values from `start` to `stop` in geometric
/// progression. Keywords through [`geomspace_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::geomspace_with(1.0, 1000.0, |kw| kw.num(4));
/// assert_eq!(x.to_vec::<f32>(), vec![1.0, 10.0, 100.0, 1000.0]);
/// ```
#[track_caller]
pub fn geomspace(start: impl ArrayLike, stop: impl ArrayLike) -> Array {
    geomspace_with(start, stop, |kw| kw)
}

/// `jnp.geomspace(start, stop, num=.., endpoint=.., dtype=..)`.
#[track_caller]
pub fn geomspace_with(
    start: impl ArrayLike,
    stop: impl ArrayLike,
    f: impl FnOnce(GeomspaceKw) -> GeomspaceKw,
) -> Array {
    let kw = crate::keywords::apply::<GeomspaceKw>(f);
    let (start, stop) = (start.into_operand(), stop.into_operand());
    let dtype = kw.dtype.unwrap_or_else(|| spaced_dtype(&start, &stop));
    let computation = to_inexact(dtype);
    let start = start.into_array().astype(computation);
    let stop = stop.into_array().astype(computation);
    let sign = crate::numpy::sign(&start);
    let lo = crate::numpy::log10(crate::numpy::divide(&start, &sign));
    let hi = crate::numpy::log10(crate::numpy::divide(&stop, &sign));
    let (num, endpoint) = (kw.num, kw.endpoint);
    let res = crate::numpy::multiply(
        &sign,
        logspace_with(lo, hi, |k| {
            k.num(num).endpoint(endpoint).base(10.0).dtype(computation)
        }),
    );
    lax::convert_element_type(&res, dtype, false)
}
