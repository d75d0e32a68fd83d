//! Who computes primitives on concrete arrays: the reference evaluator, unless a faster
//! backend (the `jaxrs-runtime` crate, installed by the `jaxrs` facade) is installed.
//!
//! Two entry points: [`execute`] runs one primitive (eager operations), [`compile`] turns a
//! closed jaxpr into an [`Executable`] that `jit` caches per signature and runs many times.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::array::Concrete;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::interpreters::eval;
use crate::jaxpr::{eval_concrete, ClosedJaxpr};
use crate::primitive::Primitive;

/// A closed jaxpr compiled for one signature: what `jit`'s cache holds, so that a cache hit
/// neither traces nor compiles (JAX's `Compiled`, `jax/_src/stages.py`).
pub trait Executable: Send + Sync {
    /// Runs the program on concrete arguments, one per invar of the jaxpr it was compiled
    /// from, in order (the jaxpr's constants are the executable's own). A borrowed argument
    /// is read where it lies (never copied); an owned one is donated, JAX's
    /// `donate_argnums`: the executable may write an output of the same dtype and size into
    /// its buffer, or reuse it once it is dead.
    fn run_args(&self, args: Vec<Cow<'_, Concrete>>) -> Vec<Concrete>;

    /// [`Executable::run_args`] with every argument donated.
    fn run(&self, args: Vec<Concrete>) -> Vec<Concrete> {
        self.run_args(args.into_iter().map(Cow::Owned).collect())
    }

    /// [`Executable::run_args`] with every argument borrowed (the caller keeps them).
    fn run_borrowed(&self, args: &[&Concrete]) -> Vec<Concrete> {
        self.run_args(args.iter().map(|c| Cow::Borrowed(*c)).collect())
    }
}

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

    /// Compiles `jaxpr` into an executable. The default runs it equation by equation with
    /// the reference evaluator.
    fn compile(&self, jaxpr: Arc<ClosedJaxpr>) -> Arc<dyn Executable> {
        Arc::new(Reference(jaxpr))
    }

    /// Takes the buffer of a concrete array being dropped. A backend that allocates its
    /// outputs from a pool keeps it for the next output of its size, so a program called
    /// again and again neither zero-fills nor page-faults fresh memory (XLA's caching
    /// allocator does the same). The default frees it.
    fn recycle(&self, buffer: Buffer) {
        drop(buffer);
    }
}

/// The reference evaluator's executable: the jaxpr itself, run equation by equation.
struct Reference(Arc<ClosedJaxpr>);

impl Executable for Reference {
    fn run_args(&self, args: Vec<Cow<'_, Concrete>>) -> Vec<Concrete> {
        let args: Vec<&Concrete> = args.iter().map(|c| c.as_ref()).collect();
        eval_concrete(&self.0, &args)
    }
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

/// Hands the buffer of a dropped concrete array to the installed backend
/// ([`Backend::recycle`]); without one, it is freed.
pub fn recycle(buffer: Buffer) {
    if let Some(b) = BACKEND.get() {
        b.recycle(buffer);
    }
}

/// Compiles `jaxpr` with the installed backend (or the reference evaluator's default).
pub fn compile(jaxpr: Arc<ClosedJaxpr>) -> Arc<dyn Executable> {
    match BACKEND.get() {
        Some(b) => b.compile(jaxpr),
        None => Arc::new(Reference(jaxpr)),
    }
}
