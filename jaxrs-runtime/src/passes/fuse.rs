//! `fuse`: runs of consecutive elementwise equations over one output size become one
//! `jit` equation named `fusion`, which the run step executes as one loop over cache-sized
//! tiles ([`crate::fuse::FusedKernel`]): each input read once, each output written once,
//! the intermediates kept in cache.
//!
//! An equation joins the current run when it is elementwise (or `random_bits`, or a
//! `broadcast_in_dim`/`reshape` of a scalar or of a value of the run's size) and its
//! result has the run's size; anything else ends the run. Runs shorter than two equations,
//! or smaller than [`crate::fuse::MIN_FUSED_LEN`] elements, stay as they are (op by op is
//! as fast there). Reductions, `dot_general` and index-moving structural primitives are not
//! fused yet.
//!
//! JAX counterpart: XLA's `InstructionFusion` / `LoopFusion` on CPU.

use std::collections::HashMap;
use std::sync::Arc;

use jaxrs_core::jaxpr::contract::MULTIPLY_ADD;
use jaxrs_core::jaxpr::{Atom, ClosedJaxpr, Eqn, Jaxpr, Var};
use jaxrs_core::primitive::{Kind, Primitive};

use super::{rename, resolve, Subst};
use crate::fuse::MIN_FUSED_LEN;
use crate::rows;

/// The name of the `jit` equations this pass creates.
pub const FUSION: &str = "fusion";

/// Whether `e` can join a fused run of `n` elements.
fn joins(e: &Eqn, n: usize) -> bool {
    let [out] = &e.outputs[..] else { return false };
    if out.aval.size() != n || out.aval.prng_key || e.inputs.iter().any(|a| a.aval().prng_key) {
        return false;
    }
    // The fused loop reads operands whole or as splats; implicit broadcasts run apart.
    if e.inputs
        .iter()
        .any(|a| !matches!(a.aval().size(), 1) && a.aval().size() != n)
    {
        return false;
    }
    if matches!(&e.primitive, Primitive::Jit { name, .. } if name == MULTIPLY_ADD) {
        return true;
    }
    match e.primitive.kind() {
        Kind::ElementwiseUnary | Kind::ElementwiseBinary | Kind::ElementwiseNary => true,
        Kind::Random => matches!(e.primitive, Primitive::RandomBits { bit_width: 32, .. }),
        Kind::Structural => {
            matches!(
                e.primitive,
                Primitive::BroadcastInDim { .. } | Primitive::Reshape { .. }
            ) && matches!(e.inputs[0].aval().size(), 1) | (e.inputs[0].aval().size() == n)
        }
        Kind::Reduce | Kind::Contraction | Kind::HigherOrder | Kind::Effect => false,
    }
}

/// `closed` with its elementwise runs fused (see the module docs).
pub fn fuse(closed: ClosedJaxpr) -> ClosedJaxpr {
    let eqns = &closed.jaxpr.eqns;
    // For each variable, the last equation that reads it (outputs count as "after all").
    let mut last_use: HashMap<usize, usize> = HashMap::new();
    for (i, e) in eqns.iter().enumerate() {
        for a in &e.inputs {
            if let Atom::Var(v) = a {
                last_use.insert(v.id, i);
            }
        }
    }
    for a in &closed.jaxpr.outvars {
        if let Atom::Var(v) = a {
            last_use.insert(v.id, usize::MAX);
        }
    }
    let mut out: Vec<Eqn> = Vec::with_capacity(eqns.len());
    let mut i = 0;
    while i < eqns.len() {
        if let Some((len, shape)) = rows::run_length(&eqns[i..]) {
            if shape.rows() * shape.cols() >= MIN_FUSED_LEN {
                out.push(fusion(&eqns[i..i + len], i + len, &last_use));
                i += len;
                continue;
            }
        }
        let n = eqns[i].outputs.first().map_or(0, |v| v.aval.size());
        let mut j = i;
        while j < eqns.len() && n >= MIN_FUSED_LEN && joins(&eqns[j], n) {
            j += 1;
        }
        if j - i >= 2 {
            out.push(fusion(&eqns[i..j], j, &last_use));
            i = j;
        } else {
            out.push(eqns[i].clone());
            i += 1;
        }
    }
    let mut closed = closed;
    closed.jaxpr.eqns = out;
    closed
}

/// One `fusion` equation computing `run` (which ends before equation `end`): its inputs
/// are the variables the run reads from before it, its outputs those read after it.
fn fusion(run: &[Eqn], end: usize, last_use: &HashMap<usize, usize>) -> Eqn {
    let mut subst = Subst::new();
    let mut invars: Vec<Var> = Vec::new();
    let mut inputs: Vec<Atom> = Vec::new();
    let mut body: Vec<Eqn> = Vec::with_capacity(run.len());
    for e in run {
        for a in &e.inputs {
            if let Atom::Var(v) = a {
                if !subst.contains_key(&v.id) {
                    invars.push(rename(&mut subst, v));
                    inputs.push(a.clone());
                }
            }
        }
        let ins = e.inputs.iter().map(|a| resolve(&subst, a)).collect();
        let outs = e.outputs.iter().map(|v| rename(&mut subst, v)).collect();
        body.push(Eqn {
            primitive: e.primitive.clone(),
            inputs: ins,
            outputs: outs,
            source: e.source,
        });
    }
    let outputs: Vec<Var> = run
        .iter()
        .flat_map(|e| e.outputs.iter())
        .filter(|v| last_use.get(&v.id).is_some_and(|&u| u >= end))
        .cloned()
        .collect();
    let outvars = outputs
        .iter()
        .map(|v| resolve(&subst, &Atom::Var(v.clone())))
        .collect();
    let jaxpr = ClosedJaxpr {
        jaxpr: Jaxpr {
            constvars: Vec::new(),
            invars,
            eqns: body,
            outvars,
        },
        consts: Vec::new(),
    };
    Eqn {
        primitive: Primitive::Jit {
            name: FUSION.to_string(),
            jaxpr: Arc::new(jaxpr),
            inline: false,
        },
        inputs,
        outputs,
        source: run[0].source,
    }
}
