//! Typed, contiguous, row-major element storage for concrete arrays.

use half::{bf16, f16};

use crate::dtype::{DType, Element, Scalar};

/// The elements of a concrete array, one variant per dtype.
#[derive(Clone, Debug, PartialEq)]
pub enum Buffer {
    /// `bool`
    Bool(Vec<bool>),
    /// `int8`
    I8(Vec<i8>),
    /// `int16`
    I16(Vec<i16>),
    /// `int32`
    I32(Vec<i32>),
    /// `int64`
    I64(Vec<i64>),
    /// `uint8`
    U8(Vec<u8>),
    /// `uint16`
    U16(Vec<u16>),
    /// `uint32`
    U32(Vec<u32>),
    /// `uint64`
    U64(Vec<u64>),
    /// `float16`
    F16(Vec<f16>),
    /// `bfloat16`
    BF16(Vec<bf16>),
    /// `float32`
    F32(Vec<f32>),
    /// `float64`
    F64(Vec<f64>),
}

/// Runs `$body` with `$v` bound to the buffer's typed `Vec` (by the given binding mode).
///
/// `with_buffer!(buf, v => v.len())` works for every dtype at once; the body is
/// monomorphized per element type.
#[macro_export]
macro_rules! with_buffer {
    ($buf:expr, $v:ident => $body:expr) => {
        match $buf {
            $crate::buffer::Buffer::Bool($v) => $body,
            $crate::buffer::Buffer::I8($v) => $body,
            $crate::buffer::Buffer::I16($v) => $body,
            $crate::buffer::Buffer::I32($v) => $body,
            $crate::buffer::Buffer::I64($v) => $body,
            $crate::buffer::Buffer::U8($v) => $body,
            $crate::buffer::Buffer::U16($v) => $body,
            $crate::buffer::Buffer::U32($v) => $body,
            $crate::buffer::Buffer::U64($v) => $body,
            $crate::buffer::Buffer::F16($v) => $body,
            $crate::buffer::Buffer::BF16($v) => $body,
            $crate::buffer::Buffer::F32($v) => $body,
            $crate::buffer::Buffer::F64($v) => $body,
        }
    };
}

/// Runs `$body` with the type alias `$t` set to the Rust element type of `$dtype`.
#[macro_export]
macro_rules! with_dtype {
    ($dtype:expr, $t:ident => $body:expr) => {
        match $dtype {
            $crate::dtype::DType::Bool => {
                type $t = bool;
                $body
            }
            $crate::dtype::DType::I8 => {
                type $t = i8;
                $body
            }
            $crate::dtype::DType::I16 => {
                type $t = i16;
                $body
            }
            $crate::dtype::DType::I32 => {
                type $t = i32;
                $body
            }
            $crate::dtype::DType::I64 => {
                type $t = i64;
                $body
            }
            $crate::dtype::DType::U8 => {
                type $t = u8;
                $body
            }
            $crate::dtype::DType::U16 => {
                type $t = u16;
                $body
            }
            $crate::dtype::DType::U32 => {
                type $t = u32;
                $body
            }
            $crate::dtype::DType::U64 => {
                type $t = u64;
                $body
            }
            $crate::dtype::DType::F16 => {
                type $t = ::half::f16;
                $body
            }
            $crate::dtype::DType::BF16 => {
                type $t = ::half::bf16;
                $body
            }
            $crate::dtype::DType::F32 => {
                type $t = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $t = f64;
                $body
            }
        }
    };
}

/// Conversion between a typed `Vec` and a [`Buffer`].
pub trait BufferElement: Element {
    /// Wraps a `Vec` of this type.
    fn into_buffer(v: Vec<Self>) -> Buffer;
    /// The typed slice, if the buffer holds this type.
    fn slice(b: &Buffer) -> Option<&[Self]>;
    /// The typed `Vec`, if the buffer holds this type.
    fn vec_mut(b: &mut Buffer) -> Option<&mut Vec<Self>>;
}

macro_rules! buffer_element {
    ($($t:ty => $d:ident),*) => {$(
        impl BufferElement for $t {
            fn into_buffer(v: Vec<Self>) -> Buffer {
                Buffer::$d(v)
            }
            fn slice(b: &Buffer) -> Option<&[Self]> {
                match b {
                    Buffer::$d(v) => Some(v),
                    _ => None,
                }
            }
            fn vec_mut(b: &mut Buffer) -> Option<&mut Vec<Self>> {
                match b {
                    Buffer::$d(v) => Some(v),
                    _ => None,
                }
            }
        }
    )*};
}
buffer_element!(bool => Bool, i8 => I8, i16 => I16, i32 => I32, i64 => I64, u8 => U8,
    u16 => U16, u32 => U32, u64 => U64, f16 => F16, bf16 => BF16, f32 => F32, f64 => F64);

impl Buffer {
    /// The dtype of the elements.
    pub fn dtype(&self) -> DType {
        match self {
            Buffer::Bool(_) => DType::Bool,
            Buffer::I8(_) => DType::I8,
            Buffer::I16(_) => DType::I16,
            Buffer::I32(_) => DType::I32,
            Buffer::I64(_) => DType::I64,
            Buffer::U8(_) => DType::U8,
            Buffer::U16(_) => DType::U16,
            Buffer::U32(_) => DType::U32,
            Buffer::U64(_) => DType::U64,
            Buffer::F16(_) => DType::F16,
            Buffer::BF16(_) => DType::BF16,
            Buffer::F32(_) => DType::F32,
            Buffer::F64(_) => DType::F64,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        with_buffer!(self, v => v.len())
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A buffer of `n` zeros (`false` for bool).
    pub fn zeros(dtype: DType, n: usize) -> Buffer {
        with_dtype!(dtype, T => T::into_buffer(vec![T::from_scalar(Scalar::Int(0)); n]))
    }

    /// A buffer of `n` copies of `value`, cast to `dtype`.
    pub fn filled(dtype: DType, n: usize, value: Scalar) -> Buffer {
        with_dtype!(dtype, T => T::into_buffer(vec![T::from_scalar(value); n]))
    }

    /// Builds a buffer from scalars, casting each to `dtype`.
    pub fn from_scalars(dtype: DType, values: impl IntoIterator<Item = Scalar>) -> Buffer {
        with_dtype!(dtype, T => T::into_buffer(values.into_iter().map(T::from_scalar).collect()))
    }

    /// Element `i` as a scalar.
    pub fn get(&self, i: usize) -> Scalar {
        with_buffer!(self, v => v[i].to_scalar())
    }

    /// Every element as a scalar.
    pub fn to_scalars(&self) -> Vec<Scalar> {
        with_buffer!(self, v => v.iter().map(|x| x.to_scalar()).collect())
    }

    /// A copy with every element cast to `dtype` (`convert_element_type`).
    pub fn cast(&self, dtype: DType) -> Buffer {
        if self.dtype() == dtype {
            return self.clone();
        }
        with_buffer!(self, v => Buffer::from_scalars(dtype, v.iter().map(|x| x.to_scalar())))
    }

    /// A new buffer holding the elements at `indices`, in that order.
    pub fn gather(&self, indices: impl IntoIterator<Item = usize>) -> Buffer {
        with_buffer!(self, v => BufferElement::into_buffer(indices.into_iter().map(|i| v[i]).collect()))
    }

    /// The typed elements.
    ///
    /// # Panics
    /// If the buffer does not hold `T`.
    #[track_caller]
    pub fn as_slice<T: BufferElement>(&self) -> &[T] {
        T::slice(self)
            .unwrap_or_else(|| panic!("buffer holds {} elements, not {}", self.dtype(), T::DTYPE))
    }
}
