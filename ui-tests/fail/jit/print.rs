use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    print!("tracing");
    x * 2.0
}

fn main() {}
