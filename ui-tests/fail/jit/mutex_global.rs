use jaxrs::prelude::*;
use std::sync::Mutex;

static SCALE: Mutex<f64> = Mutex::new(2.0);

#[jit]
fn f(x: &Array) -> Array {
    x * *SCALE.lock().unwrap()
}

fn main() {}
