//! Interpreters of primitives: the reference evaluator (and, with later issues, the
//! JVP, transpose and batching rules).

pub mod eval;
pub mod jvp;
pub mod staging;
