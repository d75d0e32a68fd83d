// Operators take arrays and scalars only, like the jnp functions behind them.
use jaxrs::numpy as jnp;

fn main() {
    let x = jnp::array([1.0, 2.0]);
    let _ = &x + vec![1.0, 2.0];
}
