//! XLA:CPU's bit-changing behaviours in jnp compositions against JAX 0.10.2 through the
//! facade, with the runtime's kernels (golden data from tools/golden/gen_numerics.py and
//! gen_division.py; the same cases as jaxrs-core/tests/numerics_xla.rs): the printed text, dtype, weak type,
//! shape and bits of each. Tolerance: none.

// Links the facade, whose constructor installs the runtime backend.
extern crate jaxrs;

#[path = "../jaxrs-core/tests/numerics_xla_cases/mod.rs"]
mod numerics_xla_cases;

fn golden(file: &str) -> serde_json::Value {
    let path = format!(
        "{}/jaxrs-core/tests/golden/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("golden file");
    let golden: serde_json::Value = serde_json::from_str(&text).expect("golden JSON");
    assert_eq!(golden["jax_version"], "0.10.2");
    assert_eq!(jaxrs_core::backend::name(), "runtime");
    golden
}

#[test]
fn numerics_equal_jax_with_the_runtime() {
    let not_yet = numerics_xla_cases::NOT_YET;
    numerics_xla_cases::check_all(&golden("numerics_xla.json"), &|name| {
        !not_yet.contains(&name)
    });
}

#[test]
fn divisions_in_a_jit_equal_jax_with_the_runtime() {
    numerics_xla_cases::check_all(&golden("division_xla.json"), &|name| {
        !numerics_xla_cases::NOT_YET.contains(&name)
    });
}
