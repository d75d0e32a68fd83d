//! `jaxrs::nn::initializers`: functions that make initializers, each a closure
//! `init(&key, &shape) -> Array` drawing JAX's bits for the same key.
//!
//! JAX counterpart: `jax/_src/nn/initializers.py`. `zeros` and `ones` are initializers
//! themselves; the others are factories (`glorot_normal()` returns the initializer), with
//! JAX's keyword arguments through their `_with` twins.

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::numpy::{self as jnp, scalar_array};
use crate::random;

/// An initializer: `init(&key, &shape)` returns a new array of that shape.
pub type Initializer = Box<dyn Fn(&Array, &[usize]) -> Array + Send + Sync>;

/// `jax.nn.initializers.zeros(key, shape)`: `float32` zeros (the key is unused).
#[track_caller]
pub fn zeros(_key: &Array, shape: &[usize]) -> Array {
    jnp::zeros(shape.to_vec())
}

/// `jax.nn.initializers.ones(key, shape)`: `float32` ones (the key is unused).
#[track_caller]
pub fn ones(_key: &Array, shape: &[usize]) -> Array {
    jnp::ones(shape.to_vec())
}

crate::keywords! {
    /// The `dtype` keyword of the initializer factories (default `float32`).
    DtypeKw {
        /// `dtype`: the dtype of the arrays the initializer makes.
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.nn.initializers.constant(value)`: arrays full of `value`.
pub fn constant(value: f64) -> Initializer {
    constant_with(value, |kw| kw)
}

/// `jax.nn.initializers.constant(value, dtype=..)`.
pub fn constant_with(value: f64, f: impl FnOnce(DtypeKw) -> DtypeKw) -> Initializer {
    let dtype = crate::keywords::apply::<DtypeKw>(f).dtype;
    Box::new(move |_key, shape| jnp::full_with(shape.to_vec(), value, |kw| kw.dtype(dtype)))
}

/// A NumPy-style constant of `dtype` (`jnp.array(v, dtype)`).
fn konst(v: f64, dtype: DType) -> Array {
    scalar_array(Scalar::Float(v), dtype.canonicalize(), false)
}

crate::keywords! {
    /// Keywords of `jax.nn.initializers.uniform(scale=1e-2, dtype=None)`.
    UniformKw {
        /// `scale`: the upper bound (default `1e-2`).
        scale: f64 = 1e-2; (scale: f64) => scale,
        /// `dtype`: the result dtype (default `float32`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.nn.initializers.uniform()`: `uniform(key, shape) * scale`, on `[0, 0.01)`.
pub fn uniform() -> Initializer {
    uniform_with(|kw| kw)
}

/// `jax.nn.initializers.uniform(scale=.., dtype=..)`.
pub fn uniform_with(f: impl FnOnce(UniformKw) -> UniformKw) -> Initializer {
    let kw = crate::keywords::apply::<UniformKw>(f);
    Box::new(move |key, shape| {
        let u = random::uniform_with(key, shape.to_vec(), |k| k.dtype(kw.dtype));
        jnp::multiply(u, konst(kw.scale, kw.dtype))
    })
}

crate::keywords! {
    /// Keywords of `jax.nn.initializers.normal(stddev=1e-2, dtype=None)` and
    /// `truncated_normal(stddev=1e-2, dtype=None, lower=-2.0, upper=2.0)`.
    NormalKw {
        /// `stddev`: the standard deviation (default `1e-2`).
        stddev: f64 = 1e-2; (stddev: f64) => stddev,
        /// `dtype`: the result dtype (default `float32`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
        /// `lower`: the lower truncation bound in standard deviations (`truncated_normal`
        /// only; default `-2.0`).
        lower: f64 = -2.0; (lower: f64) => lower,
        /// `upper`: the upper truncation bound (`truncated_normal` only; default `2.0`).
        upper: f64 = 2.0; (upper: f64) => upper,
    }
}

/// Keywords of `jax.nn.initializers.truncated_normal` ([`NormalKw`]).
pub type TruncatedNormalKw = NormalKw;

/// `jax.nn.initializers.normal()`: `normal(key, shape) * 0.01`.
pub fn normal() -> Initializer {
    normal_with(|kw| kw)
}

/// `jax.nn.initializers.normal(stddev=.., dtype=..)`.
pub fn normal_with(f: impl FnOnce(NormalKw) -> NormalKw) -> Initializer {
    let kw = crate::keywords::apply::<NormalKw>(f);
    Box::new(move |key, shape| {
        let n = random::normal_with(key, shape.to_vec(), |k| k.dtype(kw.dtype));
        jnp::multiply(n, konst(kw.stddev, kw.dtype))
    })
}

/// `jax.nn.initializers.truncated_normal()`: `truncated_normal(key, -2, 2, shape) * 0.01`.
pub fn truncated_normal() -> Initializer {
    truncated_normal_with(|kw| kw)
}

/// `jax.nn.initializers.truncated_normal(stddev=.., dtype=.., lower=.., upper=..)`.
pub fn truncated_normal_with(
    f: impl FnOnce(TruncatedNormalKw) -> TruncatedNormalKw,
) -> Initializer {
    let kw = crate::keywords::apply::<TruncatedNormalKw>(f);
    Box::new(move |key, shape| {
        let t = random::truncated_normal_with(key, kw.lower, kw.upper, |k| {
            k.shape(shape.to_vec()).dtype(kw.dtype)
        });
        jnp::multiply(t, konst(kw.stddev, kw.dtype))
    })
}

crate::keywords! {
    /// Keywords of `jax.nn.initializers.variance_scaling` and of the `glorot_*`, `lecun_*`
    /// and `he_*` factories: `in_axis=-2, out_axis=-1, batch_axis=(), dtype=None`.
    VarianceScalingKw {
        /// `in_axis`: the input axes (default `[-2]`).
        in_axis: Vec<isize> = vec![-2]; (axes: impl AsRef<[isize]>) => axes.as_ref().to_vec(),
        /// `out_axis`: the output axes (default `[-1]`).
        out_axis: Vec<isize> = vec![-1]; (axes: impl AsRef<[isize]>) => axes.as_ref().to_vec(),
        /// `batch_axis`: the batch axes (default none).
        batch_axis: Vec<isize> = Vec::new(); (axes: impl AsRef<[isize]>) => axes.as_ref().to_vec(),
        /// `dtype`: the result dtype (default `float32`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// Keywords of the `glorot_*`/`lecun_*`/`he_*` factories ([`VarianceScalingKw`]).
pub type GlorotKw = VarianceScalingKw;

/// `_compute_fans`: `(fan_in, fan_out)` of a weight shape.
///
/// # Panics
/// JAX's message for a shape of rank below 2 with the default `in_axis`.
#[track_caller]
fn compute_fans(shape: &[usize], kw: &VarianceScalingKw) -> (f64, f64) {
    if kw.in_axis == [-2] && shape.len() <= 1 {
        panic!(
            "Can't compute input and output sizes of a {}-dimensional weights tensor with \
             default in_axis. Must be at least 2D or specify in_axis explicitly.",
            shape.len()
        );
    }
    let size = |axes: &[isize]| -> f64 {
        axes.iter()
            .map(|&a| shape[crate::shape::canonicalize_axis(a, shape.len())] as f64)
            .product()
    };
    let (in_size, out_size, batch) = (size(&kw.in_axis), size(&kw.out_axis), size(&kw.batch_axis));
    let total: f64 = shape.iter().map(|&d| d as f64).product();
    let receptive = total / in_size / out_size / batch;
    (in_size * receptive, out_size * receptive)
}

/// `jax.nn.initializers.variance_scaling(scale, mode, distribution)`: samples scaled so
/// their variance is `scale / n`, `n` the fan named by `mode` (`"fan_in"`, `"fan_out"`,
/// `"fan_avg"`, `"fan_geo_avg"`); `distribution` is `"truncated_normal"`, `"normal"` or
/// `"uniform"`.
///
/// # Panics
/// When the initializer runs: `invalid mode for variance scaling initializer: x`,
/// `invalid distribution for variance scaling initializer: x`.
pub fn variance_scaling(scale: f64, mode: &str, distribution: &str) -> Initializer {
    variance_scaling_with(scale, mode, distribution, |kw| kw)
}

/// `jax.nn.initializers.variance_scaling(scale, mode, distribution, in_axis=.., ..)`.
pub fn variance_scaling_with(
    scale: f64,
    mode: &str,
    distribution: &str,
    f: impl FnOnce(VarianceScalingKw) -> VarianceScalingKw,
) -> Initializer {
    let kw = crate::keywords::apply::<VarianceScalingKw>(f);
    let (mode, distribution) = (mode.to_string(), distribution.to_string());
    Box::new(move |key, shape| {
        let (fan_in, fan_out) = compute_fans(shape, &kw);
        let denominator = match mode.as_str() {
            "fan_in" => fan_in,
            "fan_out" => fan_out,
            "fan_avg" => (fan_in + fan_out) / 2.0,
            "fan_geo_avg" => (fan_in * fan_out).sqrt(),
            other => panic!("invalid mode for variance scaling initializer: {other}"),
        };
        let dtype = kw.dtype;
        let variance = konst(scale / denominator, dtype);
        let shape = shape.to_vec();
        match distribution.as_str() {
            "truncated_normal" => {
                let stddev =
                    jnp::divide(jnp::sqrt(&variance), konst(0.879_625_661_034_239_8, dtype));
                let t = random::truncated_normal_with(key, -2, 2, |k| k.shape(shape).dtype(dtype));
                jnp::multiply(t, stddev)
            }
            "normal" => {
                let n = random::normal_with(key, shape, |k| k.dtype(dtype));
                jnp::multiply(n, jnp::sqrt(&variance))
            }
            "uniform" => {
                let u = random::uniform_with(key, shape, |k| k.dtype(dtype).minval(-1));
                jnp::multiply(u, jnp::sqrt(jnp::multiply(3, &variance)))
            }
            other => panic!("invalid distribution for variance scaling initializer: {other}"),
        }
    })
}

macro_rules! variance_factories {
    ($($name:ident, $with:ident, $scale:literal, $mode:literal, $dist:literal;)*) => {$(
        #[doc = concat!("`jax.nn.initializers.", stringify!($name), "()`: `variance_scaling(", stringify!($scale), ", \"", $mode, "\", \"", $dist, "\")`.")]
        ///
        /// # Examples
        /// ```
        /// use jaxrs_core::{nn::initializers, random};
        #[doc = concat!("let init = initializers::", stringify!($name), "();")]
        /// let w = init(&random::prng_key(0), &[3, 4]);
        /// assert_eq!(w.shape(), &[3, 4]);
        /// ```
        pub fn $name() -> Initializer {
            $with(|kw| kw)
        }

        #[doc = concat!("`jax.nn.initializers.", stringify!($name), "(in_axis=.., out_axis=.., batch_axis=.., dtype=..)`.")]
        pub fn $with(f: impl FnOnce(GlorotKw) -> GlorotKw) -> Initializer {
            variance_scaling_with($scale, $mode, $dist, f)
        }
    )*};
}

variance_factories! {
    glorot_uniform, glorot_uniform_with, 1.0, "fan_avg", "uniform";
    glorot_normal, glorot_normal_with, 1.0, "fan_avg", "truncated_normal";
    lecun_uniform, lecun_uniform_with, 1.0, "fan_in", "uniform";
    lecun_normal, lecun_normal_with, 1.0, "fan_in", "truncated_normal";
    he_uniform, he_uniform_with, 2.0, "fan_in", "uniform";
    he_normal, he_normal_with, 2.0, "fan_in", "truncated_normal";
}

pub use glorot_normal as xavier_normal;
pub use glorot_uniform as xavier_uniform;
pub use he_normal as kaiming_normal;
pub use he_uniform as kaiming_uniform;
