//! Array creation: `array`, `zeros`, `ones`, `full`, ...
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py` (`array`, `zeros`, `full`, ...).

use crate::array::Array;
use crate::buffer::Buffer;
use crate::dtype::{DType, Element, Scalar};
use crate::numpy::operand::{ArrayLike, Operand};
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
    let dtype = D::element_dtype().canonicalize();
    Array::from_buffer(
        Buffer::from_scalars(dtype, elements),
        shape,
        D::is_scalar() && dtype != DType::Bool,
    )
}

/// `jnp.full(shape, fill_value)`: an array of `shape` filled with `fill_value`, of the
/// value's dtype (a Rust float gives `float32`, an integer `int32`).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::full([2], 7).to_vec::<i32>(), vec![7, 7]);
/// ```
#[track_caller]
pub fn full(shape: impl IntoShape, fill_value: impl ArrayLike) -> Array {
    let operand = fill_value.into_operand();
    let dtype = match &operand {
        Operand::Array(a) => a.dtype(),
        other => other.dtype_and_weak().0,
    };
    full_dtype(shape, operand, dtype)
}

/// `jnp.full(shape, fill_value, dtype)`.
#[track_caller]
pub fn full_dtype(shape: impl IntoShape, fill_value: impl ArrayLike, dtype: DType) -> Array {
    let shape = shape.into_shape();
    size_of(&shape);
    let value = fill_value.into_operand().convert(dtype, false);
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
    full_dtype(shape, 0.0, DType::default_float())
}

/// `jnp.ones(shape)`: `float32` ones.
#[track_caller]
pub fn ones(shape: impl IntoShape) -> Array {
    full_dtype(shape, 1.0, DType::default_float())
}
