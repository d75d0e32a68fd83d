use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    log::info!("tracing f");
    x * 2.0
}

fn main() {}
