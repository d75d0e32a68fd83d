//! The compiler's passes, each `ClosedJaxpr -> ClosedJaxpr` (or, for memory, jaxpr →
//! plan) and testable alone; [`crate::compile`] runs them in order.
//!
//! JAX counterpart: XLA's HLO pass pipeline (`xla/service/cpu/cpu_compiler.cc`), of which
//! these are the few that matter for jaxprs: call inlining, algebraic simplification,
//! CSE/DCE, loop fusion, buffer assignment.

pub mod contract;
pub mod fuse;
pub mod inline;
pub mod memory;
pub mod simplify;

pub(crate) use jaxrs_core::jaxpr::inline::{rename, resolve, Subst};
