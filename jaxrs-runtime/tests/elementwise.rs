//! Property tests: every elementwise primitive on random inputs of every dtype it accepts,
//! through the runtime's kernels and through the reference evaluator, compared bit for bit
//! (tolerance: 0 ulp; signed zeros and NaN payloads included, except that transcendental
//! functions may return a NaN of another sign or payload).

mod common;

use common::{assert_bits_eq_with, random_concrete, Rng};
use jaxrs_core::abstract_eval::abstract_eval;
use jaxrs_core::array::Concrete;
use jaxrs_core::dtype::{DType, ALL_DTYPES};
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::primitive::{Primitive, RoundingMethod};
use jaxrs_runtime::exec;

const FLOATS: [DType; 4] = [DType::F16, DType::BF16, DType::F32, DType::F64];

fn numbers() -> Vec<DType> {
    ALL_DTYPES
        .into_iter()
        .filter(|d| *d != DType::Bool)
        .collect()
}

fn integers() -> Vec<DType> {
    ALL_DTYPES.into_iter().filter(|d| d.is_integer()).collect()
}

/// Sizes that cover a one-element output, a partial SIMD block, one chunk, and several
/// chunks (run in parallel for the costlier primitives).
const SIZES: [usize; 4] = [1, 37, 1000, 20_000];

/// Transcendental primitives, whose NaN results may differ in sign and payload.
fn transcendental(primitive: &Primitive) -> bool {
    use Primitive::*;
    matches!(
        primitive,
        Exp | Log | Log1p | Tanh | Logistic | Sin | Rsqrt | Erf | ErfInv | Pow | Atan2
    )
}

fn check(primitive: &Primitive, inputs: &[Concrete], what: &str) {
    let refs: Vec<&Concrete> = inputs.iter().collect();
    let avals: Vec<_> = inputs.iter().map(|c| c.aval()).collect();
    let out = abstract_eval(primitive, &avals);
    let want = eval_primitive(primitive, &refs, &out);
    let got = exec::accelerated(primitive, &refs, &out)
        .unwrap_or_else(|| panic!("{what}: the runtime declined"));
    for (g, w) in got.iter().zip(&want) {
        assert_bits_eq_with(g, w, what, transcendental(primitive));
    }
}

fn unary_cases() -> Vec<(Primitive, Vec<DType>)> {
    use Primitive::*;
    let mut cases: Vec<(Primitive, Vec<DType>)> = [
        Floor,
        Ceil,
        Round {
            rounding_method: RoundingMethod::AwayFromZero,
        },
        Round {
            rounding_method: RoundingMethod::ToNearestEven,
        },
        IsFinite,
        Exp,
        Log,
        Log1p,
        Tanh,
        Logistic,
        Sin,
        Sqrt,
        Rsqrt,
        Erf,
        ErfInv,
    ]
    .into_iter()
    .map(|p| (p, FLOATS.to_vec()))
    .collect();
    // lax's `abs` takes signed integers and floats only (`_signedint | _float`).
    let signed_or_float = numbers()
        .into_iter()
        .filter(|d| !d.is_unsigned_integer())
        .collect();
    cases.push((Abs, signed_or_float));
    for p in [
        Neg,
        Sign,
        Square,
        IntegerPow { y: 3 },
        IntegerPow { y: -2 },
        IntegerPow { y: 0 },
    ] {
        cases.push((p, numbers()));
    }
    let mut not_types = integers();
    not_types.push(DType::Bool);
    cases.push((Not, not_types));
    for new_dtype in ALL_DTYPES {
        cases.push((
            ConvertElementType {
                new_dtype,
                weak_type: false,
            },
            ALL_DTYPES.to_vec(),
        ));
    }
    cases
}

#[test]
fn unary_matches_reference() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (primitive, dtypes) in unary_cases() {
        for dtype in dtypes {
            for n in SIZES {
                let x = random_concrete(&mut rng, dtype, &[n]);
                check(&primitive, &[x], &format!("{primitive:?} {dtype} [{n}]"));
            }
        }
    }
}

fn binary_cases() -> Vec<(Primitive, Vec<DType>)> {
    use Primitive::*;
    let mut cases = Vec::new();
    for p in [Add, Sub, Mul, Div, Rem] {
        cases.push((p, numbers()));
    }
    for p in [Pow, Atan2, Nextafter] {
        cases.push((p, FLOATS.to_vec()));
    }
    for p in [Max, Min, Eq, Ne, Lt, Le, Gt, Ge] {
        cases.push((p, ALL_DTYPES.to_vec()));
    }
    let mut bitwise = integers();
    bitwise.push(DType::Bool);
    for p in [And, Or, Xor] {
        cases.push((p, bitwise.clone()));
    }
    for p in [ShiftLeft, ShiftRightLogical, ShiftRightArithmetic] {
        cases.push((p, integers()));
    }
    cases
}

#[test]
fn binary_matches_reference() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for (primitive, dtypes) in binary_cases() {
        for dtype in dtypes {
            for n in SIZES {
                let x = random_concrete(&mut rng, dtype, &[n]);
                let y = random_concrete(&mut rng, dtype, &[n]);
                // Both orders of a full operand with a rank-0 one, as literals appear.
                let s = random_concrete(&mut rng, dtype, &[]);
                let what = format!("{primitive:?} {dtype} [{n}]");
                check(&primitive, &[x.clone(), y], &what);
                check(
                    &primitive,
                    &[x.clone(), s.clone()],
                    &format!("{what} with scalar rhs"),
                );
                check(&primitive, &[s, x], &format!("{what} with scalar lhs"));
            }
        }
    }
}

#[test]
fn select_n_and_clamp_match_reference() {
    let mut rng = Rng(42);
    for dtype in ALL_DTYPES {
        for n in SIZES {
            let which = random_concrete(&mut rng, DType::Bool, &[n]);
            let a = random_concrete(&mut rng, dtype, &[n]);
            let b = random_concrete(&mut rng, dtype, &[n]);
            check(
                &Primitive::SelectN,
                &[which, a.clone(), b.clone()],
                &format!("select_n {dtype} [{n}]"),
            );
            if dtype != DType::Bool {
                let lo = random_concrete(&mut rng, dtype, &[]);
                let hi = random_concrete(&mut rng, dtype, &[]);
                check(
                    &Primitive::Clamp,
                    &[lo, a, hi],
                    &format!("clamp {dtype} [{n}]"),
                );
            }
        }
    }
}

#[test]
fn bitcast_keeps_bits() {
    let mut rng = Rng(7);
    let pairs = [
        (DType::F32, DType::U32),
        (DType::U32, DType::F32),
        (DType::I32, DType::F32),
        (DType::F32, DType::I32),
        (DType::U32, DType::I32),
    ];
    for (from, to) in pairs {
        for n in SIZES {
            let x = random_concrete(&mut rng, from, &[n]);
            let primitive = Primitive::BitcastConvertType { new_dtype: to };
            let out = abstract_eval(&primitive, &[x.aval()]);
            let got = exec::accelerated(&primitive, &[&x], &out).expect("runtime bitcast");
            assert_eq!(
                common::bits(&got[0]),
                common::bits(x.data()),
                "{from} -> {to}"
            );
        }
    }
    // A signaling-NaN pattern survives the round trip (the payload bit 22 stays clear).
    let x = Concrete::new(
        jaxrs_core::aval::Aval::new(vec![1], DType::U32),
        jaxrs_core::buffer::Buffer::U32(vec![0x7f80_0001]),
    );
    let p = Primitive::BitcastConvertType {
        new_dtype: DType::F32,
    };
    let out = abstract_eval(&p, &[x.aval()]);
    let f = exec::accelerated(&p, &[&x], &out).unwrap();
    assert_eq!(f[0].as_slice::<f32>()[0].to_bits(), 0x7f80_0001);
}

#[test]
fn large_arrays_run_in_parallel_chunks() {
    use Primitive::*;
    let mut rng = Rng(99);
    let n = 150_000;
    assert!(jaxrs_runtime::parallel::worth_parallel(n, 1) || rayon::current_num_threads() == 1);
    for dtype in [DType::F32, DType::I32, DType::U32] {
        let x = random_concrete(&mut rng, dtype, &[n]);
        let y = random_concrete(&mut rng, dtype, &[n]);
        for p in [Add, Mul, Max, Lt] {
            check(&p, &[x.clone(), y.clone()], &format!("{p:?} {dtype} [{n}]"));
        }
        let to_f32 = ConvertElementType {
            new_dtype: DType::F32,
            weak_type: false,
        };
        check(
            &to_f32,
            std::slice::from_ref(&x),
            &format!("convert {dtype} [{n}]"),
        );
    }
}
