//! Reference evaluation of `dot_general`.
//!
//! Both operands are converted to the result dtype first, as XLA does. Floats accumulate in
//! `f32` (`f16`/`bf16` widened, rounded once at the end) or `f64`, subnormals flushed, in
//! the order of the XLA:CPU kernel the dot's shape selects (`order`: vector dots, matrix
//! times vector, narrow and wide matrix products, each measured against JAX 0.10.2).
//! Integers wrap in the result dtype; `bool` is OR of ANDs.

mod order;

use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::dtype::{DType, Kind, Scalar};
use crate::primitive::DotDimensionNumbers;
use crate::shape::strides;

use super::structural::for_each_index;
use order::{Acc, Canonical, Strategy};

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
            let canonical = canonical(dimension_numbers, ls, rs, out.dtype == DType::F64);
            let strategy = order::strategy(canonical);
            let sum = |l: usize, r: usize, i: usize| -> f64 {
                let row = (i / canonical.n.max(1)) % canonical.m.max(1);
                if out.dtype == DType::F64 {
                    accumulate::<f64>(
                        strategy,
                        &lv,
                        &rv,
                        (l, r),
                        (&l_off, &r_off),
                        row,
                        canonical.m,
                    )
                } else {
                    accumulate::<f32>(
                        strategy,
                        &lv,
                        &rv,
                        (l, r),
                        (&l_off, &r_off),
                        row,
                        canonical.m,
                    ) as f64
                }
            };
            bases
                .iter()
                .enumerate()
                .map(|(i, &(l, r))| Scalar::Float(sum(l, r, i)))
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

/// The products of one output element, in the contraction's order, summed by `strategy`.
fn accumulate<T: Acc>(
    strategy: Strategy,
    lv: &[f64],
    rv: &[f64],
    (l, r): (usize, usize),
    (l_off, r_off): (&[usize], &[usize]),
    row: usize,
    m: usize,
) -> T {
    let terms: Vec<(T, T)> = l_off
        .iter()
        .zip(r_off)
        .map(|(a, b)| (T::from_f64(lv[l + a]), T::from_f64(rv[r + b])))
        .collect();
    order::sum(strategy, &terms, row, m)
}

/// The dot in XLA's canonical terms: `m`, `k`, `n` (products of the free and contracted
/// sizes) and which operand XLA reads transposed (a layout, not a copy): the left one when
/// its contracted axes come first after the batch axes, the right one when they come last.
/// Contracted axes elsewhere XLA moves with a copy, which keeps the kernel's order.
fn canonical(
    dimension_numbers: &DotDimensionNumbers,
    ls: &[usize],
    rs: &[usize],
    wide: bool,
) -> Canonical {
    let ((lc, rc), (lb, rb)) = dimension_numbers;
    let nb = lb.len();
    let size =
        |shape: &[usize], dims: &[usize]| -> usize { dims.iter().map(|&d| shape[d]).product() };
    let free = |ndim: usize, c: &[usize], b: &[usize]| -> Vec<usize> {
        (0..ndim)
            .filter(|d| !c.contains(d) && !b.contains(d))
            .collect()
    };
    let (lf, rf) = (free(ls.len(), lc, lb), free(rs.len(), rc, rb));
    let (m, k, n) = (size(ls, &lf), size(ls, lc), size(rs, &rf));
    // The axes `start..start + dims.len()` hold exactly `dims`.
    let span = |dims: &[usize], start: usize| {
        let mut sorted = dims.to_vec();
        sorted.sort_unstable();
        sorted.iter().enumerate().all(|(i, &d)| d == start + i)
    };
    Canonical {
        m,
        k,
        n,
        wide,
        lhs_transposed: !lf.is_empty() && span(lc, nb),
        rhs_transposed: !rf.is_empty() && span(rc, rs.len() - rc.len()),
    }
}
