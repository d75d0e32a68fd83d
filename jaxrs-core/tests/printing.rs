//! `Display`/`Debug` of arrays against JAX 0.10.2's `str`/`repr` (golden data from
//! `tools/golden/gen_printing.py`), for every 32-bit-or-narrower dtype, many shapes,
//! summarization, wrapping and weak types. Text must match exactly.

mod printing_common;

#[test]
fn printing_matches_jax_golden() {
    let n = printing_common::check_golden_file("printing.json");
    assert!(n >= 300, "expected at least 300 golden cases, found {n}");
}
