"""Golden values (and, for some, jaxprs) of the jax.numpy functions added with the keyword
scheme: nan-reductions, diff, meshgrid, searchsorted, isclose/allclose/array_equal,
count_nonzero, ptp, nan_to_num, hypot, copysign, heaviside, fmax, fmin, logaddexp, and the
new reduction keywords (where=, initial=, dtype=). Case names select the Rust twins in
jaxrs-core/tests/jnp_extra_golden.rs. Writes jaxrs-core/tests/golden/jnp_extra.json.
Re-run with tools/golden/run_all.sh.
"""
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from common import enc, golden_path, write_cases

warnings.filterwarnings("ignore")

rng = np.random.default_rng(11)
NAN = np.float32(np.nan)
X = np.asarray(rng.normal(0, 3, (4, 5)), np.float32)
X[0, 1] = NAN
X[2, 3] = NAN
X[3, :] = NAN  # an all-NaN row
W = np.asarray([[1.0, -2.0, 3.0, 0.0, -0.0], [np.inf, -np.inf, NAN, 5.0, 1e-9]], np.float32)
S = np.asarray([-3.0, -1.0, 0.0, 0.0, 2.0, 5.0, 7.5], np.float32)
Q = np.asarray([[-4.0, -1.0, 0.0, 1.0], [5.0, 7.5, 9.0, NAN]], np.float32)
I = np.asarray([[3, 0, -2, 7], [1, 1, 0, -5]], np.int32)
B = np.asarray([[True, False, True], [True, True, False]])
MASK = np.asarray(rng.uniform(size=(4, 5)) > 0.4)
V = np.asarray([1.0, 2.0, 4.0], np.float32)
U = np.asarray([0.5, -1.0], np.float32)
INPUTS = {"x": X, "w": W, "s": S, "q": Q, "i": I, "b": B, "mask": MASK, "v": V, "u": U,
          "y": np.where(np.isnan(X), 0, X) + 1e-6}

cases = []


def case(name, fn, inputs, jaxpr=False):
    args = [INPUTS[k] for k in inputs]
    out = fn(*args)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    entry = {"name": name, "inputs": inputs, "outputs": [enc(o) for o in outs]}
    if jaxpr:
        entry["jaxpr"] = str(jax.make_jaxpr(fn)(*args))
    cases.append(entry)


for f in ["nansum", "nanprod", "nanmax", "nanmin", "nanmean", "nanvar", "nanstd",
          "nanargmax", "nanargmin"]:
    fn = getattr(jnp, f)
    case(f, fn, ["x"], jaxpr=f in ("nansum", "nanmax", "nanmean", "nanvar"))
    case(f + "_axis1", lambda a, fn=fn: fn(a, axis=1), ["x"])
    if f not in ("nanargmax", "nanargmin"):
        case(f + "_axis0_keepdims", lambda a, fn=fn: fn(a, axis=0, keepdims=True), ["x"])
    case(f + "_int", fn, ["i"])
case("nanvar_ddof1", lambda a: jnp.nanvar(a, axis=1, ddof=1), ["x"], jaxpr=True)
case("nanstd_ddof1", lambda a: jnp.nanstd(a, axis=0, ddof=1), ["x"])
case("nanstd", jnp.nanstd, ["x"], jaxpr=True)
# Reduction keywords.
case("sum_where", lambda a, m: jnp.sum(a, axis=1, where=m), ["y", "mask"], jaxpr=True)
case("sum_initial", lambda a: jnp.sum(a, axis=0, initial=10.0), ["y"], jaxpr=True)
case("sum_dtype_int", lambda a: jnp.sum(a, dtype=jnp.float32), ["i"], jaxpr=True)
case("max_where_initial", lambda a, m: jnp.max(a, axis=1, where=m, initial=-5.0), ["y", "mask"],
     jaxpr=True)
case("min_initial", lambda a: jnp.min(a, initial=-1.0), ["y"])
case("prod_where", lambda a, m: jnp.prod(a, axis=0, where=m), ["y", "mask"])
case("any_where", lambda b: jnp.any(b, axis=0, where=jnp.array([True, False, True])), ["b"])
case("all_where", lambda b: jnp.all(b, axis=1, where=jnp.array([True, False, True])), ["b"])
case("max_int_where_initial", lambda a: jnp.max(a, where=a > 0, initial=2), ["i"])
# diff / meshgrid / searchsorted.
case("diff", jnp.diff, ["x"], jaxpr=True)
case("diff_n2_axis0", lambda a: jnp.diff(a, n=2, axis=0), ["y"], jaxpr=True)
case("diff_int", jnp.diff, ["i"])
case("diff_bool", jnp.diff, ["b"])
case("diff_prepend_append", lambda a: jnp.diff(a, prepend=0.0, append=jnp.array([1.0, 2.0])),
     ["v"])
case("meshgrid", lambda a, b: jnp.meshgrid(a, b), ["v", "u"], jaxpr=True)
case("meshgrid_ij", lambda a, b: jnp.meshgrid(a, b, indexing="ij"), ["v", "u"])
case("meshgrid_sparse", lambda a, b: jnp.meshgrid(a, b, sparse=True), ["v", "u"])
case("searchsorted", jnp.searchsorted, ["s", "q"])
case("searchsorted_right", lambda a, v: jnp.searchsorted(a, v, side="right"), ["s", "q"])
# Comparisons and elementwise.
case("isclose", jnp.isclose, ["x", "y"], jaxpr=True)
case("isclose_tol", lambda a, b: jnp.isclose(a, b, rtol=0.5, atol=0.1), ["x", "y"])
case("isclose_equal_nan", lambda a: jnp.isclose(a, a, equal_nan=True), ["x"])
case("allclose", jnp.allclose, ["y", "y"], jaxpr=True)
case("allclose_false", jnp.allclose, ["x", "y"])
case("array_equal", jnp.array_equal, ["y", "y"], jaxpr=True)
case("array_equal_nan", lambda a: jnp.array_equal(a, a, equal_nan=True), ["x"])
case("array_equal_shapes", jnp.array_equal, ["v", "u"])
case("count_nonzero", jnp.count_nonzero, ["w"], jaxpr=True)
case("count_nonzero_axis0", lambda a: jnp.count_nonzero(a, axis=0), ["i"])
case("ptp", jnp.ptp, ["y"], jaxpr=True)
case("ptp_axis1", lambda a: jnp.ptp(a, axis=1), ["i"])
case("nan_to_num", jnp.nan_to_num, ["w"])
case("hypot", jnp.hypot, ["w", "w"])
case("copysign", lambda a: jnp.copysign(a, -a), ["w"], jaxpr=True)
case("heaviside", lambda a: jnp.heaviside(a, 0.5), ["w"])
case("fmax", lambda a: jnp.fmax(a, jnp.flip(a)), ["w"], jaxpr=True)
case("fmin", lambda a: jnp.fmin(a, jnp.flip(a)), ["w"])
case("logaddexp", lambda a, b: jnp.logaddexp(a, b), ["y", "x"])
case("degrees", jnp.degrees, ["w"])
case("radians", jnp.radians, ["w"])
case("isposinf", jnp.isposinf, ["w"])
case("isneginf", jnp.isneginf, ["w"])
case("isposinf_int", jnp.isposinf, ["i"])
case("empty_like", jnp.empty_like, ["i"])
case("ediff1d", jnp.ediff1d, ["y"], jaxpr=True)
case("tensordot", lambda a: jnp.tensordot(a, a.T, axes=1), ["y"], jaxpr=True)
case("tensordot_pairs", lambda a: jnp.tensordot(a, a, axes=([0, 1], [0, 1])), ["y"])
case("kron", lambda a, b: jnp.kron(a, b), ["v", "u"], jaxpr=True)
case("kron_2d", lambda a: jnp.kron(a[:2, :2], a[:2, :3]), ["y"])
case("cross", lambda a: jnp.cross(a, jnp.flip(a)), ["v"])
case("cross_2d", lambda a: jnp.cross(a[:, :3], a[:, 1:4]), ["y"])
case("average", jnp.average, ["y"])
case("average_axis_weights", lambda a: jnp.average(a, axis=1, weights=jnp.arange(1.0, 6.0)), ["y"])
case("average_full_weights", lambda a: jnp.average(a, weights=jnp.abs(a)), ["y"])
case("average_returned", lambda a: jnp.average(a, axis=0, returned=True), ["y"])
SRT = np.asarray([[3, 1, 2, 1, 3], [0, 5, 5, -1, 0]], np.int32)
INPUTS["srt"] = SRT
case("sort_descending", lambda a: jnp.sort(a, descending=True), ["srt"], jaxpr=True)
case("argsort_descending", lambda a: jnp.argsort(a, descending=True), ["srt"], jaxpr=True)
case("argsort_descending_axis0", lambda a: jnp.argsort(a, axis=0, descending=True), ["srt"])
case("argsort_unstable", lambda a: jnp.argsort(a[0] * 0 + jnp.arange(5), stable=False), ["srt"])
TI = np.asarray([[0, 7], [-1, -9]], np.int32)
INPUTS["ti"] = TI
case("take_fill", lambda a, i: jnp.take(a, i), ["srt", "ti"])
case("take_fill_value", lambda a, i: jnp.take(a, i, axis=1, fill_value=-7), ["srt", "ti"])
case("take_clip", lambda a, i: jnp.take(a, i, axis=1, mode="clip"), ["srt", "ti"], jaxpr=True)
case("take_wrap", lambda a, i: jnp.take(a, i, axis=1, mode="wrap"), ["srt", "ti"], jaxpr=True)
TA = np.asarray([[4, 0, -1], [2, 2, 1]], np.int32)
INPUTS["ta"] = TA
case("take_along_axis", lambda a, i: jnp.take_along_axis(a, i, axis=1), ["srt", "ta"], jaxpr=True)
case("take_along_axis_f32", lambda a, i: jnp.take_along_axis(a[:2], i, axis=1), ["y", "ta"])
case("take_along_axis_axis0", lambda a: jnp.take_along_axis(a, jnp.array([[1, 0, 1, 0, 1]]), axis=0),
     ["srt"])
case("take_along_axis_oob", lambda a: jnp.take_along_axis(a[:2], jnp.array([[7], [-9]]), axis=1),
     ["y"])
case("take_along_axis_sorted", lambda a: jnp.take_along_axis(a, jnp.argsort(a, axis=0), axis=0),
     ["y"])
E1 = np.asarray(rng.normal(0, 1, (2, 3, 4)), np.float32)
E2 = np.asarray(rng.normal(0, 1, (2, 4, 5)), np.float32)
INPUTS["e1"], INPUTS["e2"] = E1, E2
case("einsum_matmul", lambda a: jnp.einsum("ij,jk->ik", a, a.T), ["y"], jaxpr=True)
case("einsum_transpose", lambda a: jnp.einsum("ij->ji", a), ["y"], jaxpr=True)
case("einsum_sum", lambda a: jnp.einsum("ij->", a), ["y"], jaxpr=True)
case("einsum_sum_ji", lambda a: jnp.einsum("ji->j", a), ["y"], jaxpr=True)
case("einsum_batch", lambda a, b: jnp.einsum("bij,bjk->bik", a, b), ["e1", "e2"], jaxpr=True)
case("einsum_batch_t", lambda a, b: jnp.einsum("bij,bjk->bki", a, b), ["e1", "e2"], jaxpr=True)
case("einsum_outer", lambda a, b: jnp.einsum("i,j->ij", a, b), ["v", "u"], jaxpr=True)
case("einsum_implicit", lambda a, b: jnp.einsum("ij,kj", a, b), ["y", "srt"])
case("einsum_unique", lambda a, b: jnp.einsum("bij,bjk->k", a, b), ["e1", "e2"], jaxpr=True)
case("einsum_dot", lambda a: jnp.einsum("i,i->", a, a), ["v"], jaxpr=True)
# einsum in full: ellipses, diagonals, broadcasting, several operands.
E3 = np.asarray(rng.normal(0, 1, (4, 3)), np.float32)
E4 = np.asarray(rng.normal(0, 1, (3, 3, 2)), np.float32)
E5 = np.asarray(rng.normal(0, 1, (2, 1, 3, 4)), np.float32)
E6 = np.asarray(rng.normal(0, 1, (5, 4, 2)), np.float32)
SQ = np.asarray(rng.normal(0, 1, (3, 3)), np.float32)
U2 = np.asarray(rng.normal(0, 1, (2, 5)), np.float32)
EINSUM_INPUTS = {"e3": E3, "e4": E4, "e5": E5, "e6": E6, "sq": SQ, "u2": U2,
                 "e3t": np.ascontiguousarray(E3.T)}
INPUTS.update(EINSUM_INPUTS)
case("einsum_diag", lambda a: jnp.einsum("ii->i", a), ["sq"], jaxpr=True)
case("einsum_trace", lambda a: jnp.einsum("ii", a), ["sq"], jaxpr=True)
case("einsum_diag3", lambda a: jnp.einsum("iij->j", a), ["e4"], jaxpr=True)
case("einsum_diag_keep", lambda a: jnp.einsum("iij->ij", a), ["e4"], jaxpr=True)
case("einsum_ellipsis", lambda a, b: jnp.einsum("...ij,...jk", a, b), ["e5", "e6"], jaxpr=True)
case("einsum_ellipsis_out", lambda a: jnp.einsum("i...->...i", a), ["e4"], jaxpr=True)
case("einsum_three", lambda a, b, c: jnp.einsum("ij,jk,kl->il", a, b, c), ["e3", "sq", "e3t"],
     jaxpr=True)
case("einsum_four", lambda a, b, c, d: jnp.einsum("ij,jk,kl,lm", a, b, c, d),
     ["e3", "sq", "sq", "e3t"], jaxpr=True)
case("einsum_pair_diag", lambda a, b: jnp.einsum("iij,jk->ik", a, b), ["e4", "u2"], jaxpr=True)
case("einsum_five", lambda a, b, c, d, e: jnp.einsum("ab,bc,cd,de,ea->", a, b, c, d, e),
     ["sq", "sq", "sq", "sq", "sq"])
case("einsum_greedy", lambda a, b, c, d: jnp.einsum("ij,jk,kl,lm", a, b, c, d, optimize="greedy"),
     ["e3", "sq", "sq", "e3t"], jaxpr=True)
case("einsum_unoptimized", lambda a, b, c: jnp.einsum("ij,jk,kl->il", a, b, c, optimize=False),
     ["e3", "sq", "e3t"], jaxpr=True)
case("einsum_preferred", lambda a, b: jnp.einsum("ij,kj->ik", a, b,
                                                 preferred_element_type=jnp.float32),
     ["i", "i"], jaxpr=True)
case("matvec", jnp.matvec, ["e3", "v"], jaxpr=True)
case("matvec_batched", jnp.matvec, ["e4", "u"])
case("vecmat", jnp.vecmat, ["v", "sq"])
case("vecdot", jnp.vecdot, ["e3", "v"], jaxpr=True)
case("vecdot_axis0", lambda a: jnp.vecdot(a, a, axis=0), ["e3"])
case("around", jnp.around, ["w"], jaxpr=True)
case("around_int", jnp.around, ["i"])
case("matrix_transpose", jnp.matrix_transpose, ["x"])
case("permute_dims", lambda a: jnp.permute_dims(a, (1, 0)), ["x"])
# Polynomials and 1-D convolutions.
PC = np.asarray(rng.normal(0, 1, 9), np.float32)
PX = np.asarray(rng.uniform(-2, 2, 64), np.float32)
INPUTS["pc"], INPUTS["px"] = PC, PX
INPUTS["pi"] = np.asarray([2, 5, 1], np.int32)
case("polyval", jnp.polyval, ["pc", "px"])
case("polyval_2d", jnp.polyval, ["pc", "y"])
case("polyval_int", jnp.polyval, ["pi", "i"])
case("polyadd", jnp.polyadd, ["v", "u"], jaxpr=True)
case("polyadd_int", jnp.polyadd, ["pi", "pi"])
case("polysub", jnp.polysub, ["u", "v"], jaxpr=True)
case("polymul", jnp.polymul, ["v", "u"])
case("polymul_int", jnp.polymul, ["pi", "pi"])
case("polyder", jnp.polyder, ["pc"], jaxpr=True)
case("polyder_m3", lambda p: jnp.polyder(p, m=3), ["pc"])
case("polyder_int", jnp.polyder, ["pi"])
case("polyint", jnp.polyint, ["pc"], jaxpr=True)
case("polyint_m2_k", lambda p: jnp.polyint(p, m=2, k=jnp.array([4.0, 5.0])), ["pc"])
case("polyint_k", lambda p: jnp.polyint(p, k=3.0), ["pi"])
case("polydiv", jnp.polydiv, ["pc", "v"])
case("poly", jnp.poly, ["v"])
case("convolve", jnp.convolve, ["s", "v"])
case("convolve_same", lambda a, b: jnp.convolve(a, b, mode="same"), ["s", "pc"])
case("convolve_valid", lambda a, b: jnp.convolve(a, b, mode="valid"), ["px", "pc"])
case("convolve_int", jnp.convolve, ["pi", "s"])
case("correlate", jnp.correlate, ["px", "pc"])
case("correlate_full", lambda a, b: jnp.correlate(a, b, mode="full"), ["s", "v"])
case("correlate_same_swapped", lambda a, b: jnp.correlate(a, b, mode="same"), ["v", "s"])

INPUTS["srt"] = SRT
INPUTS["ti"] = TI
INPUTS["ta"] = TA
INPUTS["e1"], INPUTS["e2"] = E1, E2
# einsum paths (opt_einsum's optimize='auto') of random specifications: 3 to 16 operands,
# which exercise the optimal, branch-and-bound and greedy searches.
prng = np.random.default_rng(5)
paths = []
letters = "abcdefghijklmnop"
for trial in range(120):
    n = int(prng.integers(3, 17))
    nlab = int(prng.integers(2, 9))
    labs = letters[:nlab]
    size = {c: int(prng.choice([1, 2, 3, 4, 5, 8])) for c in labs}
    terms = []
    for _ in range(n):
        k = int(prng.integers(1, min(3, nlab) + 1))
        terms.append("".join(prng.choice(list(labs), size=k, replace=False)))
    out = "".join(c for c in labs if prng.uniform() < 0.3 and any(c in t for t in terms))
    spec = ",".join(terms) + "->" + out
    shapes = [[size[c] for c in t] for t in terms]
    path, _ = jnp.einsum_path(spec, *[np.zeros(sh, np.float32) for sh in shapes])
    paths.append({"spec": spec, "shapes": shapes, "path": [list(p) for p in path]})
write_cases(golden_path("jnp_extra.json"), {
    "einsum_paths": paths,
    "jax_version": jax.__version__, "numpy_version": np.__version__,
    "inputs": {k: enc(v) for k, v in INPUTS.items()}, "cases": cases})
