//! What `jnp` functions accept, and how operands are promoted to a common dtype and rank.
//!
//! JAX counterpart: `jax/_src/numpy/util.py` (`check_arraylike`, `promote_dtypes`,
//! `promote_shapes`, `promote_args`).

use crate::array::Array;
use crate::dtype::{DType, Element, Scalar};
use crate::lax;
use crate::primitive::Primitive;
use crate::shape::{py_tuple, try_broadcast_shapes};
use crate::trace::bind1;

/// An operand of a `jnp` function: an array, or a Rust scalar that acts like a Python
/// scalar (weakly typed; `bool` is strong, as in JAX).
#[derive(Clone)]
pub enum Operand {
    /// An array (concrete or traced).
    Array(Array),
    /// A Rust scalar, kept exact until the operation's dtype is known.
    Scalar(Scalar),
}

/// Types that `jnp` functions accept as array operands: `&Array`, `Array` and Rust scalars.
///
/// `Vec`s, slices and tuples are refused at compile time, as JAX refuses lists and tuples:
/// build an array first with `jnp::array(..)`.
#[diagnostic::on_unimplemented(
    message = "jnp functions take arrays and scalars only, not `{Self}`",
    label = "not an array or a scalar",
    note = "JAX refuses lists and tuples to avoid hidden conversions; build an array first with `jnp::array(..)`"
)]
pub trait ArrayLike {
    /// Converts to an operand.
    fn into_operand(self) -> Operand;
}

impl ArrayLike for Array {
    fn into_operand(self) -> Operand {
        Operand::Array(self)
    }
}

impl ArrayLike for &Array {
    fn into_operand(self) -> Operand {
        Operand::Array(self.clone())
    }
}

impl ArrayLike for &&Array {
    fn into_operand(self) -> Operand {
        Operand::Array((*self).clone())
    }
}

impl ArrayLike for Operand {
    fn into_operand(self) -> Operand {
        self
    }
}

macro_rules! scalar_array_like {
    ($($t:ty),*) => {$(
        impl ArrayLike for $t {
            fn into_operand(self) -> Operand {
                Operand::Scalar(self.to_scalar())
            }
        }
    )*};
}
scalar_array_like!(
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

impl Operand {
    /// The dtype and weak type this operand brings to promotion.
    pub fn dtype_and_weak(&self) -> (DType, bool) {
        match self {
            Operand::Array(a) => (a.dtype(), a.weak_type()),
            Operand::Scalar(Scalar::Bool(_)) => (DType::Bool, false),
            Operand::Scalar(Scalar::Int(_)) => (DType::default_int(), true),
            Operand::Scalar(Scalar::Float(_)) => (DType::default_float(), true),
        }
    }

    /// The shape (`[]` for scalars).
    pub fn shape(&self) -> &[usize] {
        match self {
            Operand::Array(a) => a.shape(),
            Operand::Scalar(_) => &[],
        }
    }

    /// The operand as an array of its own dtype (scalars become weak 0-d arrays).
    #[track_caller]
    pub fn into_array(self) -> Array {
        let (dtype, weak) = self.dtype_and_weak();
        self.convert(dtype, weak)
    }

    /// The operand converted to `dtype` with weak type `weak`, as JAX's
    /// `_convert_element_type`: scalars convert exactly at once, arrays through
    /// `convert_element_type` (nothing is bound when nothing changes).
    ///
    /// # Panics
    /// If an integer scalar does not fit an integer `dtype`.
    #[track_caller]
    pub fn convert(self, dtype: DType, weak: bool) -> Array {
        match self {
            Operand::Array(a) => lax::convert_element_type(&a, dtype, weak),
            Operand::Scalar(s) => scalar_array(s, dtype.canonicalize(), weak),
        }
    }
}

/// A 0-d concrete array holding `s` cast to `dtype`.
///
/// # Panics
/// If `s` is an integer that does not fit an integer `dtype` (JAX raises OverflowError).
#[track_caller]
pub(crate) fn scalar_array(s: Scalar, dtype: DType, weak: bool) -> Array {
    if let (Scalar::Int(i), true) = (s, dtype.is_integer() || dtype == DType::Bool) {
        let back = crate::scalar::round_to(dtype, s);
        if dtype != DType::Bool && back != Scalar::Int(i) {
            panic!("OverflowError: Python int {i} too large to convert to {dtype}");
        }
    }
    let data = crate::buffer::Buffer::from_scalars(dtype, [s]);
    let aval = crate::aval::Aval::with_weak(Vec::new(), dtype, weak && dtype != DType::Bool);
    Array::scalar_literal(crate::array::Concrete::new(aval, data))
}

/// `promote_dtypes`: converts every operand to the operands' common dtype and weak type.
#[track_caller]
pub(crate) fn promote_dtypes(operands: Vec<Operand>) -> Vec<Array> {
    let parts: Vec<(DType, bool)> = operands.iter().map(Operand::dtype_and_weak).collect();
    let (dtype, weak) = DType::result_type(&parts);
    operands
        .into_iter()
        .map(|o| o.convert(dtype, weak))
        .collect()
}

/// `promote_shapes`: when non-scalar operands differ in rank, prepends unit axes (with
/// `broadcast_in_dim`) so all share the broadcast rank; equal ranks are left to lax.
///
/// # Panics
/// With JAX's message when the shapes cannot broadcast.
#[track_caller]
pub(crate) fn promote_shapes(args: Vec<Array>) -> Vec<Array> {
    if args.len() < 2 || args.iter().all(|a| a.ndim() == args[0].ndim()) {
        return args;
    }
    let mut ranks: Vec<usize> = args
        .iter()
        .filter(|a| a.ndim() > 0)
        .map(Array::ndim)
        .collect();
    ranks.dedup();
    ranks.sort_unstable();
    ranks.dedup();
    if ranks.len() < 2 {
        return args;
    }
    let shapes: Vec<&[usize]> = args.iter().map(Array::shape).collect();
    let Some(result) = try_broadcast_shapes(&shapes) else {
        let listed: Vec<String> = shapes.iter().map(|s| py_tuple(s)).collect();
        panic!(
            "Incompatible shapes for broadcasting: shapes=[{}]",
            listed.join(", ")
        );
    };
    let rank = result.len();
    args.into_iter()
        .map(|a| broadcast_to_rank(a, rank))
        .collect()
}

/// Prepends unit axes to reach `rank` (`lax.broadcast_to_rank`).
#[track_caller]
fn broadcast_to_rank(x: Array, rank: usize) -> Array {
    let nd = x.ndim();
    if nd == rank {
        return x;
    }
    let mut shape = vec![1usize; rank - nd];
    shape.extend_from_slice(x.shape());
    let dims: Vec<usize> = (rank - nd..rank).collect();
    bind1(
        Primitive::BroadcastInDim {
            shape,
            broadcast_dimensions: dims,
        },
        &[x],
    )
}

/// `promote_args`: dtypes, then ranks.
#[track_caller]
pub(crate) fn promote_args(operands: Vec<Operand>) -> Vec<Array> {
    promote_shapes(promote_dtypes(operands))
}
