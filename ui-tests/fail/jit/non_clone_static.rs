use jaxrs::prelude::*;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Mode(u8);

#[jit]
fn f(x: &Array, mode: Mode) -> Array {
    let _ = mode;
    x * 2.0
}

fn main() {}
