use jaxrs::prelude::*;
use std::sync::RwLock;

static SCALE: RwLock<f64> = RwLock::new(2.0);

#[jit]
fn f(x: &Array) -> Array {
    x * *SCALE.read().unwrap()
}

fn main() {}
