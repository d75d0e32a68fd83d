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

/// A 0-d concrete array holding `s` cast to `dtype` (integers wrap into narrower integer
/// dtypes, as JAX converts a weak `int` literal: `int8 + 300` adds 44).
pub(crate) fn scalar_array(s: Scalar, dtype: DType, weak: bool) -> Array {
    let data = crate::buffer::Buffer::from_scalars(dtype, [s]);
    let aval = crate::aval::Aval::with_weak(Vec::new(), dtype, weak && dtype != DType::Bool);
    Array::scalar_literal(crate::array::Concrete::new(aval, data))
}

/// Whether an integer fits the dtype that a weak `int` stands for (`int32`, or `int64` with
/// x64): the range JAX accepts when it parses a Python `int` argument.
fn fits_default_int(i: i128) -> bool {
    if DType::default_int() == DType::I64 {
        i64::try_from(i).is_ok()
    } else {
        i32::try_from(i).is_ok()
    }
}

/// Checks the integer scalars among the arguments of a jitted `jnp` function, as JAX does
/// when it parses them; `names` are the parameter names JAX's message uses.
///
/// # Panics
/// `An overflow was encountered while parsing an argument to a jitted
/// computation, whose argument path is y. Got <class 'int'> with value 1099511627776`.
#[track_caller]
pub(crate) fn check_jit_args(names: &[&str], operands: &[Operand]) {
    for (name, op) in names.iter().zip(operands) {
        if let Operand::Scalar(Scalar::Int(i)) = op {
            if !fits_default_int(*i) {
                panic!(
                    "An overflow was encountered while parsing an argument to a \
                     jitted computation, whose argument path is {name}. Got <class 'int'> with \
                     value {i}"
                );
            }
        }
    }
}

/// Checks that an integer scalar fits the default integer dtype, as `jnp.array(2**40)`
/// does.
///
/// # Panics
/// `Python int 1099511627776 too large to convert to int32` (JAX's OverflowError).
#[track_caller]
pub(crate) fn check_python_int(s: Scalar) {
    if let Scalar::Int(i) = s {
        if !fits_default_int(i) {
            panic!(
                "Python int {i} too large to convert to {}",
                DType::default_int()
            );
        }
    }
}

/// Runs `body` as JAX runs a `jnp` function that it wraps in its own non-inlined
/// `jax.jit` (`jnp.where` shows in a jaxpr as `jit[name=_where ...]`): the arguments are
/// checked as jit's argument parsing checks them, Rust scalars become weakly typed 0-d
/// arguments, and the body is staged as one nested `jit[name=..]` equation
/// ([`crate::api::jit_call`]).
#[track_caller]
pub(crate) fn jax_jit(
    name: &'static str,
    arg_names: &[&str],
    operands: Vec<Operand>,
    body: impl FnOnce(Vec<Operand>) -> Array,
) -> Array {
    check_jit_args(arg_names, &operands);
    let args: Vec<Array> = operands.into_iter().map(Operand::into_array).collect();
    crate::api::jit_call(name, &args, |traced| {
        vec![body(traced.iter().cloned().map(Operand::Array).collect())]
    })
    .remove(0)
}

/// Runs `body` as JAX runs a `jnp` function it wraps in `jax.jit(..., inline=True)`
/// (`jnp.mean`): the call is a `jit` ([`jax_jit`]), which a trace that records a jaxpr
/// traces in place, so no `jit` equation shows in a jaxpr (under `grad`, `jvp` or `vmap`
/// inside `make_jaxpr` either). With no such trace in the stack (an eager call, an eager
/// `grad`'s primal half) it runs as one compiled computation, whose XLA rewrites change
/// bits: the division by a count becomes a multiply by its reciprocal. The call is marked
/// inline, so `grad` traces its tangent half into the linear jaxpr, as JAX does.
#[track_caller]
pub(crate) fn jax_jit_inline(
    name: &'static str,
    arg_names: &[&str],
    operands: Vec<Operand>,
    body: impl FnOnce(Vec<Operand>) -> Array,
) -> Array {
    jax_jit_inline_outputs(name, arg_names, operands, |ops| vec![body(ops)]).remove(0)
}

/// Whether a `jnp` function that JAX wraps in `jax.jit(..., inline=True)` runs its body in
/// place (`inline_jit!` in `numpy::ufuncs`): eagerly, where each of the body's
/// operations is a computation of its own with the bits of the body compiled as one (the
/// golden suites compare every such function), and under a trace that stages a jaxpr,
/// which traces an inline `jit` in place. Under the other traces (`jvp`, `vmap`, `grad`'s
/// linearization) the body is a `jit` call, whose derivative or batched version then runs
/// as one computation, as JAX's does: XLA contracts its multiply-adds (the product rule's
/// `t·y + x·u`, `tanh`'s `g + g·y`), so eager derivatives have XLA's bits.
pub(crate) fn inline_here() -> bool {
    crate::trace::eager() || staged()
}

/// Whether a trace in the stack stages a jaxpr (an inline `jit` is traced in place).
fn staged() -> bool {
    let mut trace = Some(crate::trace::current_trace());
    while let Some(t) = trace {
        if t.stages_jaxpr() {
            return true;
        }
        trace = t.parent().cloned();
    }
    false
}

/// [`jax_jit_inline`] of a function with several results (`jnp.average(.., returned=True)`).
#[track_caller]
pub(crate) fn jax_jit_inline_outputs(
    name: &'static str,
    arg_names: &[&str],
    operands: Vec<Operand>,
    body: impl FnOnce(Vec<Operand>) -> Vec<Array>,
) -> Vec<Array> {
    if staged() {
        return body(operands);
    }
    check_jit_args(arg_names, &operands);
    let args: Vec<Array> = operands.into_iter().map(Operand::into_array).collect();
    crate::api::jit_call_inline(name, &args, |traced| {
        body(traced.iter().cloned().map(Operand::Array).collect())
    })
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
