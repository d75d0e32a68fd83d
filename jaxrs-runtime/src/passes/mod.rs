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

use std::collections::HashMap;

use jaxrs_core::jaxpr::{Atom, Var};

/// A renaming of variables to atoms, applied to equation inputs and outputs.
pub(crate) type Subst = HashMap<usize, Atom>;

/// `a` after `subst`.
pub(crate) fn resolve(subst: &Subst, a: &Atom) -> Atom {
    match a {
        Atom::Var(v) => subst.get(&v.id).cloned().unwrap_or_else(|| a.clone()),
        Atom::Literal(_) => a.clone(),
    }
}

/// A fresh variable standing for `v`, recorded in `subst`.
pub(crate) fn rename(subst: &mut Subst, v: &Var) -> Var {
    let fresh = Var::fresh(v.aval.clone());
    subst.insert(v.id, Atom::Var(fresh.clone()));
    fresh
}
