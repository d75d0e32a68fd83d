//! Jaxprs: JAX's typed, first-order program representation.
//!
//! JAX counterpart: `jax/_src/core.py` (`Jaxpr`, `ClosedJaxpr`, `JaxprEqn`, `Var`, `Literal`,
//! `eval_jaxpr`, `check_jaxpr`). Printing lives in `print` (JAX's `pp_jaxpr`), evaluation
//! in `eval`, checking in `typecheck` ([`Jaxpr::typecheck`]).

pub mod contract;
mod eval;
pub mod inline;
pub mod numpy_ints;
mod print;
pub mod reassociate;
mod typecheck;
pub mod ynn;

use std::panic::Location;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::array::Array;
use crate::aval::Aval;
use crate::primitive::Primitive;

pub(crate) use eval::check_args;
pub use eval::{eval_concrete, eval_jaxpr};

/// The rewrites XLA:CPU makes of a compiled computation (flat) before it fuses products
/// ([`contract`]): scalar products reassociated ([`reassociate`]), then the functions of
/// its YNNPACK fusions made YNNPACK's ([`ynn`]). The reference evaluator and the runtime's
/// `contract` pass both start from it.
pub fn xla_rewrites(closed: &ClosedJaxpr) -> ClosedJaxpr {
    ynn::rewrite(&reassociate::reassociate(closed))
}

/// A variable of a jaxpr: an identity and an abstract value.
///
/// Identities are unique in the process, so one naming context can print a jaxpr and the
/// jaxprs nested in it (JAX compares `Var` objects by identity).
#[derive(Clone, Debug, PartialEq)]
pub struct Var {
    /// Identity; printing assigns the letters.
    pub id: usize,
    /// Shape, dtype and weak type.
    pub aval: Aval,
}

impl Var {
    /// A variable never created before.
    pub fn fresh(aval: Aval) -> Var {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        Var {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            aval,
        }
    }
}

/// An equation input or a jaxpr output: a variable or a literal constant.
#[derive(Clone, Debug)]
pub enum Atom {
    /// A variable.
    Var(Var),
    /// A concrete scalar inlined into the jaxpr (printed `2.0:f32[]`).
    Literal(Array),
}

impl Atom {
    /// The abstract value of the atom.
    pub fn aval(&self) -> &Aval {
        match self {
            Atom::Var(v) => &v.aval,
            Atom::Literal(a) => a.aval(),
        }
    }
}

impl PartialEq for Atom {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Atom::Var(a), Atom::Var(b)) => a == b,
            (Atom::Literal(a), Atom::Literal(b)) => a.ptr_eq(b),
            _ => false,
        }
    }
}

/// One equation: `outputs = primitive[params] inputs`.
#[derive(Clone, Debug, PartialEq)]
pub struct Eqn {
    /// The primitive and its parameters.
    pub primitive: Primitive,
    /// Operands.
    pub inputs: Vec<Atom>,
    /// Results.
    pub outputs: Vec<Var>,
    /// Where in the user's code the operation was written.
    pub source: &'static Location<'static>,
}

/// `{ lambda constvars ; invars . let eqns in outvars }`.
///
/// `Display` prints JAX 0.10.2's text exactly.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Jaxpr {
    /// Variables bound to captured constants.
    pub constvars: Vec<Var>,
    /// Arguments.
    pub invars: Vec<Var>,
    /// The computation, in order.
    pub eqns: Vec<Eqn>,
    /// Results.
    pub outvars: Vec<Atom>,
}

/// A jaxpr together with the values of its constvars (JAX's `ClosedJaxpr`).
///
/// `Display` prints the jaxpr as JAX does (the constants' values are not shown).
///
/// # Examples
/// ```
/// use jaxrs_core::api::make_jaxpr;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::{lax, Array};
///
/// fn f(x: &Array) -> Array {
///     lax::rev(x, &[1])
/// }
/// let jaxpr = make_jaxpr(f)(&jnp::zeros([2, 3]));
/// assert_eq!(
///     jaxpr.to_string(),
///     "{ lambda ; a:f32[2,3]. let b:f32[2,3] = rev[dimensions=(1,)] a in (b,) }"
/// );
/// ```
#[derive(Clone, Debug)]
pub struct ClosedJaxpr {
    /// The open jaxpr.
    pub jaxpr: Jaxpr,
    /// One value per constvar.
    pub consts: Vec<Array>,
}

impl PartialEq for ClosedJaxpr {
    fn eq(&self, other: &Self) -> bool {
        self.jaxpr == other.jaxpr
            && self.consts.len() == other.consts.len()
            && self
                .consts
                .iter()
                .zip(&other.consts)
                .all(|(a, b)| a.ptr_eq(b))
    }
}

impl ClosedJaxpr {
    /// The abstract values of the arguments.
    pub fn in_avals(&self) -> Vec<Aval> {
        self.jaxpr.invars.iter().map(|v| v.aval.clone()).collect()
    }

    /// The abstract values of the results.
    pub fn out_avals(&self) -> Vec<Aval> {
        self.jaxpr
            .outvars
            .iter()
            .map(|v| v.aval().clone())
            .collect()
    }
}
