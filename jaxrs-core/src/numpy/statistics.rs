//! Statistics: `average` (with weights).
//!
//! JAX counterpart: `jax/_src/numpy/reductions.py` (`_average`).

use crate::array::Array;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::reductions::{Axes, IntoAxes};
use crate::numpy::{self as jnp};
use crate::shape::canonicalize_axis;

crate::keywords! {
    /// Keywords of `jnp.average(a, axis=None, weights=None, returned=False,
    /// keepdims=False)` (`returned=True` is [`average_returned`]).
    AverageKw {
        /// `axis`: the axes averaged over (default all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `weights`: one weight per element, or per element along `axis` (default equal).
        weights: Option<Operand> = None; (weights: impl ArrayLike) => Some(weights.into_operand()),
        /// `keepdims`: keep reduced axes as length-1 axes (default `false`).
        keepdims: bool = false; (keepdims: bool) => keepdims,
    }
}

/// `jnp.average(a)`: the mean of all elements. Keywords through [`average_with`].
#[track_caller]
pub fn average(a: impl ArrayLike) -> Array {
    average_with(a, |kw| kw)
}

/// `jnp.average(a, axis=.., weights=.., keepdims=..)`: `sum(a * w) / sum(w)`.
///
/// # Panics
/// `Axis must be specified when shapes of a and weights differ.`; `Shape of weights must be
/// consistent with shape of a along specified axis.`
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([1.0, 2.0, 4.0]);
/// let avg = jnp::average_with(&a, |kw| kw.weights(jnp::array([1.0, 1.0, 2.0])));
/// assert_eq!(avg.item::<f32>(), 2.75);
/// ```
#[track_caller]
pub fn average_with(a: impl ArrayLike, f: impl FnOnce(AverageKw) -> AverageKw) -> Array {
    average_returned(a, f).0
}

/// `jnp.average(a, .., returned=True)`: `(average, sum of weights)`, the sum broadcast to
/// the average's shape.
#[track_caller]
pub fn average_returned(
    a: impl ArrayLike,
    f: impl FnOnce(AverageKw) -> AverageKw,
) -> (Array, Array) {
    let kw = crate::keywords::apply::<AverageKw>(f);
    let a = a.into_operand();
    let nd = a.shape().len();
    let axis_tuple: Vec<usize> = match &kw.axis {
        Axes::All => (0..nd).collect(),
        Axes::Some(v) => v.iter().map(|&d| canonicalize_axis(d, nd)).collect(),
    };
    let (avg, weights_sum) = match kw.weights {
        None => {
            let a = crate::numpy::ufuncs::promote_args_inexact(vec![a]).remove(0);
            let avg = jnp::mean_with(&a, |k| k.axis(kw.axis.clone()).keepdims(kw.keepdims));
            let n: usize = axis_tuple.iter().map(|&d| a.shape()[d]).product();
            let sum = crate::numpy::scalar_array(
                crate::dtype::Scalar::Int(n as i128),
                avg.dtype(),
                false,
            );
            (avg, sum)
        }
        Some(w) => {
            // `promote_dtypes_inexact`: dtypes only (no rank promotion).
            let aw = crate::numpy::operand::promote_dtypes(vec![a, w]);
            let d = crate::numpy::creation::to_inexact(aw[0].dtype());
            let a = lax::convert_element_type(&aw[0], d, aw[0].weak_type());
            let mut w = lax::convert_element_type(&aw[1], d, aw[1].weak_type());
            if a.shape() != w.shape() {
                if matches!(kw.axis, Axes::All) {
                    panic!("Axis must be specified when shapes of a and weights differ.");
                }
                let along: Vec<usize> = axis_tuple.iter().map(|&d| a.shape()[d]).collect();
                if w.shape() != along.as_slice() {
                    panic!(
                        "Shape of weights must be consistent with shape of a along specified \
                         axis."
                    );
                }
                let new_shape: Vec<usize> = (0..nd)
                    .map(|i| {
                        if axis_tuple.contains(&i) {
                            a.shape()[i]
                        } else {
                            1
                        }
                    })
                    .collect();
                w = lax::reshape(&w, &new_shape);
            }
            let axis = kw.axis.clone();
            let keepdims = kw.keepdims;
            let weights_sum = jnp::sum_with(&w, |k| k.axis(axis.clone()).keepdims(keepdims));
            let total = jnp::sum_with(jnp::multiply(&a, &w), |k| k.axis(axis).keepdims(keepdims));
            (jnp::divide(total, &weights_sum), weights_sum)
        }
    };
    let weights_sum = if avg.shape() != weights_sum.shape() {
        jnp::broadcast_to(&weights_sum, avg.shape().to_vec())
    } else {
        weights_sum
    };
    (avg, weights_sum)
}
