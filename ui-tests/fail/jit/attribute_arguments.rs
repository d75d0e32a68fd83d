use jaxrs::prelude::*;

#[jit(static_argnums = 1)]
fn f(x: &Array, n: usize) -> Array {
    x * n as f64
}

fn main() {}
