// `debug_print!` is allowed inside `#[jit]`: it runs on every call with that call's values.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    let y = x * 2.0;
    jaxrs::debug_print!("y = {}", y);
    y
}

fn main() {
    let (_, printed) = jaxrs::capture_debug_prints(|| {
        f(&jnp::array([1.0, 2.0]));
        f(&jnp::array([3.0, 4.0]));
    });
    assert_eq!(printed, vec!["y = [2. 4.]".to_string(), "y = [6. 8.]".to_string()]);
}
