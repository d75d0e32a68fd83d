//! The runtime's elementwise kernels against JAX 0.10.2's bits, on the same bit-pattern
//! golden data as jaxrs-core/tests/bits_golden.rs (tools/golden/gen_bits.py): 2^20 inputs
//! per float primitive and dtype, on the detected ISA and with the work split in chunks as
//! eager execution splits it. Tolerance: none (NaNs compare as one value).

#[path = "../../jaxrs-core/tests/bits_common/mod.rs"]
mod bits_common;

use jaxrs_runtime::exec;

fn check(dtype: &str) {
    bits_common::check_all(dtype, &|_| true, &|p, ins, out| {
        exec::accelerated(p, ins, out)
            .unwrap_or_else(|| panic!("the runtime declined {p:?}"))
            .into_vec()
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
