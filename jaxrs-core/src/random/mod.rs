//! `jaxrs::random`: JAX's PRNG, bit for bit: explicit `u32[2]` keys, threefry2x32, and the
//! samplers built on it with JAX's algorithms, so the same key gives the same numbers.
//!
//! JAX counterpart: `jax/_src/random/core.py` (the user API and samplers),
//! `jax/_src/random/prng.py` (the `random_*` key primitives) and
//! `jax/_src/random/threefry2x32.py` (the hash, seeding, splitting and bit layouts, here in
//! [`threefry`]).
//!
//! Keys are ordinary `u32[2]` arrays, as JAX's legacy `PRNGKey` keys are. Inside, every
//! function wraps the key (`random_wrap`), works on the typed key array (`key<fry>[]`) with
//! the `random_*` primitives, and unwraps what it returns (`random_unwrap`), as JAX does, so
//! the same code runs eagerly and under tracing.
//!
//! Two counter layouts exist (see [`threefry::random_bits_u32`]): JAX's classic one, the
//! default here, and the partitionable one that current JAX uses by default, selected with
//! [`crate::config::set_threefry_partitionable`].
//!
//! Optional arguments: each sampler `f(key, shape)` uses JAX's defaults; `f_dtype` adds the
//! dtype, and `f_with` takes every parameter JAX's function takes.
//!
//! How close to JAX (the golden tests in `tests/random.rs` state each bound):
//! - bit-exact: keys, `split`, `fold_in`, `bits`, `randint`, `bernoulli`, `permutation`,
//!   `choice`, `categorical`, `poisson`, `uniform` on `[0, 1)`, `normal` (every dtype);
//!   in `f32` also `exponential`, `gumbel`, `laplace`, `logistic`, `gamma`, `beta`
//!   (`log`, `log1p`, `exp` and `erf_inv` follow XLA's own algorithms, see
//!   [`crate::xla_math`]);
//! - within a few ulps: `uniform` with other bounds and `truncated_normal` (XLA fuses the
//!   scaling into one FMA), `loggamma`/`dirichlet` for `a < 1`, `multivariate_normal`
//!   (LAPACK's Cholesky), `f16`/`bf16` log-based samplers, and `f64` log-based samplers.
//!
//! Staging: every sampler traces under `make_jaxpr` into the primitives and nested
//! `jit[name=_uniform …]` calls JAX 0.10.2 shows, except the loop-based ones (`gamma`,
//! `loggamma`, `beta`, `dirichlet`, `poisson`) and `multivariate_normal`, which run eagerly
//! only (jaxrs has no `while` primitive or Cholesky primitive yet).
//!
//! # Examples
//! ```
//! use jaxrs_core::random;
//! let key = random::prng_key(18);
//! assert_eq!(key.to_vec::<u32>(), vec![0, 18]);
//! let [key, subkey] = random::split(&key);
//! assert_eq!(key.to_vec::<u32>(), vec![4197003906, 1654466292]);
//! assert_eq!(subkey.to_vec::<u32>(), vec![1685972163, 1654824463]);
//! assert_eq!(random::normal(&subkey, []).item::<f32>(), 1.1437175);
//! ```

mod discrete;
mod gamma;
mod samplers;
pub mod threefry;

pub use discrete::*;
pub use gamma::*;
pub use samplers::*;

use crate::array::{Array, Concrete};
use crate::aval::Aval;
use crate::config;
use crate::dtype::{DType, Scalar};
use crate::numpy::{ArrayLike, Operand};
use crate::primitive::Primitive;
use crate::shape::{py_tuple, IntoShape};
use crate::trace::bind1;

/// `jax.random.PRNGKey(seed)`: a new `u32[2]` key from an integer seed.
///
/// As in JAX, the seed is first made an integer array of the default integer type: without
/// x64 that keeps its low 32 bits, so the key is `[0, seed as u32]`; with x64 it is
/// `[seed >> 32, seed & 0xFFFFFFFF]`.
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// assert_eq!(random::prng_key(18).to_vec::<u32>(), vec![0, 18]);
/// assert_eq!(random::prng_key(-1).to_vec::<u32>(), vec![0, u32::MAX]);
/// ```
#[track_caller]
pub fn prng_key(seed: i64) -> Array {
    let seeds = samplers::literal(Scalar::Int(seed as i128), DType::I64.canonicalize());
    let keys = bind1(Primitive::RandomSeed, &[seeds]);
    bind1(Primitive::RandomUnwrap, &[keys])
}

/// `k1, k2, … = jax.random.split(key, N)`, with `N` taken from the pattern: `N` new keys.
///
/// # Panics
/// If `key` is not a single `u32[2]` key (JAX's messages).
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let [a, b, c] = random::split(&random::prng_key(0));
/// assert_eq!(a.shape(), &[2]);
/// assert_ne!(b.to_vec::<u32>(), c.to_vec::<u32>());
/// ```
#[track_caller]
pub fn split<const N: usize>(key: &Array) -> [Array; N] {
    let keys = split_n(key, N);
    std::array::from_fn(|i| row(&keys, i))
}

/// `jax.random.split(key, n)`: `n` new keys as one `u32[n, 2]` array.
///
/// # Panics
/// If `key` is not a single `u32[2]` key (JAX's messages).
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let keys = random::split_n(&random::prng_key(0), 3);
/// assert_eq!(keys.shape(), &[3, 2]);
/// ```
#[track_caller]
pub fn split_n(key: &Array, n: usize) -> Array {
    let typed = check_key("split", key);
    unwrap(&split_key(&typed, &[n]))
}

/// `jax.random.fold_in(key, data)`: a new key that depends on `key` and the 32-bit `data`.
///
/// # Panics
/// If `key` is not a single `u32[2]` key, or `data` is not a scalar (JAX's messages).
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let k = random::fold_in(&random::prng_key(0), 3);
/// assert_eq!(k.shape(), &[2]);
/// ```
#[track_caller]
pub fn fold_in(key: &Array, data: impl ArrayLike) -> Array {
    let typed = check_key("fold_in", key);
    let data = data.into_operand();
    if !data.shape().is_empty() {
        panic!(
            "fold_in accepts a scalar, but was given an array ofshape {} != (). Use jax.vmap \
             for batching.",
            py_tuple(data.shape())
        );
    }
    let data = to_u32(data);
    unwrap(&bind1(Primitive::RandomFoldIn, &[typed, data]))
}

/// `jnp.asarray(data, dtype='uint32')`: integers wrap to 32 bits.
#[track_caller]
fn to_u32(data: Operand) -> Array {
    match data {
        Operand::Scalar(s) => {
            samplers::literal(Scalar::Int(s.as_i128() as u32 as i128), DType::U32)
        }
        Operand::Array(a) => crate::lax::convert_element_type(&a, DType::U32, false),
    }
}

/// `jax.random.bits(key, shape)`: uniform random bits as `uint32` (`uint64` with x64).
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let b = random::bits(&random::prng_key(0), [3]);
/// assert_eq!(b.dtype().name(), "uint32");
/// ```
#[track_caller]
pub fn bits(key: &Array, shape: impl IntoShape) -> Array {
    bits_with(key, shape, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.bits` (see the README's keyword rule).
    BitsKw {
        /// `dtype`: the result dtype (default `default_uint`).
        dtype: DType = DType::default_uint(); (dtype: DType) => dtype,
    }
}

/// `jax.random.bits` with keywords on a [`BitsKw`].
#[track_caller]
pub fn bits_with(key: &Array, shape: impl IntoShape, f: impl FnOnce(BitsKw) -> BitsKw) -> Array {
    let kw = crate::keywords::apply::<BitsKw>(f);
    bits_positional(key, shape, kw.dtype)
}

#[track_caller]
fn bits_positional(key: &Array, shape: impl IntoShape, dtype: DType) -> Array {
    let typed = check_key("bits", key);
    let dtype = dtype.canonicalize();
    if !dtype.is_unsigned_integer() {
        panic!("dtype argument to `bits` must be an unsigned int dtype, got {dtype}");
    }
    random_bits(&typed, dtype.itemsize() as u32 * 8, &shape.into_shape())
}

// ---- key plumbing shared by the samplers ----

/// `_check_prng_key`: wraps raw `u32[2]` key data as a typed key (`random_wrap`), and
/// refuses batches of keys.
#[track_caller]
pub(crate) fn check_key(name: &str, key: &Array) -> Array {
    let typed = bind1(Primitive::RandomWrap, std::slice::from_ref(key));
    if !typed.aval().logical_shape().is_empty() {
        panic!(
            "{name} accepts a single key, but was given a key array of shape {} != (). Use \
             jax.vmap for batching.",
            py_tuple(key.shape())
        );
    }
    typed
}

/// `random_unwrap`: the `u32[.., 2]` data of typed keys.
#[track_caller]
pub(crate) fn unwrap(keys: &Array) -> Array {
    bind1(Primitive::RandomUnwrap, std::slice::from_ref(keys))
}

/// `random_split[shape]` of a typed key.
#[track_caller]
pub(crate) fn split_key(key: &Array, shape: &[usize]) -> Array {
    bind1(
        Primitive::RandomSplit {
            shape: shape.to_vec(),
        },
        std::slice::from_ref(key),
    )
}

/// `_split(key, n)` unpacked: `n` typed keys.
#[track_caller]
pub(crate) fn split_keys(key: &Array, n: usize) -> Vec<Array> {
    let keys = split_key(key, &[n]);
    (0..n).map(|i| row(&keys, i)).collect()
}

/// `random_bits[bit_width shape]` of a typed key.
#[track_caller]
pub(crate) fn random_bits(key: &Array, bit_width: u32, shape: &[usize]) -> Array {
    bind1(
        Primitive::RandomBits {
            bit_width,
            shape: shape.to_vec(),
        },
        std::slice::from_ref(key),
    )
}

/// `x[i]` along the first axis, as Python's unpacking of an array does (`slice` then
/// `squeeze`); works on raw arrays and on typed key arrays.
#[track_caller]
pub(crate) fn row(x: &Array, i: usize) -> Array {
    if let Some(c) = x.as_concrete() {
        // Eagerly the row is a contiguous piece of the buffer.
        let shape = &c.shape()[1..];
        let n: usize = shape.iter().product();
        let data = c.data().gather(i * n..(i + 1) * n);
        let mut aval: Aval = c.aval().clone();
        aval.shape = shape.to_vec();
        return Array::from_concrete(Concrete::new(aval, data));
    }
    let logical = x.aval().logical_shape().to_vec();
    let mut start = vec![0; logical.len()];
    let mut limit = logical.clone();
    start[0] = i;
    limit[0] = i + 1;
    let sliced = bind1(
        Primitive::Slice {
            start_indices: start,
            limit_indices: limit,
            strides: Some(vec![1; logical.len()]),
        },
        std::slice::from_ref(x),
    );
    bind1(
        Primitive::Squeeze {
            dimensions: vec![0],
        },
        &[sliced],
    )
}

/// Whether the classic or the partitionable threefry layout is in effect.
pub fn partitionable() -> bool {
    config::threefry_partitionable()
}
