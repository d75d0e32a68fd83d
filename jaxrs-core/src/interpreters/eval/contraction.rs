//! Reference evaluation of `dot_general`.
//!
//! Both operands are converted to the result dtype first, as XLA does. Floats accumulate as
//! XLA:CPU's loop emitter does for small contractions: from `+0.0`, one fused multiply-add
//! per contracted position in order, in `f32` (`f16`/`bf16` widened, rounded once at the
//! end) or `f64`, subnormals flushed. Measured against JAX 0.10.2: every vector dot of up
//! to 32 terms and matrix products such as 5×7·7×3 or 40×20·20×30 match bit for bit; longer
//! contractions and some shapes take XLA's other kernels (a different order, README
//! "Numerics"). Integers wrap in the result dtype; `bool` is OR of ANDs.

use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::dtype::{DType, Kind, Scalar};
use crate::primitive::DotDimensionNumbers;
use crate::shape::strides;
use crate::xla_math::{flush_f32, flush_f64};

use super::structural::for_each_index;

pub(super) fn dot_general(
    dimension_numbers: &DotDimensionNumbers,
    lhs: &Concrete,
    rhs: &Concrete,
    out: &Aval,
) -> Buffer {
    let ((lc, rc), (lb, rb)) = dimension_numbers;
    let free = |ndim: usize, c: &[usize], b: &[usize]| -> Vec<usize> {
        (0..ndim)
            .filter(|d| !c.contains(d) && !b.contains(d))
            .collect()
    };
    let (ls, rs) = (lhs.shape(), rhs.shape());
    let (lf, rf) = (free(ls.len(), lc, lb), free(rs.len(), rc, rb));
    let (lst, rst) = (strides(ls), strides(rs));
    let contract_shape: Vec<usize> = lc.iter().map(|&d| ls[d]).collect();
    // Offsets of every contracted position, in each operand.
    let mut l_off = Vec::new();
    let mut r_off = Vec::new();
    for_each_index(&contract_shape, |k| {
        l_off.push(
            k.iter()
                .zip(lc.iter())
                .map(|(&v, &d)| v * lst[d])
                .sum::<usize>(),
        );
        r_off.push(
            k.iter()
                .zip(rc.iter())
                .map(|(&v, &d)| v * rst[d])
                .sum::<usize>(),
        );
    });
    let nb = lb.len();
    let mut bases = Vec::with_capacity(out.size());
    for_each_index(&out.shape, |o| {
        let (b, rest) = o.split_at(nb);
        let (of_l, of_r) = rest.split_at(lf.len());
        let l: usize = b
            .iter()
            .zip(lb.iter())
            .map(|(&v, &d)| v * lst[d])
            .sum::<usize>()
            + of_l
                .iter()
                .zip(&lf)
                .map(|(&v, &d)| v * lst[d])
                .sum::<usize>();
        let r: usize = b
            .iter()
            .zip(rb.iter())
            .map(|(&v, &d)| v * rst[d])
            .sum::<usize>()
            + of_r
                .iter()
                .zip(&rf)
                .map(|(&v, &d)| v * rst[d])
                .sum::<usize>();
        bases.push((l, r));
    });
    let (lx, rx) = (lhs.data().cast(out.dtype), rhs.data().cast(out.dtype));
    let values: Vec<Scalar> = match out.dtype.kind() {
        Kind::Float => {
            let lv: Vec<f64> = lx.to_scalars().into_iter().map(Scalar::as_f64).collect();
            let rv: Vec<f64> = rx.to_scalars().into_iter().map(Scalar::as_f64).collect();
            let wide = out.dtype == DType::F64;
            bases
                .iter()
                .map(|&(l, r)| {
                    let terms = l_off
                        .iter()
                        .zip(&r_off)
                        .map(|(a, b)| (lv[l + a], rv[r + b]));
                    Scalar::Float(if wide {
                        terms.fold(0.0, |acc, (a, b)| flush_f64(a.mul_add(b, acc)))
                    } else {
                        let sum = terms.fold(0f32, |acc, (a, b)| {
                            flush_f32((a as f32).mul_add(b as f32, acc))
                        });
                        sum as f64
                    })
                })
                .collect()
        }
        _ => {
            let lv: Vec<i128> = lx.to_scalars().into_iter().map(Scalar::as_i128).collect();
            let rv: Vec<i128> = rx.to_scalars().into_iter().map(Scalar::as_i128).collect();
            let boolean = out.dtype == DType::Bool;
            bases
                .iter()
                .map(|&(l, r)| {
                    let mut s: i128 = 0;
                    for (a, b) in l_off.iter().zip(&r_off) {
                        // Products of 64-bit values fit in i128; wrap the running sum to
                        // 64 bits so it never overflows (the result dtype wraps further).
                        s = s.wrapping_add(lv[l + a].wrapping_mul(rv[r + b])) as i64 as i128;
                    }
                    if boolean {
                        Scalar::Bool(s != 0)
                    } else {
                        Scalar::Int(s)
                    }
                })
                .collect()
        }
    };
    Buffer::from_scalars(out.dtype, values)
}
