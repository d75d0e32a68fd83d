//! Output allocation: fallible, so an impossible array panics with a message instead of
//! aborting the process, and a pool of freed buffers that compiled programs reuse so
//! repeated calls do not page-fault fresh outputs.
//!
//! JAX counterpart: XLA's `RESOURCE_EXHAUSTED` error from the CPU client's allocator, and
//! its buffer assignment (`xla/service/buffer_assignment.cc`), which reuses dead buffers.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use jaxrs_core::buffer::{Buffer, BufferElement};
use jaxrs_core::dtype::{DType, Element, Scalar};
use jaxrs_core::shape::py_tuple;
use jaxrs_core::with_dtype;

/// A `Vec` of `n` copies of `fill` for an array of `dtype` and `shape`.
///
/// # Panics
/// With JAX's `RESOURCE_EXHAUSTED: Out of memory allocating N bytes.` followed by the
/// array's dtype and shape, when the allocator refuses; the process stays usable (nothing
/// was allocated).
#[track_caller]
pub fn alloc_vec<T: Copy>(n: usize, fill: T, dtype: DType, shape: &[usize]) -> Vec<T> {
    let mut v: Vec<T> = Vec::new();
    if v.try_reserve_exact(n).is_err() {
        out_of_memory(n, dtype, shape);
    }
    v.resize(n, fill);
    v
}

/// A copy of `values`, the elements of an array of `dtype` and `shape` (see [`alloc_vec`]:
/// an impossible copy panics instead of aborting).
#[track_caller]
pub fn copy_vec<T: Copy>(values: &[T], dtype: DType, shape: &[usize]) -> Vec<T> {
    let mut v: Vec<T> = Vec::new();
    if v.try_reserve_exact(values.len()).is_err() {
        out_of_memory(values.len(), dtype, shape);
    }
    v.extend_from_slice(values);
    v
}

/// Panics as [`alloc_vec`] does for `n` elements.
#[track_caller]
pub fn out_of_memory(n: usize, dtype: DType, shape: &[usize]) -> ! {
    let bytes = (n as u128) * dtype.itemsize() as u128;
    panic!(
        "RESOURCE_EXHAUSTED: Out of memory allocating {bytes} bytes. ({} array of shape {})",
        dtype.name(),
        py_tuple(shape)
    )
}

/// A buffer of `n` zeros of `dtype` for an array of `shape` (see [`alloc_vec`]).
#[track_caller]
pub fn zeros(dtype: DType, shape: &[usize]) -> Buffer {
    let n = shape.iter().product();
    with_dtype!(dtype, T => T::into_buffer(alloc_vec(n, T::from_scalar(Scalar::Int(0)), dtype, shape)))
}

thread_local! {
    /// Freed buffers by dtype and length, per thread (a compiled program runs its
    /// equations on the calling thread).
    static FREE: RefCell<Vec<Buffer>> = const { RefCell::new(Vec::new()) };
}

/// Smaller buffers are cheaper to allocate than to search for; the pool ignores them.
pub const MIN_POOLED: usize = 1024;

/// How many buffers the pool keeps per thread; beyond that, the oldest are dropped.
pub const POOL_CAPACITY: usize = 16;

/// How many bytes the pool keeps per thread: memory that dropped arrays leave mapped for
/// the next outputs of their sizes (a few 1e7-element outputs).
pub const POOL_BYTES: usize = 256 << 20;

/// Counters of the pool since the process started, process-wide (every thread's pool):
/// what [`stats`] returns. Tests and benchmarks read them to show that repeated calls reuse
/// buffers instead of page-faulting fresh ones.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Poolable requests to [`take`] (buffers of at least [`MIN_POOLED`] elements).
    pub takes: u64,
    /// Requests the pool could not serve: fresh allocations.
    pub fresh: u64,
    /// Bytes of those fresh allocations.
    pub fresh_bytes: u64,
    /// Requests served by a buffer from the pool.
    pub reused: u64,
    /// Buffers [`give`] put into the pool.
    pub given: u64,
    /// Buffers dropped because the pool was full.
    pub evicted: u64,
}

impl std::ops::Sub for PoolStats {
    type Output = PoolStats;
    /// The counts between two snapshots (`after - before`).
    fn sub(self, before: PoolStats) -> PoolStats {
        PoolStats {
            takes: self.takes - before.takes,
            fresh: self.fresh - before.fresh,
            fresh_bytes: self.fresh_bytes - before.fresh_bytes,
            reused: self.reused - before.reused,
            given: self.given - before.given,
            evicted: self.evicted - before.evicted,
        }
    }
}

/// The counters behind [`PoolStats`]: relaxed atomics, one increment per pooled buffer
/// (at least 4 KiB of data), so they cost nothing next to the buffer they count.
struct Counters {
    takes: AtomicU64,
    fresh: AtomicU64,
    fresh_bytes: AtomicU64,
    reused: AtomicU64,
    given: AtomicU64,
    evicted: AtomicU64,
}

static COUNTERS: Counters = Counters {
    takes: AtomicU64::new(0),
    fresh: AtomicU64::new(0),
    fresh_bytes: AtomicU64::new(0),
    reused: AtomicU64::new(0),
    given: AtomicU64::new(0),
    evicted: AtomicU64::new(0),
};

fn count(c: &AtomicU64, by: u64) {
    c.fetch_add(by, Ordering::Relaxed);
}

/// A snapshot of the pool's counters.
///
/// # Examples
/// ```
/// use jaxrs_core::dtype::DType;
/// use jaxrs_runtime::pool;
/// let before = pool::stats();
/// pool::give(pool::take(DType::F32, &[4096]));
/// let b = pool::take(DType::F32, &[4096]); // served by the buffer just given back
/// let d = pool::stats() - before;
/// assert!(d.takes == 2 && d.given == 1 && d.fresh + d.reused == 2);
/// # drop(b);
/// ```
pub fn stats() -> PoolStats {
    let c = &COUNTERS;
    PoolStats {
        takes: c.takes.load(Ordering::Relaxed),
        fresh: c.fresh.load(Ordering::Relaxed),
        fresh_bytes: c.fresh_bytes.load(Ordering::Relaxed),
        reused: c.reused.load(Ordering::Relaxed),
        given: c.given.load(Ordering::Relaxed),
        evicted: c.evicted.load(Ordering::Relaxed),
    }
}

/// A buffer of `dtype` with `shape`'s element count whose contents are unspecified (a
/// pooled one when available; zeros when fresh). Callers overwrite every element.
#[track_caller]
pub fn take(dtype: DType, shape: &[usize]) -> Buffer {
    let n: usize = shape.iter().product();
    if n < MIN_POOLED {
        return zeros(dtype, shape);
    }
    count(&COUNTERS.takes, 1);
    let hit = FREE
        .try_with(|f| {
            let mut f = f.borrow_mut();
            let i = f.iter().position(|b| b.dtype() == dtype && b.len() == n)?;
            Some(f.remove(i))
        })
        .ok()
        .flatten();
    match hit {
        Some(b) => {
            count(&COUNTERS.reused, 1);
            b
        }
        None => {
            let b = zeros(dtype, shape);
            count(&COUNTERS.fresh, 1);
            count(&COUNTERS.fresh_bytes, (n * dtype.itemsize()) as u64);
            b
        }
    }
}

/// Returns a dead buffer to this thread's pool: a compiled program's dead intermediate,
/// or any concrete array being dropped (the runtime's [`jaxrs_core::backend::Backend::recycle`]).
/// The pool keeps at most [`POOL_CAPACITY`] buffers and [`POOL_BYTES`] bytes per thread,
/// dropping the oldest beyond that.
pub fn give(buffer: Buffer) {
    let bytes = buffer.len() * buffer.dtype().itemsize();
    if buffer.len() < MIN_POOLED || bytes > POOL_BYTES {
        return;
    }
    count(&COUNTERS.given, 1);
    // A thread's pool is gone while the thread exits: then the buffer is freed.
    let _ = FREE.try_with(|f| {
        let mut f = f.borrow_mut();
        let mut held: usize = f.iter().map(|b| b.len() * b.dtype().itemsize()).sum();
        while !f.is_empty() && (f.len() >= POOL_CAPACITY || held + bytes > POOL_BYTES) {
            let old = f.remove(0);
            held -= old.len() * old.dtype().itemsize();
            count(&COUNTERS.evicted, 1);
        }
        f.push(buffer);
    });
}

/// Frees the buffers this thread's pool holds (memory that dropped arrays left for reuse).
pub fn release() {
    let _ = FREE.try_with(|f| f.borrow_mut().clear());
}

/// Allocations [`take`] made fresh so far, process-wide ([`PoolStats::fresh`]).
pub fn fresh_allocations() -> usize {
    stats().fresh as usize
}

/// Typed [`take`]: the pooled `Vec<T>` when one fits.
#[track_caller]
pub fn take_vec<T: BufferElement>(shape: &[usize]) -> Vec<T> {
    let mut b = take(T::DTYPE, shape);
    std::mem::take(T::vec_mut(&mut b).expect("take returns the asked dtype"))
}

/// Makes glibc keep freed blocks for reuse instead of unmapping them.
///
/// glibc serves blocks above 32 MiB with `mmap` and unmaps them on `free`, so every fresh
/// 40 MB output (an array of 1e7 `f32`) costs ~10k page faults, which made `2 * x**2 + y`
/// at 1e7 several times slower than its memory traffic (DESIGN.md, "Measured facts"; XLA
/// keeps its own caching allocator for the same reason). Serving all blocks from the heap
/// and trimming it only past 1 GiB of free space lets the next output of that size reuse
/// the pages. The cost: up to that much freed memory stays mapped.
#[cfg(all(target_os = "linux", target_env = "gnu", not(miri)))]
pub fn keep_freed_memory() {
    // SAFETY: `mallopt` only sets allocator parameters; glibc documents it as safe to call
    // at any time from any thread, and these parameters and values are documented ones.
    unsafe {
        libc::mallopt(libc::M_MMAP_MAX, 0);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}

/// Makes the allocator keep freed blocks (nothing to do on this platform).
#[cfg(not(all(target_os = "linux", target_env = "gnu", not(miri))))]
pub fn keep_freed_memory() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    // Miri stops the interpreter at an allocation it cannot serve instead of failing it.
    #[cfg_attr(miri, ignore)]
    fn impossible_allocation_panics_and_the_process_goes_on() {
        let r = std::panic::catch_unwind(|| zeros(DType::F32, &[200_000, 200_000, 1000]));
        let msg = *r.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(
            msg,
            "RESOURCE_EXHAUSTED: Out of memory allocating 160000000000000 bytes. \
             (float32 array of shape (200000, 200000, 1000))"
        );
        assert_eq!(zeros(DType::F32, &[3]).len(), 3);
    }

    #[test]
    fn the_pool_keeps_its_newest_buffers_up_to_its_capacity() {
        release();
        let before = stats();
        for len in 0..POOL_CAPACITY + 2 {
            give(Buffer::zeros(DType::F32, MIN_POOLED + len));
        }
        // The two oldest were dropped; the newest is still there.
        assert!(stats().evicted - before.evicted >= 2);
        assert_eq!(FREE.with(|f| f.borrow().len()), POOL_CAPACITY);
        let _ = take(DType::F32, &[MIN_POOLED + POOL_CAPACITY + 1]);
        assert_eq!(FREE.with(|f| f.borrow().len()), POOL_CAPACITY - 1);
        release();
        assert_eq!(FREE.with(|f| f.borrow().len()), 0);
    }

    #[test]
    fn pooled_buffers_are_reused() {
        give(Buffer::zeros(DType::F32, 5000));
        let before = fresh_allocations();
        let b = take(DType::F32, &[50, 100]);
        assert_eq!(b.len(), 5000);
        assert_eq!(fresh_allocations(), before);
    }
}
