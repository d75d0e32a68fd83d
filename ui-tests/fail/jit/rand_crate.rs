// Randomness other than `jaxrs::random` (stands in for the `rand` crate).
use jaxrs::prelude::*;

mod rand {
    pub fn random() -> f64 {
        0.5
    }
}

#[jit]
fn f(x: &Array) -> Array {
    x * rand::random()
}

fn main() {}
