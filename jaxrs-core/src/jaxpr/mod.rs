//! Jaxprs: JAX's typed, first-order program representation.
//!
//! JAX counterpart: `jax/_src/core.py` (`Jaxpr`, `ClosedJaxpr`, `JaxprEqn`, `Var`, `Literal`).

use std::panic::Location;

use crate::array::Array;
use crate::aval::Aval;
use crate::primitive::Primitive;

/// A variable of a jaxpr: a unique id (within its jaxpr) and an abstract value.
#[derive(Clone, Debug, PartialEq)]
pub struct Var {
    /// Identity within the jaxpr; printing assigns the letters.
    pub id: usize,
    /// Shape, dtype and weak type.
    pub aval: Aval,
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

/// A jaxpr together with the values of its constvars.
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
