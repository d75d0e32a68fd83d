//! Rules of primitives that call nested jaxprs.
//!
//! JAX counterpart: `jax/_src/pjit.py` (`_pjit_abstract_eval`).

use crate::aval::Aval;
use crate::jaxpr::ClosedJaxpr;

/// `jit[jaxpr]`: the jaxpr's output avals, after checking the operands against its inputs.
///
/// # Panics
/// If the operands differ from the jaxpr's inputs in number, shape or dtype.
#[track_caller]
pub(super) fn call(jaxpr: &ClosedJaxpr, inputs: &[&Aval]) -> Vec<Aval> {
    let expected: Vec<&Aval> = jaxpr.jaxpr.invars.iter().map(|v| &v.aval).collect();
    crate::jaxpr::check_args(&expected, inputs);
    jaxpr.out_avals()
}
