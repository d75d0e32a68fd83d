//! Rules of reductions and scans.

use super::expect_arity;
use crate::aval::Aval;
use crate::dtype::DType;
use crate::primitive::Primitive;
use crate::shape::py_tuple;

#[track_caller]
fn check_axes(primitive: &Primitive, axes: &[usize], ndim: usize) {
    for &a in axes {
        if a >= ndim {
            panic!(
                "{}: axes {} out of bounds for operand of rank {ndim}",
                primitive.name(),
                py_tuple(axes)
            );
        }
    }
}

/// `reduce_*[axes]`: drops `axes`; dtype and weak type kept.
#[track_caller]
pub(super) fn reduction(primitive: &Primitive, axes: &[usize], inputs: &[&Aval]) -> Aval {
    expect_arity(primitive, inputs, 1);
    let x = inputs[0];
    check_axes(primitive, axes, x.ndim());
    let shape = x
        .shape
        .iter()
        .enumerate()
        .filter(|(i, _)| !axes.contains(i))
        .map(|(_, &d)| d)
        .collect();
    Aval::with_weak(shape, x.dtype, x.weak_type)
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
    check_axes(primitive, axes, x.ndim());
    if axes.len() != 1 {
        panic!(
            "{} takes exactly one axis, got {}",
            primitive.name(),
            py_tuple(axes)
        );
    }
    if x.shape[axes[0]] == 0 {
        panic!(
            "{} attempt to get {} of an empty sequence",
            primitive.name(),
            primitive.name()
        );
    }
    if !index_dtype.is_integer() {
        panic!(
            "{} index_dtype must be an integer type, got {index_dtype}",
            primitive.name()
        );
    }
    let shape = x
        .shape
        .iter()
        .enumerate()
        .filter(|(i, _)| !axes.contains(i))
        .map(|(_, &d)| d)
        .collect();
    Aval::new(shape, index_dtype)
}

/// `cum*[axis reverse]`: same aval.
#[track_caller]
pub(super) fn cumulative(primitive: &Primitive, axis: usize, inputs: &[&Aval]) -> Aval {
    expect_arity(primitive, inputs, 1);
    let x = inputs[0];
    check_axes(primitive, &[axis], x.ndim());
    x.clone()
}
