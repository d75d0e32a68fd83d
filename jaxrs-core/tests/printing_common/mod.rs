//! Shared driver of the printing golden tests (`printing.rs`, `printing_x64.rs`): rebuilds
//! each recorded array from its bits and compares `Display` with JAX's `str(x)` and `Debug`
//! with JAX's `repr(x)`, character for character.

use half::{bf16, f16};
use jaxrs_core::buffer::Buffer;
use jaxrs_core::Array;
use serde_json::Value;

/// Splits `hex` into `width`-digit big-endian words.
fn words(hex: &str, width: usize) -> Vec<u64> {
    assert_eq!(
        hex.len() % width,
        0,
        "hex length is not a multiple of {width}"
    );
    (0..hex.len() / width)
        .map(|i| u64::from_str_radix(&hex[i * width..(i + 1) * width], 16).expect("hex"))
        .collect()
}

/// The buffer of a case: element bit patterns, row-major, as recorded by the generator.
fn buffer(dtype: &str, hex: &str) -> Buffer {
    match dtype {
        "bool" => Buffer::Bool(words(hex, 2).into_iter().map(|w| w != 0).collect()),
        "int8" => Buffer::I8(words(hex, 2).into_iter().map(|w| w as u8 as i8).collect()),
        "int16" => Buffer::I16(words(hex, 4).into_iter().map(|w| w as u16 as i16).collect()),
        "int32" => Buffer::I32(words(hex, 8).into_iter().map(|w| w as u32 as i32).collect()),
        "int64" => Buffer::I64(words(hex, 16).into_iter().map(|w| w as i64).collect()),
        "uint8" => Buffer::U8(words(hex, 2).into_iter().map(|w| w as u8).collect()),
        "uint16" => Buffer::U16(words(hex, 4).into_iter().map(|w| w as u16).collect()),
        "uint32" => Buffer::U32(words(hex, 8).into_iter().map(|w| w as u32).collect()),
        "uint64" => Buffer::U64(words(hex, 16)),
        "float16" => Buffer::F16(
            words(hex, 4)
                .into_iter()
                .map(|w| f16::from_bits(w as u16))
                .collect(),
        ),
        "bfloat16" => Buffer::BF16(
            words(hex, 4)
                .into_iter()
                .map(|w| bf16::from_bits(w as u16))
                .collect(),
        ),
        "float32" => Buffer::F32(
            words(hex, 8)
                .into_iter()
                .map(|w| f32::from_bits(w as u32))
                .collect(),
        ),
        "float64" => Buffer::F64(words(hex, 16).into_iter().map(f64::from_bits).collect()),
        other => panic!("unknown dtype {other}"),
    }
}

/// Runs every case of the golden file `name` and panics listing each mismatch.
/// Returns how many cases ran.
pub fn check_golden_file(name: &str) -> usize {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let golden: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        golden["jax_version"], "0.10.2",
        "golden data from another JAX"
    );
    let cases = golden["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    for case in cases {
        let case_name = case["name"].as_str().unwrap();
        let dtype = case["dtype"].as_str().unwrap();
        let shape: Vec<usize> = case["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        let weak = case["weak"].as_bool().unwrap();
        let array = Array::from_buffer(buffer(dtype, case["hex"].as_str().unwrap()), shape, weak);
        for (what, expected, got) in [
            ("str", case["str"].as_str().unwrap(), format!("{array}")),
            ("repr", case["repr"].as_str().unwrap(), format!("{array:?}")),
        ] {
            if got != expected {
                failures.push(format!(
                    "case {case_name} ({dtype}) {what}:\n--- expected (JAX)\n{expected}\n--- got\n{got}\n"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} printing checks differ from JAX:\n{}",
        failures.len(),
        2 * cases.len(),
        failures.join("\n")
    );
    cases.len()
}
