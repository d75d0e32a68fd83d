//! Memory: what compiled programs allocate, and what happens when an allocation cannot
//! succeed.
//!
//! - Peak memory of W1 (`2 * x.powi(2) + y`, `f32`, jitted) is the inputs, one output and
//!   per-worker tiles; a dropped output goes back to the pool, so repeated calls allocate
//!   nothing (and fault no fresh pages).
//! - A program with intermediates (elementwise runs split by reductions) holds only its
//!   live values: a dead intermediate's buffer goes to the pool and the next output of its
//!   size takes it.
//! - Donated arguments (`JitArg::Donated`, an `Array` passed by value to `#[jit]`) feed the
//!   pool once dead; borrowed ones are read where they lie (a cache hit copies nothing).
//! - An array that cannot be allocated panics with JAX's `RESOURCE_EXHAUSTED` text plus its
//!   dtype and shape, at once (no index map or temporary is built first), and the process
//!   goes on working.
//!
//! Peak bytes come from a counting global allocator (this binary's only), fresh and reused
//! buffers from [`jaxrs_runtime::pool::stats`]. The tests take a lock so that they measure
//! one at a time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use jaxrs_core::api::jit::{JitArg, JitCache};
use jaxrs_core::numpy as jnp;
use jaxrs_core::{lax, Array};
use jaxrs_runtime::pool::{self, PoolStats};

/// The system allocator, counting the bytes live now and the most ever live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's own pointer and layout, which
// keeps `GlobalAlloc`'s contract; the counters are plain atomics and never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl).
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl).
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl).
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One measuring test at a time (the counters are process-wide).
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    jaxrs_runtime::install();
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// What one measured closure did: the most bytes live above the start, and the pool's
/// counts.
#[derive(Debug)]
struct Measured {
    peak_above_start: usize,
    pool: PoolStats,
    minor_faults: Option<u64>,
}

fn measure<R>(f: impl FnOnce() -> R) -> (R, Measured) {
    let start = LIVE.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    let (pool0, faults0) = (pool::stats(), minor_faults());
    let r = f();
    let m = Measured {
        peak_above_start: PEAK.load(Ordering::Relaxed) - start,
        pool: pool::stats() - pool0,
        minor_faults: minor_faults().zip(faults0).map(|(a, b)| a - b),
    };
    (r, m)
}

/// Minor page faults of this process so far (`/proc/self/stat`, field 10), where Linux
/// reports them.
fn minor_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is parenthesized and may hold spaces: count after it.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split(' ').nth(7)?.parse().ok()
}

/// Per-worker tiles, task lists and rayon's bookkeeping: what a call may allocate beyond
/// its outputs, per thread. `FUSED_CHUNK` elements of a few intermediates take ~50 KiB; a
/// MiB per thread is a generous ceiling that is still 1/40 of a 1e7 `f32` output.
fn slack() -> usize {
    rayon::current_num_threads().max(1) << 20
}

const N: usize = 10_000_000;

fn inputs(n: usize) -> (Array, Array) {
    let x: Vec<f32> = (0..n).map(|i| (i % 1000) as f32 * 0.25 - 100.0).collect();
    let y: Vec<f32> = (0..n).map(|i| (i % 777) as f32 * -0.5).collect();
    (Array::from_vec(x, vec![n]), Array::from_vec(y, vec![n]))
}

/// W1 jitted, as `#[jit] fn w1(x: &Array, y: &Array) -> Array` expands.
fn w1(x: JitArg<'_>, y: JitArg<'_>) -> Array {
    static CACHE: JitCache = JitCache::new("w1", &["x", "y"], &[]);
    CACHE.call(vec![x, y], &[], &|a: &[Array]| 2 * a[0].powi(2) + &a[1])
}

fn data_ptr(a: &Array) -> *const f32 {
    a.as_concrete().unwrap().data().as_slice::<f32>().as_ptr()
}

#[test]
fn w1_peak_is_inputs_plus_one_output_and_repeated_calls_reuse_pages() {
    let _serial = serial();
    let (x, y) = inputs(N);
    let out_bytes = N * 4;
    // Spot values, computed as W1 does in `f32`: 2·x² + y.
    let check = |out: &Array| {
        let (xs, ys) = (x.to_vec::<f32>(), y.to_vec::<f32>());
        let o = out.as_concrete().unwrap().data().as_slice::<f32>();
        for i in [0, 1, 999, 4096, N / 2 + 3, N - 1] {
            assert_eq!(
                o[i].to_bits(),
                (2.0 * (xs[i] * xs[i]) + ys[i]).to_bits(),
                "{i}"
            );
        }
    };
    let call = || w1(JitArg::Borrowed(&x), JitArg::Borrowed(&y));
    // The first call traces and compiles; its peak includes that.
    let (first, m1) = measure(call);
    check(&first);
    drop(first);
    eprintln!("W1 first call: {m1:?}");
    assert!(m1.peak_above_start >= out_bytes);
    for i in 0..3 {
        let ((), m) = measure(|| drop(call()));
        eprintln!("W1 call {}: {m:?}", i + 2);
        // Inputs are read where they lie: a cache hit copies neither (2 × 40 MB), and the
        // output takes the memory of the previous one (below): nothing new is live.
        assert!(
            m.peak_above_start <= slack(),
            "peak {} bytes above the inputs and the pool",
            m.peak_above_start
        );
        // One pooled buffer per call, the output: the previous call's output, dropped,
        // went back to the pool (`Backend::recycle`) and serves it, so no call allocates.
        assert_eq!(
            (m.pool.takes, m.pool.fresh, m.pool.reused),
            (1, 0, 1),
            "{m:?}"
        );
        // The allocator keeps the freed output's pages (`pool::keep_freed_memory`): the
        // next output reuses them instead of faulting ~9,800 fresh 4 KiB pages.
        if let Some(f) = m.minor_faults {
            assert!(f < 500, "{f} minor page faults in one call");
        }
    }
    let out = call();
    check(&out);
}

#[test]
fn w1_donated_arguments_become_the_next_outputs() {
    let _serial = serial();
    let n = 1 << 20;
    let (_, y) = inputs(n);
    // Only `x` is made (no array is dropped beside it, which would feed the pool).
    let fresh_x = || Array::from_vec((0..n).map(|i| (i % 1000) as f32 * 0.25).collect(), vec![n]);
    // The outputs are kept: dropped, they would go to the pool too (`Backend::recycle`).
    let mut outs = Vec::new();
    let (mut prev_x_ptr, mut calls) = (None, 0);
    for _ in 0..4 {
        let x = fresh_x();
        let want: Vec<f32> = x
            .to_vec::<f32>()
            .iter()
            .zip(y.to_vec::<f32>())
            .map(|(a, b)| 2.0 * (a * a) + b)
            .collect();
        let ptr = data_ptr(&x);
        let (out, m) = measure(|| w1(JitArg::Donated(x), JitArg::Borrowed(&y)));
        assert_eq!(out.to_vec::<f32>(), want);
        calls += 1;
        if let Some(p) = prev_x_ptr {
            // The output lives in the buffer donated by the previous call: dead after its
            // last reader, it went to the pool, and this call's output took it.
            assert_eq!(data_ptr(&out), p, "call {calls}");
            assert_eq!((m.pool.fresh, m.pool.reused, m.pool.given), (0, 1, 1));
        }
        prev_x_ptr = Some(ptr);
        outs.push(out);
    }
}

/// Three elementwise runs split by two full reductions: `t1 = f(x, y)`, `t2 = g(t1,
/// sum(t1))`, `out = h(t2, max(t2))`, ten elementwise operations in all.
fn chain(x: JitArg<'_>, y: JitArg<'_>) -> Array {
    static CACHE: JitCache = JitCache::new("chain", &["x", "y"], &[]);
    CACHE.call(vec![x, y], &[], &|a: &[Array]| {
        let t1 = lax::tanh(&(&a[0] * 0.5 + &a[1])) - 1.0;
        let s = lax::reduce_sum(&t1, &[0]);
        let t2 = lax::exp(&(&t1 * 0.25)) * &a[1] + &s;
        let m = lax::reduce_max(&t2, &[0]);
        lax::abs(&(&t2 - &m)) + &a[0]
    })
}

#[test]
fn intermediates_are_freed_at_their_last_use_and_reused() {
    let _serial = serial();
    let n = 1 << 20;
    let bytes = n * 4;
    let (x, y) = inputs(n);
    let want = {
        let t1 = lax::tanh(&(&x * 0.5 + &y)) - 1.0;
        let t2 = lax::exp(&(&t1 * 0.25)) * &y + lax::reduce_sum(&t1, &[0]);
        lax::abs(&(&t2 - lax::reduce_max(&t2, &[0]))) + &x
    };
    let call = || chain(JitArg::Borrowed(&x), JitArg::Borrowed(&y));
    // The intermediates `want` dropped are not the program's.
    pool::release();
    let (first, m1) = measure(call);
    eprintln!("chain first call: {m1:?}");
    assert_eq!(first.to_vec::<f32>(), want.to_vec::<f32>());
    // The outputs are kept, so that only the program's own dead buffers feed the pool.
    let mut outs = vec![first];
    for _ in 0..3 {
        let (out, m) = measure(call);
        eprintln!("chain: {m:?}");
        assert_eq!(out.to_vec::<f32>(), want.to_vec::<f32>());
        // t1, t2 and the output are pooled requests; t1 is dead once t2 exists, so the
        // output takes its buffer, and t2 (dead at the end) serves the next call's t1.
        assert_eq!(
            (m.pool.takes, m.pool.fresh, m.pool.reused),
            (3, 1, 2),
            "{m:?}"
        );
        // Above what was live before (the inputs and one pooled buffer): the new t2 or
        // the output, never three arrays at once.
        assert!(
            m.peak_above_start <= bytes + slack(),
            "peak {} bytes above the start, one array is {bytes}",
            m.peak_above_start
        );
        outs.push(out);
    }
}

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let err = std::panic::catch_unwind(f).expect_err("the allocation must fail");
    match err.downcast::<String>() {
        Ok(s) => *s,
        Err(e) => e
            .downcast::<&str>()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    }
}

#[test]
fn impossible_arrays_panic_naming_bytes_and_shape() {
    let _serial = serial();
    assert_eq!(jaxrs_core::backend::name(), "runtime");
    let msg = panic_message(|| {
        jnp::zeros([200_000, 200_000]);
    });
    assert_eq!(
        msg,
        "RESOURCE_EXHAUSTED: Out of memory allocating 160000000000 bytes. \
         (float32 array of shape (200000, 200000))"
    );
    // The process is usable afterwards: eager operations, reductions, a transpose.
    let x = jnp::ones([3, 2]);
    assert_eq!(jnp::sum(&x).item::<f32>(), 6.0);
    assert_eq!(x.T().shape(), &[2, 3]);
    let msg = panic_message(|| {
        jnp::ones([100_000, 100_000, 10]).sum();
    });
    assert!(msg.contains("400000000000 bytes"), "{msg}");
}
