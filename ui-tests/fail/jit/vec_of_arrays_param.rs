// A `Vec` where an array is expected: each traced array is a parameter of its own.
use jaxrs::prelude::*;

#[jit]
fn f(xs: Vec<Array>) -> Array {
    xs[0].clone()
}

fn main() {}
