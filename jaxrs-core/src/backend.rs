//! Who computes primitives on concrete arrays: the reference evaluator, unless a faster
//! backend (the `jaxrs-runtime` crate, installed by the `jaxrs` facade) is installed.

use std::sync::OnceLock;

use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::interpreters::eval;
use crate::primitive::Primitive;

/// Computes primitives on concrete inputs.
pub trait Backend: Send + Sync {
    /// A short name, for diagnostics (`"reference"`, `"runtime"`).
    fn name(&self) -> &'static str;

    /// Computes `primitive` on `inputs`; `out_avals` are the checked result avals.
    fn execute(
        &self,
        primitive: &Primitive,
        inputs: &[&Concrete],
        out_avals: &[Aval],
    ) -> Vec<Buffer>;
}

static BACKEND: OnceLock<&'static dyn Backend> = OnceLock::new();

/// Installs the process-wide backend. Returns `false` if one was installed already.
pub fn install(backend: &'static dyn Backend) -> bool {
    BACKEND.set(backend).is_ok()
}

/// The name of the backend in use.
pub fn name() -> &'static str {
    BACKEND.get().map_or("reference", |b| b.name())
}

/// Computes `primitive` with the installed backend, or the reference evaluator.
pub fn execute(primitive: &Primitive, inputs: &[&Concrete], out_avals: &[Aval]) -> Vec<Buffer> {
    match BACKEND.get() {
        Some(b) => b.execute(primitive, inputs, out_avals),
        None => eval::eval_primitive(primitive, inputs, out_avals),
    }
}
