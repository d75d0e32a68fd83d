//! Float `reduce_max`/`reduce_min` that XLA:CPU hands to YNNPACK (`jaxrs_core::ynn_extreme`)
//! against JAX 0.10.2, bit for bit: NaNs at every lane position of the last vectors, tails,
//! tile boundaries, signed zeros, subnormals, infinities, `f16`/`bf16`, and reductions
//! along axes of 2-D and 3-D arrays (golden data `ynn_extreme.json`, generator
//! `tools/golden/gen_ynn_extreme.py`), through the compiled runtime and the reference
//! evaluator (below the threshold only the choice of YNNPACK is checked). The bits depend on YNNPACK's vector width, so the cases run only on the kind
//! of processor they were made on.

use std::borrow::Cow;

use half::{bf16, f16};
use jaxrs_core::api::trace_to_jaxpr;
use jaxrs_core::array::{Array, Concrete};
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::DType;
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::numpy as jnp;
use jaxrs_core::primitive::Primitive;
use jaxrs_core::processor::Processor;
use jaxrs_core::ynn_extreme::uses_ynn_extreme;
use jaxrs_runtime::compile::{compile_with, Options};
use serde_json::Value;

/// The generator's base value of flat element `i` of `total` (see its docs).
fn base(kind: &str, i: usize, total: usize, seed: u64) -> f64 {
    match kind {
        "dec" => (total - i) as f64,
        "inc" => i as f64 - total as f64,
        "hash" => hash(i, seed) as f64 - 128.0,
        "signs" => [0.0, -0.0, f64::NAN][(hash(i, seed) % 3) as usize],
        "sparse" | "sparseinc" if hash(i, seed).is_multiple_of(5) => f64::NAN,
        "sparse" => base("dec", i, total, seed),
        "sparseinc" => base("inc", i, total, seed),
        "zeros" => 0.0,
        "negzeros" => -0.0,
        "neg1" => -1.0,
        "neginf" => f64::NEG_INFINITY,
        _ => unreachable!("{kind}"),
    }
}

/// The generator's `h` of flat element `i`.
fn hash(i: usize, seed: u64) -> u64 {
    ((i as u64)
        .wrapping_mul(2654435761)
        .wrapping_add(seed * 40503)
        % (1u64 << 32))
        >> 24
}

/// A patch value as `f64`, or `None` for the subnormals (made from bits per dtype).
fn special(v: &str) -> Option<f64> {
    Some(match v {
        "nan" => f64::NAN,
        "-nan" => -f64::NAN,
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        "0" => 0.0,
        "-0" => -0.0,
        "sub" | "-sub" => return None,
        _ => unreachable!("{v}"),
    })
}

/// The case's input and its dtype.
fn input(case: &Value) -> (Concrete, DType) {
    let shape: Vec<usize> = serde_json::from_value(case["shape"].clone()).expect("shape");
    let kind = case["base"].as_str().expect("base");
    let seed = case["seed"].as_u64().expect("seed");
    let total: usize = shape.iter().product();
    let patch: Vec<(usize, String)> = serde_json::from_value(case["patch"].clone()).expect("patch");
    let vals: Vec<f64> = (0..total).map(|i| base(kind, i, total, seed)).collect();
    macro_rules! build {
        ($t:ty, $from:expr, $tiny:expr, $var:ident, $d:ident) => {{
            let mut v: Vec<$t> = vals.iter().map(|&x| $from(x)).collect();
            for (p, s) in &patch {
                v[*p] = match special(s) {
                    Some(x) => $from(x),
                    None if s == "sub" => $tiny,
                    None => -$tiny,
                };
            }
            (
                Concrete::new(Aval::new(shape.clone(), DType::$d), Buffer::$var(v)),
                DType::$d,
            )
        }};
    }
    match case["dtype"].as_str().expect("dtype") {
        "float32" => build!(f32, |x: f64| x as f32, f32::from_bits(1), F32, F32),
        "float64" => build!(f64, |x: f64| x, f64::from_bits(1), F64, F64),
        "bfloat16" => build!(bf16, bf16::from_f64, bf16::from_bits(1), BF16, BF16),
        "float16" => build!(f16, f16::from_f64, f16::from_bits(1), F16, F16),
        d => unreachable!("{d}"),
    }
}

fn bits(b: &Buffer) -> String {
    match b {
        Buffer::F32(v) => v.iter().map(|x| format!("{:08x}", x.to_bits())).collect(),
        Buffer::F64(v) => v.iter().map(|x| format!("{:016x}", x.to_bits())).collect(),
        Buffer::BF16(v) => v.iter().map(|x| format!("{:04x}", x.to_bits())).collect(),
        Buffer::F16(v) => v.iter().map(|x| format!("{:04x}", x.to_bits())).collect(),
        _ => unreachable!("{}", b.dtype()),
    }
}

#[test]
fn ynnpack_max_min_match_jax() {
    // The float64 cases need x64 (process-global, so this test has its own binary).
    jaxrs_core::config::enable_x64(true);
    jaxrs_runtime::install();
    let path = format!(
        "{}/../jaxrs-core/tests/golden/ynn_extreme.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let golden: Value = serde_json::from_str(&text).expect("golden JSON parses");
    assert_eq!(golden["jax"], "0.10.2");
    if golden["isa"].as_str() != Some(Processor::detect().name()) {
        eprintln!(
            "skipped: made on {}, running on {:?}",
            golden["isa"],
            Processor::detect()
        );
        return;
    }
    let cases = golden["cases"].as_array().expect("cases");
    let mut bad = Vec::new();
    for case in cases {
        let (x, dtype) = input(case);
        let axes: Vec<usize> = serde_json::from_value(case["axes"].clone()).expect("axes");
        let max = case["op"] == "max";
        let want = case["bits"].as_str().expect("bits");
        let label = format!(
            "{} {} {:?} axes {axes:?} {} {}",
            case["op"],
            case["dtype"],
            x.shape(),
            case["base"],
            case["patch"]
        );
        let total = x.shape().iter().product();
        let ynn = case["ynn"].as_bool().expect("ynn");
        if ynn != uses_ynn_extreme(dtype, total) {
            bad.push(format!("ynn {ynn}: {label}"));
        }
        if !ynn {
            // Below the threshold the case only checks that YNNPACK is not used: XLA's own
            // min gives its NaN with the sign bit set, which jaxrs does not reproduce yet.
            continue;
        }
        let prim = if max {
            Primitive::ReduceMax { axes: axes.clone() }
        } else {
            Primitive::ReduceMin { axes: axes.clone() }
        };
        let jaxpr = trace_to_jaxpr(&[x.aval().clone()], |a| {
            let ax = axes.clone();
            vec![if max {
                jnp::max_with(&a[0], |kw| kw.axis(ax))
            } else {
                jnp::min_with(&a[0], |kw| kw.axis(ax))
            }]
        });
        let options = Options {
            dump: false,
            typecheck: true,
        };
        let got = compile_with(&jaxpr, options).run(vec![Cow::Borrowed(&x)]);
        let got = bits(got[0].data());
        if got != want {
            bad.push(format!("runtime: {label}: got {got:.64}, JAX {want:.64}"));
        }
        let reference = eval_primitive(&prim, &[&x], &jaxpr.out_avals());
        let got = bits(&reference[0]);
        if got != want {
            bad.push(format!("reference: {label}: got {got:.64}, JAX {want:.64}"));
        }
        let _ = Array::from_concrete(x);
    }
    assert!(
        bad.is_empty(),
        "{} of {} cases x paths differ from JAX:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}
