//! `simplify`: cheap algebra that keeps every bit, common subexpressions, constant
//! folding of scalar equations, and dead code.
//!
//! Each rule is a small function with a one-line reason. A rule only fires when the
//! result has the very aval of the equation it replaces (weak type included), so the
//! program's types do not change.
//!
//! JAX counterpart: XLA's `AlgebraicSimplifier`, `HloCSE`, `HloConstantFolding` and
//! `HloDCE`.

use std::collections::HashSet;

use jaxrs_core::array::{Array, Concrete};
use jaxrs_core::dtype::Scalar;
use jaxrs_core::jaxpr::{Atom, ClosedJaxpr, Eqn, Var};
use jaxrs_core::primitive::{Kind, Primitive};

use super::{resolve, Subst};
use crate::exec;

/// `closed` simplified: see the module docs.
pub fn simplify(closed: ClosedJaxpr) -> ClosedJaxpr {
    let mut subst = Subst::new();
    let mut eqns: Vec<Eqn> = Vec::with_capacity(closed.jaxpr.eqns.len());
    for e in &closed.jaxpr.eqns {
        let e = Eqn {
            inputs: e.inputs.iter().map(|a| resolve(&subst, a)).collect(),
            ..e.clone()
        };
        if let Some(a) = identity(&e) {
            subst.insert(e.outputs[0].id, a);
            continue;
        }
        if let Some(a) = fold_constant(&e) {
            subst.insert(e.outputs[0].id, a);
            continue;
        }
        if let Some(prev) = eqns.iter().find(|p| same_computation(p, &e)) {
            for (o, p) in e.outputs.iter().zip(&prev.outputs) {
                subst.insert(o.id, Atom::Var(p.clone()));
            }
            continue;
        }
        match expand_integer_pow(&e) {
            Some(muls) => eqns.extend(muls),
            None => eqns.push(e),
        }
    }
    let outvars: Vec<Atom> = closed
        .jaxpr
        .outvars
        .iter()
        .map(|a| resolve(&subst, a))
        .collect();
    let mut out = closed;
    out.jaxpr.eqns = eqns;
    out.jaxpr.outvars = outvars;
    eliminate_dead_code(out)
}

/// The one element of a literal, if `a` is one.
fn literal_value(a: &Atom) -> Option<Scalar> {
    match a {
        Atom::Literal(x) => x
            .as_concrete()
            .filter(|c| c.data().len() == 1)
            .map(|c| c.data().get(0)),
        Atom::Var(_) => None,
    }
}

/// Whether `a` is a literal equal to `v` (sign of zero included).
fn is_literal(a: &Atom, v: f64) -> bool {
    match literal_value(a) {
        Some(Scalar::Float(f)) => f == v && f.is_sign_negative() == v.is_sign_negative(),
        Some(Scalar::Int(i)) => v.fract() == 0.0 && i as f64 == v && v.is_sign_positive(),
        Some(Scalar::Bool(_)) | None => false,
    }
}

/// An equation that returns one operand unchanged.
fn identity(e: &Eqn) -> Option<Atom> {
    let [out] = &e.outputs[..] else { return None };
    let keep = |a: &Atom| (a.aval() == &out.aval).then(|| a.clone());
    let [x, rest @ ..] = &e.inputs[..] else {
        return None;
    };
    match (&e.primitive, rest) {
        // x · 1 = x for every float (NaNs keep their payload) and integer.
        (Primitive::Mul, [y]) if is_literal(y, 1.0) => keep(x),
        (Primitive::Mul, [y]) if is_literal(x, 1.0) => keep(y),
        // x + (−0) = x exactly (x + 0 is not: −0 + 0 = +0); integers: x + 0 = x.
        (Primitive::Add, [y])
            if is_literal(y, -0.0) || (!y.aval().dtype.is_float() && is_literal(y, 0.0)) =>
        {
            keep(x)
        }
        (Primitive::Add, [y])
            if is_literal(x, -0.0) || (!x.aval().dtype.is_float() && is_literal(x, 0.0)) =>
        {
            keep(y)
        }
        // Converting to the type a value has already is no conversion.
        (Primitive::ConvertElementType { .. }, []) => keep(x),
        (Primitive::IntegerPow { y: 1 }, []) => keep(x),
        _ => None,
    }
}

/// A scalar equation of literals, computed now and inlined as a literal.
fn fold_constant(e: &Eqn) -> Option<Atom> {
    let [out] = &e.outputs[..] else { return None };
    if !out.aval.shape.is_empty()
        || out.aval.prng_key
        || matches!(e.primitive, Primitive::Jit { .. })
    {
        return None;
    }
    let inputs: Vec<&Concrete> = e
        .inputs
        .iter()
        .map(|a| match a {
            Atom::Literal(x) => x.as_concrete(),
            Atom::Var(_) => None,
        })
        .collect::<Option<_>>()?;
    let avals = [out.aval.clone()];
    let b = exec::execute(&e.primitive, &inputs, &avals).remove(0);
    Some(Atom::Literal(Array::scalar_literal(Concrete::new(
        out.aval.clone(),
        b,
    ))))
}

/// Whether `b` computes what `a` computed: one primitive, the same operands.
fn same_computation(a: &Eqn, b: &Eqn) -> bool {
    !has_effect(a)
        && a.primitive == b.primitive
        && a.inputs == b.inputs
        && a.outputs
            .iter()
            .zip(&b.outputs)
            .all(|(x, y)| x.aval == y.aval)
}

/// `integer_pow[y]` for `y` in 2..=4 as the multiplies the reference performs (repeated
/// squaring, rounding after each), which the fused loop runs as plain `mul`s.
fn expand_integer_pow(e: &Eqn) -> Option<Vec<Eqn>> {
    let Primitive::IntegerPow { y } = e.primitive else {
        return None;
    };
    let ([x], [out]) = (&e.inputs[..], &e.outputs[..]) else {
        return None;
    };
    if !(2..=4).contains(&y) || x.aval() != &out.aval {
        return None;
    }
    let mul = |a: &Atom, b: &Atom, o: Var| Eqn {
        primitive: Primitive::Mul,
        inputs: vec![a.clone(), b.clone()],
        outputs: vec![o],
        source: e.source,
    };
    if y == 2 {
        return Some(vec![mul(x, x, out.clone())]);
    }
    let sq = Var::fresh(out.aval.clone());
    let s = Atom::Var(sq.clone());
    Some(match y {
        3 => vec![mul(x, x, sq), mul(x, &s, out.clone())],
        _ => vec![mul(x, x, sq), mul(&s, &s, out.clone())],
    })
}

/// `closed` without the equations no output depends on.
pub fn eliminate_dead_code(mut closed: ClosedJaxpr) -> ClosedJaxpr {
    let mut live: HashSet<usize> = HashSet::new();
    let mark = |live: &mut HashSet<usize>, a: &Atom| {
        if let Atom::Var(v) = a {
            live.insert(v.id);
        }
    };
    for a in &closed.jaxpr.outvars {
        mark(&mut live, a);
    }
    let mut kept = Vec::with_capacity(closed.jaxpr.eqns.len());
    for e in closed.jaxpr.eqns.into_iter().rev() {
        if has_effect(&e) || e.outputs.iter().any(|v| live.contains(&v.id)) {
            for a in &e.inputs {
                mark(&mut live, a);
            }
            kept.push(e);
        }
    }
    kept.reverse();
    closed.jaxpr.eqns = kept;
    closed
}

/// Whether `e` does something beyond its results (`debug_print`): such an equation is
/// neither dead nor shared with an equal one, since each must run once per call.
fn has_effect(e: &Eqn) -> bool {
    matches!(e.primitive.kind(), Kind::Effect)
}
