//! The programs and inputs of `tools/golden/gen_contract.py`, built identically here.

use jaxrs_core::api::jit::jit;
use jaxrs_core::dtype::DType;
use jaxrs_core::numpy as jnp;
use jaxrs_core::{s, Array};
use serde_json::Value;

const N: usize = 512;

/// Four arrays of `N` floats from the script's xorshift32 stream (sign, exponent in
/// [-4, 3], mantissa), as `dtype`.
pub fn inputs(dtype: DType) -> Vec<Array> {
    let mut state: u32 = 1;
    (0..4)
        .map(|_| {
            let vals: Vec<f32> = (0..N)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    let (sign, exp, mant) = (state >> 31, (state >> 23) & 7, state & 0x7F_FFFF);
                    f32::from_bits((sign << 31) | ((123 + exp) << 23) | mant)
                })
                .collect();
            Array::from_vec(vals, vec![N]).astype(dtype)
        })
        .collect()
}

type Program = fn(&Array, &Array, &Array, &Array) -> Vec<Array>;

/// The script's programs by name.
fn program(name: &str) -> Program {
    match name {
        "a*b+c" => |a, b, c, _| vec![a * b + c],
        "c+a*b" => |a, b, c, _| vec![c + a * b],
        "a*b-c" => |a, b, c, _| vec![a * b - c],
        "c-a*b" => |a, b, c, _| vec![c - a * b],
        "-(a*b)+c" => |a, b, c, _| vec![-(a * b) + c],
        "a*b+c*d" => |a, b, c, d| vec![a * b + c * d],
        "a*b-c*d" => |a, b, c, d| vec![a * b - c * d],
        "(a*b+c)*d+a" => |a, b, c, d| vec![(a * b + c) * d + a],
        "square(a)+c" => |a, _, c, _| vec![jnp::square(a) + c],
        "a**2+c" => |a, _, c, _| vec![a.powi(2) + c],
        "a**3+c" => |a, _, c, _| vec![a.powi(3) + c],
        "a**4-c" => |a, _, c, _| vec![a.powi(4) - c],
        "a/7+c" => |a, _, c, _| vec![a / 7.0 + c],
        "c-a/3" => |a, _, c, _| vec![c - a / 3.0],
        "2.5*a+c" => |a, _, c, _| vec![2.5 * a + c],
        "a*b+1" => |a, b, _, _| vec![a * b + 1.0],
        "a[0]*c+d" => |a, _, c, d| vec![a.i(s![0]) * c + d],
        "shared" => |a, b, c, d| {
            let m = a * b;
            vec![&m + c, &m + d]
        },
        "twice_in_one" => |a, b, c, d| {
            let m = a * b;
            vec![(&m + c) * (&m + d)]
        },
        "with_max" => |a, b, c, _| {
            let m = a * b;
            vec![&m + c, jnp::max(&m)]
        },
        "product_out" => |a, b, c, _| {
            let m = a * b;
            vec![m.clone(), &m + c]
        },
        "nested" => |a, b, c, _| vec![jit(|x: &Array, y: &Array| x * y)(a, b) + c],
        "with_sum" => |a, b, c, _| {
            let m = a * b;
            vec![&m + c, jnp::sum(&m)]
        },
        "with_negated_sum" => |a, b, c, _| {
            let m = a * b;
            vec![&m + c, jnp::sum(-&m)]
        },
        "with_row_sums" => |a, b, c, _| {
            let m = a.reshape([128, 4]) * b.reshape([128, 4]);
            vec![&m + c.reshape([128, 4]), jnp::sum_with(&m, |kw| kw.axis(1))]
        },
        "where" => |a, b, c, _| vec![jnp::where_(jnp::greater(c, 0), a * b, 0.0) + c],
        "a0*(b*3)" => |a, b, _, _| vec![a.i(s![0]) * (b * 3.0)],
        "(b*0.1)*0.3" => |_, b, _, _| vec![(b * 0.1) * 0.3],
        "a0*(b/7)" => |a, b, _, _| vec![a.i(s![0]) * (b / 7.0)],
        "(b*a0)*c0" => |a, b, c, _| vec![(b * a.i(s![0])) * c.i(s![0])],
        "a0*(b*3)+c" => |a, b, c, _| vec![a.i(s![0]) * (b * 3.0) + c],
        other => panic!("no program {other}"),
    }
}

pub fn bits(x: &Array) -> Vec<u64> {
    match x.dtype() {
        DType::F64 => x.to_vec::<f64>().iter().map(|v| v.to_bits()).collect(),
        _ => x
            .to_vec::<f32>()
            .iter()
            .map(|v| v.to_bits() as u64)
            .collect(),
    }
}

/// Every program of `file`, jitted, gives JAX's bits.
pub fn check(file: &str) {
    let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let golden: Value = serde_json::from_str(&text).unwrap();
    let dtype = if file.contains("x64") {
        DType::F64
    } else {
        DType::F32
    };
    let x = inputs(dtype);
    let mut failures = Vec::new();
    for case in golden["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let f = program(name);
        let got = jit(move |a: &Array, b: &Array, c: &Array, d: &Array| f(a, b, c, d))(
            &x[0], &x[1], &x[2], &x[3],
        );
        for (k, (g, want)) in got
            .iter()
            .zip(case["outputs"].as_array().unwrap())
            .enumerate()
        {
            let want: Vec<u64> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            let got = bits(g);
            let bad = got.iter().zip(&want).filter(|(a, b)| a != b).count();
            if bad > 0 || got.len() != want.len() {
                failures.push(format!(
                    "{name} output {k}: {bad} of {} elements differ",
                    want.len()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
