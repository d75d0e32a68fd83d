//! The fused executor against the reference: random elementwise programs (with nested
//! `jit` calls, scalar operands and broadcasts) give bit-identical results (0 ulp; NaNs of
//! any sign and payload count as equal, see `common::assert_bits_eq_with`) through
//! `FusedKernel` and through the reference evaluator's `jit`.

mod common;

use std::sync::Arc;

use common::{assert_bits_eq, assert_bits_eq_with, random_concrete, Rng};
use jaxrs_core::api::{jit_call, trace_to_jaxpr};
use jaxrs_core::array::{Array, Concrete};
use jaxrs_core::aval::Aval;
use jaxrs_core::dtype::DType;
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::jaxpr::ClosedJaxpr;
use jaxrs_core::lax;
use jaxrs_core::primitive::Primitive;
use jaxrs_runtime::fuse::{self, FusedKernel};
use jaxrs_runtime::passes::contract::as_compiled;
use jaxrs_runtime::simd::Isa;

fn scalar(v: f32) -> Array {
    Array::from_vec(vec![v], vec![])
}

/// One random elementwise step on the values so far (all `f32[n]` or `f32[]`).
fn random_step(rng: &mut Rng, vals: &[Array], n: usize) -> Array {
    let pick = |rng: &mut Rng| vals[rng.below(vals.len() as u64) as usize].clone();
    let mut x = pick(rng);
    if x.size() != n {
        x = lax::add(&x, &vals[0]);
    }
    match rng.below(16) {
        0 => lax::add(&x, &pick(rng)),
        1 => lax::sub(&x, &scalar(1.5)),
        2 => lax::mul(&scalar(0.75), &x),
        3 => lax::div(&x, &pick(rng)),
        4 => lax::max(&x, &pick(rng)),
        5 => lax::min(&pick(rng), &x),
        6 => lax::neg(&x),
        7 => lax::abs(&x),
        8 => lax::sqrt(&lax::abs(&x)),
        9 => lax::tanh(&x),
        10 => lax::erf_inv(&lax::clamp(&scalar(-0.99), &x, &scalar(0.99))),
        11 => {
            let bits = lax::bitcast_convert_type(&x, DType::U32);
            let shifted = lax::shift_right_logical(&bits, &Array::from_vec(vec![9u32], vec![]));
            let ored = lax::bitwise_or(&shifted, &Array::from_vec(vec![0x3f80_0000u32], vec![]));
            lax::bitcast_convert_type(&ored, DType::F32)
        }
        12 => {
            let which = lax::lt(&x, &pick(rng));
            lax::select_n(&which, &[&x, &lax::neg(&x)])
        }
        13 => {
            let i = lax::convert_element_type(&x, DType::I32, false);
            lax::convert_element_type(&lax::mul(&i, &i), DType::F32, false)
        }
        14 => {
            // A scalar broadcast to [1], then used against the full array (as `_uniform`).
            let b = lax::broadcast_in_dim(&scalar(0.25), &[1], &[]);
            lax::add(&x, &b)
        }
        _ => {
            // A nested jit call, which the fused executor inlines.
            let y = pick(rng);
            jit_call("inner", &[x, y], |a| {
                vec![lax::mul(&lax::add(&a[0], &a[1]), &a[0])]
            })
            .remove(0)
        }
    }
}

fn random_program(rng: &mut Rng, n: usize) -> ClosedJaxpr {
    let avals = [
        Aval::new(vec![n], DType::F32),
        Aval::new(vec![n], DType::F32),
        Aval::new(vec![], DType::F32),
    ];
    let steps = 3 + rng.below(10) as usize;
    let mut local = Rng(rng.next_u64());
    trace_to_jaxpr(&avals, move |args| {
        let mut vals: Vec<Array> = args.to_vec();
        for _ in 0..steps {
            let v = random_step(&mut local, &vals, n);
            vals.push(v);
        }
        // Tie the last two values to the full-size arguments so both outputs have `n`
        // elements even when the program's tail works on scalars.
        let k = vals.len();
        vec![
            lax::add(&vals[k - 1], &args[0]),
            lax::mul(&args[1], &vals[k - 2]),
        ]
    })
}

fn reference(jaxpr: &ClosedJaxpr, inputs: &[&Concrete]) -> Vec<jaxrs_core::buffer::Buffer> {
    let prim = Primitive::Jit {
        name: "f".into(),
        jaxpr: Arc::new(jaxpr.clone()),
        inline: false,
    };
    eval_primitive(&prim, inputs, &jaxpr.out_avals())
}

#[test]
fn random_programs_fuse_bit_exactly() {
    let mut rng = Rng(2024);
    for case in 0..40 {
        let n = [2048, 5000, 70_000][case % 3];
        let jaxpr = as_compiled(&random_program(&mut rng, n));
        let x = random_concrete(&mut rng, DType::F32, &[n]);
        let y = random_concrete(&mut rng, DType::F32, &[n]);
        let s = random_concrete(&mut rng, DType::F32, &[]);
        let inputs = [&x, &y, &s];
        let want = reference(&jaxpr, &inputs);
        let mut kernel = FusedKernel::build(&jaxpr, &inputs)
            .unwrap_or_else(|| panic!("case {case} did not fuse:\n{jaxpr}"));
        assert!(kernel.looped_ops() > 0);
        for isa in Isa::available() {
            kernel.set_isa(isa);
            let got = kernel.run();
            for (g, w) in got.iter().zip(&want) {
                assert_bits_eq_with(
                    g,
                    w,
                    &format!("case {case}, n = {n}, {isa:?}:\n{jaxpr}"),
                    true,
                );
            }
        }
        // And through the backend entry point, which picks the fused path itself.
        let via_exec = fuse::execute_jit(&jaxpr, &inputs, &jaxpr.out_avals()).unwrap();
        for (g, w) in via_exec.iter().zip(&want) {
            assert_bits_eq_with(g, w, &format!("case {case} via execute_jit"), true);
        }
    }
}

#[test]
fn non_elementwise_programs_run_op_by_op() {
    let n = 4096;
    let jaxpr = trace_to_jaxpr(&[Aval::new(vec![n], DType::F32)], |a| {
        let r = lax::rev(&a[0], &[0]);
        vec![lax::add(&r, &a[0])]
    });
    let mut rng = Rng(5);
    let x = random_concrete(&mut rng, DType::F32, &[n]);
    assert!(FusedKernel::build(&jaxpr, &[&x]).is_none());
    let got = fuse::execute_jit(&jaxpr, &[&x], &jaxpr.out_avals()).unwrap();
    assert_bits_eq(&got[0], &reference(&jaxpr, &[&x])[0], "rev + add");
}

/// A random row program over `f32[r, c]`: elementwise steps on full values, last-axis
/// reductions (with and without `keepdims`), row-value arithmetic, a column bias, and
/// divisions by row values (XLA's reciprocal multiply).
fn random_row_program(rng: &mut Rng, r: usize, c: usize) -> ClosedJaxpr {
    use jaxrs_core::numpy as jnp;
    let avals = [
        Aval::new(vec![r, c], DType::F32),
        Aval::new(vec![c], DType::F32),
        Aval::new(vec![r, 1], DType::F32),
    ];
    let steps = 3 + rng.below(8) as usize;
    let mut local = Rng(rng.next_u64());
    trace_to_jaxpr(&avals, move |a| {
        let mut full: Vec<Array> = vec![a[0].clone()];
        let mut rows: Vec<Array> = vec![a[2].clone()];
        for _ in 0..steps {
            let x = full[local.below(full.len() as u64) as usize].clone();
            let m = rows[local.below(rows.len() as u64) as usize].clone();
            match local.below(9) {
                0 => full.push(lax::exp(&(&x - &m))),
                1 => rows.push(jnp::max_with(&x, |kw| kw.axis(-1isize).keepdims(true))),
                2 => rows.push(jnp::sum_with(&x, |kw| kw.axis(-1isize).keepdims(true))),
                3 => full.push(&x / &m),
                4 => full.push(&x + &a[1]),
                5 => full.push(lax::tanh(&lax::mul(&x, &scalar(0.5)))),
                6 => rows.push(lax::log(&lax::abs(&m))),
                7 => {
                    let s = lax::reduce_min(&x, &[1]);
                    rows.push(lax::broadcast_in_dim(&s, &[r, 1], &[0]));
                }
                _ => full.push(&x / &a[1]),
            }
        }
        vec![full.last().unwrap().clone(), rows.last().unwrap().clone()]
    })
}

#[test]
fn row_programs_fuse_bit_exactly() {
    use jaxrs_runtime::rows::RowKernel;
    let mut rng = Rng(77);
    let (mut fused, mut direct) = (0, 0);
    for case in 0..60 {
        let (r, c) = [(2, 1024), (300, 10), (7, 130), (64, 64), (33, 3)][case % 5];
        let jaxpr = as_compiled(&random_row_program(&mut rng, r, c));
        let x = random_concrete(&mut rng, DType::F32, &[r, c]);
        let b = random_concrete(&mut rng, DType::F32, &[c]);
        let m = random_concrete(&mut rng, DType::F32, &[r, 1]);
        let inputs = [&x, &b, &m];
        // The op-by-op runtime is the oracle; it equals the reference too (float sums run
        // in XLA's order on both).
        let want = fuse::interpret(&jaxpr, &inputs);
        for (g, w) in want.iter().zip(&reference(&jaxpr, &inputs)) {
            assert_bits_eq_with(g, w, &format!("case {case} op by op:\n{jaxpr}"), true);
        }
        // The compiled program, whose fuse pass groups the row program.
        let program = jaxrs_runtime::compile::compile(&jaxpr);
        let owned: Vec<std::borrow::Cow<'_, Concrete>> = inputs
            .iter()
            .map(|c| std::borrow::Cow::Borrowed(*c))
            .collect();
        let got = program.run(owned);
        for (g, w) in got.iter().zip(&want) {
            assert_bits_eq_with(
                g.data(),
                w,
                &format!("case {case} compiled:\n{jaxpr}"),
                true,
            );
        }
        let passes =
            jaxrs_runtime::passes::fuse::fuse(jaxrs_runtime::passes::inline::inline(jaxpr.clone()));
        if passes.jaxpr.eqns.len() < jaxpr.jaxpr.eqns.len() {
            fused += 1;
        }
        // Programs that are one row program from the start: every ISA.
        let Some(mut kernel) = RowKernel::build(&jaxpr, &inputs) else {
            continue;
        };
        direct += 1;
        for isa in Isa::available() {
            kernel.set_isa(isa);
            for (g, w) in kernel.run().iter().zip(&want) {
                assert_bits_eq_with(
                    g,
                    w,
                    &format!("case {case}, [{r}, {c}], {isa:?}:\n{jaxpr}"),
                    true,
                );
            }
        }
    }
    assert!(
        direct >= 5,
        "only {direct} of 60 row programs built directly"
    );
    assert!(fused >= 30, "only {fused} of 60 row programs fused");
}

#[test]
fn row_softmax_is_one_fusion() {
    use jaxrs_core::numpy as jnp;
    let jaxpr = trace_to_jaxpr(&[Aval::new(vec![64, 300], DType::F32)], |a| {
        let m = jnp::max_with(&a[0], |kw| kw.axis(-1isize).keepdims(true));
        let e = lax::exp(&(&a[0] - &m));
        let s = jnp::sum_with(&e, |kw| kw.axis(-1isize).keepdims(true));
        vec![&e / &s]
    });
    let fused =
        jaxrs_runtime::passes::fuse::fuse(jaxrs_runtime::passes::inline::inline(jaxpr.clone()));
    assert_eq!(fused.jaxpr.eqns.len(), 1, "{fused}");
    let mut rng = Rng(3);
    let x = random_concrete(&mut rng, DType::F32, &[64, 300]);
    let got = fuse::execute_jit(&fused, &[&x], &jaxpr.out_avals()).unwrap();
    assert_bits_eq(&got[0], &fuse::interpret(&jaxpr, &[&x])[0], "row softmax");
}

#[test]
fn bias_add_and_relu_are_one_fusion() {
    use jaxrs_core::numpy as jnp;
    let (r, c) = (48, jaxrs_runtime::rows::MIN_BROADCAST_COLS + 3);
    let avals = [
        Aval::new(vec![r, c], DType::F32),
        Aval::new(vec![c], DType::F32),
    ];
    let jaxpr = trace_to_jaxpr(&avals, |a| vec![jnp::maximum(&a[0] + &a[1], 0.0)]);
    let fused =
        jaxrs_runtime::passes::fuse::fuse(jaxrs_runtime::passes::inline::inline(jaxpr.clone()));
    // The broadcast of the bias stays outside; the add and the max are one row program.
    assert_eq!(fused.jaxpr.eqns.len(), 2, "{fused}");
    let mut rng = Rng(5);
    let x = random_concrete(&mut rng, DType::F32, &[r, c]);
    let b = random_concrete(&mut rng, DType::F32, &[c]);
    let program = jaxrs_runtime::compile::compile(&jaxpr);
    let got = program.run(vec![
        std::borrow::Cow::Borrowed(&x),
        std::borrow::Cow::Borrowed(&b),
    ]);
    assert_bits_eq(
        got[0].data(),
        &reference(&jaxpr, &[&x, &b])[0],
        "bias + relu",
    );
}
