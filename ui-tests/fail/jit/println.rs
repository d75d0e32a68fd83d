// JAX runs a Python print once, while tracing; here it does not compile.
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    println!("x = {:?}", x);
    x * 2.0
}

fn main() {}
