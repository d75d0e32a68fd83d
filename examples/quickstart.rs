//! The seed walkthrough ("Relation to NumPy" from JAX's docs), in jaxrs.
//!
//! Prints exactly what the same program prints in JAX (`tools/golden/gen_quickstart.py`
//! writes JAX's output to `tests/golden/quickstart.txt`, and `tests/quickstart.rs` compares).
//!
//!     cargo run --release --example quickstart

use std::io::{self, Write};

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::random;

/// `2 x² + y`, the seed's pure function, staged at compile time and cached per signature.
#[jit]
fn f(x: &Array, y: &Array) -> Array {
    2 * x.powi(2) + y
}

/// Runs the walkthrough, writing to `out`.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "== arrays")?;
    writeln!(out, "{}", jnp::array([[1, 2, 3], [4, 5, 6]]))?;
    writeln!(out, "{}", jnp::zeros([2, 3]))?;
    writeln!(out, "{}", jnp::ones([2, 3, 2]))?;
    writeln!(out, "{}", jnp::arange(24).reshape([2, 3, 4]))?;
    writeln!(out, "{}", jnp::linspace(0.0, 2.0, 9))?;
    writeln!(out, "{}", jnp::linspace(0.0, 2.0, 9).i(s![..;-1]))?;

    writeln!(out, "== dtypes")?;
    writeln!(out, "{}", jnp::zeros([2, 3]).dtype())?;
    writeln!(out, "{:?}", jnp::arange(3))?;

    writeln!(out, "== immutable arrays")?;
    let a = jnp::arange(5);
    let b = a.at(0).set(9);
    writeln!(out, "{b}")?;
    writeln!(out, "{a}")?;

    writeln!(out, "== out-of-bounds indexing")?;
    writeln!(out, "{}", jnp::arange(5).i(10))?;
    writeln!(out, "{}", jnp::arange(5).i(-1))?;

    writeln!(out, "== random keys")?;
    let key = random::prng_key(18);
    writeln!(out, "{key}")?;
    let [key, subkey] = random::split(&key);
    writeln!(out, "{key}")?;
    writeln!(out, "{subkey}")?;
    writeln!(out, "{}", random::normal(&subkey, []))?;
    let [key, subkey1, subkey2, subkey3] = random::split(&key);
    for k in [key, subkey1, subkey2, subkey3] {
        writeln!(out, "{k}")?;
    }

    writeln!(out, "== jaxprs")?;
    let x = jnp::array([1.0, 4.0, 3.0]);
    let y = jnp::array([8.0, 1.0, 2.0]);
    writeln!(out, "{}", f(&x, &y))?;
    writeln!(out, "{}", make_jaxpr(f)(&x, &y))?;

    writeln!(out, "== jvp")?;
    let (primal, tangent) = jvp(|x: &Array| x.sin() * x, (&x,), (&jnp::ones([3]),));
    writeln!(out, "{primal}")?;
    writeln!(out, "{tangent}")?;
    Ok(())
}

#[allow(dead_code)]
fn main() -> io::Result<()> {
    walkthrough(&mut io::stdout().lock())
}
