//! Interpreters of primitives: the reference evaluator (`eval`), the jaxpr trace that
//! stages operations into a jaxpr (`staging`), and forward-mode differentiation (`jvp`);
//! later the transpose and batching rules.

pub mod eval;
pub mod jvp;
pub mod staging;
