// Violations inside closures and nested blocks are found too.
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    let g = |v: &Array| {
        if true {
            println!("inner");
        }
        v * 2.0
    };
    g(x)
}

fn main() {}
