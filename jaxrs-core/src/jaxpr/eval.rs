//! Running a jaxpr: [`eval_jaxpr`] binds each equation through the current trace (so it
//! also runs under `make_jaxpr` and `jvp`), and [`eval_concrete`] runs one on concrete
//! values with the reference evaluator (how `jit` calls are evaluated).
//!
//! JAX counterpart: `jax/_src/core.py` (`eval_jaxpr`, `jaxpr_as_fun`).

use std::collections::HashMap;

use super::contract::Product;
use super::{Atom, ClosedJaxpr};
use crate::array::{Array, Concrete};
use crate::aval::Aval;
use crate::interpreters::eval::{eval_primitive, fused_multiply_add, fused_multiply_reduce};
use crate::primitive::Primitive;
use crate::shape::py_tuple;
use crate::trace::bind;

/// Evaluates `jaxpr` on `args` by binding each equation in turn (JAX's
/// `core.eval_jaxpr`): eagerly outside any transformation, and traced inside one.
///
/// # Panics
/// If the number of arguments or their avals differ from the jaxpr's inputs.
///
/// # Examples
/// ```
/// use jaxrs_core::api::make_jaxpr;
/// use jaxrs_core::jaxpr::eval_jaxpr;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let f = |x: &Array| 2 * x + 1;
/// let x = jnp::array([1.0, 2.0]);
/// let jaxpr = make_jaxpr(f)(&x);
/// assert_eq!(eval_jaxpr(&jaxpr, &[x.clone()])[0].to_vec::<f32>(), f(&x).to_vec::<f32>());
/// ```
#[track_caller]
pub fn eval_jaxpr(jaxpr: &ClosedJaxpr, args: &[Array]) -> Vec<Array> {
    let j = &jaxpr.jaxpr;
    check_args(
        &j.invars.iter().map(|v| &v.aval).collect::<Vec<_>>(),
        &args.iter().map(Array::aval).collect::<Vec<_>>(),
    );
    let mut env: HashMap<usize, Array> = HashMap::new();
    for (v, c) in j.constvars.iter().zip(&jaxpr.consts) {
        env.insert(v.id, c.clone());
    }
    for (v, a) in j.invars.iter().zip(args) {
        env.insert(v.id, a.clone());
    }
    let read = |env: &HashMap<usize, Array>, a: &Atom| match a {
        Atom::Var(v) => env[&v.id].clone(),
        Atom::Literal(x) => x.clone(),
    };
    for eqn in &j.eqns {
        let inputs: Vec<Array> = eqn.inputs.iter().map(|a| read(&env, a)).collect();
        let out_id = eqn.outputs.first().map(|v| v.id);
        let outs = super::numpy_ints::redeclare(&eqn.primitive, out_id, || {
            bind(eqn.primitive.clone(), &inputs)
        });
        for (v, o) in eqn.outputs.iter().zip(outs) {
            env.insert(v.id, o);
        }
    }
    j.outvars.iter().map(|a| read(&env, a)).collect()
}

/// Evaluates a compiled computation on concrete arguments with the reference evaluator:
/// the body of a `jit` call, or what an executable runs. As XLA compiles it, nested `jit`
/// calls are inlined, XLA's rewrites made ([`super::xla_rewrites`]: reassociated scalar
/// products, YNNPACK's functions in its fusions) and the adds and subtracts XLA:CPU fuses
/// with a product ([`super::contract`]) round once.
pub fn eval_concrete(closed: &ClosedJaxpr, args: &[&Concrete]) -> Vec<Concrete> {
    let flat = if super::inline::has_calls(&closed.jaxpr) {
        super::inline::inline(closed)
    } else {
        closed.clone()
    };
    let closed = &super::xla_rewrites(&flat);
    let jaxpr = &closed.jaxpr;
    let fused = super::contract::plan(jaxpr);
    let fused_reduce = super::contract::reduce_plan(jaxpr);
    let mut env: HashMap<usize, Concrete> = HashMap::new();
    for (v, c) in jaxpr.constvars.iter().zip(&closed.consts) {
        env.insert(v.id, c.to_concrete("a constant of a compiled jaxpr"));
    }
    for (v, a) in jaxpr.invars.iter().zip(args) {
        env.insert(v.id, (*a).clone());
    }
    let read = |env: &HashMap<usize, Concrete>, a: &Atom| match a {
        Atom::Var(v) => env[&v.id].clone(),
        Atom::Literal(x) => x.as_concrete().expect("a literal is concrete").clone(),
    };
    for (i, eqn) in jaxpr.eqns.iter().enumerate() {
        let avals: Vec<Aval> = eqn.outputs.iter().map(|v| v.aval.clone()).collect();
        let factors = |env: &HashMap<usize, Concrete>, product: &Product| match product {
            Product::Mul(x, y) | Product::Reciprocal(x, y) => vec![read(env, x), read(env, y)],
            Product::IntegerPow(x, _) => vec![read(env, x)],
        };
        if let (Some(fma), Primitive::ReduceSum { axes }) = (fused_reduce.get(&i), &eqn.primitive) {
            let product = factors(&env, &fma.product);
            let operand = eqn.inputs[0].aval();
            let buf = fused_multiply_reduce(fma, &product, operand, axes, &avals[0]);
            env.insert(eqn.outputs[0].id, Concrete::new(avals[0].clone(), buf));
            continue;
        }
        let bufs = match fused.get(&i) {
            Some(fma) => {
                let product = factors(&env, &fma.product);
                let addend = read(&env, &fma.addend);
                vec![fused_multiply_add(fma, &product, &addend, &avals[0])]
            }
            None => {
                let inputs: Vec<Concrete> = eqn.inputs.iter().map(|a| read(&env, a)).collect();
                let refs: Vec<&Concrete> = inputs.iter().collect();
                eval_primitive(&eqn.primitive, &refs, &avals)
            }
        };
        for ((v, b), aval) in eqn.outputs.iter().zip(bufs).zip(avals) {
            env.insert(v.id, Concrete::new(aval, b));
        }
    }
    jaxpr.outvars.iter().map(|a| read(&env, a)).collect()
}

/// Checks that arguments match a jaxpr's inputs in number, shape and dtype.
#[track_caller]
pub(crate) fn check_args(expected: &[&Aval], got: &[&Aval]) {
    let ok = expected.len() == got.len()
        && expected
            .iter()
            .zip(got)
            .all(|(e, g)| e.shape == g.shape && e.dtype == g.dtype);
    if !ok {
        let show = |avals: &[&Aval]| {
            let items: Vec<String> = avals
                .iter()
                .map(|a| format!("{}{}", a.dtype.name(), py_tuple(&a.shape)))
                .collect();
            format!("[{}]", items.join(", "))
        };
        panic!(
            "jaxpr called with arguments of types {}, but it takes {}",
            show(got),
            show(expected)
        );
    }
}
