//! XLA's algebraic simplifier's reassociation of products by scalars, which changes bits:
//! `p * (x * c)` becomes `x * (p * c)` when `p` is one element and `c` is a one-element
//! constant (a literal, or the reciprocal of a literal divisor that the simplifier made
//! of `x / c`). Measured with JAX 0.10.2: `s*(x*3.0)` is `x*(s*3)`, `(x*0.1)*0.3` is
//! `x*(0.1*0.3)`, `s*(x/7)` is `x*(s*(1/7))`; `(x*s)*t` with `s`, `t` not constant stays
//! as written. Only `float32`/`float64`: narrow floats reach the simplifier as `f32`
//! operations between conversions, which this pattern does not match. Products made from
//! an `iota` stay as written (see [`super::contract`]'s `Folding`). The simplifier's
//! `x * 1 = x` comes first, as it changes what fuses; the runtime's `simplify` pass, which runs
//! after the contraction, drops it again for its own reasons.
//!
//! The simplifier's `x / c` with `c` a constant and `x` not constant becomes `x * (1 / c)`
//! here too, whatever the shapes (the broadcast of a value that is not constant is
//! [`scalar::divides_by_broadcast`]): measured, `jnp.mean` of `[7]` multiplies its sum by
//! `f32(1/7)`, as `jnp.var` multiplies by the reciprocal of its count, and `x / c` with a
//! constant `c` of `x`'s shape multiplies by `1 / c` element by element. A rank-0 divisor
//! that is not constant and that something else reads too stays a division
//! (`shared_divisors_kept_exact`).
//!
//! Applied to what XLA compiles (the body of a `jit` call, an executable), before the
//! contraction plan ([`super::contract`]).

use std::collections::{HashMap, HashSet};

use super::inline::{resolve, Subst};
use super::{Atom, ClosedJaxpr, Eqn, Var};
use crate::array::Array;
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::dtype::{DType, Scalar};
use crate::primitive::Primitive;
use crate::scalar;

/// `closed` with every product by a scalar of a product by a scalar constant
/// reassociated; the number of equations grows by one or two per rewrite.
pub fn reassociate(closed: &ClosedJaxpr) -> ClosedJaxpr {
    let closed = &shared_divisors_kept_exact(&constant_divisions_as_products(
        &without_multiplies_by_one(closed),
    ));
    let jaxpr = &closed.jaxpr;
    let super::contract::Folding {
        constant,
        iota_derived,
        defined_by,
    } = super::contract::folding(jaxpr);
    let is_constant = |a: &Atom| match a {
        Atom::Var(v) => constant.contains(&v.id),
        Atom::Literal(_) => true,
    };
    let one_element = |a: &Atom| a.aval().size() == 1;

    // `x * c` (or `x / c` rewritten) with `c` a one-element constant: `(x, c, divides)`.
    let scaled = |a: &Atom| -> Option<(Atom, Atom, bool)> {
        let Atom::Var(v) = a else { return None };
        let e = &jaxpr.eqns[*defined_by.get(&v.id)?];
        let (l, r) = (&e.inputs.first()?, &e.inputs.get(1)?);
        match e.primitive {
            Primitive::Mul if one_element(r) && is_constant(r) && !one_element(l) => {
                Some(((*l).clone(), (*r).clone(), false))
            }
            Primitive::Mul if one_element(l) && is_constant(l) && !one_element(r) => {
                Some(((*r).clone(), (*l).clone(), false))
            }
            Primitive::Div
                if is_constant(r)
                    && scalar::divides_by_broadcast(
                        &e.primitive,
                        v.aval.dtype,
                        &r.aval().shape,
                        &v.aval.shape,
                    ) =>
            {
                Some(((*l).clone(), (*r).clone(), true))
            }
            _ => None,
        }
    };

    let mut eqns = Vec::with_capacity(jaxpr.eqns.len());
    for e in &jaxpr.eqns {
        let dtype = e.outputs.first().map(|v| v.aval.dtype);
        let rewrite = match (&e.primitive, dtype) {
            (Primitive::Mul, Some(DType::F32 | DType::F64))
                if !iota_derived.contains(&e.outputs[0].id) =>
            {
                let (l, r) = (&e.inputs[0], &e.inputs[1]);
                if one_element(l) && !one_element(r) {
                    scaled(r).map(|s| (l.clone(), s))
                } else if one_element(r) && !one_element(l) {
                    scaled(l).map(|s| (r.clone(), s))
                } else {
                    None
                }
            }
            _ => None,
        };
        let Some((p, (x, c, divides))) = rewrite else {
            eqns.push(e.clone());
            continue;
        };
        let dtype = e.outputs[0].aval.dtype;
        let factor = if divides {
            let one = Buffer::from_scalars(dtype, [Scalar::Float(1.0)]);
            let one = Atom::Literal(Array::from_buffer(one, vec![], false));
            let recip = Var::fresh(Aval::new(c.aval().shape.clone(), dtype));
            eqns.push(Eqn {
                primitive: Primitive::Div,
                inputs: vec![one, c],
                outputs: vec![recip.clone()],
                source: e.source,
            });
            Atom::Var(recip)
        } else {
            c
        };
        let shape = if p.aval().shape.len() >= factor.aval().shape.len() {
            p.aval().shape.clone()
        } else {
            factor.aval().shape.clone()
        };
        let pc = Var::fresh(Aval::new(shape, dtype));
        eqns.push(Eqn {
            primitive: Primitive::Mul,
            inputs: vec![p, factor],
            outputs: vec![pc.clone()],
            source: e.source,
        });
        eqns.push(Eqn {
            primitive: Primitive::Mul,
            inputs: vec![x, Atom::Var(pc)],
            outputs: e.outputs.clone(),
            source: e.source,
        });
    }
    let mut out = closed.clone();
    out.jaxpr.eqns = eqns;
    out
}

/// `closed` with each `float32`/`float64` division by a constant of a value that is not
/// constant as a multiply by the constant's reciprocal (XLA's simplifier's `A / Const =>
/// A * (1 / Const)`, for a constant of any shape and a result of any size; module docs);
/// the reciprocal is its own division, `1 / c`, which XLA folds exactly.
fn constant_divisions_as_products(closed: &ClosedJaxpr) -> ClosedJaxpr {
    let jaxpr = &closed.jaxpr;
    let constant = super::contract::folding(jaxpr).constant;
    let is_constant = |a: &Atom| match a {
        Atom::Var(v) => constant.contains(&v.id),
        Atom::Literal(_) => true,
    };
    let mut eqns = Vec::with_capacity(jaxpr.eqns.len());
    for e in &jaxpr.eqns {
        let rewrite = match (&e.primitive, &e.inputs[..], &e.outputs[..]) {
            (Primitive::Div, [x, c], [out]) => {
                matches!(out.aval.dtype, DType::F32 | DType::F64)
                    && is_constant(c)
                    && !is_constant(x)
            }
            _ => false,
        };
        if !rewrite {
            eqns.push(e.clone());
            continue;
        }
        let dtype = e.outputs[0].aval.dtype;
        let one = Buffer::from_scalars(dtype, [Scalar::Float(1.0)]);
        let one = Atom::Literal(Array::from_buffer(one, vec![], false));
        let c = e.inputs[1].clone();
        let recip = Var::fresh(Aval::new(c.aval().shape.clone(), dtype));
        eqns.push(Eqn {
            primitive: Primitive::Div,
            inputs: vec![one, c],
            outputs: vec![recip.clone()],
            source: e.source,
        });
        eqns.push(Eqn {
            primitive: Primitive::Mul,
            inputs: vec![e.inputs[0].clone(), Atom::Var(recip)],
            outputs: e.outputs.clone(),
            source: e.source,
        });
    }
    let mut out = closed.clone();
    out.jaxpr.eqns = eqns;
    out
}

/// `closed` with each float division by a rank-0 divisor that something else reads too
/// written as a division by the divisor broadcast to the result's shape, which
/// [`scalar::divides_by_broadcast`] leaves a division: XLA's simplifier multiplies by the
/// reciprocal of `broadcast(b)` only when the broadcast is `b`'s one reader. Measured
/// with JAX 0.10.2: `x / c` with the argument `c` also returned, or added to, stays a
/// division, as `jnp.var`'s division by `n - correction`, which its `where` compares
/// with 0 (`var` of `[3, 4]` along axis 0 is exact); a divisor read once is multiplied by
/// its reciprocal. A divisor of rank 1 or more (`[1]`, a `keepdims` column `[4, 1]`, a
/// row `[1, 64]`) is a multiply whoever else reads it: its size-1 axes reach XLA as a
/// reshape made for each broadcast, which that broadcast alone reads (softmax's `jvp`
/// divides two values by one sum of shape `[1]` and squares it).
///
/// Readers are counted as XLA's common-subexpression elimination leaves them: equations
/// with the same primitive and operands read once (the contraction duplicates a division
/// into each fusion that reads it, after XLA made its decision), and each output once.
fn shared_divisors_kept_exact(closed: &ClosedJaxpr) -> ClosedJaxpr {
    let jaxpr = &closed.jaxpr;
    let broadcast_divisor = |e: &Eqn| match (&e.primitive, &e.inputs[..], &e.outputs[..]) {
        (Primitive::Div, [_, Atom::Var(y)], [out]) if y.aval.shape.is_empty() => {
            scalar::divides_by_broadcast(
                &e.primitive,
                out.aval.dtype,
                &y.aval.shape,
                &out.aval.shape,
            )
            .then_some(y.id)
        }
        _ => None,
    };
    let mut readers: HashMap<usize, HashSet<String>> = jaxpr
        .eqns
        .iter()
        .filter_map(broadcast_divisor)
        .map(|y| (y, HashSet::new()))
        .collect();
    if readers.is_empty() {
        return closed.clone();
    }
    for e in &jaxpr.eqns {
        let mut key = None;
        for a in &e.inputs {
            if let Atom::Var(v) = a {
                if let Some(r) = readers.get_mut(&v.id) {
                    let k = key.get_or_insert_with(|| format!("{:?} {:?}", e.primitive, e.inputs));
                    r.insert(k.clone());
                }
            }
        }
    }
    for (k, a) in jaxpr.outvars.iter().enumerate() {
        if let Atom::Var(v) = a {
            if let Some(r) = readers.get_mut(&v.id) {
                r.insert(format!("output {k}"));
            }
        }
    }
    let mut eqns = Vec::with_capacity(jaxpr.eqns.len());
    for e in &jaxpr.eqns {
        let shared = broadcast_divisor(e).is_some_and(|y| readers[&y].len() > 1);
        if !shared {
            eqns.push(e.clone());
            continue;
        }
        let (y, out) = (&e.inputs[1], &e.outputs[0]);
        let rank = out.aval.shape.len();
        let y_rank = y.aval().shape.len();
        let full = Var::fresh(Aval::new(out.aval.shape.clone(), out.aval.dtype));
        eqns.push(Eqn {
            primitive: Primitive::BroadcastInDim {
                shape: out.aval.shape.clone(),
                broadcast_dimensions: (rank - y_rank..rank).collect(),
            },
            inputs: vec![y.clone()],
            outputs: vec![full.clone()],
            source: e.source,
        });
        eqns.push(Eqn {
            primitive: Primitive::Div,
            inputs: vec![e.inputs[0].clone(), Atom::Var(full)],
            outputs: e.outputs.clone(),
            source: e.source,
        });
    }
    let mut out = closed.clone();
    out.jaxpr.eqns = eqns;
    out
}

/// `closed` without its multiplications of a float by the literal `1` (XLA's simplifier
/// drops them first: `(a*b)*1 + c` is `fma(a, b, c)`).
fn without_multiplies_by_one(closed: &ClosedJaxpr) -> ClosedJaxpr {
    let is_one = |a: &Atom| match a {
        Atom::Literal(x) => x
            .as_concrete()
            .is_some_and(|c| c.data().len() == 1 && c.data().get(0) == Scalar::Float(1.0)),
        Atom::Var(_) => false,
    };
    let mut subst = Subst::new();
    let mut eqns = Vec::with_capacity(closed.jaxpr.eqns.len());
    for e in &closed.jaxpr.eqns {
        let inputs: Vec<Atom> = e.inputs.iter().map(|a| resolve(&subst, a)).collect();
        if let (Primitive::Mul, [out], [x, y]) = (&e.primitive, &e.outputs[..], &inputs[..]) {
            let float = matches!(out.aval.dtype, DType::F32 | DType::F64);
            let kept = if is_one(y) {
                Some(x)
            } else if is_one(x) {
                Some(y)
            } else {
                None
            };
            if let Some(kept) = kept.filter(|k| float && k.aval().shape == out.aval.shape) {
                subst.insert(out.id, kept.clone());
                continue;
            }
        }
        eqns.push(Eqn {
            inputs,
            ..e.clone()
        });
    }
    let mut out = closed.clone();
    out.jaxpr.eqns = eqns;
    out.jaxpr.outvars = closed
        .jaxpr
        .outvars
        .iter()
        .map(|a| resolve(&subst, a))
        .collect();
    out
}
