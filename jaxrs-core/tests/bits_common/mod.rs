//! The bit-pattern golden cases of tools/golden/gen_bits.py: every elementwise float
//! primitive over 2^20 inputs per dtype (every pattern for one-operand `float16`/`bfloat16`),
//! made from integers exactly as the script makes them, and their outputs' digests.
//!
//! Shared by jaxrs-core/tests/bits_golden.rs (the reference evaluator) and
//! jaxrs-runtime/tests/bits_golden.rs (the runtime's kernels), so both are held to JAX's
//! bits by the same data. A failing case names the inputs of every differing sample and
//! the blocks whose digests differ.

#![allow(dead_code)]

use half::{bf16, f16};
use jaxrs_core::abstract_eval::abstract_eval;
use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::primitive::{Primitive, RoundingMethod};
use jaxrs_core::DType;
use serde_json::Value;

const N: usize = 1 << 20;
const X_MUL_32: u64 = 0x9E37_79B1;
const Y_MUL_32: u64 = 0x85EB_CA77;
const X_MUL_64: u64 = 0x9E37_79B9_7F4A_7C15;
const Y_MUL_64: u64 = 0xC2B2_AE3D_27D4_EB4F;

const SPECIAL_32: [u64; 28] = [
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000, 0x00000001, 0x80000001,
    0x007FFFFF, 0x807FFFFF, 0x00800000, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000,
    0x7FC00000, 0x40000000, 0xC0000000, 0x40490FDB, 0xC2B17218, 0x42B17218, 0xC2B00000, 0xC2AE0000,
    0x41200000, 0xC1200000, 0x3A83126F, 0x4B000000,
];
const SPECIAL_64: [u64; 24] = [
    0x0000000000000000,
    0x8000000000000000,
    0x3FF0000000000000,
    0xBFF0000000000000,
    0x3FE0000000000000,
    0xBFE0000000000000,
    0x0000000000000001,
    0x8000000000000001,
    0x000FFFFFFFFFFFFF,
    0x800FFFFFFFFFFFFF,
    0x0010000000000000,
    0x8010000000000000,
    0x7FEFFFFFFFFFFFFF,
    0xFFEFFFFFFFFFFFFF,
    0x7FF0000000000000,
    0xFFF0000000000000,
    0x7FF8000000000000,
    0x4000000000000000,
    0xC000000000000000,
    0x400921FB54442D18,
    0xC086232BDD7ABCD2,
    0x40862E42FEFA39EF,
    0x4024000000000000,
    0xC024000000000000,
];
const SPECIAL_16: [u64; 17] = [
    0x0000, 0x8000, 0x3C00, 0xBC00, 0x0001, 0x8001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00,
    0x7E00, 0x4000, 0xC000, 0x4900, 0xC900,
];
const SPECIAL_BF16: [u64; 17] = [
    0x0000, 0x8000, 0x3F80, 0xBF80, 0x0001, 0x8001, 0x007F, 0x0080, 0x7F7F, 0xFF7F, 0x7F80, 0xFF80,
    0x7FC0, 0x4000, 0xC000, 0x4180, 0xC180,
];

/// Evaluates a primitive on concrete inputs (the reference evaluator, or the runtime).
pub type Compute = dyn Fn(&Primitive, &[&Concrete], &[Aval]) -> Vec<Buffer>;

/// The primitive a case name of gen_bits.py stands for, and whether it takes two operands.
pub fn primitive(case: &str) -> (Primitive, bool) {
    use Primitive::*;
    let unary = match case {
        "exp" => Exp,
        "exp2" => Exp2,
        "log" => Log,
        "log1p" => Log1p,
        "expm1" => Expm1,
        "tanh" => Tanh,
        "logistic" => Logistic,
        "sin" => Sin,
        "cos" => Cos,
        "tan" => Tan,
        "asin" => Asin,
        "acos" => Acos,
        "atan" => Atan,
        "sinh" => Sinh,
        "cosh" => Cosh,
        "asinh" => Asinh,
        "acosh" => Acosh,
        "atanh" => Atanh,
        "sqrt" => Sqrt,
        "rsqrt" => Rsqrt,
        "cbrt" => Cbrt,
        "erf" => Erf,
        "erfc" => Erfc,
        "erf_inv" => ErfInv,
        "lgamma" => Lgamma,
        "digamma" => Digamma,
        "floor" => Floor,
        "ceil" => Ceil,
        "round" => Round {
            rounding_method: RoundingMethod::AwayFromZero,
        },
        "round_even" => Round {
            rounding_method: RoundingMethod::ToNearestEven,
        },
        "sign" => Sign,
        "neg" => Neg,
        "abs" => Abs,
        "square" => Square,
        "integer_pow_3" => IntegerPow { y: 3 },
        "integer_pow_m2" => IntegerPow { y: -2 },
        _ => {
            let binary = match case {
                "add" => Add,
                "sub" => Sub,
                "mul" => Mul,
                "div" => Div,
                "rem" => Rem,
                "pow" => Pow,
                "max" => Max,
                "min" => Min,
                "atan2" => Atan2,
                "nextafter" => Nextafter,
                other => panic!("unknown case {other}"),
            };
            return (binary, true);
        }
    };
    (unary, false)
}

/// The dtype of a golden file's name (`float32`, ...).
pub fn dtype(name: &str) -> DType {
    DType::from_name(name).unwrap_or_else(|| panic!("dtype {name}"))
}

fn hashed(n: usize, mul: u64, bits: u32) -> Vec<u64> {
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    (0..n as u64).map(|i| i.wrapping_mul(mul) & mask).collect()
}

fn special(dtype: DType) -> &'static [u64] {
    match dtype {
        DType::F32 => &SPECIAL_32,
        DType::F64 => &SPECIAL_64,
        DType::F16 => &SPECIAL_16,
        DType::BF16 => &SPECIAL_BF16,
        other => panic!("no bit-pattern cases for {other}"),
    }
}

/// The inputs of a case, as bit patterns: one operand, or two.
pub fn inputs(dtype: DType, binary: bool) -> Vec<Vec<u64>> {
    let sp = special(dtype);
    let bits = dtype.itemsize() as u32 * 8;
    if bits == 16 && !binary {
        return vec![(0..1u64 << 16).collect()];
    }
    let (mut x, mut y) = if bits == 16 {
        let h = hashed(N, X_MUL_32, 32);
        (
            h.iter().map(|v| v & 0xFFFF).collect(),
            h.iter().map(|v| v >> 16).collect(),
        )
    } else if bits == 32 {
        (hashed(N, X_MUL_32, 32), hashed(N, Y_MUL_32, 32))
    } else {
        (hashed(N, X_MUL_64, 64), hashed(N, Y_MUL_64, 64))
    };
    if !binary {
        x[..sp.len()].copy_from_slice(sp);
        return vec![x];
    }
    let k = sp.len();
    for a in 0..k {
        for b in 0..k {
            x[a * k + b] = sp[a];
            y[a * k + b] = sp[b];
        }
    }
    vec![x, y]
}

/// A concrete 1-D array of `dtype` with the given bit patterns.
pub fn concrete(dtype: DType, bits: &[u64]) -> Concrete {
    let n = bits.len();
    let buffer = match dtype {
        DType::F32 => Buffer::F32(bits.iter().map(|&b| f32::from_bits(b as u32)).collect()),
        DType::F64 => Buffer::F64(bits.iter().map(|&b| f64::from_bits(b)).collect()),
        DType::F16 => Buffer::F16(bits.iter().map(|&b| f16::from_bits(b as u16)).collect()),
        DType::BF16 => Buffer::BF16(bits.iter().map(|&b| bf16::from_bits(b as u16)).collect()),
        other => panic!("no bit-pattern cases for {other}"),
    };
    Concrete::new(Aval::new(vec![n], dtype), buffer)
}

/// The bits of a float buffer, every NaN made the canonical quiet NaN.
pub fn canonical_bits(buffer: &Buffer) -> Vec<u64> {
    match buffer {
        Buffer::F32(v) => v
            .iter()
            .map(|x| {
                if x.is_nan() {
                    0x7FC0_0000
                } else {
                    x.to_bits() as u64
                }
            })
            .collect(),
        Buffer::F64(v) => v
            .iter()
            .map(|x| {
                if x.is_nan() {
                    0x7FF8_0000_0000_0000
                } else {
                    x.to_bits()
                }
            })
            .collect(),
        Buffer::F16(v) => v
            .iter()
            .map(|x| {
                if x.is_nan() {
                    0x7E00
                } else {
                    x.to_bits() as u64
                }
            })
            .collect(),
        Buffer::BF16(v) => v
            .iter()
            .map(|x| {
                if x.is_nan() {
                    0x7FC0
                } else {
                    x.to_bits() as u64
                }
            })
            .collect(),
        other => panic!("not a float buffer: {:?}", other.dtype()),
    }
}

/// The digest of each block of `block` outputs (as gen_bits.py computes it).
pub fn digests(bits: &[u64], block: usize) -> Vec<u64> {
    bits.chunks(block)
        .map(|c| {
            c.iter().enumerate().fold(0u64, |acc, (j, &b)| {
                let mut v = b.wrapping_add((j as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                v ^= v >> 31;
                v = v.wrapping_mul(0xBF58_476D_1CE4_E5B9);
                v ^= v >> 29;
                acc.wrapping_add(v)
            })
        })
        .collect()
}

/// Reads `tests/golden/bits_<dtype>.json`.
pub fn golden(dtype_name: &str) -> Value {
    let path = format!(
        "{}/../jaxrs-core/tests/golden/bits_{dtype_name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).expect("golden JSON parses");
    assert_eq!(v["jax_version"], "0.10.2");
    v
}

/// With `JAXRS_BITS_DUMP=dir` set, writes a case's output bits (little-endian `u64`s) to
/// `dir/<dtype>_<case>.bin` for tools/golden/compare_bits.py to count every mismatch.
fn dump(dtype: DType, name: &str, bits: &[u64]) {
    if let Ok(dir) = std::env::var("JAXRS_BITS_DUMP") {
        let bytes: Vec<u8> = bits.iter().flat_map(|b| b.to_le_bytes()).collect();
        std::fs::write(format!("{dir}/{dtype}_{name}.bin"), bytes).expect("dump written");
    }
}

/// What one case got wrong: the number of differing blocks and samples, and a few
/// differing samples as `(inputs, want, got)`.
pub struct Mismatch {
    /// Blocks whose digests differ.
    pub blocks: usize,
    /// Samples whose bits differ.
    pub samples: usize,
    /// Up to eight differing samples.
    pub examples: Vec<String>,
}

/// Runs one case with `compute` (which evaluates a primitive on concrete inputs) and
/// compares it with the golden data; `None` if every bit matches.
pub fn check_case(
    dtype: DType,
    name: &str,
    case: &Value,
    block: usize,
    compute: &Compute,
) -> Option<Mismatch> {
    let (prim, binary) = primitive(name);
    let ins = inputs(dtype, binary);
    let concretes: Vec<Concrete> = ins.iter().map(|b| concrete(dtype, b)).collect();
    let refs: Vec<&Concrete> = concretes.iter().collect();
    let avals: Vec<&Aval> = concretes.iter().map(|c| c.aval()).collect();
    let out = abstract_eval(&prim, &avals);
    let got = canonical_bits(&compute(&prim, &refs, &out)[0]);
    dump(dtype, name, &got);
    assert_eq!(
        got.len() as u64,
        case["n"].as_u64().unwrap(),
        "{name}: length"
    );
    let want_digests: Vec<u64> = case["digests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| u64::from_str_radix(d.as_str().unwrap(), 16).unwrap())
        .collect();
    let blocks = digests(&got, block)
        .iter()
        .zip(&want_digests)
        .filter(|(g, w)| g != w)
        .count();
    let mut samples = 0;
    let mut examples = Vec::new();
    for s in case["samples"].as_array().unwrap() {
        let (i, want) = (s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap());
        if got[i] != want {
            samples += 1;
            if examples.len() < 8 {
                let xs: Vec<String> = ins.iter().map(|v| format!("{:#x}", v[i])).collect();
                examples.push(format!(
                    "input {i} ({}): want {want:#x}, got {:#x}",
                    xs.join(", "),
                    got[i]
                ));
            }
        }
    }
    (blocks > 0 || samples > 0).then_some(Mismatch {
        blocks,
        samples,
        examples,
    })
}

/// Checks every case of `bits_<dtype_name>.json` whose name `include` accepts, and panics
/// listing each failing case.
pub fn check_all(dtype_name: &str, include: &dyn Fn(&str) -> bool, compute: &Compute) {
    let g = golden(dtype_name);
    let d = dtype(dtype_name);
    let block = g["block"].as_u64().unwrap() as usize;
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut cases: Vec<(&String, &Value)> = g["cases"].as_object().unwrap().iter().collect();
    if let Some(by_isa) = g.get("by_isa").and_then(Value::as_object) {
        let isa = jaxrs_core::processor::Processor::detect().name();
        match by_isa.get(isa) {
            Some(own) => cases.extend(own.as_object().unwrap()),
            None => failures.push(format!(
                "no golden data for this processor ({isa}) of the cases whose bits depend on \
                 it ({}): run tools/golden/gen_bits.py on one",
                by_isa.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
        }
    }
    for (name, case) in cases {
        if !include(name) {
            continue;
        }
        checked += 1;
        if let Some(m) = check_case(d, name, case, block, compute) {
            failures.push(format!(
                "{name}: {} of {} blocks and {} samples differ\n    {}",
                m.blocks,
                case["digests"].as_array().unwrap().len(),
                m.samples,
                m.examples.join("\n    ")
            ));
        }
    }
    assert!(checked > 0, "no case of {dtype_name} checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} {dtype_name} cases differ from JAX:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
