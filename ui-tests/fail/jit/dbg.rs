use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    let y = x * 2.0;
    dbg!(&y);
    y
}

fn main() {}
