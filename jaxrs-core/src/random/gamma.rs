//! Samplers built on rejection loops: `gamma`, `loggamma`, `beta`, `dirichlet`, `poisson`.
//!
//! JAX counterpart: `jax/_src/random/core.py` (`_gamma_one`, `_gamma_impl`, `_beta`,
//! `_dirichlet`, `_poisson_knuth`, `_poisson_rejection`). JAX runs the loops as
//! `while_loop`s inside `jit`; jaxrs has no loop primitive yet, so these samplers run
//! eagerly: the loop conditions are read back on the host and every step is the same
//! sequence of `lax` operations on the same keys, which gives JAX's values. Under
//! `make_jaxpr` they panic with a ConcretizationTypeError.

use super::samplers::{exponential_typed, float_dtype, konst, normal_typed, select, uniform_typed};
use super::{check_key, split_keys};
use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::{self as jnp, ArrayLike, Operand};
use crate::shape::{py_tuple, IntoShape};

/// `jax.random.gamma(key, a)`: Gamma(a, 1) samples of `a`'s shape (Marsaglia and Tsang's
/// method, with the `α < 1` boost).
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, random};
/// let g = random::gamma(&random::prng_key(0), &jnp::array([0.5, 1.0, 3.0]));
/// assert_eq!(g.shape(), &[3]);
/// ```
#[track_caller]
pub fn gamma(key: &Array, a: impl ArrayLike) -> Array {
    gamma_with(key, a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.gamma` (see the README's keyword rule).
    GammaKw {
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.gamma` with keywords on a [`GammaKw`].
#[track_caller]
pub fn gamma_with(key: &Array, a: impl ArrayLike, f: impl FnOnce(GammaKw) -> GammaKw) -> Array {
    let kw = crate::keywords::apply::<GammaKw>(f);
    gamma_positional(key, a, kw.shape, kw.dtype)
}

#[track_caller]
fn gamma_positional<S: IntoShape>(
    key: &Array,
    a: impl ArrayLike,
    shape: Option<S>,
    dtype: DType,
) -> Array {
    let key = check_key("gamma", key);
    let dtype = float_dtype("gamma", dtype, "float");
    gamma_typed(
        &key,
        a.into_operand(),
        shape.map(IntoShape::into_shape),
        dtype,
        false,
    )
}

/// `jax.random.loggamma(key, a)`: the logarithm of Gamma(a, 1) samples, computed in log
/// space (accurate for small `a`).
#[track_caller]
pub fn loggamma(key: &Array, a: impl ArrayLike) -> Array {
    loggamma_with(key, a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.loggamma` (see the README's keyword rule).
    LoggammaKw {
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.loggamma` with keywords on a [`LoggammaKw`].
#[track_caller]
pub fn loggamma_with(
    key: &Array,
    a: impl ArrayLike,
    f: impl FnOnce(LoggammaKw) -> LoggammaKw,
) -> Array {
    let kw = crate::keywords::apply::<LoggammaKw>(f);
    loggamma_positional(key, a, kw.shape, kw.dtype)
}

#[track_caller]
fn loggamma_positional<S: IntoShape>(
    key: &Array,
    a: impl ArrayLike,
    shape: Option<S>,
    dtype: DType,
) -> Array {
    let key = check_key("loggamma", key);
    let dtype = float_dtype("loggamma", dtype, "float");
    gamma_typed(
        &key,
        a.into_operand(),
        shape.map(IntoShape::into_shape),
        dtype,
        true,
    )
}

/// `_gamma`: converts and broadcasts `a`, then one sample per element, each with its own
/// key from `split(key, a.size)`.
#[track_caller]
fn gamma_typed(
    key: &Array,
    a: Operand,
    shape: Option<Vec<usize>>,
    dtype: DType,
    log_space: bool,
) -> Array {
    let a = a.convert(dtype, false);
    let shape = shape.unwrap_or_else(|| a.shape().to_vec());
    super::samplers::check_shape("gamma", &shape, &[a.shape()]);
    let a = if a.shape() == shape.as_slice() {
        a
    } else {
        jnp::broadcast_to(&a, shape.clone())
    };
    let n = a.size();
    let alphas = jnp::ravel(&a);
    let keys = if n == 0 {
        Vec::new()
    } else {
        split_keys(key, n)
    };
    let samples: Vec<Array> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| gamma_one(k, &alphas.i(i as i64), log_space))
        .collect();
    if samples.is_empty() {
        return jnp::zeros_with(shape, |kw| kw.dtype(dtype));
    }
    jnp::reshape(jnp::stack(&samples), shape_isize(&shape))
}

fn shape_isize(shape: &[usize]) -> Vec<isize> {
    shape.iter().map(|&d| d as isize).collect()
}

/// `x * y + z` rounded once, as XLA:CPU fuses a multiply feeding an add (0-d operands).
#[track_caller]
fn fused_mul_add(x: &Array, y: &Array, z: &Array) -> Array {
    let dtype = x.dtype();
    let (a, b, c) = (x.item::<f64>(), y.item::<f64>(), z.item::<f64>());
    let v = match dtype {
        DType::F64 => a.mul_add(b, c),
        _ => (a as f32).mul_add(b as f32, c as f32) as f64,
    };
    konst(v, dtype)
}

/// Reads a 0-d boolean that a loop condition produced.
#[track_caller]
fn truth(x: &Array) -> bool {
    x.item::<bool>()
}

/// `_gamma_one`: one Gamma(alpha) sample (or its log), by Marsaglia and Tsang's rejection
/// method.
#[track_caller]
fn gamma_one(key: &Array, alpha: &Array, log_space: bool) -> Array {
    let dtype = alpha.dtype();
    let c_ = |v: f64| konst(v, dtype);
    let (zero, one) = (c_(0.0), c_(1.0));
    let boost_mask = lax::ge(alpha, &one);
    let alpha_orig = alpha.clone();
    let alpha = select(&boost_mask, alpha, &lax::add(alpha, &one));
    let d = lax::sub(&alpha, &c_(1.0 / 3.0));
    let c = lax::div(&c_(1.0 / 3.0), &lax::sqrt(&d));

    let keys = split_keys(key, 2);
    let (mut key, subkey) = (keys[0].clone(), keys[1].clone());
    let (mut big_x, mut big_v, mut big_u) = (zero.clone(), one.clone(), c_(2.0));
    loop {
        // cond_fn: keep going while the candidate is rejected.
        let squeeze = lax::ge(
            &big_u,
            &lax::sub(&one, &lax::mul(&c_(0.0331), &lax::mul(&big_x, &big_x))),
        );
        let log_test = lax::ge(
            &lax::log(&big_u),
            &lax::add(
                &lax::mul(&big_x, &c_(0.5)),
                &lax::mul(&d, &lax::add(&lax::sub(&one, &big_v), &lax::log(&big_v))),
            ),
        );
        if !truth(&lax::bitwise_and(&squeeze, &log_test)) {
            break;
        }
        // body_fn
        let ks = split_keys(&key, 3);
        key = ks[0].clone();
        let (mut x_key, u_key) = (ks[1].clone(), ks[2].clone());
        let (mut x, mut v) = (zero.clone(), c_(-1.0));
        while truth(&lax::le(&v, &zero)) {
            let kk = split_keys(&x_key, 2);
            x_key = kk[0].clone();
            x = normal_typed(&kk[1], &[], dtype);
            v = fused_mul_add(&x, &c, &one);
        }
        big_x = lax::mul(&x, &x);
        big_v = lax::mul(&lax::mul(&v, &v), &v);
        big_u = uniform_typed(&u_key, &[], dtype, 0.0.into_operand(), 1.0.into_operand());
    }
    if log_space {
        let log_samples = lax::neg(&exponential_typed(&subkey, &[], dtype));
        let no_boost = lax::bitwise_or(&boost_mask, &lax::eq(&log_samples, &zero));
        let log_boost = select(
            &no_boost,
            &zero,
            &lax::mul(&log_samples, &lax::div(&one, &alpha_orig)),
        );
        lax::add(&lax::add(&lax::log(&d), &lax::log(&big_v)), &log_boost)
    } else {
        let u = uniform_typed(&subkey, &[], dtype, 0.0.into_operand(), 1.0.into_operand());
        let samples = lax::sub(&one, &u);
        let boost = select(
            &boost_mask,
            &one,
            &lax::pow(&samples, &lax::div(&one, &alpha_orig)),
        );
        lax::mul(&lax::mul(&d, &big_v), &boost)
    }
}

/// `jax.random.beta(key, a, b)`: Beta(a, b) samples, shape the broadcast of `a` and `b`,
/// as `Ga / (Ga + Gb)` computed from log-gamma samples.
#[track_caller]
pub fn beta(key: &Array, a: impl ArrayLike, b: impl ArrayLike) -> Array {
    beta_with(key, a, b, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.beta` (see the README's keyword rule).
    BetaKw {
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.beta` with keywords on a [`BetaKw`].
#[track_caller]
pub fn beta_with(
    key: &Array,
    a: impl ArrayLike,
    b: impl ArrayLike,
    f: impl FnOnce(BetaKw) -> BetaKw,
) -> Array {
    let kw = crate::keywords::apply::<BetaKw>(f);
    beta_positional(key, a, b, kw.shape, kw.dtype)
}

#[track_caller]
fn beta_positional<S: IntoShape>(
    key: &Array,
    a: impl ArrayLike,
    b: impl ArrayLike,
    shape: Option<S>,
    dtype: DType,
) -> Array {
    let key = check_key("beta", key);
    let dtype = float_dtype("beta", dtype, "float");
    let (a, b) = (a.into_operand(), b.into_operand());
    let shape = match shape {
        Some(s) => super::samplers::checked_shape("beta", s, &[a.shape(), b.shape()]),
        None => super::samplers::broadcast_shapes(&[a.shape(), b.shape()]),
    };
    let a = a.convert(dtype, false);
    let b = b.convert(dtype, false);
    let keys = split_keys(&key, 2);
    let a = jnp::broadcast_to(&a, shape.clone());
    let b = jnp::broadcast_to(&b, shape.clone());
    let log_a = gamma_typed(
        &keys[0],
        Operand::Array(a),
        Some(shape.clone()),
        dtype,
        true,
    );
    let log_b = gamma_typed(&keys[1], Operand::Array(b), Some(shape), dtype, true);
    let log_max = lax::max(&log_a, &log_b);
    let ga = lax::exp(&lax::sub(&log_a, &log_max));
    let gb = lax::exp(&lax::sub(&log_b, &log_max));
    lax::div(&ga, &lax::add(&ga, &gb))
}

/// `jax.random.dirichlet(key, alpha)`: Dirichlet(alpha) samples along the last axis, as the
/// softmax of log-gamma samples.
///
/// # Panics
/// If `alpha` is 0-d: `dirichlet requires alpha.ndim >= 1, got alpha.ndim == 0`.
#[track_caller]
pub fn dirichlet(key: &Array, alpha: impl ArrayLike) -> Array {
    dirichlet_with(key, alpha, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.dirichlet` (see the README's keyword rule).
    DirichletKw {
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `dtype`: the result dtype (default `default_float`).
        dtype: DType = DType::default_float(); (dtype: DType) => dtype,
    }
}

/// `jax.random.dirichlet` with keywords on a [`DirichletKw`].
#[track_caller]
pub fn dirichlet_with(
    key: &Array,
    alpha: impl ArrayLike,
    f: impl FnOnce(DirichletKw) -> DirichletKw,
) -> Array {
    let kw = crate::keywords::apply::<DirichletKw>(f);
    dirichlet_positional(key, alpha, kw.shape, kw.dtype)
}

#[track_caller]
fn dirichlet_positional<S: IntoShape>(
    key: &Array,
    alpha: impl ArrayLike,
    shape: Option<S>,
    dtype: DType,
) -> Array {
    let key = check_key("dirichlet", key);
    let dtype = float_dtype("dirichlet", dtype, "float");
    let alpha = alpha.into_operand();
    let nd = alpha.shape().len();
    if nd < 1 {
        panic!("dirichlet requires alpha.ndim >= 1, got alpha.ndim == {nd}");
    }
    let batch = &alpha.shape()[..nd - 1];
    let mut shape = match shape {
        Some(s) => super::samplers::checked_shape("dirichlet", s, &[batch]),
        None => batch.to_vec(),
    };
    shape.push(alpha.shape()[nd - 1]);
    let alpha = alpha.convert(dtype, false);
    let log_gamma = gamma_typed(&key, Operand::Array(alpha), Some(shape), dtype, true);
    softmax_last(&log_gamma)
}

/// `jax.nn.softmax(x, -1)`: `exp(x - max) / sum(exp(x - max))`.
#[track_caller]
fn softmax_last(x: &Array) -> Array {
    let m = jnp::max_with(x, |kw| kw.axis(-1isize).keepdims(true));
    let e = lax::exp(&lax::sub(x, &m));
    let s = jnp::sum_with(&e, |kw| kw.axis(-1isize).keepdims(true));
    // XLA rewrites a division by a broadcast as a multiplication by the reciprocal.
    let one = konst(1.0, x.dtype());
    lax::mul(&e, &lax::div(&one, &s))
}

/// `jax.random.poisson(key, lam)`: Poisson(lam) samples as `int32` (`int64` with x64), of
/// `lam`'s shape.
///
/// JAX's algorithm: Knuth's multiplication method for `lam < 10`, Hörmann's transformed
/// rejection otherwise; both run on every element (with the same key) and are selected.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, random};
/// let k = random::poisson(&random::prng_key(0), &jnp::array([0.5, 4.0, 30.0]));
/// assert_eq!(k.dtype().name(), "int32");
/// ```
#[track_caller]
pub fn poisson(key: &Array, lam: impl ArrayLike) -> Array {
    poisson_with(key, lam, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.poisson` (see the README's keyword rule).
    PoissonKw {
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `dtype`: the result dtype (default `default_int`).
        dtype: DType = DType::default_int(); (dtype: DType) => dtype,
    }
}

/// `jax.random.poisson` with keywords on a [`PoissonKw`].
#[track_caller]
pub fn poisson_with(
    key: &Array,
    lam: impl ArrayLike,
    f: impl FnOnce(PoissonKw) -> PoissonKw,
) -> Array {
    let kw = crate::keywords::apply::<PoissonKw>(f);
    poisson_positional(key, lam, kw.shape, kw.dtype)
}

#[track_caller]
fn poisson_positional<S: IntoShape>(
    key: &Array,
    lam: impl ArrayLike,
    shape: Option<S>,
    dtype: DType,
) -> Array {
    let key = check_key("poisson", key);
    let dtype = dtype.canonicalize();
    if !dtype.is_integer() {
        panic!("dtype argument to `poisson` must be an int dtype, got {dtype}");
    }
    let lam = lam.into_operand().into_array();
    let shape = shape.map_or_else(|| lam.shape().to_vec(), IntoShape::into_shape);
    let lam = jnp::broadcast_to(&lam, shape.clone());
    let lam = lax::convert_element_type(&lam, DType::F32, false);
    let f = |v: f64| konst(v, DType::F32);
    let use_knuth = lax::bitwise_or(&jnp::isnan(&lam), &lax::lt(&lam, &f(10.0)));
    let lam_knuth = select(&use_knuth, &lam, &jnp::full_like(&lam, 0.0));
    let lam_rejection = select(&use_knuth, &jnp::full_like(&lam, 1e5), &lam);
    let knuth = poisson_knuth(&key, &lam_knuth, &shape, dtype);
    let rejection = poisson_rejection(&key, &lam_rejection, &shape, dtype);
    let result = select(&use_knuth, &knuth, &rejection);
    select(&lax::eq(&lam, &f(0.0)), &jnp::zeros_like(&result), &result)
}

/// `_poisson_knuth`: multiply uniforms until the product drops below `e^-lam`.
#[track_caller]
fn poisson_knuth(key: &Array, lam: &Array, shape: &[usize], dtype: DType) -> Array {
    let neg_lam = lax::neg(lam);
    let mut k = jnp::zeros_with(shape.to_vec(), |kw| kw.dtype(dtype));
    let mut log_prod = jnp::zeros_with(shape.to_vec(), |kw| kw.dtype(DType::F32));
    let mut rng = key.clone();
    let one = super::samplers::int_konst(1, dtype);
    while truth(&jnp::any(lax::gt(&log_prod, &neg_lam))) {
        let ks = split_keys(&rng, 2);
        rng = ks[0].clone();
        k = select(&lax::gt(&log_prod, &neg_lam), &lax::add(&k, &one), &k);
        let u = uniform_typed(
            &ks[1],
            shape,
            DType::F32,
            0.0.into_operand(),
            1.0.into_operand(),
        );
        log_prod = lax::add(&log_prod, &lax::log(&u));
    }
    lax::convert_element_type(&lax::sub(&k, &one), dtype, false)
}

/// `_poisson_rejection`: Hörmann's transformed rejection (PTRS).
#[track_caller]
fn poisson_rejection(key: &Array, lam: &Array, shape: &[usize], dtype: DType) -> Array {
    let f = |v: f64| konst(v, DType::F32);
    // Python floats in JAX's code are weak: they take lam's dtype.
    let log_lam = lax::log(lam);
    let b = lax::add(&f(0.931), &lax::mul(&f(2.53), &lax::sqrt(lam)));
    let a = lax::add(&f(-0.059), &lax::mul(&f(0.02483), &b));
    let inv_alpha = lax::add(&f(1.1239), &lax::div(&f(1.1328), &lax::sub(&b, &f(3.4))));
    let v_r = lax::sub(&f(0.9277), &lax::div(&f(3.6224), &lax::sub(&b, &f(2.0))));
    let mut k_out = jnp::full_like(lam, -1.0);
    let mut accepted = jnp::zeros_with(shape.to_vec(), |kw| kw.dtype(DType::Bool));
    let mut rng = key.clone();
    while truth(&jnp::any(lax::bitwise_not(&accepted))) {
        let ks = split_keys(&rng, 3);
        rng = ks[0].clone();
        let uniform =
            |k: &Array| uniform_typed(k, shape, DType::F32, 0.0.into_operand(), 1.0.into_operand());
        let u = lax::sub(&uniform(&ks[1]), &f(0.5));
        let v = uniform(&ks[2]);
        let u_shifted = lax::sub(&f(0.5), &lax::abs(&u));
        let k = lax::floor(&lax::add(
            &lax::add(
                &lax::mul(
                    &lax::add(&lax::div(&lax::mul(&f(2.0), &a), &u_shifted), &b),
                    &u,
                ),
                lam,
            ),
            &f(0.43),
        ));
        let s = lax::log(&lax::div(
            &lax::mul(&v, &inv_alpha),
            &lax::add(&lax::div(&a, &lax::mul(&u_shifted, &u_shifted)), &b),
        ));
        let t = lax::sub(
            &lax::add(&lax::neg(lam), &lax::mul(&k, &log_lam)),
            &lax::lgamma(&lax::add(&k, &f(1.0))),
        );
        let accept1 = lax::bitwise_and(&lax::ge(&u_shifted, &f(0.07)), &lax::le(&v, &v_r));
        let reject = lax::bitwise_or(
            &lax::lt(&k, &f(0.0)),
            &lax::bitwise_and(&lax::lt(&u_shifted, &f(0.013)), &lax::gt(&v, &u_shifted)),
        );
        let accept2 = lax::le(&s, &t);
        let accept = lax::bitwise_or(
            &accept1,
            &lax::bitwise_and(&lax::bitwise_not(&reject), &accept2),
        );
        k_out = select(&accept, &k, &k_out);
        accepted = lax::bitwise_or(&accepted, &accept);
    }
    lax::convert_element_type(&k_out, dtype, false)
}

/// `jax.random.multivariate_normal(key, mean, cov)`: samples of N(mean, cov), shape
/// `broadcast(mean.shape[:-1], cov.shape[:-2]) + (n,)`, as `mean + L·z` with `L` the
/// Cholesky factor of `cov` and `z` standard normal.
///
/// The factor is computed on the host in `f64` and rounded (JAX calls LAPACK's `potrf`),
/// so this sampler is eager-only and agrees with JAX to a few ulps, not bit for bit.
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, random};
/// let mean = jnp::array([0.0, 1.0]);
/// let cov = jnp::array([[1.0, 0.5], [0.5, 2.0]]);
/// let x = random::multivariate_normal(&random::prng_key(0), &mean, &cov);
/// assert_eq!(x.shape(), &[2]);
/// ```
#[track_caller]
pub fn multivariate_normal(key: &Array, mean: &Array, cov: &Array) -> Array {
    multivariate_normal_with(key, mean, cov, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.multivariate_normal` (see the README's keyword rule).
    MultivariateNormalKw {
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `dtype`: the result dtype (default from `mean` and `cov`).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jax.random.multivariate_normal` with keywords on a [`MultivariateNormalKw`].
#[track_caller]
pub fn multivariate_normal_with(
    key: &Array,
    mean: &Array,
    cov: &Array,
    f: impl FnOnce(MultivariateNormalKw) -> MultivariateNormalKw,
) -> Array {
    let kw = crate::keywords::apply::<MultivariateNormalKw>(f);
    multivariate_normal_positional(key, mean, cov, kw.shape, kw.dtype)
}

#[track_caller]
fn multivariate_normal_positional<S: IntoShape>(
    key: &Array,
    mean: &Array,
    cov: &Array,
    shape: Option<S>,
    dtype: Option<DType>,
) -> Array {
    let key = check_key("multivariate_normal", key);
    let common = DType::result_type(&[
        (mean.dtype(), mean.weak_type()),
        (cov.dtype(), cov.weak_type()),
    ])
    .0;
    let common = if common.is_float() {
        common
    } else {
        DType::default_float()
    };
    let mean = lax::convert_element_type(mean, common, false);
    let cov = lax::convert_element_type(cov, common, false);
    let dtype = match dtype {
        None => common,
        Some(d) => float_dtype("multivariate_normal", d, "float"),
    };
    if mean.ndim() < 1 {
        panic!(
            "multivariate_normal requires mean.ndim >= 1, got mean.ndim == {}",
            mean.ndim()
        );
    }
    if cov.ndim() < 2 {
        panic!(
            "multivariate_normal requires cov.ndim >= 2, got cov.ndim == {}",
            cov.ndim()
        );
    }
    let n = mean.shape()[mean.ndim() - 1];
    if cov.shape()[cov.ndim() - 2..] != [n, n] {
        panic!(
            "multivariate_normal requires cov.shape == (..., n, n) for n={n}, but got cov.shape \
             == {}.",
            py_tuple(cov.shape())
        );
    }
    let mean_batch = &mean.shape()[..mean.ndim() - 1];
    let cov_batch = &cov.shape()[..cov.ndim() - 2];
    let shape = match shape {
        Some(s) => super::samplers::checked_shape("normal", s, &[mean_batch, cov_batch]),
        None => super::samplers::broadcast_shapes(&[mean_batch, cov_batch]),
    };
    let factor = cholesky(&cov);
    let mut zshape = shape.clone();
    zshape.push(n);
    let z = normal_typed(&key, &zshape, dtype);
    let lz = jnp::matmul(&factor, jnp::expand_dims(&z, -1isize));
    let lz = jnp::squeeze_with(&lz, |kw| kw.axis(-1isize));
    jnp::add(&mean, &lz)
}

/// The lower Cholesky factor of each `(n, n)` matrix of `cov` (computed in `f64`, rounded
/// to `cov`'s dtype; NaN where a matrix is not positive definite, as LAPACK reports).
#[track_caller]
fn cholesky(cov: &Array) -> Array {
    let dtype = cov.dtype();
    let n = cov.shape()[cov.ndim() - 1];
    let values = cov.to_vec::<f64>();
    let mut out = vec![0.0f64; values.len()];
    for (a, l) in values.chunks(n * n).zip(out.chunks_mut(n * n)) {
        let mut ok = true;
        for j in 0..n {
            let mut d = a[j * n + j];
            for k in 0..j {
                d -= l[j * n + k] * l[j * n + k];
            }
            if d <= 0.0 || d.is_nan() {
                ok = false;
                break;
            }
            let djj = d.sqrt();
            l[j * n + j] = djj;
            for i in j + 1..n {
                let mut s = a[i * n + j];
                for k in 0..j {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / djj;
            }
        }
        if !ok {
            l.iter_mut().for_each(|v| *v = f64::NAN);
        }
    }
    let data = crate::buffer::Buffer::from_scalars(
        dtype,
        out.into_iter().map(crate::dtype::Scalar::Float),
    );
    Array::from_buffer(data, cov.shape().to_vec(), false)
}
