//! Reference evaluation of the structural primitives.

use super::broadcast_index_map;
use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::primitive::Primitive;

pub(super) fn structural(
    primitive: &Primitive,
    inputs: &[&Concrete],
    out_avals: &[Aval],
) -> Vec<Buffer> {
    use Primitive::*;
    match primitive {
        BroadcastInDim {
            shape,
            broadcast_dimensions,
        } => {
            vec![broadcast_in_dim(inputs[0], shape, broadcast_dimensions)]
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
            let _ = out_avals;
            unimplemented!("reference evaluation of {}", primitive.name())
        }
        _ => unreachable!("{} is not structural", primitive.name()),
    }
}

/// Places operand axes at `dims` of `shape` (size-1 axes repeat), then broadcasts.
fn broadcast_in_dim(x: &Concrete, shape: &[usize], dims: &[usize]) -> Buffer {
    let mut expanded = vec![1usize; shape.len()];
    for (i, &d) in dims.iter().enumerate() {
        expanded[d] = x.shape()[i];
    }
    x.data().gather(broadcast_index_map(&expanded, shape))
}
