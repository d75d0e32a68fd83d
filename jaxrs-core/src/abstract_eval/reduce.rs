//! Rules of reductions and scans.
//!
//! JAX counterpart: `jax/_src/lax/lax.py` (`_reduce_op_shape_rule`,
//! `_reduce_number_dtype_rule`, `_reduce_logical_shape_rule`, `_argminmax_shape_rule`) and
//! `jax/_src/lax/control_flow/loops.py` (the `cumsum` family).

use super::expect_arity;
use crate::aval::Aval;
use crate::dtype::{DType, Kind};
use crate::primitive::Primitive;
use crate::shape::py_tuple;

/// `float32[2,3]`: how JAX's messages print an aval (`ShapedArray.__str__`).
fn long_aval(x: &Aval) -> String {
    let dims: Vec<String> = x.shape.iter().map(|d| d.to_string()).collect();
    format!("{}[{}]", x.dtype.name(), dims.join(","))
}

/// The shape left after removing `axes`.
fn kept_shape(x: &Aval, axes: &[usize]) -> Vec<usize> {
    x.shape
        .iter()
        .enumerate()
        .filter(|(i, _)| !axes.contains(i))
        .map(|(_, &d)| d)
        .collect()
}

/// `_reduce_op_shape_rule`: axes distinct and in range.
#[track_caller]
fn check_axes(axes: &[usize], x: &Aval) {
    let mut sorted = axes.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != axes.len() {
        panic!("duplicate value in 'axes' of reduction: {}", py_tuple(axes));
    }
    if axes.iter().any(|&a| a >= x.ndim()) {
        panic!(
            "reduction axes {} contains out-of-bounds indices for {}.",
            py_tuple(axes),
            long_aval(x)
        );
    }
}

/// `reduce_*[axes]`: drops `axes`. `reduce_sum`/`reduce_prod` take numbers, `reduce_and`
/// and `reduce_or` bools or integers (and drop the weak type), `reduce_max`/`reduce_min`
/// anything.
#[track_caller]
pub(super) fn reduction(primitive: &Primitive, axes: &[usize], inputs: &[&Aval]) -> Aval {
    use Primitive::*;
    expect_arity(primitive, inputs, 1);
    let x = inputs[0];
    match primitive {
        ReduceAnd { .. } | ReduceOr { .. } => {
            if x.dtype.is_float() {
                panic!(
                    "logical reduction requires operand dtype bool or int, got {}.",
                    x.dtype
                );
            }
            check_axes(axes, x);
            return Aval::new(kept_shape(x, axes), x.dtype);
        }
        _ => {}
    }
    check_axes(axes, x);
    if matches!(primitive, ReduceSum { .. } | ReduceProd { .. }) && x.dtype.kind() == Kind::Bool {
        panic!(
            "{} does not accept dtype {}. Accepted dtypes are subtypes of number.",
            primitive.name(),
            x.dtype
        );
    }
    Aval::with_weak(kept_shape(x, axes), x.dtype, x.weak_type)
}

/// `argmax`/`argmin[axes index_dtype]`: one axis, non-empty, integer index dtype.
#[track_caller]
pub(super) fn arg_reduction(
    primitive: &Primitive,
    axes: &[usize],
    index_dtype: DType,
    inputs: &[&Aval],
) -> Aval {
    expect_arity(primitive, inputs, 1);
    let x = inputs[0];
    let &[axis] = axes else {
        panic!(
            "{} takes exactly one axis, got {}",
            primitive.name(),
            py_tuple(axes)
        );
    };
    if axis >= x.ndim() {
        panic!(
            "Invalid axis {axis} for operand shape {}",
            py_tuple(&x.shape)
        );
    }
    if x.shape[axis] == 0 {
        panic!(
            "argmin and argmax require non-empty reduced dimension. operand.shape={} axis={axis}",
            py_tuple(&x.shape)
        );
    }
    if !index_dtype.is_integer() {
        panic!("index_dtype must be an integer type, but got {index_dtype}");
    }
    Aval::new(kept_shape(x, axes), index_dtype)
}

/// `cum*[axis reverse]`: same aval; `cumsum`/`cumprod` take numbers.
#[track_caller]
pub(super) fn cumulative(primitive: &Primitive, axis: usize, inputs: &[&Aval]) -> Aval {
    expect_arity(primitive, inputs, 1);
    let x = inputs[0];
    if axis >= x.ndim() {
        panic!(
            "axis {axis} is out of bounds for array of dimension {}",
            x.ndim()
        );
    }
    if matches!(
        primitive,
        Primitive::Cumsum { .. } | Primitive::Cumprod { .. }
    ) && x.dtype == DType::Bool
    {
        panic!(
            "{} does not accept dtype bool. Accepted dtypes are subtypes of number.",
            primitive.name()
        );
    }
    x.clone()
}
