// Helpers without an attribute of their own are traced through; `const` items and
// immutable statics are allowed; `jaxrs::random` with a key argument is allowed.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::random;

const SCALE: f64 = 3.0;
static OFFSET: f64 = 1.0;

fn helper(x: &Array) -> Array {
    x.sin() * SCALE + OFFSET
}

#[jit]
fn f(x: &Array, key: &Array) -> Array {
    let noise = random::normal(key, [2]);
    helper(x) + noise * 0.0
}

fn main() {
    let x = jnp::zeros([2]);
    let key = random::prng_key(0);
    assert_eq!(f(&x, &key).to_vec::<f32>(), vec![1.0, 1.0]);
}
