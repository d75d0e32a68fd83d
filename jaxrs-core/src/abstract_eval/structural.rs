//! Rules of the structural primitives (broadcast, reshape, slicing, gather/scatter, ...).

use crate::aval::Aval;
use crate::primitive::Primitive;
use crate::shape::py_tuple;

/// Result avals of a structural primitive.
#[track_caller]
pub(super) fn structural(primitive: &Primitive, inputs: &[&Aval]) -> Vec<Aval> {
    use Primitive::*;
    match primitive {
        BroadcastInDim {
            shape,
            broadcast_dimensions,
        } => {
            vec![broadcast_in_dim(shape, broadcast_dimensions, inputs[0])]
        }
        Reshape { .. }
        | Transpose { .. }
        | Squeeze { .. }
        | Rev { .. }
        | Concatenate { .. }
        | Pad { .. }
        | Slice { .. }
        | DynamicSlice { .. }
        | DynamicUpdateSlice
        | Gather { .. }
        | Scatter { .. }
        | Iota { .. }
        | Copy
        | Sort { .. } => {
            unimplemented!("shape rule of {}", primitive.name())
        }
        _ => unreachable!("{} is not structural", primitive.name()),
    }
}

/// `broadcast_in_dim`: operand axis `i` goes to result axis `broadcast_dimensions[i]`,
/// where it must have the same extent or extent 1; dimensions strictly increase.
#[track_caller]
fn broadcast_in_dim(shape: &[usize], dims: &[usize], x: &Aval) -> Aval {
    if dims.len() != x.ndim() {
        panic!(
            "broadcast_in_dim broadcast_dimensions must have length equal to operand ndim; got \
             broadcast_dimensions {} for operand ndim {}.",
            py_tuple(dims),
            x.ndim()
        );
    }
    for (i, &d) in dims.iter().enumerate() {
        let ok = d < shape.len() && (x.shape[i] == 1 || x.shape[i] == shape[d]);
        if !ok {
            panic!(
                "broadcast_in_dim operand dimension sizes must either be 1, or be equal to their \
                 corresponding dimensions in the target broadcast shape; got operand of shape {}, \
                 target broadcast shape {}, broadcast_dimensions {} ",
                py_tuple(&x.shape),
                py_tuple(shape),
                py_tuple(dims)
            );
        }
    }
    if dims.windows(2).any(|w| w[0] >= w[1]) {
        panic!(
            "broadcast_in_dim broadcast_dimensions must be strictly increasing; got broadcast_dimensions {}",
            py_tuple(dims)
        );
    }
    Aval::with_weak(shape.to_vec(), x.dtype, x.weak_type)
}
