//! `compile(jaxpr) -> Executable`: a flat list of named passes, then the memory plan; the
//! run step is [`crate::program::Program::run`].
//!
//! Set `JAXRS_DUMP_PASSES=1` to print the program after each pass (to stderr). Debug
//! builds (the test profile) typecheck the program after each pass and panic, naming the
//! pass, if it is ill-typed.
//!
//! JAX counterpart: `jax/_src/interpreters/pxla.py` (`lower`, `compile`) handing the
//! jaxpr to XLA's pass pipeline.

use std::borrow::Cow;
use std::sync::Arc;

use jaxrs_core::array::Concrete;
use jaxrs_core::backend::Executable;
use jaxrs_core::jaxpr::ClosedJaxpr;

use crate::passes::{
    contract::contract, fuse::fuse, inline::inline, memory::plan_memory, simplify::simplify,
};
use crate::program::Program;

/// A pass: its name (for dumps and errors) and its function.
pub type Pass = (&'static str, fn(ClosedJaxpr) -> ClosedJaxpr);

/// The passes, in order.
///
/// `contract` runs before `simplify` so that it decides on the program the reference
/// evaluator's compiled evaluation sees (XLA would also merge duplicate products first;
/// that difference is listed in the README).
pub const PASSES: [Pass; 4] = [
    ("inline", inline),
    ("contract", contract),
    ("simplify", simplify),
    ("fuse", fuse),
];

/// How [`compile_with`] reports on its passes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Print the program after each pass.
    pub dump: bool,
    /// Typecheck the program after each pass.
    pub typecheck: bool,
}

impl Options {
    /// `dump` from `JAXRS_DUMP_PASSES`, `typecheck` in debug builds.
    pub fn from_env() -> Options {
        Options {
            dump: std::env::var_os("JAXRS_DUMP_PASSES").is_some_and(|v| v != "0"),
            typecheck: cfg!(debug_assertions),
        }
    }
}

/// `jaxpr` after every pass (see [`PASSES`]).
///
/// # Panics
/// If `options.typecheck` is set and a pass produced an ill-typed program (a compiler bug),
/// naming the pass and printing the program.
pub fn optimize(jaxpr: ClosedJaxpr, options: Options) -> ClosedJaxpr {
    let mut j = jaxpr;
    for (name, pass) in PASSES {
        j = pass(j);
        if options.dump {
            eprintln!("--- after {name}:\n{j}");
        }
        if options.typecheck {
            if let Err(e) = j.jaxpr.typecheck() {
                panic!("the {name} pass made an ill-typed program: {e}\n{j}");
            }
        }
    }
    j
}

/// Compiles `jaxpr` into a program (passes, then the memory plan).
///
/// # Examples
/// ```
/// use std::borrow::Cow;
/// use jaxrs_core::api::make_jaxpr;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let x = jnp::array([1.0f32, 4.0, 3.0]);
/// let jaxpr = make_jaxpr(|x: &Array| 2 * x.powi(2) + x)(&x);
/// let program = jaxrs_runtime::compile::compile(&jaxpr);
/// let out = program.run(vec![Cow::Borrowed(x.as_concrete().unwrap())]);
/// assert_eq!(out[0].data().as_slice::<f32>(), &[3.0, 36.0, 21.0]);
/// ```
pub fn compile(jaxpr: &ClosedJaxpr) -> Program {
    compile_with(jaxpr, Options::from_env())
}

/// [`compile`] with explicit [`Options`].
pub fn compile_with(jaxpr: &ClosedJaxpr, options: Options) -> Program {
    plan_memory(&optimize(jaxpr.clone(), options))
}

/// What `RuntimeBackend`'s [`jaxrs_core::backend::Backend::compile`] returns: a compiled program.
#[derive(Debug)]
pub struct Compiled {
    program: Program,
}

impl Compiled {
    /// Compiles `jaxpr`.
    pub fn new(jaxpr: &ClosedJaxpr) -> Compiled {
        Compiled {
            program: compile(jaxpr),
        }
    }

    /// The compiled program.
    pub fn program(&self) -> &Program {
        &self.program
    }
}

impl Executable for Compiled {
    fn run_args(&self, args: Vec<Cow<'_, Concrete>>) -> Vec<Concrete> {
        self.program.run(args)
    }

    fn run_borrowed(&self, args: &[&Concrete]) -> Vec<Concrete> {
        self.program
            .run_iter(args.iter().map(|c| Cow::Borrowed(*c)))
    }
}

/// [`Compiled::new`] behind the backend's `Arc`.
pub fn executable(jaxpr: Arc<ClosedJaxpr>) -> Arc<dyn Executable> {
    Arc::new(Compiled::new(&jaxpr))
}
