//! YNNPACK's float `reduce_max`/`reduce_min`, the one definition the reference evaluator
//! and the runtime's kernels both run where JAX 0.10.2 hands such a reduction to YNNPACK.
//!
//! XLA:CPU gives a float (`f16`, `bf16`, `f32`, `f64`) `reduce_max`/`reduce_min` of at
//! least [`YNN_MIN_ELEMS`] operand elements to YNNPACK (a `__ynn_fusion` in the optimized
//! HLO, the same threshold as the sum's; integers stay in XLA), and YNNPACK does not
//! propagate NaN. Its kernels (XNNPACK `ynnpack/kernels/reduce/min_max_accumulator.h`,
//! `generic.h`, `x86_avx512f.cc`) decide the bits, measured on an AMD EPYC with AVX-512:
//!
//! - `f32`/`f64`: vectors of 64 bytes (16 or 8 lanes). An operand element is read with
//!   subnormals as zeros of their sign (the processor's DAZ), and a lane combines with
//!   `vmaxps(acc, x)` = `acc > x ? acc : x` (`<` for min), which returns the *second*
//!   operand when either is NaN: a NaN makes its lane forget everything before it, and the
//!   next element replaces the NaN. Of equal values (`-0.0` and `+0.0`) the later wins.
//!   - A row along the innermost reduced axes (the `k1` path; each row of another reduced
//!     axis is one such row on its own, measured): lanes start at the identity
//!     (`-inf` for max), a short last vector is padded with it (so a NaN lane becomes the
//!     identity there), then a halving horizontal step `lane[k] = sel(lane[k],
//!     lane[k + w])` for `w` = 8, 4, 2, 1 (the upper lane wins NaNs and ties), and the
//!     result goes into the output with `std::max(c, h)` = `c < h ? h : c`: a NaN `h` is
//!     dropped. So `max` of 4096 zeros with a NaN is `0.0`, and `-inf` when the NaN is the
//!     last element (lane 15 reaches the top of the horizontal tree through the upper side
//!     each time).
//!   - Along an axis whose inner axes are kept (the `k1 == 1` stream path): groups of four
//!     reduced rows, `acc = row0`, `acc = sel(acc, row_i)` (a short last group repeats its
//!     first row), then `c = sel(acc, c)`: a NaN group is dropped, ties keep `c`.
//!   - A reduction larger than one tile ([`crate::xla_reduce::YNN_TILE_BYTES`]) has its
//!     per-tile partial results reduced again with the same kernels, as the sum's.
//! - `f16`/`bf16`: compared as integers after YNNPACK's sign-complement
//!   (`float16_wrapper`), a total order with `-NaN < -inf < ... < -0 < +0 < ... < +inf <
//!   +NaN`, the init value (`-inf` for max) included: the order of the elements shows in
//!   no bits, and `max` of anything with a positive NaN is that NaN.
//!
//! Only measured with AVX-512 ([`Processor::Avx512`]); elsewhere [`uses_ynn_extreme`]
//! says no and the NaN-propagating reduction stays. The match is measured by
//! `tests/golden/ynn_extreme.json` (generator `tools/golden/gen_ynn_extreme.py`).

use crate::dtype::DType;
use crate::processor::Processor;
use crate::xla_reduce::{tile_elems, Dim, KernelShape, YnnPlan, YNN_MIN_ELEMS};

/// Whether JAX runs this float `reduce_max`/`reduce_min` of `elems` operand elements in
/// YNNPACK on this processor, and the bits follow this module (see the module docs).
pub fn uses_ynn_extreme(dtype: DType, elems: usize) -> bool {
    Processor::detect() == Processor::Avx512
        && matches!(dtype, DType::F16 | DType::BF16 | DType::F32 | DType::F64)
        && elems >= YNN_MIN_ELEMS
}

/// Whether a NaN-propagating `max`/`min` result `r` (of a type whose smallest normal is
/// `min_normal`) may differ from YNNPACK's: only a NaN (YNNPACK skips it), a zero (the
/// order decides its sign) or a subnormal (YNNPACK reads it as a zero) can. Anything else
/// is the unique extreme both find.
pub fn needs_model(r: f64, min_normal: f64) -> bool {
    r.is_nan() || r.abs() < min_normal
}

/// `f32` or `f64` as YNNPACK's max/min kernels see it.
pub trait YnnFloat: Copy + PartialOrd {
    /// Lanes of a 64-byte vector.
    const LANES: usize;
    /// `-inf`, the identity of max.
    const NEG_INF: Self;
    /// `+inf`, the identity of min.
    const INF: Self;
    /// An operand element as the processor reads it: a subnormal as a zero of its sign.
    fn read(self) -> Self;
}

macro_rules! ynn_float {
    ($($t:ident: $lanes:expr),*) => {$(
        impl YnnFloat for $t {
            const LANES: usize = $lanes;
            const NEG_INF: Self = $t::NEG_INFINITY;
            const INF: Self = $t::INFINITY;
            #[inline(always)]
            fn read(self) -> Self {
                if self != 0.0 && self.abs() < $t::MIN_POSITIVE {
                    $t::copysign(0.0, self)
                } else {
                    self
                }
            }
        }
    )*};
}
ynn_float!(f32: 16, f64: 8);

/// The two comparisons of one direction (max or min).
#[derive(Copy, Clone)]
struct Dir(bool);

impl Dir {
    fn identity<T: YnnFloat>(self) -> T {
        if self.0 {
            T::NEG_INF
        } else {
            T::INF
        }
    }
    /// `vmaxps(a, b)` (`vminps`): `b` unless `a` is strictly better; NaN gives `b`.
    #[inline(always)]
    fn sel<T: YnnFloat>(self, a: T, b: T) -> T {
        let keep = if self.0 { a > b } else { a < b };
        if keep {
            a
        } else {
            b
        }
    }
    /// `std::max(c, h)` (`std::min`): `h` only if strictly better; a NaN `h` is dropped.
    #[inline(always)]
    fn scalar<T: YnnFloat>(self, c: T, h: T) -> T {
        let take = if self.0 { c < h } else { h < c };
        if take {
            h
        } else {
            c
        }
    }
}

/// The max (`max`) or min of one contiguous row of a reduction of `total` operand
/// elements over its last axis: each row is independent, and one longer than a tile is
/// cut into tiles whose results are reduced again.
pub fn ynn_extreme_row<T: YnnFloat>(xs: &[T], max: bool) -> T {
    ynn_extreme(xs, &[xs.len()], &[0], max)[0]
}

/// `max` (or min) over `axes` of `x` (row-major `shape`) with YNNPACK's bits (module
/// docs); the result is row-major over the kept axes. The tiles, their layout and the
/// second stage follow `xla_reduce::ynn_sum`, which measured them for the sum.
pub fn ynn_extreme<T: YnnFloat>(x: &[T], shape: &[usize], axes: &[usize], max: bool) -> Vec<T> {
    let dir = Dir(max);
    let n_out: usize = (0..shape.len())
        .filter(|d| !axes.contains(d))
        .map(|d| shape[d])
        .product();
    let mut out = vec![dir.identity::<T>(); n_out];
    if x.is_empty() || n_out == 0 {
        return out;
    }
    let plan = YnnPlan::new(shape, axes, tile_elems(std::mem::size_of::<T>()));
    let tiles = plan.tiles();
    if tiles == 1 {
        reduce_box(dir, x, 0, &plan.dims, &mut out, true);
        return out;
    }
    // First stage: each tile's partial results of every kept element, [tiles, kept].
    let mut partials = vec![dir.identity::<T>(); tiles * n_out];
    for (t, piece) in partials.chunks_mut(n_out).enumerate() {
        let (base, sub) = plan.tile_box(t);
        reduce_box(dir, x, base, &sub, piece, true);
    }
    // Second stage: reduced by the same kernels; the partials were read already.
    let (laid, second) = plan.second_stage(&partials);
    reduce_box(dir, &laid, 0, &second, &mut out, false);
    out
}

/// One YNNPACK max/min call over a box (`dims`, offset `base` into `x`) combined into
/// `out`: the innermost reduced axes contiguous with each other are the `k1` rows, the
/// innermost kept axes the `n` columns, one more reduced axis `k2`; the other axes loop
/// outside, row-major, each call combining into the output (the sum's decomposition).
/// `read` says whether the elements are the operand's (read with DAZ) or partials.
fn reduce_box<T: YnnFloat>(
    dir: Dir,
    x: &[T],
    base: usize,
    dims: &[Dim],
    out: &mut [T],
    read: bool,
) {
    let shape = KernelShape::of(dims);
    let stream = shape.streams();
    let calls = shape.calls();
    let KernelShape {
        n,
        k1,
        k2,
        a_stride_n,
        a_stride_k2,
        ..
    } = shape;
    let rd = |v: T| if read { v.read() } else { v };
    for (xo, oi) in calls {
        let xi = base + xo;
        if stream {
            // min_max_accumulator_k1_1: groups of four rows, a short group repeating its
            // first row, each group's result combined into the output by a vector select.
            for r in 0..n {
                let at = |j: usize| rd(x[xi + j * a_stride_k2 + r]);
                let mut c = out[oi + r];
                for g in (0..k2).step_by(4) {
                    let m = (k2 - g).min(4);
                    let mut acc = at(g);
                    for i in 1..4 {
                        acc = dir.sel(acc, if i < m { at(g + i) } else { at(g) });
                    }
                    c = dir.sel(acc, c);
                }
                out[oi + r] = c;
            }
        } else {
            // One k1 row at a time, each through its own lanes and horizontal step into the
            // output (measured: a NaN in the last lane of one `k2` row drops that row only).
            let lanes = T::LANES;
            for j in 0..k2 {
                for r in 0..n {
                    let row = xi + j * a_stride_k2 + r * a_stride_n;
                    let mut acc = [dir.identity::<T>(); 16];
                    for v in (0..k1).step_by(lanes) {
                        for (l, a) in acc.iter_mut().enumerate().take(lanes) {
                            // The masked load of a short last vector fills the identity.
                            let e = if v + l < k1 {
                                rd(x[row + v + l])
                            } else {
                                dir.identity()
                            };
                            *a = dir.sel(*a, e);
                        }
                    }
                    let mut w = lanes / 2;
                    while w >= 1 {
                        for l in 0..w {
                            acc[l] = dir.sel(acc[l], acc[l + w]);
                        }
                        w /= 2;
                    }
                    out[oi + r] = dir.scalar(out[oi + r], acc[0]);
                }
            }
        }
    }
}

/// YNNPACK's integer key of an `f16`/`bf16` (its `float16_wrapper`): sign-magnitude made
/// two's complement, so that integer order is the float order with `-0 < +0` and NaNs
/// beyond the infinities on their sign's side.
pub fn half_key(bits: u16) -> i16 {
    ((bits & 0x7fff) ^ ((bits as i16 >> 15) as u16)) as i16
}

/// `max` (or min) of `f16`/`bf16` bits over `axes` of `x` (row-major `shape`) in YNNPACK's
/// integer order ([`half_key`]), starting from `init` (the bits of `-inf`/`+inf`); the
/// result is row-major over the kept axes. The order is total, so the elements' order
/// shows in no bits.
pub fn ynn_extreme_half(
    x: &[u16],
    shape: &[usize],
    axes: &[usize],
    init: u16,
    max: bool,
) -> Vec<u16> {
    let n_out: usize = (0..shape.len())
        .filter(|d| !axes.contains(d))
        .map(|d| shape[d])
        .product();
    let mut out = vec![init; n_out];
    if n_out == 0 {
        return out;
    }
    let mut out_strides = vec![0usize; shape.len()];
    let mut b = 1;
    for d in (0..shape.len()).rev() {
        if !axes.contains(&d) {
            out_strides[d] = b;
            b *= shape[d];
        }
    }
    let mut idx = vec![0usize; shape.len()];
    for &v in x {
        let o: usize = idx.iter().zip(&out_strides).map(|(i, s)| i * s).sum();
        let (kv, ko) = (half_key(v), half_key(out[o]));
        if (max && kv > ko) || (!max && kv < ko) {
            out[o] = v;
        }
        for d in (0..shape.len()).rev() {
            idx[d] += 1;
            if idx[d] < shape[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(n: usize) -> Vec<f32> {
        (0..n).map(|i| (n - i) as f32).collect()
    }

    #[test]
    fn nan_positions_of_4096() {
        // Measured with jitted jnp.max on the AVX-512 machine.
        let case = |p: usize| {
            let mut x = dec(4096);
            x[p] = f32::NAN;
            ynn_extreme_row(&x, true)
        };
        assert_eq!(case(0), 4095.0);
        assert_eq!(case(1), 4096.0);
        assert_eq!(case(16), 4095.0);
        assert_eq!(case(4095), f32::NEG_INFINITY);
        assert_eq!(case(4094), 4095.0);
        assert_eq!(case(4093), 4096.0);
        assert_eq!(case(4092), 4095.0);
    }

    #[test]
    fn axis0_groups_of_four() {
        // (8, 512) with rows 8, 7, ..., 1 and a NaN in column 0 of row r.
        let expect = [7.0, 6.0, 5.0, 4.0, 8.0, 8.0, 8.0, 8.0];
        for (r, &e) in expect.iter().enumerate() {
            let mut x: Vec<f32> = (0..8 * 512).map(|i| (8 - i / 512) as f32).collect();
            x[r * 512] = f32::NAN;
            assert_eq!(ynn_extreme(&x, &[8, 512], &[0], true)[0], e, "row {r}");
        }
    }

    #[test]
    fn half_keys() {
        assert!(half_key(0x8000) < half_key(0));
        assert!(half_key(0x7fc0) > half_key(0x7f80));
        assert!(half_key(0xffc0) < half_key(0xff80));
    }
}
