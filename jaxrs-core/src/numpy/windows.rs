//! Window functions: `bartlett`, `blackman`, `hamming`, `hanning`.
//!
//! JAX counterpart: `jax/_src/numpy/window_functions.py`: each is a formula in `n =
//! iota(M)` in the default float dtype, written here with JAX's Python scalars (weakly
//! typed), so the rounding is JAX's. (`kaiser` needs `i0`, which is not written yet.)

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::{self as jnp};

/// The window of `m <= 1` points: ones.
fn short(m: usize) -> Option<Array> {
    (m <= 1).then(|| jnp::ones_with([m], |k| k.dtype(DType::default_float())))
}

fn iota(m: usize) -> Array {
    lax::iota(DType::default_float(), m)
}

/// `jnp.bartlett(M)`: the triangular window `1 - |2n + 1 - M| / (M - 1)`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::bartlett(5).to_vec::<f32>(), vec![0.0, 0.5, 1.0, 0.5, 0.0]);
/// ```
pub fn bartlett(m: usize) -> Array {
    if let Some(w) = short(m) {
        return w;
    }
    let n = iota(m);
    let t = jnp::subtract(jnp::add(jnp::multiply(2, &n), 1), m as i64);
    jnp::subtract(1, jnp::divide(jnp::abs(t), (m - 1) as i64))
}

/// `2 * pi * k * n / (M - 1)`, with `2 * pi * k` one Python float as in JAX.
fn phase(n: &Array, k: f64, m: usize) -> Array {
    jnp::divide(jnp::multiply(k * std::f64::consts::PI, n), (m - 1) as i64)
}

/// `jnp.blackman(M)`: `0.42 - 0.5 cos(2πn/(M-1)) + 0.08 cos(4πn/(M-1))`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::blackman(1).to_vec::<f32>(), vec![1.0]);
/// // JAX's float32 rounding: the middle of 3 points is 0.99999994, not 1.
/// assert_eq!(jnp::blackman(3).to_vec::<f32>()[1], 0.99999994);
/// ```
pub fn blackman(m: usize) -> Array {
    if let Some(w) = short(m) {
        return w;
    }
    let n = iota(m);
    jnp::add(
        jnp::subtract(0.42, jnp::multiply(0.5, jnp::cos(phase(&n, 2.0, m)))),
        jnp::multiply(0.08, jnp::cos(phase(&n, 4.0, m))),
    )
}

/// `jnp.hamming(M)`: `0.54 - 0.46 cos(2πn/(M-1))`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::hamming(3).to_vec::<f32>()[1], 1.0);
/// ```
pub fn hamming(m: usize) -> Array {
    if let Some(w) = short(m) {
        return w;
    }
    let n = iota(m);
    jnp::subtract(0.54, jnp::multiply(0.46, jnp::cos(phase(&n, 2.0, m))))
}

/// `jnp.hanning(M)`: `0.5 (1 - cos(2πn/(M-1)))`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::hanning(3).to_vec::<f32>(), vec![0.0, 1.0, 0.0]);
/// ```
pub fn hanning(m: usize) -> Array {
    if let Some(w) = short(m) {
        return w;
    }
    let n = iota(m);
    jnp::multiply(0.5, jnp::subtract(1, jnp::cos(phase(&n, 2.0, m))))
}
