//! Shared helpers of the numerics golden tests: reading golden JSON, building operands.

#![allow(dead_code)]

pub mod math_cases;

use jaxrs_core::dtype::Scalar;
use jaxrs_core::numpy::{self as jnp, Operand};
use jaxrs_core::{lax, Array, DType};
use serde_json::Value;

/// Reads `tests/golden/<name>` and checks the JAX version it was made with.
pub fn golden(name: &str) -> Value {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).expect("golden JSON parses");
    assert_eq!(v["jax_version"], "0.10.2");
    v
}

/// A dtype from NumPy's name.
pub fn dtype(name: &str) -> DType {
    DType::from_name(name).unwrap_or_else(|| panic!("unknown dtype {name}"))
}

/// An operand kind of promotion.json: `{"label", "dtype"?, "weak_type"?}`.
pub fn promotion_operand(kind: &Value) -> Operand {
    match kind["label"].as_str().expect("label") {
        "int" => Operand::Scalar(Scalar::Int(1)),
        "float" => Operand::Scalar(Scalar::Float(1.5)),
        "bool scalar" => Operand::Scalar(Scalar::Bool(true)),
        _ => {
            let d = dtype(kind["dtype"].as_str().expect("dtype"));
            let weak = kind["weak_type"].as_bool().expect("weak_type");
            let zero = jnp::zeros_with(Vec::<usize>::new(), |kw| kw.dtype(d));
            Operand::Array(lax::convert_element_type(&zero, d, weak))
        }
    }
}

/// Promotes each pair with `jnp::maximum` (which accepts every dtype) and compares the
/// result's dtype and weak type with JAX's (`operands` and `pairs` of promotion.json).
pub fn check_promotion_pairs(operands: &Value, pairs: &Value) {
    let kinds = operands.as_array().expect("operands");
    let find = |label: &str| {
        kinds
            .iter()
            .find(|k| k["label"] == label)
            .unwrap_or_else(|| panic!("operand {label}"))
    };
    let mut failures = Vec::new();
    for p in pairs.as_array().expect("pairs") {
        let (la, lb) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
        let x = promotion_operand(find(la));
        let y = promotion_operand(find(lb));
        let r = jnp::maximum(x, y);
        let want = (
            dtype(p["dtype"].as_str().unwrap()),
            p["weak_type"].as_bool().unwrap(),
        );
        if (r.dtype(), r.weak_type()) != want {
            failures.push(format!(
                "{la} with {lb}: got {} weak={}, JAX {} weak={}",
                r.dtype(),
                r.weak_type(),
                want.0,
                want.1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Distance in units in the last place between two floats of `dtype` (0 when both are
/// NaN or equal; `u64::MAX` when exactly one is NaN).
pub fn ulp_distance(dtype: DType, a: f64, b: f64) -> u64 {
    if a.is_nan() && b.is_nan() {
        return 0;
    }
    if a.is_nan() || b.is_nan() {
        return u64::MAX;
    }
    if a == b {
        return 0;
    }
    // Map each float to an integer that is monotone in the value.
    let key = |v: f64| -> i64 {
        let bits: i64 = match dtype {
            DType::F64 => v.to_bits() as i64,
            DType::F32 => (v as f32).to_bits() as i32 as i64,
            DType::F16 => half::f16::from_f64(v).to_bits() as i16 as i64,
            DType::BF16 => half::bf16::from_f64(v).to_bits() as i16 as i64,
            other => panic!("ulp distance of {other}"),
        };
        let sign_mask = match dtype {
            DType::F64 => i64::MIN,
            DType::F32 => i32::MIN as i64,
            _ => i16::MIN as i64,
        };
        if bits < 0 {
            sign_mask - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

/// Decodes `{"dtype", "shape", "data"}` (floats as their bit patterns) into an array with
/// weak type `weak`.
pub fn decode(v: &Value) -> Array {
    let d = dtype(v["dtype"].as_str().expect("dtype"));
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|x| x.as_u64().expect("extent") as usize)
        .collect();
    let weak = v["weak_type"].as_bool().unwrap_or(false);
    let data = v["data"].as_array().expect("data");
    let scalars = data.iter().map(|x| decode_scalar(d, x));
    let buffer = jaxrs_core::buffer::Buffer::from_scalars(d, scalars);
    Array::from_buffer(buffer, shape, weak)
}

/// One element: bools as JSON bools, integers as numbers, floats as bit patterns.
pub fn decode_scalar(d: DType, x: &Value) -> Scalar {
    match d {
        DType::Bool => Scalar::Bool(x.as_bool().expect("bool")),
        DType::F16 => Scalar::Float(half::f16::from_bits(bits(x) as u16).to_f64()),
        DType::BF16 => Scalar::Float(half::bf16::from_bits(bits(x) as u16).to_f64()),
        DType::F32 => Scalar::Float(f32::from_bits(bits(x) as u32) as f64),
        DType::F64 => Scalar::Float(f64::from_bits(bits(x))),
        _ => Scalar::Int(
            x.as_i64()
                .map(i128::from)
                .or_else(|| x.as_u64().map(i128::from))
                .expect("integer"),
        ),
    }
}

fn bits(x: &Value) -> u64 {
    x.as_u64().expect("float bit pattern")
}
