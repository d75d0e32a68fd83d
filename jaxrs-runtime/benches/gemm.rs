//! Measures the two candidate `f32` GEMM back ends of `kernels/dot.rs` side by side on the
//! runtime issue's shapes (W4 matmuls, W3's MLP layers and a backward-pass product with a
//! transposed operand): `matrixmultiply` split over rows on rayon, as `dot.rs` once called
//! it, and the `gemm` crate with its own rayon parallelism (and single-threaded), which
//! `dot.rs` calls now because it was faster on every shape here. Prints the median seconds
//! per product of each and the ratio gemm/matrixmultiply.
//!
//!     cargo bench -p jaxrs-runtime --features compare-gemm --bench gemm
//!
//! The machine is shared: quote one run's medians and ratios, not single samples.

use std::time::Instant;

use rayon::prelude::*;

/// Median seconds per call of `f`: warm-up, then 15 samples of at least ~2 ms each.
fn time(mut f: impl FnMut()) -> f64 {
    for _ in 0..3 {
        f();
    }
    let start = Instant::now();
    f();
    let once = start.elapsed().as_secs_f64().max(1e-7);
    let reps = ((2e-3 / once).ceil() as usize).max(1);
    let mut samples: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed().as_secs_f64() / reps as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// A product `c[m × n] = a · b` whose `a` is read with strides (`rsa`, `csa`).
struct Case {
    name: &'static str,
    m: usize,
    k: usize,
    n: usize,
    a_transposed: bool,
}

fn matrixmultiply_rows(case: &Case, a: &[f32], b: &[f32], c: &mut [f32], threads: usize) {
    let (m, k, n) = (case.m, case.k, case.n);
    let (rsa, csa) = if case.a_transposed {
        (1, m as isize)
    } else {
        (k as isize, 1)
    };
    let per = m.div_ceil(threads);
    c.par_chunks_mut(per * n).enumerate().for_each(|(p, rows)| {
        let start = p * per;
        // SAFETY: rows `start..start + rows.len() / n` of `a` (strides above) and all of
        // `b` (k × n row-major) lie inside the slices; `rows` is exclusively borrowed.
        unsafe {
            matrixmultiply::sgemm(
                rows.len() / n,
                k,
                n,
                1.0,
                a.as_ptr().offset(start as isize * rsa),
                rsa,
                csa,
                b.as_ptr(),
                n as isize,
                1,
                0.0,
                rows.as_mut_ptr(),
                n as isize,
                1,
            );
        }
    });
}

fn gemm_crate(case: &Case, a: &[f32], b: &[f32], c: &mut [f32], par: gemm::Parallelism) {
    let (m, k, n) = (case.m, case.k, case.n);
    let (rsa, csa) = if case.a_transposed {
        (1, m as isize)
    } else {
        (k as isize, 1)
    };
    // SAFETY: `a` is m × k with the strides above, `b` k × n and `c` m × n row-major,
    // all within their slices; `c` is exclusively borrowed and not read (read_dst false).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.as_ptr(),
            csa,
            rsa,
            b.as_ptr(),
            1,
            n as isize,
            0.0,
            1.0,
            false,
            false,
            false,
            par,
        );
    }
}

fn main() {
    let cases = [
        Case {
            name: "W4 256x256x256",
            m: 256,
            k: 256,
            n: 256,
            a_transposed: false,
        },
        Case {
            name: "W4 1024x1024x1024",
            m: 1024,
            k: 1024,
            n: 1024,
            a_transposed: false,
        },
        Case {
            name: "W3 256x784 . 784x512",
            m: 256,
            k: 784,
            n: 512,
            a_transposed: false,
        },
        Case {
            name: "W3 256x512 . 512x10",
            m: 256,
            k: 512,
            n: 10,
            a_transposed: false,
        },
        Case {
            name: "W3 bwd (256x784)T . 256x512",
            m: 784,
            k: 256,
            n: 512,
            a_transposed: true,
        },
        Case {
            name: "small 32x32x32",
            m: 32,
            k: 32,
            n: 32,
            a_transposed: false,
        },
        Case {
            name: "small 64x64x64",
            m: 64,
            k: 64,
            n: 64,
            a_transposed: false,
        },
        Case {
            name: "small 128x128x128",
            m: 128,
            k: 128,
            n: 128,
            a_transposed: false,
        },
    ];
    let threads = rayon::current_num_threads();
    println!("threads={threads}; median seconds per product");
    println!(
        "{:<30} {:>12} {:>12} {:>12} {:>12} {:>8} {:>8}",
        "case", "mm(rows)", "mm(1 thr)", "gemm(rayon)", "gemm(1 thr)", "g/mm", "g1/mm1"
    );
    for case in &cases {
        let (m, k, n) = (case.m, case.k, case.n);
        let a: Vec<f32> = (0..m * k)
            .map(|i| ((i * 7919) % 1000) as f32 / 500.0 - 1.0)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 104729) % 1000) as f32 / 500.0 - 1.0)
            .collect();
        let mut c = vec![0.0f32; m * n];
        let mm = time(|| matrixmultiply_rows(case, &a, &b, &mut c, threads));
        let mm1 = time(|| matrixmultiply_rows(case, &a, &b, &mut c, 1));
        let g = time(|| gemm_crate(case, &a, &b, &mut c, gemm::Parallelism::Rayon(threads)));
        let g1 = time(|| gemm_crate(case, &a, &b, &mut c, gemm::Parallelism::None));
        println!(
            "{:<30} {:>12.3e} {:>12.3e} {:>12.3e} {:>12.3e} {:>8.2} {:>8.2}",
            case.name,
            mm,
            mm1,
            g,
            g1,
            g / mm,
            g1 / mm1
        );
    }
}
