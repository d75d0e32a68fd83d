//! Benchmark: `value_and_grad` of the W3 MLP loss (batch 256, 784 -> 512 relu -> 10,
//! softmax cross-entropy), with respect to all four parameters, as one `#[jit]` executable
//! compiled by jaxrs-runtime (the counterpart of `jax.jit(jax.value_and_grad(loss))`), and
//! eagerly (one dispatch per primitive) for reference.
//!
//! Run it alone with `cargo bench --bench grad_mlp`, or through `benches/compare_grad.py`,
//! which runs the same workload as `jax.jit(jax.value_and_grad(loss))` on this machine and
//! prints both medians and the ratio. Each `RESULT key=value ...` line is for that script;
//! medians over the repeats, after two warm-up runs.
//!
//! Arguments (all optional): `--repeats R` (default 15).

use std::time::Instant;

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::{lax, random};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).expect("timings are finite"));
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        0.5 * (xs[m - 1] + xs[m])
    }
}

/// Runs `f` twice to warm up, then `repeats` times; returns the seconds of each timed run.
fn time<R>(repeats: usize, mut f: impl FnMut() -> R) -> Vec<f64> {
    for _ in 0..2 {
        std::hint::black_box(f());
    }
    (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect()
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.replace('_', "").parse().expect("a number"))
        .unwrap_or(default)
}

/// Softmax cross-entropy of a 784 -> 512 relu -> 10 MLP, as `compare_grad.py` writes it.
fn loss(w1: &Array, b1: &Array, w2: &Array, b2: &Array, x: &Array, y: &Array) -> Array {
    let h = jnp::maximum(jnp::matmul(x, w1) + b1, 0.0);
    let logits = jnp::matmul(&h, w2) + b2;
    let m = lax::stop_gradient(&jnp::max_with(&logits, |kw| kw.axis(1).keepdims(true)));
    let z = &logits - &m;
    let lse = jnp::log(jnp::sum_with(jnp::exp(&z), |kw| kw.axis(1).keepdims(true)));
    -jnp::mean(jnp::sum_with((z - lse) * y, |kw| kw.axis(1)))
}

/// The whole training step's value and gradients, staged and compiled once.
#[jit]
fn value_and_grads(
    w1: &Array,
    b1: &Array,
    w2: &Array,
    b2: &Array,
    x: &Array,
    y: &Array,
) -> (Array, Array, Array, Array, Array) {
    let f = |w1: &Array, b1: &Array, w2: &Array, b2: &Array| loss(w1, b1, w2, b2, x, y);
    let (v, (g1, g2, g3, g4)) =
        value_and_grad_with(f, |kw| kw.argnums((0, 1, 2, 3)))(w1, b1, w2, b2);
    (v, g1, g2, g3, g4)
}

fn main() {
    let repeats = arg("--repeats", 15);
    println!(
        "jaxrs backend: {}, {} threads",
        jaxrs_core::backend::name(),
        rayon::current_num_threads()
    );
    let [k1, k2, k3, k4] = random::split(&random::prng_key(0));
    let w1 = random::normal(&k1, [784, 512]) * 0.05;
    let b1 = jnp::zeros([512]);
    let w2 = random::normal(&k2, [512, 10]) * 0.05;
    let b2 = jnp::zeros([10]);
    let x = random::normal(&k3, [256, 784]);
    let labels = random::randint(&k4, [256], 0, 10);
    let y = jnp::equal(labels.reshape([256, 1]), jnp::arange(10)).astype(DType::F32);
    let f = |w1: &Array, b1: &Array, w2: &Array, b2: &Array| loss(w1, b1, w2, b2, &x, &y);
    let vg = value_and_grad_with(f, |kw| kw.argnums((0, 1, 2, 3)));
    let (value, _) = vg(&w1, &b1, &w2, &b2);
    let eager = median(time(repeats, || vg(&w1, &b1, &w2, &b2)));
    let jitted = value_and_grads(&w1, &b1, &w2, &b2, &x, &y);
    assert_eq!(
        jitted.0.item::<f32>(),
        value.item::<f32>(),
        "jit and eager losses"
    );
    let t = median(time(repeats, || {
        value_and_grads(&w1, &b1, &w2, &b2, &x, &y)
    }));
    println!(
        "RESULT impl=jaxrs workload=value_and_grad_mlp median_ms={:.3} eager_ms={:.3} loss={}",
        t * 1e3,
        eager * 1e3,
        value.item::<f32>()
    );
}
