//! The compiler: each pass alone (what it rewrites, and that its output typechecks), and
//! compiled programs against the reference evaluator.
//!
//! Programs whose float sums the kernels reassociate (softmax, MLP) are compared within
//! `1e-6` relative (see `kernels/reduce.rs`, "Accumulation order"); everything else bit for
//! bit.

mod common;

use std::borrow::Cow;
use std::sync::Arc;

use common::{assert_bits_eq, random_concrete, Rng};
use jaxrs_core::api::{jit_call, trace_to_jaxpr};
use jaxrs_core::array::{Array, Concrete};
use jaxrs_core::aval::Aval;
use jaxrs_core::dtype::DType;
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::jaxpr::ClosedJaxpr;
use jaxrs_core::lax;
use jaxrs_core::numpy as jnp;
use jaxrs_core::primitive::Primitive;
use jaxrs_runtime::compile::{compile_with, optimize, Options, PASSES};
use jaxrs_runtime::passes::{fuse::fuse, inline::inline, simplify::simplify};

const CHECKED: Options = Options {
    dump: false,
    typecheck: true,
};

fn f32s(shape: &[usize]) -> Aval {
    Aval::new(shape.to_vec(), DType::F32)
}

fn names(j: &ClosedJaxpr) -> Vec<&'static str> {
    j.jaxpr.eqns.iter().map(|e| e.primitive.name()).collect()
}

fn reference(jaxpr: &ClosedJaxpr, inputs: &[&Concrete]) -> Vec<jaxrs_core::buffer::Buffer> {
    let prim = Primitive::Jit {
        name: "f".into(),
        jaxpr: Arc::new(jaxpr.clone()),
        inline: false,
    };
    eval_primitive(&prim, inputs, &jaxpr.out_avals())
}

fn run(jaxpr: &ClosedJaxpr, inputs: &[&Concrete]) -> Vec<Concrete> {
    let program = compile_with(jaxpr, CHECKED);
    program.run(inputs.iter().map(|c| Cow::Borrowed(*c)).collect())
}

fn seed_w1(n: usize) -> ClosedJaxpr {
    trace_to_jaxpr(&[f32s(&[n]), f32s(&[n])], |a| {
        vec![2 * a[0].powi(2) + &a[1]]
    })
}

#[test]
fn the_pass_list_is_named() {
    let names: Vec<&str> = PASSES.iter().map(|p| p.0).collect();
    assert_eq!(names, ["inline", "contract", "simplify", "fuse"]);
}

#[test]
fn inline_flattens_nested_calls() {
    let j = trace_to_jaxpr(&[f32s(&[3])], |a| {
        let inner =
            |x: &Array| jit_call("g", std::slice::from_ref(x), |b| vec![lax::sin(&b[0])]).remove(0);
        vec![lax::add(&inner(&a[0]), &inner(&a[0]))]
    });
    assert_eq!(names(&j), ["jit", "jit", "add"]);
    let flat = inline(j);
    assert_eq!(names(&flat), ["sin", "sin", "add"]);
    flat.jaxpr.typecheck().unwrap();
}

#[test]
fn simplify_rewrites_powers_identities_and_duplicates() {
    let j = trace_to_jaxpr(&[f32s(&[3]), f32s(&[3])], |a| {
        let p = a[0].powi(3);
        let one = &p * 1.0;
        let twice = lax::add(&lax::sin(&a[1]), &lax::sin(&a[1]));
        let _dead = lax::cos(&a[1]);
        vec![lax::add(&one, &twice)]
    });
    let s = simplify(j.clone());
    s.jaxpr.typecheck().unwrap();
    assert_eq!(names(&s), ["mul", "mul", "sin", "add", "add"]);
    let mut rng = Rng(1);
    let (x, y) = (
        random_concrete(&mut rng, DType::F32, &[3]),
        random_concrete(&mut rng, DType::F32, &[3]),
    );
    let got = run(&j, &[&x, &y]);
    assert_bits_eq(
        got[0].data(),
        &reference(&j, &[&x, &y])[0],
        "simplified program",
    );
}

#[test]
fn simplify_keeps_x_plus_zero_which_is_not_exact() {
    let j = trace_to_jaxpr(&[f32s(&[2])], |a| vec![&a[0] + 0.0]);
    assert_eq!(names(&simplify(j)), ["add"]);
}

#[test]
fn simplify_folds_scalar_constants() {
    let j = trace_to_jaxpr(&[f32s(&[2])], |a| {
        let c = jnp::exp(1.0);
        vec![&a[0] * &c]
    });
    let s = simplify(j);
    assert_eq!(names(&s), ["mul"]);
}

#[test]
fn fuse_groups_large_elementwise_runs_only() {
    let big = inline(seed_w1(1 << 20));
    let fused = fuse(simplify(big));
    fused.jaxpr.typecheck().unwrap();
    assert_eq!(names(&fused), ["jit"]);
    let small = fuse(simplify(inline(seed_w1(3))));
    assert_eq!(names(&small), ["mul", "mul", "add"]);
}

#[test]
fn compiled_w1_matches_the_reference_at_every_size() {
    let mut rng = Rng(2);
    for n in [3, 1000, 5000, 70_000] {
        let j = seed_w1(n);
        let (x, y) = (
            random_concrete(&mut rng, DType::F32, &[n]),
            random_concrete(&mut rng, DType::F32, &[n]),
        );
        let got = run(&j, &[&x, &y]);
        assert_bits_eq(
            got[0].data(),
            &reference(&j, &[&x, &y])[0],
            &format!("W1 at {n}"),
        );
    }
}

fn close(got: &Concrete, want: &jaxrs_core::buffer::Buffer, what: &str) {
    let (g, w) = (got.data().as_slice::<f32>(), want.as_slice::<f32>());
    for (i, (a, b)) in g.iter().zip(w).enumerate() {
        assert!(
            (a - b).abs() <= 1e-6 * b.abs().max(1e-30) + 1e-37,
            "{what}: element {i}: {a} vs {b}"
        );
    }
}

#[test]
fn compiled_softmax_and_mlp_match_the_reference() {
    let mut rng = Rng(3);
    let softmax = trace_to_jaxpr(&[f32s(&[64, 300])], |a| {
        let m = jnp::max_with(&a[0], |kw| kw.axis(-1isize).keepdims(true));
        let e = lax::exp(&lax::sub(&a[0], &m));
        let s = jnp::sum_with(&e, |kw| kw.axis(-1isize).keepdims(true));
        vec![lax::div(&e, &s)]
    });
    let x = random_concrete(&mut rng, DType::F32, &[64, 300]);
    let x = Concrete::new(
        x.aval().clone(),
        jaxrs_core::buffer::Buffer::F32(
            x.data()
                .as_slice::<f32>()
                .iter()
                .map(|v| {
                    if v.is_finite() {
                        v.clamp(-50.0, 50.0)
                    } else {
                        0.5
                    }
                })
                .collect(),
        ),
    );
    close(
        &run(&softmax, &[&x])[0],
        &reference(&softmax, &[&x])[0],
        "softmax",
    );

    let mlp = trace_to_jaxpr(
        &[
            f32s(&[16, 40]),
            f32s(&[40, 32]),
            f32s(&[32]),
            f32s(&[32, 10]),
        ],
        |a| {
            let h = jnp::maximum(&(jnp::matmul(&a[0], &a[1]) + &a[2]), 0.0);
            let logits = jnp::matmul(&h, &a[3]);
            let m = jnp::max_with(&logits, |kw| kw.axis(-1isize).keepdims(true));
            let lse = lax::log(&jnp::sum_with(lax::exp(&lax::sub(&logits, &m)), |kw| {
                kw.axis(-1isize).keepdims(true)
            }));
            vec![lax::sub(&lax::sub(&logits, &m), &lse)]
        },
    );
    let gen = |rng: &mut Rng, shape: &[usize]| {
        let n: usize = shape.iter().product();
        let v: Vec<f32> = (0..n)
            .map(|_| (rng.below(2001) as f32 - 1000.0) / 4000.0)
            .collect();
        Concrete::new(f32s(shape), jaxrs_core::buffer::Buffer::F32(v))
    };
    let ins = [
        gen(&mut rng, &[16, 40]),
        gen(&mut rng, &[40, 32]),
        gen(&mut rng, &[32]),
        gen(&mut rng, &[32, 10]),
    ];
    let refs: Vec<&Concrete> = ins.iter().collect();
    let got = run(&mlp, &refs);
    let want = reference(&mlp, &refs);
    let (g, w) = (got[0].data().as_slice::<f32>(), want[0].as_slice::<f32>());
    for (a, b) in g.iter().zip(w) {
        assert!((a - b).abs() <= 1e-5 * b.abs().max(1.0), "mlp: {a} vs {b}");
    }
}

#[test]
fn dead_arguments_feed_the_pool_and_reshapes_move() {
    let n = 1 << 16;
    let j = trace_to_jaxpr(&[f32s(&[n])], |a| {
        let r = lax::reshape(&lax::sin(&a[0]), &[256, 256]);
        vec![lax::transpose(&r, &[1, 0])]
    });
    let program = compile_with(&j, CHECKED);
    let mut rng = Rng(4);
    let x = random_concrete(&mut rng, DType::F32, &[n]);
    let want = reference(&j, &[&x]);
    let got = program.run(vec![Cow::Owned(x)]);
    assert_bits_eq(got[0].data(), &want[0], "sin → reshape → transpose");
}

#[test]
fn repeated_w1_calls_allocate_only_their_output() {
    // Peak memory of W1: the inputs, one output, and per-worker tiles (not pooled).
    let n = 1 << 20;
    let j = seed_w1(n);
    let program = compile_with(&j, CHECKED);
    let mut rng = Rng(5);
    let (x, y) = (
        random_concrete(&mut rng, DType::F32, &[n]),
        random_concrete(&mut rng, DType::F32, &[n]),
    );
    let call = || program.run(vec![Cow::Borrowed(&x), Cow::Borrowed(&y)]);
    drop(call());
    let before = jaxrs_runtime::pool::fresh_allocations();
    for _ in 0..3 {
        drop(call());
    }
    let per_call = (jaxrs_runtime::pool::fresh_allocations() - before) as f64 / 3.0;
    assert_eq!(per_call, 1.0, "fresh allocations per call");
}

#[test]
fn every_pass_typechecks_on_a_mixed_program() {
    let j = trace_to_jaxpr(&[f32s(&[50, 60]), f32s(&[60])], |a| {
        let b = lax::broadcast_in_dim(&a[1], &[50, 60], &[1]);
        let s = lax::tanh(&lax::add(&a[0], &b));
        let r = jnp::sum_with(&s, |kw| kw.axis(0isize).keepdims(false));
        let c = jit_call("clip", &[r], |v| {
            vec![lax::max(&v[0], &Array::from_vec(vec![0.0f32], vec![]))]
        });
        vec![c[0].clone(), lax::rev(&s, &[0])]
    });
    let o = optimize(j.clone(), CHECKED);
    o.jaxpr.typecheck().unwrap();
    let mut rng = Rng(6);
    let (x, y) = (
        random_concrete(&mut rng, DType::F32, &[50, 60]),
        random_concrete(&mut rng, DType::F32, &[60]),
    );
    let got = run(&j, &[&x, &y]);
    let want = reference(&j, &[&x, &y]);
    assert_bits_eq(got[1].data(), &want[1], "rev of tanh");
}
