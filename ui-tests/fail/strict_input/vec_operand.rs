// JAX refuses lists (`jnp.sum([1.0, 2.0])` is a TypeError); jaxrs refuses a Vec at compile time.
use jaxrs::numpy as jnp;

fn main() {
    let x = jnp::array([1.0, 2.0]);
    let _ = jnp::add(&x, vec![1.0, 2.0]);
}
