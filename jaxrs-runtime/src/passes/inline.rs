//! `inline`: nested `jit` calls (JAX's `pjit`, which `jnp.where`, `clip` and the samplers
//! bind) are replaced by their bodies, so later passes see one flat program.
//!
//! JAX counterpart: XLA's `CallInliner`.

use jaxrs_core::jaxpr::{ClosedJaxpr, Eqn, Jaxpr};
use jaxrs_core::primitive::Primitive;

use super::{rename, resolve, Subst};

/// `closed` with every nested `jit` call inlined (recursively); the callee's constants
/// become constants of the result.
pub fn inline(closed: ClosedJaxpr) -> ClosedJaxpr {
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
