//! Strided copies: the one loop nest behind every structural primitive that moves
//! elements without arithmetic (transpose, broadcast, slice, rev, pad, concatenate, ...).
//!
//! A structural primitive is a box of output positions per source, each output position
//! reading `src[offset + Σ i_d · stride_d]` with signed strides (zero for a broadcast
//! axis, negative for a reversed one). [`Plan`] simplifies such a box (drops unit axes,
//! merges axes that are contiguous in both arrays) so the innermost loop is as long as
//! possible: a `copy_from_slice` when both sides are contiguous, a `fill` for a broadcast.
//! Nothing allocates per element; the odometer over the outer axes is O(rank).
//!
//! JAX counterpart: XLA:CPU's loop emitter for copy/transpose/broadcast/slice HLO.

use rayon::prelude::*;

use crate::parallel::worth_parallel;

/// A box of elements: `shape`, and the offset and strides of the box in the source and in
/// the destination.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Extent per axis.
    pub shape: Vec<usize>,
    /// Source offset of the box's first element.
    pub src_offset: isize,
    /// Source stride per axis (elements; may be zero or negative).
    pub src_strides: Vec<isize>,
    /// Destination offset of the box's first element.
    pub dst_offset: isize,
    /// Destination stride per axis (elements; positive).
    pub dst_strides: Vec<isize>,
}

/// Row-major strides of `shape`, signed.
pub fn row_major(shape: &[usize]) -> Vec<isize> {
    let mut st = vec![0isize; shape.len()];
    let mut acc = 1isize;
    for d in (0..shape.len()).rev() {
        st[d] = acc;
        acc *= shape[d] as isize;
    }
    st
}

impl Plan {
    /// A box that fills a contiguous row-major output of `shape` from the source.
    pub fn gather(shape: &[usize], src_offset: isize, src_strides: Vec<isize>) -> Plan {
        Plan {
            shape: shape.to_vec(),
            src_offset,
            src_strides,
            dst_offset: 0,
            dst_strides: row_major(shape),
        }
        .simplified()
    }

    /// Number of elements in the box.
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// True when the box holds no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same box with unit axes dropped and mergeable neighbours merged (at least one
    /// axis remains).
    pub fn simplified(self) -> Plan {
        let mut shape = Vec::with_capacity(self.shape.len());
        let mut ss: Vec<isize> = Vec::with_capacity(self.shape.len());
        let mut ds: Vec<isize> = Vec::with_capacity(self.shape.len());
        for d in 0..self.shape.len() {
            let n = self.shape[d];
            if n == 1 {
                continue;
            }
            let (s, t) = (self.src_strides[d], self.dst_strides[d]);
            if let (Some(&pn), Some(&ps), Some(&pt)) = (shape.last(), ss.last(), ds.last()) {
                // The previous axis steps over exactly one run of this one in both arrays.
                if ps == s * n as isize && pt == t * n as isize {
                    let k = shape.len() - 1;
                    shape[k] = pn * n;
                    ss[k] = s;
                    ds[k] = t;
                    continue;
                }
            }
            shape.push(n);
            ss.push(s);
            ds.push(t);
        }
        if shape.is_empty() {
            shape.push(1);
            ss.push(1);
            ds.push(1);
        }
        Plan {
            shape,
            src_offset: self.src_offset,
            src_strides: ss,
            dst_offset: self.dst_offset,
            dst_strides: ds,
        }
    }
}

/// Copies the box `plan` from `src` into `dst`.
///
/// # Panics
/// If the box reaches outside either slice (a bug in the caller's plan, never UB).
pub fn copy<T: Copy>(src: &[T], dst: &mut [T], plan: &Plan) {
    if plan.is_empty() {
        return;
    }
    let rank = plan.shape.len();
    let inner = plan.shape[rank - 1];
    let (s_in, d_in) = (plan.src_strides[rank - 1], plan.dst_strides[rank - 1]);
    let outer = &plan.shape[..rank - 1];
    let mut idx = vec![0usize; outer.len()];
    let (mut s, mut d) = (plan.src_offset, plan.dst_offset);
    loop {
        run(src, s, s_in, dst, d, d_in, inner);
        // Odometer over the outer axes, moving both offsets incrementally.
        let mut ax = outer.len();
        loop {
            if ax == 0 {
                return;
            }
            ax -= 1;
            idx[ax] += 1;
            s += plan.src_strides[ax];
            d += plan.dst_strides[ax];
            if idx[ax] < outer[ax] {
                break;
            }
            s -= plan.src_strides[ax] * outer[ax] as isize;
            d -= plan.dst_strides[ax] * outer[ax] as isize;
            idx[ax] = 0;
        }
    }
}

/// One innermost run of `n` elements.
#[inline(always)]
fn run<T: Copy>(src: &[T], s: isize, ss: isize, dst: &mut [T], d: isize, ds: isize, n: usize) {
    let (s, d) = (s as usize, d as usize);
    match (ss, ds) {
        (1, 1) => dst[d..d + n].copy_from_slice(&src[s..s + n]),
        (0, 1) => dst[d..d + n].fill(src[s]),
        (_, 1) => {
            for (k, o) in dst[d..d + n].iter_mut().enumerate() {
                *o = src[(s as isize + k as isize * ss) as usize];
            }
        }
        _ => {
            for k in 0..n {
                dst[(d as isize + k as isize * ds) as usize] =
                    src[(s as isize + k as isize * ss) as usize];
            }
        }
    }
}

/// Fills a contiguous row-major `out` (the box `plan`, built by [`Plan::gather`]) from
/// `src`, splitting the outermost axis over cores when large.
pub fn gather_into<T: Copy + Send + Sync>(src: &[T], out: &mut [T], plan: &Plan) {
    let n = out.len();
    let rows = plan.shape[0];
    if plan.shape.len() == 1 || rows < 2 || !worth_parallel(n, 1) || is_transpose(plan) {
        if is_transpose(plan) {
            return transpose_blocked(src, out, plan);
        }
        return copy(src, out, plan);
    }
    let row_len = n / rows;
    let per = rows.div_ceil(rayon::current_num_threads() * 4).max(1);
    out.par_chunks_mut(per * row_len)
        .enumerate()
        .for_each(|(c, o)| {
            let first = c * per;
            let mut sub = plan.clone();
            sub.shape[0] = o.len() / row_len;
            sub.src_offset += first as isize * plan.src_strides[0];
            sub.dst_offset = 0;
            copy(src, o, &sub);
        });
}

/// Whether the innermost output axis reads a strided source while another axis reads it
/// contiguously: a transpose, which a blocked loop keeps in cache.
fn is_transpose(plan: &Plan) -> bool {
    let r = plan.shape.len();
    r >= 2
        && plan.src_strides[r - 1] != 1
        && plan.src_strides[r - 1] != 0
        && plan.src_strides[..r - 1].contains(&1)
        && plan.len() >= 4096
}

/// Block edge of [`transpose_blocked`]: 32×32 4-byte elements are 4 KiB per side.
const BLOCK: usize = 32;

/// A copy whose innermost output axis `j` and source-contiguous axis `i` are walked in
/// `BLOCK × BLOCK` tiles, so both sides stay in cache.
fn transpose_blocked<T: Copy + Send + Sync>(src: &[T], out: &mut [T], plan: &Plan) {
    let r = plan.shape.len();
    let i = plan.src_strides[..r - 1]
        .iter()
        .position(|&s| s == 1)
        .expect("a transpose has a contiguous source axis");
    let j = r - 1;
    // Outer axes: everything but i and j, walked whole; i and j in tiles.
    let tiles_i = plan.shape[i].div_ceil(BLOCK);
    let tiles_j = plan.shape[j].div_ceil(BLOCK);
    let tile = |ti: usize, tj: usize| {
        let mut sub = plan.clone();
        sub.shape[i] = BLOCK.min(plan.shape[i] - ti * BLOCK);
        sub.shape[j] = BLOCK.min(plan.shape[j] - tj * BLOCK);
        sub.src_offset += (ti * BLOCK) as isize * plan.src_strides[i]
            + (tj * BLOCK) as isize * plan.src_strides[j];
        sub.dst_offset += (ti * BLOCK) as isize * plan.dst_strides[i]
            + (tj * BLOCK) as isize * plan.dst_strides[j];
        sub
    };
    // Tiles write disjoint output positions; without unsafe aliasing they run in order on
    // this thread (the blocking, not threads, is what makes transposes fast).
    for ti in 0..tiles_i {
        for tj in 0..tiles_j {
            copy(src, out, &tile(ti, tj));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_contiguous_axes_and_drops_units() {
        let p = Plan::gather(&[2, 1, 3], 0, vec![3, 3, 1]);
        assert_eq!(p.shape, vec![6]);
        assert_eq!(p.src_strides, vec![1]);
    }

    #[test]
    fn transpose_of_a_matrix() {
        let src: Vec<u32> = (0..6).collect();
        let mut out = vec![0u32; 6];
        // out[j][i] = src[i][j] for src of shape [2, 3].
        copy(&src, &mut out, &Plan::gather(&[3, 2], 0, vec![1, 3]));
        assert_eq!(out, vec![0, 3, 1, 4, 2, 5]);
    }

    #[test]
    fn blocked_transpose_matches_plain_copy() {
        let (r, c) = (70usize, 90usize);
        let src: Vec<u32> = (0..(r * c) as u32).collect();
        let plan = Plan::gather(&[c, r], 0, vec![1, c as isize]);
        let (mut a, mut b) = (vec![0u32; r * c], vec![0u32; r * c]);
        copy(&src, &mut a, &plan);
        transpose_blocked(&src, &mut b, &plan);
        assert_eq!(a, b);
        assert_eq!(a[1], c as u32);
    }

    #[test]
    fn reversed_and_broadcast_axes() {
        let src = [1u8, 2, 3];
        let mut out = [0u8; 6];
        copy(&src, &mut out, &Plan::gather(&[2, 3], 2, vec![0, -1]));
        assert_eq!(out, [3, 2, 1, 3, 2, 1]);
    }
}
