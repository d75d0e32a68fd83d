//! Global switches, as JAX's `jax.config` holds them.
//!
//! JAX counterpart: `jax/_src/config.py` (`jax_enable_x64`, `jax_threefry_partitionable`).
//! Like JAX's flags these are process-wide; set them once, before creating arrays.

use std::sync::atomic::{AtomicBool, Ordering};

static X64: AtomicBool = AtomicBool::new(false);
static THREEFRY_PARTITIONABLE: AtomicBool = AtomicBool::new(false);

/// `jax.config.update("jax_enable_x64", on)`: allow 64-bit dtypes.
///
/// Off by default, as in JAX: `int64`/`uint64`/`float64` requests are canonicalized to
/// their 32-bit counterparts and Rust scalars default to 32 bits.
pub fn enable_x64(on: bool) {
    X64.store(on, Ordering::SeqCst);
}

/// Whether 64-bit dtypes are enabled.
pub fn x64_enabled() -> bool {
    X64.load(Ordering::Relaxed)
}

/// `jax.config.update("jax_threefry_partitionable", on)`: choose how random bits are
/// derived from a key.
///
/// jaxrs defaults to `false` (JAX's classic mode, whose values the JAX docs and the seed
/// walkthrough show); current JAX defaults to `true`. The README lists this difference.
pub fn set_threefry_partitionable(on: bool) {
    THREEFRY_PARTITIONABLE.store(on, Ordering::SeqCst);
}

/// Whether the partitionable threefry mode is on.
pub fn threefry_partitionable() -> bool {
    THREEFRY_PARTITIONABLE.load(Ordering::Relaxed)
}
