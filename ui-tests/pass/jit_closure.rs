// `jit` of a closure: captures become constants of the compiled program.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

fn main() {
    let a = jnp::array([1.0, 2.0, 3.0]);
    let g = jit(|x: &Array, y: &Array| x * &a + y);
    let one = jnp::ones([3]);
    assert_eq!(g(&one, &one).to_vec::<f32>(), vec![2.0, 3.0, 4.0]);
    assert_eq!(g(&one, &one).to_vec::<f32>(), vec![2.0, 3.0, 4.0]);
    assert_eq!(g.stats().hits, 1);
}
