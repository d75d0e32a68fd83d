// Static parameters are part of the cache key: an `f32` is not `Eq` or `Hash`.
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array, scale: f32) -> Array {
    x * scale
}

fn main() {}
