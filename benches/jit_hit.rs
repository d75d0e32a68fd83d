//! Benchmark: a cache hit of the seed's `#[jit] f(x, y) = 2 x² + y` at N = 3, the per-call
//! cost of a jitted call once it is compiled (JAX's is mostly dispatch: ~5 µs).
//!
//! Run it alone with `cargo bench --bench jit_hit`, or through `benches/jit_hit.py`, which
//! times JAX's jitted `f` on the same machine in the same run and prints the ratio. Prints
//! `RESULT key=value ...` for that script: the median over `--repeats` batches of
//! `--calls` calls each, in nanoseconds per call.

use std::time::Instant;

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array, y: &Array) -> Array {
    2 * x.powi(2) + y
}

/// No equations: what a hit costs outside the executable (signature check, argument and
/// result conversion).
#[jit]
fn passthrough(x: &Array, y: &Array) -> (Array, Array) {
    (x.clone(), y.clone())
}

fn per_call_ns<R>(calls: usize, repeats: usize, mut call: impl FnMut() -> R) -> f64 {
    for _ in 0..calls {
        std::hint::black_box(call());
    }
    let mut per_call: Vec<f64> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..calls {
                std::hint::black_box(call());
            }
            t.elapsed().as_secs_f64() * 1e9 / calls as f64
        })
        .collect();
    per_call.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    per_call[per_call.len() / 2]
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.replace('_', "").parse().expect("a number"))
        .unwrap_or(default)
}

fn main() {
    let calls = arg("--calls", 20_000);
    let repeats = arg("--repeats", 15);
    let x = jnp::array([1.0, 4.0, 3.0]);
    let y = jnp::array([8.0, 1.0, 2.0]);
    assert_eq!(f(&x, &y).to_vec::<f32>(), vec![10.0, 33.0, 20.0]);
    let median = per_call_ns(calls, repeats, || f(std::hint::black_box(&x), &y));
    let overhead = per_call_ns(calls, repeats, || passthrough(std::hint::black_box(&x), &y));
    let exe_f = jaxrs_core::backend::compile(std::sync::Arc::new(make_jaxpr(f)(&x, &y)));
    let exe_p = jaxrs_core::backend::compile(std::sync::Arc::new(make_jaxpr(passthrough)(&x, &y)));
    let (cx, cy) = (x.to_concrete("x"), y.to_concrete("y"));
    let run_f = per_call_ns(calls, repeats, || exe_f.run(vec![cx.clone(), cy.clone()]));
    let run_p = per_call_ns(calls, repeats, || exe_p.run(vec![cx.clone(), cy.clone()]));
    println!("jaxrs: the executables alone: f {run_f:.1} ns, no equations {run_p:.1} ns per call");
    let stats = jaxrs::jit_stats(f);
    println!(
        "jaxrs: traces {}, compiles {}, hits {}, misses {}",
        stats.traces, stats.compiles, stats.hits, stats.misses
    );
    println!("jaxrs: a hit of a jitted function with no equations: {overhead:.1} ns per call");
    println!("RESULT workload=jit_hit_n3 median_ns={median:.1}");
}
