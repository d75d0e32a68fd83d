//! Interpreters of primitives: the reference evaluator (`eval`), the jaxpr trace that
//! stages operations into a jaxpr (`staging`), forward-mode differentiation (`jvp`) and
//! batching (`batching`); later the transpose rules.

pub mod batching;
pub mod eval;
pub mod jvp;
pub mod staging;
