//! The samplers of `jax.random`, each with JAX's algorithm so that the values match.
//!
//! JAX counterpart: `jax/_src/random/core.py` (`uniform`/`_uniform`, `normal`/`_normal_real`,
//! ...). Each private `_name` helper is what JAX wraps in `jit`; [`jit_call`] marks those
//! nested calls.

use super::{check_key, random_bits, split_keys};
use crate::array::{Array, Concrete};
use crate::aval::Aval;
use crate::buffer::Buffer;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::{ArrayLike, Operand};
use crate::primitive::Primitive;
use crate::shape::{py_tuple, try_broadcast_shapes, IntoShape};
use crate::trace::bind1;

// ---- helpers ----

/// A nested `jit[name=…]` call of a JAX helper, staged as JAX stages it.
#[track_caller]
pub(super) fn jit_call(
    name: &str,
    args: &[Array],
    f: impl FnOnce(&[Array]) -> Vec<Array>,
) -> Vec<Array> {
    crate::api::jit_call(name, args, f)
}

/// A strongly typed 0-d constant (`np.array(value, dtype)`), inlined in jaxprs as a literal.
pub(crate) fn konst(value: f64, dtype: DType) -> Array {
    literal(Scalar::Float(value), dtype)
}

/// A strongly typed 0-d integer constant, inlined in jaxprs as a literal.
pub(crate) fn int_konst(value: i128, dtype: DType) -> Array {
    literal(Scalar::Int(value), dtype)
}

/// A strongly typed 0-d literal of `dtype`.
pub(crate) fn literal(value: Scalar, dtype: DType) -> Array {
    weak_literal(value, dtype, false)
}

/// A 0-d literal of `dtype` with the given weak type.
pub(crate) fn weak_literal(value: Scalar, dtype: DType, weak: bool) -> Array {
    let data = Buffer::from_scalars(dtype, [value]);
    Array::scalar_literal(Concrete::new(
        Aval::with_weak(Vec::new(), dtype, weak),
        data,
    ))
}

/// `lax.broadcast_to_rank`: prepends unit axes.
#[track_caller]
fn broadcast_to_rank(x: &Array, rank: usize) -> Array {
    let nd = x.ndim();
    if nd >= rank {
        return x.clone();
    }
    let mut shape = vec![1usize; rank - nd];
    shape.extend_from_slice(x.shape());
    bind1(
        Primitive::BroadcastInDim {
            shape,
            broadcast_dimensions: (rank - nd..rank).collect(),
        },
        std::slice::from_ref(x),
    )
}

/// `lax.select(pred, on_true, on_false)`.
#[track_caller]
pub(super) fn select(pred: &Array, on_true: &Array, on_false: &Array) -> Array {
    lax::select_n(pred, &[on_false, on_true])
}

/// `jnp.clip(x, lo, hi)` (a nested `jit[name=clip]`): `min(hi, max(lo, x))`.
#[track_caller]
fn clip(x: &Array, lo: &Array, hi: &Array) -> Array {
    jit_call("clip", &[x.clone(), lo.clone(), hi.clone()], |a| {
        vec![lax::min(&a[2], &lax::max(&a[1], &a[0]))]
    })
    .remove(0)
}

/// NumPy's `finfo` facts the samplers use.
struct Finfo {
    bits: u32,
    nmant: u32,
    tiny: f64,
    epsneg: f64,
}

#[track_caller]
fn finfo(dtype: DType) -> Finfo {
    match dtype {
        DType::F16 => Finfo {
            bits: 16,
            nmant: 10,
            tiny: 2f64.powi(-14),
            epsneg: 2f64.powi(-11),
        },
        DType::BF16 => Finfo {
            bits: 16,
            nmant: 7,
            tiny: 2f64.powi(-126),
            epsneg: 2f64.powi(-8),
        },
        DType::F32 => Finfo {
            bits: 32,
            nmant: 23,
            tiny: 2f64.powi(-126),
            epsneg: 2f64.powi(-24),
        },
        DType::F64 => Finfo {
            bits: 64,
            nmant: 52,
            tiny: f64::MIN_POSITIVE,
            epsneg: 2f64.powi(-53),
        },
        other => unreachable!("finfo of {other}"),
    }
}

fn uint_of_width(bits: u32) -> DType {
    match bits {
        8 => DType::U8,
        16 => DType::U16,
        32 => DType::U32,
        _ => DType::U64,
    }
}

/// Canonicalizes a user's float dtype, refusing others with JAX's message.
#[track_caller]
pub(super) fn float_dtype(name: &str, dtype: DType, what: &str) -> DType {
    let dtype = dtype.canonicalize();
    if !dtype.is_float() {
        panic!("dtype argument to `{name}` must be a {what} dtype, got {dtype}");
    }
    dtype
}

/// `_check_shape`: parameter shapes must broadcast to exactly `shape`.
#[track_caller]
pub(super) fn check_shape(name: &str, shape: &[usize], params: &[&[usize]]) {
    if params.is_empty() {
        return;
    }
    let mut all: Vec<&[usize]> = vec![shape];
    all.extend_from_slice(params);
    let joined = broadcast_shapes(&all);
    if joined != shape {
        panic!(
            "{name} parameter shapes must be broadcast-compatible with shape argument, and the \
             result of broadcasting the shapes must equal the shape argument, but got result {} \
             for shape argument {}.",
            py_tuple(&joined),
            py_tuple(shape)
        );
    }
}

/// The shape `shapes` broadcast to.
///
/// # Panics
/// If they do not broadcast: `Incompatible shapes for broadcasting: shapes=[(2,), (3,)]`.
#[track_caller]
pub(super) fn broadcast_shapes(shapes: &[&[usize]]) -> Vec<usize> {
    match try_broadcast_shapes(shapes) {
        Some(joined) => joined,
        None => {
            let listed: Vec<String> = shapes.iter().map(|s| py_tuple(s)).collect();
            panic!(
                "Incompatible shapes for broadcasting: shapes=[{}]",
                listed.join(", ")
            )
        }
    }
}

/// A user's sample `shape`, checked with [`check_shape`] against the parameter shapes.
#[track_caller]
pub(super) fn checked_shape(name: &str, shape: impl IntoShape, params: &[&[usize]]) -> Vec<usize> {
    let shape = shape.into_shape();
    check_shape(name, &shape, params);
    shape
}

// ---- uniform ----

/// `jax.random.uniform(key, shape)`: `float32` (`float64` with x64) values in `[0, 1)`.
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let u = random::uniform(&random::prng_key(0), [2, 3]);
/// assert_eq!(u.shape(), &[2, 3]);
/// ```
#[track_caller]
pub fn uniform(key: &Array, shape: impl IntoShape) -> Array {
    uniform_with(key, shape, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.uniform` (see the README's keyword rule).
    UniformKw {
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
        /// `minval`: the lower bound (default `0.0`).
        minval: Operand = 0.0.into_operand(); (minval: impl ArrayLike) => minval.into_operand(),
        /// `maxval`: the upper bound (default `1.0`).
        maxval: Operand = 1.0.into_operand(); (maxval: impl ArrayLike) => maxval.into_operand(),
    }
}

/// `jax.random.uniform` with keywords on a [`UniformKw`].
#[track_caller]
pub fn uniform_with(
    key: &Array,
    shape: impl IntoShape,
    f: impl FnOnce(UniformKw) -> UniformKw,
) -> Array {
    let kw = crate::keywords::apply::<UniformKw>(f);
    uniform_positional(key, shape, kw.dtype, kw.minval, kw.maxval)
}

#[track_caller]
fn uniform_positional(
    key: &Array,
    shape: impl IntoShape,
    dtype: DType,
    minval: impl ArrayLike,
    maxval: impl ArrayLike,
) -> Array {
    let key = check_key("uniform", key);
    let dtype = float_dtype("uniform", dtype, "float");
    uniform_typed(
        &key,
        &shape.into_shape(),
        dtype,
        minval.into_operand(),
        maxval.into_operand(),
    )
}

/// `uniform` on a typed key: the nested `jit[name=_uniform]`.
#[track_caller]
pub(super) fn uniform_typed(
    key: &Array,
    shape: &[usize],
    dtype: DType,
    minval: Operand,
    maxval: Operand,
) -> Array {
    let args = [key.clone(), minval.into_array(), maxval.into_array()];
    jit_call("_uniform", &args, |a| {
        vec![uniform_body(&a[0], &a[1], &a[2], shape, dtype)]
    })
    .remove(0)
}

/// `_uniform(key, minval=…, maxval=…, …)` called with keywords, as `_gumbel` does: JAX's
/// `jit` orders keyword arguments by name, so the nested call takes `(key, maxval,
/// minval)`.
#[track_caller]
fn uniform_by_keyword(
    key: &Array,
    shape: &[usize],
    dtype: DType,
    minval: Operand,
    maxval: Operand,
) -> Array {
    let args = [key.clone(), maxval.into_array(), minval.into_array()];
    jit_call("_uniform", &args, |a| {
        vec![uniform_body(&a[0], &a[2], &a[1], shape, dtype)]
    })
    .remove(0)
}

/// The body of JAX's `_uniform`.
#[track_caller]
fn uniform_body(
    key: &Array,
    minval: &Array,
    maxval: &Array,
    shape: &[usize],
    dtype: DType,
) -> Array {
    let minval = lax::convert_element_type(minval, dtype, false);
    let maxval = lax::convert_element_type(maxval, dtype, false);
    let minval = broadcast_to_rank(&minval, shape.len());
    let maxval = broadcast_to_rank(&maxval, shape.len());
    let info = finfo(dtype);
    // bfloat16 has too few mantissa bits to sample in 16 bits without bias; JAX draws 8.
    let rng_bits = if info.nmant < 8 { 8 } else { info.bits };
    let uint = uint_of_width(info.bits);
    let mut bits = random_bits(key, rng_bits, shape);
    if rng_bits != info.bits {
        bits = lax::convert_element_type(&bits, uint, false);
    }
    let float_bits =
        lax::shift_right_logical(&bits, &int_konst((rng_bits - info.nmant) as i128, uint));
    let one_bits = match dtype {
        DType::F16 => half::f16::ONE.to_bits() as i128,
        DType::BF16 => half::bf16::ONE.to_bits() as i128,
        DType::F32 => 1f32.to_bits() as i128,
        _ => 1f64.to_bits() as i128,
    };
    let float_bits = lax::bitwise_or(&float_bits, &int_konst(one_bits, uint));
    let floats = lax::sub(
        &lax::bitcast_convert_type(&float_bits, dtype),
        &konst(1.0, dtype),
    );
    let scaled = lax::add(&lax::mul(&floats, &lax::sub(&maxval, &minval)), &minval);
    lax::max(&minval, &lax::reshape(&scaled, shape))
}

// ---- normal ----

/// `jax.random.normal(key, shape)`: standard normal `float32` (`float64` with x64) values.
///
/// JAX's algorithm: `√2 · erf_inv(u)` with `u` uniform in `(-1, 1)`.
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let [_, subkey] = random::split(&random::prng_key(18));
/// assert_eq!(random::normal(&subkey, []).item::<f32>(), 1.1437175);
/// ```
#[track_caller]
pub fn normal(key: &Array, shape: impl IntoShape) -> Array {
    normal_with(key, shape, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.normal` (see the README's keyword rule).
    NormalKw {
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.normal` with keywords on a [`NormalKw`].
#[track_caller]
pub fn normal_with(
    key: &Array,
    shape: impl IntoShape,
    f: impl FnOnce(NormalKw) -> NormalKw,
) -> Array {
    let kw = crate::keywords::apply::<NormalKw>(f);
    normal_positional(key, shape, kw.dtype)
}

#[track_caller]
fn normal_positional(key: &Array, shape: impl IntoShape, dtype: DType) -> Array {
    let key = check_key("normal", key);
    let dtype = float_dtype("normal", dtype, "float or complex");
    normal_typed(&key, &shape.into_shape(), dtype)
}

/// `_normal` → `_normal_real` on a typed key.
#[track_caller]
pub(super) fn normal_typed(key: &Array, shape: &[usize], dtype: DType) -> Array {
    jit_call("_normal", std::slice::from_ref(key), |a| {
        jit_call("_normal_real", a, |a| {
            let lo = -1.0 + finfo(dtype).epsneg;
            let u = uniform_typed(
                &a[0],
                shape,
                dtype,
                Operand::Array(konst(lo, dtype)),
                Operand::Array(konst(1.0, dtype)),
            );
            vec![lax::mul(
                &konst(std::f64::consts::SQRT_2, dtype),
                &lax::erf_inv(&u),
            )]
        })
    })
    .remove(0)
}

// ---- distributions derived elementwise from uniform ----

/// `jax.random.exponential(key, shape)`: `-log1p(-u)` with `u` uniform in `[0, 1)`.
#[track_caller]
pub fn exponential(key: &Array, shape: impl IntoShape) -> Array {
    exponential_with(key, shape, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.exponential` (see the README's keyword rule).
    ExponentialKw {
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.exponential` with keywords on a [`ExponentialKw`].
#[track_caller]
pub fn exponential_with(
    key: &Array,
    shape: impl IntoShape,
    f: impl FnOnce(ExponentialKw) -> ExponentialKw,
) -> Array {
    let kw = crate::keywords::apply::<ExponentialKw>(f);
    exponential_positional(key, shape, kw.dtype)
}

#[track_caller]
fn exponential_positional(key: &Array, shape: impl IntoShape, dtype: DType) -> Array {
    let key = check_key("exponential", key);
    let dtype = float_dtype("exponential", dtype, "float");
    exponential_typed(&key, &shape.into_shape(), dtype)
}

#[track_caller]
pub(super) fn exponential_typed(key: &Array, shape: &[usize], dtype: DType) -> Array {
    jit_call("_exponential", std::slice::from_ref(key), |a| {
        let u = uniform_typed(&a[0], shape, dtype, 0.0.into_operand(), 1.0.into_operand());
        vec![lax::neg(&lax::log1p(&lax::neg(&u)))]
    })
    .remove(0)
}

/// `jax.random.gumbel(key, shape)` (mode `"low"`): `-log(-log(u))`, `u` uniform in
/// `[tiny, 1)`.
#[track_caller]
pub fn gumbel(key: &Array, shape: impl IntoShape) -> Array {
    gumbel_with(key, shape, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.gumbel` (see the README's keyword rule).
    GumbelKw {
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
        /// `mode`: `"low"` (default) or `"high"`.
        mode: String = "low".into(); (mode: &str) => mode.into(),
    }
}

/// `jax.random.gumbel` with keywords on a [`GumbelKw`].
#[track_caller]
pub fn gumbel_with(
    key: &Array,
    shape: impl IntoShape,
    f: impl FnOnce(GumbelKw) -> GumbelKw,
) -> Array {
    let kw = crate::keywords::apply::<GumbelKw>(f);
    gumbel_positional(key, shape, kw.dtype, &kw.mode)
}

#[track_caller]
fn gumbel_positional(key: &Array, shape: impl IntoShape, dtype: DType, mode: &str) -> Array {
    let key = check_key("gumbel", key);
    let dtype = float_dtype("gumbel", dtype, "float");
    let high = match mode {
        "low" => false,
        "high" => true,
        _ => panic!("Must provide valid mode for gumbel got: {mode}"),
    };
    gumbel_mode(&key, &shape.into_shape(), dtype, high)
}

#[track_caller]
pub(super) fn gumbel_typed(key: &Array, shape: &[usize], dtype: DType) -> Array {
    gumbel_mode(key, shape, dtype, false)
}

/// JAX's `_gumbel` in mode `"low"` or `"high"`.
#[track_caller]
fn gumbel_mode(key: &Array, shape: &[usize], dtype: DType, high: bool) -> Array {
    jit_call("_gumbel", std::slice::from_ref(key), |a| {
        let info = finfo(dtype);
        let tiny = konst(info.tiny, dtype);
        if high {
            // Two uniforms: `high + 2^-nmant · low + tiny` fills in the bits below `high`'s
            // resolution when `high < 0.5`.
            let mut both_shape = vec![2];
            both_shape.extend_from_slice(shape);
            let both = uniform_by_keyword(
                &a[0],
                &both_shape,
                dtype,
                0.0.into_operand(),
                1.0.into_operand(),
            );
            let (hi, lo) = (super::row(&both, 0), super::row(&both, 1));
            let upper = crate::numpy::greater_equal(&hi, 0.5);
            let scale = crate::numpy::multiply(2f64.powi(-(info.nmant as i32)), &lo);
            let filled = lax::add(&lax::add(&hi, &scale), &tiny);
            let x = crate::numpy::where_(&upper, &hi, &filled);
            return vec![lax::neg(&lax::log(&lax::neg(&lax::log1p(&lax::neg(&x)))))];
        }
        let u = uniform_by_keyword(
            &a[0],
            shape,
            dtype,
            Operand::Array(tiny),
            1.0.into_operand(),
        );
        vec![lax::neg(&lax::log(&lax::neg(&lax::log(&u))))]
    })
    .remove(0)
}

/// `jax.random.laplace(key, shape)`: `sign(u) · log1p(-|u|)`, `u` uniform in `(-1, 1)`.
#[track_caller]
pub fn laplace(key: &Array, shape: impl IntoShape) -> Array {
    laplace_with(key, shape, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.laplace` (see the README's keyword rule).
    LaplaceKw {
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.laplace` with keywords on a [`LaplaceKw`].
#[track_caller]
pub fn laplace_with(
    key: &Array,
    shape: impl IntoShape,
    f: impl FnOnce(LaplaceKw) -> LaplaceKw,
) -> Array {
    let kw = crate::keywords::apply::<LaplaceKw>(f);
    laplace_positional(key, shape, kw.dtype)
}

#[track_caller]
fn laplace_positional(key: &Array, shape: impl IntoShape, dtype: DType) -> Array {
    let key = check_key("laplace", key);
    let dtype = float_dtype("laplace", dtype, "float");
    let shape = shape.into_shape();
    jit_call("_laplace", &[key], |a| {
        let lo = konst(-1.0 + finfo(dtype).epsneg, dtype);
        let u = uniform_typed(&a[0], &shape, dtype, Operand::Array(lo), 1.0.into_operand());
        vec![lax::mul(
            &lax::sign(&u),
            &lax::log1p(&lax::neg(&lax::abs(&u))),
        )]
    })
    .remove(0)
}

/// `jax.random.logistic(key, shape)`: `log(u) - log1p(-u)`, `u` uniform in `[tiny, 1)`.
#[track_caller]
pub fn logistic(key: &Array, shape: impl IntoShape) -> Array {
    logistic_with(key, shape, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.logistic` (see the README's keyword rule).
    LogisticKw {
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.logistic` with keywords on a [`LogisticKw`].
#[track_caller]
pub fn logistic_with(
    key: &Array,
    shape: impl IntoShape,
    f: impl FnOnce(LogisticKw) -> LogisticKw,
) -> Array {
    let kw = crate::keywords::apply::<LogisticKw>(f);
    logistic_positional(key, shape, kw.dtype)
}

#[track_caller]
fn logistic_positional(key: &Array, shape: impl IntoShape, dtype: DType) -> Array {
    let key = check_key("logistic", key);
    let dtype = float_dtype("logistic", dtype, "float");
    let shape = shape.into_shape();
    jit_call("_logistic", &[key], |a| {
        let tiny = konst(finfo(dtype).tiny, dtype);
        let x = uniform_typed(
            &a[0],
            &shape,
            dtype,
            Operand::Array(tiny),
            1.0.into_operand(),
        );
        vec![lax::sub(&lax::log(&x), &lax::log1p(&lax::neg(&x)))]
    })
    .remove(0)
}

/// `jax.random.bernoulli(key)`: a fair coin as a 0-d `bool` (mode `"low"`: `uniform < p`).
/// Keywords (`p`, `shape`, `mode`) through [`bernoulli_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let key = random::prng_key(0);
/// assert_eq!(random::bernoulli(&key).dtype().name(), "bool");
/// let b = random::bernoulli_with(&key, |kw| kw.p(0.3).shape([4]));
/// assert_eq!(b.shape(), &[4]);
/// ```
#[track_caller]
pub fn bernoulli(key: &Array) -> Array {
    bernoulli_with(key, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.bernoulli(key, p=0.5, shape=None, mode='low')`.
    BernoulliKw {
        /// `p`: the probability of `true`, a float scalar or array (default `0.5`).
        p: Operand = 0.5.into_operand(); (p: impl ArrayLike) => p.into_operand(),
        /// `shape`: the result shape (default `p`'s shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `mode`: `"low"` (default) compares one uniform with `p`; `"high"` uses two,
        /// correct for `p` below about 1e-7.
        mode: String = "low".into(); (mode: &str) => mode.into(),
    }
}

/// `jax.random.bernoulli(key, p=.., shape=.., mode=..)`.
///
/// # Panics
/// For another mode: `got mode='x', expected 'high' or 'low'`; for a non-float `p`:
/// ``bernoulli probability `p` must have a floating dtype, got int32.``
#[track_caller]
pub fn bernoulli_with(key: &Array, f: impl FnOnce(BernoulliKw) -> BernoulliKw) -> Array {
    let kw = crate::keywords::apply::<BernoulliKw>(f);
    bernoulli_positional(key, kw.p, kw.shape, &kw.mode)
}

#[track_caller]
fn bernoulli_positional<S: IntoShape>(
    key: &Array,
    p: impl ArrayLike,
    shape: Option<S>,
    mode: &str,
) -> Array {
    let high = match mode {
        "low" => false,
        "high" => true,
        _ => panic!("got mode='{mode}', expected 'high' or 'low'"),
    };
    let key = check_key("bernoulli", key);
    let p = p.into_operand();
    let (dtype, _) = p.dtype_and_weak();
    if !dtype.is_float() {
        panic!("bernoulli probability `p` must have a floating dtype, got {dtype}.");
    }
    let p = p.convert(dtype, false);
    let shape = shape.map_or_else(|| p.shape().to_vec(), IntoShape::into_shape);
    jit_call("_bernoulli", &[key, p], |a| {
        check_shape("bernoulli", &shape, &[a[1].shape()]);
        if high {
            let mut both_shape = vec![2];
            both_shape.extend_from_slice(&shape);
            let u = uniform_typed(
                &a[0],
                &both_shape,
                dtype,
                0.0.into_operand(),
                1.0.into_operand(),
            );
            let (u1, u2) = (super::row(&u, 0), super::row(&u, 1));
            // The resolution of a uniform sample is 2^-nmant.
            let u2 = crate::numpy::multiply(&u2, 2f64.powi(-(finfo(dtype).nmant as i32)));
            return vec![lax::lt(&u2, &crate::numpy::subtract(&a[1], &u1))];
        }
        let u = uniform_typed(&a[0], &shape, dtype, 0.0.into_operand(), 1.0.into_operand());
        vec![lax::lt(&u, &a[1])]
    })
    .remove(0)
}

/// `jax.random.truncated_normal(key, lower, upper, shape)`: standard normal values in the
/// open interval `(lower, upper)`; `shape` defaults to the broadcast of the bounds' shapes.
///
/// JAX's algorithm: inverse CDF of a uniform between `erf(lower/√2)` and `erf(upper/√2)`,
/// clipped to the open interval.
#[track_caller]
pub fn truncated_normal(key: &Array, lower: impl ArrayLike, upper: impl ArrayLike) -> Array {
    truncated_normal_with(key, lower, upper, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.truncated_normal` (see the README's keyword rule).
    TruncatedNormalKw {
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.truncated_normal` with keywords on a [`TruncatedNormalKw`].
#[track_caller]
pub fn truncated_normal_with(
    key: &Array,
    lower: impl ArrayLike,
    upper: impl ArrayLike,
    f: impl FnOnce(TruncatedNormalKw) -> TruncatedNormalKw,
) -> Array {
    let kw = crate::keywords::apply::<TruncatedNormalKw>(f);
    truncated_normal_positional(key, lower, upper, kw.shape, kw.dtype)
}

#[track_caller]
fn truncated_normal_positional<S: IntoShape>(
    key: &Array,
    lower: impl ArrayLike,
    upper: impl ArrayLike,
    shape: Option<S>,
    dtype: DType,
) -> Array {
    let key = check_key("truncated_normal", key);
    let dtype = float_dtype("truncated_normal", dtype, "float");
    let (lower, upper) = (
        lower.into_operand().into_array(),
        upper.into_operand().into_array(),
    );
    let shape = match shape {
        Some(s) => s.into_shape(),
        None => broadcast_shapes(&[lower.shape(), upper.shape()]),
    };
    jit_call("_truncated_normal", &[key, lower, upper], |a| {
        check_shape("truncated_normal", &shape, &[a[1].shape(), a[2].shape()]);
        let sqrt2 = konst(std::f64::consts::SQRT_2, dtype);
        let lower = lax::convert_element_type(&a[1], dtype, false);
        let upper = lax::convert_element_type(&a[2], dtype, false);
        let lo = lax::erf(&lax::div(&lower, &sqrt2));
        let hi = lax::erf(&lax::div(&upper, &sqrt2));
        let u = uniform_typed(&a[0], &shape, dtype, Operand::Array(lo), Operand::Array(hi));
        let out = lax::mul(&sqrt2, &lax::erf_inv(&u));
        let above = lax::nextafter(&lower, &konst(f64::INFINITY, dtype));
        let below = lax::nextafter(&upper, &konst(f64::NEG_INFINITY, dtype));
        vec![clip(&out, &above, &below)]
    })
    .remove(0)
}

// ---- integers ----

/// `jax.random.randint(key, shape, minval, maxval)`: `int32` (`int64` with x64) values in
/// `[minval, maxval)`.
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let r = random::randint(&random::prng_key(0), [5], 0, 10);
/// assert!(r.to_vec::<i32>().iter().all(|&v| (0..10).contains(&v)));
/// ```
#[track_caller]
pub fn randint(
    key: &Array,
    shape: impl IntoShape,
    minval: impl ArrayLike,
    maxval: impl ArrayLike,
) -> Array {
    randint_with(key, shape, minval, maxval, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.randint` (see the README's keyword rule).
    RandintKw {
        /// `dtype`: the result dtype (default `default_int`).
        dtype: DType = DType::default_int(); (dtype: DType) => dtype,
    }
}

/// `jax.random.randint` with keywords on a [`RandintKw`].
#[track_caller]
pub fn randint_with(
    key: &Array,
    shape: impl IntoShape,
    minval: impl ArrayLike,
    maxval: impl ArrayLike,
    f: impl FnOnce(RandintKw) -> RandintKw,
) -> Array {
    let kw = crate::keywords::apply::<RandintKw>(f);
    randint_positional(key, shape, minval, maxval, kw.dtype)
}

#[track_caller]
fn randint_positional(
    key: &Array,
    shape: impl IntoShape,
    minval: impl ArrayLike,
    maxval: impl ArrayLike,
    dtype: DType,
) -> Array {
    let key = check_key("randint", key);
    let dtype = dtype.canonicalize();
    if !dtype.is_integer() {
        panic!("randint only accepts integer dtypes, got {dtype}");
    }
    let shape = shape.into_shape();
    let (mut minval, mut maxval) = (int_operand(minval), int_operand(maxval));
    let bits = dtype.itemsize() * 8;
    let sampling = if bits < 32 {
        // Sample in 32 bits to avoid bias, with the bounds clipped to the target type
        // (`jnp.asarray(v).astype('int32').clip(min, max)`).
        let (lo, hi) = int_range(dtype);
        minval = clip_method(&as_int32(minval), lo, hi);
        maxval = clip_method(&as_int32(maxval), lo, hi + 1);
        DType::I32
    } else {
        dtype
    };
    let out = jit_call("_randint", &[key, minval, maxval], |a| {
        vec![randint_body(&a[0], &a[1], &a[2], &shape, sampling)]
    })
    .remove(0);
    lax::convert_element_type(&out, dtype, false)
}

/// `.astype('int32')`; a constant folds at once, as JAX folds conversions of constants.
#[track_caller]
fn as_int32(x: Array) -> Array {
    if x.is_scalar_literal() {
        if let Some(c) = x.as_concrete() {
            return literal(c.data().get(0), DType::I32);
        }
    }
    lax::convert_element_type(&x, DType::I32, false)
}

/// The method `x.clip(min, max)` with Python-int bounds: JAX passes them by keyword, so the
/// nested `jit[name=clip]` takes `(x, max, min)`, and the weak bounds are converted inside.
#[track_caller]
fn clip_method(x: &Array, min: i128, max: i128) -> Array {
    let dtype = x.dtype();
    let args = [
        x.clone(),
        weak_literal(Scalar::Int(max), dtype, true),
        weak_literal(Scalar::Int(min), dtype, true),
    ];
    jit_call("clip", &args, |a| {
        let lo = lax::convert_element_type(&a[2], dtype, false);
        let y = lax::max(&lo, &a[0]);
        let hi = lax::convert_element_type(&a[1], dtype, false);
        vec![lax::min(&hi, &y)]
    })
    .remove(0)
}

/// A bound of `randint` as an array (floats are cast to the default integer type).
#[track_caller]
fn int_operand(x: impl ArrayLike) -> Array {
    let a = x.into_operand().into_array();
    if a.dtype().is_integer() {
        a
    } else {
        lax::convert_element_type(&a, DType::default_int(), false)
    }
}

/// The range of an integer dtype.
fn int_range(dtype: DType) -> (i128, i128) {
    let bits = dtype.itemsize() as u32 * 8;
    if dtype.is_signed_integer() {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

/// `_convert_and_clip_integer`: converts saturating at the narrower of the two ranges.
#[track_caller]
fn convert_and_clip_integer(val: &Array, dtype: DType) -> Array {
    let (a_lo, a_hi) = int_range(dtype);
    let (b_lo, b_hi) = int_range(val.dtype());
    // `lax._const`: the bounds are as weak as `val`.
    let weak = val.weak_type();
    let lo = weak_literal(Scalar::Int(a_lo.max(b_lo)), val.dtype(), weak);
    let hi = weak_literal(Scalar::Int(a_hi.min(b_hi)), val.dtype(), weak);
    lax::convert_element_type(&clip(val, &lo, &hi), dtype, false)
}

/// The body of JAX's `_randint`.
#[track_caller]
pub(super) fn randint_body(
    key: &Array,
    minval: &Array,
    maxval: &Array,
    shape: &[usize],
    dtype: DType,
) -> Array {
    check_shape("randint", shape, &[minval.shape(), maxval.shape()]);
    let (_, dmax) = int_range(dtype);
    let dtype_max = convert_and_clip_integer(&int_konst(dmax, dtype), maxval.dtype());
    let maxval_out_of_range = lax::gt(maxval, &dtype_max);
    let minval = convert_and_clip_integer(minval, dtype);
    let maxval = convert_and_clip_integer(maxval, dtype);
    let minval = broadcast_to_rank(&minval, shape.len());
    let maxval = broadcast_to_rank(&maxval, shape.len());
    let nbits = dtype.itemsize() as u32 * 8;
    let keys = split_keys(key, 2);
    let higher_bits = random_bits(&keys[0], nbits, shape);
    let lower_bits = random_bits(&keys[1], nbits, shape);
    let unsigned = uint_of_width(nbits);
    let span = lax::convert_element_type(&lax::sub(&maxval, &minval), unsigned, false);
    // An empty or inverted range gives minval: span 1.
    let empty = lax::le(&maxval, &minval);
    let span = select(&empty, &full_like(&span, 1), &span);
    // A maxval above the dtype's range means the span is one larger (wrapping to 0 = all).
    let span = select(
        &lax::bitwise_and(&maxval_out_of_range, &lax::gt(&maxval, &minval)),
        &lax::add(&span, &int_konst(1, unsigned)),
        &span,
    );
    let multiplier = lax::rem(&int_konst(1i128 << (nbits / 2), unsigned), &span);
    let multiplier = lax::rem(&lax::mul(&multiplier, &multiplier), &span);
    let offset = lax::add(
        &lax::mul(&lax::rem(&higher_bits, &span), &multiplier),
        &lax::rem(&lower_bits, &span),
    );
    let offset = lax::rem(&offset, &span);
    lax::add(&minval, &lax::convert_element_type(&offset, dtype, false))
}

/// `lax.full_like(x, value)`: a broadcast constant of `x`'s shape and dtype.
#[track_caller]
fn full_like(x: &Array, value: i128) -> Array {
    bind1(
        Primitive::BroadcastInDim {
            shape: x.shape().to_vec(),
            broadcast_dimensions: Vec::new(),
        },
        &[int_konst(value, x.dtype())],
    )
}
