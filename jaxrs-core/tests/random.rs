//! `jaxrs::random` against JAX: the seed walkthrough's numbers, Random123's known answers,
//! and golden data for keys, bits and every sampler in both threefry modes (x64 off).

mod common;
mod random_golden;

use jaxrs_core::random::{self, threefry};

const GOLDEN: &str = include_str!("golden/random.json");

#[test]
fn golden_classic_mode() {
    let n = random_golden::replay(GOLDEN, false);
    assert!(n > 200, "only {n} classic cases");
}

#[test]
fn golden_partitionable_mode() {
    let n = random_golden::replay(GOLDEN, true);
    assert!(n > 200, "only {n} partitionable cases");
}

/// The seed walkthrough (`jax.random` in the JAX docs): classic mode.
#[test]
fn seed_walkthrough_numbers() {
    let _guard = random_golden::MODE
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let key = random::prng_key(18);
    assert_eq!(key.to_vec::<u32>(), vec![0, 18]);
    let [key, subkey] = random::split(&key);
    assert_eq!(key.to_vec::<u32>(), vec![4197003906, 1654466292]);
    assert_eq!(subkey.to_vec::<u32>(), vec![1685972163, 1654824463]);
    assert_eq!(random::normal(&subkey, []).item::<f32>(), 1.1437175);
    let [key, s1, s2, s3] = random::split(&key);
    // `key, s1, s2, s3 = jax.random.split(key, 4)` in classic mode (JAX 0.10.2).
    assert_eq!(key.to_vec::<u32>(), vec![3418479545, 3600502950]);
    assert_eq!(s1.to_vec::<u32>(), vec![3228757511, 492728025]);
    assert_eq!(s2.to_vec::<u32>(), vec![535401718, 1503563151]);
    assert_eq!(s3.to_vec::<u32>(), vec![1378332313, 1534686577]);
    // JAX prints [ 0.11202811 -0.46630502 -0.10751145]; the exact bits:
    let bits: Vec<u32> = random::normal(&s1, [3])
        .to_vec::<f32>()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(bits, vec![1038446335, 3203317640, 3185323766]);
}

/// Random123's known-answer vectors for threefry2x32-20 (kat_vectors; JAX's
/// tests/random_test.py checks the same three), through the primitive and the hash.
#[test]
fn threefry_known_answers() {
    use jaxrs_core::lax;
    use jaxrs_core::primitive::Primitive;
    use jaxrs_core::Array;
    let cases: [([u32; 2], [u32; 2], [u32; 2]); 3] = [
        ([0, 0], [0, 0], [0x6b200159, 0x99ba4efe]),
        (
            [u32::MAX, u32::MAX],
            [u32::MAX, u32::MAX],
            [0x1cb996fc, 0xbb002be7],
        ),
        (
            [0x13198a2e, 0x03707344],
            [0x243f6a88, 0x85a308d3],
            [0xc4923a9c, 0x483df7a0],
        ),
    ];
    for (key, ctr, want) in cases {
        assert_eq!(threefry::threefry2x32(key, ctr), want);
        let w = |v: u32| Array::from_vec(vec![v], vec![]);
        let out = lax::bind_n(
            Primitive::Threefry2x32,
            &[w(key[0]), w(key[1]), w(ctr[0]), w(ctr[1])],
        );
        assert_eq!([out[0].item::<u32>(), out[1].item::<u32>()], want);
    }
}

#[test]
#[should_panic(
    expected = "split accepts a single key, but was given a key array of shape (3, 2) != (). Use jax.vmap for batching."
)]
fn batched_keys_are_refused() {
    let keys = random::split_n(&random::prng_key(0), 3);
    random::split_n(&keys, 2);
}

#[test]
#[should_panic(
    expected = "JAX encountered invalid PRNG key data: expected key_data.dtype = uint32; got dtype=int32"
)]
fn signed_key_data_is_refused() {
    random::normal(&jaxrs_core::numpy::array([0, 1]), [2]);
}

#[test]
#[should_panic(expected = "dtype argument to `uniform` must be a float dtype, got int32")]
fn uniform_needs_a_float_dtype() {
    random::uniform_with(&random::prng_key(0), [2], |kw| {
        kw.dtype(jaxrs_core::DType::I32)
    });
}

#[test]
#[should_panic(expected = "dtype argument to `bits` must be an unsigned int dtype, got int32")]
fn bits_needs_an_unsigned_dtype() {
    random::bits_with(&random::prng_key(0), [2], |kw| {
        kw.dtype(jaxrs_core::DType::I32)
    });
}

#[test]
#[should_panic(
    expected = "fold_in accepts a scalar, but was given an array ofshape (3,) != (). Use jax.vmap for batching."
)]
fn fold_in_needs_a_scalar() {
    random::fold_in(&random::prng_key(0), jaxrs_core::numpy::array([1u32, 2, 3]));
}

#[test]
#[should_panic(
    expected = "Cannot take a larger sample (size 4) than population (size 3) when 'replace=False'"
)]
fn choice_without_replacement_needs_enough_items() {
    random::choice_with(&random::prng_key(0), 3, |kw| kw.shape([4]).replace(false));
}

#[test]
#[should_panic(expected = "dirichlet requires alpha.ndim >= 1, got alpha.ndim == 0")]
fn dirichlet_needs_a_vector() {
    random::dirichlet(&random::prng_key(0), 1.0);
}

#[test]
#[should_panic(expected = "bernoulli probability `p` must have a floating dtype, got int32.")]
fn bernoulli_needs_float_probabilities() {
    random::bernoulli_with(&random::prng_key(0), |kw| kw.p(1));
}

/// Parameter shapes that do not broadcast panic with JAX's message (checked by running JAX)
/// at the caller's line.
#[test]
fn parameter_shapes_that_do_not_broadcast() {
    use jaxrs_core::random::{beta, beta_with, truncated_normal};
    use jaxrs_core::{numpy as jnp, Array, DType};
    let key = random::prng_key(0);
    let (two, three) = (jnp::ones([2]), jnp::ones([3]));
    let check = |at: u32, f: &dyn Fn() -> Array, want: &str| {
        let (message, file, line) = common::catch_panic(f);
        assert_eq!(message, want);
        assert_eq!((file.as_str(), line), (file!(), at));
    };
    let mismatch = "Incompatible shapes for broadcasting: shapes=[(2,), (3,)]";
    let (at, f) = (line!(), || beta(&key, &two, &three));
    check(at, &f, mismatch);
    let (at, f) = (line!(), || truncated_normal(&key, &two, &three));
    check(at, &f, mismatch);
    let shape3 = |kw: random::BetaKw| kw.shape([3]).dtype(DType::F32);
    let (at, f) = (line!(), || beta_with(&key, &two, &two, shape3));
    let three_shapes = "Incompatible shapes for broadcasting: shapes=[(3,), (2,), (2,)]";
    check(at, &f, three_shapes);
}
