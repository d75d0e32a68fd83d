use jaxrs::prelude::*;
use std::sync::OnceLock;

static SCALE: OnceLock<f64> = OnceLock::new();

#[jit]
fn f(x: &Array) -> Array {
    x * *SCALE.get_or_init(|| 2.0)
}

fn main() {}
