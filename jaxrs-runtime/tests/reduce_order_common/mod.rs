//! The cases and paths of `reduce_order_golden.rs` and `reduce_order_x64.rs`.

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
use jaxrs_core::processor::Processor;
use jaxrs_runtime::compile::{compile_with, Options};
use jaxrs_runtime::exec;
use serde_json::Value;

/// The generator's inputs: element `i` of seed `s` (see gen_reduce_order.py).
fn input(dtype: DType, shape: &[usize], seed: u64, prod: bool) -> Concrete {
    let n: usize = shape.iter().product();
    let v = |i: usize| {
        let h = (i as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(seed.wrapping_mul(0xD1B5_4A32_D192_ED03))
            >> 40;
        h as f64 / (1u64 << 23) as f64 - 1.0
    };
    let buf = match dtype {
        DType::F32 => Buffer::F32(
            (0..n)
                .map(|i| {
                    let x = v(i) as f32;
                    if prod {
                        1.0 + x / 16.0
                    } else {
                        x
                    }
                })
                .collect(),
        ),
        _ => Buffer::F64(
            (0..n)
                .map(|i| if prod { 1.0 + v(i) / 16.0 } else { v(i) })
                .collect(),
        ),
    };
    Concrete::new(Aval::new(shape.to_vec(), dtype), buf)
}

/// The second operand of `sum_xy` is the input of this seed offset (gen_fused_reduce.py).
const SECOND: u64 = 500_000;

fn apply(name: &str, args: &[Array], axes: &[usize]) -> Array {
    let axes = axes.to_vec();
    let x = &args[0];
    match name {
        "sum_xy" => jnp::sum_with(x * &args[1], |kw| kw.axis(axes)),
        "sum" => jnp::sum_with(x, |kw| kw.axis(axes)),
        "prod" => jnp::prod_with(x, |kw| kw.axis(axes)),
        "mean" => jnp::mean_with(x, |kw| kw.axis(axes)),
        "var" => jnp::var_with(x, |kw| kw.axis(axes)),
        "std" => jnp::std_with(x, |kw| kw.axis(axes)),
        _ => unreachable!("{name}"),
    }
}

fn bits(b: &Buffer) -> Vec<String> {
    match b {
        Buffer::F32(v) => v.iter().map(|x| format!("{:x}", x.to_bits())).collect(),
        Buffer::F64(v) => v.iter().map(|x| format!("{:x}", x.to_bits())).collect(),
        other => panic!("a float result, not {}", other.dtype()),
    }
}

/// A case's bits on this processor: its `bits`, or its `by_isa` entry for this processor
/// (the cases whose bits differ between processors); `Err` says what is missing.
fn wanted(case: &Value) -> Result<Vec<String>, String> {
    let bits = match case.get("by_isa").and_then(Value::as_object) {
        Some(by_isa) => {
            let isa = Processor::detect().name();
            by_isa.get(isa).ok_or_else(|| {
                format!(
                    "no bits for this processor ({isa}), only {}: run \
                     tools/golden/gen_reduce_order.py on one",
                    by_isa.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            })?
        }
        None => &case["bits"],
    };
    Ok(serde_json::from_value(bits.clone()).expect("bits"))
}

/// Runs every case through every path against this processor's bits; at most this
/// processor's entry of `ceilings` (keyed by [`Processor::name`], the count measured on it)
/// of (case, path) pairs may differ, and every case must have bits for this processor.
pub fn check(file: &str, ceilings: &[(&str, usize)]) {
    let isa = Processor::detect().name();
    let ceiling = ceilings
        .iter()
        .find(|(name, _)| *name == isa)
        .unwrap_or_else(|| panic!("no ceiling measured on this processor ({isa})"))
        .1;
    let path = format!(
        "{}/../jaxrs-core/tests/golden/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let golden: Value = serde_json::from_str(&text).expect("golden JSON parses");
    assert_eq!(golden["jax"], "0.10.2");
    let dtype_of = |v: &Value| match v.as_str() {
        Some("float32") => DType::F32,
        _ => DType::F64,
    };
    let mut bad = Vec::new();
    let mut missing = Vec::new();
    let cases = golden["cases"].as_array().expect("cases");
    for case in cases {
        let name = case["fn"].as_str().expect("fn");
        let shape: Vec<usize> = serde_json::from_value(case["shape"].clone()).expect("shape");
        let axes: Vec<usize> = serde_json::from_value(case["axes"].clone()).expect("axes");
        let seed = case["seed"].as_u64().expect("seed");
        let label = match case.get("dtype").and_then(Value::as_str) {
            Some(d) => format!("{name} {d}{shape:?} axes {axes:?}"),
            None => format!("{name} {shape:?} axes {axes:?}"),
        };
        let want = match wanted(case) {
            Ok(want) => want,
            Err(e) => {
                missing.push(format!("{label}: {e}"));
                continue;
            }
        };
        // A case's own dtype where the file holds both.
        let dtype = dtype_of(case.get("dtype").unwrap_or(&golden["dtype"]));
        let x = input(dtype, &shape, seed, name == "prod");
        let mut args = vec![x.clone()];
        if name == "sum_xy" {
            args.push(input(dtype, &shape, seed + SECOND, false));
        }
        let avals: Vec<Aval> = args.iter().map(|a| a.aval().clone()).collect();
        let jaxpr = {
            let axes = axes.clone();
            let name = name.to_string();
            trace_to_jaxpr(&avals, move |a| vec![apply(&name, a, &axes)])
        };
        let compiled = compile_with(
            &jaxpr,
            Options {
                dump: false,
                typecheck: true,
            },
        );
        let got = compiled.run(args.iter().map(Cow::Borrowed).collect());
        if bits(got[0].data()) != want {
            bad.push(format!("runtime jit: {label}"));
        }
        if x.aval().size() <= 1 << 20 {
            let prim = Primitive::Jit {
                name: "f".into(),
                jaxpr: Arc::new(jaxpr.clone()),
                inline: false,
            };
            let refs: Vec<&Concrete> = args.iter().collect();
            let reference = eval_primitive(&prim, &refs, &jaxpr.out_avals());
            if bits(&reference[0]) != want {
                bad.push(format!("reference: {label}"));
            }
        }
        if matches!(name, "sum" | "prod") {
            let prim = if name == "sum" {
                Primitive::ReduceSum { axes: axes.clone() }
            } else {
                Primitive::ReduceProd { axes: axes.clone() }
            };
            let eager = exec::accelerated(&prim, &[&x], &jaxpr.out_avals())
                .expect("the runtime reduces floats");
            if bits(&eager[0]) != want {
                bad.push(format!("runtime eager: {label}"));
            }
        }
    }
    eprintln!("{file}: {} mismatches:\n{}", bad.len(), bad.join("\n"));
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(
        bad.len() <= ceiling,
        "{} of {} cases x paths differ from JAX:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}
