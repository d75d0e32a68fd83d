//! The jaxrs CPU backend: fast kernels for primitives and, with the jit issue, the jaxpr
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
//! - [`exec`]: the per-primitive dispatch (one exhaustive `match`);
//! - [`kernels`]: typed elementwise loops and the threefry hash;
//! - [`fuse`]: the fused chunk executor for `jit` calls of elementwise programs;
//! - [`parallel`]: how work is split into cache-sized chunks and spread over cores.

#![warn(missing_docs)]

pub mod exec;
pub mod fuse;
pub mod kernels;
pub mod parallel;
pub mod pool;
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
        exec::execute(primitive, inputs, out_avals)
    }

    fn compile(&self, jaxpr: Arc<ClosedJaxpr>) -> Arc<dyn Executable> {
        Arc::new(JitExecutable::new(jaxpr))
    }
}

/// What [`RuntimeBackend::compile`] returns today: the jaxpr, run by [`fuse::execute_jit`]
/// (fused when elementwise and large, op by op with the runtime's kernels otherwise).
struct JitExecutable {
    jaxpr: Arc<ClosedJaxpr>,
    out_avals: Vec<Aval>,
}

impl JitExecutable {
    fn new(jaxpr: Arc<ClosedJaxpr>) -> JitExecutable {
        let out_avals = jaxpr
            .jaxpr
            .outvars
            .iter()
            .map(|a| a.aval().clone())
            .collect();
        JitExecutable { jaxpr, out_avals }
    }
}

impl Executable for JitExecutable {
    fn run(&self, args: Vec<Concrete>) -> Vec<Concrete> {
        let inputs: Vec<&Concrete> = args.iter().collect();
        let bufs = fuse::execute_jit(&self.jaxpr, &inputs, &self.out_avals)
            .expect("execute_jit always computes");
        bufs.into_iter()
            .zip(&self.out_avals)
            .map(|(b, a)| Concrete::new(a.clone(), b))
            .collect()
    }
}

/// Makes [`RUNTIME`] the process-wide backend of `jaxrs_core`. Returns `false` if a backend
/// was installed already (then nothing changes).
///
/// Allocates nothing and touches no thread-locals, so it is safe to call before `main`
/// (the facade does so from a constructor).
pub fn install() -> bool {
    jaxrs_core::backend::install(&RUNTIME)
}
