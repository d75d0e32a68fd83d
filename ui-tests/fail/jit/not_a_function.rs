use jaxrs::prelude::*;

#[jit]
struct Model {
    layers: usize,
}

fn main() {}
