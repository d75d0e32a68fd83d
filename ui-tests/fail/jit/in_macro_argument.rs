// Violations inside the arguments of other macros are found too.
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    let parts = vec![x.clone(), jnp_scale(x, std::env::args().count())];
    assert!(std::time::Instant::now().elapsed().as_secs() < 10);
    parts[1].clone()
}

fn jnp_scale(x: &Array, n: usize) -> Array {
    x * n as f64
}

fn main() {}
