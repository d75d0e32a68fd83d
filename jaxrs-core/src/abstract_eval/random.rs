//! Rules of the random-bit primitives.

use crate::aval::Aval;

/// `threefry2x32 k0 k1 x0 x1`: two `u32` results of the counters' shape.
#[track_caller]
pub(super) fn threefry2x32(inputs: &[&Aval]) -> Vec<Aval> {
    let _ = inputs;
    unimplemented!("shape rule of threefry2x32")
}
