//! Property tests: random jaxprs (elementwise chains with scalar broadcasts, reductions
//! over random axes, arg-reductions, scans, reversals, slices with padding, rolls through
//! `concatenate`, batched `dot_general`) compiled by `compile()` (every pass typechecked)
//! and run, against the reference evaluator, bit for bit; NaNs of any sign and payload
//! count as equal (see `common::assert_bits_eq_with`).
//!
//! Float sums stay bit-exact here because every reduced run is shorter than the kernels'
//! `SHORT` (128): longer float sums reassociate and are checked within a bound in
//! `tests/kernels.rs`. `dot_general` appears in the `int32` programs (exact in any order);
//! float dots are bounded in `tests/kernels.rs` too. Two properties of 5,000 programs each
//! make 10,000 programs per run; a failure shrinks to a minimal list of operations.

mod common;

use std::borrow::Cow;
use std::sync::Arc;

use common::{assert_bits_eq_with, random_concrete, Rng};
use jaxrs_core::api::trace_to_jaxpr;
use jaxrs_core::array::{Array, Concrete};
use jaxrs_core::aval::Aval;
use jaxrs_core::dtype::DType;
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::jaxpr::ClosedJaxpr;
use jaxrs_core::lax;
use jaxrs_core::primitive::Primitive;
use jaxrs_runtime::compile::{compile_with, Options};
use proptest::prelude::*;

/// One operation: what (`code`), on which earlier values (`a`, `b`), with which small
/// parameter (`p`).
type Op = (u8, u8, u8, u8);

fn pick(vals: &[Array], i: u8) -> Array {
    vals[i as usize % vals.len()].clone()
}

/// The axes of `shape` selected by the bits of `p`.
fn axes(shape: &[usize], p: u8) -> Vec<usize> {
    (0..shape.len()).filter(|d| p >> d & 1 == 1).collect()
}

/// `r` (of `shape` with `axes` removed) broadcast back to `shape`.
fn back(r: &Array, shape: &[usize], removed: &[usize]) -> Array {
    let kept: Vec<usize> = (0..shape.len()).filter(|d| !removed.contains(d)).collect();
    lax::broadcast_in_dim(r, shape, &kept)
}

/// Applies `op` to the values so far (all of `shape` and `dtype`); the result has them too.
fn apply(op: Op, vals: &[Array], shape: &[usize], dtype: DType) -> Array {
    let (code, a, b, p) = op;
    let (x, y) = (pick(vals, a), pick(vals, b));
    let float = dtype.is_float();
    let rank = shape.len();
    let axis = (p as usize) % rank.max(1);
    let scalar = |v: f64| {
        let c = Concrete::new(
            Aval::new(vec![], dtype),
            jaxrs_core::buffer::Buffer::from_scalars(dtype, [jaxrs_core::dtype::Scalar::Float(v)]),
        );
        Array::scalar_literal(c)
    };
    match code % 12 {
        0 => match p % 6 {
            0 => lax::neg(&x),
            1 => lax::abs(&x),
            2 => x.powi(2 + (p as i32 / 6) % 3),
            3 if float => lax::tanh(&x),
            4 if float => lax::exp(&lax::min(
                &x,
                &back(&scalar(10.0), shape, &(0..rank).collect::<Vec<_>>()),
            )),
            5 if float => lax::floor(&x),
            _ => lax::sign(&x),
        },
        1 => match p % 5 {
            0 => lax::add(&x, &y),
            1 => lax::sub(&x, &y),
            2 => lax::mul(&x, &y),
            3 => lax::max(&x, &y),
            _ => lax::min(&x, &y),
        },
        2 => {
            let s = back(
                &scalar(0.5 + p as f64),
                shape,
                &(0..rank).collect::<Vec<_>>(),
            );
            lax::add(&lax::mul(&x, &s), &y)
        }
        3 => lax::select_n(&lax::lt(&x, &y), &[&x, &y]),
        4 => {
            let ax = axes(shape, p);
            let r = match p % 3 {
                0 => lax::reduce_sum(&x, &ax),
                1 => lax::reduce_max(&x, &ax),
                _ => lax::reduce_min(&x, &ax),
            };
            back(&r, shape, &ax)
        }
        5 if rank > 0 => {
            let i = lax::argmax(&x, axis, DType::I32);
            back(&lax::convert_element_type(&i, dtype, false), shape, &[axis])
        }
        6 if rank > 0 => match p % 3 {
            0 => lax::cumsum(&x, axis, p & 8 != 0),
            1 => lax::cummax(&x, axis, p & 8 != 0),
            _ => lax::cummin(&x, axis, p & 8 != 0),
        },
        7 => lax::rev(&x, &axes(shape, p)),
        8 if rank > 0 && shape[axis] > 1 => {
            // Drop the first element along `axis` and pad it back with a constant.
            let mut start = vec![0; rank];
            start[axis] = 1;
            let s = lax::slice(&x, &start, shape, None);
            let mut config = vec![(0i64, 0i64, 0i64); rank];
            config[axis] = (1, 0, 0);
            lax::pad(&s, &scalar(-2.0), &config)
        }
        9 if rank > 0 && shape[axis] > 1 => {
            // A roll by `k` along `axis`: two slices concatenated in the other order.
            let k = 1 + (p as usize / 3) % (shape[axis] - 1);
            let (mut s0, mut l0) = (vec![0; rank], shape.to_vec());
            l0[axis] = k;
            let head = lax::slice(&x, &s0, &l0, None);
            s0[axis] = k;
            let tail = lax::slice(&x, &s0, shape, None);
            lax::concatenate(&[tail, head], axis)
        }
        10 if !float && rank > 0 => {
            // Batched over the leading axes, contracting the last.
            let batch: Vec<usize> = (0..rank - 1).collect();
            let d = lax::dot_general(
                &x,
                &y,
                ((vec![rank - 1], vec![rank - 1]), (batch.clone(), batch)),
            );
            back(&d, shape, &[rank - 1])
        }
        11 if rank >= 2 && shape[0] == shape[1] => {
            let mut perm: Vec<usize> = (0..rank).collect();
            perm.swap(0, 1);
            lax::transpose(&x, &perm)
        }
        _ => lax::add(&x, &y),
    }
}

fn program(ops: &[Op], shape: &[usize], dtype: DType) -> ClosedJaxpr {
    let aval = Aval::new(shape.to_vec(), dtype);
    let ops = ops.to_vec();
    let shape = shape.to_vec();
    trace_to_jaxpr(&[aval.clone(), aval], move |args| {
        let mut vals = args.to_vec();
        for &op in &ops {
            let v = apply(op, &vals, &shape, dtype);
            vals.push(v);
        }
        let k = vals.len();
        vec![vals[k - 1].clone(), vals[k / 2].clone()]
    })
}

fn check(ops: &[Op], shape: &[usize], dtype: DType, seed: u64) {
    let jaxpr = program(ops, shape, dtype);
    let mut rng = Rng(seed | 1);
    let x = random_concrete(&mut rng, dtype, shape);
    let y = random_concrete(&mut rng, dtype, shape);
    let prim = Primitive::Jit {
        name: "f".into(),
        jaxpr: Arc::new(jaxpr.clone()),
    };
    let want = eval_primitive(&prim, &[&x, &y], &jaxpr.out_avals());
    let compiled = compile_with(
        &jaxpr,
        Options {
            dump: false,
            typecheck: true,
        },
    );
    let got = compiled.run(vec![Cow::Borrowed(&x), Cow::Borrowed(&y)]);
    for (g, w) in got.iter().zip(&want) {
        assert_bits_eq_with(g.data(), w, &format!("{jaxpr}"), true);
    }
}

fn shapes() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..=5, 0..=3)
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn float_programs_compile_to_the_reference(ops in ops(), shape in shapes(), seed in any::<u64>()) {
        check(&ops, &shape, DType::F32, seed);
    }

    #[test]
    fn int_programs_compile_to_the_reference(ops in ops(), shape in shapes(), seed in any::<u64>()) {
        check(&ops, &shape, DType::I32, seed);
    }
}
