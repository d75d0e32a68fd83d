//! XLA:CPU's bit-changing behaviours in jnp compositions against JAX 0.10.2, through the
//! reference evaluator (golden data from tools/golden/gen_numerics.py): the division
//! rewrite, linspace, mean/var/std, a jvp, weak types, power with a 0-d integer array,
//! narrow exp2, signed zeros of converted bools and cumsum's order; and the division
//! rewrites inside a jit (tools/golden/gen_division.py). Tolerance: none; each case
//! compares the printed text, dtype, weak type, shape and bits.

mod numerics_common;
mod numerics_xla_cases;

#[test]
fn numerics_equal_jax() {
    let golden = numerics_common::golden("numerics_xla.json");
    let not_yet = numerics_xla_cases::NOT_YET;
    numerics_xla_cases::check_all(&golden, &|name| !not_yet.contains(&name));
}

#[test]
fn divisions_in_a_jit_equal_jax() {
    let golden = numerics_common::golden("division_xla.json");
    numerics_xla_cases::check_all(&golden, &|name| {
        !numerics_xla_cases::NOT_YET.contains(&name)
    });
}
