//! Benchmark: `vmap` of a per-example function over a batch of 256 against the same
//! computation written batched by hand, both eager in jaxrs on the runtime backend.
//!
//! The per-example function is one dense layer and a squared norm,
//! `f(x) = sum(tanh(x @ w + b) ** 2)` with `x: f32[D]`, `w: f32[D, D]`, `b: f32[D]`
//! unbatched. Run it alone with `cargo bench --bench vmap`, or through
//! `benches/compare_vmap.py`, which also times JAX's `jit(vmap(f))` on this machine and
//! prints the ratios. Each line `RESULT key=value ...` is meant for that script; medians over
//! the repeats, after two warm-up runs; the two jaxrs variants alternate run by run, so both
//! see the same machine load.
//!
//! Arguments (all optional): `--batch N` (default 256), `--d D` (default 128),
//! `--repeats R` (default 50).

use std::time::Instant;

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).expect("timings are finite"));
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        0.5 * (xs[m - 1] + xs[m])
    }
}

/// Runs `f` and `g` twice each to warm up, then `repeats` times each, alternating so that
/// both see the same machine load; returns the seconds of each timed run of each.
fn time_pair<R, S>(
    repeats: usize,
    mut f: impl FnMut() -> R,
    mut g: impl FnMut() -> S,
) -> (Vec<f64>, Vec<f64>) {
    for _ in 0..2 {
        std::hint::black_box(f());
        std::hint::black_box(g());
    }
    let (mut tf, mut tg) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let t = Instant::now();
        std::hint::black_box(f());
        tf.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(g());
        tg.push(t.elapsed().as_secs_f64());
    }
    (tf, tg)
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.replace('_', "").parse().expect("a number"))
        .unwrap_or(default)
}

/// Deterministic inputs in [-1, 1), the same formula as `compare_vmap.py` uses.
fn data(shape: &[usize], salt: usize) -> Array {
    let n: usize = shape.iter().product();
    let v: Vec<f32> = (0..n)
        .map(|k| (((k + salt) * 7919 % 2003) as f32 / 1001.5) - 1.0)
        .collect();
    jnp::array(v).reshape(shape.iter().map(|&d| d as i64).collect::<Vec<_>>())
}

fn main() {
    let batch = arg("--batch", 256);
    let d = arg("--d", 128);
    let repeats = arg("--repeats", 50);
    println!(
        "jaxrs backend: {}, {} threads",
        jaxrs_core::backend::name(),
        rayon::current_num_threads()
    );
    let x = data(&[batch, d], 0);
    let w = data(&[d, d], 1) * (1.0 / d as f64);
    let b = data(&[d], 2);

    let per_example = |x: &Array, w: &Array, b: &Array| {
        let h = jnp::tanh(jnp::matmul(x, w) + b);
        jnp::sum(&h * &h)
    };
    let mapped = vmap_with(per_example, |kw| kw.in_axes((0, None, None)));
    let by_hand = |x: &Array, w: &Array, b: &Array| {
        let h = jnp::tanh(jnp::matmul(x, w) + b);
        jnp::sum_with(&h * &h, |kw| kw.axis(1))
    };

    let got = mapped(&x, &w, &b);
    let want = by_hand(&x, &w, &b);
    let head: Vec<f32> = got.to_vec::<f32>().into_iter().take(4).collect();
    let same = got.to_vec::<f32>() == want.to_vec::<f32>();

    let (t_vmap, t_hand) = time_pair(repeats, || mapped(&x, &w, &b), || by_hand(&x, &w, &b));
    let (t_vmap, t_hand) = (median(t_vmap), median(t_hand));
    println!(
        "RESULT impl=jaxrs workload=vmap batch={batch} d={d} median_ms={:.4} head={head:?} \
         equal_to_hand={same}",
        t_vmap * 1e3
    );
    println!(
        "RESULT impl=jaxrs workload=hand batch={batch} d={d} median_ms={:.4}",
        t_hand * 1e3
    );
    println!(
        "vmap / hand-batched = {:.3} (median {:.4} ms / {:.4} ms)",
        t_vmap / t_hand,
        t_vmap * 1e3,
        t_hand * 1e3
    );
}
