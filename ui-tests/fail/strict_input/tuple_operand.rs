// JAX refuses tuples (`jnp.sum((1.0, 2.0))` is a TypeError); so does jaxrs.
use jaxrs::numpy as jnp;

fn main() {
    let _ = jnp::subtract((1.0, 2.0), 1.0);
}
