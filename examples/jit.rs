//! `#[jit]` in practice: the cache and its counters, a static argument, a miss on a new
//! shape with its explanation, `no_tracing`, donation, `debug_print!`, and `jit` of a
//! closure.
//!
//!     cargo run --release --example jit

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::{jit_stats, no_tracing};

/// The walkthrough's `f`: staged once per signature, then served from the cache.
#[jit]
fn f(x: &Array, y: &Array) -> Array {
    2 * x.powi(2) + y
}

/// `n` is not an array, so it is static: part of the cache key, like JAX's
/// `static_argnums`. Each new `n` traces again; the loop is unrolled in the jaxpr.
#[jit]
fn repeat_square(x: &Array, n: usize) -> Array {
    let mut y = x.clone();
    for _ in 0..n {
        y = y.powi(2);
    }
    y
}

/// `debug_print!` is an equation of the program: it prints on every call, with the values
/// of that call, and never while tracing.
#[jit]
fn noisy(x: &Array) -> Array {
    let y = x.powi(2);
    jaxrs::debug_print!("y = {}", y);
    y + 1
}

/// `x` is passed by value: donated, so the executable may reuse its buffer.
#[jit]
fn scale_in_place(x: Array, by: &Array) -> Array {
    x * by
}

fn main() {
    let x = jnp::array([1.0, 4.0, 3.0]);
    let y = jnp::array([8.0, 1.0, 2.0]);

    println!("== caching");
    println!("{}", f(&x, &y));
    println!("{}", f(&x, &y));
    println!("{:?}", jit_stats(f));
    // A hit does not trace: inside `no_tracing` a trace would panic.
    no_tracing(|| f(&x, &y));

    println!("== a new shape is a miss, and says why");
    println!("{}", f(&jnp::ones([4]), &jnp::ones([4])));
    for why in jit_stats(f).miss_explanations {
        println!("{why}");
    }

    println!("== a static argument");
    println!("{}", repeat_square(&x, 1));
    println!("{}", repeat_square(&x, 2));
    println!("{}", make_jaxpr(|x: &Array| repeat_square(x, 2))(&x));
    for why in jit_stats(repeat_square).miss_explanations {
        println!("{why}");
    }

    println!("== donation");
    let big = jnp::ones([4]);
    println!("{}", scale_in_place(big, &jnp::full([4], 3.0)));

    println!("== debug_print!");
    noisy(&x);
    noisy(&y);
    println!("{}", make_jaxpr(noisy)(&x));

    println!("== jit of a closure: captures are constants");
    let offset = jnp::array([10.0, 20.0, 30.0]);
    let shifted = jit(|x: &Array| x + &offset);
    println!("{}", shifted(&x));
    println!("{}", shifted(&x));
    println!("{:?}", shifted.stats());
}
