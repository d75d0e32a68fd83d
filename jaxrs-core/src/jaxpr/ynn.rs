//! XLA:CPU's YNNPACK library fusions: which equations of a compiled computation XLA hands
//! to YNNPACK, whose `exp`, `expm1`, `log`, `log1p`, `tanh`, `logistic`, `erf`, `rsqrt`
//! and `exp2` are not XLA's own (YNNPACK's `exp` differs from
//! [`crate::xla_math::exp_f32`] in the last bit for about 2% of inputs, its `tanh` for
//! about 60%; `log2` is a `log` and a product there).
//!
//! JAX 0.10.2 offloads a float `reduce_sum`, `reduce_max` or `reduce_min` of at least
//! [`YNN_MIN_ELEMS`] operand elements to YNNPACK and grows a fusion around it (XLA's
//! `LibraryRewriter`): starting from the reductions nearest the result, a breadth-first
//! walk takes in producers all of whose readers are already in the fusion and, along a
//! chain of single readers, consumers, as long as each is an operation YNNPACK runs (an
//! elementwise float operation of at least [`YNN_MIN_ELEMS`] results, or a broadcast).
//! Measured in the optimized HLO of JAX 0.10.2 (`tools/golden/gen_ynn.py` records each
//! case's fusions): a row softmax fuses `reduce_max → broadcast → sub → exp`, and the
//! `reduce_sum` of the `exp` runs alone because the `exp` has a second reader;
//! `sum(exp(x))` fuses the `exp`; an operation on fewer than 4096 elements (the `exp` of
//! a row sum of 1024 rows) stays XLA's.
//!
//! [`rewrite`] makes those functions of `float32` [`Primitive::Ynn`]; the reference
//! evaluator and the runtime both run the rewritten program, so both compute YNNPACK's
//! bits there (`crate::xla_math::ynn_f32`). `erf`, `rsqrt`, `exp2` and `log2` give JAX's
//! bits, NaN payloads included, for all 2^32 `float32` inputs in `f(x - max(y))` (the
//! runtime; the reference evaluator's first three on every 16th block of 2^24), as `exp`,
//! `expm1`, `log` and `log1p` do. YNNPACK folds a scalar multiply and add after `erf` or
//! `tanh` into the function's closing multiply-add, so `erf(x)·a + b` rounds once; the
//! fused multiply-adds of [`super::contract`] round it once too (the runtime matched JAX
//! on 2^20 inputs in [-4, 4)).
//! Not modelled: `float64`, a walk reaching an earlier fusion (XLA merges the two), XLA's
//! order of reductions in separate branches (this walk takes them in reverse equation
//! order). YNNPACK's `max`/`min` reductions, which skip NaNs, are [`crate::ynn_extreme`]'s.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{Atom, ClosedJaxpr, Jaxpr};
use crate::dtype::DType;
use crate::primitive::{Primitive, RoundingMethod, YnnFn};
use crate::scalar;

/// Reductions and elementwise operations of at least this many elements run in YNNPACK
/// (a reduction counts its operand's).
pub const YNN_MIN_ELEMS: usize = crate::xla_reduce::YNN_MIN_ELEMS;

/// `closed` (flat) with every `float32` function YNNPACK computes its own way
/// ([`YnnFn`]) inside a YNNPACK fusion made [`Primitive::Ynn`].
pub fn rewrite(closed: &ClosedJaxpr) -> ClosedJaxpr {
    let fused = fusions(&closed.jaxpr);
    let ynn = |i: &usize| {
        let e = &closed.jaxpr.eqns[*i];
        let f32_out = e
            .outputs
            .first()
            .is_some_and(|v| v.aval.dtype == DType::F32);
        YnnFn::of(&e.primitive).filter(|_| f32_out)
    };
    if !fused.iter().any(|i| ynn(i).is_some()) {
        return closed.clone();
    }
    let mut out = closed.clone();
    for i in &fused {
        if let Some(f) = ynn(i) {
            out.jaxpr.eqns[*i].primitive = Primitive::Ynn { f };
        }
    }
    out
}

/// Whether XLA offloads this reduction to YNNPACK.
fn offloaded(jaxpr: &Jaxpr, i: usize) -> bool {
    let e = &jaxpr.eqns[i];
    let reduces = matches!(
        e.primitive,
        Primitive::ReduceSum { .. } | Primitive::ReduceMax { .. } | Primitive::ReduceMin { .. }
    );
    reduces
        && e.inputs.first().is_some_and(|x| {
            let x = x.aval();
            is_float(x.dtype) && x.size() >= YNN_MIN_ELEMS
        })
}

fn is_float(d: DType) -> bool {
    matches!(d, DType::F32 | DType::F64)
}

/// Whether YNNPACK runs equation `i` inside a fusion (reductions start fusions instead).
fn supported(jaxpr: &Jaxpr, i: usize) -> bool {
    use Primitive::*;
    let e = &jaxpr.eqns[i];
    let [out] = &e.outputs[..] else { return false };
    if !is_float(out.aval.dtype) {
        return false;
    }
    match &e.primitive {
        // Broadcasts and reshapes of unit axes cost nothing; XLA folds them into one
        // broadcast of the operand. `stop_gradient` leaves no operation.
        BroadcastInDim { .. } | Reshape { .. } | StopGradient => true,
        // XLA's simplifier drops a `max` with `-inf` and a `min` with `+inf` (softmax's
        // `initial`).
        Max | Min if identity_operand(e) => true,
        // The operations XLA's YNNPACK support table maps, as JAX 0.10.2 has it (measured
        // in the optimized HLO): `sin`, `cos`, `tan`, `cbrt`, `clamp` and `select` end a
        // fusion; `exp2` is `exp` of a product and `square` a product by then. YNNPACK's
        // `pow` is the C library's `powf`, as XLA's is (measured equal).
        Add
        | Sub
        | Mul
        | Div
        | Max
        | Min
        | Pow
        | Neg
        | Abs
        | Sign
        | Exp
        | Exp2
        | Log
        | Log1p
        | Expm1
        | Tanh
        | Logistic
        | Sqrt
        | Rsqrt
        | Square
        | Erf
        | Floor
        | Ceil
        | Round {
            rounding_method: RoundingMethod::ToNearestEven,
        } => out.aval.size() >= YNN_MIN_ELEMS,
        ConvertElementType { .. } => {
            e.inputs.iter().all(|a| is_float(a.aval().dtype)) && out.aval.size() >= YNN_MIN_ELEMS
        }
        _ => false,
    }
}

/// Whether one operand of this `max`/`min` is a literal `-inf`/`+inf` (the identity).
fn identity_operand(e: &super::Eqn) -> bool {
    let identity = if e.primitive == Primitive::Max {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    e.inputs.iter().any(|a| match a {
        Atom::Literal(x) => x
            .as_concrete()
            .is_some_and(|c| c.aval().size() == 1 && c.data().to_scalars()[0].as_f64() == identity),
        Atom::Var(_) => false,
    })
}

/// Whether operand `k` of equation `i` is a divisor XLA has already replaced by a
/// multiply by its reciprocal ([`scalar::divides_by_broadcast`]) when it forms fusions:
/// the edge then runs through the reciprocal, an operation of the divisor's size.
fn through_reciprocal(jaxpr: &Jaxpr, i: usize, k: usize) -> bool {
    let e = &jaxpr.eqns[i];
    let ([out], Some(y)) = (&e.outputs[..], e.inputs.get(1)) else {
        return false;
    };
    let (out, y) = (&out.aval, y.aval());
    k == 1
        && scalar::divides_by_broadcast(&e.primitive, out.dtype, &y.shape, &out.shape)
        && y.size() < YNN_MIN_ELEMS
}

/// The equations inside YNNPACK fusions.
pub fn fusions(jaxpr: &Jaxpr) -> HashSet<usize> {
    let starts: Vec<usize> = (0..jaxpr.eqns.len())
        .filter(|&i| offloaded(jaxpr, i))
        .collect();
    // Most computations have no reduction YNNPACK takes: no maps to build.
    if starts.is_empty() {
        return HashSet::new();
    }
    // Who defines and who reads each variable; a result of the computation has an outside
    // reader (`None`).
    let mut producer: HashMap<usize, usize> = HashMap::new();
    let mut readers: HashMap<usize, Vec<Option<usize>>> = HashMap::new();
    for (i, e) in jaxpr.eqns.iter().enumerate() {
        for v in &e.outputs {
            producer.insert(v.id, i);
        }
        for a in &e.inputs {
            if let Atom::Var(v) = a {
                let r = readers.entry(v.id).or_default();
                if !r.contains(&Some(i)) {
                    r.push(Some(i));
                }
            }
        }
    }
    for a in &jaxpr.outvars {
        if let Atom::Var(v) = a {
            readers.entry(v.id).or_default().push(None);
        }
    }
    let users = |i: usize| -> Vec<Option<usize>> {
        let mut u: Vec<Option<usize>> = Vec::new();
        for v in &jaxpr.eqns[i].outputs {
            for r in readers.get(&v.id).into_iter().flatten() {
                if !u.contains(r) {
                    u.push(*r);
                }
            }
        }
        u
    };

    #[derive(Copy, Clone, PartialEq)]
    enum Dir {
        Up,
        Down,
        Both,
    }
    let mut fused: HashSet<usize> = HashSet::new();
    for &start in starts.iter().rev() {
        if fused.contains(&start) {
            continue;
        }
        let mut group: HashSet<usize> = HashSet::from([start]);
        fused.insert(start);
        let mut frontier: VecDeque<(usize, Dir)> = VecDeque::new();
        let candidates = |i: usize,
                          dir: Dir,
                          group: &HashSet<usize>,
                          fused: &HashSet<usize>,
                          frontier: &mut VecDeque<(usize, Dir)>| {
            if matches!(dir, Dir::Up | Dir::Both) {
                for (k, a) in jaxpr.eqns[i].inputs.iter().enumerate() {
                    let Atom::Var(v) = a else { continue };
                    let Some(&p) = producer.get(&v.id) else {
                        continue;
                    };
                    let all_inside = users(p)
                        .iter()
                        .all(|u| u.is_some_and(|u| u == i || group.contains(&u)));
                    if !fused.contains(&p) && all_inside && !through_reciprocal(jaxpr, i, k) {
                        frontier.push_back((p, Dir::Up));
                    }
                }
            }
            let u = users(i);
            if let ([Some(user)], Dir::Down | Dir::Both) = (&u[..], dir) {
                let k = jaxpr.eqns[*user].inputs.iter().position(
                    |a| matches!(a, Atom::Var(v) if jaxpr.eqns[i].outputs.iter().any(|o| o.id == v.id)),
                );
                let blocked = k.is_some_and(|k| through_reciprocal(jaxpr, *user, k));
                if !fused.contains(user) && !blocked {
                    frontier.push_back((*user, Dir::Down));
                }
            }
        };
        candidates(start, Dir::Both, &group, &fused, &mut frontier);
        while let Some((i, dir)) = frontier.pop_front() {
            if fused.contains(&i) || !supported(jaxpr, i) {
                continue;
            }
            fused.insert(i);
            group.insert(i);
            candidates(i, dir, &group, &fused, &mut frontier);
        }
    }
    fused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::trace_to_jaxpr;
    use crate::aval::Aval;
    use crate::numpy as jnp;
    use crate::Array;

    fn ynn_exps(shape: &[usize], f: fn(&Array) -> Array) -> usize {
        let j = trace_to_jaxpr(&[Aval::new(shape.to_vec(), DType::F32)], |a| vec![f(&a[0])]);
        let r = rewrite(&crate::jaxpr::inline::inline(&j));
        r.jaxpr
            .eqns
            .iter()
            .filter(|e| e.primitive == Primitive::Ynn { f: YnnFn::Exp })
            .count()
    }

    /// The YNNPACK functions of the rewritten program, in equation order.
    fn ynn_fns(shape: &[usize], f: fn(&Array) -> Array) -> Vec<YnnFn> {
        let j = trace_to_jaxpr(&[Aval::new(shape.to_vec(), DType::F32)], |a| vec![f(&a[0])]);
        let r = rewrite(&crate::jaxpr::inline::inline(&j));
        r.jaxpr
            .eqns
            .iter()
            .filter_map(|e| match e.primitive {
                Primitive::Ynn { f } => Some(f),
                _ => None,
            })
            .collect()
    }

    fn softmax(x: &Array) -> Array {
        let m = jnp::max_with(x, |kw| kw.axis(-1isize).keepdims(true));
        let e = crate::lax::exp(&(x - &m));
        let s = jnp::sum_with(&e, |kw| kw.axis(-1isize).keepdims(true));
        &e / &s
    }

    fn exp_of_row_sums(x: &Array) -> Array {
        crate::lax::exp(&jnp::sum_with(x, |kw| kw.axis(-1isize)))
    }

    fn sum_of_exp(x: &Array) -> Array {
        jnp::sum(crate::lax::exp(x))
    }

    // The fusions gen_ynn.py's survey printed from JAX 0.10.2's optimized HLO.
    #[test]
    fn a_softmax_exp_is_fused_with_the_max_from_4096_elements() {
        assert_eq!(ynn_exps(&[64, 64], softmax), 1);
        assert_eq!(ynn_exps(&[16, 16], softmax), 0);
    }

    #[test]
    fn an_exp_of_fewer_than_4096_results_stays_xlas() {
        assert_eq!(ynn_exps(&[1024, 8], exp_of_row_sums), 0);
        assert_eq!(ynn_exps(&[4096, 8], exp_of_row_sums), 1);
    }

    #[test]
    fn a_summed_exp_is_fused_from_4096_operand_elements() {
        assert_eq!(ynn_exps(&[4096], sum_of_exp), 1);
        assert_eq!(ynn_exps(&[4095], sum_of_exp), 0);
    }

    fn sub_max(x: &Array) -> Array {
        x - jnp::max_with(x, |kw| kw.axis(-1isize).keepdims(true))
    }

    // JAX 0.10.2's optimized HLO: `exp(erf(x - max))` and `exp(exp2(x - max))` fuse every
    // operation; `sin` is no YNNPACK operation, so the `exp` after it is XLA's.
    #[test]
    fn erf_and_exp2_continue_a_fusion_and_sin_ends_it() {
        let erf_exp = |x: &Array| crate::lax::exp(&crate::scipy::special::erf(sub_max(x)));
        let exp2_exp = |x: &Array| crate::lax::exp(&jnp::exp2(sub_max(x)));
        let sin_exp = |x: &Array| crate::lax::exp(&jnp::sin(sub_max(x)));
        assert_eq!(ynn_fns(&[64, 64], erf_exp), [YnnFn::Erf, YnnFn::Exp]);
        assert_eq!(ynn_fns(&[64, 64], exp2_exp), [YnnFn::Exp2, YnnFn::Exp]);
        assert_eq!(ynn_fns(&[64, 64], sin_exp), []);
        assert_eq!(ynn_fns(&[16, 16], erf_exp), []);
    }

    #[test]
    fn a_summed_rsqrt_is_fused() {
        let f = |x: &Array| jnp::sum(crate::lax::rsqrt(&jnp::abs(x)));
        assert_eq!(ynn_fns(&[4096], f), [YnnFn::Rsqrt]);
        assert_eq!(ynn_fns(&[4095], f), []);
    }
}
