// Arrays, references and Rust scalars are all accepted, on either side of an operator.
use jaxrs::numpy as jnp;

fn main() {
    let x = jnp::array([1.0, 2.0]);
    let y = jnp::add(&x, 1) + 2.0 * &x - &x / 2;
    let z = jnp::multiply(y.clone(), &x);
    assert_eq!(z.shape(), &[2]);
}
