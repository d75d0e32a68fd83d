//! The array language of jaxrs: dtypes and promotion, `Array`, the primitives, the trace
//! stack and `bind`, jaxprs, the reference evaluator, and the `numpy`, `lax` and `random`
//! APIs.
//!
//! Users depend on the `jaxrs` facade crate, which re-exports this one.

#![warn(missing_docs)]

pub mod abstract_eval;
pub mod api;
pub mod array;
pub mod aval;
pub mod backend;
pub mod buffer;
pub mod config;
pub mod dtype;
pub mod errors;
pub mod interpreters;
pub mod jaxpr;
mod keywords;
pub mod lax;
pub mod nn;
pub mod numpy;
pub mod primitive;
pub mod processor;
pub mod random;
pub mod scalar;
pub mod scipy;
pub mod shape;
pub mod trace;
pub mod xla_math;
pub mod xla_reduce;
pub mod ynn_extreme;

pub use array::Array;
pub use dtype::DType;
