use jaxrs::prelude::*;

#[jit]
fn f(x: Array) -> Array {
    let mut y = x;
    y[0] = 1.0;
    y
}

fn main() {}
