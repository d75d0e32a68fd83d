//! The jaxrs CPU backend: fast kernels for primitives and the jaxpr
//! compiler (simplify, fuse, plan memory, run).
//!
//! [`RuntimeBackend`] implements [`jaxrs_core::backend::Backend`]; the `jaxrs` facade
//! installs it before `main` runs, so every eager operation of a program that depends on
//! `jaxrs` comes here. What the runtime does not accelerate goes to the reference evaluator
//! ([`jaxrs_core::interpreters::eval::eval_primitive`]), which is also the oracle every
//! kernel is tested against.
//!
//! JAX counterpart: XLA:CPU, reached through `jax/_src/dispatch.py` (`apply_primitive`)
//! and `jax/_src/interpreters/pxla.py`.
//!
//! Modules:
//! - [`compile`]: `compile(jaxpr)`, the pass list ([`passes`]) and the executable;
//! - [`program`]: the run step of a compiled program;
//! - [`pool`]: fallible output allocation and the buffer pool;
//! - [`exec`]: the per-primitive dispatch (one exhaustive `match`);
//! - [`kernels`]: typed loops: elementwise, reductions and scans, `dot_general`, strided
//!   copies for structural primitives, the threefry hash;
//! - [`fuse`]: the fused chunk executor for `jit` calls of elementwise programs;
//! - [`parallel`]: how work is split into cache-sized chunks and spread over cores.

#![warn(missing_docs)]

pub mod compile;
pub mod exec;
pub mod fuse;
pub mod kernels;
pub mod parallel;
pub mod passes;
pub mod pool;
pub mod program;
pub mod rows;
pub mod simd;

use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use std::sync::Arc;

use jaxrs_core::backend::{Backend, Executable};
use jaxrs_core::buffer::Buffer;
use jaxrs_core::jaxpr::ClosedJaxpr;
use jaxrs_core::primitive::Primitive;

/// The runtime's backend: typed, chunked, multi-threaded kernels with the reference
/// evaluator behind them.
///
/// # Examples
/// ```
/// use jaxrs_core::backend::Backend;
/// assert_eq!(jaxrs_runtime::RUNTIME.name(), "runtime");
/// ```
#[derive(Copy, Clone, Debug, Default)]
pub struct RuntimeBackend;

/// The one instance that [`install`] registers.
pub static RUNTIME: RuntimeBackend = RuntimeBackend;

impl Backend for RuntimeBackend {
    fn name(&self) -> &'static str {
        "runtime"
    }

    fn execute(
        &self,
        primitive: &Primitive,
        inputs: &[&Concrete],
        out_avals: &[Aval],
    ) -> Vec<Buffer> {
        exec::execute(primitive, inputs, out_avals).into_vec()
    }

    fn compile(&self, jaxpr: Arc<ClosedJaxpr>) -> Arc<dyn Executable> {
        compile::executable(jaxpr)
    }

    fn recycle(&self, buffer: Buffer) {
        pool::give(buffer);
    }
}

/// Makes [`RUNTIME`] the process-wide backend of `jaxrs_core`. Returns `false` if a backend
/// was installed already (then nothing changes).
///
/// Allocates nothing and touches no thread-locals, so it is safe to call before `main`
/// (the facade does so from a constructor).
pub fn install() -> bool {
    let first = jaxrs_core::backend::install(&RUNTIME);
    if first {
        pool::keep_freed_memory();
    }
    first
}
