//! `inline`: nested `jit` calls (JAX's `pjit`, which `jnp.where`, `clip` and the samplers
//! bind) are replaced by their bodies, so later passes see one flat program; the rule is
//! `jaxrs_core::jaxpr::inline`, which the reference evaluator's compiled evaluation uses
//! too.
//!
//! JAX counterpart: XLA's `CallInliner`.

use jaxrs_core::jaxpr::ClosedJaxpr;

/// `closed` with every nested `jit` call inlined (recursively); the callee's constants
/// become constants of the result.
pub fn inline(closed: ClosedJaxpr) -> ClosedJaxpr {
    jaxrs_core::jaxpr::inline::inline(&closed)
}
