//! Property tests: random jaxprs compiled by `compile()` (every pass typechecked) and run,
//! against the reference evaluator, bit for bit; NaNs of any sign and payload count as
//! equal (see `common::assert_bits_eq_with`, the one comparison).
//!
//! A program is up to seven operations over values of one shape (rank 0 to 3), in one
//! dtype drawn per program: `float32`, `float16`, `bfloat16`, or `int32`, `int8`,
//! `uint8`, `int16`, `uint32`. The operations: every elementwise unary and binary
//! primitive of the dtype's family (tables below), comparisons into `select_n` or
//! converted, `clamp`, dtype round trips through `convert_element_type`, splatted scalars,
//! unit axes repeated by `broadcast_in_dim`, flatten-and-reshape, reductions over random
//! axes broadcast back, arg-reductions, scans, reversals, slices with padding, rolls
//! through `concatenate`, transposes, `sort` (with a carried operand), batched
//! `dot_general`.
//!
//! Float sums stay bit-exact here because every reduced run is shorter than the kernels'
//! `SHORT` (128): longer float sums reassociate and are checked within a bound in
//! `tests/kernels.rs`. `dot_general` appears in the integer programs (exact in any order);
//! float dots are bounded in `tests/kernels.rs` too. Two properties of [`CASES`] programs
//! each make 10,000 programs per run (~15 s in the debug test profile); a failure shrinks
//! to a minimal list of operations.

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
use jaxrs_core::trace::bind1;
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
    match code % 17 {
        // `neg`, `abs` and `sign` reject unsigned integers (as JAX does).
        0 | 12 if dtype.is_unsigned_integer() => lax::bitwise_not(&x),
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
        12 => {
            let table = if float { FLOAT_UNARY } else { INT_UNARY };
            let prim = table[p as usize % table.len()].clone();
            bind1(prim, &[x])
        }
        13 => {
            let table = if float { FLOAT_BINARY } else { INT_BINARY };
            let prim = table[p as usize % table.len()].clone();
            // Shifts by small amounts and by ones past the width both appear.
            let y = match prim {
                Primitive::ShiftLeft
                | Primitive::ShiftRightLogical
                | Primitive::ShiftRightArithmetic => lax::rem(
                    &y,
                    &back(&scalar(37.0), shape, &(0..rank).collect::<Vec<_>>()),
                ),
                _ => y,
            };
            bind1(prim, &[x, y])
        }
        14 if rank > 0 => {
            // An operand with a unit axis broadcast back along it (`broadcast_in_dim`
            // repeating a size-1 dimension), or the value flattened and reshaped back.
            if p & 1 == 0 {
                let mut limit = shape.to_vec();
                limit[axis] = 1;
                let s = lax::slice(&y, &vec![0; rank], &limit, None);
                let dims: Vec<usize> = (0..rank).collect();
                lax::sub(&x, &lax::broadcast_in_dim(&s, shape, &dims))
            } else {
                let n: usize = shape.iter().product();
                lax::reshape(&lax::neg(&lax::reshape(&x, &[n])), shape)
            }
        }
        15 => {
            // Comparisons into `select_n` or converted back; `clamp`; dtype round trips.
            let cmp = [
                Primitive::Eq,
                Primitive::Ne,
                Primitive::Le,
                Primitive::Ge,
                Primitive::Gt,
            ];
            match p % 4 {
                0 => {
                    let c = bind1(
                        cmp[p as usize / 4 % cmp.len()].clone(),
                        &[x.clone(), y.clone()],
                    );
                    lax::convert_element_type(&c, dtype, false)
                }
                1 => lax::clamp(&lax::min(&x, &y), &x, &lax::max(&x, &y)),
                2 => {
                    let other = if float { DType::F32 } else { DType::I8 };
                    let via = if other == dtype { DType::BF16 } else { other };
                    let t = lax::convert_element_type(&x, via, false);
                    lax::convert_element_type(&t, dtype, false)
                }
                _ => {
                    let t = lax::convert_element_type(
                        &x,
                        if float { DType::I32 } else { DType::F32 },
                        false,
                    );
                    lax::convert_element_type(&t, dtype, false)
                }
            }
        }
        16 if rank > 0 => {
            // `sort` along an axis, alone or carrying a second operand in the key's order.
            if p & 1 == 0 {
                lax::sort(&x, axis as isize)
            } else {
                lax::sort_multi(&[x, y], axis as isize, true, 1).remove(1)
            }
        }
        _ => lax::add(&x, &y),
    }
}

/// Every elementwise unary primitive of floats: the fused loop and the op-by-op kernels run
/// them all.
const FLOAT_UNARY: &[Primitive] = &[
    Primitive::Neg,
    Primitive::Sign,
    Primitive::Floor,
    Primitive::Ceil,
    Primitive::Exp,
    Primitive::Exp2,
    Primitive::Log,
    Primitive::Log1p,
    Primitive::Expm1,
    Primitive::Tanh,
    Primitive::Logistic,
    Primitive::Sin,
    Primitive::Cos,
    Primitive::Tan,
    Primitive::Asin,
    Primitive::Acos,
    Primitive::Atan,
    Primitive::Sinh,
    Primitive::Cosh,
    Primitive::Asinh,
    Primitive::Acosh,
    Primitive::Atanh,
    Primitive::Sqrt,
    Primitive::Rsqrt,
    Primitive::Cbrt,
    Primitive::Abs,
    Primitive::Erf,
    Primitive::Erfc,
    Primitive::ErfInv,
    Primitive::Lgamma,
    Primitive::Digamma,
    Primitive::Square,
];

/// Every elementwise unary primitive of integers.
const INT_UNARY: &[Primitive] = &[
    Primitive::Neg,
    Primitive::Sign,
    Primitive::Abs,
    Primitive::Not,
    Primitive::Square,
    Primitive::IntegerPow { y: 3 },
];

/// Every elementwise binary primitive of floats.
const FLOAT_BINARY: &[Primitive] = &[
    Primitive::Add,
    Primitive::Sub,
    Primitive::Mul,
    Primitive::Div,
    Primitive::Rem,
    Primitive::Pow,
    Primitive::Max,
    Primitive::Min,
    Primitive::Atan2,
    Primitive::Nextafter,
];

/// Every elementwise binary primitive of integers.
const INT_BINARY: &[Primitive] = &[
    Primitive::Add,
    Primitive::Sub,
    Primitive::Mul,
    Primitive::Div,
    Primitive::Rem,
    Primitive::Max,
    Primitive::Min,
    Primitive::And,
    Primitive::Or,
    Primitive::Xor,
    Primitive::ShiftLeft,
    Primitive::ShiftRightLogical,
    Primitive::ShiftRightArithmetic,
];

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
        inline: false,
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

fn float_dtypes() -> impl Strategy<Value = DType> {
    prop::sample::select(vec![DType::F32, DType::F32, DType::F16, DType::BF16])
}

fn int_dtypes() -> impl Strategy<Value = DType> {
    prop::sample::select(vec![
        DType::I32,
        DType::I32,
        DType::I8,
        DType::U8,
        DType::I16,
        DType::U32,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn float_programs_compile_to_the_reference(ops in ops(), shape in shapes(), dtype in float_dtypes(), seed in any::<u64>()) {
        check(&ops, &shape, dtype, seed);
    }

    #[test]
    fn int_programs_compile_to_the_reference(ops in ops(), shape in shapes(), dtype in int_dtypes(), seed in any::<u64>()) {
        check(&ops, &shape, dtype, seed);
    }
}

/// Programs per property: two properties make the 10,000 per run that the runtime issue
/// asks for.
const CASES: u32 = 5000;
