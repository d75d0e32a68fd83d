// Every violation is reported in one compile run.
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    println!("start");
    let t = std::time::Instant::now();
    let n = unsafe { std::mem::transmute::<u32, f32>(0) };
    let _ = (t, n);
    x * 2.0
}

fn main() {}
