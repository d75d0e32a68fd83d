use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) {
    let _ = x * 2.0;
}

fn main() {}
