//! JAX's samplers through the fused executor against the reference evaluator, in both
//! threefry layouts: `normal`, `uniform` and `bits` give bit-identical results (0 ulp; NaNs
//! cannot occur), and `normal`'s nested `jit` calls fuse into one loop.
//!
//! One test function: the layout switch is process-global, so the modes run in sequence.

mod common;

use std::sync::Arc;

use common::assert_bits_eq;
use jaxrs_core::api::trace_to_jaxpr;
use jaxrs_core::array::{Array, Concrete};
use jaxrs_core::aval::Aval;
use jaxrs_core::config;
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::jaxpr::ClosedJaxpr;
use jaxrs_core::primitive::Primitive;
use jaxrs_core::random;
use jaxrs_runtime::exec;
use jaxrs_runtime::fuse::{self, FusedKernel};
use jaxrs_runtime::simd::Isa;

fn traced(key: &Array, f: impl FnOnce(&Array) -> Array) -> ClosedJaxpr {
    trace_to_jaxpr(&[key.aval().clone()], |a| vec![f(&a[0])])
}

fn reference(jaxpr: &ClosedJaxpr, key: &Concrete) -> jaxrs_core::buffer::Buffer {
    let prim = Primitive::Jit {
        name: "sampler".into(),
        jaxpr: Arc::new(jaxpr.clone()),
        inline: false,
    };
    eval_primitive(&prim, &[key], &jaxpr.out_avals()).remove(0)
}

#[test]
fn samplers_fuse_bit_exactly_in_both_layouts() {
    for partitionable in [false, true] {
        config::set_threefry_partitionable(partitionable);
        for (seed, n) in [(0, 2048), (7, 5001), (42, 100_003)] {
            let key = random::prng_key(seed);
            let kc = key.as_concrete().unwrap().clone();
            let cases: [(&str, ClosedJaxpr); 3] = [
                ("normal", traced(&key, |k| random::normal(k, [n]))),
                ("uniform", traced(&key, |k| random::uniform(k, [n]))),
                ("bits", traced(&key, |k| random::bits(k, [n]))),
            ];
            for (name, jaxpr) in cases {
                let what = format!("{name} n={n} seed={seed} partitionable={partitionable}");
                let want = reference(&jaxpr, &kc);
                let mut kernel = FusedKernel::build(&jaxpr, &[&kc])
                    .unwrap_or_else(|| panic!("{what} did not fuse:\n{jaxpr}"));
                // Classic bits hash each pair once, into both halves of the output.
                assert_eq!(kernel.is_segmented(), !partitionable, "{what}");
                for isa in Isa::available() {
                    kernel.set_isa(isa);
                    assert_bits_eq(&kernel.run()[0], &want, &format!("{what} {isa:?}"));
                }
                let via = fuse::execute_jit(&jaxpr, &[&kc], &jaxpr.out_avals()).unwrap();
                assert_bits_eq(&via[0], &want, &format!("{what} via execute_jit"));
            }
            // Eager random_bits (no jit around it) through the runtime's kernel.
            let bits_prim = Primitive::RandomBits {
                bit_width: 32,
                shape: vec![n],
            };
            let typed = Concrete::new(Aval::prng_keys(&[]), kc.data().clone());
            let out = jaxrs_core::abstract_eval::abstract_eval(&bits_prim, &[typed.aval()]);
            let got = exec::accelerated(&bits_prim, &[&typed], &out).expect("runtime random_bits");
            let want = eval_primitive(&bits_prim, &[&typed], &out);
            assert_bits_eq(&got[0], &want[0], &format!("eager random_bits n={n}"));
        }
    }
}
