//! Eager derivatives of the `jnp` ufuncs against JAX 0.10.2
//! (`tools/golden/gen_jvp_ufuncs.py` writes `tests/golden/jvp_ufuncs.json`): `jvp` of each
//! function and `grad` of `sum(f(x) * w)`, on 256 float32 inputs per domain, compared by
//! bits.
//!
//! JAX jits every ufunc with `inline=True`, so an eager `jvp` or `grad` runs each function's
//! derivative as one computation, in which XLA contracts multiply-adds (`tanh`'s
//! `g + g·y`, the product rule's `t·y + x·u`): jaxrs makes the same `jit` calls
//! (`jaxrs_core::numpy::ufuncs`), and its evaluator contracts them as XLA does.

use jaxrs_core::api::{grad, grad_with, jvp};
use jaxrs_core::numpy as jnp;
use jaxrs_core::scipy::special;
use jaxrs_core::{nn, Array};
use serde_json::Value;

/// The golden file, read relative to this source so that `tests/jvp_ufuncs_runtime.rs`
/// (another crate) finds it too.
fn load() -> Value {
    let v: Value =
        serde_json::from_str(include_str!("golden/jvp_ufuncs.json")).expect("golden JSON parses");
    assert_eq!(
        v["jax_version"], "0.10.2",
        "golden data must come from JAX 0.10.2"
    );
    v
}

fn from_hex(s: &str) -> Array {
    let v: Vec<f32> = s
        .split(' ')
        .map(|h| f32::from_bits(u32::from_str_radix(h, 16).expect("hex bits")))
        .collect();
    jnp::array(v)
}

fn bits(a: &Array) -> Vec<u32> {
    a.to_vec::<f32>().iter().map(|x| x.to_bits()).collect()
}

fn unary(name: &str, x: &Array) -> Array {
    match name {
        "exp" => jnp::exp(x),
        "exp2" => jnp::exp2(x),
        "expm1" => jnp::expm1(x),
        "log" => jnp::log(x),
        "log1p" => jnp::log1p(x),
        "log2" => jnp::log2(x),
        "log10" => jnp::log10(x),
        "sqrt" => jnp::sqrt(x),
        "cbrt" => jnp::cbrt(x),
        "sin" => jnp::sin(x),
        "cos" => jnp::cos(x),
        "tan" => jnp::tan(x),
        "tanh" => jnp::tanh(x),
        "sinh" => jnp::sinh(x),
        "cosh" => jnp::cosh(x),
        "arcsin" => jnp::arcsin(x),
        "arccos" => jnp::arccos(x),
        "arctan" => jnp::arctan(x),
        "arcsinh" => jnp::arcsinh(x),
        "arccosh" => jnp::arccosh(x),
        "arctanh" => jnp::arctanh(x),
        "square" => jnp::square(x),
        "reciprocal" => jnp::reciprocal(x),
        "abs" => jnp::abs(x),
        "fabs" => jnp::fabs(x),
        "negative" => jnp::negative(x),
        "deg2rad" => jnp::deg2rad(x),
        "rad2deg" => jnp::rad2deg(x),
        "tanh_times_exp" => jnp::tanh(x) * jnp::exp(-x),
        "rational" => jnp::exp(x) / (1.0 + x.powi(2)),
        "softplus_like" => jnp::log1p(jnp::exp(-jnp::abs(x))) + jnp::maximum(x, 0.0),
        "sigmoid" => nn::sigmoid(x),
        "softplus" => nn::softplus(x),
        "silu" => nn::silu(x),
        "gelu" => nn::gelu(x),
        "softmax" => nn::softmax(x),
        "log_softmax" => nn::log_softmax(x),
        "logsumexp" => special::logsumexp(x),
        "mean" => jnp::mean(x),
        "var" => jnp::var(x),
        other => panic!("no unary case {other}"),
    }
}

fn binary(name: &str, x: &Array, y: &Array) -> Array {
    match name {
        "add" => jnp::add(x, y),
        "subtract" => jnp::subtract(x, y),
        "multiply" => jnp::multiply(x, y),
        "divide" => jnp::divide(x, y),
        "power" => jnp::power(x, y),
        "float_power" => jnp::float_power(x, y),
        "maximum" => jnp::maximum(x, y),
        "minimum" => jnp::minimum(x, y),
        "arctan2" => jnp::arctan2(x, y),
        "poly" => 2 * x.powi(2) + x * y - 3 * y,
        other => panic!("no binary case {other}"),
    }
}

/// The number of elements of each result (primal, tangent, gradients) that differ from
/// JAX's bits.
fn mismatches(c: &Value, g: &Value) -> Vec<usize> {
    let name = c["name"].as_str().unwrap();
    let doms: Vec<&str> = c["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let primals: Vec<Array> = doms
        .iter()
        .map(|d| from_hex(g["inputs"][*d].as_str().unwrap()))
        .collect();
    let tangents: Vec<Array> = (0..doms.len())
        .map(|i| from_hex(g["tangents"][i].as_str().unwrap()))
        .collect();
    let w = from_hex(g["weights"].as_str().unwrap());
    let (p, t, grads) = match &primals[..] {
        [x] => {
            let (p, t) = jvp(|x: &Array| unary(name, x), (x,), (&tangents[0],));
            let gx = grad(|x: &Array| jnp::sum(unary(name, x) * &w))(x);
            (p, t, vec![gx])
        }
        [x, y] => {
            let (p, t) = jvp(
                |x: &Array, y: &Array| binary(name, x, y),
                (x, y),
                (&tangents[0], &tangents[1]),
            );
            let (gx, gy) = grad_with(
                |x: &Array, y: &Array| jnp::sum(binary(name, x, y) * &w),
                |kw| kw.argnums((0, 1)),
            )(x, y);
            (p, t, vec![gx, gy])
        }
        _ => unreachable!(),
    };
    let want = |v: &Value| from_hex(v.as_str().unwrap());
    let count = |got: &Array, want: &Array| {
        bits(got)
            .iter()
            .zip(bits(want))
            .filter(|(a, b)| **a != *b)
            .count()
    };
    let mut out = vec![
        count(&p, &want(&c["primal"])),
        count(&t, &want(&c["tangent"])),
    ];
    for (got, w) in grads.iter().zip(c["grads"].as_array().unwrap()) {
        out.push(count(got, &want(w)));
    }
    out
}

#[test]
fn eager_derivatives_of_ufuncs_match_jax_bits() {
    let g = load();
    let cases = g["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    for c in cases {
        let counts = mismatches(c, &g);
        if counts.iter().any(|&n| n > 0) {
            failures.push(format!(
                "{}: elements differing (primal, tangent, grads) {counts:?}",
                c["name"].as_str().unwrap()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert_eq!(cases.len(), 50);
}
