// Staged code keeps the user's spans: a type error in the body points at the user's line.
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array, y: &Array) -> Array {
    let z = x.powi(2);
    z * y + "one"
}

fn main() {}
