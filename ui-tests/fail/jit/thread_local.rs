use jaxrs::prelude::*;
use std::cell::Cell;

thread_local! {
    static SCALE: Cell<f64> = const { Cell::new(2.0) };
}

#[jit]
fn f(x: &Array) -> Array {
    x * SCALE.with(|s| s.get())
}

fn main() {}
