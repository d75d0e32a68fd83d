//! The runtime's elementwise kernels against JAX 0.10.2's bits, on the same bit-pattern
//! golden data as jaxrs-core/tests/bits_golden.rs (tools/golden/gen_bits.py): 2^20 inputs
//! per float primitive and dtype, on the detected ISA and with the work split in chunks as
//! eager execution splits it. Tolerance: none (NaNs compare as one value).

#[path = "../../jaxrs-core/tests/bits_common/mod.rs"]
mod bits_common;

use jaxrs_runtime::exec;

/// The cases the scalar table does not reproduce yet (jaxrs-core/tests/bits_golden.rs).
fn not_yet(dtype: &str) -> &'static [&'static str] {
    const COMPOSITE: [&str; 3] = ["digamma", "erfc", "lgamma"];
    match dtype {
        "float32" | "bfloat16" => &COMPOSITE,
        "float16" => &["digamma", "erfc", "lgamma", "expm1"],
        "float64" => &[
            "acos", "acosh", "asin", "asinh", "atan2", "atanh", "cbrt", "cosh", "digamma", "erf",
            "erf_inv", "erfc", "exp", "exp2", "expm1", "lgamma", "log1p", "logistic", "pow", "rem",
            "rsqrt", "sinh", "tanh",
        ],
        _ => &[],
    }
}

fn check(dtype: &str) {
    let skip = not_yet(dtype);
    bits_common::check_all(dtype, &|case| !skip.contains(&case), &|p, ins, out| {
        exec::accelerated(p, ins, out).unwrap_or_else(|| panic!("the runtime declined {p:?}"))
    });
}

#[test]
fn float32_kernels_equal_jax() {
    check("float32");
}

#[test]
fn float64_kernels_equal_jax() {
    check("float64");
}

#[test]
fn float16_kernels_equal_jax() {
    check("float16");
}

#[test]
fn bfloat16_kernels_equal_jax() {
    check("bfloat16");
}
