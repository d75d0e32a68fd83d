"""Golden values (and, for a few, jaxprs) of `jax.nn`, `jax.nn.initializers`,
`jax.scipy.special` and `jax.scipy.stats` as JAX 0.10.2 computes them.

Each case names a function (the name selects its Rust twin in jaxrs-core/tests/nn_golden.rs)
with its inputs and keyword arguments; the script records the result and, where `jaxpr` is
set, the text of `jax.make_jaxpr`. Random initializers run in JAX's classic threefry mode,
jaxrs's default. Writes jaxrs-core/tests/golden/nn.json. Re-run with tools/golden/run_all.sh.
"""
import warnings

import jax

jax.config.update("jax_threefry_partitionable", False)

import jax.numpy as jnp  # noqa: E402
import jax.scipy.special as special  # noqa: E402
import jax.scipy.stats as stats  # noqa: E402
import numpy as np  # noqa: E402
from jax.nn import initializers as init  # noqa: E402

from common import enc, golden_path, write_cases  # noqa: E402

warnings.filterwarnings("ignore")

rng = np.random.default_rng(7)
EDGES = [-100.0, -20.0, -6.0, -3.0, -2.0, -1.5, -1.0, -0.5, -0.1, -1e-3, 0.0, 1e-3, 0.1, 0.5,
         1.0, 1.5, 2.0, 3.0, 6.0, 20.0, 100.0]
X = np.asarray(EDGES + list(rng.normal(0, 3, 32 - len(EDGES))), np.float32).reshape(4, 8)
UNIT = np.asarray(rng.uniform(0.001, 0.999, 16), np.float32)
POS = np.asarray(np.exp(rng.uniform(np.log(0.05), np.log(50), 16)), np.float32)
GAMMA_IN = np.asarray(list(POS[:12]) + [-0.5, -1.5, -2.5, -3.7], np.float32)
INTS = np.asarray([0, 2, 1, 4, -1, 5, 3, 0], np.int32)
MASK = np.asarray(rng.uniform(size=(4, 8)) > 0.3)
MASK[:, 0] = True
XZ = np.asarray([0, 0, 0, 1, 2, 0.5, -1, 3], np.float32)
YZ = np.asarray([0, -1, np.nan, 0, 2, -0.5, 4, -1], np.float32)
B = np.asarray(rng.uniform(-0.5, 2, (4, 8)), np.float32)
UNITE = np.asarray([0.0, 1e-30, 1e-10, 1e-5, 0.01, 0.1353352832366127, 0.5, 0.9, 0.99,
                    1 - 1e-7, 1.0] + list(UNIT[:5]), np.float32)
NK_N = np.asarray([5, 10, 3, 0, 20, 7.5, -1, 4], np.float32)
NK_K = np.asarray([2, 3, 5, 0, 10, 2.5, 1, -1], np.float32)
LMBDA = np.asarray([0.0, 0.5, -1.0, 2.0] * 4, np.float32)
AQ = np.asarray(rng.normal(0, 1, (2, 3, 4, 8)), np.float32)
AK = np.asarray(rng.normal(0, 1, (2, 5, 2, 8)), np.float32)
AV = np.asarray(rng.normal(0, 1, (2, 5, 2, 8)), np.float32)
ABIAS = np.asarray(rng.normal(0, 1, (2, 1, 3, 5)), np.float32)
AMASK = np.asarray(rng.uniform(size=(1, 4, 3, 5)) > 0.3)
AMASK[..., 0] = True
ALEN_Q = np.asarray([2, 3], np.int32)
ALEN_KV = np.asarray([4, 2], np.int32)
XINF = np.asarray([-np.inf, -1.0, 0.0, 1.0, np.inf], np.float32)
INPUTS = {"xinf": XINF, "x": X, "unit": UNIT, "pos": POS, "gamma_in": GAMMA_IN, "ints": INTS, "mask": MASK,
          "xz": XZ, "yz": YZ, "b": B, "row": X[0], "pos8": POS[:8], "aq": AQ, "ak": AK, "av": AV, "abias": ABIAS,
          "amask": AMASK, "alen_q": ALEN_Q, "alen_kv": ALEN_KV, "aq3": AQ[0], "ak3": AK[0, :, :1],
          "unite": UNITE, "nk_n": NK_N, "nk_k": NK_K, "lmbda": LMBDA, "pos_rev": POS[::-1].copy()}

cases = []


def case(name, fn, inputs, jaxpr=False, **kw):
    args = [INPUTS[i] for i in inputs]
    out = fn(*args, **kw)
    entry = {"name": name, "inputs": inputs, "outputs": [enc(o) for o in
                                                          (out if isinstance(out, tuple) else (out,))]}
    if jaxpr:
        entry["jaxpr"] = str(jax.make_jaxpr(lambda *a: fn(*a, **kw))(*args))
    cases.append(entry)


nn = jax.nn
# Activations.
case("relu", nn.relu, ["x"])
case("relu_int", nn.relu, ["ints"])
case("relu6", nn.relu6, ["x"])
case("sigmoid", nn.sigmoid, ["x"], jaxpr=True)
case("log_sigmoid", nn.log_sigmoid, ["x"])
case("softplus", nn.softplus, ["x"])
case("silu", nn.silu, ["x"], jaxpr=True)
case("swish", nn.swish, ["x"])
case("gelu", nn.gelu, ["x"], jaxpr=True)
case("gelu_exact", lambda x: nn.gelu(x, approximate=False), ["x"], jaxpr=True)
case("elu", nn.elu, ["x"], jaxpr=True)
case("elu_alpha", lambda x: nn.elu(x, alpha=0.5), ["x"])
case("celu", nn.celu, ["x"], jaxpr=True)
case("celu_alpha", lambda x: nn.celu(x, alpha=2.0), ["x"])
case("selu", nn.selu, ["x"])
case("leaky_relu", nn.leaky_relu, ["x"], jaxpr=True)
case("leaky_relu_slope", lambda x: nn.leaky_relu(x, negative_slope=0.2), ["x"])
case("hard_tanh", nn.hard_tanh, ["x"])
case("glu", nn.glu, ["x"], jaxpr=True)
case("hard_sigmoid", nn.hard_sigmoid, ["x"])
case("hard_silu", nn.hard_silu, ["x"])
case("hard_swish", nn.hard_swish, ["x"])
case("soft_sign", nn.soft_sign, ["x"], jaxpr=True)
case("mish", nn.mish, ["x"])
case("nn_tanh", nn.tanh, ["x"])
case("nn_identity", nn.identity, ["x"], jaxpr=True)
case("glu_axis0", lambda x: nn.glu(x, axis=0), ["x"])
# Normalizing functions.
case("softmax", nn.softmax, ["x"], jaxpr=True)
case("softmax_axis0", lambda x: nn.softmax(x, axis=0), ["x"])
case("softmax_axes01", lambda x: nn.softmax(x, axis=(0, 1)), ["x"])
case("softmax_where", lambda x, m: nn.softmax(x, where=m), ["x", "mask"])
case("log_softmax", nn.log_softmax, ["x"], jaxpr=True)
case("log_softmax_axis0", lambda x: nn.log_softmax(x, axis=0), ["x"])
case("log_softmax_where", lambda x, m: nn.log_softmax(x, where=m), ["x", "mask"])
case("standardize", nn.standardize, ["x"])
case("standardize_axis0", lambda x: nn.standardize(x, axis=0), ["x"])
case("standardize_eps", lambda x: nn.standardize(x, epsilon=0.1), ["x"])
# custom_jvp functions: forward jaxprs and the gradients their rules give.
case("relu_jaxpr", nn.relu, ["x"], jaxpr=True)
case("relu6_jaxpr", nn.relu6, ["x"], jaxpr=True)
case("softplus_jaxpr", nn.softplus, ["x"], jaxpr=True)
case("hard_sigmoid_jaxpr", nn.hard_sigmoid, ["x"], jaxpr=True)
case("logit_jaxpr", special.logit, ["unit"], jaxpr=True)
case("entr_jaxpr", special.entr, ["pos"], jaxpr=True)
case("xlogy_jaxpr", special.xlogy, ["xz", "yz"], jaxpr=True)
case("xlog1py_jaxpr", special.xlog1py, ["xz", "yz"], jaxpr=True)


def grad_of(f):
    return lambda *a: jax.grad(lambda *b: jnp.sum(f(*b)))(*a)


case("grad_relu", grad_of(nn.relu), ["x"])
case("grad_relu6", grad_of(nn.relu6), ["x"])
case("grad_hard_sigmoid", grad_of(nn.hard_sigmoid), ["x"])
case("grad_softplus", grad_of(nn.softplus), ["x"])
case("grad_softplus_inf", grad_of(nn.softplus), ["xinf"])
case("grad_logit", grad_of(special.logit), ["unit"])
case("grad_xlogy", grad_of(special.xlogy), ["xz", "pos8"])
case("grad_xlog1py", grad_of(special.xlog1py), ["xz", "pos8"])
case("grad_entr", grad_of(special.entr), ["pos"])
case("grad_log1mexp", grad_of(nn.log1mexp), ["pos"])
# Missing jax.nn functions of the last round.
case("log1mexp", nn.log1mexp, ["pos"], jaxpr=True)
case("squareplus", nn.squareplus, ["x"], jaxpr=True)
case("squareplus_b", lambda x: nn.squareplus(x, b=0.5), ["x"])
case("sparse_plus", nn.sparse_plus, ["x"], jaxpr=True)
case("sparse_sigmoid", nn.sparse_sigmoid, ["x"], jaxpr=True)
case("logmeanexp", nn.logmeanexp, ["x"], jaxpr=True)
case("logmeanexp_axis1", lambda x: nn.logmeanexp(x, axis=1, keepdims=True), ["x"])
case("logmeanexp_where", lambda x, m: nn.logmeanexp(x, axis=0, where=m), ["x", "mask"])
case("one_hot", lambda i: nn.one_hot(i, 5), ["ints"], jaxpr=True)
case("one_hot_axis0", lambda i: nn.one_hot(i, 5, axis=0), ["ints"])
case("one_hot_int32", lambda i: nn.one_hot(i, 5, dtype=jnp.int32), ["ints"])
case("nn_logsumexp", nn.logsumexp, ["x"])
# scipy.special.
case("logsumexp", special.logsumexp, ["x"])
case("logsumexp_axis1", lambda x: special.logsumexp(x, axis=1), ["x"])
case("logsumexp_keepdims", lambda x: special.logsumexp(x, axis=0, keepdims=True), ["x"])
case("logsumexp_b", lambda x, b: special.logsumexp(x, axis=1, b=b), ["x", "b"])
case("logsumexp_b_neg", lambda x, b: special.logsumexp(x, axis=1, b=b - 1.0), ["x", "b"])
case("logsumexp_where", lambda x, m: special.logsumexp(x, axis=1, where=m), ["x", "mask"])
case("logsumexp_sign", lambda x, b: special.logsumexp(x, axis=0, b=b - 1.0, return_sign=True),
     ["x", "b"])
case("ndtr", special.ndtr, ["x"], jaxpr=True)
case("logit", special.logit, ["unit"])
case("expit", special.expit, ["x"])
case("erf", special.erf, ["x"])
case("erfc", special.erfc, ["x"])
case("erfinv", special.erfinv, ["unit"])
case("gammaln", special.gammaln, ["gamma_in"])
case("digamma", special.digamma, ["pos"])
case("xlogy", special.xlogy, ["xz", "yz"])
case("xlog1py", special.xlog1py, ["xz", "yz"])
case("entr", special.entr, ["yz"])
case("special_softmax", special.softmax, ["x"])
case("special_softmax_axis1", lambda x: special.softmax(x, axis=1), ["x"])
case("special_log_softmax", special.log_softmax, ["x"])
# dot_product_attention (XLA path): grouped heads, bias, masks, lengths, windows.
att = nn.dot_product_attention
case("attention", att, ["aq", "ak", "av"])
case("attention_bias_mask", lambda q, k, v, b, m: att(q, k, v, bias=b, mask=m),
     ["aq", "ak", "av", "abias", "amask"])
case("attention_causal_scale", lambda q, k, v: att(q, k, v, is_causal=True, scale=0.5),
     ["aq", "ak", "av"])
case("attention_lengths", lambda q, k, v, lq, lk: att(q, k, v, query_seq_lengths=lq,
                                                      key_value_seq_lengths=lk),
     ["aq", "ak", "av", "alen_q", "alen_kv"])
case("attention_window", lambda q, k, v: att(q, k, v, local_window_size=(1, 0)),
     ["aq", "ak", "av"])
case("attention_3d", lambda q, k: att(q, k, k), ["aq3", "ak3"])
# scipy.special functions of the last round.
case("ndtri", special.ndtri, ["unite"])
case("ndtri_unit", special.ndtri, ["unit"])
case("log_ndtr", special.log_ndtr, ["x"])
case("log_ndtr_order5", lambda x: special.log_ndtr(x, series_order=5), ["x"])
case("grad_log_ndtr", grad_of(special.log_ndtr), ["x"])
case("erfcx", special.erfcx, ["x"])
case("gamma", special.gamma, ["gamma_in"])
case("gammasgn", special.gammasgn, ["gamma_in"])
case("beta", special.beta, ["pos", "pos_rev"])
case("betaln", special.betaln, ["pos", "pos_rev"])
case("factorial", special.factorial, ["nk_n"])
case("comb", special.comb, ["nk_n", "nk_k"])
case("comb_repetition", lambda n, k: special.comb(n, k, repetition=True), ["nk_n", "nk_k"])
case("poch", special.poch, ["pos", "unit"])
case("multigammaln", lambda a: special.multigammaln(a + 2.0, 3), ["pos"])
case("rel_entr", special.rel_entr, ["xz", "yz"])
case("kl_div", special.kl_div, ["xz", "yz"])
case("boxcox", special.boxcox, ["pos", "lmbda"])
case("boxcox1p", special.boxcox1p, ["pos", "lmbda"])
# scipy.stats.
case("norm_ppf", stats.norm.ppf, ["unite"])
case("norm_ppf_loc_scale", lambda q: stats.norm.ppf(q, loc=1.0, scale=2.0), ["unit"])
case("norm_isf", stats.norm.isf, ["unit"])
case("norm_logcdf", stats.norm.logcdf, ["x"])
case("norm_sf", stats.norm.sf, ["x"])
case("norm_logsf", lambda x: stats.norm.logsf(x, loc=0.5, scale=2.0), ["x"])
case("norm_pdf", stats.norm.pdf, ["x"])
case("norm_pdf_loc_scale", lambda x: stats.norm.pdf(x, loc=1.0, scale=2.0), ["x"])
case("norm_logpdf", stats.norm.logpdf, ["x"], jaxpr=True)
case("norm_cdf", stats.norm.cdf, ["x"], jaxpr=True)
case("norm_cdf_loc_scale", lambda x: stats.norm.cdf(x, loc=-1.0, scale=3.0), ["x"])
case("logistic_pdf", stats.logistic.pdf, ["x"])
case("logistic_logpdf", stats.logistic.logpdf, ["x"])
case("logistic_cdf", stats.logistic.cdf, ["x"])
case("logistic_cdf_loc_scale", lambda x: stats.logistic.cdf(x, loc=1.0, scale=2.0), ["x"])
case("logistic_sf", stats.logistic.sf, ["x"])
case("logistic_ppf", stats.logistic.ppf, ["unit"])
case("logistic_isf", stats.logistic.isf, ["unit"])

# Initializers: (name, factory) drawn for two keys and two shapes.
INITS = [
    ("glorot_normal", init.glorot_normal()), ("glorot_uniform", init.glorot_uniform()),
    ("lecun_normal", init.lecun_normal()), ("lecun_uniform", init.lecun_uniform()),
    ("he_normal", init.he_normal()), ("he_uniform", init.he_uniform()),
    ("normal", init.normal()), ("uniform", init.uniform()),
    ("truncated_normal", init.truncated_normal()), ("constant", init.constant(0.25)),
    ("zeros", init.zeros), ("ones", init.ones),
    ("variance_scaling_fan_out_normal", init.variance_scaling(0.5, "fan_out", "normal")),
    ("normal_stddev", init.normal(stddev=2.0)),
]
init_cases = []
for name, f in INITS:
    for seed, shape in [(0, (3, 4)), (42, (2, 3, 5))]:
        out = f(jax.random.PRNGKey(seed), shape)
        init_cases.append({"name": name, "seed": seed, "shape": list(shape), "output": enc(out)})

write_cases(golden_path("nn.json"), {
    "jax_version": jax.__version__, "numpy_version": np.__version__,
    "inputs": {k: enc(v) for k, v in INPUTS.items()},
    "cases": cases, "initializers": init_cases})
