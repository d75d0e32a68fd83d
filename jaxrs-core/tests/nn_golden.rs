//! `jaxrs::nn`, `nn::initializers`, `scipy::special` and `scipy::stats` against JAX 0.10.2
//! (`tools/golden/gen_nn.py` writes `tests/golden/nn.json`), on the reference evaluator.
//!
//! Tolerance: none. Every float, of the functions (`relu`, ..., `softplus`, `gelu`,
//! `gammaln`, `digamma`, the gamma family, `ndtri` and the `scipy.stats` functions) and of
//! the initializers (on `uniform`, `normal` and `truncated_normal`), is compared by bits.
//!
//! Jaxprs are compared as text, `custom_jvp_call` equations included (`relu`, `relu6`,
//! `softplus`'s `logaddexp`, `logit`, `xlogy`, `entr`'s `_xlogx`, `log1mexp`); the
//! `grad_*` cases check the gradients their JVP rules give.

mod structure_common;

use jaxrs_core::api::{grad, make_jaxpr};
use jaxrs_core::nn::{self, initializers};
use jaxrs_core::numpy as jnp;
use jaxrs_core::scipy::{special, stats};
use jaxrs_core::{random, Array, DType};
use serde_json::Value;
use structure_common::{assert_close, case_inputs, load};

/// Runs the jaxrs twin of a golden case on its inputs.
fn run(name: &str, a: &[Array]) -> Vec<Array> {
    let x = &a[0];
    let one = |y: Array| vec![y];
    match name {
        "relu" | "relu_int" => one(nn::relu(x)),
        "relu6" => one(nn::relu6(x)),
        "sigmoid" => one(nn::sigmoid(x)),
        "log_sigmoid" => one(nn::log_sigmoid(x)),
        "softplus" => one(nn::softplus(x)),
        "silu" => one(nn::silu(x)),
        "swish" => one(nn::swish(x)),
        "gelu" => one(nn::gelu(x)),
        "gelu_exact" => one(nn::gelu_with(x, |kw| kw.approximate(false))),
        "elu" => one(nn::elu(x)),
        "elu_alpha" => one(nn::elu_with(x, |kw| kw.alpha(0.5))),
        "celu" => one(nn::celu(x)),
        "celu_alpha" => one(nn::celu_with(x, |kw| kw.alpha(2.0))),
        "selu" => one(nn::selu(x)),
        "leaky_relu" => one(nn::leaky_relu(x)),
        "leaky_relu_slope" => one(nn::leaky_relu_with(x, |kw| kw.negative_slope(0.2))),
        "hard_tanh" => one(nn::hard_tanh(x)),
        "glu" => one(nn::glu(x)),
        "hard_sigmoid" => one(nn::hard_sigmoid(x)),
        "hard_silu" => one(nn::hard_silu(x)),
        "hard_swish" => one(nn::hard_swish(x)),
        "soft_sign" => one(nn::soft_sign(x)),
        "mish" => one(nn::mish(x)),
        "nn_tanh" => one(nn::tanh(x)),
        "nn_identity" => one(nn::identity(x)),
        "glu_axis0" => one(nn::glu_with(x, |kw| kw.axis(0))),
        "softmax" => one(nn::softmax(x)),
        "softmax_axis0" => one(nn::softmax_with(x, |kw| kw.axis(0))),
        "softmax_axes01" => one(nn::softmax_with(x, |kw| kw.axis([0, 1]))),
        "softmax_where" => one(nn::softmax_with(x, |kw| kw.where_(&a[1]))),
        "log_softmax" => one(nn::log_softmax(x)),
        "log_softmax_axis0" => one(nn::log_softmax_with(x, |kw| kw.axis(0))),
        "log_softmax_where" => one(nn::log_softmax_with(x, |kw| kw.where_(&a[1]))),
        "standardize" => one(nn::standardize(x)),
        "standardize_axis0" => one(nn::standardize_with(x, |kw| kw.axis(0))),
        "standardize_eps" => one(nn::standardize_with(x, |kw| kw.epsilon(0.1))),
        "one_hot" => one(nn::one_hot(x, 5)),
        "one_hot_axis0" => one(nn::one_hot_with(x, 5, |kw| kw.axis(0))),
        "one_hot_int32" => one(nn::one_hot_with(x, 5, |kw| kw.dtype(DType::I32))),
        "nn_logsumexp" | "logsumexp" => one(nn::logsumexp(x)),
        "logsumexp_axis1" => one(special::logsumexp_with(x, |kw| kw.axis(1))),
        "logsumexp_keepdims" => one(special::logsumexp_with(x, |kw| kw.axis(0).keepdims(true))),
        "logsumexp_b" => one(special::logsumexp_with(x, |kw| kw.axis(1).b(&a[1]))),
        "logsumexp_b_neg" => {
            let b = jnp::subtract(&a[1], 1.0);
            one(special::logsumexp_with(x, |kw| kw.axis(1).b(&b)))
        }
        "logsumexp_where" => one(special::logsumexp_with(x, |kw| kw.axis(1).where_(&a[1]))),
        "logsumexp_sign" => {
            let b = jnp::subtract(&a[1], 1.0);
            let (v, s) = special::logsumexp_with_sign(x, |kw| kw.axis(0).b(&b));
            vec![v, s]
        }
        "ndtr" => one(special::ndtr(x)),
        "logit" => one(special::logit(x)),
        "expit" => one(special::expit(x)),
        "erf" => one(special::erf(x)),
        "erfc" => one(special::erfc(x)),
        "erfinv" => one(special::erfinv(x)),
        "gammaln" => one(special::gammaln(x)),
        "digamma" => one(special::digamma(x)),
        "xlogy" => one(special::xlogy(x, &a[1])),
        "xlog1py" => one(special::xlog1py(x, &a[1])),
        "entr" => one(special::entr(x)),
        "special_softmax" => one(special::softmax(x)),
        "special_softmax_axis1" => one(special::softmax_with(x, |kw| kw.axis(1))),
        "special_log_softmax" => one(special::log_softmax(x)),
        "norm_pdf" => one(stats::norm::pdf(x)),
        "norm_pdf_loc_scale" => one(stats::norm::pdf_with(x, |kw| kw.loc(1.0).scale(2.0))),
        "norm_logpdf" => one(stats::norm::logpdf(x)),
        "norm_cdf" => one(stats::norm::cdf(x)),
        "norm_cdf_loc_scale" => one(stats::norm::cdf_with(x, |kw| kw.loc(-1.0).scale(3.0))),
        "logistic_pdf" => one(stats::logistic::pdf(x)),
        "logistic_logpdf" => one(stats::logistic::logpdf(x)),
        "logistic_cdf" => one(stats::logistic::cdf(x)),
        "logistic_cdf_loc_scale" => one(stats::logistic::cdf_with(x, |kw| kw.loc(1.0).scale(2.0))),
        "logistic_sf" => one(stats::logistic::sf(x)),
        "logistic_ppf" => one(stats::logistic::ppf(x)),
        "logistic_isf" => one(stats::logistic::isf(x)),
        "relu_jaxpr" => one(nn::relu(x)),
        "relu6_jaxpr" => one(nn::relu6(x)),
        "softplus_jaxpr" => one(nn::softplus(x)),
        "hard_sigmoid_jaxpr" => one(nn::hard_sigmoid(x)),
        "logit_jaxpr" => one(special::logit(x)),
        "entr_jaxpr" => one(special::entr(x)),
        "xlogy_jaxpr" => one(special::xlogy(x, &a[1])),
        "xlog1py_jaxpr" => one(special::xlog1py(x, &a[1])),
        "grad_relu" => one(grad(|x: &Array| jnp::sum(nn::relu(x)))(x)),
        "grad_relu6" => one(grad(|x: &Array| jnp::sum(nn::relu6(x)))(x)),
        "grad_hard_sigmoid" => one(grad(|x: &Array| jnp::sum(nn::hard_sigmoid(x)))(x)),
        "grad_softplus" | "grad_softplus_inf" => {
            one(grad(|x: &Array| jnp::sum(nn::softplus(x)))(x))
        }
        "grad_logit" => one(grad(|x: &Array| jnp::sum(special::logit(x)))(x)),
        "grad_xlogy" => one(grad(|x: &Array, y: &Array| jnp::sum(special::xlogy(x, y)))(
            x, &a[1],
        )),
        "grad_xlog1py" => one(grad(|x: &Array, y: &Array| {
            jnp::sum(special::xlog1py(x, y))
        })(x, &a[1])),
        "grad_entr" => one(grad(|x: &Array| jnp::sum(special::entr(x)))(x)),
        "grad_log1mexp" => one(grad(|x: &Array| jnp::sum(nn::log1mexp(x)))(x)),
        "log1mexp" => one(nn::log1mexp(x)),
        "squareplus" => one(nn::squareplus(x)),
        "squareplus_b" => one(nn::squareplus_with(x, |kw| kw.b(0.5))),
        "sparse_plus" => one(nn::sparse_plus(x)),
        "sparse_sigmoid" => one(nn::sparse_sigmoid(x)),
        "logmeanexp" => one(nn::logmeanexp(x)),
        "logmeanexp_axis1" => one(nn::logmeanexp_with(x, |kw| kw.axis(1).keepdims(true))),
        "logmeanexp_where" => one(nn::logmeanexp_with(x, |kw| kw.axis(0).where_(&a[1]))),
        "attention" => one(nn::dot_product_attention(x, &a[1], &a[2])),
        "attention_bias_mask" => one(nn::dot_product_attention_with(x, &a[1], &a[2], |kw| {
            kw.bias(&a[3]).mask(&a[4])
        })),
        "attention_causal_scale" => one(nn::dot_product_attention_with(x, &a[1], &a[2], |kw| {
            kw.is_causal(true).scale(0.5)
        })),
        "attention_lengths" => one(nn::dot_product_attention_with(x, &a[1], &a[2], |kw| {
            kw.query_seq_lengths(&a[3]).key_value_seq_lengths(&a[4])
        })),
        "attention_window" => one(nn::dot_product_attention_with(x, &a[1], &a[2], |kw| {
            kw.local_window_size((1, 0))
        })),
        "attention_3d" => one(nn::dot_product_attention(x, &a[1], &a[1])),
        "ndtri" | "ndtri_unit" => one(special::ndtri(x)),
        "log_ndtr" => one(special::log_ndtr(x)),
        "log_ndtr_order5" => one(special::log_ndtr_with(x, |kw| kw.series_order(5))),
        "grad_log_ndtr" => one(grad(|x: &Array| jnp::sum(special::log_ndtr(x)))(x)),
        "erfcx" => one(special::erfcx(x)),
        "gamma" => one(special::gamma(x)),
        "gammasgn" => one(special::gammasgn(x)),
        "beta" => one(special::beta(x, &a[1])),
        "betaln" => one(special::betaln(x, &a[1])),
        "factorial" => one(special::factorial(x)),
        "comb" => one(special::comb(x, &a[1])),
        "comb_repetition" => one(special::comb_with(x, &a[1], |kw| kw.repetition(true))),
        "poch" => one(special::poch(x, &a[1])),
        "multigammaln" => one(special::multigammaln(jnp::add(x, 2.0), 3)),
        "rel_entr" => one(special::rel_entr(x, &a[1])),
        "kl_div" => one(special::kl_div(x, &a[1])),
        "boxcox" => one(special::boxcox(x, &a[1])),
        "boxcox1p" => one(special::boxcox1p(x, &a[1])),
        "norm_ppf" => one(stats::norm::ppf(x)),
        "norm_ppf_loc_scale" => one(stats::norm::ppf_with(x, |kw| kw.loc(1.0).scale(2.0))),
        "norm_isf" => one(stats::norm::isf(x)),
        "norm_logcdf" => one(stats::norm::logcdf(x)),
        "norm_sf" => one(stats::norm::sf(x)),
        "norm_logsf" => one(stats::norm::logsf_with(x, |kw| kw.loc(0.5).scale(2.0))),
        other => panic!("no runner for {other}"),
    }
}

/// `(ulps, absolute)`: how far a result may be from JAX's, per element (either bound); every
/// case not named here is compared by bits.
#[test]
fn nn_and_scipy_match_jax() {
    let golden = load("nn.json");
    let inputs = &golden["inputs"];
    let cases = golden["cases"].as_array().expect("cases");
    let mut jaxprs = 0;
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let args = case_inputs(c, inputs);
        let got = run(name, &args);
        let want = c["outputs"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: number of results");
        for (g, w) in got.iter().zip(want) {
            assert_close(g, w, 0, 0.0, name);
        }
        if let Some(text) = c.get("jaxpr").and_then(Value::as_str) {
            let printed = match args.len() {
                1 => {
                    let f = |x: &Array| run(name, std::slice::from_ref(x)).remove(0);
                    make_jaxpr(f)(&args[0]).to_string()
                }
                2 => {
                    let f = |x: &Array, y: &Array| run(name, &[x.clone(), y.clone()]).remove(0);
                    make_jaxpr(f)(&args[0], &args[1]).to_string()
                }
                _ => unreachable!("jaxpr cases take one or two inputs"),
            };
            assert_eq!(printed, text, "{name}: jaxpr");
            jaxprs += 1;
        }
    }
    assert_eq!(cases.len(), 131);
    assert_eq!(jaxprs, 29);
}

#[test]
fn initializers_draw_jax_bits() {
    let golden = load("nn.json");
    let cases = golden["initializers"].as_array().expect("initializers");
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let seed = c["seed"].as_i64().unwrap();
        let shape: Vec<usize> = c["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        let key = random::prng_key(seed);
        let got = match name {
            "zeros" => initializers::zeros(&key, &shape),
            "ones" => initializers::ones(&key, &shape),
            _ => {
                let init = match name {
                    "glorot_normal" => initializers::glorot_normal(),
                    "glorot_uniform" => initializers::glorot_uniform(),
                    "lecun_normal" => initializers::lecun_normal(),
                    "lecun_uniform" => initializers::lecun_uniform(),
                    "he_normal" => initializers::he_normal(),
                    "he_uniform" => initializers::he_uniform(),
                    "normal" => initializers::normal(),
                    "uniform" => initializers::uniform(),
                    "truncated_normal" => initializers::truncated_normal(),
                    "constant" => initializers::constant(0.25),
                    "variance_scaling_fan_out_normal" => {
                        initializers::variance_scaling(0.5, "fan_out", "normal")
                    }
                    "normal_stddev" => initializers::normal_with(|kw| kw.stddev(2.0)),
                    other => panic!("no initializer {other}"),
                };
                init(&key, &shape)
            }
        };
        assert_close(&got, &c["output"], 0, 0.0, &format!("{name} seed {seed}"));
    }
    assert_eq!(cases.len(), 28);
}
