//! Reference evaluation of the structural primitives.
//!
//! Most of them are index maps: each result element is one element of an input (or a pad
//! or fill value), so they are written as "which input, which flat index" per result
//! element and then gathered. Semantics are XLA's (`operation_semantics` of gather,
//! scatter, dynamic_slice, sort), which is what JAX lowers to.

use std::cmp::Ordering;

use super::broadcast_index_map;
use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::{Buffer, BufferElement};
use crate::dtype::Scalar;
use crate::primitive::{
    GatherDimensionNumbers, GatherScatterMode, Primitive, ScatterDimensionNumbers, ScatterKind,
};
use crate::scalar;
use crate::shape::strides;
use crate::with_buffer;

pub(super) fn structural(
    primitive: &Primitive,
    inputs: &[&Concrete],
    out_avals: &[Aval],
) -> Vec<Buffer> {
    use Primitive::*;
    let out = &out_avals[0];
    match primitive {
        BroadcastInDim {
            shape,
            broadcast_dimensions,
        } => {
            vec![broadcast_in_dim(inputs[0], shape, broadcast_dimensions)]
        }
        Reshape { .. } | Squeeze { .. } | Copy | StopGradient => vec![inputs[0].data().clone()],
        Transpose { permutation } => vec![transpose(inputs[0], permutation)],
        Rev { dimensions } => vec![rev(inputs[0], dimensions)],
        Concatenate { dimension } => vec![concatenate(inputs, *dimension, out)],
        Stack { axis } => vec![stack(inputs, *axis, out)],
        Pad { padding_config, .. } => vec![pad(inputs[0], inputs[1], padding_config, out)],
        Tile { .. } => vec![tile(inputs[0], out)],
        Unstack { axis } => {
            let shape = inputs[0].shape();
            let ones = vec![1; shape.len()];
            let mut piece = shape.to_vec();
            piece[*axis] = 1;
            let mut starts = vec![0; shape.len()];
            let mut pieces = Vec::with_capacity(shape[*axis]);
            for i in 0..shape[*axis] {
                starts[*axis] = i;
                pieces.push(strided(inputs[0], &starts, &ones, &piece));
            }
            pieces
        }
        Split { axis, sizes, .. } => {
            let ones = vec![1; inputs[0].shape().len()];
            let mut starts = vec![0; ones.len()];
            let mut pieces = Vec::with_capacity(sizes.len());
            for (piece, &size) in out_avals.iter().zip(sizes) {
                pieces.push(strided(inputs[0], &starts, &ones, &piece.shape));
                starts[*axis] += size;
            }
            pieces
        }
        Slice {
            start_indices,
            strides,
            ..
        } => {
            let ones = vec![1; start_indices.len()];
            let st = strides.as_deref().unwrap_or(&ones);
            vec![strided(inputs[0], start_indices, st, &out.shape)]
        }
        DynamicSlice { slice_sizes } => {
            let starts = clamped_starts(inputs[0].shape(), slice_sizes, &inputs[1..]);
            let ones = vec![1; starts.len()];
            vec![strided(inputs[0], &starts, &ones, slice_sizes)]
        }
        DynamicUpdateSlice => vec![dynamic_update_slice(inputs)],
        Gather {
            dimension_numbers,
            slice_sizes,
            mode,
            fill_value,
            ..
        } => vec![gather(
            inputs[0],
            inputs[1],
            dimension_numbers,
            slice_sizes,
            *mode,
            *fill_value,
            out,
        )],
        Scatter {
            kind,
            dimension_numbers,
            mode,
            ..
        } => vec![scatter(
            inputs[0],
            inputs[1],
            inputs[2],
            *kind,
            dimension_numbers,
            *mode,
        )],
        Iota {
            dtype,
            shape,
            dimension,
        } => vec![iota(*dtype, shape, *dimension)],
        Sort {
            dimension,
            num_keys,
            ..
        } => sort(inputs, *dimension, *num_keys),
        _ => unreachable!("{} is not structural", primitive.name()),
    }
}

/// Calls `f` with every multi-index of `shape`, in row-major order.
pub(crate) fn for_each_index(shape: &[usize], mut f: impl FnMut(&[usize])) {
    if shape.contains(&0) {
        return;
    }
    let mut idx = vec![0usize; shape.len()];
    loop {
        f(&idx);
        let mut ax = shape.len();
        loop {
            if ax == 0 {
                return;
            }
            ax -= 1;
            idx[ax] += 1;
            if idx[ax] < shape[ax] {
                break;
            }
            idx[ax] = 0;
        }
    }
}

fn flat(idx: &[usize], st: &[usize]) -> usize {
    idx.iter().zip(st).map(|(i, s)| i * s).sum()
}

fn same_type<'a, T: BufferElement>(_witness: &[T], b: &'a Buffer) -> &'a [T] {
    b.as_slice::<T>()
}

/// A buffer whose element `k` is `bufs[picks[k].0][picks[k].1]`; all of one dtype.
fn pick_from(bufs: &[&Buffer], picks: &[(usize, usize)]) -> Buffer {
    with_buffer!(bufs[0], first => {
        let typed: Vec<&[_]> = bufs.iter().map(|b| same_type(first.as_slice(), b)).collect();
        BufferElement::into_buffer(picks.iter().map(|&(b, i)| typed[b][i]).collect())
    })
}

/// Places operand axes at `dims` of `shape` (size-1 axes repeat), then broadcasts.
fn broadcast_in_dim(x: &Concrete, shape: &[usize], dims: &[usize]) -> Buffer {
    let mut expanded = vec![1usize; shape.len()];
    for (i, &d) in dims.iter().enumerate() {
        expanded[d] = x.shape()[i];
    }
    x.data().gather(broadcast_index_map(&expanded, shape))
}

fn transpose(x: &Concrete, perm: &[usize]) -> Buffer {
    let in_st = strides(x.shape());
    let out_shape: Vec<usize> = perm.iter().map(|&p| x.shape()[p]).collect();
    let perm_st: Vec<usize> = perm.iter().map(|&p| in_st[p]).collect();
    let mut map = Vec::with_capacity(x.data().len());
    for_each_index(&out_shape, |o| map.push(flat(o, &perm_st)));
    x.data().gather(map)
}

/// Result index `o` reads input index `o mod shape` per axis.
fn tile(x: &Concrete, out: &Aval) -> Buffer {
    let shape = x.shape();
    let st = strides(shape);
    let mut map = Vec::with_capacity(out.shape.iter().product());
    for_each_index(&out.shape, |o| {
        map.push(
            o.iter()
                .enumerate()
                .map(|(d, &v)| (v % shape[d]) * st[d])
                .sum(),
        );
    });
    x.data().gather(map)
}

fn rev(x: &Concrete, dims: &[usize]) -> Buffer {
    let shape = x.shape();
    let st = strides(shape);
    let mut map = Vec::with_capacity(x.data().len());
    for_each_index(shape, |o| {
        let i: usize = o
            .iter()
            .enumerate()
            .map(|(d, &v)| {
                let v = if dims.contains(&d) {
                    shape[d] - 1 - v
                } else {
                    v
                };
                v * st[d]
            })
            .sum();
        map.push(i);
    });
    x.data().gather(map)
}

/// Elements `start + k * step` per axis, for `k` over `out_shape`.
fn strided(x: &Concrete, start: &[usize], step: &[usize], out_shape: &[usize]) -> Buffer {
    let st = strides(x.shape());
    let mut map = Vec::new();
    for_each_index(out_shape, |o| {
        map.push(
            o.iter()
                .enumerate()
                .map(|(d, &v)| (start[d] + v * step[d]) * st[d])
                .sum(),
        );
    });
    x.data().gather(map)
}

fn concatenate(inputs: &[&Concrete], dim: usize, out: &Aval) -> Buffer {
    // Which input each position along `dim` comes from, and its position there.
    let mut along = Vec::new();
    for (k, c) in inputs.iter().enumerate() {
        along.extend((0..c.shape()[dim]).map(|j| (k, j)));
    }
    let in_strides: Vec<Vec<usize>> = inputs.iter().map(|c| strides(c.shape())).collect();
    let mut picks = Vec::with_capacity(out.size());
    for_each_index(&out.shape, |o| {
        let (k, j) = along[o[dim]];
        let st = &in_strides[k];
        let i: usize = o
            .iter()
            .enumerate()
            .map(|(d, &v)| if d == dim { j * st[d] } else { v * st[d] })
            .sum();
        picks.push((k, i));
    });
    let bufs: Vec<&Buffer> = inputs.iter().map(|c| c.data()).collect();
    pick_from(&bufs, &picks)
}

fn stack(inputs: &[&Concrete], axis: usize, out: &Aval) -> Buffer {
    let st = strides(inputs[0].shape());
    let mut picks = Vec::with_capacity(out.size());
    for_each_index(&out.shape, |o| {
        let mut rest = o.to_vec();
        let k = rest.remove(axis);
        picks.push((k, flat(&rest, &st)));
    });
    let bufs: Vec<&Buffer> = inputs.iter().map(|c| c.data()).collect();
    pick_from(&bufs, &picks)
}

fn pad(x: &Concrete, value: &Concrete, config: &[(i64, i64, i64)], out: &Aval) -> Buffer {
    let st = strides(x.shape());
    let mut picks = Vec::with_capacity(out.size());
    for_each_index(&out.shape, |o| {
        let mut i = 0usize;
        let mut inside = true;
        for (d, &v) in o.iter().enumerate() {
            let (lo, _, interior) = config[d];
            let p = v as i64 - lo;
            let step = interior + 1;
            if p < 0 || p % step != 0 || p / step >= x.shape()[d] as i64 {
                inside = false;
                break;
            }
            i += (p / step) as usize * st[d];
        }
        picks.push(if inside { (0, i) } else { (1, 0) });
    });
    pick_from(&[x.data(), value.data()], &picks)
}

/// Start indices of a dynamic slice, clamped so the slice fits (XLA's semantics).
fn clamped_starts(shape: &[usize], sizes: &[usize], starts: &[&Concrete]) -> Vec<usize> {
    starts
        .iter()
        .enumerate()
        .map(|(d, s)| {
            let v = s.data().get(0).as_i128();
            v.clamp(0, (shape[d] - sizes[d]) as i128) as usize
        })
        .collect()
}

fn dynamic_update_slice(inputs: &[&Concrete]) -> Buffer {
    let (x, update) = (inputs[0], inputs[1]);
    let starts = clamped_starts(x.shape(), update.shape(), &inputs[2..]);
    let st = strides(x.shape());
    let mut picks: Vec<(usize, usize)> = (0..x.data().len()).map(|i| (0, i)).collect();
    let mut u = 0;
    for_each_index(update.shape(), |o| {
        let i: usize = o
            .iter()
            .enumerate()
            .map(|(d, &v)| (starts[d] + v) * st[d])
            .sum();
        picks[i] = (1, u);
        u += 1;
    });
    pick_from(&[x.data(), update.data()], &picks)
}

#[allow(clippy::too_many_arguments)]
fn gather(
    x: &Concrete,
    indices: &Concrete,
    dn: &GatherDimensionNumbers,
    slice_sizes: &[usize],
    mode: GatherScatterMode,
    fill_value: Option<Scalar>,
    out: &Aval,
) -> Buffer {
    let shape = x.shape();
    let st = strides(shape);
    let idx_st = strides(indices.shape());
    let ivd = indices.shape().len() - 1;
    let ind: Vec<i128> = indices
        .data()
        .to_scalars()
        .into_iter()
        .map(Scalar::as_i128)
        .collect();
    let batch_dims: Vec<usize> = (0..out.ndim())
        .filter(|d| !dn.offset_dims.contains(d))
        .collect();
    let window_operand_dims: Vec<usize> = (0..shape.len())
        .filter(|d| !dn.collapsed_slice_dims.contains(d) && !dn.operand_batching_dims.contains(d))
        .collect();
    let mut picks = Vec::with_capacity(out.size());
    for_each_index(&out.shape, |o| {
        let g: Vec<usize> = batch_dims.iter().map(|&d| o[d]).collect();
        let mut start = vec![0i128; shape.len()];
        let mut in_bounds = true;
        for (k, &od) in dn.start_index_map.iter().enumerate() {
            let mut pos = g.clone();
            pos.push(k);
            let v = ind[flat(&pos, &idx_st)];
            let hi = (shape[od] - slice_sizes[od]) as i128;
            if v < 0 || v > hi {
                in_bounds = false;
            }
            start[od] = v.clamp(0, hi);
        }
        for (ob, &ib) in dn
            .operand_batching_dims
            .iter()
            .zip(&dn.start_indices_batching_dims)
        {
            // Indices axis `ib` (< index_vector_dim) is batch position `ib` of `g`.
            debug_assert!(ib < ivd);
            start[*ob] = g[ib] as i128;
        }
        if mode == GatherScatterMode::FillOrDrop && !in_bounds {
            picks.push((1, 0));
            return;
        }
        let mut full = start;
        for (w, &od) in dn.offset_dims.iter().enumerate() {
            full[window_operand_dims[w]] += o[od] as i128;
        }
        let i: usize = full.iter().zip(&st).map(|(&v, &s)| v as usize * s).sum();
        picks.push((0, i));
    });
    let fill = fill_value.unwrap_or_else(|| crate::lax::default_gather_fill(out.dtype));
    let fill = Buffer::from_scalars(out.dtype, [fill]);
    pick_from(&[x.data(), &fill], &picks)
}

fn set_scalar(buf: &mut Buffer, i: usize, v: Scalar) {
    with_buffer!(buf, b => b[i] = crate::dtype::Element::from_scalar(v))
}

fn scatter(
    x: &Concrete,
    indices: &Concrete,
    updates: &Concrete,
    kind: ScatterKind,
    dn: &ScatterDimensionNumbers,
    mode: GatherScatterMode,
) -> Buffer {
    let mut out = x.clone();
    scatter_into(&mut out, indices, updates, kind, dn, mode);
    std::mem::replace(out.data_mut(), Buffer::zeros(x.aval().dtype, 0))
}

/// XLA's scatter, writing into `x`'s buffer (also the in-place path of `into_at`).
pub(crate) fn scatter_into(
    x: &mut Concrete,
    indices: &Concrete,
    updates: &Concrete,
    kind: ScatterKind,
    dn: &ScatterDimensionNumbers,
    mode: GatherScatterMode,
) {
    let shape = x.shape().to_vec();
    let dtype = x.aval().dtype;
    let st = strides(&shape);
    let idx_st = strides(indices.shape());
    let ind: Vec<i128> = indices
        .data()
        .to_scalars()
        .into_iter()
        .map(Scalar::as_i128)
        .collect();
    let scatter_dims: Vec<usize> = (0..updates.shape().len())
        .filter(|d| !dn.update_window_dims.contains(d))
        .collect();
    let window_operand_dims: Vec<usize> = (0..shape.len())
        .filter(|d| !dn.inserted_window_dims.contains(d) && !dn.operand_batching_dims.contains(d))
        .collect();
    let mut window = vec![1usize; shape.len()];
    for (w, &ud) in dn.update_window_dims.iter().enumerate() {
        window[window_operand_dims[w]] = updates.shape()[ud];
    }
    let combine = match kind {
        ScatterKind::Set => None,
        ScatterKind::Add => Some(Primitive::Add),
        ScatterKind::Mul => Some(Primitive::Mul),
        ScatterKind::Min => Some(Primitive::Min),
        ScatterKind::Max => Some(Primitive::Max),
    };
    let data = x.data_mut();
    let mut u = 0usize;
    for_each_index(updates.shape(), |o| {
        let upd = updates.data().get(u);
        u += 1;
        let g: Vec<usize> = scatter_dims.iter().map(|&d| o[d]).collect();
        let mut start = vec![0i128; shape.len()];
        for (k, &od) in dn.scatter_dims_to_operand_dims.iter().enumerate() {
            let mut pos = g.clone();
            pos.push(k);
            let v = ind[flat(&pos, &idx_st)];
            start[od] = if mode == GatherScatterMode::Clip {
                v.clamp(0, (shape[od] - window[od]) as i128)
            } else {
                v
            };
        }
        for (ob, &ib) in dn
            .operand_batching_dims
            .iter()
            .zip(&dn.scatter_indices_batching_dims)
        {
            start[*ob] = g[ib] as i128;
        }
        // XLA skips a whole window whose start puts any part of it out of bounds.
        let fits = start
            .iter()
            .zip(&shape)
            .zip(&window)
            .all(|((&s, &d), &w)| s >= 0 && s + w as i128 <= d as i128);
        if !fits {
            return;
        }
        let mut full = start;
        for (w, &ud) in dn.update_window_dims.iter().enumerate() {
            full[window_operand_dims[w]] += o[ud] as i128;
        }
        let i: usize = full.iter().zip(&st).map(|(&v, &s)| v as usize * s).sum();
        let new = match &combine {
            None => upd,
            Some(p) => scalar::binary(p, data.get(i), upd, dtype, dtype),
        };
        set_scalar(data, i, new);
    });
}

/// XLA's sort order for one key: floats compare with -0.0 equal to 0.0 and every NaN equal
/// to the others and after +inf (JAX canonicalizes keys this way before a total-order
/// compare).
fn key_cmp(a: Scalar, b: Scalar) -> Ordering {
    match (a, b) {
        (Scalar::Float(x), Scalar::Float(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => x.partial_cmp(&y).expect("not NaN"),
        },
        (Scalar::Int(x), Scalar::Int(y)) => x.cmp(&y),
        (Scalar::Bool(x), Scalar::Bool(y)) => x.cmp(&y),
        _ => a.as_f64().total_cmp(&b.as_f64()),
    }
}

fn sort(inputs: &[&Concrete], dim: usize, num_keys: usize) -> Vec<Buffer> {
    let shape = inputs[0].shape();
    let st = strides(shape);
    let n = shape[dim];
    let keys: Vec<Vec<Scalar>> = inputs[..num_keys]
        .iter()
        .map(|c| c.data().to_scalars())
        .collect();
    let mut lane_shape = shape.to_vec();
    lane_shape[dim] = 1;
    let mut map = vec![0usize; inputs[0].data().len()];
    for_each_index(&lane_shape, |o| {
        let base = flat(o, &st);
        let mut order: Vec<usize> = (0..n).map(|j| base + j * st[dim]).collect();
        // A stable sort: a valid result for `is_stable=False` too.
        order.sort_by(|&a, &b| {
            keys.iter()
                .map(|k| key_cmp(k[a], k[b]))
                .find(|c| c.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        for (j, src) in order.into_iter().enumerate() {
            map[base + j * st[dim]] = src;
        }
    });
    inputs
        .iter()
        .map(|c| c.data().gather(map.iter().copied()))
        .collect()
}

/// Each element is its index along `dimension`, cast to `dtype`.
fn iota(dtype: crate::dtype::DType, shape: &[usize], dimension: usize) -> Buffer {
    let stride = crate::shape::strides(shape)[dimension];
    let n: usize = shape.iter().product();
    let extent = shape[dimension];
    Buffer::from_scalars(
        dtype,
        (0..n).map(|i| crate::dtype::Scalar::Int(((i / stride) % extent) as i128)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_major_indices() {
        let mut seen = Vec::new();
        for_each_index(&[2, 2], |i| seen.push(i.to_vec()));
        assert_eq!(seen, vec![vec![0, 0], vec![0, 1], vec![1, 0], vec![1, 1]]);
        let mut count = 0;
        for_each_index(&[], |_| count += 1);
        assert_eq!(count, 1);
        for_each_index(&[3, 0], |_| count += 1);
        assert_eq!(count, 1);
    }

    #[test]
    fn float_keys_follow_xla_order() {
        let f = Scalar::Float;
        assert_eq!(key_cmp(f(-0.0), f(0.0)), Ordering::Equal);
        assert_eq!(key_cmp(f(f64::NAN), f(f64::INFINITY)), Ordering::Greater);
        assert_eq!(key_cmp(f(-f64::NAN), f(f64::NAN)), Ordering::Equal);
    }
}
