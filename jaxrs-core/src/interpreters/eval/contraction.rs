//! Reference evaluation of `dot_general`.

use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::primitive::DotDimensionNumbers;

pub(super) fn dot_general(
    dimension_numbers: &DotDimensionNumbers,
    lhs: &Concrete,
    rhs: &Concrete,
    out: &Aval,
) -> Buffer {
    let _ = (dimension_numbers, lhs, rhs, out);
    unimplemented!("reference evaluation of dot_general")
}
