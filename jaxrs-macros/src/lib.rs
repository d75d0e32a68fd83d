//! `#[jit]`, the attribute of the `jaxrs` facade (use it as `jaxrs::jit` or through
//! `jaxrs::prelude::*`; its documentation is there).
//!
//! A pipeline of four stages, each a module: `parse` builds a small model of the
//! function (which parameters are traced, which are static), `check` reports every side
//! effect at once, `stage` rewrites the body into one `let` per operation, `expand`
//! emits the function around a per-function cache. Errors are collected in a `ctxt::Ctxt`
//! and become compile errors, emitted together with the user's item unchanged.

#![warn(missing_docs)]

mod check;
mod ctxt;
mod expand;
mod parse;
mod stage;

use proc_macro::TokenStream;

/// Stages a pure function at compile time and caches one executable per signature: see
/// `jaxrs::jit`.
#[proc_macro_attribute]
pub fn jit(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::jit(attr.into(), item.into()).into()
}
