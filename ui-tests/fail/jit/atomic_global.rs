// The seed's "global changed after tracing" hazard, with an atomic.
use jaxrs::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

static SCALE: AtomicU32 = AtomicU32::new(2);

#[jit]
fn f(x: &Array) -> Array {
    x * SCALE.load(Ordering::Relaxed) as f64
}

fn main() {}
