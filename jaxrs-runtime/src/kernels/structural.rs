//! Structural primitives as strided copies ([`super::layout`]): each builds the box(es)
//! its output reads and runs one typed copy, so no kernel allocates an index map.
//!
//! JAX counterpart: the XLA HLO these primitives lower to (`broadcast`, `transpose`,
//! `slice`, `dynamic-slice`, `pad`, `concatenate`, `reverse`, `iota`, `sort`).

use std::cmp::Ordering;

use half::{bf16, f16};
use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::{Buffer, BufferElement};
use jaxrs_core::dtype::{DType, Scalar};
use jaxrs_core::with_buffer;

use super::layout::{self, row_major, Plan};
use crate::pool;

/// A new buffer of `out`'s aval filled by the box `plan` from `x` (a pooled buffer: the box
/// covers the whole output, so it is written once, with no fill before).
#[track_caller]
pub fn gather(x: &Buffer, out: &Aval, plan: &Plan) -> Buffer {
    let mut o = pool::take(out.dtype, &out.shape);
    with_buffer!(&mut o, d => layout::gather_into(same(d, x), d, plan));
    o
}

/// Copies the box `plan` of `src` into `dst` (one dtype).
fn copy_box(src: &Buffer, dst: &mut Buffer, plan: &Plan) {
    with_buffer!(dst, d => layout::copy(same(d, src), d, plan))
}

/// `b`'s elements as the element type of `witness`.
fn same<'a, T: BufferElement>(_witness: &[T], b: &'a Buffer) -> &'a [T] {
    T::slice(b).expect("operands of a structural primitive share a dtype")
}

/// `broadcast_in_dim`: result axis `broadcast_dimensions[i]` is operand axis `i` (or a
/// broadcast of its one element); other result axes repeat.
pub fn broadcast_in_dim(x: &Concrete, dims: &[usize], out: &Aval) -> Buffer {
    let st = row_major(x.shape());
    let mut strides = vec![0isize; out.shape.len()];
    for (i, &d) in dims.iter().enumerate() {
        if x.shape()[i] == out.shape[d] {
            strides[d] = st[i];
        }
    }
    gather(x.data(), out, &Plan::gather(&out.shape, 0, strides))
}

/// `transpose`: result axis `i` is operand axis `permutation[i]`.
pub fn transpose(x: &Concrete, permutation: &[usize], out: &Aval) -> Buffer {
    let st = row_major(x.shape());
    let strides = permutation.iter().map(|&p| st[p]).collect();
    gather(x.data(), out, &Plan::gather(&out.shape, 0, strides))
}

/// `rev`: the listed axes read backwards.
pub fn rev(x: &Concrete, dimensions: &[usize], out: &Aval) -> Buffer {
    let mut st = row_major(x.shape());
    let mut offset = 0isize;
    for &d in dimensions {
        offset += (x.shape()[d] as isize - 1).max(0) * st[d];
        st[d] = -st[d];
    }
    gather(x.data(), out, &Plan::gather(&out.shape, offset, st))
}

/// Elements `start + k · step` per axis for `k` over `shape` (`slice`, `dynamic_slice`,
/// pieces of `split` and `unstack`, whose result drops the unit axis of `shape`).
pub fn strided(
    x: &Concrete,
    start: &[usize],
    step: &[usize],
    shape: &[usize],
    out: &Aval,
) -> Buffer {
    let st = row_major(x.shape());
    let offset = start.iter().zip(&st).map(|(&s, &t)| s as isize * t).sum();
    let strides: Vec<isize> = st.iter().zip(step).map(|(&t, &k)| t * k as isize).collect();
    gather(x.data(), out, &Plan::gather(shape, offset, strides))
}

/// `tile`: result axis `d` is `reps[d]` copies of operand axis `d`, as a broadcast over
/// interleaved `(rep, extent)` axes.
pub fn tile(x: &Concrete, out: &Aval) -> Buffer {
    let st = row_major(x.shape());
    let mut shape = Vec::with_capacity(2 * st.len());
    let mut strides = Vec::with_capacity(2 * st.len());
    for (d, &n) in x.shape().iter().enumerate() {
        shape.extend([out.shape[d] / n.max(1), n]);
        strides.extend([0, st[d]]);
    }
    gather(x.data(), out, &Plan::gather(&shape, 0, strides))
}

/// `concatenate`: each operand copied into its range along `dimension`.
pub fn concatenate(inputs: &[&Concrete], dimension: usize, out: &Aval) -> Buffer {
    let mut o = pool::zeros(out.dtype, &out.shape);
    let ost = row_major(&out.shape);
    let mut at = 0usize;
    for c in inputs {
        let plan = Plan {
            shape: c.shape().to_vec(),
            src_offset: 0,
            src_strides: row_major(c.shape()),
            dst_offset: at as isize * ost[dimension],
            dst_strides: ost.clone(),
        }
        .simplified();
        copy_box(c.data(), &mut o, &plan);
        at += c.shape()[dimension];
    }
    o
}

/// `stack`: operand `k` becomes index `k` of the new result axis `axis`.
pub fn stack(inputs: &[&Concrete], axis: usize, out: &Aval) -> Buffer {
    let mut o = pool::zeros(out.dtype, &out.shape);
    let ost = row_major(&out.shape);
    let mut dst = ost.clone();
    dst.remove(axis);
    for (k, c) in inputs.iter().enumerate() {
        let plan = Plan {
            shape: c.shape().to_vec(),
            src_offset: 0,
            src_strides: row_major(c.shape()),
            dst_offset: k as isize * ost[axis],
            dst_strides: dst.clone(),
        }
        .simplified();
        copy_box(c.data(), &mut o, &plan);
    }
    o
}

/// `pad`: the padding value everywhere, then the operand's surviving elements (negative
/// padding crops) at `low + j · (interior + 1)` per axis.
pub fn pad(x: &Concrete, value: &Concrete, config: &[(i64, i64, i64)], out: &Aval) -> Buffer {
    let v = value.data();
    let mut o = with_buffer!(v, s => BufferElement::into_buffer(
        pool::alloc_vec(out.size(), s[0], out.dtype, &out.shape)));
    let ist = row_major(x.shape());
    let ost = row_major(&out.shape);
    let mut plan = Plan {
        shape: Vec::new(),
        src_offset: 0,
        src_strides: Vec::new(),
        dst_offset: 0,
        dst_strides: Vec::new(),
    };
    for (d, &(lo, _, interior)) in config.iter().enumerate() {
        let step = interior + 1;
        let (n, m) = (x.shape()[d] as i64, out.shape[d] as i64);
        // First operand index at or after output 0, and one past the last before `m`.
        let first = if lo >= 0 { 0 } else { (-lo + step - 1) / step };
        let end = if m - lo <= 0 {
            0
        } else {
            n.min((m - lo + step - 1) / step)
        };
        if end <= first {
            return o;
        }
        plan.shape.push((end - first) as usize);
        plan.src_offset += first as isize * ist[d];
        plan.src_strides.push(ist[d]);
        plan.dst_offset += (lo + first * step) as isize * ost[d];
        plan.dst_strides.push(step as isize * ost[d]);
    }
    copy_box(x.data(), &mut o, &plan.simplified());
    o
}

/// Start indices of a dynamic slice, clamped so the slice fits (XLA's semantics).
pub fn clamped_starts(shape: &[usize], sizes: &[usize], starts: &[&Concrete]) -> Vec<usize> {
    starts
        .iter()
        .enumerate()
        .map(|(d, s)| {
            let v = s.data().get(0).as_i128();
            v.clamp(0, (shape[d] - sizes[d]) as i128) as usize
        })
        .collect()
}

/// `dynamic_update_slice`: a copy of the operand with the update written at the clamped
/// start.
pub fn dynamic_update_slice(inputs: &[&Concrete], out: &Aval) -> Buffer {
    let (x, update) = (inputs[0], inputs[1]);
    let starts = clamped_starts(x.shape(), update.shape(), &inputs[2..]);
    let mut o = gather(
        x.data(),
        out,
        &Plan::gather(&out.shape, 0, row_major(&out.shape)),
    );
    let ost = row_major(&out.shape);
    let plan = Plan {
        shape: update.shape().to_vec(),
        src_offset: 0,
        src_strides: row_major(update.shape()),
        dst_offset: starts.iter().zip(&ost).map(|(&s, &t)| s as isize * t).sum(),
        dst_strides: ost,
    }
    .simplified();
    copy_box(update.data(), &mut o, &plan);
    o
}

/// `iota`: each element is its index along `dimension`, as a broadcast of one counting
/// row.
pub fn iota(dtype: DType, dimension: usize, out: &Aval) -> Buffer {
    let extent = out.shape[dimension];
    let row = Buffer::from_scalars(dtype, (0..extent).map(|i| Scalar::Int(i as i128)));
    let mut strides = vec![0isize; out.shape.len()];
    strides[dimension] = 1;
    gather(&row, out, &Plan::gather(&out.shape, 0, strides))
}

/// The total order `sort` uses for keys: XLA's comparator (NaN after everything, `-0 ==
/// 0`, so a stable sort keeps their order).
trait SortKey: Copy {
    fn key_cmp(a: Self, b: Self) -> Ordering;
}

macro_rules! ord_key {
    ($($t:ty),*) => {$(
        impl SortKey for $t {
            #[inline(always)]
            fn key_cmp(a: Self, b: Self) -> Ordering {
                a.cmp(&b)
            }
        }
    )*};
}
ord_key!(bool, i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_key {
    ($($t:ty),*) => {$(
        impl SortKey for $t {
            #[inline(always)]
            fn key_cmp(a: Self, b: Self) -> Ordering {
                match (a.is_nan(), b.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    (false, false) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
                }
            }
        }
    )*};
}
float_key!(f16, bf16, f32, f64);

/// Within one lane, the order of positions `0..n` that sorts `keys` (stable).
fn lane_order<T: SortKey>(keys: &[T], base: usize, stride: usize, order: &mut [usize]) {
    for (j, o) in order.iter_mut().enumerate() {
        *o = j;
    }
    order.sort_by(|&a, &b| T::key_cmp(keys[base + a * stride], keys[base + b * stride]));
}

/// `sort` with one key operand (the first), carrying the others along; `None` for more
/// keys (the reference handles lexicographic sorts).
pub fn sort(inputs: &[&Concrete], dimension: usize, num_keys: usize) -> Option<Vec<Buffer>> {
    if num_keys != 1 {
        return None;
    }
    let shape = inputs[0].shape();
    let st = jaxrs_core::shape::strides(shape);
    let n = shape[dimension];
    let stride = st[dimension];
    let total: usize = shape.iter().product();
    let lanes = total.checked_div(n).unwrap_or(0);
    let key = inputs[0].data();
    // The outputs start as copies (fallible: an impossible array panics, never aborts)
    // and each lane is rewritten in its sorted order, which is computed one lane at a
    // time: an index map of the whole array would cost 8 bytes per element.
    let mut outs: Vec<Buffer> = inputs
        .iter()
        .map(|c| {
            with_buffer!(c.data(), v => BufferElement::into_buffer(
            crate::pool::copy_vec(v, c.aval().dtype, shape)))
        })
        .collect();
    let mut order = vec![0usize; n];
    for lane in 0..lanes {
        let (outer, inner) = (lane / stride, lane % stride);
        let base = outer * n * stride + inner;
        macro_rules! by {
            ($($d:ident),*) => {
                match key {
                    $(Buffer::$d(k) => lane_order(k, base, stride, &mut order),)*
                }
            };
        }
        by!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, BF16, F32, F64);
        for (c, o) in inputs.iter().zip(outs.iter_mut()) {
            with_buffer!(c.data(), s => {
                let o = BufferElement::vec_mut(o).expect("an output has its input's dtype");
                for (j, &src) in order.iter().enumerate() {
                    o[base + j * stride] = s[base + src * stride];
                }
            });
        }
    }
    let out = outs;
    Some(out)
}
