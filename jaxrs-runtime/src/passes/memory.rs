//! `plan_memory`: the jaxpr becomes a [`Program`] of numbered slots, with, for each
//! equation, the slots whose last reader it is. The run step frees those right after the
//! equation (their buffers go to [`crate::pool`], where the next output of that size
//! finds them), so a program holds at most its live values, and an operand that dies at a
//! `reshape`/`squeeze`/`copy` is moved into the result instead of copied.
//!
//! JAX counterpart: XLA's buffer assignment (`xla/service/buffer_assignment.cc`) with
//! liveness from `HloAliasAnalysis`.

use std::collections::HashMap;

use jaxrs_core::array::Concrete;
use jaxrs_core::jaxpr::{Atom, ClosedJaxpr};

use crate::program::{Operand, Program, Step};

/// The slot plan of `closed`: constants first, then arguments, then equation results.
pub fn plan_memory(closed: &ClosedJaxpr) -> Program {
    let j = &closed.jaxpr;
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for v in j.constvars.iter().chain(&j.invars) {
        let s = slot.len();
        slot.insert(v.id, s);
    }
    let consts: Vec<Concrete> = closed
        .consts
        .iter()
        .map(|c| c.to_concrete("a constant of a compiled jaxpr"))
        .collect();
    let operand = |slot: &HashMap<usize, usize>, a: &Atom| match a {
        Atom::Var(v) => Operand::Slot(slot[&v.id]),
        Atom::Literal(x) => Operand::Literal(x.to_concrete("a literal")),
    };
    let mut steps: Vec<Step> = Vec::with_capacity(j.eqns.len());
    for e in &j.eqns {
        let inputs = e.inputs.iter().map(|a| operand(&slot, a)).collect();
        let outputs = e
            .outputs
            .iter()
            .map(|v| {
                let s = slot.len();
                slot.insert(v.id, s);
                s
            })
            .collect();
        steps.push(Step {
            primitive: e.primitive.clone(),
            inputs,
            outputs,
            out_avals: e.outputs.iter().map(|v| v.aval.clone()).collect(),
            free: Vec::new(),
        });
    }
    let outputs: Vec<Operand> = j.outvars.iter().map(|a| operand(&slot, a)).collect();
    // Last reader of each slot; program outputs are never freed.
    let n_slots = slot.len();
    let mut last: Vec<Option<usize>> = vec![None; n_slots];
    for (i, s) in steps.iter().enumerate() {
        for o in &s.inputs {
            if let Operand::Slot(k) = o {
                last[*k] = Some(i);
            }
        }
        // A result nobody reads dies at once.
        for &k in &s.outputs {
            last[k].get_or_insert(i);
        }
    }
    for o in &outputs {
        if let Operand::Slot(k) = o {
            last[*k] = None;
        }
    }
    let n_fixed = consts.len();
    for (k, l) in last.iter().enumerate() {
        // Constants belong to the program; they are never freed.
        if let (Some(i), true) = (l, k >= n_fixed) {
            steps[*i].free.push(k);
        }
    }
    Program {
        consts,
        n_args: j.invars.len(),
        steps,
        outputs,
        n_slots,
    }
}
