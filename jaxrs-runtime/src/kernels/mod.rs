//! Typed kernels: serial loops over chunks, written so LLVM vectorizes them, plus the
//! dtype-erased views that carry typed slices through the dispatch.
//!
//! A kernel here computes one chunk on the calling thread; [`crate::parallel`] and
//! [`crate::exec`] split arrays into chunks and spread them over cores, and
//! [`crate::fuse`] runs several kernels per chunk while the chunk stays in cache.
//!
//! JAX counterpart: the loops XLA:CPU emits for elementwise HLO and for the threefry
//! lowering (`jax/_src/random/threefry2x32.py`).

pub mod dot;
pub mod elementwise;
pub mod fma;
pub mod layout;
pub mod reduce;
pub mod structural;
pub mod threefry;

use half::{bf16, f16};
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::{DType, Element, Scalar};

/// A kernel operand: a run of elements, or one element that stands for all of them (a
/// broadcast scalar or literal).
#[derive(Copy, Clone, Debug)]
pub enum Src<'a, T> {
    /// One element per output element.
    Slice(&'a [T]),
    /// The same element for every output element.
    Splat(T),
}

impl<'a, T: Copy> Src<'a, T> {
    /// The operand restricted to output elements `start..start + len`.
    pub fn sub(self, start: usize, len: usize) -> Src<'a, T> {
        match self {
            Src::Slice(s) => Src::Slice(&s[start..start + len]),
            Src::Splat(v) => Src::Splat(v),
        }
    }

    /// Element `i`.
    pub fn get(&self, i: usize) -> T {
        match self {
            Src::Slice(s) => s[i],
            Src::Splat(v) => *v,
        }
    }
}

macro_rules! views {
    ($($d:ident => $t:ty),*) => {
        /// A typed read-only operand of any dtype.
        #[derive(Copy, Clone, Debug)]
        pub enum View<'a> {
            $(
                #[doc = concat!("`", stringify!($t), "` elements.")]
                $d(Src<'a, $t>),
            )*
        }

        /// A typed output chunk of any dtype.
        #[derive(Debug)]
        pub enum ViewMut<'a> {
            $(
                #[doc = concat!("`", stringify!($t), "` elements.")]
                $d(&'a mut [$t]),
            )*
        }

        impl<'a> View<'a> {
            /// All elements of `buffer`, one per output element.
            pub fn of(buffer: &'a Buffer) -> View<'a> {
                match buffer {
                    $(Buffer::$d(v) => View::$d(Src::Slice(v)),)*
                }
            }

            /// Element `i` of `buffer`, standing for every output element.
            pub fn splat(buffer: &Buffer, i: usize) -> View<'static> {
                match buffer {
                    $(Buffer::$d(v) => View::$d(Src::Splat(v[i])),)*
                }
            }

            /// The dtype of the elements.
            pub fn dtype(&self) -> DType {
                match self {
                    $(View::$d(_) => DType::$d,)*
                }
            }

            /// The operand restricted to output elements `start..start + len`.
            pub fn sub(self, start: usize, len: usize) -> View<'a> {
                match self {
                    $(View::$d(s) => View::$d(s.sub(start, len)),)*
                }
            }

            /// Whether one element stands for all.
            pub fn is_splat(&self) -> bool {
                match self {
                    $(View::$d(s) => matches!(s, Src::Splat(_)),)*
                }
            }

            /// Element `i` as a scalar (slow; for fallbacks).
            pub fn scalar(&self, i: usize) -> Scalar {
                match self {
                    $(View::$d(s) => s.get(i).to_scalar(),)*
                }
            }
        }

        $(
            impl<'a> From<&'a mut [$t]> for ViewMut<'a> {
                fn from(s: &'a mut [$t]) -> ViewMut<'a> {
                    ViewMut::$d(s)
                }
            }
        )*

        impl<'a> ViewMut<'a> {
            /// The elements of `buffer`, to be overwritten.
            pub fn of(buffer: &'a mut Buffer) -> ViewMut<'a> {
                match buffer {
                    $(Buffer::$d(v) => ViewMut::$d(v),)*
                }
            }

            /// The dtype of the elements.
            pub fn dtype(&self) -> DType {
                match self {
                    $(ViewMut::$d(_) => DType::$d,)*
                }
            }

            /// Number of elements.
            pub fn len(&self) -> usize {
                match self {
                    $(ViewMut::$d(s) => s.len(),)*
                }
            }

            /// True when there are no elements.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// The first `len` elements.
            pub fn sub_mut(self, len: usize) -> ViewMut<'a> {
                match self {
                    $(ViewMut::$d(s) => ViewMut::$d(&mut s[..len]),)*
                }
            }

            /// Reborrows the chunk (to pass it on without giving it up).
            pub fn reborrow(&mut self) -> ViewMut<'_> {
                match self {
                    $(ViewMut::$d(s) => ViewMut::$d(s),)*
                }
            }

            /// The output read back as an operand.
            pub fn as_view(&self) -> View<'_> {
                match self {
                    $(ViewMut::$d(s) => View::$d(Src::Slice(s)),)*
                }
            }

            /// Writes `values` (cast to the dtype, as `convert_element_type` does).
            pub fn set_scalars(&mut self, values: impl Iterator<Item = Scalar>) {
                match self {
                    $(ViewMut::$d(s) => {
                        for (o, v) in s.iter_mut().zip(values) {
                            *o = <$t>::from_scalar(v);
                        }
                    })*
                }
            }
        }
    };
}

views!(Bool => bool, I8 => i8, I16 => i16, I32 => i32, I64 => i64, U8 => u8, U16 => u16,
    U32 => u32, U64 => u64, F16 => f16, BF16 => bf16, F32 => f32, F64 => f64);

/// Copies `src` into `dst` (of one dtype), filling it when `src` is a splat.
///
/// # Panics
/// If the dtypes differ.
pub fn copy_into(src: View<'_>, dst: ViewMut<'_>) {
    macro_rules! copy {
        ($($d:ident),*) => {
            match (src, dst) {
                $((View::$d(Src::Slice(s)), ViewMut::$d(o)) => o.copy_from_slice(&s[..o.len()]),
                (View::$d(Src::Splat(v)), ViewMut::$d(o)) => o.fill(v),)*
                (s, o) => panic!("copy of {} into {}", s.dtype(), o.dtype()),
            }
        };
    }
    copy!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, BF16, F32, F64);
}

/// The view of input `buffer` with `shape` as an operand of an output of `out_shape`:
/// the whole slice when the shapes agree, a splat when it has one element, `None` for other
/// broadcasts (which the reference evaluator handles).
pub fn operand<'a>(buffer: &'a Buffer, shape: &[usize], out_shape: &[usize]) -> Option<View<'a>> {
    if shape == out_shape {
        Some(View::of(buffer))
    } else if buffer.len() == 1 {
        Some(View::splat(buffer, 0))
    } else {
        None
    }
}
