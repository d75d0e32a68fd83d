//! The cases of tools/golden/gen_numerics.py (golden/numerics_xla.json), shared by
//! jaxrs-core/tests/numerics_xla.rs (the reference evaluator) and the facade's
//! tests/numerics_xla.rs (the runtime): each name builds its array here, and the check
//! compares the printed text, dtype, weak type, shape and bits with JAX's.

#![allow(dead_code)]

use jaxrs_core::api::{jit_call, jvp};
use jaxrs_core::numpy as jnp;
use jaxrs_core::{Array, DType};
use serde_json::Value;

fn f32s(v: &[f32], shape: &[usize]) -> Array {
    Array::from_vec(v.to_vec(), shape.to_vec())
}

fn x8() -> Array {
    f32s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 10.0, 100.0], &[8])
}

fn v34() -> Array {
    f32s(
        &[
            0.3, -1.2, 2.5, 7.1, 4.4, 0.01, -3.3, 2.2, 1.9, 5.5, 0.7, -0.4,
        ],
        &[3, 4],
    )
}

fn jvp_tanh_exp() -> (Array, Array) {
    let x = f32s(&[-2.0, -0.5, 0.3, 1.7, 3.0], &[5]);
    let t = jnp::ones_like(&x);
    jvp(|x: &Array| jnp::tanh(x) * jnp::exp(-x), (&x,), (&t,))
}

/// Cases that still differ from JAX, each listed in the README's tolerances (none now).
pub const NOT_YET: [&str; 0] = [];

/// The jaxrs expression of a case of gen_numerics.py.
pub fn case(name: &str) -> Array {
    match name {
        "linspace_0_1_7" => jnp::linspace(0, 1, 7),
        "neg_arange_div_3" => -jnp::arange(6).reshape([2, 3]) / 3,
        "x_div_7" => x8() / 7.0,
        "jvp_tanh_exp_primal" => jvp_tanh_exp().0,
        "jvp_tanh_exp_tangent" => jvp_tanh_exp().1,
        "matrix_div_row" => {
            let m: Vec<f32> = (1..13).map(|i| (i as f64 * 0.7) as f32).collect();
            f32s(&m, &[4, 3]) / f32s(&[3.0, 7.0, 11.0], &[3])
        }
        "one_element_div_7" => f32s(&[3.0], &[1]) / 7.0,
        "scalar_div_7" => f32s(&[3.0], &[]) / 7.0,
        "seven_div_x" => 7.0 / x8(),
        "mean_axis0" => jnp::mean_with(v34(), |kw| kw.axis(0)),
        "mean_axis1" => jnp::mean_with(v34(), |kw| kw.axis(1)),
        "mean_all" => jnp::mean(v34()),
        "var_axis0" => jnp::var_with(v34(), |kw| kw.axis(0)),
        "std_axis1" => jnp::std_with(v34(), |kw| kw.axis(1)),
        "var_all" => jnp::var(v34()),
        "exp2_bf16_16" => jnp::exp2(jnp::full_with([], 16.0, |kw| kw.dtype(DType::BF16))),
        "exp2_f16_range" => jnp::exp2(jnp::linspace_with(-3, 5, 9, |kw| {
            kw.endpoint(true).dtype(DType::F16)
        })),
        "bool_times_minus_2" => jnp::array([true, false, true]) * -2.0,
        "bool_times_inf_nan" => {
            jnp::array([true, false, false])
                * f32s(&[f32::NEG_INFINITY, f32::INFINITY, f32::NAN], &[3])
        }
        "bool_col_times_row" => {
            jnp::reshape(jnp::array([true, false]), [2, 1]) * f32s(&[-1.0, 2.0], &[2])
        }
        "dot_negative_zeros" => jnp::dot(f32s(&[-0.0; 3], &[3]), f32s(&[1.0, 2.0, 3.0], &[3])),
        "dot_20_terms" => {
            let a: Vec<f32> = (0..20).map(|i| (i as f64 * 0.37 - 3.1) as f32).collect();
            let b: Vec<f32> = (0..20).map(|i| (i as f64 * -0.23 + 1.7) as f32).collect();
            jnp::dot(f32s(&a, &[20]), f32s(&b, &[20]))
        }
        "matmul_5x7_7x3" => {
            let a: Vec<f32> = (0..35).map(|i| (i as f64 * 0.31 - 4.0) as f32).collect();
            let b: Vec<f32> = (0..21).map(|i| (i as f64 * -0.17 + 1.3) as f32).collect();
            jnp::matmul(f32s(&a, &[5, 7]), f32s(&b, &[7, 3]))
        }
        "cumsum_full_40" => jnp::cumsum(jnp::full([40], 0.1)),
        "cumsum_1000" => {
            let v: Vec<f32> = (0..1000)
                .map(|i| (((i * 37 % 101) as f64 - 50.0) / 8.0 + 0.1) as f32)
                .collect();
            jnp::cumsum(f32s(&v, &[1000]))
        }
        "cumsum_rows_reverse" => {
            let v: Vec<f32> = (0..600)
                .map(|i| (((i * 13 % 29) as f64 - 14.0) / 4.0 + 0.1) as f32)
                .collect();
            let flipped = jnp::flip_with(f32s(&v, &[3, 200]), |kw| kw.axis(1));
            jnp::flip_with(jnp::cumsum_with(flipped, |kw| kw.axis(1)), |kw| kw.axis(1))
        }
        "logical_not_weak" => jnp::logical_not(jnp::array(3)),
        "logical_and_weak" => jnp::logical_and(jnp::array(3), jnp::array(0)),
        "isfinite_weak" => jnp::isfinite(jnp::array(2.5)),
        "deg2rad_weak" => jnp::deg2rad(jnp::array(90.0)),
        "power_0d_int" => jnp::power(f32s(&[1.5, 2.0, -3.0], &[3]), jnp::array(3)),
        "power_int_0d_int" => jnp::power(jnp::arange(4), jnp::array(2)),
        "jit_div_by_arg" => {
            jit_call("f", &[x8(), f32s(&[7.0], &[])], |a| vec![&a[0] / &a[1]]).remove(0)
        }
        "jit_div_by_shared_arg" => jit_call("f", &[x8(), f32s(&[7.0], &[])], |a| {
            vec![&a[0] / &a[1], &a[1] + 1.0]
        })
        .remove(0),
        "jit_div_by_const_array" => {
            let c: Vec<f32> = (7..15).map(|v| v as f32).collect();
            jit_call("f", &[x8()], |a| vec![&a[0] / f32s(&c, &[8])]).remove(0)
        }
        other => panic!("unknown case {other}"),
    }
}

/// The bits of every element, widened to `u64`.
pub fn bits(a: &Array) -> Vec<u64> {
    let c = a.to_concrete("bits");
    match c.data() {
        jaxrs_core::buffer::Buffer::F32(v) => v.iter().map(|x| x.to_bits() as u64).collect(),
        jaxrs_core::buffer::Buffer::F64(v) => v.iter().map(|x| x.to_bits()).collect(),
        jaxrs_core::buffer::Buffer::F16(v) => v.iter().map(|x| x.to_bits() as u64).collect(),
        jaxrs_core::buffer::Buffer::BF16(v) => v.iter().map(|x| x.to_bits() as u64).collect(),
        jaxrs_core::buffer::Buffer::Bool(v) => v.iter().map(|&x| x as u64).collect(),
        jaxrs_core::buffer::Buffer::I32(v) => v.iter().map(|&x| x as u32 as u64).collect(),
        other => panic!("no bits for {:?}", other.dtype()),
    }
}

/// Checks every case of `golden` whose name `include` accepts; panics listing failures.
pub fn check_all(golden: &Value, include: &dyn Fn(&str) -> bool) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, want) in golden["cases"].as_object().unwrap() {
        if !include(name) {
            continue;
        }
        checked += 1;
        let got = case(name);
        let dtype = got.dtype().to_string();
        let printed = format!("{got}");
        let want_bits: Vec<u64> = want["bits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap())
            .collect();
        let shape: Vec<usize> = want["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        let mut wrong = Vec::new();
        if printed != want["str"].as_str().unwrap() {
            wrong.push(format!(
                "prints\n{printed}\n  JAX prints\n{}",
                want["str"].as_str().unwrap()
            ));
        }
        if dtype != want["dtype"].as_str().unwrap() {
            wrong.push(format!("dtype {dtype}, JAX {}", want["dtype"]));
        }
        if got.weak_type() != want["weak_type"].as_bool().unwrap() {
            wrong.push(format!(
                "weak_type {}, JAX {}",
                got.weak_type(),
                want["weak_type"]
            ));
        }
        if got.shape() != shape.as_slice() {
            wrong.push(format!("shape {:?}, JAX {shape:?}", got.shape()));
        } else if bits(&got) != want_bits {
            wrong.push(format!("bits {:x?}, JAX {want_bits:x?}", bits(&got)));
        }
        if !wrong.is_empty() {
            failures.push(format!("{name}: {}", wrong.join("; ")));
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ from JAX:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
