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
    };
    eval_primitive(&prim, inputs, &jaxpr.out_avals())
}

#[test]
fn random_programs_fuse_bit_exactly() {
    let mut rng = Rng(2024);
    for case in 0..40 {
        let n = [2048, 5000, 70_000][case % 3];
        let jaxpr = random_program(&mut rng, n);
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
