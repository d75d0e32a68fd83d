//! Benchmark: the workloads W1–W8 of the runtime issue, in jaxrs; `benches/workloads.py`
//! runs the same workloads in JAX (jitted, `block_until_ready`) in the same run and prints
//! medians, ratios, bandwidth against a triad loop, and GFLOP/s.
//!
//! Each line `RESULT workload=... median_us=... [bytes=...] [flops=...]` is for that
//! script. Times are medians over `--repeats` samples (default 21); a sample of a fast
//! workload runs it enough times to last about a millisecond and reports the time per
//! call. "Jitted" jaxrs workloads are traced once with `trace_to_jaxpr`, compiled once with
//! the installed backend (`jaxrs_core::backend::compile`), and then run with borrowed
//! arguments, which is what a `#[jit]` cache hit does.
//!
//! Run alone with `cargo bench --bench workloads`, or `python3 benches/workloads.py`.

use std::sync::Arc;
use std::time::Instant;

use jaxrs::numpy as jnp;
use jaxrs::{lax, Array};
use jaxrs_core::api::trace_to_jaxpr;
use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::backend::{self, Executable};
use rayon::prelude::*;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).expect("timings are finite"));
    xs[xs.len() / 2]
}

fn repeats() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--repeats")
        .and_then(|i| args.get(i + 1))
        .map_or(21, |v| v.parse().expect("a number"))
}

/// Whether workload `w` runs: all of them, or those starting with `--only PREFIX`
/// (for profiling one workload).
fn wanted(w: &str) -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .is_none_or(|p| w.starts_with(p.as_str()))
}

/// Median seconds per call of `f`: warm-up, then samples of ≥ ~1 ms each.
fn time<R>(mut f: impl FnMut() -> R) -> f64 {
    for _ in 0..3 {
        std::hint::black_box(f());
    }
    let t = Instant::now();
    std::hint::black_box(f());
    let once = t.elapsed().as_secs_f64().max(1e-9);
    let per_sample = ((1e-3 / once).ceil() as usize).clamp(1, 100_000);
    let samples = (0..repeats())
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_sample {
                std::hint::black_box(f());
            }
            t.elapsed().as_secs_f64() / per_sample as f64
        })
        .collect();
    median(samples)
}

fn report(workload: &str, seconds: f64, extra: &str) {
    println!(
        "RESULT workload={workload} median_us={:.4} {extra}",
        seconds * 1e6
    );
}

/// Deterministic inputs in [-1, 1): the same numbers `workloads.py` builds.
fn input(shape: &[usize], seed: u64) -> Array {
    let n: usize = shape.iter().product();
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let v: Vec<f32> = (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect();
    Array::from_vec(v, shape.to_vec())
}

type Fun = fn(&[Array]) -> Vec<Array>;

fn compiled(f: Fun, args: &[Array]) -> Arc<dyn Executable> {
    let avals: Vec<Aval> = args.iter().map(|a| a.aval().clone()).collect();
    backend::compile(Arc::new(trace_to_jaxpr(&avals, f)))
}

fn run(exe: &dyn Executable, args: &[Array]) -> Vec<Concrete> {
    let refs: Vec<&Concrete> = args
        .iter()
        .map(|a| a.as_concrete().expect("concrete"))
        .collect();
    exe.run_borrowed(&refs)
}

fn w1(a: &[Array]) -> Vec<Array> {
    vec![2 * a[0].powi(2) + &a[1]]
}

fn softmax(a: &[Array]) -> Vec<Array> {
    let m = jnp::max_with(&a[0], |kw| kw.axis(-1isize).keepdims(true));
    let e = lax::exp(&(&a[0] - &m));
    let s = jnp::sum_with(&e, |kw| kw.axis(-1isize).keepdims(true));
    vec![&e / &s]
}

fn mlp(a: &[Array]) -> Vec<Array> {
    let h = jnp::maximum(jnp::matmul(&a[0], &a[1]) + &a[2], 0.0);
    let logits = jnp::matmul(&h, &a[3]) + &a[4];
    let m = jnp::max_with(&logits, |kw| kw.axis(-1isize).keepdims(true));
    let lse = lax::log(&jnp::sum_with(lax::exp(&(&logits - &m)), |kw| {
        kw.axis(-1isize).keepdims(true)
    })) + &m;
    vec![&logits - &lse]
}

fn matmul(a: &[Array]) -> Vec<Array> {
    vec![jnp::matmul(&a[0], &a[1])]
}

fn sum(a: &[Array]) -> Vec<Array> {
    vec![jnp::sum(&a[0])]
}

fn chain100(a: &[Array]) -> Vec<Array> {
    let mut x = a[0].clone();
    for i in 0..100 {
        x = match i % 3 {
            0 => x.sin(),
            1 => &x * 1.5,
            _ => &x + 0.25,
        };
    }
    vec![x]
}

fn mlp_args() -> Vec<Array> {
    vec![
        input(&[256, 784], 1),
        &input(&[784, 512], 2) * 0.05,
        input(&[512], 3),
        &input(&[512, 10], 4) * 0.05,
        input(&[10], 5),
    ]
}

/// `a = b + 3 c` over `n` floats on every core: the bandwidth yardstick.
fn triad(n: usize) -> f64 {
    let b = vec![1.0f32; n];
    let c = vec![2.0f32; n];
    let mut a = vec![0.0f32; n];
    let t = time(|| {
        a.par_chunks_mut(1 << 16)
            .zip(b.par_chunks(1 << 16).zip(c.par_chunks(1 << 16)))
            .for_each(|(a, (b, c))| {
                for ((x, &y), &z) in a.iter_mut().zip(b).zip(c) {
                    *x = y + 3.0 * z;
                }
            });
    });
    let gbps = 12.0 * n as f64 / t / 1e9;
    report("triad", t, &format!("n={n} bytes={}", 12 * n));
    gbps
}

fn main() {
    println!(
        "jaxrs backend: {}, {} threads",
        backend::name(),
        rayon::current_num_threads()
    );
    if wanted("triad") {
        triad(10_000_000);
    }
    for n in [3usize, 1000, 1_000_000, 10_000_000] {
        if wanted(&format!("W1_n{n}")) {
            let args = vec![input(&[n], 10), input(&[n], 11)];
            let exe = compiled(w1, &args);
            let t = time(|| run(&*exe, &args));
            report(&format!("W1_n{n}"), t, &format!("bytes={}", 12 * n));
        }
    }
    let x = vec![input(&[1024, 1024], 20)];
    if wanted("W2") {
        let exe = compiled(softmax, &x);
        report("W2", time(|| run(&*exe, &x)), "");
    }
    let a = mlp_args();
    if wanted("W3") {
        let exe = compiled(mlp, &a);
        let flops = 2 * 256 * (784 * 512 + 512 * 10);
        report("W3", time(|| run(&*exe, &a)), &format!("flops={flops}"));
    }
    for n in [256usize, 1024] {
        if wanted(&format!("W4_n{n}")) {
            let m = vec![input(&[n, n], 30), input(&[n, n], 31)];
            let exe = compiled(matmul, &m);
            report(
                &format!("W4_n{n}"),
                time(|| run(&*exe, &m)),
                &format!("flops={}", 2 * n * n * n),
            );
        }
    }
    if wanted("W5") {
        let s = vec![input(&[10_000_000], 40)];
        let exe = compiled(sum, &s);
        report(
            "W5",
            time(|| run(&*exe, &s)),
            &format!("bytes={}", 4 * 10_000_000),
        );
    }
    if wanted("W6") {
        let x3 = input(&[3], 50);
        report("W6", time(|| x3.sin()), "");
    }
    // W7: first call = trace + compile + run. Nothing caches `compiled`, so every call
    // traces and compiles anew; the arguments are the same arrays each time, as JAX's side
    // passes the same device arrays to each new `jax.jit`.
    if wanted("W7_mlp") {
        report(
            "W7_mlp",
            time(|| {
                let exe = compiled(mlp, &a);
                run(&*exe, &a)
            }),
            "",
        );
    }
    if wanted("W7_chain") {
        let c = vec![input(&[1000], 60)];
        report(
            "W7_chain",
            time(|| {
                let exe = compiled(chain100, &c);
                run(&*exe, &c)
            }),
            "",
        );
    }
    // W8: the same programs, eagerly, op by op.
    if wanted("W8_softmax") {
        report("W8_softmax", time(|| softmax(&x)), "");
    }
    if wanted("W8_mlp") {
        report("W8_mlp", time(|| mlp(&a)), "");
    }
}
