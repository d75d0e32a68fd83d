//! `jnp.convolve` and `jnp.correlate` of 1-D arrays, modes `full`, `same`, `valid`.
//!
//! JAX counterpart: `_conv` in `jax/_src/numpy/lax_numpy.py`, which lowers both to
//! `lax.conv_general_dilated`. jaxrs has no convolution primitive: it pads the longer
//! input, gathers its sliding windows and contracts them with the (flipped) shorter one in
//! one `dot_general` (README, "Deliberate differences": the jaxpr differs and the sums are
//! in `dot_general`'s order, not XLA's convolution's).

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::{self as jnp};

crate::keywords! {
    /// Keywords of `jnp.convolve(a, v, mode='full')`.
    ConvolveKw {
        /// `mode`: `"full"` (default), `"same"` or `"valid"`.
        mode: String = "full".to_string(); (mode: &str) => mode.to_string(),
    }
}

crate::keywords! {
    /// Keywords of `jnp.correlate(a, v, mode='valid')`.
    CorrelateKw {
        /// `mode`: `"valid"` (default), `"same"` or `"full"`.
        mode: String = "valid".to_string(); (mode: &str) => mode.to_string(),
    }
}

/// `jnp.convolve(a, v)`: the full discrete convolution of two 1-D arrays, in an inexact
/// dtype. Keywords through [`convolve_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let c = jnp::convolve(jnp::array([1.0, 2.0, 3.0]), jnp::array([0.0, 1.0, 0.5]));
/// assert_eq!(c.to_vec::<f32>(), vec![0.0, 1.0, 2.5, 4.0, 1.5]);
/// ```
///
/// # Panics
/// With JAX's messages: `convolve() only support 1-dimensional inputs.`, `convolve: inputs
/// cannot be empty, got shapes (0,) and (3,).`, `mode must be one of ['full', 'same',
/// 'valid']`.
#[track_caller]
pub fn convolve(a: impl ArrayLike, v: impl ArrayLike) -> Array {
    convolve_with(a, v, |kw| kw)
}

/// `jnp.convolve(a, v, mode=..)`.
#[track_caller]
pub fn convolve_with(
    a: impl ArrayLike,
    v: impl ArrayLike,
    f: impl FnOnce(ConvolveKw) -> ConvolveKw,
) -> Array {
    let mode = crate::keywords::apply::<ConvolveKw>(f).mode;
    conv(a.into_operand(), v.into_operand(), &mode, "convolve")
}

/// `jnp.correlate(a, v)`: the cross-correlation `c[k] = sum_n a[n + k] v[n]` of two 1-D
/// arrays over the overlaps where `v` lies inside `a` (mode `valid`). Keywords through
/// [`correlate_with`].
#[track_caller]
pub fn correlate(a: impl ArrayLike, v: impl ArrayLike) -> Array {
    correlate_with(a, v, |kw| kw)
}

/// `jnp.correlate(a, v, mode=..)`.
#[track_caller]
pub fn correlate_with(
    a: impl ArrayLike,
    v: impl ArrayLike,
    f: impl FnOnce(CorrelateKw) -> CorrelateKw,
) -> Array {
    let mode = crate::keywords::apply::<CorrelateKw>(f).mode;
    conv(a.into_operand(), v.into_operand(), &mode, "correlate")
}

/// lax_numpy.py `_conv`: orders the operands as JAX does, then correlates.
#[track_caller]
fn conv(x: Operand, y: Operand, mode: &str, op: &str) -> Array {
    if x.shape().len() != 1 || y.shape().len() != 1 {
        panic!("{op}() only support 1-dimensional inputs.");
    }
    let (mut x, mut y) = crate::numpy::inexact2(x, y);
    if x.size() == 0 || y.size() == 0 {
        panic!(
            "{op}: inputs cannot be empty, got shapes ({},) and ({},).",
            x.shape()[0],
            y.shape()[0]
        );
    }
    let mut reverse = false;
    if x.shape()[0] < y.shape()[0] {
        std::mem::swap(&mut x, &mut y);
        // Correlation is not symmetric: swapping the operands reverses the result.
        reverse = op == "correlate";
    }
    if op == "convolve" {
        y = jnp::flip(&y);
    }
    let m = y.shape()[0];
    let (lo, hi) = match mode {
        "valid" => (0, 0),
        "same" => (m / 2, m - m / 2 - 1),
        "full" => (m - 1, m - 1),
        _ => panic!("mode must be one of ['full', 'same', 'valid']"),
    };
    let out = correlate_valid(&x, &y, lo, hi);
    if reverse {
        jnp::flip(&out)
    } else {
        out
    }
}

/// `out[i] = sum_j xpad[i + j] * y[j]` with `x` padded by `lo`/`hi` zeros: the windows of
/// `xpad` gathered into an `[n_out, m]` matrix, contracted with `y`.
#[track_caller]
fn correlate_valid(x: &Array, y: &Array, lo: usize, hi: usize) -> Array {
    let zero = crate::numpy::scalar_array(crate::dtype::Scalar::Int(0), x.dtype(), false);
    let xpad = lax::pad(x, &zero, &[(lo as i64, hi as i64, 0)]);
    let m = y.shape()[0];
    let n_out = xpad.shape()[0] + 1 - m;
    let rows = jnp::expand_dims(jnp::arange(n_out as i64), 1);
    let cols = jnp::expand_dims(jnp::arange(m as i64), 0);
    let windows = jnp::take(&xpad, jnp::add(rows, cols));
    lax::dot_general(&windows, y, (([1], [0]), ([], [])))
}
