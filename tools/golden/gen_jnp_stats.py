"""Golden values of the jax.numpy statistics, set, searching and histogram functions:
quantile/percentile/median (and their nan twins), cov/corrcoef, histogram, bincount,
unique, nonzero/argwhere, digitize, interp, gradient, put_along_axis, logspace/geomspace
and the smaller names added with them. Case names select the Rust twins in
jaxrs-core/tests/jnp_stats_golden.rs. Writes jaxrs-core/tests/golden/jnp_stats.json.
Re-run with tools/golden/run_all.sh.
"""
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from common import enc, golden_path, write_cases

warnings.filterwarnings("ignore")

rng = np.random.default_rng(23)
NAN = np.float32(np.nan)
X = np.asarray(rng.normal(0, 3, (4, 5)), np.float32)
XN = X.copy()
XN[0, 1] = NAN
XN[2, 3] = NAN
XN[3, :] = NAN  # an all-NaN row
V = np.asarray(rng.normal(0, 2, 7), np.float32)
I = np.asarray([[3, 0, -2, 7, 3], [1, 1, 0, -5, 3]], np.int32)
C = np.asarray([0, 3, 1, 1, 4, 0, 3, 3], np.int32)
E = np.asarray([-2.0, -0.5, 0.0, 1.0, 2.5], np.float32)
X3 = np.asarray(rng.normal(0, 1, (2, 3, 4)), np.float32)
V8 = np.asarray(rng.normal(0, 1, 8), np.float32)
INPUTS = {"v8": V8, "x": X, "xn": XN, "v": V, "i": I, "c": C, "e": E, "x3": X3}

cases = []


def case(name, fn, inputs, jaxpr=False):
    args = [INPUTS[k] for k in inputs]
    out = fn(*args)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    entry = {"name": name, "inputs": inputs, "outputs": [enc(o) for o in outs]}
    if jaxpr:
        entry["jaxpr"] = str(jax.make_jaxpr(fn)(*args))
    cases.append(entry)


# Quantiles.
case("median", jnp.median, ["x"])
case("median_axis0", lambda a: jnp.median(a, axis=0), ["x"])
case("median_axis1_keepdims", lambda a: jnp.median(a, axis=1, keepdims=True), ["x"])
case("median_int", jnp.median, ["i"])
case("median_nan", lambda a: jnp.median(a, axis=1), ["xn"])
case("median_tuple_keepdims", lambda a: jnp.median(a, axis=(0, 2), keepdims=True), ["x3"])
case("median_all_keepdims", lambda a: jnp.median(a, keepdims=True), ["x"])
for m in ["linear", "lower", "higher", "midpoint", "nearest"]:
    case("quantile_" + m, lambda a, m=m: jnp.quantile(a, jnp.array([0.0, 0.1, 0.37, 0.5, 1.0]),
                                                      axis=1, method=m), ["x"])
case("quantile_scalar", lambda a: jnp.quantile(a, 0.3), ["v"])
case("quantile_keepdims", lambda a: jnp.quantile(a, jnp.array([0.25, 0.75]), axis=0,
                                                 keepdims=True), ["x"])
case("quantile_tuple", lambda a: jnp.quantile(a, jnp.array([0.2, 0.9]), axis=(1, 2)), ["x3"])
case("percentile", lambda a: jnp.percentile(a, jnp.array([5.0, 50.0, 95.0]), axis=1), ["x"])
case("percentile_scalar", lambda a: jnp.percentile(a, 40), ["v"])
case("nanmedian", jnp.nanmedian, ["xn"])
case("nanmedian_axis1", lambda a: jnp.nanmedian(a, axis=1), ["xn"])
case("nanmedian_axis0_keepdims", lambda a: jnp.nanmedian(a, axis=0, keepdims=True), ["xn"])
case("nanquantile_axis1", lambda a: jnp.nanquantile(a, jnp.array([0.1, 0.5, 0.8]), axis=1),
     ["xn"])
case("nanquantile_nearest", lambda a: jnp.nanquantile(a, 0.4, axis=1, method="nearest"), ["xn"])
case("nanpercentile", lambda a: jnp.nanpercentile(a, 30.0, axis=0), ["xn"])

# Covariance.
FW = np.asarray([1, 2, 0, 3, 1], np.int32)
AW = np.asarray([0.5, 1.0, 2.0, 0.25, 1.5], np.float32)
INPUTS["fw"], INPUTS["aw"] = FW, AW
case("cov", jnp.cov, ["x"])
case("cov_rowvar_false", lambda a: jnp.cov(a, rowvar=False), ["x"])
case("cov_bias", lambda a: jnp.cov(a, bias=True), ["x"])
case("cov_ddof2", lambda a: jnp.cov(a, ddof=2), ["x"])
case("cov_1d", jnp.cov, ["v"])
case("cov_y", lambda a, b: jnp.cov(a[:2], b[:5]), ["x", "v"])
case("cov_fweights", lambda a, w: jnp.cov(a, fweights=w), ["x", "fw"])
case("cov_aweights", lambda a, w: jnp.cov(a, aweights=w), ["x", "aw"])
case("cov_both_weights", lambda a, w: jnp.cov(a, fweights=jnp.array([1, 2, 0, 3, 1]), aweights=w),
     ["x", "aw"])
case("cov_int", jnp.cov, ["i"])
case("corrcoef", jnp.corrcoef, ["x"])
case("corrcoef_rowvar_false", lambda a: jnp.corrcoef(a, rowvar=False), ["x"])
case("corrcoef_1d", jnp.corrcoef, ["v"])
# Histograms.
case("histogram", jnp.histogram, ["x"])
case("histogram_bins5", lambda a: jnp.histogram(a, bins=5), ["v"])
case("histogram_edges", lambda a, e: jnp.histogram(a, bins=e), ["x", "e"])
case("histogram_range", lambda a: jnp.histogram(a, bins=4, range=(-1.0, 1.0)), ["x"])
case("histogram_density", lambda a: jnp.histogram(a, bins=6, density=True), ["x"])
case("histogram_weights", lambda a, w: jnp.histogram(a, bins=3, weights=w), ["x", "x"])
case("histogram_int", lambda a: jnp.histogram(a, bins=4), ["i"])
case("histogram_flat", lambda a: jnp.histogram(a * 0 + 2.0, bins=3), ["v"])
case("histogram_bin_edges", lambda a: jnp.histogram_bin_edges(a, bins=7), ["x"])
case("histogram_bin_edges_int", jnp.histogram_bin_edges, ["i"])
case("bincount", jnp.bincount, ["c"])
case("bincount_weights", lambda a, w: jnp.bincount(a, weights=w), ["c", "v8"])
case("bincount_minlength", lambda a: jnp.bincount(a, minlength=9), ["c"])
case("bincount_length", lambda a: jnp.bincount(a, length=3), ["c"], jaxpr=True)
case("bincount_negative", lambda a: jnp.bincount(a[0]), ["i"])
case("digitize", jnp.digitize, ["x", "e"])
case("digitize_right", lambda a, e: jnp.digitize(a, e, right=True), ["x", "e"])
case("digitize_decreasing", lambda a, e: jnp.digitize(a, e[::-1]), ["x", "e"])
case("digitize_ties", lambda e: jnp.digitize(e, e), ["e"])
case("digitize_ties_right", lambda e: jnp.digitize(e, e, right=True), ["e"])

# --- end of cases ---
write_cases(golden_path("jnp_stats.json"), {
    "jax_version": jax.__version__, "numpy_version": np.__version__,
    "inputs": {k: enc(v) for k, v in INPUTS.items()}, "cases": cases})
