//! Reference evaluation of reductions and scans.
//!
//! Accumulation runs in the operand's dtype, rounding after every step. `float32`/`float64`
//! sums and products run in XLA:CPU's association order ([`crate::xla_reduce`]); every other
//! reduction folds in row-major order of the reduced elements (its order shows in no bits,
//! except `float16`/`bfloat16` sums and products, which XLA:CPU may associate differently).

use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::dtype::{DType, Kind, Scalar};
use crate::primitive::Primitive;
use crate::scalar;
use crate::xla_reduce;
use crate::ynn_extreme;

pub(super) fn reduce(primitive: &Primitive, operand: &Concrete, out: &Aval) -> Buffer {
    use Primitive::*;
    let dtype = operand.aval().dtype;
    match primitive {
        ReduceSum { axes } | ReduceProd { axes } if matches!(dtype, DType::F32 | DType::F64) => {
            xla_order(primitive, operand, axes, out)
        }
        ReduceMax { axes } | ReduceMin { axes }
            if ynn_extreme::uses_ynn_extreme(dtype, operand.data().len()) =>
        {
            ynn_order(primitive, operand, axes)
        }
        ReduceSum { axes } => fold(operand, axes, out, identity(primitive, dtype), &Add),
        ReduceProd { axes } => fold(operand, axes, out, identity(primitive, dtype), &Mul),
        ReduceMax { axes } => fold(operand, axes, out, identity(primitive, dtype), &Max),
        ReduceMin { axes } => fold(operand, axes, out, identity(primitive, dtype), &Min),
        ReduceAnd { axes } => fold(operand, axes, out, identity(primitive, dtype), &And),
        ReduceOr { axes } => fold(operand, axes, out, identity(primitive, dtype), &Or),
        Argmax { axes, .. } => arg_fold(operand, axes[0], out, true),
        Argmin { axes, .. } => arg_fold(operand, axes[0], out, false),
        Cumsum { axis, reverse } => scan(operand, *axis, *reverse, &Add),
        Cumprod { axis, reverse } => scan(operand, *axis, *reverse, &Mul),
        Cummax { axis, reverse } => scan(operand, *axis, *reverse, &Max),
        Cummin { axis, reverse } => scan(operand, *axis, *reverse, &Min),
        _ => unreachable!("{} is not a reduction", primitive.name()),
    }
}

/// The value a reduction of no elements gives (XLA's init values).
fn identity(primitive: &Primitive, dtype: DType) -> Scalar {
    use Primitive::*;
    let kind = dtype.kind();
    let extreme = |max: bool| -> Scalar {
        match kind {
            Kind::Bool => Scalar::Bool(!max),
            Kind::Float => Scalar::Float(if max {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }),
            Kind::Int | Kind::UInt => {
                let bits = dtype.itemsize() as u32 * 8;
                let (lo, hi) = if kind == Kind::Int {
                    (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
                } else {
                    (0, (1i128 << bits) - 1)
                };
                Scalar::Int(if max { lo } else { hi })
            }
        }
    };
    let value = match primitive {
        ReduceSum { .. } => Scalar::Int(0),
        ReduceProd { .. } => Scalar::Int(1),
        ReduceMax { .. } => return extreme(true),
        ReduceMin { .. } => return extreme(false),
        ReduceAnd { .. } => return all_ones(dtype),
        ReduceOr { .. } => Scalar::Int(0),
        _ => unreachable!("{} has no identity", primitive.name()),
    };
    scalar::round_to(dtype, value)
}

/// `true`, or an integer with every bit set.
fn all_ones(dtype: DType) -> Scalar {
    match dtype {
        DType::Bool => Scalar::Bool(true),
        d => scalar::round_to(d, Scalar::Int(-1)),
    }
}

/// For each operand element (row-major), the flat index of its result element once
/// `axes` are dropped.
fn result_index_map(shape: &[usize], axes: &[usize]) -> Vec<usize> {
    let kept: Vec<usize> = (0..shape.len()).filter(|a| !axes.contains(a)).collect();
    let kept_shape: Vec<usize> = kept.iter().map(|&a| shape[a]).collect();
    let kept_strides = crate::shape::strides(&kept_shape);
    let mut stride_of_axis = vec![0usize; shape.len()];
    for (k, &a) in kept.iter().enumerate() {
        stride_of_axis[a] = kept_strides[k];
    }
    let n: usize = shape.iter().product();
    let mut idx = vec![0usize; shape.len()];
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(idx.iter().zip(&stride_of_axis).map(|(i, s)| i * s).sum());
        for ax in (0..shape.len()).rev() {
            idx[ax] += 1;
            if idx[ax] < shape[ax] {
                break;
            }
            idx[ax] = 0;
        }
    }
    out
}

fn fold(operand: &Concrete, axes: &[usize], out: &Aval, init: Scalar, op: &Primitive) -> Buffer {
    let dtype = operand.aval().dtype;
    let mut acc = vec![init; out.size()];
    let values = operand.data().to_scalars();
    for (v, r) in values
        .into_iter()
        .zip(result_index_map(operand.shape(), axes))
    {
        acc[r] = scalar::binary(op, acc[r], v, dtype, dtype);
    }
    Buffer::from_scalars(out.dtype, acc)
}

/// A float sum or product in XLA:CPU's order (YNNPACK's for large sums).
fn xla_order(primitive: &Primitive, operand: &Concrete, axes: &[usize], out: &Aval) -> Buffer {
    let dtype = operand.aval().dtype;
    let values = operand.data().to_scalars();
    let sum = matches!(primitive, Primitive::ReduceSum { .. });
    let arith = ScalarArith(dtype);
    let acc = if xla_reduce::uses_ynn(sum, dtype, values.len()) {
        xla_reduce::ynn_sum(&arith, &values, operand.shape(), axes, &|tiles, w, p, f| {
            for (i, piece) in p.chunks_mut(w).enumerate().take(tiles) {
                f(i, piece);
            }
        })
    } else {
        let op = if sum { Primitive::Add } else { Primitive::Mul };
        let f = |a: Scalar, b: Scalar| scalar::binary(&op, a, b, dtype, dtype);
        xla_reduce::tree(
            &values,
            operand.shape(),
            axes,
            identity(primitive, dtype),
            &f,
            xla_reduce::loop_lanes(dtype.itemsize()),
        )
    };
    Buffer::from_scalars(out.dtype, acc)
}

/// A float max or min as YNNPACK computes it ([`crate::ynn_extreme`]).
fn ynn_order(primitive: &Primitive, operand: &Concrete, axes: &[usize]) -> Buffer {
    let max = matches!(primitive, Primitive::ReduceMax { .. });
    let (data, shape) = (operand.data(), operand.shape());
    match operand.aval().dtype {
        DType::F32 => Buffer::F32(ynn_extreme::ynn_extreme(
            data.as_slice::<f32>(),
            shape,
            axes,
            max,
        )),
        DType::F64 => Buffer::F64(ynn_extreme::ynn_extreme(
            data.as_slice::<f64>(),
            shape,
            axes,
            max,
        )),
        DType::BF16 => {
            let bits: Vec<u16> = data
                .as_slice::<half::bf16>()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            let init = if max {
                half::bf16::NEG_INFINITY
            } else {
                half::bf16::INFINITY
            };
            let r = ynn_extreme::ynn_extreme_half(&bits, shape, axes, init.to_bits(), max);
            Buffer::BF16(r.into_iter().map(half::bf16::from_bits).collect::<Vec<_>>())
        }
        DType::F16 => {
            let bits: Vec<u16> = data
                .as_slice::<half::f16>()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            let init = if max {
                half::f16::NEG_INFINITY
            } else {
                half::f16::INFINITY
            };
            let r = ynn_extreme::ynn_extreme_half(&bits, shape, axes, init.to_bits(), max);
            Buffer::F16(r.into_iter().map(half::f16::from_bits).collect::<Vec<_>>())
        }
        d => unreachable!("YNNPACK max/min of {d}"),
    }
}

/// The reference's rounded arithmetic of one float dtype, for [`xla_reduce`].
struct ScalarArith(DType);

impl xla_reduce::Arith for ScalarArith {
    type T = Scalar;
    fn zero(&self) -> Scalar {
        scalar::round_to(self.0, Scalar::Int(0))
    }
    fn add(&self, a: Scalar, b: Scalar) -> Scalar {
        scalar::binary(&Primitive::Add, a, b, self.0, self.0)
    }
    fn sub(&self, a: Scalar, b: Scalar) -> Scalar {
        scalar::binary(&Primitive::Sub, a, b, self.0, self.0)
    }
    fn is_finite(&self, a: Scalar) -> bool {
        matches!(a, Scalar::Float(v) if v.is_finite())
    }
    fn lanes(&self) -> usize {
        64 / self.0.itemsize()
    }
}

/// True when `a` should replace the running best `b` (NaN counts as the extreme, and the
/// first of equal values wins, as XLA's argmax comparator does).
fn better(a: Scalar, b: Scalar, max: bool) -> bool {
    match (a, b) {
        (Scalar::Float(a), Scalar::Float(b)) => {
            if b.is_nan() {
                false
            } else if a.is_nan() {
                true
            } else if max {
                a > b
            } else {
                a < b
            }
        }
        _ => {
            let (a, b) = (a.as_i128(), b.as_i128());
            if max {
                a > b
            } else {
                a < b
            }
        }
    }
}

fn arg_fold(operand: &Concrete, axis: usize, out: &Aval, max: bool) -> Buffer {
    let shape = operand.shape();
    let values = operand.data().to_scalars();
    let stride = crate::shape::strides(shape)[axis];
    let n = shape[axis];
    let outer: usize = shape[..axis].iter().product();
    let mut result = Vec::with_capacity(out.size());
    for o in 0..outer {
        for inner in 0..stride {
            let base = o * n * stride + inner;
            let mut best = 0usize;
            for k in 1..n {
                if better(values[base + k * stride], values[base + best * stride], max) {
                    best = k;
                }
            }
            result.push(Scalar::Int(best as i128));
        }
    }
    Buffer::from_scalars(out.dtype, result)
}

fn scan(operand: &Concrete, axis: usize, reverse: bool, op: &Primitive) -> Buffer {
    let dtype = operand.aval().dtype;
    let shape = operand.shape();
    let mut values = operand.data().to_scalars();
    let stride = crate::shape::strides(shape)[axis];
    let n = shape[axis];
    let outer: usize = shape[..axis].iter().product();
    for o in 0..outer {
        for inner in 0..stride {
            let at = |k: usize| o * n * stride + inner + k * stride;
            let order: Vec<usize> = if reverse {
                (0..n).rev().map(at).collect()
            } else {
                (0..n).map(at).collect()
            };
            let lane: Vec<Scalar> = order.iter().map(|&i| values[i]).collect();
            let combine = |a: Scalar, b: Scalar| scalar::binary(op, a, b, dtype, dtype);
            for (&i, v) in order.iter().zip(xla_prefix_scan(&lane, &combine)) {
                values[i] = v;
            }
        }
    }
    Buffer::from_scalars(dtype, values)
}

/// The block length of XLA's `ReduceWindowRewriter` on the CPU.
const SCAN_BLOCK: usize = 16;

/// The inclusive prefix "sums" of `lane` in the order XLA:CPU computes a cumulative
/// reduction (`cumsum`, `cumprod`, ...): JAX lowers it to a reduce-window, which XLA
/// rewrites into blocks of 16 scanned left to right, a scan of the block totals (the same
/// rewrite, recursively), and each block's elements combined with the total of the blocks
/// before it. This is the one place the reference fixes a scan's order; it matches JAX's
/// bits (tests/numerics_xla.rs, `cumsum` of 40 and more elements).
fn xla_prefix_scan(lane: &[Scalar], combine: &dyn Fn(Scalar, Scalar) -> Scalar) -> Vec<Scalar> {
    let mut within: Vec<Scalar> = Vec::with_capacity(lane.len());
    for (j, &v) in lane.iter().enumerate() {
        let acc = if j % SCAN_BLOCK == 0 {
            v
        } else {
            combine(within[j - 1], v)
        };
        within.push(acc);
    }
    if lane.len() <= SCAN_BLOCK {
        return within;
    }
    let totals: Vec<Scalar> = within
        .chunks(SCAN_BLOCK)
        .map(|block| *block.last().expect("blocks are not empty"))
        .collect();
    let before = xla_prefix_scan(&totals, combine);
    within
        .iter()
        .enumerate()
        .map(|(j, &v)| match j / SCAN_BLOCK {
            0 => v,
            b => combine(v, before[b - 1]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_map_drops_axes() {
        assert_eq!(result_index_map(&[2, 3], &[0]), vec![0, 1, 2, 0, 1, 2]);
        assert_eq!(result_index_map(&[2, 3], &[1]), vec![0, 0, 0, 1, 1, 1]);
        assert_eq!(result_index_map(&[2, 3], &[0, 1]), vec![0; 6]);
    }
}
