//! Inlining: nested `jit` calls (JAX's `pjit`, which `jnp.where`, `clip` and the samplers
//! bind) replaced by their bodies, so one flat program remains.
//!
//! JAX counterpart: XLA's `CallInliner`, which runs before fusion; what XLA fuses (see
//! [`super::contract`]) is decided on the flat program.

use std::collections::HashMap;

use super::{Atom, ClosedJaxpr, Eqn, Jaxpr, Var};
use crate::primitive::Primitive;

/// A renaming of variables to atoms, applied to equation inputs and outputs.
pub type Subst = HashMap<usize, Atom>;

/// `a` after `subst`.
pub fn resolve(subst: &Subst, a: &Atom) -> Atom {
    match a {
        Atom::Var(v) => subst.get(&v.id).cloned().unwrap_or_else(|| a.clone()),
        Atom::Literal(_) => a.clone(),
    }
}

/// A fresh variable standing for `v`, recorded in `subst`.
pub fn rename(subst: &mut Subst, v: &Var) -> Var {
    let fresh = Var::fresh(v.aval.clone());
    subst.insert(v.id, Atom::Var(fresh.clone()));
    fresh
}

/// `closed` with every nested `jit` call inlined (recursively); the callees' constants
/// become constants of the result.
pub fn inline(closed: &ClosedJaxpr) -> ClosedJaxpr {
    let mut out = ClosedJaxpr {
        jaxpr: Jaxpr {
            constvars: closed.jaxpr.constvars.clone(),
            invars: closed.jaxpr.invars.clone(),
            eqns: Vec::with_capacity(closed.jaxpr.eqns.len()),
            outvars: Vec::new(),
        },
        consts: closed.consts.clone(),
    };
    let mut subst = Subst::new();
    emit(&closed.jaxpr.eqns, &mut subst, false, &mut out);
    out.jaxpr.outvars = closed
        .jaxpr
        .outvars
        .iter()
        .map(|a| resolve(&subst, a))
        .collect();
    out
}

/// Whether `jaxpr` calls a nested `jit`.
pub fn has_calls(jaxpr: &Jaxpr) -> bool {
    jaxpr
        .eqns
        .iter()
        .any(|e| matches!(e.primitive, Primitive::Jit { .. }))
}

/// Appends `eqns` to `out` under `subst`; `fresh` gives every result a new variable (a
/// callee inlined twice must not bind one variable twice).
fn emit(eqns: &[Eqn], subst: &mut Subst, fresh: bool, out: &mut ClosedJaxpr) {
    for e in eqns {
        let inputs: Vec<_> = e.inputs.iter().map(|a| resolve(subst, a)).collect();
        if let Primitive::Jit { jaxpr, .. } = &e.primitive {
            let callee = &jaxpr.jaxpr;
            let mut local = Subst::new();
            for (v, a) in callee.invars.iter().zip(inputs) {
                local.insert(v.id, a);
            }
            for (v, c) in callee.constvars.iter().zip(&jaxpr.consts) {
                let outer = rename(&mut local, v);
                out.jaxpr.constvars.push(outer);
                out.consts.push(c.clone());
            }
            emit(&callee.eqns, &mut local, true, out);
            for (o, a) in e.outputs.iter().zip(&callee.outvars) {
                subst.insert(o.id, resolve(&local, a));
            }
            continue;
        }
        let outputs = if fresh {
            e.outputs.iter().map(|v| rename(subst, v)).collect()
        } else {
            e.outputs.clone()
        };
        out.jaxpr.eqns.push(Eqn {
            primitive: e.primitive.clone(),
            inputs,
            outputs,
            source: e.source,
        });
    }
}
