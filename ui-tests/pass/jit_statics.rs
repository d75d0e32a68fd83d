// Static parameters of several types, by value and by reference.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Op {
    Double,
    Square,
}

#[jit]
fn apply(x: &Array, op: Op, times: usize, name: &str, tag: &String) -> Array {
    let _ = (name, tag);
    let mut y = x.clone();
    for _ in 0..times {
        y = match op {
            Op::Double => &y * 2.0,
            Op::Square => y.powi(2),
        };
    }
    y
}

fn main() {
    let x = jnp::array([1.0, 2.0]);
    let tag = String::from("t");
    assert_eq!(apply(&x, Op::Double, 2, "a", &tag).to_vec::<f32>(), vec![4.0, 8.0]);
    assert_eq!(apply(&x, Op::Square, 2, "a", &tag).to_vec::<f32>(), vec![1.0, 16.0]);
    assert_eq!(jaxrs::jit_stats(apply).traces, 2);
}
