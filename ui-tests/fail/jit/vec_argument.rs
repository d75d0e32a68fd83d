// Calling a jitted function with a `Vec` where it takes an array.
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    x * 2.0
}

fn main() {
    let _ = f(&vec![1.0, 2.0]);
}
