//! Golden jaxprs with 64-bit types enabled: the functions of
//! `tools/golden/gen_jaxprs_x64.py`, whose printed jaxprs must equal JAX 0.10.2's with
//! `jax_enable_x64`. A test binary of its own: the x64 switch is process-wide.

mod structure_common;

use jaxrs_core::api::{jvp, make_jaxpr};
use jaxrs_core::numpy as jnp;
use jaxrs_core::{lax, Array};
use structure_common::{array, load};

fn text(name: &str, args: &[Array]) -> String {
    let x = &args[0];
    match name {
        "seed_f64" => make_jaxpr(|x: &Array| 2 * lax::integer_pow(x, 2) + 1.0)(x),
        "literal_f64" | "f32_stays_f32" => make_jaxpr(|x: &Array| x * 0.1)(x),
        "arange_i64" => make_jaxpr(|x: &Array| jnp::arange(3) + x)(x),
        "int_literal_i64" => make_jaxpr(|x: &Array| x * 3 + 1)(x),
        "sum_mean" => make_jaxpr(|x: &Array| (jnp::sum(x), jnp::mean(x)))(x),
        "where_f64" => make_jaxpr(|x: &Array| jnp::where_(jnp::greater(x, 0), x, 0.0))(x),
        "convert" => make_jaxpr(|x: &Array| x / 2)(x),
        "jvp_sin" => {
            make_jaxpr(|x: &Array, t: &Array| jvp(|y: &Array| jnp::sin(y), (x,), (t,)))(x, &args[1])
        }
        other => panic!("no Rust twin for {other}"),
    }
    .to_string()
}

#[test]
fn x64_jaxprs_equal_jax() {
    jaxrs_core::config::enable_x64(true);
    let g = load("jaxprs_x64.json");
    let mut failures = Vec::new();
    for c in g["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let args: Vec<Array> = c["args"].as_array().unwrap().iter().map(array).collect();
        let got = text(name, &args);
        let want = c["jaxpr"].as_str().unwrap();
        if got != want {
            failures.push(format!("{name}:\n--- JAX\n{want}\n--- jaxrs\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
