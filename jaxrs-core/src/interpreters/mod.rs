//! Interpreters of primitives: the reference evaluator (`eval`), the jaxpr trace that
//! stages operations into a jaxpr (`staging`), forward-mode differentiation (`jvp`), and
//! reverse mode: partial evaluation (`partial_eval`), linearization (`linearize`) and
//! transposition (`transpose`), and batching (`batching`).

pub mod batching;
pub mod eval;
pub mod jvp;
pub mod linearize;
pub mod partial_eval;
pub mod staging;
pub mod transpose;
