//! The jaxpr trace: records each operation as an equation instead of computing it.
//!
//! JAX counterpart: `jax/_src/interpreters/partial_eval.py` (`DynamicJaxprTrace`,
//! `trace_to_jaxpr_dynamic`, `JaxprStackFrame`). Under omnistaging every operation inside
//! the traced function reaches this trace, including ones with no traced inputs
//! (`jnp::zeros`), so they are staged too.
//!
//! Inputs that are not this trace's own tracers are lifted: a Rust scalar (an array made by
//! [`Array::scalar_literal`]) becomes an inline literal, as JAX inlines Python and NumPy
//! scalars; a concrete array, or a tracer of an enclosing live trace, becomes a constvar
//! (one per distinct object); a tracer of a trace that has ended has escaped (JAX's
//! `UnexpectedTracerError`).

use std::fmt;
use std::sync::{Arc, Mutex, Weak};

use crate::array::{Array, Concrete, Tracer};
use crate::aval::Aval;
use crate::errors;
use crate::jaxpr::{Atom, ClosedJaxpr, Eqn, Jaxpr, Var};
use crate::primitive::Primitive;
use crate::trace::{is_live_in, Source, Trace, TraceId, TraceRef};

/// A trace that builds a jaxpr (JAX's `DynamicJaxprTrace`).
pub struct JaxprTrace {
    id: TraceId,
    parent: TraceRef,
    this: Weak<JaxprTrace>,
    state: Mutex<Builder>,
}

/// What a jaxpr tracer carries: its variable, and where the equation that made it was
/// written (`None` for arguments).
struct Payload {
    var: Var,
    source: Option<Source>,
}

#[derive(Default)]
struct Builder {
    invars: Vec<Var>,
    constvars: Vec<Var>,
    consts: Vec<Array>,
    eqns: Vec<Eqn>,
}

impl JaxprTrace {
    /// A new, empty trace whose enclosing trace is `parent`.
    pub fn new(parent: TraceRef) -> Arc<JaxprTrace> {
        Arc::new_cyclic(|this| JaxprTrace {
            id: TraceId::fresh(),
            parent,
            this: this.clone(),
            state: Mutex::new(Builder::default()),
        })
    }

    fn trace_ref(&self) -> TraceRef {
        self.this.upgrade().expect("a live trace has an owner")
    }

    fn builder(&self) -> std::sync::MutexGuard<'_, Builder> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn tracer(&self, var: Var, source: Option<Source>) -> Array {
        Array::from_tracer(Tracer {
            trace: self.trace_ref(),
            aval: var.aval.clone(),
            payload: Box::new(Payload { var, source }),
        })
    }

    /// A new argument of the jaxpr, as a tracer.
    pub fn new_arg(&self, aval: Aval) -> Array {
        let var = Var::fresh(aval);
        self.builder().invars.push(var.clone());
        self.tracer(var, None)
    }

    /// The atom standing for `x` in this trace's jaxpr.
    fn lift(&self, x: &Array) -> Result<Atom, String> {
        if let Some(t) = x.as_tracer() {
            if t.trace.id() == self.id {
                let p = t
                    .payload
                    .downcast_ref::<Payload>()
                    .expect("a jaxpr tracer carries its variable");
                return Ok(Atom::Var(p.var.clone()));
            }
            if !is_live_in(&self.parent, t.trace.id()) {
                return Err(errors::escaped_tracer(t));
            }
        } else if x.is_scalar_literal() {
            return Ok(Atom::Literal(x.clone()));
        }
        let mut b = self.builder();
        if let Some(i) = b.consts.iter().position(|c| c.ptr_eq(x)) {
            return Ok(Atom::Var(b.constvars[i].clone()));
        }
        let var = Var::fresh(x.aval().clone());
        b.constvars.push(var.clone());
        b.consts.push(x.clone());
        Ok(Atom::Var(var))
    }

    /// Ends tracing: the jaxpr whose results are `outputs`, closed over its constants.
    ///
    /// An `Err` carries JAX's `UnexpectedTracerError` text when an output is a tracer of a
    /// trace that has ended.
    pub fn finish(&self, outputs: &[Array]) -> Result<ClosedJaxpr, String> {
        let outvars = outputs
            .iter()
            .map(|x| self.lift(x))
            .collect::<Result<Vec<_>, _>>()?;
        let b = std::mem::take(&mut *self.builder());
        Ok(ClosedJaxpr {
            jaxpr: Jaxpr {
                constvars: b.constvars,
                invars: b.invars,
                eqns: b.eqns,
                outvars,
            },
            consts: b.consts,
        })
    }
}

/// JAX folds `convert_element_type` of a Python or NumPy scalar while tracing (lax.py
/// `_convert_elt_type_folding_rule`): the converted scalar stays a literal instead of
/// becoming an equation.
fn fold_constant(primitive: &Primitive, inputs: &[Array], out_avals: &[Aval]) -> Option<Array> {
    let Primitive::ConvertElementType { .. } = primitive else {
        return None;
    };
    let x = &inputs[0];
    if !x.is_scalar_literal() {
        return None;
    }
    let c = x.as_concrete()?;
    let data = crate::interpreters::eval::eval_primitive(primitive, &[c], out_avals).remove(0);
    Some(Array::scalar_literal(Concrete::new(
        out_avals[0].clone(),
        data,
    )))
}

impl Trace for JaxprTrace {
    fn process_primitive(
        &self,
        primitive: &Primitive,
        inputs: &[Array],
        out_avals: Vec<Aval>,
        source: Source,
    ) -> Result<Vec<Array>, String> {
        if let Some(folded) = fold_constant(primitive, inputs, &out_avals) {
            return Ok(vec![folded]);
        }
        let inputs = inputs
            .iter()
            .map(|x| self.lift(x))
            .collect::<Result<Vec<_>, _>>()?;
        let outputs: Vec<Var> = out_avals.into_iter().map(Var::fresh).collect();
        let tracers = outputs
            .iter()
            .map(|v| self.tracer(v.clone(), Some(source)))
            .collect();
        if let Some(first) = outputs.first() {
            crate::jaxpr::numpy_ints::record(primitive, first.id);
        }
        self.builder().eqns.push(Eqn {
            primitive: primitive.clone(),
            inputs,
            outputs,
            source,
        });
        Ok(tracers)
    }

    fn id(&self) -> TraceId {
        self.id
    }

    fn parent(&self) -> Option<&TraceRef> {
        Some(&self.parent)
    }

    fn tracer_type_name(&self) -> &'static str {
        "DynamicJaxprTracer"
    }

    fn stages_jaxpr(&self) -> bool {
        true
    }

    fn tracer_source(&self, tracer: &Tracer) -> Option<Source> {
        tracer.payload.downcast_ref::<Payload>()?.source
    }

    fn progenitor_args(&self, tracer: &Tracer) -> Option<Vec<usize>> {
        let var = &tracer.payload.downcast_ref::<Payload>()?.var;
        let b = self.builder();
        // Walk the equations backwards, keeping the variables the value is computed from.
        let mut needed = std::collections::HashSet::from([var.id]);
        for eqn in b.eqns.iter().rev() {
            if eqn.outputs.iter().any(|o| needed.contains(&o.id)) {
                for a in &eqn.inputs {
                    if let Atom::Var(v) = a {
                        needed.insert(v.id);
                    }
                }
            }
        }
        Some(
            b.invars
                .iter()
                .enumerate()
                .filter(|(_, v)| needed.contains(&v.id))
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn fmt_tracer(&self, tracer: &Tracer, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dims: Vec<String> = tracer.aval.shape.iter().map(|d| d.to_string()).collect();
        write!(
            f,
            "JitTracer({}[{}])",
            tracer.aval.dtype.name(),
            dims.join(",")
        )
    }
}
