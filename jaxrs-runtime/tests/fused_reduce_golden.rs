//! XLA:CPU's orders of small reduction loops against JAX 0.10.2 (golden data from
//! tools/golden/gen_fused_reduce.py): sums and products over boxes of two or three axes,
//! `var`/`std` (sums XLA fuses with the squares) along one axis and over boxes, and
//! `sum(x * y)`, each through the runtime's compiled path and the reference evaluator,
//! compared by bits. The orders depend on the processor (LLVM splits the loops over
//! vector lanes by its cost model), so the cases run on the processors the file was made
//! on; the ceiling is the count of (case, path) pairs measured to differ.
//!
//! Measured with AVX-512 (an AMD EPYC): 22 of 2704 (case, path) pairs, 10 of 1138 cases
//! (6 of 569 `float32`, 4 of 569 `float64`), each through both paths (and the eager kernel
//! for `prod`). Eight are boxes whose elements are not contiguous (a kept axis inside the
//! reduced ones: `var` of [8, 4, 3] and [4, 3, 5], `prod` of [16, 2, 3] in both dtypes,
//! `float32` `mean` and `float64` `var` of [16, 2, 3]), which [`Lanes::split`] does not
//! model: the dumped LLVM IR shows them split too, a pair row of [16, 2, 3] over 8 lanes
//! whose interleaved loads with gaps leave a whole vector's iterations to the scalar
//! epilogue, a centred square gathered with no epilogue. The other two are `float32`
//! `sum(x * y)` of [19, 7] and [19, 8], which LLVM splits over 2 lanes.
//!
//! [`Lanes::split`]: jaxrs_core::xla_reduce::Lanes::split

mod reduce_order_common;

use jaxrs_core::processor::Processor;

#[test]
fn small_reduction_loops_equal_jax() {
    jaxrs_core::config::enable_x64(true);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../jaxrs-core/tests/golden/fused_reduce.json"
    );
    let text = std::fs::read_to_string(path).expect("fused_reduce.json");
    let golden: serde_json::Value = serde_json::from_str(&text).expect("golden JSON parses");
    let isa = Processor::detect().name();
    let measured = golden["isas"]
        .as_array()
        .expect("isas")
        .iter()
        .any(|i| i.as_str() == Some(isa));
    if !measured {
        eprintln!("fused_reduce.json was not made on this processor ({isa}): not checked");
        return;
    }
    // The ceiling: the measured mismatches (module docs, README "Tolerances in tests").
    reduce_order_common::check("fused_reduce.json", &[("avx512", 22)]);
}
