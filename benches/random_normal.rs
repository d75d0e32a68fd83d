//! Benchmark: `random::normal(key, [10_000_000])` (`float32`) and `random::bits` of the same
//! size, eager through the runtime backend, in both threefry layouts.
//!
//! Run it alone with `cargo bench --bench random_normal`, or through `benches/compare.py`,
//! which runs the same workloads in JAX on this machine and prints the ratios. Each line
//! `RESULT key=value ...` is meant for that script; medians over the repeats, after two
//! warm-up runs.
//!
//! Arguments (all optional): `--n N` (elements, default 10 000 000), `--repeats R`
//! (default 15).

use std::time::Instant;

use jaxrs::random;

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

fn main() {
    let n = arg("--n", 10_000_000);
    let repeats = arg("--repeats", 15);
    println!(
        "jaxrs backend: {}, {} threads",
        jaxrs_core::backend::name(),
        rayon::current_num_threads()
    );
    for (mode, partitionable) in [("classic", false), ("partitionable", true)] {
        jaxrs::config::set_threefry_partitionable(partitionable);
        let key = random::prng_key(0);

        let sample = random::normal(&key, [n]);
        let head: Vec<f32> = sample.to_vec::<f32>().into_iter().take(4).collect();
        let normal = median(time(repeats, || random::normal(&key, [n])));
        println!(
            "RESULT impl=jaxrs workload=normal mode={mode} n={n} median_ms={:.3} head={:?}",
            normal * 1e3,
            head
        );

        let bits = median(time(repeats, || random::bits(&key, [n])));
        let gbps = (n * 4) as f64 / bits / 1e9;
        println!(
            "RESULT impl=jaxrs workload=bits mode={mode} n={n} median_ms={:.3} gbps={gbps:.2}",
            bits * 1e3
        );
    }
}
