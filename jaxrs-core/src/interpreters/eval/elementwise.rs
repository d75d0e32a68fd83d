//! Reference evaluation of the elementwise primitives, through [`crate::scalar`].

use super::broadcast_index_map;
use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::dtype::{DType, Scalar};
use crate::jaxpr::contract::{Fma, Product};
use crate::primitive::Primitive;
use crate::scalar;

pub(super) fn unary(primitive: &Primitive, x: &Concrete, out: &Aval) -> Buffer {
    let dtype = x.aval().dtype;
    let values = x
        .data()
        .to_scalars()
        .into_iter()
        .map(|v| scalar::unary(primitive, v, dtype, out.dtype));
    Buffer::from_scalars(out.dtype, values)
}

pub(super) fn binary(primitive: &Primitive, x: &Concrete, y: &Concrete, out: &Aval) -> Buffer {
    let dtype = x.aval().dtype;
    let (xs, mut ys) = (x.data().to_scalars(), y.data().to_scalars());
    let primitive = if scalar::divides_by_broadcast(primitive, dtype, y.shape(), &out.shape) {
        // XLA's algebraic simplifier rewrites `x / broadcast(c)` into
        // `x * broadcast(1 / c)`, which rounds twice.
        for v in ys.iter_mut() {
            *v = scalar::broadcast_reciprocal(dtype, *v);
        }
        &Primitive::Mul
    } else {
        primitive
    };
    let xi = broadcast_index_map(x.shape(), &out.shape);
    let yi = broadcast_index_map(y.shape(), &out.shape);
    let values = xi
        .into_iter()
        .zip(yi)
        .map(|(i, j)| scalar::binary(primitive, xs[i], ys[j], dtype, out.dtype));
    Buffer::from_scalars(out.dtype, values)
}

/// An `add`/`sub` that XLA fuses with its product operand ([`Fma`]): `product` holds the
/// product's operands (`x, y` of a `mul`, `x, c` of a rewritten division, `x` of an
/// `integer_pow`), broadcast like the equation's.
pub(crate) fn fused_multiply_add(
    fma: &Fma,
    product: &[Concrete],
    addend: &Concrete,
    out: &Aval,
) -> Buffer {
    let dtype = out.dtype;
    let maps: Vec<Vec<usize>> = product
        .iter()
        .chain([addend])
        .map(|c| broadcast_index_map(c.shape(), &out.shape))
        .collect();
    let values: Vec<Vec<Scalar>> = product
        .iter()
        .chain([addend])
        .map(|c| c.data().to_scalars())
        .collect();
    let read = |operand: usize, k: usize| values[operand][maps[operand][k]];
    let negate = |s: Scalar, yes: bool| if yes { Scalar::Float(-s.as_f64()) } else { s };
    let last = product.len();
    let results = (0..out.size()).map(|k| {
        let (p, q) = match &fma.product {
            Product::Mul(..) => (read(0, k), read(1, k)),
            Product::Reciprocal(..) => {
                (read(0, k), scalar::broadcast_reciprocal(dtype, read(1, k)))
            }
            Product::IntegerPow(_, y) => scalar::integer_pow_factors(dtype, read(0, k), *y),
        };
        scalar::fused_multiply_add(
            dtype,
            negate(p, fma.negate_product),
            q,
            negate(read(last, k), fma.negate_addend),
        )
    });
    Buffer::from_scalars(dtype, results)
}

/// A `reduce_sum` over `axes` that XLA fuses with its product operand
/// ([`crate::jaxpr::contract::ReduceFma`]): each output folds `acc = round(p·q + acc)`
/// from zero over its elements in row-major order, the order of XLA's one loop nest
/// ([`crate::xla_reduce::tree`] when no axis is windowed), or starts from
/// `fma(p₀, q₀, round(p₁·q₁))` where LLVM unrolls a square's loop
/// ([`crate::jaxpr::contract::ReduceFma::first_pair`]); a negated product negates the
/// sum. `product` holds the product's operands as for [`fused_multiply_add`]; `operand` is
/// the product's aval.
pub(crate) fn fused_multiply_reduce(
    fma: &crate::jaxpr::contract::ReduceFma,
    product: &[Concrete],
    operand: &Aval,
    axes: &[usize],
    out: &Aval,
) -> Buffer {
    let dtype = out.dtype;
    let maps: Vec<Vec<usize>> = product
        .iter()
        .map(|c| broadcast_index_map(c.shape(), &operand.shape))
        .collect();
    let values: Vec<Vec<Scalar>> = product.iter().map(|c| c.data().to_scalars()).collect();
    let read = |i: usize, k: usize| values[i][maps[i][k]];
    let pairs: Vec<(Scalar, Scalar)> = (0..operand.size())
        .map(|k| match &fma.product {
            Product::Mul(..) => (read(0, k), read(1, k)),
            Product::Reciprocal(..) => {
                (read(0, k), scalar::broadcast_reciprocal(dtype, read(1, k)))
            }
            Product::IntegerPow(_, y) => scalar::integer_pow_factors(dtype, read(0, k), *y),
        })
        .collect();
    let zero = scalar::round_to(dtype, Scalar::Int(0));
    let split = split_box(fma, &operand.shape, axes, dtype);
    let sums = if fma.first_pair {
        unrolled_square_sums(&pairs, &operand.shape, axes, dtype)
    } else if let Some((v, ext, rounded)) = split {
        split_box_sums(&pairs, &ext, v, rounded, dtype)
    } else {
        // One lane: a multiply-add does not join two partial sums (and no fused reduction
        // of the golden data differs between processors).
        let fma = |acc: (Scalar, Scalar), e: (Scalar, Scalar)| {
            (scalar::fused_multiply_add(dtype, e.0, e.1, acc.0), zero)
        };
        crate::xla_reduce::tree(
            &pairs,
            &operand.shape,
            axes,
            (zero, zero),
            &fma,
            crate::xla_reduce::Lanes::ONE,
        )
        .into_iter()
        .map(|(a, _)| a)
        .collect()
    };
    let negate = |s: Scalar| {
        if fma.negate_product {
            Scalar::Float(-s.as_f64())
        } else {
            s
        }
    };
    Buffer::from_scalars(dtype, sums.into_iter().map(negate))
}

/// How the loop of a fused reduction over `axes` of `shape` is split over vector lanes on
/// this processor ([`crate::xla_reduce::Lanes::split`]): the lanes, the extents of each
/// result's box, and whether the lanes round each product (LLVM's interleaved loads of
/// five or more elements a row put a shuffle between the loaded operands' multiply and the
/// add, so only the scalar epilogue fuses them); `None` where it stays one loop. Only a
/// box of trailing axes (each result's elements contiguous) is split.
fn split_box(
    fma: &crate::jaxpr::contract::ReduceFma,
    shape: &[usize],
    axes: &[usize],
    dtype: DType,
) -> Option<(usize, Vec<usize>, bool)> {
    let body = fma.body.as_ref()?.cost();
    if shape.contains(&0) {
        return None;
    }
    let live: Vec<usize> = (0..shape.len()).filter(|&d| shape[d] > 1).collect();
    let trailing = live.iter().rev().take_while(|d| axes.contains(d)).count();
    let reduced = live.iter().filter(|d| axes.contains(d)).count();
    if trailing != reduced || trailing < 2 {
        return None;
    }
    let ext: Vec<usize> = live[live.len() - trailing..]
        .iter()
        .map(|&d| shape[d])
        .collect();
    let (n, m) = crate::xla_reduce::box_loops(&ext)?;
    let v = crate::xla_reduce::loop_lanes(dtype.itemsize()).split(n, m, body, false)?;
    let rounded = body == crate::xla_reduce::Body::LoadedProduct && m >= 5;
    Some((v, ext, rounded))
}

/// The sums of [`fused_multiply_reduce`] over boxes of extents `ext` (each result's
/// products contiguous in `pairs`) split over `v` lanes ([`crate::xla_reduce::split_fold`]):
/// multiply-adds from zero in each lane (or, `rounded`, adds of rounded products) joined
/// by adds, and multiply-adds in the scalar epilogue.
fn split_box_sums(
    pairs: &[(Scalar, Scalar)],
    ext: &[usize],
    v: usize,
    rounded: bool,
    dtype: DType,
) -> Vec<Scalar> {
    let size: usize = ext.iter().product();
    let strides = crate::shape::strides(ext);
    let zero = scalar::round_to(dtype, Scalar::Int(0));
    let mul = |(p, q): (Scalar, Scalar)| scalar::binary(&Primitive::Mul, p, q, dtype, dtype);
    let add = |a: Scalar, b: Scalar| scalar::binary(&Primitive::Add, a, b, dtype, dtype);
    let fused =
        |acc: Scalar, (p, q): (Scalar, Scalar)| scalar::fused_multiply_add(dtype, p, q, acc);
    let step = |acc: Scalar, e: (Scalar, Scalar)| {
        if rounded {
            add(acc, mul(e))
        } else {
            fused(acc, e)
        }
    };
    pairs
        .chunks_exact(size.max(1))
        .map(|row| {
            let at =
                |idx: &[usize]| row[idx.iter().zip(&strides).map(|(i, s)| i * s).sum::<usize>()];
            crate::xla_reduce::split_fold(ext, v, zero, &mul, &step, &add, &fused, &at)
        })
        .collect()
}

/// The sums of [`fused_multiply_reduce`] over the one reduced axis of extent above 1 among
/// `axes` (the others have extent 1), each output's products `p₀·q₀, p₁·q₁, …` in order
/// along it: `fma(p₀, q₀, round(p₁·q₁))`, then a multiply-add per further product.
fn unrolled_square_sums(
    pairs: &[(Scalar, Scalar)],
    shape: &[usize],
    axes: &[usize],
    dtype: DType,
) -> Vec<Scalar> {
    let axis = axes
        .iter()
        .copied()
        .find(|&a| shape[a] > 1)
        .expect("one reduced axis longer than 1");
    let n = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    let outer: usize = shape[..axis].iter().product();
    let mul = |(p, q): (Scalar, Scalar)| scalar::binary(&Primitive::Mul, p, q, dtype, dtype);
    let mut out = Vec::with_capacity(outer * inner);
    for o in 0..outer {
        for i in 0..inner {
            let at = |j: usize| pairs[(o * n + j) * inner + i];
            let first = scalar::fused_multiply_add(dtype, at(0).0, at(0).1, mul(at(1)));
            out.push((2..n).fold(first, |acc, j| {
                let (p, q) = at(j);
                scalar::fused_multiply_add(dtype, p, q, acc)
            }));
        }
    }
    out
}

pub(super) fn select_n(inputs: &[&Concrete], out: &Aval) -> Buffer {
    let which = inputs[0];
    let wi = broadcast_index_map(which.shape(), &out.shape);
    let cases: Vec<Vec<crate::dtype::Scalar>> =
        inputs[1..].iter().map(|c| c.data().to_scalars()).collect();
    let values = wi.into_iter().enumerate().map(|(k, w)| {
        let choice = which.data().get(w).as_i128() as usize;
        cases[choice][k]
    });
    Buffer::from_scalars(out.dtype, values)
}

pub(super) fn clamp(inputs: &[&Concrete], out: &Aval) -> Buffer {
    let (lo, x, hi) = (inputs[0], inputs[1], inputs[2]);
    let dtype = x.aval().dtype;
    let li = broadcast_index_map(lo.shape(), &out.shape);
    let hi_i = broadcast_index_map(hi.shape(), &out.shape);
    let (ls, xs, hs) = (
        lo.data().to_scalars(),
        x.data().to_scalars(),
        hi.data().to_scalars(),
    );
    let values = (0..xs.len()).map(|k| {
        let v = scalar::binary(&Primitive::Max, ls[li[k]], xs[k], dtype, dtype);
        scalar::binary(&Primitive::Min, hs[hi_i[k]], v, dtype, dtype)
    });
    Buffer::from_scalars(out.dtype, values)
}

/// Reinterprets the bits of each element as `new_dtype` (same width).
pub(super) fn bitcast(x: &Concrete, new_dtype: DType) -> Buffer {
    let dtype = x.aval().dtype;
    let bits: Vec<u64> = x
        .data()
        .to_scalars()
        .into_iter()
        .map(|s| to_bits(s, dtype))
        .collect();
    Buffer::from_scalars(new_dtype, bits.into_iter().map(|b| from_bits(b, new_dtype)))
}

fn to_bits(s: crate::dtype::Scalar, dtype: DType) -> u64 {
    use crate::dtype::Element;
    match dtype {
        DType::F16 => half::f16::from_scalar(s).to_bits() as u64,
        DType::BF16 => half::bf16::from_scalar(s).to_bits() as u64,
        DType::F32 => f32::from_scalar(s).to_bits() as u64,
        DType::F64 => f64::from_scalar(s).to_bits(),
        DType::Bool => s.as_bool() as u64,
        _ => s.as_i128() as u64 & width_mask(dtype),
    }
}

fn width_mask(dtype: DType) -> u64 {
    if dtype.itemsize() == 8 {
        u64::MAX
    } else {
        (1u64 << (dtype.itemsize() * 8)) - 1
    }
}

fn from_bits(bits: u64, dtype: DType) -> crate::dtype::Scalar {
    use crate::dtype::Scalar;
    match dtype {
        DType::F16 => Scalar::Float(half::f16::from_bits(bits as u16).to_f64()),
        DType::BF16 => Scalar::Float(half::bf16::from_bits(bits as u16).to_f64()),
        DType::F32 => Scalar::Float(f32::from_bits(bits as u32) as f64),
        DType::F64 => Scalar::Float(f64::from_bits(bits)),
        DType::Bool => Scalar::Bool(bits != 0),
        DType::I8 => Scalar::Int(bits as u8 as i8 as i128),
        DType::I16 => Scalar::Int(bits as u16 as i16 as i128),
        DType::I32 => Scalar::Int(bits as u32 as i32 as i128),
        DType::I64 => Scalar::Int(bits as i64 as i128),
        _ => Scalar::Int(bits as i128),
    }
}
