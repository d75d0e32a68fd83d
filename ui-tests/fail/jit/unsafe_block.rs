use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    let n = unsafe { std::mem::transmute::<u32, f32>(0x3f80_0000) };
    x * n as f64
}

fn main() {}
