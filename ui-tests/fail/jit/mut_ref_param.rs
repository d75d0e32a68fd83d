use jaxrs::prelude::*;

#[jit]
fn f(x: &Array, out: &mut Array) -> Array {
    *out = x * 2.0;
    x + 1.0
}

fn main() {}
