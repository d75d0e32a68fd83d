//! Reference evaluation of the random-bit primitives.

use crate::array::Concrete;
use crate::buffer::Buffer;

pub(super) fn threefry2x32(inputs: &[&Concrete]) -> Vec<Buffer> {
    let _ = inputs;
    unimplemented!("reference evaluation of threefry2x32")
}
