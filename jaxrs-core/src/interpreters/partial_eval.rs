//! Partial evaluation: known values are computed, unknown ones are staged into a jaxpr.
//!
//! JAX counterpart: `jax/_src/interpreters/partial_eval.py` (`JaxprTrace`, `PartialVal`,
//! `tracers_to_jaxpr`, `dce_jaxpr`, `dce_jaxpr_consts`) and the pjit DCE rule in
//! `jax/_src/pjit.py` (`dce_jaxpr_pjit_rule`).
//!
//! Linearization runs each JVP rule under a [`PartialEvalTrace`]: the primals are known, the
//! tangents unknown. An operation on known values only goes to the parent trace (so a
//! residual such as `cos x` is computed with the primal program); one that touches an
//! unknown value is recorded. The recorded jaxpr's constvars are the residuals.

use std::collections::HashSet;
use std::sync::Arc;

use crate::array::{Array, Tracer};
use crate::aval::Aval;
use crate::jaxpr::{Atom, ClosedJaxpr, Eqn, Jaxpr};
use crate::primitive::Primitive;
use crate::trace::{with_trace, Source, Trace, TraceId, TraceRef};

use super::staging::JaxprTrace;

/// JAX's `pe.JaxprTrace`: a jaxpr trace that stages only what depends on its own
/// (unknown) tracers and hands everything else to its parent.
pub struct PartialEvalTrace {
    staged: Arc<JaxprTrace>,
    parent: TraceRef,
}

impl PartialEvalTrace {
    /// A partial-evaluation trace over `parent`.
    pub fn new(parent: TraceRef) -> Arc<PartialEvalTrace> {
        Arc::new(PartialEvalTrace {
            staged: JaxprTrace::new(parent.clone()),
            parent,
        })
    }

    /// A new unknown input.
    pub fn new_arg(&self, aval: Aval) -> Array {
        self.staged.new_arg(aval)
    }

    /// Whether `x` is unknown here (one of this trace's tracers).
    pub fn is_unknown(&self, x: &Array) -> bool {
        x.as_tracer()
            .is_some_and(|t| t.trace.id() == self.staged.id())
    }

    /// The jaxpr from the unknown inputs to `outputs` (which must be unknown), with its dead
    /// equations and unused residuals removed (`tracers_to_jaxpr` + `dce_jaxpr_consts`).
    pub fn finish(&self, outputs: &[Array]) -> ClosedJaxpr {
        let closed = self
            .staged
            .finish(outputs)
            .unwrap_or_else(|message| panic!("{message}"));
        dce_closed(closed)
    }
}

impl Trace for PartialEvalTrace {
    fn process_primitive(
        &self,
        primitive: &Primitive,
        inputs: &[Array],
        out_avals: Vec<Aval>,
        source: Source,
    ) -> Result<Vec<Array>, String> {
        if inputs.iter().any(|x| self.is_unknown(x)) {
            return self
                .staged
                .process_primitive(primitive, inputs, out_avals, source);
        }
        let parent = self.parent.clone();
        with_trace(parent.clone(), || {
            parent.process_primitive(primitive, inputs, out_avals, source)
        })
    }

    // The staged trace's id, so that its tracers count as this trace's and nested traces
    // see them as live.
    fn id(&self) -> TraceId {
        self.staged.id()
    }

    fn parent(&self) -> Option<&TraceRef> {
        Some(&self.parent)
    }

    fn tracer_type_name(&self) -> &'static str {
        "JaxprTracer"
    }

    fn tracer_source(&self, tracer: &Tracer) -> Option<Source> {
        self.staged.tracer_source(tracer)
    }
}

/// The elements of `xs` where `mask` is true.
pub(crate) fn keep<T: Clone>(xs: &[T], mask: &[bool]) -> Vec<T> {
    xs.iter()
        .zip(mask)
        .filter(|(_, &m)| m)
        .map(|(x, _)| x.clone())
        .collect()
}

/// Removes unused constvars (and the equations only they fed), keeping every input and
/// output: `pe.dce_jaxpr_consts` with all inputs instantiated.
pub fn dce_closed(closed: ClosedJaxpr) -> ClosedJaxpr {
    let ClosedJaxpr { jaxpr, consts } = closed;
    let n_consts = jaxpr.constvars.len();
    let mut flat = jaxpr;
    let mut invars = std::mem::take(&mut flat.constvars);
    invars.append(&mut flat.invars);
    flat.invars = invars;
    let used_out = vec![true; flat.outvars.len()];
    let mut instantiate = vec![false; n_consts];
    instantiate.resize(flat.invars.len(), true);
    let (mut dced, used_in) = dce_jaxpr(&flat, &used_out, &instantiate);
    let kept_consts = used_in[..n_consts].iter().filter(|&&u| u).count();
    let rest = dced.invars.split_off(kept_consts);
    dced.constvars = std::mem::replace(&mut dced.invars, rest);
    let consts = consts
        .into_iter()
        .zip(&used_in)
        .filter_map(|(c, &u)| u.then_some(c))
        .collect();
    ClosedJaxpr {
        jaxpr: dced,
        consts,
    }
}

/// Dead-code elimination (`pe.dce_jaxpr`): drops equations whose results are unused and
/// the outputs not in `used_outputs`; `instantiate` keeps inputs even when unused. A nested
/// `jit` loses its unused results and parameters, as pjit's DCE rule does. Returns the new
/// jaxpr and which inputs it kept.
pub fn dce_jaxpr(jaxpr: &Jaxpr, used_outputs: &[bool], instantiate: &[bool]) -> (Jaxpr, Vec<bool>) {
    let mut live: HashSet<usize> = HashSet::new();
    let mark = |live: &mut HashSet<usize>, a: &Atom| {
        if let Atom::Var(v) = a {
            live.insert(v.id);
        }
    };
    for (a, &u) in jaxpr.outvars.iter().zip(used_outputs) {
        if u {
            mark(&mut live, a);
        }
    }
    let mut kept = Vec::new();
    for eqn in jaxpr.eqns.iter().rev() {
        let used: Vec<bool> = eqn.outputs.iter().map(|v| live.contains(&v.id)).collect();
        if !used.iter().any(|&u| u) {
            continue;
        }
        let eqn = match &eqn.primitive {
            Primitive::Jit {
                name,
                jaxpr: inner,
                inline,
            } => dce_jit(eqn, name, inner, *inline, &used),
            _ => eqn.clone(),
        };
        for a in &eqn.inputs {
            mark(&mut live, a);
        }
        kept.push(eqn);
    }
    kept.reverse();
    let used_inputs: Vec<bool> = jaxpr
        .invars
        .iter()
        .zip(instantiate)
        .map(|(v, &inst)| inst || live.contains(&v.id))
        .collect();
    let out = Jaxpr {
        constvars: jaxpr.constvars.clone(),
        invars: keep(&jaxpr.invars, &used_inputs),
        eqns: kept,
        outvars: keep(&jaxpr.outvars, used_outputs),
    };
    (out, used_inputs)
}

/// pjit's DCE rule: the call keeps only the used results and the parameters they need.
fn dce_jit(eqn: &Eqn, name: &str, inner: &Arc<ClosedJaxpr>, inline: bool, used: &[bool]) -> Eqn {
    let n_in = inner.jaxpr.invars.len();
    let (dced, used_in) = dce_jaxpr(&inner.jaxpr, used, &vec![false; n_in]);
    if used.iter().all(|&u| u) && used_in.iter().all(|&u| u) && dced.eqns == inner.jaxpr.eqns {
        return eqn.clone();
    }
    let closed = ClosedJaxpr {
        jaxpr: dced,
        consts: inner.consts.clone(),
    };
    Eqn {
        primitive: Primitive::Jit {
            name: name.to_string(),
            jaxpr: Arc::new(closed),
            inline,
        },
        inputs: keep(&eqn.inputs, &used_in),
        outputs: keep(&eqn.outputs, used),
        source: eqn.source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::make_jaxpr;
    use crate::lax;
    use crate::numpy as jnp;

    #[test]
    fn dce_drops_dead_equations_and_unused_inputs() {
        let j = make_jaxpr(|x: &Array, y: &Array| {
            let _dead = lax::sin(x);
            vec![lax::cos(x), lax::exp(y)]
        })(&jnp::zeros([2]), &jnp::zeros([2]));
        let (d, used) = dce_jaxpr(&j.jaxpr, &[true, false], &[false, false]);
        assert_eq!(used, vec![true, false]);
        assert_eq!(d.eqns.len(), 1);
        assert_eq!(d.eqns[0].primitive, Primitive::Cos);
        assert_eq!(d.invars.len(), 1);
        assert_eq!(d.typecheck(), Ok(()));
    }
}
