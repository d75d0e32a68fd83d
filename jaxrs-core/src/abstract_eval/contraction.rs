//! Rule of `dot_general`.
//!
//! JAX counterpart: `_dot_general_shape_rule` and `_dot_general_dtype_rule` in
//! `jax/_src/lax/lax.py`. The result is `batch + lhs free + rhs free` axes; the dtype is
//! the wider operand dtype (XLA's `HigherPrecisionType`) unless `preferred_element_type`
//! asks for another.

use crate::aval::Aval;
use crate::dtype::{DType, Kind};
use crate::primitive::DotDimensionNumbers;
use crate::shape::{checked_size, py_tuple};

/// Python's list repr of dimension numbers, as JAX's messages show them.
fn py_list(xs: &[usize]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

fn distinct(xs: &[usize]) -> bool {
    let mut s = xs.to_vec();
    s.sort_unstable();
    s.dedup();
    s.len() == xs.len()
}

/// The free (neither batch nor contracting) axes of an operand of rank `ndim`, ascending.
pub(crate) fn free_dims(ndim: usize, contract: &[usize], batch: &[usize]) -> Vec<usize> {
    (0..ndim)
        .filter(|d| !contract.contains(d) && !batch.contains(d))
        .collect()
}

/// XLA's ordering of types for mixed-dtype dots: (max exponent, mantissa bits, bit width,
/// signed).
fn type_properties(d: DType) -> (i32, i32, usize, bool) {
    let (maxexp, nmant) = match d {
        DType::F16 => (16, 10),
        DType::BF16 => (128, 7),
        DType::F32 => (128, 23),
        DType::F64 => (1024, 52),
        _ => (-1, -1),
    };
    let bits = if d == DType::Bool {
        1
    } else {
        d.itemsize() * 8
    };
    (maxexp, nmant, bits, !d.is_unsigned_integer())
}

/// Result aval of `dot_general`.
#[track_caller]
pub(super) fn dot_general(
    dimension_numbers: &DotDimensionNumbers,
    preferred: Option<DType>,
    inputs: &[&Aval],
) -> Aval {
    if inputs.len() != 2 {
        panic!("dot_general takes 2 operands, got {}", inputs.len());
    }
    let (lhs, rhs) = (inputs[0], inputs[1]);
    let ((lc, rc), (lb, rb)) = dimension_numbers;
    if lc.iter().chain(lb).any(|&d| d >= lhs.ndim()) {
        panic!(
            "dot_general requires lhs dimension numbers to be nonnegative and less than the \
             number of axes of the lhs value, got lhs_batch of {} and lhs_contracting of {} for \
             lhs of rank {}",
            py_list(lb),
            py_list(lc),
            lhs.ndim()
        );
    }
    if rc.iter().chain(rb).any(|&d| d >= rhs.ndim()) {
        panic!(
            "dot_general requires rhs dimension numbers to be nonnegative and less than the \
             number of axes of the rhs value, got rhs_batch of {} and rhs_contracting of {} for \
             rhs of rank {}",
            py_list(rb),
            py_list(rc),
            rhs.ndim()
        );
    }
    if lb.len() != rb.len() {
        panic!(
            "dot_general requires equal numbers of lhs_batch and rhs_batch dimensions, got \
             lhs_batch {} and rhs_batch {}.",
            py_list(lb),
            py_list(rb)
        );
    }
    for (dims, what) in [
        (lb, "lhs batch dimensions to be distinct, got lhs_batch"),
        (rb, "rhs batch dimensions to be distinct, got rhs_batch"),
        (
            lc,
            "lhs contracting dimensions to be distinct, got lhs_contracting",
        ),
        (
            rc,
            "rhs contracting dimensions to be distinct, got rhs_contracting",
        ),
    ] {
        if !distinct(dims) {
            panic!("dot_general requires {what} {}.", py_list(dims));
        }
    }
    if lc.iter().any(|d| lb.contains(d)) {
        panic!(
            "dot_general requires lhs batch dimensions to be disjoint from contracting \
             dimensions, got lhs_batch {} and lhs_contracting {}.",
            py_list(lb),
            py_list(lc)
        );
    }
    if rc.iter().any(|d| rb.contains(d)) {
        panic!(
            "dot_general requires rhs batch dimensions to be disjoint from contracting \
             dimensions, got rhs_batch {} and rhs_contracting {}.",
            py_list(rb),
            py_list(rc)
        );
    }
    let lbs: Vec<usize> = lb.iter().map(|&d| lhs.shape[d]).collect();
    let rbs: Vec<usize> = rb.iter().map(|&d| rhs.shape[d]).collect();
    if lbs != rbs {
        panic!(
            "dot_general requires lhs batch dimensions and rhs batch dimensions to have the same \
             shape, got {} and {}.",
            py_tuple(&lbs),
            py_tuple(&rbs)
        );
    }
    let lcs: Vec<usize> = lc.iter().map(|&d| lhs.shape[d]).collect();
    let rcs: Vec<usize> = rc.iter().map(|&d| rhs.shape[d]).collect();
    if lcs != rcs {
        panic!(
            "dot_general requires contracting dimensions to have the same shape, got {} and {}.",
            py_tuple(&lcs),
            py_tuple(&rcs)
        );
    }
    let (lp, rp) = (type_properties(lhs.dtype), type_properties(rhs.dtype));
    let result = if lp > rp {
        lhs.dtype
    } else if rp > lp {
        rhs.dtype
    } else if lhs.dtype != rhs.dtype {
        panic!(
            "lax.dot_general argument type error: {}, {}",
            lhs.dtype, rhs.dtype
        );
    } else {
        lhs.dtype
    };
    let dtype = match preferred {
        None => result,
        Some(p) if p == result => result,
        Some(p) => {
            if result.kind() != Kind::Float && type_properties(p).2 < type_properties(result).2 {
                panic!(
                    "`preferred_element_type` must not be narrower than the original type, got \
                     preferred_element_type of {p} for result type of {result}."
                );
            }
            p
        }
    };
    let mut shape = lbs;
    shape.extend(free_dims(lhs.ndim(), lc, lb).iter().map(|&d| lhs.shape[d]));
    shape.extend(free_dims(rhs.ndim(), rc, rb).iter().map(|&d| rhs.shape[d]));
    if checked_size(&shape).is_none() {
        panic!(
            "Shape {} has too many elements: its size overflows usize",
            py_tuple(&shape)
        );
    }
    let weak = lhs.weak_type && rhs.weak_type;
    Aval::with_weak(shape, dtype, weak)
}
