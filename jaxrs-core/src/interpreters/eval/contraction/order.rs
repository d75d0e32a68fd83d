//! The summation orders of XLA:CPU's dot kernels, one function per kernel, and the rule
//! that picks one from a dot's canonical shape.
//!
//! XLA (as JAX 0.10.2 ships it, on an x86 host with AVX and FMA) lowers a `dot_general` to
//! one of several kernels, each adding the `k` products of an output element in an order of
//! its own. Each order here was measured against JAX bit for bit (inputs crafted so that
//! only one association order gives the result seen, then random inputs):
//! - vector dots become a multiply and a `reduce`: up to 32 terms a fused multiply-add
//!   loop ([`loop_order`]); longer ones round each product and sum windows of 32
//!   ([`windowed_sum`], XLA's tree-reduction rewrite);
//! - a row-major matrix times a vector runs XLA's tiled GEMV emitter: one vector register
//!   of partial sums per row, reduced horizontally, plus a scalar tail ([`row_gemv`]);
//! - `f32` matrix products that XLA hands to YNNPACK with at most 16 output columns or a
//!   transposed right operand sum four interleaved partial sums ([`four_way`]); wider ones
//!   with more than 512 terms sum blocks of 512 ([`blocked`]);
//! - everything else (vector times matrix, transposed operands, small products) is the
//!   loop emitter's or Eigen's in-order fused multiply-add.
//!
//! Subnormal results are flushed to zero after every operation, as XLA:CPU runs with
//! flush-to-zero.

use crate::xla_math::{flush_f32, flush_f64};

/// A float type XLA accumulates a dot in: `f32` (also for `f16`/`bf16`) or `f64`.
pub(super) trait Acc: Copy {
    /// `+0.0`.
    const ZERO: Self;
    /// An operand value (already of this type) from its `f64` form.
    fn from_f64(x: f64) -> Self;
    /// Lanes of one AVX vector register of this type.
    const LANES: usize;
    /// `acc + a * b` rounded once, flushed.
    fn fma(acc: Self, a: Self, b: Self) -> Self;
    /// `x + y`, flushed.
    fn add(x: Self, y: Self) -> Self;
    /// `x * y`, flushed.
    fn mul(x: Self, y: Self) -> Self;
}

impl Acc for f32 {
    const ZERO: Self = 0.0;
    const LANES: usize = 8;
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn fma(acc: Self, a: Self, b: Self) -> Self {
        flush_f32(a.mul_add(b, acc))
    }
    fn add(x: Self, y: Self) -> Self {
        flush_f32(x + y)
    }
    fn mul(x: Self, y: Self) -> Self {
        flush_f32(x * y)
    }
}

impl Acc for f64 {
    const ZERO: Self = 0.0;
    const LANES: usize = 4;
    fn from_f64(x: f64) -> Self {
        x
    }
    fn fma(acc: Self, a: Self, b: Self) -> Self {
        flush_f64(a.mul_add(b, acc))
    }
    fn add(x: Self, y: Self) -> Self {
        flush_f64(x + y)
    }
    fn mul(x: Self, y: Self) -> Self {
        flush_f64(x * y)
    }
}

/// A dot in XLA's canonical form: `batch` independent `[m, k] x [k, n]` products.
#[derive(Clone, Copy, Debug)]
pub(super) struct Canonical {
    pub m: usize,
    pub k: usize,
    pub n: usize,
    /// The dot accumulates in `f64` (YNNPACK's `f64` kernels add in order).
    pub wide: bool,
    /// XLA reads the left operand transposed (contracted axes first).
    pub lhs_transposed: bool,
    /// XLA reads the right operand transposed (contracted axes last).
    pub rhs_transposed: bool,
}

/// Which of XLA's kernels a dot runs, hence its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Strategy {
    /// In order, one fused multiply-add per term, from `+0.0`.
    Loop,
    /// A multiply, then XLA's `reduce` of the rounded products.
    VectorReduce,
    /// XLA's row-major tiled GEMV; `row` is the output row, which picks the tile.
    RowGemv,
    /// YNNPACK's kernel for narrow products: four interleaved partial sums.
    FourWay,
    /// YNNPACK's kernel for wide products: in-order blocks of 512 terms.
    Blocked512,
}

/// XLA's choice of kernel for `dot`, as measured (README "Numerics").
pub(super) fn strategy(dot: Canonical) -> Strategy {
    let Canonical { m, k, n, .. } = dot;
    if m == 1 && n == 1 {
        // XLA's dot strength reduction: a multiply and a reduce.
        return Strategy::VectorReduce;
    }
    if n == 1 {
        // XLA fuses a transposed matrix into the dot's loop: in order matches the golden
        // cases, though crafted inputs show a permuted order (README "Numerics").
        return if dot.lhs_transposed {
            Strategy::Loop
        } else {
            Strategy::RowGemv
        };
    }
    if m == 1 || m.max(k).max(n) < 8 || dot.wide || dot.lhs_transposed {
        // Column-major GEMV, the loop emitter and Eigen (transposed left operand) add in
        // order; YNNPACK's float64 kernels add in orders not known yet (README
        // "Numerics"): in order is the nearest.
        return Strategy::Loop;
    }
    if (n <= 16 || dot.rhs_transposed) && k != 5 {
        // Measured: YNNPACK runs its in-order kernel for 5 terms, and the four-way one for
        // every right operand it reads transposed.
        Strategy::FourWay
    } else if k > 512 {
        Strategy::Blocked512
    } else {
        Strategy::Loop
    }
}

/// Sums the products of `terms` (`k` pairs) in `strategy`'s order; `row` and `m` locate the
/// output row within its `[m, n]` product (the GEMV's tiles depend on it).
pub(super) fn sum<T: Acc>(strategy: Strategy, terms: &[(T, T)], row: usize, m: usize) -> T {
    match strategy {
        Strategy::Loop => loop_order(terms),
        Strategy::VectorReduce => vector_reduce(terms),
        Strategy::RowGemv => row_gemv(terms, row, m),
        Strategy::FourWay => four_way(terms),
        Strategy::Blocked512 => blocked(terms, 512),
    }
}

/// XLA's loop emitter (and Eigen's in-register accumulation): from `+0.0`, one fused
/// multiply-add per term in order.
pub(super) fn loop_order<T: Acc>(terms: &[(T, T)]) -> T {
    terms.iter().fold(T::ZERO, |acc, &(a, b)| T::fma(acc, a, b))
}

/// A vector dot as XLA rewrites it: up to 32 terms the multiply fuses into the reduce's
/// loop (fused multiply-adds); beyond, the products are rounded and summed by
/// [`windowed_sum`].
fn vector_reduce<T: Acc>(terms: &[(T, T)]) -> T {
    if terms.len() <= 32 {
        return loop_order(terms);
    }
    let products: Vec<T> = terms.iter().map(|&(a, b)| T::mul(a, b)).collect();
    windowed_sum(&products)
}

/// XLA's tree-reduction rewrite of a sum of more than 32 values: pad to a multiple of 32
/// (half the padding, rounded down, in front), sum each window of 32 in order, then sum
/// the window sums the same way. Padding adds `+0.0`, which changes nothing but a `-0.0`.
pub(super) fn windowed_sum<T: Acc>(values: &[T]) -> T {
    if values.len() <= 32 {
        return values.iter().fold(T::ZERO, |acc, &x| T::add(acc, x));
    }
    let windows = values.len().div_ceil(32);
    let front = (windows * 32 - values.len()) / 2;
    let sums: Vec<T> = (0..windows)
        .map(|w| {
            let lo = (w * 32).saturating_sub(front);
            let hi = ((w + 1) * 32 - front).min(values.len());
            values[lo..hi]
                .iter()
                .fold(T::ZERO, |acc, &x| T::add(acc, x))
        })
        .collect();
    windowed_sum(&sums)
}

/// XLA's row-major GEMV (`tiled_dot_emitter`): rows in tiles of 8; each row keeps one
/// vector register of `T::LANES` partial sums (term `i` in lane `i % LANES`, fused
/// multiply-adds), reduced horizontally; the last `k % LANES` terms go to a scalar sum
/// added after. A tile of exactly `LANES` rows uses the AVX pairwise reduction
/// (`(l0 + l1) + (l2 + l3)`, ...), any other the halving one (`(l0 + l4) + ...`).
fn row_gemv<T: Acc>(terms: &[(T, T)], row: usize, m: usize) -> T {
    const TILE_ROWS: usize = 8;
    let lanes = T::LANES;
    let body = terms.len() - terms.len() % lanes;
    let mut acc = vec![T::ZERO; lanes];
    for chunk in terms[..body].chunks(lanes) {
        for (a, &(x, y)) in acc.iter_mut().zip(chunk) {
            *a = T::fma(*a, x, y);
        }
    }
    let tile_start = row - row % TILE_ROWS;
    let tile_rows = TILE_ROWS.min(m - tile_start);
    let horizontal = if tile_rows == lanes {
        pairwise(&acc)
    } else {
        halving(&acc)
    };
    let tail = loop_order(&terms[body..]);
    T::add(horizontal, tail)
}

/// Adjacent lanes first: `((l0 + l1) + (l2 + l3)) + ...` (XLA's AVX horizontal sums).
fn pairwise<T: Acc>(lanes: &[T]) -> T {
    if lanes.len() == 1 {
        return lanes[0];
    }
    let next: Vec<T> = lanes.chunks(2).map(|p| T::add(p[0], p[1])).collect();
    pairwise(&next)
}

/// Lane `i` with lane `i + half` first, halving until one is left (XLA's `AddReduce`).
fn halving<T: Acc>(lanes: &[T]) -> T {
    if lanes.len() == 1 {
        return lanes[0];
    }
    let half = lanes.len() / 2;
    let next: Vec<T> = (0..half)
        .map(|i| T::add(lanes[i], lanes[i + half]))
        .collect();
    halving(&next)
}

/// YNNPACK's narrow-product kernel: the first `k - k % 4` terms in four partial sums (term
/// `i` in sum `i % 4`, fused multiply-adds from `+0.0`), combined as `(s0 + s1) + (s2 +
/// s3)`; the remaining terms' rounded products summed in order from `+0.0` and added last.
fn four_way<T: Acc>(terms: &[(T, T)]) -> T {
    let body = terms.len() - terms.len() % 4;
    let mut acc = [T::ZERO; 4];
    for chunk in terms[..body].chunks(4) {
        for (a, &(x, y)) in acc.iter_mut().zip(chunk) {
            *a = T::fma(*a, x, y);
        }
    }
    let main = T::add(T::add(acc[0], acc[1]), T::add(acc[2], acc[3]));
    if body == terms.len() {
        return main;
    }
    let tail = terms[body..]
        .iter()
        .fold(T::ZERO, |s, &(x, y)| T::add(s, T::mul(x, y)));
    T::add(main, tail)
}

/// YNNPACK's wide-product kernel: each block of `block` terms summed in order by fused
/// multiply-adds from `+0.0`, the block sums added in order into the result.
fn blocked<T: Acc>(terms: &[(T, T)], block: usize) -> T {
    terms
        .chunks(block)
        .fold(T::ZERO, |out, chunk| T::add(out, loop_order(chunk)))
}
