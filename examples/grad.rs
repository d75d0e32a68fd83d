//! Fits a small model by gradient descent with `value_and_grad`, printing the loss as it
//! falls: a 1 -> 16 tanh -> 1 network learning `sin(3x)` on [-1, 1].
//!
//!     cargo run --release --example grad

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::random;

/// Mean squared error of the network with parameters `w1, b1, w2, b2` on `(x, y)`.
fn loss(w1: &Array, b1: &Array, w2: &Array, b2: &Array, x: &Array, y: &Array) -> Array {
    let h = jnp::tanh(jnp::matmul(x, w1) + b1);
    let pred = jnp::matmul(&h, w2) + b2;
    jnp::mean((pred - y).powi(2))
}

fn main() {
    let x = jnp::linspace(-1.0, 1.0, 64).reshape([64, 1]);
    let y = jnp::sin(&x * 3.0);
    let [k1, k2] = random::split(&random::prng_key(0));
    let mut params = [
        random::normal(&k1, [1, 16]),
        jnp::zeros([16]),
        random::normal(&k2, [16, 1]) * 0.25,
        jnp::zeros([1]),
    ];
    let f = |w1: &Array, b1: &Array, w2: &Array, b2: &Array| loss(w1, b1, w2, b2, &x, &y);
    let step = value_and_grad_with(f, |kw| kw.argnums((0, 1, 2, 3)));
    let lr = 0.2;
    for i in 0..=300 {
        let [w1, b1, w2, b2] = &params;
        let (value, (g1, gb1, g2, gb2)) = step(w1, b1, w2, b2);
        if i % 30 == 0 {
            println!("step {i:3}  loss {:.6}", value.item::<f32>());
        }
        params = [w1 - lr * g1, b1 - lr * gb1, w2 - lr * g2, b2 - lr * gb2];
    }
}
