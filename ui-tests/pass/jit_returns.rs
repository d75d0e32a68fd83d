// Returns: an array, a tuple, a `Vec`; an `Array` parameter is donated.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

#[jit]
fn parts(x: &Array) -> Vec<Array> {
    vec![x + 1, x * 2]
}

#[jit]
fn consume(x: Array, y: &Array) -> (Array, Array) {
    (&x + y, x * y)
}

fn main() {
    let x = jnp::array([1.0, 2.0]);
    assert_eq!(parts(&x).len(), 2);
    let (s, p) = consume(x, &jnp::array([3.0, 4.0]));
    assert_eq!((s.to_vec::<f32>(), p.to_vec::<f32>()), (vec![4.0, 6.0], vec![3.0, 8.0]));
}
