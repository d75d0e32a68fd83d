// The seed's hazard: changing a captured value after tracing. The jitted closure
// borrows `a`, so the assignment does not compile.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

fn main() {
    let mut a = jnp::array([1.0, 2.0]);
    let g = jit(|x: &Array| x * &a);
    let x = jnp::ones([2]);
    let _ = g(&x);
    a = jnp::zeros([2]);
    let _ = g(&x);
    let _ = a;
}
