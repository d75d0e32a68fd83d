use jaxrs::prelude::*;
use std::fmt::Write;

#[jit]
fn f(x: &Array) -> Array {
    let mut s = String::new();
    writeln!(s, "tracing").ok();
    x * 2.0
}

fn main() {}
