//! How kernels split work: cache-sized chunks, spread over the cores with rayon when the
//! array is large enough to pay for waking the workers.
//!
//! Waking a sleeping rayon worker costs ~22 µs on the target machines (DESIGN.md, "Measured
//! facts"), as much as a small kernel's whole run, so arrays below a cost-weighted
//! threshold stay on the calling thread.

use rayon::prelude::*;

/// Elements per chunk: 16 Ki elements keep a chunk's inputs and output (64 KiB each for
/// 32-bit types) inside L2.
pub const CHUNK: usize = 16 * 1024;

/// Below this much work (elements × cost), a kernel runs on the calling thread. One unit
/// of cost is roughly one nanosecond per element, so the threshold is ~64 µs of work:
/// enough to amortize waking the workers.
pub const PARALLEL_WORK: usize = 64 * 1024;

/// Whether `len` elements at `cost` (≈ ns per element) are worth spreading over cores.
pub fn worth_parallel(len: usize, cost: usize) -> bool {
    // The pool's size last: asking rayon costs more than a small call's whole kernel.
    len.saturating_mul(cost.max(1)) >= PARALLEL_WORK && rayon::current_num_threads() > 1
}

/// Calls `f(start, out_chunk)` for consecutive chunks of `out` of at most `chunk` elements,
/// in parallel when `parallel` is true, in order on this thread otherwise.
pub fn for_each_chunk<T: Send>(
    out: &mut [T],
    chunk: usize,
    parallel: bool,
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    let chunk = chunk.max(1);
    if parallel {
        out.par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(i, o)| f(i * chunk, o));
    } else {
        out.chunks_mut(chunk)
            .enumerate()
            .for_each(|(i, o)| f(i * chunk, o));
    }
}

/// Like [`for_each_chunk`] over two outputs of one length, chunked alike.
pub fn for_each_chunk2<T: Send, U: Send>(
    out0: &mut [T],
    out1: &mut [U],
    chunk: usize,
    parallel: bool,
    f: impl Fn(usize, &mut [T], &mut [U]) + Sync,
) {
    assert_eq!(
        out0.len(),
        out1.len(),
        "outputs of one kernel have one length"
    );
    let chunk = chunk.max(1);
    if parallel {
        out0.par_chunks_mut(chunk)
            .zip(out1.par_chunks_mut(chunk))
            .enumerate()
            .for_each(|(i, (a, b))| f(i * chunk, a, b));
    } else {
        out0.chunks_mut(chunk)
            .zip(out1.chunks_mut(chunk))
            .enumerate()
            .for_each(|(i, (a, b))| f(i * chunk, a, b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_output_once() {
        for parallel in [false, true] {
            let mut out = vec![0usize; 10_001];
            for_each_chunk(&mut out, 1000, parallel, |start, o| {
                for (k, v) in o.iter_mut().enumerate() {
                    *v += start + k;
                }
            });
            assert!(out.iter().enumerate().all(|(i, &v)| v == i));
        }
    }

    #[test]
    fn small_work_stays_serial() {
        assert!(!worth_parallel(100, 1));
    }
}
