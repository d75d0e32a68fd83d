//! Reference evaluation of primitives that call nested jaxprs.
//!
//! JAX counterpart: `jax/_src/pjit.py` (`_pjit_call_impl`), which compiles the jaxpr; the
//! reference evaluator runs its equations one by one instead.

use crate::array::Concrete;
use crate::buffer::Buffer;
use crate::jaxpr::{eval_concrete, ClosedJaxpr};

/// `jit[jaxpr]`: the jaxpr's results on `inputs`, computed as XLA compiles it (see
/// [`eval_concrete`]).
pub(super) fn call(jaxpr: &ClosedJaxpr, inputs: &[&Concrete]) -> Vec<Buffer> {
    eval_concrete(jaxpr, inputs)
        .into_iter()
        .map(|c| c.data().clone())
        .collect()
}
