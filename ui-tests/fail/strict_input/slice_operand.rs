// A slice is not an array either: build one with `jnp::array(..)` first.
use jaxrs::numpy as jnp;

fn main() {
    let data = [1.0f32, 2.0];
    let _ = jnp::multiply(&data[..], 2.0);
}
