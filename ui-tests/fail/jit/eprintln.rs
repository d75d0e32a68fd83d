use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    eprintln!("tracing {}", 1);
    x * 2.0
}

fn main() {}
