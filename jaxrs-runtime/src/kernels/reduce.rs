//! Reductions (`reduce_sum/prod/max/min/and/or`, `argmax/argmin`) along any axes and
//! cumulative scans, typed per dtype, parallel when large.
//!
//! # Accumulation order (the one place it is decided)
//! `f32`/`f64` sums and products run in XLA:CPU's association order, defined once in
//! [`jaxrs_core::xla_reduce`] and run here typed (YNNPACK's vector tree for large sums, its
//! first-stage tiles in parallel; the tree-reduction rewriter's windows otherwise), so
//! they give the reference evaluator's bits and JAX's. The other reductions do not show
//! their order in the bits, so they are free to run fast: the operand's axes are collapsed
//! into alternating runs of kept and reduced axes, and the input is walked once in
//! row-major order. Where the innermost run is kept, each output row is combined
//! elementwise with the input row (vectorized). Where it is reduced, each contiguous input
//! run is folded into its output element with [`Elem`]'s `run`:
//! - integers, `bool`, `f16`/`bf16` and every scan fold left to right, rounding after each
//!   step, exactly as the reference evaluator (`jaxrs_core::interpreters::eval::reduce`);
//! - `f32`/`f64` `max`/`min` fold in [`LANES`] lanes; that gives the reference's bits
//!   because a non-NaN maximum is unique, any NaN gives the canonical NaN, and a zero result
//!   (whose sign depends on order) is recomputed left to right.
//!
//! JAX counterpart: XLA:CPU's reduction emitter (`reduce` HLO with an `add`/`max`/...
//! computation), `argmax`/`argmin` as variadic reduces, and `cumsum` & co. as
//! `reduce-window`/associative scans.

use half::{bf16, f16};
use rayon::prelude::*;

use super::elementwise::{float_max, float_min};
use crate::parallel::worth_parallel;
use crate::pool;
use crate::simd::{self, Isa};
use jaxrs_core::dtype::DType;
use jaxrs_core::xla_reduce;
use jaxrs_core::ynn_extreme;

/// Lanes of the float `max`/`min` folds: two AVX-512 vectors of `f32`.
pub const LANES: usize = 32;

/// Float `max`/`min` runs shorter than this fold left to right with the flushing
/// combiner (lanes gain little there; the lanes' select does not flush subnormals, which
/// matters only when the result is the run's one element).
pub const SHORT: usize = 128;

/// Elements per parallel task of a whole-array reduction.
pub const BLOCK: usize = 16 * 1024;

/// The combining operation of a reduction or scan.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `add` (OR for `bool`).
    Sum,
    /// `mul` (AND for `bool`).
    Prod,
    /// `max`.
    Max,
    /// `min`.
    Min,
    /// Bitwise / logical AND.
    And,
    /// Bitwise / logical OR.
    Or,
}

/// An element type that reductions run on, with the reference's arithmetic.
pub trait Elem: Copy + Send + Sync + 'static {
    /// Whether `and`/`or` are defined (not for floats).
    const BITWISE: bool;
    /// Whether a whole-array [`Elem::run`] may be split into blocks computed apart and
    /// combined in order with the same bits (not for `f16`/`bf16`, whose steps round).
    const SPLITS: bool;
    /// Identity of `Sum`/`Or`.
    const ZERO: Self;
    /// Identity of `Prod`.
    const ONE: Self;
    /// Identity of `Max` (the lowest value, `-inf` for floats).
    const LOWEST: Self;
    /// Identity of `Min` (the highest value, `+inf` for floats).
    const HIGHEST: Self;
    /// Identity of `And`: every bit set.
    const ALL_ONES: Self;
    /// `add`, rounded/wrapped to the type.
    fn add(self, o: Self) -> Self;
    /// `mul`, rounded/wrapped to the type.
    fn mul(self, o: Self) -> Self;
    /// NaN-propagating `max`.
    fn max(self, o: Self) -> Self;
    /// NaN-propagating `min`.
    fn min(self, o: Self) -> Self;
    /// `and` (undefined for floats).
    fn and(self, o: Self) -> Self;
    /// `or` (undefined for floats).
    fn or(self, o: Self) -> Self;
    /// Whether `self` replaces the running best `best` of an `argmax` (`max`) or `argmin`:
    /// NaN wins over numbers, the first of equal values stays.
    fn better(self, best: Self, max: bool) -> bool;
    /// `acc` combined with every element of `xs` (see the module's accumulation order).
    #[inline(always)]
    fn run(op: Op, acc: Self, xs: &[Self]) -> Self {
        let f = combiner::<Self>(op);
        xs.iter().fold(acc, |a, &x| f(a, x))
    }
    /// `op` over `axes` of `x` in XLA:CPU's order where the order shows in the bits (`f32`
    /// and `f64` sums and products), else `None`.
    fn ordered(_op: Op, _x: &[Self], _shape: &[usize], _axes: &[usize]) -> Option<Vec<Self>> {
        None
    }
    /// `got`, the NaN-propagating `max`/`min` over `axes` of `x`, replaced by YNNPACK's
    /// where JAX runs it there and `got` may differ from it (an element that is NaN, zero
    /// or subnormal: [`ynn_extreme::needs_model`]), so the usual inputs keep the fast path.
    fn ynn_extreme(
        _op: Op,
        _x: &[Self],
        _shape: &[usize],
        _axes: &[usize],
        got: Vec<Self>,
    ) -> Vec<Self> {
        got
    }
    /// One row of a last-axis reduction of an operand of `total` elements, as
    /// [`reduce`] computes it.
    #[inline(always)]
    fn row(op: Op, row: &[Self], _total: usize) -> Self {
        Self::run(op, identity::<Self>(op), row)
    }
}

/// The two-operand function of `op`.
#[inline(always)]
fn combiner<T: Elem>(op: Op) -> fn(T, T) -> T {
    match op {
        Op::Sum => T::add,
        Op::Prod => T::mul,
        Op::Max => T::max,
        Op::Min => T::min,
        Op::And => T::and,
        Op::Or => T::or,
    }
}

/// The identity of `op`.
pub fn identity<T: Elem>(op: Op) -> T {
    match op {
        Op::Sum | Op::Or => T::ZERO,
        Op::Prod => T::ONE,
        Op::Max => T::LOWEST,
        Op::Min => T::HIGHEST,
        Op::And => T::ALL_ONES,
    }
}

macro_rules! int_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            const BITWISE: bool = true;
            const SPLITS: bool = true;
            const ZERO: Self = 0;
            const ONE: Self = 1;
            const LOWEST: Self = <$t>::MIN;
            const HIGHEST: Self = <$t>::MAX;
            const ALL_ONES: Self = !0;
            #[inline(always)]
            fn add(self, o: Self) -> Self { self.wrapping_add(o) }
            #[inline(always)]
            fn mul(self, o: Self) -> Self { self.wrapping_mul(o) }
            #[inline(always)]
            fn max(self, o: Self) -> Self { Ord::max(self, o) }
            #[inline(always)]
            fn min(self, o: Self) -> Self { Ord::min(self, o) }
            #[inline(always)]
            fn and(self, o: Self) -> Self { self & o }
            #[inline(always)]
            fn or(self, o: Self) -> Self { self | o }
            #[inline(always)]
            fn better(self, best: Self, max: bool) -> bool {
                if max { self > best } else { self < best }
            }
        }
    )*};
}
int_elem!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Elem for bool {
    const BITWISE: bool = true;
    const SPLITS: bool = true;
    const ZERO: Self = false;
    const ONE: Self = true;
    const LOWEST: Self = false;
    const HIGHEST: Self = true;
    const ALL_ONES: Self = true;
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        self | o
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        self & o
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        self | o
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        self & o
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        self & o
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        self | o
    }
    #[inline(always)]
    fn better(self, best: Self, max: bool) -> bool {
        if max {
            self & !best
        } else {
            !self & best
        }
    }
}

/// Subnormals read and written as zeros of their sign, as XLA:CPU's FTZ/DAZ mode does
/// (`xla_math::flush_*`): the short runs, which give the reference's bits, flush each step.
trait Ftz {
    fn ftz(self) -> Self;
}

impl Ftz for f32 {
    #[inline(always)]
    fn ftz(self) -> Self {
        jaxrs_core::xla_math::flush_f32(self)
    }
}

impl Ftz for f64 {
    #[inline(always)]
    fn ftz(self) -> Self {
        jaxrs_core::xla_math::flush_f64(self)
    }
}

#[inline(always)]
fn float_better(a: f64, b: f64, max: bool) -> bool {
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

/// `f16`/`bf16`: each step computed in `f32` and rounded (exact: `f32` has more than twice
/// their precision, so the double rounding is harmless), as the reference rounds each step.
macro_rules! half_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            const BITWISE: bool = false;
            const SPLITS: bool = false;
            const ZERO: Self = <$t>::ZERO;
            const ONE: Self = <$t>::ONE;
            const LOWEST: Self = <$t>::NEG_INFINITY;
            const HIGHEST: Self = <$t>::INFINITY;
            const ALL_ONES: Self = <$t>::NAN;
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                <$t>::from_f32((self.to_f32().ftz() + o.to_f32().ftz()).ftz())
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                <$t>::from_f32((self.to_f32().ftz() * o.to_f32().ftz()).ftz())
            }
            #[inline(always)]
            fn max(self, o: Self) -> Self {
                <$t>::from_f32(float_max(self.to_f32().ftz(), o.to_f32().ftz()))
            }
            #[inline(always)]
            fn min(self, o: Self) -> Self {
                <$t>::from_f32(float_min(self.to_f32().ftz(), o.to_f32().ftz()))
            }
            fn and(self, _: Self) -> Self { unreachable!("and of floats") }
            fn or(self, _: Self) -> Self { unreachable!("or of floats") }
            #[inline(always)]
            fn better(self, best: Self, max: bool) -> bool {
                float_better(self.to_f64(), best.to_f64(), max)
            }
            fn ynn_extreme(op: Op, x: &[Self], shape: &[usize], axes: &[usize], got: Vec<Self>) -> Vec<Self> {
                match op {
                    Op::Max | Op::Min
                        if ynn_extreme::uses_ynn_extreme(<$t>::DTYPE, x.len())
                            && got.iter().any(|r| ynn_extreme::needs_model(r.to_f64(), <$t>::MIN_POSITIVE.to_f64())) =>
                    {
                        half_ynn(x, shape, axes, op)
                    }
                    _ => got,
                }
            }
            #[inline(always)]
            fn row(op: Op, row: &[Self], total: usize) -> Self {
                let r = Self::run(op, identity::<Self>(op), row);
                if matches!(op, Op::Max | Op::Min)
                    && ynn_extreme::needs_model(r.to_f64(), <$t>::MIN_POSITIVE.to_f64())
                    && ynn_extreme::uses_ynn_extreme(<$t>::DTYPE, total)
                {
                    half_ynn(row, &[row.len()], &[0], op)[0]
                } else {
                    r
                }
            }
        }
    )*};
}
half_elem!(f16, bf16);

/// The `f16`/`bf16` types' dtypes, for [`ynn_extreme::uses_ynn_extreme`].
trait HalfDType: Copy {
    const DTYPE: DType;
    fn to_bits(self) -> u16;
    fn from_bits(b: u16) -> Self;
}

impl HalfDType for f16 {
    const DTYPE: DType = DType::F16;
    fn to_bits(self) -> u16 {
        f16::to_bits(self)
    }
    fn from_bits(b: u16) -> Self {
        f16::from_bits(b)
    }
}

impl HalfDType for bf16 {
    const DTYPE: DType = DType::BF16;
    fn to_bits(self) -> u16 {
        bf16::to_bits(self)
    }
    fn from_bits(b: u16) -> Self {
        bf16::from_bits(b)
    }
}

/// YNNPACK's `f16`/`bf16` max/min ([`ynn_extreme::ynn_extreme_half`]) of typed elements.
fn half_ynn<T: HalfDType + Elem>(x: &[T], shape: &[usize], axes: &[usize], op: Op) -> Vec<T> {
    let bits: Vec<u16> = x.iter().map(|v| v.to_bits()).collect();
    let init = identity::<T>(op).to_bits();
    ynn_extreme::ynn_extreme_half(&bits, shape, axes, init, op == Op::Max)
        .into_iter()
        .map(T::from_bits)
        .collect()
}

macro_rules! float_elem {
    ($($t:ident: $d:ident),*) => {$(
        impl Elem for $t {
            const BITWISE: bool = false;
            const SPLITS: bool = true;
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const LOWEST: Self = $t::NEG_INFINITY;
            const HIGHEST: Self = $t::INFINITY;
            const ALL_ONES: Self = $t::NAN;
            #[inline(always)]
            fn add(self, o: Self) -> Self { (self.ftz() + o.ftz()).ftz() }
            #[inline(always)]
            fn mul(self, o: Self) -> Self { (self.ftz() * o.ftz()).ftz() }
            #[inline(always)]
            fn max(self, o: Self) -> Self { float_max(self.ftz(), o.ftz()) }
            #[inline(always)]
            fn min(self, o: Self) -> Self { float_min(self.ftz(), o.ftz()) }
            fn and(self, _: Self) -> Self { unreachable!("and of floats") }
            fn or(self, _: Self) -> Self { unreachable!("or of floats") }
            #[inline(always)]
            fn better(self, best: Self, max: bool) -> bool {
                float_better(self as f64, best as f64, max)
            }
            #[inline(always)]
            fn run(op: Op, acc: Self, xs: &[Self]) -> Self {
                match op {
                    Op::Max if xs.len() >= SHORT => extreme(acc, xs, true),
                    Op::Min if xs.len() >= SHORT => extreme(acc, xs, false),
                    _ => {
                        let f = combiner::<Self>(op);
                        xs.iter().fold(acc, |a, &x| f(a, x))
                    }
                }
            }
            fn ordered(op: Op, x: &[Self], shape: &[usize], axes: &[usize]) -> Option<Vec<Self>> {
                let sum = match op {
                    Op::Sum => true,
                    Op::Prod => false,
                    _ => return None,
                };
                Some(if xla_reduce::uses_ynn(sum, DType::$d, x.len()) {
                    xla_reduce::ynn_sum(&Native::<$t>::default(), x, shape, axes, &par_tiles)
                } else {
                    let lanes = xla_reduce::loop_lanes(std::mem::size_of::<$t>());
                    if sum {
                        xla_reduce::tree(x, shape, axes, 0.0, &<$t as Elem>::add, lanes)
                    } else {
                        xla_reduce::tree(x, shape, axes, 1.0, &<$t as Elem>::mul, lanes)
                    }
                })
            }
            fn ynn_extreme(op: Op, x: &[Self], shape: &[usize], axes: &[usize], got: Vec<Self>) -> Vec<Self> {
                match op {
                    Op::Max | Op::Min
                        if ynn_extreme::uses_ynn_extreme(DType::$d, x.len())
                            && got.iter().any(|&r| ynn_extreme::needs_model(r as f64, $t::MIN_POSITIVE as f64)) =>
                    {
                        ynn_extreme::ynn_extreme(x, shape, axes, op == Op::Max)
                    }
                    _ => got,
                }
            }
            #[inline(always)]
            fn row(op: Op, row: &[Self], total: usize) -> Self {
                match Self::ordered_row(op, row, total) {
                    Some(v) => v,
                    None => {
                        let r = Self::run(op, identity::<Self>(op), row);
                        if matches!(op, Op::Max | Op::Min)
                            && ynn_extreme::needs_model(r as f64, $t::MIN_POSITIVE as f64)
                            && ynn_extreme::uses_ynn_extreme(DType::$d, total)
                        {
                            ynn_extreme::ynn_extreme_row(row, op == Op::Max)
                        } else {
                            r
                        }
                    }
                }
            }
        }

        impl Native<$t> {
            const LANES: usize = 64 / std::mem::size_of::<$t>();
        }

        impl xla_reduce::Arith for Native<$t> {
            type T = $t;
            #[inline(always)]
            fn zero(&self) -> $t { 0.0 }
            #[inline(always)]
            fn read(&self, x: $t) -> $t { x.ftz() }
            #[inline(always)]
            fn add(&self, a: $t, b: $t) -> $t { (a + b).ftz() }
            #[inline(always)]
            fn sub(&self, a: $t, b: $t) -> $t { (a - b).ftz() }
            #[inline(always)]
            fn add_kept(&self, a: $t, b: $t) -> $t { a + b }
            #[inline(always)]
            fn read_kept(&self, x: $t) -> $t { x }
            #[inline(always)]
            fn watch(&self, seen: $t, x: $t) -> $t {
                // 2^(emin + p - 1): 2^-103 for f32, 2^-970 for f64.
                let small = $t::MIN_POSITIVE * (1u64 << ($t::MANTISSA_DIGITS - 1)) as $t;
                let m = x.abs();
                seen + if m < small { m } else { 0.0 }
            }
            #[inline(always)]
            fn watched(&self, seen: $t) -> bool { seen != 0.0 }
            #[inline(always)]
            fn prefetch(&self, xs: &[$t], at: usize, n: usize) {
                prefetch(xs, at, n);
            }
            #[inline(always)]
            fn is_finite(&self, a: $t) -> bool { a.is_finite() }
            #[inline(always)]
            fn lanes(&self) -> usize { Self::LANES }
            fn sum_row(&self, xs: &[$t]) -> $t {
                simd::run(Isa::detect(), #[inline(always)] || xla_reduce::sum_k1(self, xs))
            }
            fn sum_cols(&self, x: &[$t], base: usize, k: usize, stride: usize, out: &mut [$t]) {
                simd::run(
                    Isa::detect(),
                    #[inline(always)]
                    || xla_reduce::sum_kn(self, x, base, k, stride, out),
                )
            }
        }
    )*};
}
float_elem!(f32: F32, f64: F64);

/// The native arithmetic of `f32`/`f64` for [`xla_reduce`] (flushing subnormals).
struct Native<T>(std::marker::PhantomData<T>);

impl<T> Default for Native<T> {
    fn default() -> Self {
        Native(std::marker::PhantomData)
    }
}

/// [`xla_reduce::ynn_sum`]'s first-stage tiles, in parallel when there are several.
fn par_tiles<T: Send>(tiles: usize, w: usize, p: &mut [T], f: &(dyn Fn(usize, &mut [T]) + Sync)) {
    let tile = xla_reduce::tile_elems(std::mem::size_of::<T>());
    if tiles > 1 && worth_parallel(p.len() * tile / w.max(1), 1) {
        p.par_chunks_mut(w)
            .enumerate()
            .take(tiles)
            .for_each(|(i, c)| f(i, c));
    } else {
        p.chunks_mut(w)
            .enumerate()
            .take(tiles)
            .for_each(|(i, c)| f(i, c));
    }
}

/// A float sum or product of one row (a last-axis reduction of `total` elements) in
/// XLA:CPU's order: the row's result does not depend on the other rows.
trait OrderedRow: Elem {
    fn ordered_row(op: Op, row: &[Self], total: usize) -> Option<Self>;
}

impl<T: Elem> OrderedRow for T
where
    Native<T>: xla_reduce::Arith<T = T> + Sync,
{
    #[inline(always)]
    fn ordered_row(op: Op, row: &[T], total: usize) -> Option<T> {
        Some(match op {
            Op::Sum if xla_reduce::uses_ynn(true, dtype_of::<T>(), total) => {
                xla_reduce::ynn_row(&Native::<T>::default(), row)
            }
            Op::Sum => xla_reduce::tree_row(row, T::ZERO, &T::add),
            Op::Prod => xla_reduce::tree_row(row, T::ONE, &T::mul),
            _ => return None,
        })
    }
}

/// `F32` or `F64`.
fn dtype_of<T: 'static>() -> DType {
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<f32>() {
        DType::F32
    } else {
        DType::F64
    }
}

/// NaN is the one value unequal to itself (generic over the float types).
#[allow(clippy::eq_op)]
#[inline(always)]
fn is_nan<T: PartialEq>(x: T) -> bool {
    x != x
}

/// `max`/`min` of `acc` and `xs` with the reference's bits (see the module docs).
///
/// The lanes keep `m > x ? m : x` (`<` for `min`), one `vmaxps`-like select, and a running
/// sum of their elements, which a NaN turns into NaN for good, so the loop vectorizes; the
/// order of the final combination does not matter because a nonzero non-NaN extreme is
/// unique, and the other cases are refolded (infinities of both signs make a NaN sum too,
/// and are refolded as well). A sum, one add per vector: a lane that kept the last NaN
/// seen is only ever tested for NaN, and LLVM narrowed it to flags, repacking every
/// comparison into bytes.
#[inline(always)]
fn extreme<T: Elem + PartialOrd + std::ops::Add<Output = T>>(acc: T, xs: &[T], max: bool) -> T {
    let keep = |m: T, x: T| if max { m > x } else { m < x };
    let mut m = [acc; LANES];
    let mut sums = [T::ZERO; LANES];
    let mut chunks = xs.chunks_exact(LANES);
    for c in &mut chunks {
        for k in 0..LANES {
            let x = c[k];
            sums[k] = sums[k] + x;
            m[k] = if keep(m[k], x) { m[k] } else { x };
        }
    }
    let mut nan = sums.iter().any(|&v| is_nan(v));
    let mut best = chunks.remainder().iter().fold(acc, |a, &x| {
        nan |= is_nan(x);
        if keep(a, x) {
            a
        } else {
            x
        }
    });
    for &v in &m {
        best = if keep(best, v) { best } else { v };
    }
    if nan || is_nan(acc) || best == T::ZERO {
        // Rare: the order decides the sign of a zero; NaN takes the slow path too.
        let f = if max { T::max } else { T::min };
        xs.iter().fold(acc, |a, &x| f(a, x))
    } else {
        best
    }
}

/// Runs of kept (`false`) and reduced (`true`) axes, unit axes dropped, neighbours of one
/// kind merged; at least one run.
fn collapse(shape: &[usize], axes: &[usize]) -> Vec<(usize, bool)> {
    let mut runs: Vec<(usize, bool)> = Vec::new();
    for (d, &n) in shape.iter().enumerate() {
        if n == 1 {
            continue;
        }
        let r = axes.contains(&d);
        match runs.last_mut() {
            Some((m, k)) if *k == r => *m *= n,
            _ => runs.push((n, r)),
        }
    }
    if runs.is_empty() {
        runs.push((1, true));
    }
    runs
}

/// `op` over `axes` of `x` (row-major `shape`), in the module's accumulation order.
#[track_caller]
pub fn reduce<T: Elem>(x: &[T], shape: &[usize], axes: &[usize], op: Op, dtype: DType) -> Vec<T> {
    let got = reduce_fast(x, shape, axes, op, dtype);
    T::ynn_extreme(op, x, shape, axes, got)
}

/// [`reduce`] before YNNPACK's max/min replaces a result that may differ from it.
#[track_caller]
fn reduce_fast<T: Elem>(x: &[T], shape: &[usize], axes: &[usize], op: Op, dtype: DType) -> Vec<T> {
    let out_shape: Vec<usize> = (0..shape.len())
        .filter(|d| !axes.contains(d))
        .map(|d| shape[d])
        .collect();
    let n_out: usize = out_shape.iter().product();
    if !x.is_empty() && n_out != 0 {
        if let Some(v) = T::ordered(op, x, shape, axes) {
            return v;
        }
    }
    let mut out = pool::alloc_vec(n_out, identity::<T>(op), dtype, &out_shape);
    if x.is_empty() || n_out == 0 {
        return out;
    }
    let runs = collapse(shape, axes);
    if let [(n, true)] = runs[..] {
        out[0] = whole(op, x, n);
        return out;
    }
    // Row-major strides of the input and of the output (zero on reduced runs).
    let mut in_st = vec![0usize; runs.len()];
    let mut out_st = vec![0usize; runs.len()];
    let (mut a, mut b) = (1, 1);
    for (d, &(n, r)) in runs.iter().enumerate().rev() {
        in_st[d] = a;
        a *= n;
        if !r {
            out_st[d] = b;
            b *= n;
        }
    }
    let (lead, lead_reduced) = runs[0];
    if !lead_reduced && lead >= 2 && worth_parallel(x.len(), 1) {
        // Independent output rows: split the leading kept run over cores.
        let per = lead.div_ceil(4 * rayon::current_num_threads());
        out.par_chunks_mut(per * out_st[0])
            .enumerate()
            .for_each(|(c, o)| {
                let mut sub = runs.clone();
                sub[0].0 = o.len() / out_st[0];
                fold_box(&x[c * per * in_st[0]..], &sub, &in_st, &out_st, o, op);
            });
    } else {
        fold_box(x, &runs, &in_st, &out_st, &mut out, op);
    }
    out
}

/// A whole-array reduction of `n` elements: blocks in parallel when large (block results
/// are combined left to right, so the bits do not depend on the thread count).
fn whole<T: Elem>(op: Op, x: &[T], n: usize) -> T {
    let acc = identity::<T>(op);
    if !T::SPLITS || !worth_parallel(n, 1) || n <= BLOCK {
        return T::run(op, acc, x);
    }
    let parts: Vec<T> = x
        .par_chunks(BLOCK)
        .map(|b| T::run(op, identity::<T>(op), b))
        .collect();
    // Equal to the serial fold: each part is its block's lane result combined with the
    // identity, which changes no bits an accumulator starting at the identity can see.
    let f = combiner::<T>(op);
    parts.into_iter().fold(acc, f)
}

/// The serial loop nest over `runs` (input strides `in_st`, output strides `out_st`).
fn fold_box<T: Elem>(
    x: &[T],
    runs: &[(usize, bool)],
    in_st: &[usize],
    out_st: &[usize],
    out: &mut [T],
    op: Op,
) {
    let r = runs.len();
    let (n, reduced) = runs[r - 1];
    let f = combiner::<T>(op);
    let outer = &runs[..r - 1];
    let mut idx = vec![0usize; outer.len()];
    let (mut i, mut o) = (0usize, 0usize);
    loop {
        let xs = &x[i..i + n];
        if reduced {
            out[o] = T::run(op, out[o], xs);
        } else {
            for (a, &v) in out[o..o + n].iter_mut().zip(xs) {
                *a = f(*a, v);
            }
        }
        let mut ax = outer.len();
        loop {
            if ax == 0 {
                return;
            }
            ax -= 1;
            idx[ax] += 1;
            i += in_st[ax];
            o += out_st[ax];
            if idx[ax] < outer[ax].0 {
                break;
            }
            i -= in_st[ax] * outer[ax].0;
            o -= out_st[ax] * outer[ax].0;
            idx[ax] = 0;
        }
    }
}

/// `argmax` (`max`) or `argmin` along `axis`: per lane, the index of the first best
/// element (NaN counts as best), as `i64`.
pub fn arg_reduce<T: Elem>(x: &[T], shape: &[usize], axis: usize, max: bool) -> Vec<i64> {
    let n = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    let outer: usize = shape[..axis].iter().product();
    let mut out = vec![0i64; outer * inner];
    if n == 0 {
        return out;
    }
    let mut best: Vec<T> = Vec::with_capacity(inner);
    for o in 0..outer {
        let base = o * n * inner;
        let idx = &mut out[o * inner..(o + 1) * inner];
        best.clear();
        best.extend_from_slice(&x[base..base + inner]);
        for k in 1..n {
            let row = &x[base + k * inner..base + (k + 1) * inner];
            for ((b, i), &v) in best.iter_mut().zip(idx.iter_mut()).zip(row) {
                if v.better(*b, max) {
                    *b = v;
                    *i = k as i64;
                }
            }
        }
    }
    out
}

/// `cumsum` & co. along `axis`: element `k` combines the scan so far with element `k`
/// (`op(prev, cur)`, from the end when `reverse`), left to right as the reference.
#[track_caller]
pub fn scan<T: Elem>(
    x: &[T],
    shape: &[usize],
    axis: usize,
    reverse: bool,
    op: Op,
    dtype: DType,
) -> Vec<T> {
    let mut out = pool::alloc_vec(x.len(), identity::<T>(op), dtype, shape);
    out.copy_from_slice(x);
    let n = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    if n < 2 || inner == 0 {
        return out;
    }
    let f = combiner::<T>(op);
    let block = n * inner;
    let lane = |o: &mut [T]| {
        let steps: Box<dyn Iterator<Item = (usize, usize)>> = if reverse {
            Box::new((0..n - 1).rev().map(|k| (k + 1, k)))
        } else {
            Box::new((1..n).map(|k| (k - 1, k)))
        };
        for (prev, cur) in steps {
            let (p, c) = if prev < cur {
                let (a, b) = o.split_at_mut(cur * inner);
                (&a[prev * inner..(prev + 1) * inner], &mut b[..inner])
            } else {
                let (a, b) = o.split_at_mut(prev * inner);
                (&b[..inner], &mut a[cur * inner..(cur + 1) * inner])
            };
            for (c, &p) in c.iter_mut().zip(p) {
                *c = f(p, *c);
            }
        }
    };
    if worth_parallel(x.len(), 1) && x.len() / block >= 2 {
        out.par_chunks_mut(block).for_each(lane);
    } else {
        out.chunks_mut(block).for_each(lane);
    }
    out
}

/// Asks the processor to bring the cache lines of `xs[at..at + n]` (clipped to `xs`) into
/// L1: a long sum's loop does enough work per element that the hardware prefetcher alone
/// keeps fewer lines in flight than memory needs (W5 ran at 68% of a plain sum's speed on
/// one core).
#[inline(always)]
fn prefetch<T>(xs: &[T], at: usize, n: usize) {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let end = xs.len().min(at.saturating_add(n));
        let per_line = (64 / std::mem::size_of::<T>()).max(1);
        let mut i = at;
        while i < end {
            // SAFETY: SSE, the one feature `_mm_prefetch` needs, is part of the x86_64
            // baseline, and a prefetch only hints: it reads nothing the program sees and
            // never faults (the pointer is in bounds anyway).
            unsafe { _mm_prefetch::<_MM_HINT_T0>(xs[i..].as_ptr().cast()) };
            i += per_line;
        }
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    let _ = (xs, at, n);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_sums_do_not_depend_on_threads() {
        let x: Vec<f32> = (0..3 * BLOCK + 77)
            .map(|i| ((i * 7919) % 1000) as f32 * 0.001 - 0.3)
            .collect();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let serial = one.install(|| reduce(&x, &[x.len()], &[0], Op::Sum, DType::F32));
        let parallel = reduce(&x, &[x.len()], &[0], Op::Sum, DType::F32);
        assert_eq!(serial[0].to_bits(), parallel[0].to_bits());
    }

    #[test]
    fn a_subnormal_partial_sum_is_flushed_as_the_reference_flushes_it() {
        // Normal elements whose partial sum cancels below the smallest normal: the fast
        // loop keeps such a sum, sees it and sums the row again with flushing adds.
        use jaxrs_core::array::Concrete;
        use jaxrs_core::aval::Aval;
        use jaxrs_core::buffer::Buffer;
        use jaxrs_core::interpreters::eval::eval_primitive;
        use jaxrs_core::primitive::Primitive;
        let tiny = f32::MIN_POSITIVE;
        let mut x = vec![0.0f32; 8192];
        // Lane 3 of the fifth block of four 16-lane vectors: 1.5·tiny - 1.25·tiny is
        // subnormal (flushed: 0), then + 4·tiny. Kept, the sum would be 4.25·tiny.
        x[4 * 64 + 3] = 1.5 * tiny;
        x[4 * 64 + 16 + 3] = -1.25 * tiny;
        x[4 * 64 + 32 + 3] = 4.0 * tiny;
        let input = Concrete::new(Aval::new(vec![8192], DType::F32), Buffer::F32(x.clone()));
        let want = eval_primitive(
            &Primitive::ReduceSum { axes: vec![0] },
            &[&input],
            &[Aval::new(vec![], DType::F32)],
        );
        assert_eq!(want[0], Buffer::F32(vec![4.0 * tiny]));
        let got = reduce(&x, &[x.len()], &[0], Op::Sum, DType::F32);
        assert_eq!(got[0].to_bits(), (4.0 * tiny).to_bits());
    }

    #[test]
    fn collapses_runs() {
        assert_eq!(
            collapse(&[2, 3, 1, 4], &[1, 3]),
            vec![(2, false), (12, true)]
        );
        assert_eq!(collapse(&[2, 3, 4], &[0]), vec![(2, true), (12, false)]);
        assert_eq!(collapse(&[1], &[0]), vec![(1, true)]);
    }

    #[test]
    fn sums_along_any_axes() {
        let x: Vec<i32> = (0..24).collect();
        assert_eq!(
            reduce(&x, &[2, 3, 4], &[1], Op::Sum, DType::I32),
            vec![12, 15, 18, 21, 48, 51, 54, 57]
        );
        assert_eq!(
            reduce(&x, &[2, 3, 4], &[0, 2], Op::Sum, DType::I32),
            vec![60, 92, 124]
        );
        assert_eq!(
            reduce(&x, &[2, 3, 4], &[0, 1, 2], Op::Sum, DType::I32),
            vec![276]
        );
    }

    #[test]
    fn float_max_keeps_the_reference_zero() {
        let xs = [-0.0f32, 0.0, -0.0];
        let want = xs.iter().fold(f32::NEG_INFINITY, |a, &x| float_max(a, x));
        assert_eq!(
            extreme(f32::NEG_INFINITY, &xs, true).to_bits(),
            want.to_bits()
        );
        let mut ys = vec![1.0f32; 100];
        ys[70] = f32::NAN;
        assert!(extreme(f32::NEG_INFINITY, &ys, true).is_nan());
    }

    #[test]
    fn float_extremes_of_infinities_and_overflowing_lanes_match_the_fold() {
        // Lane 3 sums -inf and +inf (a NaN sum, refolded), the others overflow.
        let mut xs = vec![3e38f32; 100];
        for (i, x) in xs.iter_mut().enumerate() {
            if i % 2 == 1 {
                *x = -3e38;
            }
        }
        xs[3] = f32::NEG_INFINITY;
        xs[3 + LANES] = f32::INFINITY;
        for max in [true, false] {
            let f = if max { float_max } else { float_min };
            let start = if max {
                f32::NEG_INFINITY
            } else {
                f32::INFINITY
            };
            let want = xs.iter().fold(start, |a, &x| f(a, x));
            assert_eq!(extreme(start, &xs, max).to_bits(), want.to_bits());
            let finite: Vec<f32> = xs.iter().map(|&x| x.clamp(-3e38, 3e38)).collect();
            let want = finite.iter().fold(start, |a, &x| f(a, x));
            assert_eq!(extreme(start, &finite, max).to_bits(), want.to_bits());
        }
    }

    #[test]
    fn argmax_takes_the_first_best() {
        assert_eq!(arg_reduce(&[1, 3, 3, 2], &[4], 0, true), vec![1]);
        assert_eq!(arg_reduce(&[1.0f32, f32::NAN, 5.0], &[3], 0, true), vec![1]);
        assert_eq!(arg_reduce(&[4, 1, 0, 2], &[2, 2], 0, false), vec![1, 0]);
    }

    #[test]
    fn scans_forward_and_backward() {
        let x = [1, 2, 3, 4];
        assert_eq!(
            scan(&x, &[4], 0, false, Op::Sum, DType::I32),
            vec![1, 3, 6, 10]
        );
        assert_eq!(
            scan(&x, &[4], 0, true, Op::Sum, DType::I32),
            vec![10, 9, 7, 4]
        );
        assert_eq!(
            scan(&x, &[2, 2], 0, false, Op::Max, DType::I32),
            vec![1, 2, 3, 4]
        );
    }
}
