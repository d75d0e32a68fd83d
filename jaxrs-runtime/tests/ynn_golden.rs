//! The functions XLA:CPU runs inside YNNPACK fusions (`jaxrs_core::jaxpr::ynn`) against
//! JAX 0.10.2, bit for bit: softmax, log-softmax, logsumexp, `exp(x - max)`, sums of
//! `exp` and YNNPACK's `expm1`, `log`, `log1p`, `tanh`, `logistic`, `erf`, `rsqrt`, `exp2`
//! and `log2` beside a reduction, on both sides of the 4096-element threshold (golden
//! data `ynn.json`, generator `tools/golden/gen_ynn.py`), through the compiled runtime,
//! the reference evaluator's `jit`, and eager calls where the case is eager.

use std::borrow::Cow;
use std::sync::Arc;

use jaxrs_core::api::trace_to_jaxpr;
use jaxrs_core::array::{Array, Concrete};
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::DType;
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::numpy as jnp;
use jaxrs_core::primitive::Primitive;
use jaxrs_core::scipy::special;
use jaxrs_core::{lax, nn};
use jaxrs_runtime::compile::{compile_with, Options};
use serde_json::Value;

/// The generator's input: `scale * (h / 2^23 - 1)` for element `i` of seed `s`.
fn input(shape: &[usize], seed: u64, scale: f64) -> Concrete {
    let n: usize = shape.iter().product();
    let v = (0..n).map(|i| {
        let h = (i as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(seed.wrapping_mul(0xD1B5_4A32_D192_ED03))
            >> 40;
        ((h as f64 / (1u64 << 23) as f64 - 1.0) * scale) as f32
    });
    Concrete::new(
        Aval::new(shape.to_vec(), DType::F32),
        Buffer::F32(v.collect()),
    )
}

fn row_max(x: &Array) -> Array {
    jnp::max_with(x, |kw| kw.axis(-1isize).keepdims(true))
}

fn row_min(x: &Array) -> Array {
    jnp::min_with(x, |kw| kw.axis(-1isize).keepdims(true))
}

fn row_sum(x: Array) -> Array {
    jnp::sum_with(x, |kw| kw.axis(-1isize))
}

fn apply(name: &str, x: &Array) -> Array {
    match name {
        "softmax" => nn::softmax_with(x, |kw| kw.axis(-1isize)),
        "log_softmax" => nn::log_softmax_with(x, |kw| kw.axis(-1isize)),
        "logsumexp" => nn::logsumexp_with(x, |kw| kw.axis(-1isize)),
        "exp_sub_max" => lax::exp(&(x - row_max(x))),
        "sum_exp" => row_sum(lax::exp(x)),
        "exp_row_sums" => lax::exp(&jnp::sum_with(x, |kw| kw.axis(-1isize))),
        "tanh_sub_max" => jnp::tanh(x - row_max(x)),
        "sum_tanh" => row_sum(jnp::tanh(x)),
        "logistic_sub_max" => nn::sigmoid(x - row_max(x)),
        "sum_logistic" => row_sum(nn::sigmoid(x)),
        "log_sub_min" => jnp::log(x - row_min(x)),
        "sum_log_abs" => row_sum(jnp::log(jnp::abs(x))),
        "log1p_sub_max" => jnp::log1p(x - row_max(x)),
        "log1p_sub_min" => jnp::log1p(x - row_min(x)),
        "expm1_sub_max" => jnp::expm1(x - row_max(x)),
        "sum_expm1" => row_sum(jnp::expm1(x)),
        "erf_sub_max" => special::erf(x - row_max(x)),
        "sum_erf" => row_sum(special::erf(x)),
        "rsqrt_sub_min" => lax::rsqrt(&(x - row_min(x))),
        "sum_rsqrt_abs" => row_sum(lax::rsqrt(&jnp::abs(x))),
        "exp2_sub_max" => jnp::exp2(x - row_max(x)),
        "sum_exp2" => row_sum(jnp::exp2(x)),
        "log2_sub_min" => jnp::log2(x - row_min(x)),
        "log2_sub_max" => jnp::log2(x - row_max(x)),
        "sum_log2_abs" => row_sum(jnp::log2(jnp::abs(x))),
        "exp_erf_sub_max" => lax::exp(&special::erf(x - row_max(x))),
        "exp_sin_sub_max" => lax::exp(&jnp::sin(x - row_max(x))),
        _ => unreachable!("{name}"),
    }
}

fn bits(b: &Buffer) -> String {
    b.as_slice::<f32>()
        .iter()
        .map(|x| format!("{:08x}", x.to_bits()))
        .collect()
}

/// The first element whose bits differ, for the failure message.
fn first_difference(got: &str, want: &str) -> String {
    let i = (0..want.len() / 8)
        .find(|&i| got.get(8 * i..8 * i + 8) != want.get(8 * i..8 * i + 8))
        .unwrap_or(0);
    format!(
        "element {i}: got {:?}, JAX {}",
        got.get(8 * i..8 * i + 8),
        &want[8 * i..8 * i + 8]
    )
}

#[test]
fn exps_inside_ynnpack_fusions_match_jax() {
    jaxrs_runtime::install();
    let path = format!(
        "{}/../jaxrs-core/tests/golden/ynn.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let golden: Value = serde_json::from_str(&text).expect("golden JSON parses");
    assert_eq!(golden["jax"], "0.10.2");
    let cases = golden["cases"].as_array().expect("cases");
    let mut bad = Vec::new();
    for case in cases {
        let name = case["fn"].as_str().expect("fn").to_string();
        let shape: Vec<usize> = serde_json::from_value(case["shape"].clone()).expect("shape");
        let seed = case["seed"].as_u64().expect("seed");
        let scale = case["scale"].as_f64().expect("scale");
        let want = case["bits"].as_str().expect("bits");
        let label = format!("{name} {shape:?} scale {scale}");
        let x = input(&shape, seed, scale);
        let mut check = |path: &str, got: String| {
            if got != want {
                bad.push(format!("{path}: {label}: {}", first_difference(&got, want)));
            }
        };
        if case["eager"].as_bool() == Some(true) {
            let got = apply(&name, &Array::from_concrete(x.clone()));
            check("eager", bits(got.as_concrete().expect("concrete").data()));
            continue;
        }
        let jaxpr = trace_to_jaxpr(&[x.aval().clone()], |a| vec![apply(&name, &a[0])]);
        let options = Options {
            dump: false,
            typecheck: true,
        };
        let got = compile_with(&jaxpr, options).run(vec![Cow::Borrowed(&x)]);
        check("runtime jit", bits(got[0].data()));
        let prim = Primitive::Jit {
            name: "f".into(),
            jaxpr: Arc::new(jaxpr.clone()),
            inline: false,
        };
        let reference = eval_primitive(&prim, &[&x], &jaxpr.out_avals());
        check("reference", bits(&reference[0]));
    }
    assert!(
        bad.is_empty(),
        "{} of {} cases x paths differ from JAX:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}
