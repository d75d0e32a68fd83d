//! The `jnp` statistics, set, searching and histogram functions against JAX 0.10.2
//! (`tools/golden/gen_jnp_stats.py` writes `tests/golden/jnp_stats.json`): values, and
//! jaxpr text where the case records one.
//!
//! Tolerance: exact (bit for bit), except the results listed in [`ulps`], each with its
//! reason (XLA's association order of a sum or a dot, as `jnp_extra_golden`'s sums).

mod structure_common;

use jaxrs_core::api::make_jaxpr;
use jaxrs_core::numpy as jnp;
use jaxrs_core::{s, Array};
use serde_json::Value;
use structure_common::{array, assert_close, load};

/// The jaxrs twin of a golden case.
fn run(name: &str, a: &[Array]) -> Vec<Array> {
    let x = &a[0];
    let one = |y: Array| vec![y];
    let pair = |(p, q): (Array, Array)| vec![p, q];
    if let Some(m) = name.strip_prefix("quantile_") {
        if ["linear", "lower", "higher", "midpoint", "nearest"].contains(&m) {
            let q = jnp::array([0.0f32, 0.1, 0.37, 0.5, 1.0]);
            return one(jnp::quantile_with(x, q, |kw| kw.axis(1).method(m)));
        }
    }
    match name {
        "median" | "median_int" => one(jnp::median(x)),
        "median_axis0" => one(jnp::median_with(x, |kw| kw.axis(0))),
        "median_axis1_keepdims" => one(jnp::median_with(x, |kw| kw.axis(1).keepdims(true))),
        "median_nan" => one(jnp::median_with(x, |kw| kw.axis(1))),
        "median_tuple_keepdims" => one(jnp::median_with(x, |kw| kw.axis([0, 2]).keepdims(true))),
        "median_all_keepdims" => one(jnp::median_with(x, |kw| kw.keepdims(true))),
        "quantile_scalar" => one(jnp::quantile(x, 0.3)),
        "quantile_keepdims" => one(jnp::quantile_with(x, jnp::array([0.25f32, 0.75]), |kw| {
            kw.axis(0).keepdims(true)
        })),
        "quantile_tuple" => one(jnp::quantile_with(x, jnp::array([0.2f32, 0.9]), |kw| {
            kw.axis([1, 2])
        })),
        "percentile" => one(jnp::percentile_with(
            x,
            jnp::array([5.0f32, 50.0, 95.0]),
            |kw| kw.axis(1),
        )),
        "percentile_scalar" => one(jnp::percentile(x, 40)),
        "nanmedian" => one(jnp::nanmedian(x)),
        "nanmedian_axis1" => one(jnp::nanmedian_with(x, |kw| kw.axis(1))),
        "nanmedian_axis0_keepdims" => one(jnp::nanmedian_with(x, |kw| kw.axis(0).keepdims(true))),
        "nanquantile_axis1" => one(jnp::nanquantile_with(
            x,
            jnp::array([0.1f32, 0.5, 0.8]),
            |kw| kw.axis(1),
        )),
        "nanquantile_nearest" => one(jnp::nanquantile_with(x, 0.4, |kw| {
            kw.axis(1).method("nearest")
        })),
        "nanpercentile" => one(jnp::nanpercentile_with(x, 30.0, |kw| kw.axis(0))),
        "cov" | "cov_1d" | "cov_int" => one(jnp::cov(x)),
        "cov_rowvar_false" => one(jnp::cov_with(x, |kw| kw.rowvar(false))),
        "cov_bias" => one(jnp::cov_with(x, |kw| kw.bias(true))),
        "cov_ddof2" => one(jnp::cov_with(x, |kw| kw.ddof(2))),
        "cov_y" => one(jnp::cov_with(x.i(s![..2]), |kw| kw.y(a[1].i(s![..5])))),
        "cov_fweights" => one(jnp::cov_with(x, |kw| kw.fweights(&a[1]))),
        "cov_aweights" => one(jnp::cov_with(x, |kw| kw.aweights(&a[1]))),
        "cov_both_weights" => one(jnp::cov_with(x, |kw| {
            kw.fweights(jnp::array([1, 2, 0, 3, 1])).aweights(&a[1])
        })),
        "corrcoef" | "corrcoef_1d" => one(jnp::corrcoef(x)),
        "corrcoef_rowvar_false" => one(jnp::corrcoef_with(x, |kw| kw.rowvar(false))),
        "histogram" => pair(jnp::histogram(x)),
        "histogram_bins5" => pair(jnp::histogram_with(x, |kw| kw.bins(5))),
        "histogram_edges" => pair(jnp::histogram_with(x, |kw| kw.bins(&a[1]))),
        "histogram_range" => pair(jnp::histogram_with(x, |kw| kw.bins(4).range((-1.0, 1.0)))),
        "histogram_density" => pair(jnp::histogram_with(x, |kw| kw.bins(6).density(true))),
        "histogram_weights" => pair(jnp::histogram_with(x, |kw| kw.bins(3).weights(&a[1]))),
        "histogram_int" => pair(jnp::histogram_with(x, |kw| kw.bins(4))),
        "histogram_flat" => pair(jnp::histogram_with(jnp::add(jnp::multiply(x, 0), 2.0), |kw| {
            kw.bins(3)
        })),
        "histogram_bin_edges" => one(jnp::histogram_bin_edges_with(x, |kw| kw.bins(7))),
        "histogram_bin_edges_int" => one(jnp::histogram_bin_edges(x)),
        "bincount" => one(jnp::bincount(x)),
        "bincount_weights" => one(jnp::bincount_with(x, |kw| kw.weights(&a[1]))),
        "bincount_minlength" => one(jnp::bincount_with(x, |kw| kw.minlength(9))),
        "bincount_length" => one(jnp::bincount_with(x, |kw| kw.length(3))),
        "bincount_negative" => one(jnp::bincount(x.i(0))),
        "digitize" => one(jnp::digitize(x, &a[1])),
        "digitize_right" => one(jnp::digitize_with(x, &a[1], |kw| kw.right(true))),
        "digitize_decreasing" => one(jnp::digitize(x, jnp::flip(&a[1]))),
        "digitize_ties" => one(jnp::digitize(x, x)),
        "digitize_ties_right" => one(jnp::digitize_with(x, x, |kw| kw.right(true))),
        other => panic!("no runner for {other}"),
    }
}

/// Results that are not bit-exact, with the reason.
fn ulps(name: &str) -> (u64, f64) {
    match name {
        // Linear interpolation `low * (1 - w) + high * w`: XLA:CPU fuses the first product
        // into a multiply-add (unrounded), jaxrs rounds both products: 1 ulp, or 1e-6
        // absolute where the two products cancel.
        n if (n.contains("quantile") || n.contains("percentile"))
            && !["lower", "higher", "midpoint", "nearest"]
                .iter()
                .any(|m| n.ends_with(m)) =>
        {
            (1, 1e-6)
        }
        // `dot` of the centred data: XLA's accumulation order (as `golden_structure`'s
        // `dot_general`: 4 ulp or 1e-6 absolute); the weighted means and sums of weights
        // they divide by add in XLA's order too.
        n if n.starts_with("cov") || n.starts_with("corrcoef") => (4, 1e-6),
        // The edges are a `linspace` from a nonzero start, where XLA contracts a multiply-add
        // across operations (as `math_golden`'s `linspace`: 2 ulp); the density divides by
        // the sum of the counts, and weighted counts add in XLA's order.
        n if n.starts_with("histogram") => (2, 0.0),
        _ => (0, 0.0),
    }
}

#[test]
fn jnp_stats_match_jax() {
    let golden = load("jnp_stats.json");
    let inputs = &golden["inputs"];
    let cases = golden["cases"].as_array().expect("cases");
    let (mut jaxprs, mut failures) = (0, Vec::new());
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let args: Vec<Array> = c["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| array(&inputs[i.as_str().unwrap()]))
            .collect();
        let got = run(name, &args);
        let want = c["outputs"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: number of results");
        let (ulp, atol) = ulps(name);
        for (g, w) in got.iter().zip(want) {
            assert_close(g, w, ulp, atol, name);
        }
        if let Some(text) = c.get("jaxpr").and_then(Value::as_str) {
            let printed = match args.len() {
                1 => make_jaxpr(|x: &Array| run(name, std::slice::from_ref(x)))(&args[0]),
                2 => make_jaxpr(|x: &Array, y: &Array| run(name, &[x.clone(), y.clone()]))(
                    &args[0], &args[1],
                ),
                _ => unreachable!(),
            }
            .to_string();
            if printed != text {
                failures.push(format!("{name}:\n--- JAX\n{text}\n--- jaxrs\n{printed}"));
            }
            jaxprs += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} jaxprs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!((cases.len(), jaxprs), (56, 1));
}
