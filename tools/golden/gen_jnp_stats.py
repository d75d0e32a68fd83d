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
VS = np.cumsum(np.abs(rng.normal(0, 1, 7)) + 0.1).astype(np.float32)
WR = np.cumsum(rng.normal(0, 2.5, 9)).astype(np.float32)
WR2 = np.cumsum(rng.normal(0, 2.5, (5, 3)), axis=0).astype(np.float32)
INPUTS = {"vs": VS, "w": WR, "w2": WR2, "v8": V8, "x": X, "xn": XN, "v": V, "i": I, "c": C, "e": E, "x3": X3}

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

# Searching.
NZ = np.asarray([[0, 2, 0], [1, 0, -3], [0, 0, 5]], np.int32)
U = np.asarray([3.0, 1.0, NAN, 2.0, 3.0, NAN, -0.0, 0.0, 1.0], np.float32)
INPUTS["nz"], INPUTS["u"] = NZ, U
case("nonzero", jnp.nonzero, ["nz"])
case("nonzero_size", lambda a: jnp.nonzero(a, size=6), ["nz"], jaxpr=True)
case("nonzero_size_small", lambda a: jnp.nonzero(a, size=2), ["nz"])
case("nonzero_fill", lambda a: jnp.nonzero(a, size=6, fill_value=-1), ["nz"])
case("nonzero_bool", lambda a: jnp.nonzero(a > 0), ["x"])
case("argwhere", jnp.argwhere, ["nz"])
case("argwhere_size", lambda a: jnp.argwhere(a, size=5, fill_value=9), ["nz"])
case("flatnonzero", jnp.flatnonzero, ["nz"])
case("flatnonzero_size", lambda a: jnp.flatnonzero(a, size=4), ["nz"])
case("where_one", lambda a: jnp.where(a, size=5, fill_value=-2), ["nz"])
case("lexsort", lambda a: jnp.lexsort([a[0], a[1]]), ["i"], jaxpr=True)
case("lexsort_axis0", lambda a: jnp.lexsort([a], axis=0), ["i"])
PI = np.asarray([[2, 0, 4], [1, 1, 0]], np.int32)
INPUTS["pi"] = PI
case("put_along_axis", lambda a, i: jnp.put_along_axis(a[:2, :5], i, -1.0, axis=1, inplace=False),
     ["x", "pi"])
case("put_along_axis_values", lambda a, i: jnp.put_along_axis(a[:2, :5], i, jnp.arange(6.0).reshape(2, 3),
                                                              axis=1, inplace=False), ["x", "pi"])
case("put_along_axis_axis0", lambda a: jnp.put_along_axis(a, jnp.array([[3, 0, 1, 2, 0]]), 7.0, axis=0,
                                                          inplace=False), ["x"])
case("put_along_axis_none", lambda a: jnp.put_along_axis(a, jnp.array([0, 19, 7]), 0.0, axis=None,
                                                         inplace=False), ["x"])
# Sets.
case("unique", jnp.unique, ["i"])
case("unique_float_nan", jnp.unique, ["u"])
case("unique_equal_nan_false", lambda a: jnp.unique(a, equal_nan=False), ["u"])
case("unique_size", lambda a: jnp.unique(a, size=8), ["i"])
case("unique_size_fill", lambda a: jnp.unique(a, size=8, fill_value=-9), ["i"])
case("unique_axis0", lambda a: jnp.unique(jnp.concatenate([a, a[:1]]), axis=0), ["nz"])
case("unique_axis1", lambda a: jnp.unique(a, axis=1), ["i"])
case("unique_returned", lambda a: jnp.unique(a, return_index=True, return_inverse=True,
                                             return_counts=True), ["i"])
case("unique_returned_size", lambda a: jnp.unique(a, return_index=True, return_inverse=True,
                                                  return_counts=True, size=9, fill_value=0), ["i"])
case("unique_returned_nan", lambda a: jnp.unique(a, return_index=True, return_inverse=True,
                                                 return_counts=True), ["u"])
case("unique_all", lambda a: tuple(jnp.unique_all(a)), ["u"])
case("unique_counts", lambda a: tuple(jnp.unique_counts(a)), ["i"])
case("unique_inverse", lambda a: tuple(jnp.unique_inverse(a)), ["i"])
case("unique_values", jnp.unique_values, ["u"])
case("unique_values_size", lambda a: jnp.unique_values(a, size=4), ["i"])
case("isin", lambda a, b: jnp.isin(a, b[0]), ["i", "i"], jaxpr=True)
case("isin_invert", lambda a, b: jnp.isin(a, b[1], invert=True), ["i", "i"])
case("isin_float", lambda a, b: jnp.isin(a, b), ["u", "c"])
case("union1d", lambda a, b: jnp.union1d(a, b), ["i", "c"])
case("union1d_size", lambda a, b: jnp.union1d(a, b, size=12, fill_value=100), ["i", "c"])
case("intersect1d", lambda a, b: jnp.intersect1d(a, b), ["i", "c"])
case("intersect1d_unique", lambda a, b: jnp.intersect1d(a[0], b[:3], assume_unique=True), ["c", "i"])
case("setdiff1d", lambda a, b: jnp.setdiff1d(a, b), ["i", "c"])
case("setdiff1d_size", lambda a, b: jnp.setdiff1d(a, b, size=6, fill_value=-7), ["i", "c"])
case("setdiff1d_size_default", lambda a, b: jnp.setdiff1d(a, b, size=6), ["i", "c"])
case("setxor1d", lambda a, b: jnp.setxor1d(a, b), ["i", "c"])
case("setxor1d_float", lambda a, b: jnp.setxor1d(a, b), ["u", "c"])
# Calculus.
XP = np.asarray([-2.0, -1.0, 0.5, 0.5, 2.0, 3.0], np.float32)
FP = np.asarray([1.0, -1.0, 2.0, 4.0, 0.0, 3.5], np.float32)
XQ = np.asarray([-3.0, -2.0, -1.5, 0.0, 0.5, 0.7, 2.5, 3.0, 4.0, np.nan], np.float32)
INPUTS["xp"], INPUTS["fp"], INPUTS["xq"] = XP, FP, XQ
case("interp", jnp.interp, ["xq", "xp", "fp"])
case("interp_left_right", lambda a, b, c: jnp.interp(a, b, c, left=-10.0, right=10.0),
     ["xq", "xp", "fp"])
case("interp_extrapolate", lambda a, b, c: jnp.interp(a, b, c, left="extrapolate",
                                                      right="extrapolate"), ["xq", "xp", "fp"])
case("interp_period", lambda a, b, c: jnp.interp(a, b, c, period=4.0), ["xq", "xp", "fp"])
case("interp_int", lambda a, b: jnp.interp(a, jnp.array([0, 2, 4]), b[:3]), ["xq", "fp"])
case("gradient", lambda a: jnp.gradient(a), ["v"])
case("gradient_2d", lambda a: tuple(jnp.gradient(a)), ["x"])
case("gradient_axis", lambda a: jnp.gradient(a, axis=1), ["x"])
case("gradient_scalar_spacing", lambda a: tuple(jnp.gradient(a, 0.5)), ["x"])
case("gradient_two_spacings", lambda a: tuple(jnp.gradient(a, 2.0, jnp.array([0.0, 1.0, 1.5, 3.0, 3.5]))),
     ["x"])
case("gradient_coords", lambda a, b: jnp.gradient(a, b), ["v", "vs"])
case("gradient_int", lambda a: tuple(jnp.gradient(a)), ["i"])
case("trapezoid", jnp.trapezoid, ["x"])
case("trapezoid_x", lambda a, b: jnp.trapezoid(a[:5], b[:5]), ["v", "vs"])
case("trapezoid_dx_axis0", lambda a: jnp.trapezoid(a, dx=0.25, axis=0), ["x"])
case("trapezoid_x2d", lambda a: jnp.trapezoid(a, a * a, axis=0), ["x"])
case("unwrap", jnp.unwrap, ["w"])
case("unwrap_axis0_discont", lambda a: jnp.unwrap(a, discont=4.0, axis=0), ["w2"])
case("unwrap_period", lambda a: jnp.unwrap(a, period=5.0), ["w"])
case("unwrap_int", lambda a: jnp.unwrap(a, period=6), ["i"])
case("cumulative_sum", jnp.cumulative_sum, ["c"])
case("cumulative_sum_initial", lambda a: jnp.cumulative_sum(a, axis=1, include_initial=True), ["i"])
case("cumulative_prod", lambda a: jnp.cumulative_prod(a, axis=0), ["i"])
case("cumulative_prod_initial", lambda a: jnp.cumulative_prod(a, include_initial=True), ["v"])
case("nancumsum", jnp.nancumsum, ["xn"])
case("nancumsum_axis1", lambda a: jnp.nancumsum(a, axis=1), ["xn"])
case("nancumprod", lambda a: jnp.nancumprod(a, axis=0), ["xn"])
case("nancumsum_int", jnp.nancumsum, ["i"])

# Creation and index grids (no inputs: "none" is a placeholder).
INPUTS["none"] = np.zeros((0,), np.float32)
case("logspace", lambda _: jnp.logspace(0.0, 3.0, 7), ["none"])
case("logspace_base2", lambda _: jnp.logspace(-1.0, 4.0, 6, base=2.0, endpoint=False), ["none"])
case("logspace_default", lambda _: jnp.logspace(-2, 2), ["none"])
case("geomspace", lambda _: jnp.geomspace(1.0, 1000.0, 5), ["none"])
case("geomspace_negative", lambda _: jnp.geomspace(-3.0, -0.5, 6), ["none"])
case("geomspace_endpoint", lambda _: jnp.geomspace(2.0, 7.0, 4, endpoint=False), ["none"])
case("indices", lambda _: jnp.indices((2, 3, 2)), ["none"])
case("indices_sparse", lambda _: jnp.indices((2, 3), sparse=True), ["none"])
case("tril_indices", lambda _: jnp.tril_indices(4), ["none"])
case("tril_indices_k", lambda _: jnp.tril_indices(3, k=-1, m=5), ["none"])
case("triu_indices", lambda _: jnp.triu_indices(4, k=1), ["none"])
case("triu_indices_m", lambda _: jnp.triu_indices(3, k=-1, m=2), ["none"])
case("tril_indices_from", lambda a: jnp.tril_indices_from(a, k=1), ["x"])
case("triu_indices_from", jnp.triu_indices_from, ["x"])
case("diag_indices", lambda _: jnp.diag_indices(4, ndim=3), ["none"])
case("diag_indices_from", lambda a: jnp.diag_indices_from(a[:4, :4]), ["x"])
case("unravel_index", lambda a: jnp.unravel_index(a, (3, 4)), ["c"])
case("unravel_index_oob", lambda _: jnp.unravel_index(jnp.array([-13, -1, 0, 11, 12, 40]), (3, 4)),
     ["none"])
case("ravel_multi_index", lambda a: jnp.ravel_multi_index((a[0] % 3, a[1] % 4), (3, 4)), ["nz"])
case("ravel_multi_index_clip", lambda a: jnp.ravel_multi_index((a[0], a[1]), (2, 6), mode="clip"), ["i"])
case("ravel_multi_index_wrap", lambda a: jnp.ravel_multi_index((a[0], a[1]), (2, 6), mode="wrap",
                                                               order="F"), ["i"])
# Elementwise extras.
M = np.asarray([-7.5, -2.0, -0.5, -0.0, 0.0, 0.25, 1.0, 3.75, 1e-40, -3e-39, 1e30, np.inf, -np.inf,
                np.nan], np.float32)
INPUTS["m"] = M
INPUTS["tz"] = np.asarray([0, 0, 3, 0, -1, 0, 0], np.int32)
INPUTS["nz0"] = np.asarray([[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 2, 0]], np.int32)
# frexp/ldexp of subnormals are a known gap (README): XLA's fused `isinf | isnan | x == 0`
# sees the unflushed subnormal while its multiply flushes it.
INPUTS["mn"] = M[np.abs(M) != 0][np.abs(M[np.abs(M) != 0]) > 1e-37].copy()
INPUTS["mn"] = np.concatenate([INPUTS["mn"], np.asarray([0.0, -0.0, np.nan], np.float32)])
case("divmod", lambda a: jnp.divmod(a, 1.5), ["m"])
case("divmod_int", lambda a: jnp.divmod(a, 3), ["i"])
case("divmod_int_neg", lambda a: jnp.divmod(a, -4), ["i"])
case("modf", jnp.modf, ["m"])
case("frexp", jnp.frexp, ["mn"])
case("frexp_x", jnp.frexp, ["x"])
case("ldexp", lambda a, b: jnp.ldexp(a[:10], b.ravel()), ["mn", "i"])
case("ldexp_big", lambda _: jnp.ldexp(jnp.array([0.75, 1.5, 3e-30]), jnp.array([128, -150, 20])), ["none"])
case("spacing", jnp.spacing, ["m"])
case("sinc", jnp.sinc, ["m"])
case("sinc_x", jnp.sinc, ["x"])
case("gcd", lambda a, b: jnp.gcd(a, b[:5]), ["i", "c"])
case("gcd_big", lambda _: jnp.gcd(jnp.array([1134903170, 0, -48, 2**31 - 1]),
                                  jnp.array([701408733, 0, 18, 2**30])), ["none"])
case("lcm", lambda a, b: jnp.lcm(a, b[:5]), ["i", "c"])

# Choosing, removing, inserting.
case("select", lambda a: jnp.select([a < -1, a > 1], [a * 10, -a], default=7.0), ["x"])
case("select_default0", lambda a: jnp.select([a < 0, a > 2, a > 0], [a, a, jnp.zeros_like(a)]), ["i"])
case("select_broadcast", lambda a: jnp.select([a[0] > 0, jnp.array(True)], [1, a]), ["i"], jaxpr=True)
case("choose", lambda a, b: jnp.choose(a[1] % 2, [b[0], b[1]]), ["nz", "nz"])
case("choose_wrap", lambda a: jnp.choose(a, [jnp.arange(5), -jnp.arange(5), 100], mode="wrap"), ["i"])
case("choose_clip", lambda a: jnp.choose(a, [jnp.arange(5), -jnp.arange(5), 100], mode="clip"), ["i"])
case("compress", lambda a: jnp.compress(jnp.array([True, False, True, True]), a), ["x"])
case("compress_axis1", lambda a: jnp.compress(jnp.array([False, True, False, True, True]), a, axis=1),
     ["x"])
case("compress_size", lambda a: jnp.compress(jnp.array([False, True, False, True]), a, axis=0, size=3,
                                             fill_value=-1.0), ["x"])
case("extract", lambda a: jnp.extract(a > 0, a), ["x"])
case("extract_size", lambda a: jnp.extract(a > 0, a, size=8, fill_value=99), ["i"])
case("delete", lambda a: jnp.delete(a, 3), ["x"])
case("delete_axis1", lambda a: jnp.delete(a, jnp.array([0, 3, -1]), axis=1), ["x"])
case("delete_unique", lambda a: jnp.delete(a, jnp.array([4, 1]), axis=1, assume_unique_indices=True),
     ["x"])
case("delete_mask", lambda a: jnp.delete(a, jnp.array([True, False, False, True]), axis=0), ["x"])
case("insert", lambda a: jnp.insert(a, 2, 9), ["i"])
case("insert_many", lambda a: jnp.insert(a, jnp.array([0, 3, 3, -1]), jnp.array([10, 20, 30, 40])),
     ["c"])
case("insert_axis1", lambda a: jnp.insert(a, 1, jnp.array([7, 8]), axis=1), ["i"])
case("insert_axis0_row", lambda a: jnp.insert(a, 1, jnp.arange(5.0), axis=0), ["x"])
# Arrays.
case("asarray_dtype", lambda a: jnp.asarray(a, dtype=jnp.int32), ["x"])
case("copy", jnp.copy, ["x"], jaxpr=True)
case("block", lambda a: jnp.block([[a[:2, :2], a[:2, 2:]], [a[2:, :3], a[2:, 3:]]]), ["x"])
case("block_1d", lambda a: jnp.block([a[0], a[1], a[2]]), ["x"])
case("block_mixed", lambda a: jnp.block([[a[:2, :2], jnp.zeros((2, 1))], [a[2:, :3]]]), ["x"])
case("broadcast_arrays", lambda a, b: jnp.broadcast_arrays(a[:, :1], b[:5]), ["x", "v"])
case("array_equiv", lambda a: jnp.array_equiv(jnp.stack([a[0], a[0]]), a[0]), ["x"])
case("array_equiv_false", lambda a: jnp.array_equiv(a, a[0]), ["x"])
case("vander", jnp.vander, ["v"])
case("vander_n_increasing", lambda a: jnp.vander(a[0], N=3, increasing=True), ["i"])
case("trim_zeros", lambda a: jnp.trim_zeros(a), ["tz"])
case("trim_zeros_f", lambda a: jnp.trim_zeros(a, trim="f"), ["tz"])
case("trim_zeros_b", lambda a: jnp.trim_zeros(a, "b"), ["tz"])
case("trim_zeros_2d", lambda a: jnp.trim_zeros(a), ["nz0"])
case("trim_zeros_2d_axis1", lambda a: jnp.trim_zeros(a, axis=1), ["nz0"])
case("resize", lambda a: jnp.resize(a, (3, 5)), ["v"])
case("resize_shrink", lambda a: jnp.resize(a, (2, 2)), ["x"])
case("partition", lambda a: jnp.partition(a, 2), ["x"])
case("partition_axis0", lambda a: jnp.partition(a, -1, axis=0), ["x"])
case("partition_int", lambda a: jnp.partition(a, 1), ["i"])
case("argpartition", lambda a: jnp.argpartition(a, 2), ["x"])
case("argpartition_int_ties", lambda a: jnp.argpartition(a, 1), ["i"])
case("argpartition_axis0", lambda a: jnp.argpartition(a, 1, axis=0), ["x"])
# Windows.
for w in ["bartlett", "blackman", "hamming", "hanning"]:
    for m in [0, 1, 2, 7, 64]:
        case(f"{w}_{m}", lambda _, w=w, m=m: getattr(jnp, w)(m), ["none"])

# --- end of cases ---
def finfo_entry(d):
    f = jnp.finfo(d)
    return {"dtype": str(np.dtype(d)), "bits": int(f.bits),
            # float64 bit patterns (JSON parsers need not round decimal floats exactly).
            "float_bits": [int(np.float64(v).view(np.uint64)) for v in
                           [f.eps, f.epsneg, f.max, f.min, f.smallest_normal, f.tiny,
                            f.smallest_subnormal, f.resolution]],
            "ints": [int(f.nmant), int(f.nexp), int(f.minexp), int(f.maxexp), int(f.precision)]}


FINFO = [finfo_entry(d) for d in [jnp.float16, jnp.bfloat16, jnp.float32, jnp.float64]]
IINFO = [{"dtype": str(np.dtype(d)), "bits": int(jnp.iinfo(d).bits), "min": int(jnp.iinfo(d).min),
          "max": int(jnp.iinfo(d).max)}
         for d in [jnp.int8, jnp.int16, jnp.int32, jnp.int64, jnp.uint8, jnp.uint16, jnp.uint32,
                   jnp.uint64]]
write_cases(golden_path("jnp_stats.json"), {"finfo": FINFO, "iinfo": IINFO,
    "jax_version": jax.__version__, "numpy_version": np.__version__,
    "inputs": {k: enc(v) for k, v in INPUTS.items()}, "cases": cases})
