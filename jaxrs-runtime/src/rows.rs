//! Row fusion: a program over the rows of one shape `S = [..., C]` whose reductions run
//! along the last axis (row softmax, logsumexp, layer norms) runs as one loop over tiles
//! of whole rows, each tile's intermediates staying in cache; only the outputs are
//! written to memory.
//!
//! Every value of such a program has a *class* relative to `S` (see [`Class`]): a full
//! value (shape `S`), a row value (one element per row, shape `S` without its last axis,
//! or with it as `1`), a column value (shape `[C]`, the same vector for every row) or a
//! splat (one element). Elementwise operations combine them with broadcasting along the
//! last axis, last-axis `reduce_sum/max/min/prod` turn a full value into a row value, and
//! `broadcast_in_dim`/`reshape` that keep the elements (adding or dropping unit axes) are
//! free. [`step_class`] is the one rule for what may join a row program; the `fuse` pass
//! ([`crate::passes::fuse`]) groups equations with it and [`RowKernel::build`] compiles
//! the group for a call.
//!
//! Bits: every step calls the kernels the op-by-op path calls, on the same elements in the
//! same order (a row's reduction is [`Elem::row`] over the row, as
//! [`crate::kernels::reduce::reduce`] computes it; a division by a row or column value is
//! a multiply by its reciprocal, as [`crate::exec`] and XLA do), so the results are the
//! op-by-op results bit for bit (`tests/fuse.rs`).
//!
//! JAX counterpart: XLA:CPU's loop fusion of a reduction with its producers and consumers
//! (the row softmax becomes one `fusion` with a reduce inside).

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::{DType, Scalar};
use jaxrs_core::jaxpr::{Atom, ClosedJaxpr, Eqn, Jaxpr};
use jaxrs_core::primitive::{Kind, Primitive};
use jaxrs_core::{scalar, with_buffer};

use crate::fuse::{run_step, FUSED_CHUNK};
use crate::kernels::reduce::{Elem, Op};
use crate::kernels::{View, ViewMut};
use crate::parallel::worth_parallel;
use crate::simd::{self, Isa};

/// What a value of a row program is, relative to its full shape `S = [..., C]`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Class {
    /// Shape `S`: `C` elements per row.
    Full,
    /// One element per row (shape `S[..-1]` or `S[..-1] + [1]`).
    Row,
    /// Shape `[C]` (or with leading unit axes): the same `C` elements for every row.
    Col,
    /// One element for everything.
    Splat,
}

/// The full shape of a row program and its two row shapes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowShape {
    /// `S`.
    pub full: Vec<usize>,
}

impl RowShape {
    /// The row shape of `full` if it has at least two rows of at least two elements.
    pub fn new(full: &[usize]) -> Option<RowShape> {
        let (&c, lead) = full.split_last()?;
        let r: usize = lead.iter().product();
        (c >= 2 && r >= 2).then(|| RowShape {
            full: full.to_vec(),
        })
    }

    /// Elements per row.
    pub fn cols(&self) -> usize {
        *self.full.last().expect("a row shape has axes")
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.full[..self.full.len() - 1].iter().product()
    }

    /// Whether `shape` holds one element per row.
    fn is_row(&self, shape: &[usize]) -> bool {
        let lead = &self.full[..self.full.len() - 1];
        shape == lead
            || (shape.len() == self.full.len()
                && &shape[..lead.len()] == lead
                && shape[lead.len()] == 1)
    }

    /// Whether `shape` is `[C]` with leading unit axes, no longer than `S`.
    fn is_col(&self, shape: &[usize]) -> bool {
        shape.len() <= self.full.len()
            && shape.last() == Some(&self.cols())
            && shape[..shape.len() - 1].iter().all(|&d| d == 1)
    }

    /// The class of an operand of `shape` used by an operation whose result is full
    /// (`full_out`) or a row value; `temp_row` when the operand is a row value computed in
    /// the program (which cannot stand for a column vector).
    fn operand(&self, shape: &[usize], full_out: bool, temp_row: bool) -> Option<Class> {
        let size: usize = shape.iter().product();
        if size == 1 && shape.len() <= self.full.len() && !temp_row {
            return Some(Class::Splat);
        }
        if full_out {
            if shape == self.full.as_slice() {
                Some(Class::Full)
            } else if shape.len() == self.full.len() && self.is_row(shape) {
                Some(Class::Row)
            } else if !temp_row && self.is_col(shape) {
                Some(Class::Col)
            } else {
                None
            }
        } else {
            self.is_row(shape).then_some(Class::Row)
        }
    }
}

/// The last-axis reduction `primitive` computes, if it is one.
fn row_reduction(primitive: &Primitive, rank: usize) -> Option<Op> {
    let (op, axes) = match primitive {
        Primitive::ReduceSum { axes } => (Op::Sum, axes),
        Primitive::ReduceMax { axes } => (Op::Max, axes),
        Primitive::ReduceMin { axes } => (Op::Min, axes),
        Primitive::ReduceProd { axes } => (Op::Prod, axes),
        _ => return None,
    };
    // A rank-0 operand has no last axis.
    (rank > 0 && axes.as_slice() == [rank - 1]).then_some(op)
}

/// The class of `e`'s result when it joins a row program of shape `s`, given the classes
/// of the program's values so far (`classes`, by variable id; other variables come from
/// outside and are classified by shape). `None`: it cannot join.
pub fn step_class(e: &Eqn, s: &RowShape, classes: &HashMap<usize, Class>) -> Option<Class> {
    let [out] = &e.outputs[..] else { return None };
    if out.aval.prng_key || e.inputs.iter().any(|a| a.aval().prng_key) {
        return None;
    }
    let inner = |a: &Atom| match a {
        Atom::Var(v) => classes.get(&v.id).copied(),
        Atom::Literal(_) => None,
    };
    let out_shape = out.aval.shape.as_slice();
    let full_out = out_shape == s.full.as_slice();
    match e.primitive.kind() {
        Kind::ElementwiseUnary | Kind::ElementwiseBinary | Kind::ElementwiseNary => {
            if !full_out && !s.is_row(out_shape) {
                return None;
            }
            for a in &e.inputs {
                let temp = inner(a);
                let c = s.operand(&a.aval().shape, full_out, temp == Some(Class::Row))?;
                // A row value computed here must keep its class (a splat-sized temp does not
                // exist: row programs have at least two rows).
                if temp.is_some_and(|t| t != c) {
                    return None;
                }
            }
            Some(if full_out { Class::Full } else { Class::Row })
        }
        Kind::Reduce => {
            let op = row_reduction(&e.primitive, s.full.len())?;
            let x = &e.inputs[0];
            let float = matches!(x.aval().dtype, DType::F32 | DType::F64);
            let ok = x.aval().shape == s.full && float && inner(x) != Some(Class::Row);
            let _ = op;
            (ok && s.is_row(out_shape)).then_some(Class::Row)
        }
        Kind::Structural => {
            if !matches!(
                e.primitive,
                Primitive::BroadcastInDim { .. } | Primitive::Reshape { .. }
            ) {
                return None;
            }
            let x = &e.inputs[0];
            let in_shape = x.aval().shape.as_slice();
            // Only moves that keep every element where it is (unit axes added or dropped).
            if in_shape.iter().product::<usize>() != out_shape.iter().product::<usize>() {
                return None;
            }
            if s.is_row(in_shape) && s.is_row(out_shape) && inner(x) != Some(Class::Full) {
                Some(Class::Row)
            } else if in_shape == s.full.as_slice() && full_out {
                Some(Class::Full)
            } else {
                None
            }
        }
        Kind::Random | Kind::Contraction | Kind::HigherOrder | Kind::Effect => None,
    }
}

/// The row shape a row program starting at `e` would have: the operand of a last-axis
/// reduction, or the result of an elementwise operation.
pub fn start_shape(e: &Eqn) -> Option<RowShape> {
    let [out] = &e.outputs[..] else { return None };
    match e.primitive.kind() {
        Kind::Reduce => {
            let x = e.inputs.first()?.aval();
            row_reduction(&e.primitive, x.shape.len())?;
            RowShape::new(&x.shape)
        }
        Kind::ElementwiseUnary | Kind::ElementwiseBinary | Kind::ElementwiseNary => {
            RowShape::new(&out.aval.shape)
        }
        _ => None,
    }
}

/// Rows at least this long make a row program of broadcasts alone (no reduction) worth
/// it: each broadcasting step runs one kernel call per row.
pub const MIN_BROADCAST_COLS: usize = 64;

/// The length of the row program that starts at `eqns[0]`, if it has at least two
/// equations and a reduction, or a full-size result computed from a row or column value
/// (a bias add) in rows of at least [`MIN_BROADCAST_COLS`]; otherwise the plain
/// elementwise fusion is as good (and it cannot read broadcast operands).
pub fn run_length(eqns: &[Eqn]) -> Option<(usize, RowShape)> {
    let s = start_shape(eqns.first()?)?;
    let full: usize = s.full.iter().product();
    let mut classes = HashMap::new();
    let (mut reductions, mut broadcasts) = (0, 0);
    let mut n = 0;
    for e in eqns {
        let Some(c) = step_class(e, &s, &classes) else {
            break;
        };
        if e.primitive.kind() == Kind::Reduce {
            reductions += 1;
        } else if c == Class::Full
            && e.inputs
                .iter()
                .any(|a| ![1, full].contains(&a.aval().size()))
        {
            broadcasts += 1;
        }
        classes.insert(e.outputs[0].id, c);
        n += 1;
    }
    // Trailing steps after the last reduction still save a pass each.
    let worth = reductions > 0 || (broadcasts > 0 && s.cols() >= MIN_BROADCAST_COLS);
    (n >= 2 && worth).then_some((n, s))
}

/// Where a value of a compiled row program lives.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Val {
    /// `known[i]`: an argument, constant or literal.
    Known(usize),
    /// `scratch[i]`: computed per tile.
    Temp(usize),
}

/// An operand: where it lives and what it is.
#[derive(Copy, Clone, Debug)]
struct Operand {
    val: Val,
    class: Class,
}

/// One step of a tile.
#[derive(Clone, Debug)]
enum Step {
    /// `temp[out] = primitive(operands)`, full (`C` per row) or per row.
    Map {
        primitive: Primitive,
        operands: Vec<Operand>,
        out: usize,
        full: bool,
    },
    /// `temp[out][row] = op over the row of input`.
    Reduce { op: Op, input: Operand, out: usize },
}

/// A row program compiled for one call.
#[derive(Debug)]
pub struct RowKernel<'a> {
    shape: RowShape,
    known: Vec<Cow<'a, Concrete>>,
    /// Dtype and class (`Full` or `Row`) of each temp.
    temps: Vec<(DType, Class)>,
    steps: Vec<Step>,
    outputs: Vec<(Operand, Aval)>,
    /// Per step, the output it writes straight into (skipping its temp and the copy): a
    /// full temp that is an output once and that no later step reads.
    direct: Vec<Option<usize>>,
    isa: Isa,
}

impl<'a> RowKernel<'a> {
    /// Compiles `jaxpr` (a flat program, as the `fuse` pass makes them) for `args`, or
    /// `None` if it is not a row program.
    pub fn build(jaxpr: &'a ClosedJaxpr, args: &[&'a Concrete]) -> Option<RowKernel<'a>> {
        let j: &Jaxpr = &jaxpr.jaxpr;
        let s = start_shape(j.eqns.first()?)?;
        let mut known: Vec<Cow<'a, Concrete>> = Vec::new();
        let mut env: HashMap<usize, Val> = HashMap::new();
        for (v, c) in j.constvars.iter().zip(&jaxpr.consts) {
            known.push(Cow::Borrowed(c.as_concrete()?));
            env.insert(v.id, Val::Known(known.len() - 1));
        }
        for (v, a) in j.invars.iter().zip(args) {
            known.push(Cow::Borrowed(*a));
            env.insert(v.id, Val::Known(known.len() - 1));
        }
        let mut classes: HashMap<usize, Class> = HashMap::new();
        let mut temps: Vec<(DType, Class)> = Vec::new();
        let mut steps: Vec<Step> = Vec::new();
        for e in &j.eqns {
            let class = step_class(e, &s, &classes)?;
            let out = &e.outputs[0];
            let full_out = out.aval.shape == s.full;
            let mut ops = Vec::with_capacity(e.inputs.len());
            for a in &e.inputs {
                let val = match a {
                    Atom::Var(v) => *env.get(&v.id)?,
                    Atom::Literal(x) => {
                        known.push(Cow::Owned(x.as_concrete()?.clone()));
                        Val::Known(known.len() - 1)
                    }
                };
                let temp_row = matches!(a, Atom::Var(v) if classes.get(&v.id) == Some(&Class::Row));
                let c = match e.primitive.kind() {
                    Kind::Reduce => Class::Full,
                    Kind::Structural => classes.get(&a_id(a)?).copied().unwrap_or(class),
                    _ => s.operand(&a.aval().shape, full_out, temp_row)?,
                };
                ops.push(Operand { val, class: c });
            }
            let result = match e.primitive.kind() {
                Kind::Structural => ops[0].val,
                Kind::Reduce => {
                    temps.push((out.aval.dtype, Class::Row));
                    let t = temps.len() - 1;
                    let op = row_reduction(&e.primitive, s.full.len())?;
                    steps.push(Step::Reduce {
                        op,
                        input: ops[0],
                        out: t,
                    });
                    Val::Temp(t)
                }
                _ => {
                    let y_shape = e.inputs.get(1).map_or(&[][..], |y| &y.aval().shape[..]);
                    let (primitive, ops) = reciprocal(
                        &e.primitive,
                        ops,
                        y_shape,
                        &out.aval,
                        &mut known,
                        &mut temps,
                        &mut steps,
                    )?;
                    temps.push((out.aval.dtype, class));
                    let t = temps.len() - 1;
                    steps.push(Step::Map {
                        primitive,
                        operands: ops,
                        out: t,
                        full: class == Class::Full,
                    });
                    Val::Temp(t)
                }
            };
            classes.insert(out.id, class);
            env.insert(out.id, result);
        }
        let mut outputs = Vec::with_capacity(j.outvars.len());
        for (a, aval) in j.outvars.iter().zip(jaxpr.out_avals()) {
            let Atom::Var(v) = a else { return None };
            let val = *env.get(&v.id)?;
            let Val::Temp(t) = val else { return None };
            outputs.push((
                Operand {
                    val,
                    class: temps[t].1,
                },
                aval,
            ));
        }
        let direct = direct_outputs(&steps, &outputs);
        Some(RowKernel {
            shape: s,
            known,
            temps,
            steps,
            outputs,
            direct,
            isa: Isa::detect(),
        })
    }

    /// Compiles the loop for `isa` instead of the detected one (tests run every ISA).
    pub fn set_isa(&mut self, isa: Isa) {
        self.isa = isa;
    }

    /// Rows per tile: about [`FUSED_CHUNK`] elements, at least one row.
    fn tile_rows(&self) -> usize {
        (FUSED_CHUNK / self.shape.cols()).clamp(1, self.shape.rows())
    }

    /// Runs the program: tiles of whole rows, in parallel when large enough.
    pub fn run(&self) -> Vec<Buffer> {
        let (r, c, t) = (self.shape.rows(), self.shape.cols(), self.tile_rows());
        let mut outs: Vec<Buffer> = self
            .outputs
            .iter()
            .map(|(_, a)| crate::pool::take(a.dtype, &a.shape))
            .collect();
        let n_tiles = r.div_ceil(t);
        let mut tasks: Vec<(usize, Vec<ViewMut<'_>>)> = (0..n_tiles)
            .map(|i| (i * t, Vec::with_capacity(outs.len())))
            .collect();
        for (out, (o, _)) in outs.iter_mut().zip(&self.outputs) {
            let per = if o.class == Class::Full { t * c } else { t };
            with_buffer!(out, v => {
                for (task, chunk) in tasks.iter_mut().zip(v.chunks_mut(per)) {
                    task.1.push(ViewMut::from(chunk));
                }
            });
        }
        let cost = 4 * self.steps.len().max(1);
        if worth_parallel(r * c, cost) {
            let groups = 4 * rayon::current_num_threads();
            let per = n_tiles.div_ceil(groups).max(1);
            let mut grouped: Vec<Vec<(usize, Vec<ViewMut<'_>>)>> = Vec::with_capacity(groups);
            let mut it = tasks.into_iter().peekable();
            while it.peek().is_some() {
                grouped.push(it.by_ref().take(per).collect());
            }
            grouped.into_par_iter().for_each(|group| {
                let mut scratch = self.scratch();
                for (row0, o) in group {
                    self.tile(&mut scratch, row0, o);
                }
            });
        } else {
            let mut scratch = self.scratch();
            for (row0, o) in tasks {
                self.tile(&mut scratch, row0, o);
            }
        }
        outs
    }

    fn scratch(&self) -> Vec<Buffer> {
        let t = self.tile_rows();
        let c = self.shape.cols();
        self.temps
            .iter()
            .map(|&(d, class)| Buffer::zeros(d, if class == Class::Full { t * c } else { t }))
            .collect()
    }

    /// `o` over the tile's rows `row0..row0 + rows`, or (`row` given) over that row of
    /// the tile alone, as an operand of a full step (`C` per row) or a row step.
    fn view<'s>(
        &'s self,
        scratch: &'s [Buffer],
        o: Operand,
        row0: usize,
        rows: usize,
        row: Option<usize>,
    ) -> View<'s> {
        let c = self.shape.cols();
        let buf = match o.val {
            Val::Known(i) => self.known[i].data(),
            Val::Temp(i) => &scratch[i],
        };
        // Known values are indexed by absolute row, temps by row within the tile.
        let base = if matches!(o.val, Val::Known(_)) {
            row0
        } else {
            0
        };
        match (o.class, row) {
            (Class::Splat, _) => View::splat(buf, 0),
            (Class::Col, _) => View::of(buf),
            (Class::Full, None) => View::of(buf).sub(base * c, rows * c),
            (Class::Full, Some(k)) => View::of(buf).sub((base + k) * c, c),
            (Class::Row, None) => View::of(buf).sub(base, rows),
            (Class::Row, Some(k)) => View::splat(buf, base + k),
        }
    }

    /// Computes the tile of rows starting at `row0` of every output.
    fn tile(&self, scratch: &mut [Buffer], row0: usize, outs: Vec<ViewMut<'_>>) {
        let c = self.shape.cols();
        let rows = self.tile_rows().min(self.shape.rows() - row0);
        let mut outs: Vec<Option<ViewMut<'_>>> = outs.into_iter().map(Some).collect();
        for (i, step) in self.steps.iter().enumerate() {
            let out = match step {
                Step::Map { out, .. } | Step::Reduce { out, .. } => *out,
            };
            let mut target = std::mem::replace(&mut scratch[out], Buffer::Bool(Vec::new()));
            match step {
                Step::Map {
                    primitive,
                    operands,
                    full,
                    ..
                } => {
                    let mut dst = match self.direct[i].and_then(|j| outs[j].take()) {
                        Some(o) => o,
                        None => ViewMut::of(&mut target),
                    };
                    let per_row = *full
                        && operands
                            .iter()
                            .any(|o| matches!(o.class, Class::Row | Class::Col));
                    if per_row {
                        // Row and column operands broadcast along the row: one call per row.
                        let mut views: Vec<View<'_>> = Vec::with_capacity(operands.len());
                        for k in 0..rows {
                            views.clear();
                            views.extend(
                                operands
                                    .iter()
                                    .map(|&o| self.view(scratch, o, row0, rows, Some(k))),
                            );
                            let o = range_mut(&mut dst, k * c, c);
                            simd::run(
                                self.isa,
                                #[inline(always)]
                                || run_step(primitive, &views, o),
                            );
                        }
                    } else {
                        let len = if *full { rows * c } else { rows };
                        let views: Vec<View<'_>> = operands
                            .iter()
                            .map(|&o| self.view(scratch, o, row0, rows, None))
                            .collect();
                        let o = dst.sub_mut(len);
                        simd::run(
                            self.isa,
                            #[inline(always)]
                            || run_step(primitive, &views, o),
                        );
                    }
                }
                Step::Reduce { op, input, .. } => {
                    let x = self.view(scratch, *input, row0, rows, None);
                    let o = ViewMut::of(&mut target);
                    simd::run(
                        self.isa,
                        #[inline(always)]
                        || reduce_rows(*op, x, o, rows, c, self.shape.rows() * c),
                    );
                }
            }
            scratch[out] = target;
        }
        for ((o, _), dst) in self.outputs.iter().zip(outs) {
            // `None`: its step wrote it.
            let Some(dst) = dst else { continue };
            let len = if o.class == Class::Full {
                rows * c
            } else {
                rows
            };
            let v = self.view(scratch, *o, row0, rows, None);
            crate::kernels::copy_into(v.sub(0, len), dst);
        }
    }
}

/// The id of a variable operand.
fn a_id(a: &Atom) -> Option<usize> {
    match a {
        Atom::Var(v) => Some(v.id),
        Atom::Literal(_) => None,
    }
}

/// Elements `start..start + len` of `v`.
fn range_mut<'b>(v: &'b mut ViewMut<'_>, start: usize, len: usize) -> ViewMut<'b> {
    macro_rules! range {
        ($($d:ident),*) => {
            match v {
                $(ViewMut::$d(s) => ViewMut::$d(&mut s[start..start + len]),)*
            }
        };
    }
    range!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, BF16, F32, F64)
}

/// For each step, the output it may write straight into: the step makes a full temp that
/// is exactly one output and that no later step reads (else the temp is needed).
fn direct_outputs(steps: &[Step], outputs: &[(Operand, Aval)]) -> Vec<Option<usize>> {
    let reads = |step: &Step, t: usize| match step {
        Step::Map { operands, .. } => operands.iter().any(|o| o.val == Val::Temp(t)),
        Step::Reduce { input, .. } => input.val == Val::Temp(t),
    };
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let Step::Map {
                out, full: true, ..
            } = step
            else {
                return None;
            };
            let mut uses = outputs
                .iter()
                .enumerate()
                .filter(|(_, (o, _))| o.val == Val::Temp(*out));
            let (j, _) = uses.next()?;
            let later = steps[i + 1..].iter().any(|s| reads(s, *out));
            (uses.next().is_none() && !later).then_some(j)
        })
        .collect()
}

/// Each of `rows` rows of `c` elements of `x` reduced into `out`, as
/// [`crate::kernels::reduce::reduce`] reduces a last axis of an operand of `total`
/// elements ([`Elem::row`]: the order of a float sum depends on the operand's size).
#[inline(always)]
fn reduce_rows(op: Op, x: View<'_>, out: ViewMut<'_>, rows: usize, c: usize, total: usize) {
    #[inline(always)]
    fn go<T: Elem>(op: Op, x: &[T], out: &mut [T], rows: usize, c: usize, total: usize) {
        for (o, row) in out[..rows].iter_mut().zip(x.chunks_exact(c)) {
            *o = T::row(op, row, total);
        }
    }
    match (x, out) {
        (View::F32(crate::kernels::Src::Slice(x)), ViewMut::F32(o)) => go(op, x, o, rows, c, total),
        (View::F64(crate::kernels::Src::Slice(x)), ViewMut::F64(o)) => go(op, x, o, rows, c, total),
        (x, o) => unreachable!("row reduction of {} into {}", x.dtype(), o.dtype()),
    }
}

/// XLA's `x / broadcast(y)` → `x * broadcast(1 / y)` where the reference rewrites it
/// (`scalar::divides_by_broadcast` of the divisor's shape `y_shape`: a splat divisor of a
/// full or row value, a row or column one of a full value): a known divisor's reciprocal is
/// computed now, a row value's by a row step before the multiply.
fn reciprocal<'a>(
    primitive: &Primitive,
    ops: Vec<Operand>,
    y_shape: &[usize],
    out: &Aval,
    known: &mut Vec<Cow<'a, Concrete>>,
    temps: &mut Vec<(DType, Class)>,
    steps: &mut Vec<Step>,
) -> Option<(Primitive, Vec<Operand>)> {
    let [x, y] = ops[..] else {
        return Some((primitive.clone(), ops));
    };
    let dtype = out.dtype;
    if !scalar::divides_by_broadcast(primitive, dtype, y_shape, &out.shape) {
        return Some((primitive.clone(), ops));
    }
    // XLA keeps a `bfloat16` divisor's reciprocal in `float32` (`scalar::broadcast_reciprocal`):
    // left to the op-by-op path.
    if dtype == DType::BF16 {
        return None;
    }
    let one = scalar::round_to(dtype, Scalar::Int(1));
    let recip = match y.val {
        Val::Known(i) => {
            let c = &known[i];
            let b = Buffer::from_scalars(
                dtype,
                c.data()
                    .to_scalars()
                    .into_iter()
                    .map(|v| scalar::binary(primitive, one, v, dtype, dtype)),
            );
            known.push(Cow::Owned(Concrete::new(c.aval().clone(), b)));
            Val::Known(known.len() - 1)
        }
        Val::Temp(_) => {
            let lit = Concrete::new(Aval::new(vec![], dtype), Buffer::from_scalars(dtype, [one]));
            known.push(Cow::Owned(lit));
            let one_val = Operand {
                val: Val::Known(known.len() - 1),
                class: Class::Splat,
            };
            temps.push((dtype, Class::Row));
            let t = temps.len() - 1;
            steps.push(Step::Map {
                primitive: Primitive::Div,
                operands: vec![one_val, y],
                out: t,
                full: false,
            });
            Val::Temp(t)
        }
    };
    Some((
        Primitive::Mul,
        vec![
            x,
            Operand {
                val: recip,
                class: y.class,
            },
        ],
    ))
}
