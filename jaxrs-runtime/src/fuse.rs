//! The fused executor for `jit` calls: elementwise programs run chunk by chunk, each
//! chunk's intermediates staying in cache, chunks spread over cores; only the outputs are
//! written to memory.
//!
//! This is the seed of the compiler's `fuse` pass (DESIGN.md, "The compiler"). JAX
//! counterpart: XLA's loop fusion, which turns `jax.random.normal`'s chain of
//! `random_bits → shift → or → bitcast → sub → mul → add → max → erf_inv → mul` into one
//! loop.
//!
//! [`FusedKernel::build`] flattens a closed jaxpr (nested `jit` calls are inlined) against
//! concrete arguments and sorts every value into one of two classes:
//! - **known**: computed before the loop, with the runtime's ordinary kernels, because all
//!   its operands are known and it is small (scalars, literals, `broadcast_in_dim` of a
//!   scalar to `[1]`, keys). A known value of one element acts as a splat operand in the
//!   loop; a known value (argument, constant) with the loop's size is read chunk by chunk;
//! - **looped**: an elementwise primitive (unary, binary, `select_n`, `clamp`, bitcast,
//!   convert) or `random_bits` (32-bit, one key) whose result has the loop's size `n`; each
//!   gets a chunk-sized
//!   scratch buffer per worker. `broadcast_in_dim`/`reshape` that only add unit axes or
//!   splat a scalar are free: they alias their operand.
//!
//! Anything else makes the jaxpr not fusible; [`execute_jit`] then runs it op by op with
//! the runtime's kernels ([`interpret`]). Both are tested bit for bit against the reference
//! evaluator in `tests/fuse.rs`.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::DType;
use jaxrs_core::jaxpr::contract::{self, Factors, MULTIPLY_ADD};
use jaxrs_core::jaxpr::{Atom, ClosedJaxpr, Jaxpr};
use jaxrs_core::primitive::{Kind, Primitive};
use jaxrs_core::with_buffer;

use crate::exec;
use crate::kernels::{elementwise, fma, threefry, View, ViewMut};
use crate::parallel::worth_parallel;
use crate::simd::{self, Isa};

/// Elements per fused chunk: with ~10 intermediates of 4 bytes, 4096 elements keep a
/// chunk's working set (~160 KiB) inside L2.
pub const FUSED_CHUNK: usize = 4096;

/// Below this many elements a `jit` call is not worth fusing: op by op is as fast.
pub const MIN_FUSED_LEN: usize = 2048;

/// Runs a `jit` call: fused when the jaxpr is an elementwise program over enough elements,
/// op by op with the runtime's kernels otherwise. Always `Some` (the reference is never
/// needed).
pub fn execute_jit(
    jaxpr: &ClosedJaxpr,
    inputs: &[&Concrete],
    out_avals: &[Aval],
) -> Option<exec::Buffers> {
    // A row program first: its test is cheap, while the elementwise builder would compute
    // the program's reductions eagerly before giving up.
    if let Some(kernel) = crate::rows::RowKernel::build(jaxpr, inputs) {
        return Some(kernel.run().into());
    }
    let n = out_avals.first().map_or(0, Aval::size);
    if n >= MIN_FUSED_LEN {
        if let Some(kernel) = FusedKernel::build(jaxpr, inputs) {
            return Some(kernel.run().into());
        }
    }
    Some(interpret(jaxpr, inputs).into())
}

/// Runs a closed jaxpr equation by equation with the runtime's kernels.
pub fn interpret(jaxpr: &ClosedJaxpr, args: &[&Concrete]) -> Vec<Buffer> {
    let consts: Vec<Concrete> = jaxpr
        .consts
        .iter()
        .map(|c| c.to_concrete("a constant of a jit call"))
        .collect();
    let j = &jaxpr.jaxpr;
    let mut env: HashMap<usize, Concrete> = HashMap::new();
    for (v, c) in j.constvars.iter().zip(consts) {
        env.insert(v.id, c);
    }
    for (v, a) in j.invars.iter().zip(args) {
        env.insert(v.id, (*a).clone());
    }
    let read = |env: &HashMap<usize, Concrete>, a: &Atom| match a {
        Atom::Var(v) => env[&v.id].clone(),
        Atom::Literal(x) => x.to_concrete("a literal"),
    };
    for eqn in &j.eqns {
        let inputs: Vec<Concrete> = eqn.inputs.iter().map(|a| read(&env, a)).collect();
        let refs: Vec<&Concrete> = inputs.iter().collect();
        let avals: Vec<Aval> = eqn.outputs.iter().map(|v| v.aval.clone()).collect();
        let bufs = exec::execute(&eqn.primitive, &refs, &avals);
        for ((v, b), aval) in eqn.outputs.iter().zip(bufs).zip(avals) {
            env.insert(v.id, Concrete::new(aval, b));
        }
    }
    j.outvars
        .iter()
        .map(|a| read(&env, a).data().clone())
        .collect()
}

/// Where a value of the fused program lives.
#[derive(Copy, Clone, Debug, PartialEq)]
enum Val {
    /// `known[i]`: computed before the loop.
    Known(usize),
    /// `scratch[i]`: computed per chunk.
    Temp(usize),
}

/// One looped operation: `temp[out] = primitive(operands)` over a chunk.
#[derive(Clone, Debug)]
struct Step {
    primitive: Primitive,
    operands: Vec<Val>,
    out: usize,
    /// For `random_bits`: the key and the layout, fixed when the kernel is built.
    random: Option<RandomBits>,
}

/// A looped `random_bits[bit_width=32]` of one key.
#[derive(Copy, Clone, Debug)]
struct RandomBits {
    key: [u32; 2],
    partitionable: bool,
}

/// An elementwise program compiled for one call: known values, looped steps, outputs.
///
/// Arguments and constants are borrowed (`'a`), never copied.
#[derive(Debug)]
pub struct FusedKernel<'a> {
    /// Elements per output.
    n: usize,
    known: Vec<Cow<'a, Concrete>>,
    temps: Vec<jaxrs_core::dtype::DType>,
    steps: Vec<Step>,
    outputs: Vec<(Val, Aval)>,
    isa: Isa,
    /// Tiles pair element `p` with element `p + ⌈n/2⌉` (see [`FusedKernel::run`]).
    segmented: bool,
}

/// Up to two runs `(start, len)` of output elements that one worker computes as one
/// contiguous chunk of intermediates; the second run is empty for contiguous tiles.
#[derive(Copy, Clone, Debug)]
struct Tile {
    a: (usize, usize),
    b: (usize, usize),
}

/// Builds a [`FusedKernel`]: the flattening walk over (nested) jaxprs.
struct Builder<'a> {
    n: usize,
    known: Vec<Cow<'a, Concrete>>,
    temps: Vec<jaxrs_core::dtype::DType>,
    steps: Vec<Step>,
}

impl<'a> Builder<'a> {
    fn known(&mut self, c: Concrete) -> Val {
        self.borrowed(Cow::Owned(c))
    }

    fn borrowed(&mut self, c: Cow<'a, Concrete>) -> Val {
        self.known.push(c);
        Val::Known(self.known.len() - 1)
    }

    /// XLA's `x / broadcast(c)` → `x * broadcast(1 / c)` (`scalar::divides_by_broadcast`
    /// of the divisor's shape in the jaxpr, `y_shape`): a division by a splatted known
    /// value becomes a multiply by its reciprocal, computed once here as the reference
    /// computes it. `None` for `bfloat16`, whose reciprocal XLA
    /// keeps in `float32` (`scalar::broadcast_reciprocal`): the op-by-op path computes it.
    fn divide_by_reciprocal(
        &mut self,
        p: &Primitive,
        ins: &[Val],
        y_shape: &[usize],
        out: &Aval,
    ) -> Option<(Primitive, Vec<Val>)> {
        if let (Primitive::Div, [x, Val::Known(i)]) = (p, ins) {
            let y = &self.known[*i];
            let splat = y.aval().size() == 1;
            if splat
                && jaxrs_core::scalar::divides_by_broadcast(p, y.aval().dtype, y_shape, &out.shape)
            {
                let dtype = y.aval().dtype;
                if dtype == DType::BF16 {
                    return None;
                }
                let one = jaxrs_core::scalar::round_to(dtype, jaxrs_core::dtype::Scalar::Int(1));
                let recip = jaxrs_core::buffer::Buffer::from_scalars(
                    dtype,
                    y.data()
                        .to_scalars()
                        .into_iter()
                        .map(|v| jaxrs_core::scalar::binary(p, one, v, dtype, dtype)),
                );
                let recip = self.known(Concrete::new(y.aval().clone(), recip));
                return Some((Primitive::Mul, vec![*x, recip]));
            }
        }
        Some((p.clone(), ins.to_vec()))
    }

    /// A known value usable in the loop: one element (splat) or `n` elements.
    fn loop_operand(&self, v: Val) -> bool {
        match v {
            Val::Known(i) => {
                matches!(self.known[i].aval().size(), 1) || self.known[i].aval().size() == self.n
            }
            Val::Temp(_) => true,
        }
    }

    /// Walks `jaxpr` with its inputs bound to `args`; returns its outputs, or `None` when
    /// something is not fusible.
    fn walk(&mut self, jaxpr: &Jaxpr, consts: &[Val], args: &[Val]) -> Option<Vec<Val>> {
        let mut env: HashMap<usize, Val> = HashMap::new();
        for (v, &c) in jaxpr.constvars.iter().zip(consts) {
            env.insert(v.id, c);
        }
        for (v, &a) in jaxpr.invars.iter().zip(args) {
            env.insert(v.id, a);
        }
        for eqn in &jaxpr.eqns {
            let mut ins = Vec::with_capacity(eqn.inputs.len());
            for a in &eqn.inputs {
                ins.push(match a {
                    Atom::Var(v) => *env.get(&v.id)?,
                    Atom::Literal(x) => {
                        let c = x.as_concrete()?.clone();
                        self.known(c)
                    }
                });
            }
            let second_shape = eqn.inputs.get(1).map_or(&[][..], |a| &a.aval().shape[..]);
            let outs = self.equation(
                &eqn.primitive,
                &ins,
                second_shape,
                &eqn.outputs
                    .iter()
                    .map(|v| v.aval.clone())
                    .collect::<Vec<_>>(),
            )?;
            for (v, o) in eqn.outputs.iter().zip(outs) {
                env.insert(v.id, o);
            }
        }
        jaxpr
            .outvars
            .iter()
            .map(|a| match a {
                Atom::Var(v) => env.get(&v.id).copied(),
                Atom::Literal(x) => {
                    let c = x.as_concrete()?.clone();
                    Some(self.known(c))
                }
            })
            .collect()
    }

    /// A `multiply-add` call: one looped step of `round(p·q + z)` (after the steps that
    /// negate `p` or `z`), its factors made of the call's operands as
    /// [`crate::kernels::fma::operands`] makes them; all known, it is computed now.
    fn multiply_add(
        &mut self,
        call: &Primitive,
        body: &ClosedJaxpr,
        ins: &[Val],
        out: &Aval,
    ) -> Option<Vec<Val>> {
        let parts = contract::parts(&body.jaxpr);
        if let Some(known) = self.computed_now(call, ins, std::slice::from_ref(out)) {
            return Some(known);
        }
        if out.size() != self.n || !ins.iter().all(|&v| self.loop_operand(v)) {
            return None;
        }
        let (p, q) = match parts.factors {
            Factors::Mul => (ins[0], ins[1]),
            Factors::Reciprocal => {
                let Val::Known(c) = ins[1] else { return None };
                let recip = fma::reciprocal(self.known[c].as_ref(), out.dtype);
                (ins[0], self.known(recip))
            }
            // Rare enough to leave to the op-by-op path.
            Factors::IntegerPow(_) => return None,
        };
        let mut negated = |v: Val, yes: bool| -> Val {
            if !yes {
                return v;
            }
            self.temps.push(out.dtype);
            let t = self.temps.len() - 1;
            self.steps.push(Step {
                primitive: Primitive::Neg,
                operands: vec![v],
                out: t,
                random: None,
            });
            Val::Temp(t)
        };
        let p = negated(p, parts.negate_product);
        let z = negated(ins[ins.len() - 1], parts.negate_addend);
        self.temps.push(out.dtype);
        let t = self.temps.len() - 1;
        self.steps.push(Step {
            primitive: call.clone(),
            operands: vec![p, q, z],
            out: t,
            random: None,
        });
        Some(vec![Val::Temp(t)])
    }

    /// An equation of known operands and results smaller than the loop, computed before
    /// the loop.
    fn computed_now(
        &mut self,
        primitive: &Primitive,
        ins: &[Val],
        outs: &[Aval],
    ) -> Option<Vec<Val>> {
        let all_known = ins.iter().all(|v| matches!(v, Val::Known(_)));
        let small = outs.iter().all(|a| a.size() < self.n);
        if !(all_known && small) {
            return None;
        }
        let inputs: Vec<&Concrete> = ins
            .iter()
            .map(|v| match v {
                Val::Known(i) => self.known[*i].as_ref(),
                Val::Temp(_) => unreachable!("all operands are known"),
            })
            .collect();
        let bufs = exec::execute(primitive, &inputs, outs);
        let cs: Vec<Concrete> = outs
            .iter()
            .zip(bufs)
            .map(|(a, b)| Concrete::new(a.clone(), b))
            .collect();
        Some(cs.into_iter().map(|c| self.known(c)).collect())
    }

    /// Places one equation (`second_shape`: its second operand's shape in the jaxpr, a
    /// divisor's): evaluated now, aliased, looped, inlined, or `None`.
    fn equation(
        &mut self,
        primitive: &Primitive,
        ins: &[Val],
        second_shape: &[usize],
        outs: &[Aval],
    ) -> Option<Vec<Val>> {
        if let Primitive::Jit { name, jaxpr, .. } = primitive {
            if name == MULTIPLY_ADD {
                return self.multiply_add(primitive, jaxpr, ins, &outs[0]);
            }
            let consts: Vec<Val> = jaxpr
                .consts
                .iter()
                .map(|c| c.as_concrete().cloned().map(|c| self.known(c)))
                .collect::<Option<_>>()?;
            return self.walk(&jaxpr.jaxpr, &consts, ins);
        }
        if let Some(known) = self.computed_now(primitive, ins, outs) {
            return Some(known);
        }
        let [out] = outs else { return None };
        if out.size() != self.n {
            return None;
        }
        match primitive {
            Primitive::RandomBits { bit_width, .. } => {
                let Val::Known(k) = ins[0] else { return None };
                let key = exec::single_key_bits32(*bit_width, &self.known[k], out)?;
                self.temps.push(out.dtype);
                let t = self.temps.len() - 1;
                self.steps.push(Step {
                    primitive: primitive.clone(),
                    operands: Vec::new(),
                    out: t,
                    random: Some(RandomBits {
                        key,
                        partitionable: jaxrs_core::config::threefry_partitionable(),
                    }),
                });
                Some(vec![Val::Temp(t)])
            }
            // Splatting a scalar, or adding unit axes to a looped value, moves no element.
            Primitive::BroadcastInDim { .. } | Primitive::Reshape { .. } => {
                let v = ins[0];
                let size = match v {
                    Val::Known(i) => self.known[i].aval().size(),
                    Val::Temp(_) => self.n,
                };
                if size == 1 || size == self.n {
                    return Some(vec![v]);
                }
                None
            }
            p if fusible(p) => {
                if !ins.iter().all(|&v| self.loop_operand(v)) {
                    return None;
                }
                let (p, ins) = self.divide_by_reciprocal(p, ins, second_shape, out)?;
                self.temps.push(out.dtype);
                let t = self.temps.len() - 1;
                self.steps.push(Step {
                    primitive: p,
                    operands: ins,
                    out: t,
                    random: None,
                });
                Some(vec![Val::Temp(t)])
            }
            _ => None,
        }
    }
}

/// Whether the loop can run `primitive` chunk by chunk.
fn fusible(primitive: &Primitive) -> bool {
    match primitive.kind() {
        Kind::ElementwiseUnary | Kind::ElementwiseBinary | Kind::ElementwiseNary => true,
        Kind::Reduce
        | Kind::Structural
        | Kind::Contraction
        | Kind::Random
        | Kind::Effect
        | Kind::HigherOrder => false,
    }
}

impl<'a> FusedKernel<'a> {
    /// Compiles `jaxpr` for `args`, or `None` if it is not an elementwise program whose
    /// outputs all have one size.
    pub fn build(jaxpr: &'a ClosedJaxpr, args: &[&'a Concrete]) -> Option<FusedKernel<'a>> {
        let out_avals = jaxpr.out_avals();
        let n = out_avals.first()?.size();
        if n == 0 || out_avals.iter().any(|a| a.size() != n) {
            return None;
        }
        let mut b = Builder {
            n,
            known: Vec::new(),
            temps: Vec::new(),
            steps: Vec::new(),
        };
        let consts: Vec<Val> = jaxpr
            .consts
            .iter()
            .map(|c| c.as_concrete().map(|c| b.borrowed(Cow::Borrowed(c))))
            .collect::<Option<_>>()?;
        let args: Vec<Val> = args.iter().map(|c| b.borrowed(Cow::Borrowed(*c))).collect();
        let outs = b.walk(&jaxpr.jaxpr, &consts, &args)?;
        if !outs.iter().all(|&v| b.loop_operand(v)) {
            return None;
        }
        // Classic-layout random bits hash pair p into elements p and p + ⌈n/2⌉: tiles made
        // of both runs hash each pair once. That needs every other operand to be a splat.
        let classic = b
            .steps
            .iter()
            .any(|s| matches!(s.random, Some(r) if !r.partitionable));
        let splats_only = b
            .steps
            .iter()
            .flat_map(|s| s.operands.iter())
            .chain(outs.iter())
            .all(|v| match v {
                Val::Known(i) => b.known[*i].aval().size() == 1,
                Val::Temp(_) => true,
            });
        Some(FusedKernel {
            n,
            known: b.known,
            temps: b.temps,
            steps: b.steps,
            outputs: outs.into_iter().zip(out_avals).collect(),
            isa: Isa::detect(),
            segmented: classic && splats_only && n >= 2,
        })
    }

    /// Compiles the loop for `isa` instead of the detected one (tests run every ISA).
    ///
    /// # Panics
    /// When running, if `isa` is not available on this CPU.
    pub fn set_isa(&mut self, isa: Isa) {
        self.isa = isa;
    }

    /// Whether tiles pair the two halves of the output (classic-layout random bits).
    pub fn is_segmented(&self) -> bool {
        self.segmented
    }

    /// Number of operations that run inside the loop.
    pub fn looped_ops(&self) -> usize {
        self.steps.len()
    }

    /// Runs the loop: tiles of [`FUSED_CHUNK`] elements, in parallel when large enough.
    ///
    /// A tile is one run of consecutive elements, or (for classic-layout random bits) the
    /// run `p..p + len` together with `p + ⌈n/2⌉..`, whose bits come from the same hashes.
    pub fn run(&self) -> Vec<Buffer> {
        let mut outs: Vec<Buffer> = self
            .outputs
            .iter()
            .map(|(_, a)| crate::pool::take(a.dtype, &a.shape))
            .collect();
        let (n, f) = (self.n, FUSED_CHUNK);
        let half = if self.segmented { n.div_ceil(2) } else { n };
        // Per tile, the output slices: one per output, or two (both runs) when segmented.
        let mut tasks: Vec<(Tile, Vec<ViewMut<'_>>)> = (0..half.div_ceil(f))
            .map(|c| {
                let start = c * f;
                let a = (start, f.min(half - start));
                let b = if self.segmented {
                    (half + start, (n - half).saturating_sub(start).min(f))
                } else {
                    (0, 0)
                };
                (Tile { a, b }, Vec::with_capacity(2 * outs.len()))
            })
            .collect();
        for out in outs.iter_mut() {
            with_buffer!(out, v => {
                let (lo, hi) = v.split_at_mut(half);
                let mut his = hi.chunks_mut(f);
                for (task, chunk) in tasks.iter_mut().zip(lo.chunks_mut(f)) {
                    task.1.push(ViewMut::from(chunk));
                    if self.segmented {
                        task.1.push(ViewMut::from(his.next().unwrap_or_default()));
                    }
                }
            });
        }
        let cost = 4 * self.steps.len().max(1);
        if worth_parallel(self.n, cost) {
            // A few groups of consecutive tiles, one scratch each: `for_each_init` would
            // allocate (and zero) a scratch per rayon split, as much memory traffic as the
            // loop itself at 1e6 elements.
            let groups = 4 * rayon::current_num_threads();
            let per = tasks.len().div_ceil(groups).max(1);
            let mut grouped: Vec<Vec<(Tile, Vec<ViewMut<'_>>)>> = Vec::with_capacity(groups);
            let mut it = tasks.into_iter().peekable();
            while it.peek().is_some() {
                grouped.push(it.by_ref().take(per).collect());
            }
            grouped.into_par_iter().for_each(|group| {
                let mut scratch = self.scratch();
                for (tile, o) in group {
                    self.chunk(&mut scratch, tile, o);
                }
            });
        } else {
            let mut scratch = self.scratch();
            for (tile, o) in tasks {
                self.chunk(&mut scratch, tile, o);
            }
        }
        outs
    }

    fn scratch(&self) -> Vec<Buffer> {
        let len = if self.segmented {
            2 * FUSED_CHUNK
        } else {
            FUSED_CHUNK
        };
        self.temps.iter().map(|&d| Buffer::zeros(d, len)).collect()
    }

    fn view<'s>(&'s self, scratch: &'s [Buffer], v: Val, start: usize, len: usize) -> View<'s> {
        match v {
            Val::Known(i) => {
                let b = self.known[i].data();
                if b.len() == 1 {
                    View::splat(b, 0)
                } else {
                    View::of(b).sub(start, len)
                }
            }
            Val::Temp(t) => View::of(&scratch[t]).sub(0, len),
        }
    }

    /// Computes the elements of `tile` of every output.
    fn chunk(&self, scratch: &mut [Buffer], tile: Tile, outs: Vec<ViewMut<'_>>) {
        let (start, len) = (tile.a.0, tile.a.1 + tile.b.1);
        for step in &self.steps {
            let mut target = std::mem::replace(&mut scratch[step.out], Buffer::Bool(Vec::new()));
            {
                let views: Vec<View<'_>> = step
                    .operands
                    .iter()
                    .map(|&v| self.view(scratch, v, start, len))
                    .collect();
                if let (Some(r), ViewMut::U32(bits)) = (step.random, ViewMut::of(&mut target)) {
                    self.random_bits(r, tile, bits);
                    scratch[step.out] = target;
                    continue;
                }
                let out = ViewMut::of(&mut target).sub_mut(len);
                simd::run(
                    self.isa,
                    #[inline(always)]
                    || run_step(&step.primitive, &views, out),
                );
            }
            scratch[step.out] = target;
        }
        let mut outs = outs.into_iter();
        for (v, _) in &self.outputs {
            let view = self.view(scratch, *v, start, len);
            if let Some(o) = outs.next() {
                crate::kernels::copy_into(view.sub(0, tile.a.1), o);
            }
            if self.segmented {
                if let Some(o) = outs.next() {
                    crate::kernels::copy_into(view.sub(tile.a.1, tile.b.1), o);
                }
            }
        }
    }

    /// The bits of `tile` into `bits` (the tile's runs one after the other).
    fn random_bits(&self, r: RandomBits, tile: Tile, bits: &mut [u32]) {
        let ((a, la), (b, lb)) = (tile.a, tile.b);
        if self.segmented && !r.partitionable {
            // Pair p gives element p (first word) and p + ⌈n/2⌉ (second word).
            let (first, second) = bits.split_at_mut(la);
            threefry::classic_pairs_into(self.isa, r.key, self.n, a, first, &mut second[..la]);
            return;
        }
        let (first, second) = bits.split_at_mut(la);
        threefry::random_bits32_range(self.isa, r.key, self.n, r.partitionable, a, first);
        if lb > 0 {
            threefry::random_bits32_range(
                self.isa,
                r.key,
                self.n,
                r.partitionable,
                b,
                &mut second[..lb],
            );
        }
    }
}

/// One looped step over a chunk.
#[inline(always)]
pub(crate) fn run_step(primitive: &Primitive, views: &[View<'_>], out: ViewMut<'_>) {
    match primitive {
        Primitive::BitcastConvertType { .. } => elementwise::bitcast_into(views[0], out),
        Primitive::SelectN => elementwise::select_n_into(views[0], &views[1..], out),
        Primitive::Clamp => elementwise::clamp_into(views[0], views[1], views[2], out),
        Primitive::Jit { .. } => fma::fma_into(views[0], views[1], views[2], out),
        p => match p.kind() {
            Kind::ElementwiseUnary => elementwise::unary_into(p, views[0], out),
            Kind::ElementwiseBinary => elementwise::binary_into(p, views[0], views[1], out),
            _ => unreachable!("{} is not looped", p.name()),
        },
    }
}
