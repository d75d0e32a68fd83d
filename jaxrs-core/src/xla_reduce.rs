//! XLA:CPU's association order for float sums and products: the one definition the
//! reference evaluator runs in scalar form and the runtime's kernels run typed.
//!
//! JAX 0.10.2 on the CPU computes a float reduction in one of two ways, decided at compile
//! time from the operation and the operand's size (read off the optimized HLO):
//!
//! - **YNNPACK** (a `__ynn_fusion`): a `reduce_sum` of a float operand of at least
//!   [`YNN_MIN_ELEMS`] elements. [`ynn_sum`] follows YNNPACK's kernels: vectors of
//!   [`Arith::lanes`] accumulators (64 bytes), a tree of degree 16 over them whose top
//!   level is a Kahan sum, a halving horizontal sum, and, when the reduced extent does not
//!   fit one tile of [`YNN_TILE_BYTES`] (32768 `f32` or 16384 `f64` elements), partial
//!   sums per tile reduced again.
//! - **XLA's own emitter**, everything else (products, and sums of fewer elements): the
//!   `TreeReductionRewriter` turns each reduced axis longer than [`WINDOW`] into a
//!   `reduce-window` of [`WINDOW`] (padded evenly on both sides, every other reduced axis
//!   whole in the window), repeated until every reduced axis is at most [`WINDOW`] long;
//!   each window and the last `reduce` fold left to right in row-major order from the
//!   init value. [`tree`] computes that.
//!
//! XLA marks the adds and multiplies of its reduction loops reassociable, and LLVM
//! vectorizes them for the processor it compiles for, so the order of a reduction of two
//! or more axes depends on it ([`loop_lanes`]): on the AVX2 processor measured (an AMD
//! EPYC), a window or reduction over a box of two or more axes of extent above 1 (not
//! padded) has its innermost loop unrolled and the next one out split over vector lanes
//! (`lane_fold`). With AVX-512 (measured on an AMD EPYC) the windows stay in row-major
//! order, and a box of trailing axes (a reduction no axis of which is windowed, each
//! result's elements contiguous) is split as LLVM's cost model chooses for it
//! ([`Lanes::split`]).
//!
//! Integer reductions, `max`, `min`, `and` and `or` do not depend on the order and are not
//! decided here. The match against JAX is measured by `tests/golden/reduce_order.json`
//! (generator `tools/golden/gen_reduce_order.py`) and, for small boxes and the fused
//! reductions, `tests/golden/fused_reduce.json` (`tools/golden/gen_fused_reduce.py`).

use crate::dtype::DType;
use crate::processor::Processor;

/// A `reduce-window` of XLA's `TreeReductionRewriter` on the CPU covers this many
/// elements of a long reduced axis.
pub const WINDOW: usize = 32;

/// Float sums of at least this many operand elements run in YNNPACK.
pub const YNN_MIN_ELEMS: usize = 4096;

/// Bytes of operand in one YNNPACK reduction tile (its `make_split_factors` area, divided
/// by the element size): the reduced axes are split, innermost first, into chunks whose
/// product fits, and the partial sums of the chunks reduced again.
pub const YNN_TILE_BYTES: usize = 32768 * 4;

/// Elements of `itemsize` bytes in one YNNPACK reduction tile ([`YNN_TILE_BYTES`]).
pub fn tile_elems(itemsize: usize) -> usize {
    YNN_TILE_BYTES / itemsize.max(1)
}

/// Degree of YNNPACK's accumulator tree (the clock masks are `16 - 1` and `16² - 1`).
const TREE_DEGREE: usize = 16;

/// How LLVM splits XLA's reduction loops over vector lanes on this processor for elements
/// of `itemsize` bytes: 256-bit vectors (XLA prefers that width on both kinds of x86
/// processor measured), each kind with its own rule ([`Lanes::split`]); none elsewhere.
pub fn loop_lanes(itemsize: usize) -> Lanes {
    let width = 32 / itemsize.max(1);
    match Processor::detect() {
        Processor::Avx2 => Lanes::avx2(width),
        Processor::Avx512 => Lanes::avx512(width),
        Processor::Generic => Lanes::ONE,
    }
}

/// A processor's vectorization of XLA's reduction loops ([`loop_lanes`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Lanes {
    width: usize,
    rule: Rule,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Rule {
    Avx2,
    Avx512,
}

/// What the loop body of a reduction computes per element, which LLVM's cost model weighs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// An element read and added (or multiplied) in: `reduce_sum`, `reduce_prod`.
    Plain,
    /// A product of two operands read from memory, fused into a `reduce_sum`.
    LoadedProduct,
    /// `(x - m)²` with `m` broadcast along the reduced axes (`jnp.var`'s), fused into a
    /// `reduce_sum`.
    CenteredSquare,
}

impl Lanes {
    /// No vectorization: every loop in row-major order.
    pub const ONE: Lanes = Lanes {
        width: 1,
        rule: Rule::Avx2,
    };

    /// The AVX2 processor's rule with vectors of `width` elements.
    pub fn avx2(width: usize) -> Lanes {
        Lanes {
            width,
            rule: Rule::Avx2,
        }
    }

    /// The AVX-512 processor's rule with vectors of `width` elements.
    pub fn avx512(width: usize) -> Lanes {
        Lanes {
            width,
            rule: Rule::Avx512,
        }
    }

    /// The lanes `v` over which the loop of extent `n` around the innermost loop (extent
    /// `m`, unrolled) of a box runs, its last `n mod v` iterations after the lanes are
    /// joined ([`split_fold`]), or `None` where the loops stay scalar; `window` says
    /// whether the box is a window of the tree-reduction rewriter (or a box whose
    /// elements are not contiguous, which XLA emits in the same nest).
    ///
    /// AVX2 (measured on sums and products, windows included; fused products not
    /// measured, so left scalar): `v = min(width, n)` when it is a power of two dividing
    /// `n`.
    ///
    /// AVX-512 (measured on boxes of trailing axes, every `n` and `m` up to 32; windows
    /// stay scalar), as LLVM's loop vectorizer decides: the interleaved loads of `m`
    /// elements cap the lanes at `width` for `m ≤ 6` and at `width / 2` for `m` of 7 or
    /// 8, and leave the loop scalar for longer rows of [`Body::Plain`] and
    /// [`Body::LoadedProduct`] (a [`Body::CenteredSquare`] is never capped); a loaded
    /// product's loop of 2 or 3 iterations stays scalar. A loop of fewer than 16
    /// iterations must leave no remainder for the widest vector that fits it
    /// (`min(width, 2^⌊log₂ n⌋)`, which then runs capped) or stays scalar; a longer one
    /// runs at the cap, or at 4 lanes where 8 would leave 4 or more iterations over and
    /// the row has 3 to 8 elements (or 2, and `n < 24`): LLVM's cost of a known trip
    /// count, `⌊n/v⌋` vector iterations and `n mod v` scalar ones, at the relative costs
    /// those choices imply. Not reproduced: a loaded product capped at 4 lanes takes 2
    /// for `n` of 18 and 19, and boxes whose elements are not contiguous (a kept axis
    /// inside the box), which AVX-512 splits by another rule and are kept scalar here.
    pub fn split(self, n: usize, m: usize, body: Body, window: bool) -> Option<usize> {
        if self.width < 2 || n < 2 {
            return None;
        }
        match self.rule {
            Rule::Avx2 => {
                let v = self.width.min(n).min(MAX_LANES);
                let vectorized = body == Body::Plain && v.is_power_of_two();
                (vectorized && n.is_multiple_of(v)).then_some(v)
            }
            Rule::Avx512 => {
                if window {
                    return None;
                }
                let cap = match (body, m) {
                    (Body::CenteredSquare, _) | (_, 0..=6) => self.width,
                    (_, 7 | 8) => self.width / 2,
                    _ => return None,
                };
                if body == Body::LoadedProduct && n < 4 {
                    return None;
                }
                if n < 16 {
                    let widest = self.width.min(1 << n.ilog2());
                    return n.is_multiple_of(widest).then_some(widest.min(cap));
                }
                // Where 8 lanes leave 4 or more iterations to the scalar epilogue, 4 lanes
                // cost less for rows of 3 to 8 elements, and for pairs in fewer than 3
                // vector iterations; longer rows (of a centred square) keep 8.
                let fewer = match m {
                    2 => n < 24,
                    3..=8 => true,
                    _ => false,
                };
                Some(if cap == 8 && n % 8 >= 4 && fewer {
                    4
                } else {
                    cap
                })
            }
        }
    }
}

/// Whether XLA:CPU hands this reduction to YNNPACK (see the module docs).
pub fn uses_ynn(sum: bool, dtype: DType, elems: usize) -> bool {
    sum && matches!(dtype, DType::F32 | DType::F64) && elems >= YNN_MIN_ELEMS
}

/// The arithmetic of one float type, rounded as XLA:CPU rounds it (flushing subnormals).
pub trait Arith {
    /// The element type.
    type T: Copy;
    /// `+0.0`.
    fn zero(&self) -> Self::T;
    /// An operand element as the processor reads it (a subnormal as a zero); every other
    /// value the sums combine is already a result, so only elements pass through here.
    fn read(&self, x: Self::T) -> Self::T {
        x
    }
    /// `a + b` of values read or computed (rounded, a subnormal result flushed).
    fn add(&self, a: Self::T, b: Self::T) -> Self::T;
    /// `a - b` of values read or computed.
    fn sub(&self, a: Self::T, b: Self::T) -> Self::T;
    /// An element as it is, unflushed: [`sum_k1`]'s fast loop reads with it when
    /// [`Arith::watch`] vouches for the row. By default [`Arith::read`].
    fn read_kept(&self, x: Self::T) -> Self::T {
        self.read(x)
    }
    /// `a + b` rounded, a subnormal result kept (see [`Arith::read_kept`]). By default
    /// [`Arith::add`].
    fn add_kept(&self, a: Self::T, b: Self::T) -> Self::T {
        self.add(a, b)
    }
    /// `seen` plus `|x|` where the element `x` is nonzero and too small to vouch for the
    /// fast loop (below `2^(emin + p - 1)`, see [`sum_k1`]); a zero adds nothing. A sum
    /// rather than a flag, so that the watch stays a vector of the element type. By default
    /// `seen` (the fast loop is the flushing one).
    fn watch(&self, seen: Self::T, _x: Self::T) -> Self::T {
        seen
    }
    /// Whether a lane of [`Arith::watch`] saw a small element (never, by default).
    fn watched(&self, _seen: Self::T) -> bool {
        false
    }
    /// A hint that [`sum_k1`] reads `xs[at..at + n]` soon (it may be past the end). By
    /// default nothing.
    fn prefetch(&self, _xs: &[Self::T], _at: usize, _n: usize) {}
    /// Neither infinite nor NaN.
    fn is_finite(&self, a: Self::T) -> bool;
    /// YNNPACK's vector width in elements: 64 bytes (16 `f32`, 8 `f64`).
    fn lanes(&self) -> usize;
    /// Elements of one reduction tile ([`YNN_TILE_BYTES`] of this element type, whose size
    /// [`Arith::lanes`] gives).
    fn tile(&self) -> usize {
        tile_elems(64 / self.lanes())
    }
    /// [`sum_k1`] of `xs`: an implementation may run that same function compiled for a
    /// wider instruction set.
    fn sum_row(&self, xs: &[Self::T]) -> Self::T
    where
        Self: Sized,
    {
        sum_k1(self, xs)
    }
    /// [`sum_kn`]: an implementation may run that same function compiled for a wider
    /// instruction set.
    fn sum_cols(&self, x: &[Self::T], base: usize, k: usize, stride: usize, out: &mut [Self::T])
    where
        Self: Sized,
    {
        sum_kn(self, x, base, k, stride, out)
    }
}

/// The widest vector [`Arith::lanes`] may ask for.
const MAX_LANES: usize = 16;

/// `op` (with identity `init`) over `axes` of `x` (row-major `shape`) in the order of
/// XLA's tree-reduction rewriter and loop emitter (module docs), its loops split over
/// `lanes` ([`loop_lanes`]; [`Lanes::ONE`] keeps them whole, and `f` must join two
/// partial results otherwise, as a sum or product does); the result is row-major over the
/// kept axes.
pub fn tree<T: Copy>(
    x: &[T],
    shape: &[usize],
    axes: &[usize],
    init: T,
    f: &impl Fn(T, T) -> T,
    lanes: Lanes,
) -> Vec<T> {
    tree_rows(x, shape, axes, init, f, lanes)
        .unwrap_or_else(|| tree_windows(x, shape, axes, init, f, lanes))
}

/// [`tree`] as XLA states it: every long reduced axis windowed at once, repeated.
fn tree_windows<T: Copy>(
    x: &[T],
    shape: &[usize],
    axes: &[usize],
    init: T,
    f: &impl Fn(T, T) -> T,
    lanes: Lanes,
) -> Vec<T> {
    let mut shape = shape.to_vec();
    let mut cur: Vec<T> = x.to_vec();
    loop {
        let windowed = axes.iter().any(|&a| shape[a] > WINDOW);
        // Window per axis (1 on kept axes) and the padding before the first window.
        let mut window = vec![1usize; shape.len()];
        let mut pad = vec![0usize; shape.len()];
        let mut out_shape = shape.clone();
        // Padding puts a bounds check in the loop body, which LLVM does not vectorize.
        let mut padded = false;
        for &a in axes {
            let n = shape[a];
            if windowed && n > WINDOW {
                let m = n.div_ceil(WINDOW);
                window[a] = WINDOW;
                pad[a] = (m * WINDOW - n) / 2;
                out_shape[a] = m;
                padded |= m * WINDOW != n;
            } else {
                window[a] = n;
                out_shape[a] = 1;
            }
        }
        let lanes = if padded { Lanes::ONE } else { lanes };
        let next = windows(&cur, &shape, &out_shape, &window, &pad, init, f, lanes);
        if !windowed {
            return next;
        }
        cur = next;
        shape = out_shape;
    }
}

/// [`tree`] when every reduced axis of extent above 1 is trailing and either one axis or
/// none longer than [`WINDOW`]: each result is then its own contiguous row, folded by
/// [`tree_row`] (one axis) or as one box (no window). `None` for any other reduction.
fn tree_rows<T: Copy>(
    x: &[T],
    shape: &[usize],
    axes: &[usize],
    init: T,
    f: &impl Fn(T, T) -> T,
    lanes: Lanes,
) -> Option<Vec<T>> {
    let live: Vec<usize> = (0..shape.len()).filter(|&d| shape[d] != 1).collect();
    let trailing = live.iter().rev().take_while(|d| axes.contains(d)).count();
    let reduced = live.iter().filter(|d| axes.contains(d)).count();
    let row_axes = &live[live.len() - trailing..];
    let long = row_axes.iter().filter(|&&d| shape[d] > WINDOW).count();
    if trailing != reduced || (trailing > 1 && long > 0) {
        return None;
    }
    let row: usize = row_axes.iter().map(|&d| shape[d]).product();
    let n_out: usize = live[..live.len() - trailing]
        .iter()
        .map(|&d| shape[d])
        .product();
    if row == 0 {
        return Some(vec![init; n_out]);
    }
    let ext: Vec<usize> = row_axes.iter().map(|&d| shape[d]).collect();
    let strides = crate::shape::strides(&ext);
    let fold = |r: &[T]| {
        let at = |idx: &[usize]| r[idx.iter().zip(&strides).map(|(i, s)| i * s).sum::<usize>()];
        lane_fold(&ext, lanes, false, init, f, &at)
            .unwrap_or_else(|| r.iter().fold(init, |acc, &v| f(acc, v)))
    };
    Some(if trailing > 1 {
        x.chunks_exact(row).map(fold).collect()
    } else {
        x.chunks_exact(row).map(|r| tree_row(r, init, f)).collect()
    })
}

/// One reduced axis in the order of XLA's tree-reduction rewriter: folded from `init` when
/// at most [`WINDOW`] long, else windows of [`WINDOW`] (padded evenly on both sides)
/// folded and their results reduced again.
pub fn tree_row<T: Copy>(x: &[T], init: T, f: &impl Fn(T, T) -> T) -> T {
    let n = x.len();
    if n <= WINDOW {
        return x.iter().fold(init, |acc, &v| f(acc, v));
    }
    let m = n.div_ceil(WINDOW);
    let pad = (m * WINDOW - n) / 2;
    let windows: Vec<T> = (0..m)
        .map(|i| {
            let lo = (i * WINDOW).saturating_sub(pad);
            let hi = ((i + 1) * WINDOW - pad).min(n);
            x[lo..hi].iter().fold(init, |acc, &v| f(acc, v))
        })
        .collect();
    tree_row(&windows, init, f)
}

/// The sum of one contiguous row, as [`ynn_sum`] sums a 1-D operand of its length, without
/// the bookkeeping when the row fits one tile.
pub fn ynn_row<A: Arith + Sync>(a: &A, xs: &[A::T]) -> A::T
where
    A::T: Send + Sync,
{
    if xs.len() > 1 && xs.len() <= a.tile() {
        return a.add(a.zero(), a.sum_row(xs));
    }
    let serial =
        |tiles: usize, w: usize, p: &mut [A::T], f: &(dyn Fn(usize, &mut [A::T]) + Sync)| {
            p.chunks_mut(w)
                .enumerate()
                .take(tiles)
                .for_each(|(i, c)| f(i, c));
        };
    ynn_sum(a, xs, &[xs.len()], &[0], &serial)[0]
}

/// Each element of `out_shape` folded from `init` over its window of `x` (row-major
/// window order, padding skipped: it holds `init`, which changes no bits of a fold that
/// started from it), split over `lanes` as [`lane_fold`] says (none when padded).
// The window's geometry spelled out, as XLA's `reduce-window` states it.
#[allow(clippy::too_many_arguments)]
fn windows<T: Copy>(
    x: &[T],
    shape: &[usize],
    out_shape: &[usize],
    window: &[usize],
    pad: &[usize],
    init: T,
    f: &impl Fn(T, T) -> T,
    lanes: Lanes,
) -> Vec<T> {
    let strides = crate::shape::strides(shape);
    let rank = shape.len();
    let n_out: usize = out_shape.iter().product();
    let mut out = Vec::with_capacity(n_out);
    let mut o = vec![0usize; rank];
    let mut w = vec![0usize; rank];
    for _ in 0..n_out {
        // Only unpadded windows are split (`lanes` is one otherwise).
        let at = |i: &[usize]| {
            x[(0..rank)
                .map(|d| (o[d] * window[d] + i[d]) * strides[d])
                .sum::<usize>()]
        };
        if let Some(v) = lane_fold(window, lanes, true, init, f, &at) {
            out.push(v);
            odometer(&mut o, out_shape);
            continue;
        }
        let mut acc = init;
        w.iter_mut().for_each(|v| *v = 0);
        loop {
            let mut inside = true;
            let mut at = 0usize;
            for d in 0..rank {
                let i = (o[d] * window[d] + w[d]) as isize - pad[d] as isize;
                if i < 0 || i as usize >= shape[d] {
                    inside = false;
                    break;
                }
                at += i as usize * strides[d];
            }
            if inside {
                acc = f(acc, x[at]);
            }
            if !odometer(&mut w, window) {
                break;
            }
        }
        out.push(acc);
        odometer(&mut o, out_shape);
    }
    out
}

/// A fold from `init` over the box of extents `ext` (`at` reads the element at a box
/// index) as LLVM vectorizes XLA's loop nest over it ([`Lanes::split`] of a
/// [`Body::Plain`] loop, `window` saying whether the box is a window), or `None` where it
/// stays a row-major fold; see [`split_fold`].
fn lane_fold<T: Copy>(
    ext: &[usize],
    lanes: Lanes,
    window: bool,
    init: T,
    f: &impl Fn(T, T) -> T,
    at: &impl Fn(&[usize]) -> T,
) -> Option<T> {
    let (n, m) = box_loops(ext)?;
    let v = lanes.split(n, m, Body::Plain, window)?;
    Some(split_fold(ext, v, init, &|e| e, f, f, f, at))
}

/// The extents `(n, m)` of the two innermost loops of extent above 1 of a nonempty box of
/// extents `ext` (the one split over lanes and the one unrolled inside it), if it has two.
pub fn box_loops(ext: &[usize]) -> Option<(usize, usize)> {
    if ext.contains(&0) {
        return None;
    }
    let mut live = ext.iter().copied().filter(|&e| e > 1);
    let (m, n) = (live.next_back()?, live.next_back()?);
    Some((n, m))
}

/// A fold from `init` over the box of extents `ext` (two or more of them above 1; `at`
/// reads the element at a box index) whose second-innermost loop of extent above 1 (`n`
/// iterations) runs over `v` lanes: the innermost loop is unrolled, iteration
/// `i < n - n mod v` goes to lane `i mod v`, lane 0 continues the running value with
/// `step` and every other lane starts from its first element (`start`) and continues with
/// `step`; after the loop the lanes are joined by halving (`join` of lane `k` and lane
/// `k + v/2`, ...), and the remaining iterations continue the result with `tail` (LLVM's
/// scalar epilogue). The loops further out stay scalar and carry the running value into
/// lane 0 of each pass.
// Each of the fold's roles is its own function: a fused product's lanes round what its
// scalar epilogue fuses.
#[allow(clippy::too_many_arguments)]
pub fn split_fold<T: Copy, E: Copy>(
    ext: &[usize],
    v: usize,
    init: T,
    start: &impl Fn(E) -> T,
    step: &impl Fn(T, E) -> T,
    join: &impl Fn(T, T) -> T,
    tail: &impl Fn(T, E) -> T,
    at: &impl Fn(&[usize]) -> E,
) -> T {
    assert!((1..=MAX_LANES).contains(&v), "{v} lanes");
    let live: Vec<usize> = (0..ext.len()).filter(|&d| ext[d] > 1).collect();
    let &[.., split, inner] = live.as_slice() else {
        panic!("a box of two loops, not {ext:?}");
    };
    let n = ext[split];
    let vector = n - n % v;
    let mut outer = ext.to_vec();
    outer[split] = 1;
    outer[inner] = 1;
    let mut idx = vec![0usize; ext.len()];
    let mut acc = init;
    loop {
        let mut lane: [Option<T>; MAX_LANES] = [None; MAX_LANES];
        lane[0] = Some(acc);
        for i in 0..vector {
            idx[split] = i;
            let l = &mut lane[i % v];
            for j in 0..ext[inner] {
                idx[inner] = j;
                let e = at(&idx);
                *l = Some(l.map_or_else(|| start(e), |a| step(a, e)));
            }
        }
        let mut w = v / 2;
        while w > 0 {
            for k in 0..w {
                lane[k] = Some(join(lane[k].expect("filled"), lane[k + w].expect("filled")));
            }
            w /= 2;
        }
        acc = lane[0].expect("filled");
        for i in vector..n {
            idx[split] = i;
            for j in 0..ext[inner] {
                idx[inner] = j;
                acc = tail(acc, at(&idx));
            }
        }
        idx[split] = 0;
        idx[inner] = 0;
        if !odometer(&mut idx, &outer) {
            return acc;
        }
    }
}

/// The next row-major index of `idx` within `extent`; false after the last.
fn odometer(idx: &mut [usize], extent: &[usize]) -> bool {
    for d in (0..idx.len()).rev() {
        idx[d] += 1;
        if idx[d] < extent[d] {
            return true;
        }
        idx[d] = 0;
    }
    false
}

/// One operand axis as YNNPACK's reduction sees it: extent, element stride, output
/// element stride (0 on reduced axes) and whether it is reduced.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Dim {
    pub(crate) n: usize,
    pub(crate) stride: usize,
    pub(crate) out_stride: usize,
    pub(crate) reduced: bool,
}

/// How YNNPACK cuts a reduction over `axes` of a row-major `shape` into tiles of `tile`
/// operand elements, the one decomposition its sum ([`ynn_sum`]) and its max/min
/// (`crate::ynn_extreme`) share.
pub(crate) struct YnnPlan {
    /// The operand's axes of extent above 1.
    pub(crate) dims: Vec<Dim>,
    /// Elements of the result.
    pub(crate) n_out: usize,
    /// Per axis, its extent within a tile.
    split: Vec<usize>,
    /// Per axis, its number of tiles (1 on kept axes).
    chunks: Vec<usize>,
}

impl YnnPlan {
    pub(crate) fn new(shape: &[usize], axes: &[usize], tile: usize) -> YnnPlan {
        let strides = crate::shape::strides(shape);
        let mut out_strides = vec![0usize; shape.len()];
        let mut b = 1;
        for d in (0..shape.len()).rev() {
            if !axes.contains(&d) {
                out_strides[d] = b;
                b *= shape[d];
            }
        }
        let n_out = b;
        let dims: Vec<Dim> = (0..shape.len())
            .filter(|&d| shape[d] != 1)
            .map(|d| Dim {
                n: shape[d],
                stride: strides[d],
                out_stride: out_strides[d],
                reduced: axes.contains(&d),
            })
            .collect();
        // The tile: innermost axis first, each takes what is left of the tile's area.
        let mut area = tile;
        let mut split = vec![0usize; dims.len()];
        for (i, d) in dims.iter().enumerate().rev() {
            split[i] = d.n.min(area.max(1));
            area /= split[i];
        }
        let chunks = dims
            .iter()
            .zip(&split)
            .map(|(d, &s)| if d.reduced { d.n.div_ceil(s) } else { 1 })
            .collect();
        YnnPlan {
            dims,
            n_out,
            split,
            chunks,
        }
    }

    /// Number of first-stage tiles; 1 when the reduced axes fit one tile (no second stage).
    pub(crate) fn tiles(&self) -> usize {
        self.chunks.iter().product()
    }

    /// Tile `t`'s box: its offset into the operand and its axes.
    pub(crate) fn tile_box(&self, t: usize) -> (usize, Vec<Dim>) {
        let mut rest = t;
        let mut base = 0usize;
        let mut sub = self.dims.clone();
        for i in (0..self.dims.len()).rev() {
            if self.dims[i].reduced {
                let c = rest % self.chunks[i];
                rest /= self.chunks[i];
                base += c * self.split[i] * self.dims[i].stride;
                sub[i].n = self.split[i].min(self.dims[i].n - c * self.split[i]);
            }
        }
        (base, sub)
    }

    /// The second stage's operand: the first stage's `partials` (`[tiles, n_out]`) laid
    /// out as YNNPACK keeps them (the operand's axes, each split axis now its number of
    /// tiles), and its axes, to be reduced by the same kernels, unsplit.
    pub(crate) fn second_stage<T: Copy>(&self, partials: &[T]) -> (Vec<T>, Vec<Dim>) {
        let mut second: Vec<Dim> = Vec::with_capacity(self.dims.len());
        let mut s = 1usize;
        for (d, &c) in self.dims.iter().zip(&self.chunks).rev() {
            let n = if d.reduced { c } else { d.n };
            second.push(Dim {
                n,
                stride: s,
                out_stride: d.out_stride,
                reduced: d.reduced,
            });
            s *= n;
        }
        second.reverse();
        let n_out = self.n_out;
        let mut laid = partials.to_vec();
        for t in 0..self.tiles() {
            let mut rest = t;
            let mut at_t = 0usize;
            for (i, d) in second.iter().enumerate().rev() {
                if d.reduced {
                    at_t += (rest % self.chunks[i]) * d.stride;
                    rest /= self.chunks[i];
                }
            }
            for o in 0..n_out {
                let at = second
                    .iter()
                    .filter(|d| !d.reduced)
                    .map(|d| (o / d.out_stride) % d.n * d.stride)
                    .sum::<usize>();
                laid[at_t + at] = partials[t * n_out + o];
            }
        }
        second.retain(|d| d.n != 1);
        (laid, second)
    }
}

/// A box of axes as one YNNPACK kernel call sees it: the innermost reduced axes
/// contiguous with each other are its `k1` rows, the innermost kept axes its `n`
/// columns (stride `a_stride_n`), one more reduced axis its `k2` (stride
/// `a_stride_k2`); the `outer` axes loop around the calls, row-major.
pub(crate) struct KernelShape {
    pub(crate) n: usize,
    pub(crate) k1: usize,
    pub(crate) k2: usize,
    pub(crate) a_stride_n: usize,
    pub(crate) a_stride_k2: usize,
    pub(crate) outer: Vec<Dim>,
}

impl KernelShape {
    pub(crate) fn of(dims: &[Dim]) -> KernelShape {
        let (mut n, mut k1, mut k2) = (1usize, 1usize, 1usize);
        let (mut a_stride_n, mut a_stride_k2) = (0usize, 0usize);
        let mut outer: Vec<Dim> = Vec::new();
        for d in dims.iter().rev() {
            if d.reduced {
                if k1 == d.stride {
                    k1 *= d.n;
                } else if a_stride_k2 * k2 == d.stride {
                    k2 *= d.n;
                } else if k2 == 1 {
                    k2 = d.n;
                    a_stride_k2 = d.stride;
                } else {
                    outer.push(*d);
                }
            } else if d.out_stride == n {
                if a_stride_n * n == d.stride {
                    n *= d.n;
                } else if n == 1 {
                    n = d.n;
                    a_stride_n = d.stride;
                } else {
                    outer.push(*d);
                }
            } else {
                outer.push(*d);
            }
        }
        outer.reverse();
        KernelShape {
            n,
            k1,
            k2,
            a_stride_n,
            a_stride_k2,
            outer,
        }
    }

    /// Whether the call is YNNPACK's stream kernel (no contiguous reduced rows, the
    /// kept columns contiguous or one).
    pub(crate) fn streams(&self) -> bool {
        self.k1 == 1 && (self.n == 1 || self.a_stride_n == 1)
    }

    /// The operand and output offsets of each call, the `outer` axes row-major.
    pub(crate) fn calls(&self) -> Vec<(usize, usize)> {
        let extent: Vec<usize> = self.outer.iter().map(|d| d.n).collect();
        let mut idx = vec![0usize; extent.len()];
        let mut out = Vec::with_capacity(extent.iter().product());
        loop {
            let at = |f: fn(&Dim) -> usize| -> usize {
                idx.iter().zip(&self.outer).map(|(i, d)| i * f(d)).sum()
            };
            out.push((at(|d| d.stride), at(|d| d.out_stride)));
            if !odometer(&mut idx, &extent) {
                return out;
            }
        }
    }
}

/// The sum over `axes` of `x` (row-major `shape`) in YNNPACK's order (module docs); the
/// result is row-major over the kept axes. `map` runs the independent first-stage tiles,
/// serially or in parallel: it is called with the number of tiles and a function filling
/// tile `i`'s partial sums into the slice it is given, and must call it once per tile on
/// `partials` split into consecutive pieces of `stride` elements.
// The tile runner's signature spelled out: an alias would fix the closures' lifetimes.
#[allow(clippy::type_complexity)]
pub fn ynn_sum<A: Arith + Sync>(
    a: &A,
    x: &[A::T],
    shape: &[usize],
    axes: &[usize],
    map: &dyn Fn(usize, usize, &mut [A::T], &(dyn Fn(usize, &mut [A::T]) + Sync)),
) -> Vec<A::T>
where
    A::T: Send + Sync,
{
    let out_shape: Vec<usize> = (0..shape.len())
        .filter(|d| !axes.contains(d))
        .map(|d| shape[d])
        .collect();
    let n_out: usize = out_shape.iter().product();
    let mut out = vec![a.zero(); n_out];
    if x.is_empty() || n_out == 0 {
        return out;
    }
    let plan = YnnPlan::new(shape, axes, a.tile());
    let tiles = plan.tiles();
    if tiles == 1 {
        whole_box(a, x, &plan.dims, &mut out, map);
        return out;
    }
    // First stage: per tile of the reduced axes, the partial sums of every kept element,
    // stored as [tiles..., kept...] so that each tile is one contiguous piece.
    let mut partials = vec![a.zero(); tiles * n_out];
    let fill = |t: usize, piece: &mut [A::T]| {
        let (base, sub) = plan.tile_box(t);
        reduce_box(a, x, base, &sub, piece, 0);
    };
    map(tiles, n_out, &mut partials, &fill);
    let (laid, second) = plan.second_stage(&partials);
    reduce_box(a, &laid, 0, &second, &mut out, 0);
    out
}

/// Pieces [`whole_box`] splits a box into, at most, for `map` to run apart.
const BOX_PIECES: usize = 16;

/// A box whose reduced axes fit one tile, reduced into `out`. Each output element's sum
/// does not depend on the other kept elements (its order is fixed by the reduced axes), so
/// the outermost kept axis is cut into up to [`BOX_PIECES`] pieces of consecutive output,
/// each about a tile's worth of operand or more (what `map` expects of its tiles when it
/// weighs running them in parallel), with the same bits however they run.
#[allow(clippy::type_complexity)]
fn whole_box<A: Arith + Sync>(
    a: &A,
    x: &[A::T],
    dims: &[Dim],
    out: &mut [A::T],
    map: &dyn Fn(usize, usize, &mut [A::T], &(dyn Fn(usize, &mut [A::T]) + Sync)),
) where
    A::T: Send + Sync,
{
    let Some(kd) = dims.iter().position(|d| !d.reduced) else {
        return reduce_box(a, x, 0, dims, out, 0);
    };
    let (n, outer) = (dims[kd].n, out.len() / dims[kd].n);
    let per = n.div_ceil(BOX_PIECES.min(x.len() / a.tile()).max(1));
    let pieces = n.div_ceil(per);
    if pieces < 2 {
        return reduce_box(a, x, 0, dims, out, 0);
    }
    let fill = |i: usize, piece: &mut [A::T]| {
        let mut sub = dims.to_vec();
        sub[kd].n = per.min(n - i * per);
        sub.retain(|d| d.n != 1);
        reduce_box(a, x, i * per * dims[kd].stride, &sub, piece, 0);
    };
    map(pieces, per * outer, out, &fill);
}

/// YNNPACK's reduction of one box (`dims`, offsets `base` into `x` and `obase` into
/// `out`), accumulating into `out`: the innermost reduced axes contiguous with each other
/// are the `k1` kernel's rows, the innermost kept axes its `n`, one more reduced axis its
/// `k2`; the remaining axes loop outside, row-major, each call adding into the output.
fn reduce_box<A: Arith>(
    a: &A,
    x: &[A::T],
    base: usize,
    dims: &[Dim],
    out: &mut [A::T],
    obase: usize,
) {
    let shape = KernelShape::of(dims);
    let kn = shape.streams();
    let calls = shape.calls();
    let KernelShape {
        n,
        k1,
        k2,
        a_stride_n,
        a_stride_k2,
        ..
    } = shape;
    for (xo, oo) in calls {
        let (xi, oi) = (base + xo, obase + oo);
        if kn {
            a.sum_cols(x, xi, k2, a_stride_k2, &mut out[oi..oi + n]);
        } else {
            for j in 0..k2 {
                for r in 0..n {
                    let start = xi + j * a_stride_k2 + r * a_stride_n;
                    let s = a.sum_row(&x[start..start + k1]);
                    out[oi + r] = a.add(out[oi + r], s);
                }
            }
        }
    }
}

/// YNNPACK's `k1` float sum of one contiguous row: partial sums of four vectors at a time
/// added into the tree's first level, the levels flushed on the clock (the top one by a
/// Kahan sum), then the halving horizontal sum.
///
/// The row is first summed without flushing ([`Arith::read_kept`], [`Arith::add_kept`]:
/// a flush on the loop's dependency chain more than doubles its latency) while
/// [`Arith::watch`] looks at the elements. That changes no bits when no element is
/// nonzero and below `2^(emin + p - 1)` (`2⁻¹⁰³` for `f32`): every element is then a
/// multiple of the smallest normal `2^emin`, so is every exact sum or difference, and every
/// rounded one (a multiple of `2^emin` below `2^(emin + p)` is representable, and above
/// it the grid is coarser), so no result is subnormal and no flush acts. Otherwise the row
/// is summed again with flushing reads and adds.
#[inline(always)]
pub fn sum_k1<A: Arith>(a: &A, xs: &[A::T]) -> A::T {
    match a.lanes() {
        16 => sum_k1_fast_or_flushed::<A, 16>(a, xs),
        8 => sum_k1_fast_or_flushed::<A, 8>(a, xs),
        l => unreachable!("YNNPACK sums 64-byte vectors of 16 or 8 lanes, not {l}"),
    }
}

/// [`sum_k1`] at `L` lanes: the unflushed loop, or the flushing one when its watch objects.
#[inline(always)]
fn sum_k1_fast_or_flushed<A: Arith, const L: usize>(a: &A, xs: &[A::T]) -> A::T {
    sum_k1_lanes::<A, L, true>(a, xs)
        .unwrap_or_else(|| sum_k1_lanes::<A, L, false>(a, xs).expect("the flushing loop"))
}

/// How far ahead of its reads [`sum_k1`] asks for its operand ([`Arith::prefetch`]), in
/// blocks of four vectors.
const PREFETCH_BLOCKS: usize = 16;

/// [`sum_k1`] with its vector width a constant, so that each step is one vector
/// instruction per register once the caller's ISA is known; with `KEPT`, the fast loop,
/// and `None` if the watch saw a small element.
#[inline(always)]
fn sum_k1_lanes<A: Arith, const L: usize, const KEPT: bool>(a: &A, xs: &[A::T]) -> Option<A::T> {
    let z = a.zero();
    let mut acc0 = [z; L];
    let mut acc1 = [z; L];
    let mut acc2 = [z; L];
    let mut err = [z; L];
    let mut clock = 0usize;
    let mut seen = [z; L];
    let mut blocks = xs.chunks_exact(4 * L);
    let full = blocks.len();
    let mut done = 0usize;
    while full - done >= 4 {
        a.prefetch(xs, (done + PREFETCH_BLOCKS) * 4 * L, 16 * L);
        for _ in 0..4 {
            partial_k1::<A, L, KEPT>(a, blocks.next().expect("counted"), &mut acc0, &mut seen);
        }
        done += 4;
        clock += 4 * L;
        flush_tree(a, clock, &mut acc0, &mut acc1, &mut acc2, &mut err);
    }
    for b in &mut blocks {
        partial_k1::<A, L, KEPT>(a, b, &mut acc0, &mut seen);
        clock += L;
        flush_tree(a, clock, &mut acc0, &mut acc1, &mut acc2, &mut err);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let mut padded = [z; 4 * MAX_LANES];
        padded[..tail.len()].copy_from_slice(tail);
        partial_k1::<A, L, KEPT>(a, &padded[..4 * L], &mut acc0, &mut seen);
    }
    if KEPT && seen.iter().any(|&v| a.watched(v)) {
        return None;
    }
    flush_tree(a, 0, &mut acc0, &mut acc1, &mut acc2, &mut err);
    let mut v = [z; L];
    for k in 0..L {
        v[k] = a.add(z, acc2[k]);
    }
    let mut w = L / 2;
    while w > 0 {
        for k in 0..w {
            v[k] = a.add(v[k], v[k + w]);
        }
        w /= 2;
    }
    Some(v[0])
}

/// Four vectors of `block` (`4 * L` elements) summed from zero, added into `acc0` (with
/// `KEPT`, unflushed, the `seen` lanes watching the elements).
#[inline(always)]
fn partial_k1<A: Arith, const L: usize, const KEPT: bool>(
    a: &A,
    block: &[A::T],
    acc0: &mut [A::T; L],
    seen: &mut [A::T; L],
) {
    let mut local = [a.zero(); L];
    if KEPT {
        // The watch in a loop of its own (the block is in L1 by now): interleaved with the
        // adds, LLVM spills them.
        for v in block.chunks_exact(L) {
            for k in 0..L {
                seen[k] = a.watch(seen[k], v[k]);
            }
        }
    }
    for v in block.chunks_exact(L) {
        for k in 0..L {
            local[k] = if KEPT {
                a.add_kept(local[k], a.read_kept(v[k]))
            } else {
                a.add(local[k], a.read(v[k]))
            };
        }
    }
    for k in 0..L {
        acc0[k] = a.add(acc0[k], local[k]);
    }
}

/// YNNPACK's Kahan step of the tree's top level (a non-finite error is dropped).
#[inline(always)]
fn kahan<A: Arith>(a: &A, v: A::T, acc: &mut A::T, err: &mut A::T) {
    let y = a.sub(v, *err);
    let t = a.add(*acc, y);
    let e = a.sub(a.sub(t, *acc), y);
    *err = if a.is_finite(e) { e } else { a.zero() };
    *acc = t;
}

/// YNNPACK's `kn` float sum: `k` rows of `out.len()` contiguous elements, `stride` apart
/// from `x[base]`, added into `out` (four rows at a time into the tree's first level,
/// flushed on the clock as in [`sum_k1`]; up to four rows straight into `out`).
#[inline(always)]
pub fn sum_kn<A: Arith>(a: &A, x: &[A::T], base: usize, k: usize, stride: usize, out: &mut [A::T]) {
    let n = out.len();
    let z = a.zero();
    if k <= 4 {
        kn_partial(a, x, base, k, stride, 0, out);
        return;
    }
    let mut acc0 = vec![z; n];
    let mut acc1 = vec![z; n];
    let mut acc2 = vec![z; n];
    let mut err = vec![z; n];
    let mut r = 0usize;
    let mut clock = 0usize;
    while k - r >= 4 {
        kn_partial(a, x, base, k, stride, r, &mut acc0);
        r += 4;
        clock += 4;
        flush_tree(a, clock, &mut acc0, &mut acc1, &mut acc2, &mut err);
    }
    if r < k {
        kn_partial(a, x, base, k, stride, r, &mut acc0);
    }
    flush_tree(a, 0, &mut acc0, &mut acc1, &mut acc2, &mut err);
    for (o, &v) in out.iter_mut().zip(&acc2) {
        *o = a.add(*o, v);
    }
}

/// The tree's levels on YNNPACK's clock: the first level joins the second every
/// [`TREE_DEGREE`] steps, the second the Kahan-summed top every `TREE_DEGREE²`; a clock of 0
/// flushes both.
#[inline(always)]
fn flush_tree<A: Arith>(
    a: &A,
    clock: usize,
    acc0: &mut [A::T],
    acc1: &mut [A::T],
    acc2: &mut [A::T],
    err: &mut [A::T],
) {
    if clock & (TREE_DEGREE - 1) != 0 {
        return;
    }
    for (s, f) in acc1.iter_mut().zip(acc0.iter_mut()) {
        *s = a.add(*s, *f);
        *f = a.zero();
    }
    if clock & (TREE_DEGREE * TREE_DEGREE - 1) == 0 {
        for ((s, t), e) in acc1.iter_mut().zip(acc2.iter_mut()).zip(err.iter_mut()) {
            kahan(a, *s, t, e);
            *s = a.zero();
        }
    }
}

/// Rows `r0..r0 + 4` of [`sum_kn`] (zeros past row `k`) summed from zero and added into
/// `into`, columns a block at a time so that each row's adds are one vector loop.
#[inline(always)]
fn kn_partial<A: Arith>(
    a: &A,
    x: &[A::T],
    base: usize,
    k: usize,
    stride: usize,
    r0: usize,
    into: &mut [A::T],
) {
    const BLOCK: usize = 64;
    let z = a.zero();
    for (b, o) in into.chunks_mut(BLOCK).enumerate() {
        let j0 = b * BLOCK;
        let mut local = [z; BLOCK];
        let local = &mut local[..o.len()];
        for r in r0..r0 + 4 {
            if r < k {
                let start = base + r * stride + j0;
                for (l, &v) in local.iter_mut().zip(&x[start..start + o.len()]) {
                    *l = a.add(*l, a.read(v));
                }
            } else {
                local.iter_mut().for_each(|l| *l = a.add(*l, z));
            }
        }
        for (o, &l) in o.iter_mut().zip(local.iter()) {
            *o = a.add(*o, l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct F32;
    impl Arith for F32 {
        type T = f32;
        fn zero(&self) -> f32 {
            0.0
        }
        fn add(&self, a: f32, b: f32) -> f32 {
            a + b
        }
        fn sub(&self, a: f32, b: f32) -> f32 {
            a - b
        }
        fn is_finite(&self, a: f32) -> bool {
            a.is_finite()
        }
        fn lanes(&self) -> usize {
            16
        }
    }

    #[test]
    fn tree_windows_long_axes() {
        // 2^24 absorbs a 1 added to it alone but not a window's sum of ones: XLA's windows
        // of 32 (33 elements: padding 15 before, so the first window holds 17 elements).
        let mut x = vec![1.0f32; 33];
        x[0] = 16_777_216.0;
        let got = tree(&x, &[33], &[0], 0.0, &|a, b| a + b, Lanes::ONE);
        assert_eq!(got, vec![16_777_216.0 + 16.0]);
        let flat = x.iter().fold(0.0f32, |a, &b| a + b);
        assert_eq!(flat, 16_777_216.0);
    }

    /// Values whose sums depend on the order: large and small magnitudes, both signs.
    fn awkward(n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| {
                let h = (i as u32).wrapping_mul(2_654_435_761) >> 8;
                let m = [1.0e-3f32, 1.0, 3.0e4, 1.0e7][(h % 4) as usize];
                let s = if h & 16 == 0 { 1.0 } else { -1.0 };
                s * m * (1.0 + (h % 1000) as f32 / 997.0)
            })
            .collect()
    }

    #[test]
    fn row_reductions_keep_the_windowed_order() {
        let add = |a: f32, b: f32| a + b;
        let shapes: [(&[usize], &[usize]); 9] = [
            (&[1000], &[0]),
            (&[7, 33], &[1]),
            (&[3, 1, 1025], &[2]),
            (&[3, 1025, 1], &[1, 2]),
            (&[4, 20, 30], &[1, 2]),
            (&[2, 40, 40], &[1, 2]),
            (&[40, 5], &[0]),
            (&[2, 3], &[]),
            (&[5, 0], &[1]),
        ];
        for (shape, axes) in shapes {
            let x = awkward(shape.iter().product());
            let windows = tree_windows(&x, shape, axes, 0.0, &add, Lanes::ONE);
            assert_eq!(
                tree(&x, shape, axes, 0.0, &add, Lanes::ONE),
                windows,
                "{shape:?} over {axes:?}"
            );
        }
    }

    #[test]
    fn lanes_split_the_second_innermost_loop() {
        let add = |a: f32, b: f32| a + b;
        let fold = |init: f32, xs: &[f32]| xs.iter().fold(init, |a, &b| a + b);
        // A [4, 3] box over 2 lanes: rows 0 and 2 in lane 0 (after the running value), rows
        // 1 and 3 in lane 1, joined once.
        let x = awkward(12);
        let lane0 = fold(fold(0.0, &x[0..3]), &x[6..9]);
        let lane1 = fold(fold(x[3], &x[4..6]), &x[9..12]);
        assert_eq!(
            tree(&x, &[4, 3], &[0, 1], 0.0, &add, Lanes::avx2(2)),
            vec![lane0 + lane1]
        );
        // Kept axes and the scalar loop outside: each [2, 4, 3] result folds its leading
        // axis, carrying the running value into lane 0 of the next pass.
        let x = awkward(48);
        let got = tree(&x, &[2, 2, 4, 3], &[1, 2, 3], 0.0, &add, Lanes::avx2(8));
        for (r, &g) in got.iter().enumerate() {
            let b = &x[r * 24..(r + 1) * 24];
            let mut acc = 0.0f32;
            for box3 in b.chunks(12) {
                // n = 4 rows over min(8, 4) = 4 lanes, joined by halving.
                let mut l = [acc, box3[3], box3[6], box3[9]];
                l[0] = fold(l[0], &box3[0..3]);
                for k in 1..4 {
                    l[k] = fold(l[k], &box3[3 * k + 1..3 * k + 3]);
                }
                acc = (l[0] + l[2]) + (l[1] + l[3]);
            }
            assert_eq!(g.to_bits(), acc.to_bits(), "result {r}");
        }
        // The windows' loop nest (the kept axis innermost in memory): per column, the two
        // rows of the [2, 4] box in two lanes.
        let x = awkward(24);
        let got = tree(&x, &[2, 4, 3], &[0, 1], 0.0, &add, Lanes::avx2(2));
        for (c, &g) in got.iter().enumerate() {
            let col = |r: usize| (0..4).map(|j| x[r * 12 + j * 3 + c]).collect::<Vec<f32>>();
            let (r0, r1) = (col(0), col(1));
            assert_eq!(
                g.to_bits(),
                (fold(0.0, &r0) + fold(r1[0], &r1[1..])).to_bits()
            );
        }
        // An empty reduced axis leaves the identity.
        assert_eq!(
            tree(&[], &[2, 0, 3, 4], &[0, 1, 2], 0.0, &add, Lanes::avx2(8)),
            vec![0.0; 4]
        );
        // Padded windows (33 = 2 windows, padded) stay in row-major order.
        let x = awkward(33 * 33);
        assert_eq!(
            tree(&x, &[33, 33], &[0, 1], 0.0, &add, Lanes::avx2(8)),
            tree_windows(&x, &[33, 33], &[0, 1], 0.0, &add, Lanes::ONE)
        );
    }

    #[test]
    fn one_row_is_the_one_dimensional_sum() {
        let serial = |t: usize, w: usize, p: &mut [f32], f: &(dyn Fn(usize, &mut [f32]) + Sync)| {
            for (i, c) in p.chunks_mut(w).enumerate().take(t) {
                f(i, c)
            }
        };
        for n in [1, 2, 63, 64, 65, 1000, 4096, 32768, 32769, 70_000] {
            let x = awkward(n);
            let whole = ynn_sum(&F32, &x, &[n], &[0], &serial)[0];
            assert_eq!(ynn_row(&F32, &x).to_bits(), whole.to_bits(), "n = {n}");
        }
    }

    #[test]
    fn ynn_small_row_is_lanes_then_halving() {
        // 4096 ones and one 2^24 in lane 0: lane 0's own ones are absorbed one vector at a
        // time only after the tree's levels meet it.
        let x = vec![1.0f32; 4096];
        let s = ynn_sum(&F32, &x, &[4096], &[0], &|t, w, p, f| {
            for (i, c) in p.chunks_mut(w).enumerate().take(t) {
                f(i, c)
            }
        });
        assert_eq!(s, vec![4096.0]);
    }
}
