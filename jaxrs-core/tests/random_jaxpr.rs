//! Jaxprs of `jaxrs::random` samplers against `str(jax.make_jaxpr(f)(key))` from JAX 0.10.2
//! (golden/random_jaxprs.json, written by tools/golden/gen_random.py): the key primitives
//! (`random_wrap`, `random_bits`, `random_split`, ...), the `key<fry>` avals, and the nested
//! `jit[name=_uniform ...]` structure must print character for character as JAX's.

use jaxrs_core::api::make_jaxpr;
use jaxrs_core::random;
use jaxrs_core::{Array, DType};
use serde_json::Value;

fn golden(name: &str) -> String {
    let doc: Value = serde_json::from_str(include_str!("golden/random_jaxprs.json")).unwrap();
    doc["jaxprs"][name]
        .as_str()
        .unwrap_or_else(|| panic!("no golden jaxpr {name}"))
        .to_string()
}

fn check(name: &str, f: impl Fn(&Array) -> Vec<Array>) {
    let key = random::prng_key(0);
    let got = make_jaxpr(|k: &Array| f(k))(&key).to_string();
    assert_eq!(got, golden(name), "jaxpr of {name}");
}

#[test]
fn key_primitives() {
    check("prng_key", |_| vec![random::prng_key(3)]);
    check("prng_key_split", |k| vec![random::split_n(k, 2)]);
    check("split_unpacked", |k| random::split::<3>(k).to_vec());
    check("fold_in", |k| vec![random::fold_in(k, 3)]);
    check("bits", |k| vec![random::bits(k, [3])]);
    check("bits_uint8", |k| {
        vec![random::bits_with(k, [2, 3], |kw| kw.dtype(DType::U8))]
    });
}

#[test]
fn uniform_family() {
    check("uniform", |k| vec![random::uniform(k, [3])]);
    check("uniform_range", |k| {
        vec![random::uniform_with(k, [2, 3], |kw| {
            kw.dtype(DType::F32).minval(-1.0).maxval(2.0)
        })]
    });
    check("uniform_bfloat16", |k| {
        vec![random::uniform_with(k, [3], |kw| kw.dtype(DType::BF16))]
    });
    check("bernoulli", |k| {
        vec![random::bernoulli_with(k, |kw| kw.p(0.3).shape([3]))]
    });
    check("bernoulli_high", |k| {
        vec![random::bernoulli_with(k, |kw| {
            kw.p(0.3).shape([3]).mode("high")
        })]
    });
    check("gumbel_high", |k| {
        vec![random::gumbel_with(k, [3], |kw| {
            kw.dtype(DType::F32).mode("high")
        })]
    });
}

#[test]
fn normal_family() {
    check("normal", |k| vec![random::normal(k, [3])]);
    check("normal_scalar_float16", |k| {
        vec![random::normal_with(k, [], |kw| kw.dtype(DType::F16))]
    });
}

#[test]
fn log_based_samplers() {
    check("exponential", |k| vec![random::exponential(k, [3])]);
    check("gumbel", |k| vec![random::gumbel(k, [3])]);
    check("laplace", |k| vec![random::laplace(k, [3])]);
    check("logistic", |k| vec![random::logistic(k, [3])]);
}

#[test]
fn integer_samplers() {
    check("randint", |k| vec![random::randint(k, [3], 0, 10)]);
    check("randint_int8", |k| {
        vec![random::randint_with(k, [3], -5, 5, |kw| {
            kw.dtype(DType::I8)
        })]
    });
}

#[test]
fn discrete_samplers() {
    check("permutation", |k| vec![random::permutation(k, 5)]);
    check("categorical", |k| {
        vec![random::categorical(k, jaxrs_core::numpy::zeros([2, 3]))]
    });
    check("choice_without_replacement", |k| {
        vec![random::choice_with(k, 5, |kw| kw.shape([3]).replace(false))]
    });
    check("choice_with_replacement", |k| {
        vec![random::choice_with(k, 5, |kw| kw.shape([3]))]
    });
}
