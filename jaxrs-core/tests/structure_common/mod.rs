//! Shared helpers of the structure tests: reading golden arrays and comparing results.
#![allow(dead_code)]

use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::{DType, Scalar};
use jaxrs_core::Array;
use serde_json::Value;

/// The input arrays of a golden case: its `inputs` names looked up in the file's `inputs`.
pub fn case_inputs(case: &Value, inputs: &Value) -> Vec<Array> {
    case["inputs"]
        .as_array()
        .expect("a case lists its inputs")
        .iter()
        .map(|name| array(&inputs[name.as_str().expect("an input name")]))
        .collect()
}

/// Reads a golden file written by `tools/golden/gen_*.py`.
pub fn load(name: &str) -> Value {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).expect("golden JSON parses");
    assert_eq!(
        v["jax_version"], "0.10.2",
        "golden data must come from JAX 0.10.2"
    );
    v
}

fn scalar(v: &Value, dtype: DType) -> Scalar {
    match v {
        Value::Bool(b) => Scalar::Bool(*b),
        Value::String(s) => Scalar::Float(match s.as_str() {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            other => panic!("unexpected value {other}"),
        }),
        Value::Number(n) if dtype.is_float() => Scalar::Float(n.as_f64().expect("float")),
        Value::Number(n) => Scalar::Int(
            n.as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
                .expect("integer"),
        ),
        other => panic!("unexpected value {other}"),
    }
}

/// An array from `{"dtype", "shape", "data"}`.
pub fn array(v: &Value) -> Array {
    let dtype = DType::from_name(v["dtype"].as_str().expect("dtype")).expect("known dtype");
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|d| d.as_u64().expect("extent") as usize)
        .collect();
    let data = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|x| scalar(x, dtype));
    Array::from_buffer(Buffer::from_scalars(dtype, data), shape, false)
}

/// Distance in units in the last place between two finite floats of `dtype`.
fn ulps(a: f64, b: f64, dtype: DType) -> u64 {
    let key = |x: f64| -> i64 {
        let bits = match dtype {
            DType::F64 => x.to_bits() as i64,
            _ => (x as f32).to_bits() as i32 as i64,
        };
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

/// Asserts `got` equals the golden `want`: same shape and dtype; integers and bools exact;
/// floats within `max_ulps` (NaN matches NaN; with `max_ulps == 0` the sign of zero must
/// match too).
pub fn assert_matches(got: &Array, want: &Value, max_ulps: u64, what: &str) {
    assert_close(got, want, max_ulps, 0.0, what)
}

/// [`assert_matches`], also accepting floats within `atol` of each other (for sums whose
/// terms cancel, where ulps of the result say little).
pub fn assert_close(got: &Array, want: &Value, max_ulps: u64, atol: f64, what: &str) {
    let want = array(want);
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    let g = got.as_concrete().expect("concrete").data().to_scalars();
    let w = want.as_concrete().expect("concrete").data().to_scalars();
    for (k, (a, b)) in g.iter().zip(&w).enumerate() {
        let ok = match (a, b) {
            (Scalar::Float(x), Scalar::Float(y)) => {
                if x.is_nan() || y.is_nan() {
                    x.is_nan() && y.is_nan()
                } else if max_ulps == 0 {
                    x.to_bits() == y.to_bits()
                } else {
                    ulps(*x, *y, got.dtype()) <= max_ulps || (x - y).abs() <= atol
                }
            }
            _ => a == b,
        };
        assert!(ok, "{what}: element {k}: got {a:?}, want {b:?}");
    }
}

/// A `Vec<usize>` from a JSON list.
pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("list")
        .iter()
        .map(|d| d.as_u64().expect("non-negative integer") as usize)
        .collect()
}
