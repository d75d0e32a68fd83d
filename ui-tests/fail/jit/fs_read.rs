use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    let scale = std::fs::read_to_string("scale.txt").unwrap().len();
    x * scale as f64
}

fn main() {}
