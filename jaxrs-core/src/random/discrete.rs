//! Samplers of indices and orderings: `categorical`, `permutation`, `choice`.
//!
//! JAX counterpart: `jax/_src/random/core.py` (`categorical`/`_categorical`,
//! `permutation`/`_shuffle`, `choice`).

use super::samplers::{gumbel_typed, jit_call, randint_body, uniform_typed};
use super::{check_key, random_bits, split_keys};
use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::{self as jnp, ArrayLike, Operand};
use crate::shape::{canonicalize_axis, py_tuple, IntoShape};

/// `jax.random.categorical(key, logits, axis)`: draws category indices with probabilities
/// `softmax(logits, axis)`, one per entry of the other axes (the Gumbel-max trick).
///
/// # Examples
/// ```
/// use jaxrs_core::{numpy as jnp, random};
/// let logits = jnp::array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]);
/// let c = random::categorical(&random::prng_key(0), &logits);
/// assert_eq!(c.shape(), &[2]);
/// ```
#[track_caller]
pub fn categorical(key: &Array, logits: impl ArrayLike) -> Array {
    categorical_with(key, logits, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.categorical` (see the README's keyword rule).
    CategoricalKw {
        /// `axis`: the category axis (default `-1`).
        axis: isize = -1; (axis: isize) => axis,
        /// `shape`: the result shape (default: the parameters' broadcast shape).
        shape: Option<Vec<usize>> = None; (shape: impl IntoShape) => Some(shape.into_shape()),
        /// `replace`: draw with replacement (default `true`).
        replace: bool = true; (replace: bool) => replace,
    }
}

/// `jax.random.categorical` with keywords on a [`CategoricalKw`].
#[track_caller]
pub fn categorical_with(
    key: &Array,
    logits: impl ArrayLike,
    f: impl FnOnce(CategoricalKw) -> CategoricalKw,
) -> Array {
    let kw = crate::keywords::apply::<CategoricalKw>(f);
    categorical_positional(key, logits, kw.axis, kw.shape, kw.replace)
}

#[track_caller]
fn categorical_positional<S: IntoShape>(
    key: &Array,
    logits: impl ArrayLike,
    axis: isize,
    shape: Option<S>,
    replace: bool,
) -> Array {
    let key = check_key("categorical", key);
    let logits = logits.into_operand().into_array();
    let nd = logits.ndim();
    let ax = canonicalize_axis(axis, nd);
    let mut batch_shape = logits.shape().to_vec();
    let n_categories = batch_shape.remove(ax);
    let shape = match shape {
        None => batch_shape.clone(),
        Some(s) => super::samplers::checked_shape("categorical", s, &[&batch_shape]),
    };
    let prefix = shape[..shape.len() - batch_shape.len()].to_vec();
    let dtype = logits.dtype();
    if replace {
        let mut logits_shape = shape[shape.len() - batch_shape.len()..].to_vec();
        logits_shape.insert(ax, n_categories);
        let mut gshape = prefix.clone();
        gshape.extend_from_slice(&logits_shape);
        let g = gumbel_typed(&key, &gshape, dtype);
        let dims: Vec<isize> = (0..prefix.len() as isize).collect();
        let expanded = if dims.is_empty() {
            logits
        } else {
            lax::expand_dims(&logits, &dims)
        };
        let axis_out = ax as isize - nd as isize;
        jnp::argmax_with(lax::add(&g, &expanded), |kw| kw.axis(axis_out))
    } else {
        let k: usize = prefix.iter().product();
        if k > n_categories {
            panic!(
                "Number of samples without replacement ({k}) cannot exceed number of categories \
                 ({n_categories})."
            );
        }
        let g = gumbel_typed(&key, logits.shape(), dtype);
        let perturbed = lax::add(&logits, &g);
        let moved = jnp::moveaxis(&perturbed, ax as isize, -1);
        let top = top_k_indices(&moved, k);
        // `top` is batch_shape + (k,); the samples go first.
        let r = top.ndim();
        let mut perm = vec![r - 1];
        perm.extend(0..r - 1);
        let perm: Vec<isize> = perm.into_iter().map(|p| p as isize).collect();
        jnp::reshape(
            jnp::transpose_with(&top, |kw| kw.axes(perm)),
            shape_isize(&shape),
        )
    }
}

fn shape_isize(shape: &[usize]) -> Vec<isize> {
    shape.iter().map(|&d| d as isize).collect()
}

/// `lax.top_k(x, k)[1]` along the last axis as `int32`: indices of the `k` largest values,
/// largest first, ties in index order (a stable sort of the negated values).
#[track_caller]
fn top_k_indices(x: &Array, k: usize) -> Array {
    let order = jnp::argsort(lax::neg(x));
    let mut start = vec![0; order.ndim()];
    let mut limit = order.shape().to_vec();
    let last = order.ndim() - 1;
    start[last] = 0;
    limit[last] = k;
    lax::convert_element_type(&lax::slice(&order, &start, &limit, None), DType::I32, false)
}

/// `jax.random.permutation(key, x)`: for an integer `x`, a random ordering of `0..x`
/// (`int32`); for an array, `x` with its slices along axis 0 shuffled. Keywords (`axis`,
/// `independent`) through [`permutation_with`].
///
/// # Panics
/// If `x` is a 0-d array: `x must be an integer or at least 1-dimensional`.
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let mut p = random::permutation(&random::prng_key(0), 5).to_vec::<i32>();
/// p.sort();
/// assert_eq!(p, vec![0, 1, 2, 3, 4]);
/// ```
#[track_caller]
pub fn permutation(key: &Array, x: impl ArrayLike) -> Array {
    permutation_with(key, x, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.permutation(key, x, axis=0, independent=False)`.
    PermutationKw {
        /// `axis`: the axis to shuffle (default `0`).
        axis: isize = 0; (axis: isize) => axis,
        /// `independent`: shuffle each vector along `axis` on its own (default `false`).
        independent: bool = false; (independent: bool) => independent,
    }
}

/// `jax.random.permutation(key, x, axis=.., independent=..)`.
#[track_caller]
pub fn permutation_with(
    key: &Array,
    x: impl ArrayLike,
    f: impl FnOnce(PermutationKw) -> PermutationKw,
) -> Array {
    let kw = crate::keywords::apply::<PermutationKw>(f);
    match x.into_operand() {
        Operand::Scalar(crate::dtype::Scalar::Int(n)) => {
            let key = check_key("permutation", key);
            shuffle(&key, &jnp::arange(n.max(0) as i64), 0)
        }
        x => permutation_positional(key, &x.into_array(), kw.axis, kw.independent),
    }
}

#[track_caller]
fn permutation_positional(key: &Array, x: &Array, axis: isize, independent: bool) -> Array {
    let key = check_key("permutation", key);
    if x.ndim() == 0 {
        panic!("x must be an integer or at least 1-dimensional");
    }
    let axis = canonicalize_axis(axis, x.ndim());
    if independent || x.ndim() == 1 {
        return shuffle(&key, x, axis);
    }
    let ind = shuffle(&key, &jnp::arange(x.shape()[axis] as i64), 0);
    take(x, &ind, axis)
}

/// `_shuffle`: sorts by fresh random 32-bit keys, as many rounds as make collisions
/// negligible (`⌈3 ln n / ln(2³²-1)⌉`, one round below 2²¹ elements... and 0 for one
/// element).
#[track_caller]
fn shuffle(key: &Array, x: &Array, axis: usize) -> Array {
    jit_call("_shuffle", &[key.clone(), x.clone()], |a| {
        let size = a[1].size().max(1) as f64;
        let rounds = (3.0 * size.ln() / (u32::MAX as f64).ln()).ceil() as usize;
        let mut key = a[0].clone();
        let mut x = a[1].clone();
        for _ in 0..rounds {
            let keys = split_keys(&key, 2);
            key = keys[0].clone();
            let sort_keys = random_bits(&keys[1], 32, x.shape());
            x = lax::sort_multi(&[sort_keys, x], axis as isize, true, 1).remove(1);
        }
        vec![x]
    })
    .remove(0)
}

/// `jnp.take(x, ind, axis)`: the slices of `x` at `ind` along `axis`, `ind`'s axes in
/// place of `axis`.
#[track_caller]
fn take(x: &Array, ind: &Array, axis: usize) -> Array {
    let moved = if axis == 0 {
        x.clone()
    } else {
        jnp::moveaxis(x, axis as isize, 0)
    };
    let picked = moved.i(ind);
    if axis == 0 {
        return picked;
    }
    // picked: ind.shape + (x's axes without `axis`); put ind's axes back at `axis`.
    let k = ind.ndim();
    let rest = x.ndim() - 1;
    let mut perm: Vec<isize> = (k..k + axis).map(|p| p as isize).collect();
    perm.extend((0..k).map(|p| p as isize));
    perm.extend((k + axis..k + rest).map(|p| p as isize));
    jnp::transpose_with(&picked, |kw| kw.axes(perm))
}

/// `jax.random.choice(key, a)`: one draw from `0..a` (an integer `a`) or one slice of the
/// array `a` along axis 0. Keywords (`shape`, `replace`, `p`, `axis`) through
/// [`choice_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::random;
/// let key = random::prng_key(0);
/// let c = random::choice_with(&key, 10, |kw| kw.shape([3]).replace(false));
/// assert_eq!(c.shape(), &[3]);
/// ```
#[track_caller]
pub fn choice(key: &Array, a: impl ArrayLike) -> Array {
    choice_with(key, a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jax.random.choice(key, a, shape=(), replace=True, p=None, axis=0)`.
    ChoiceKw {
        /// `shape`: the sample shape (default `()`).
        shape: Vec<usize> = Vec::new(); (shape: impl IntoShape) => shape.into_shape(),
        /// `replace`: draw with replacement (default `true`).
        replace: bool = true; (replace: bool) => replace,
        /// `p`: the probabilities, a 1-D array of length `a.shape[axis]` (default uniform).
        p: Option<Array> = None; (p: &Array) => Some(p.clone()),
        /// `axis`: the axis of `a` to draw along (default `0`).
        axis: isize = 0; (axis: isize) => axis,
    }
}

/// `jax.random.choice(key, a, shape=.., replace=.., p=.., axis=..)`.
///
/// # Panics
/// With JAX's messages: an empty population, a larger sample than the population without
/// replacement, or `p` of the wrong shape.
#[track_caller]
pub fn choice_with(key: &Array, a: impl ArrayLike, f: impl FnOnce(ChoiceKw) -> ChoiceKw) -> Array {
    let kw = crate::keywords::apply::<ChoiceKw>(f);
    let a = a.into_operand().into_array();
    choice_positional(key, &a, kw.shape, kw.replace, kw.p.as_ref(), kw.axis)
}

#[track_caller]
fn choice_positional(
    key: &Array,
    a: &Array,
    shape: impl IntoShape,
    replace: bool,
    p: Option<&Array>,
    axis: isize,
) -> Array {
    if a.ndim() == 0 {
        let n = a.item::<i64>();
        return choice_impl(
            key,
            Population::Range(n.max(0) as usize),
            shape.into_shape(),
            replace,
            p,
            0,
        );
    }
    let axis = canonicalize_axis(axis, a.ndim());
    choice_impl(
        key,
        Population::Array(a),
        shape.into_shape(),
        replace,
        p,
        axis,
    )
}

enum Population<'a> {
    Range(usize),
    Array(&'a Array),
}

#[track_caller]
fn choice_impl(
    key: &Array,
    pop: Population<'_>,
    shape: Vec<usize>,
    replace: bool,
    p: Option<&Array>,
    axis: usize,
) -> Array {
    let typed = check_key("choice", key);
    let n_inputs = match &pop {
        Population::Range(n) => *n,
        Population::Array(a) => a.shape()[axis],
    };
    let n_draws: usize = shape.iter().product();
    let out_shape: Vec<usize> = match &pop {
        Population::Range(_) => shape.clone(),
        Population::Array(a) => {
            let mut s = a.shape()[..axis].to_vec();
            s.extend_from_slice(&shape);
            s.extend_from_slice(&a.shape()[axis + 1..]);
            s
        }
    };
    if n_draws == 0 {
        let dtype = match &pop {
            Population::Range(_) => DType::default_int(),
            Population::Array(a) => a.dtype(),
        };
        return jnp::zeros_with(out_shape, |kw| kw.dtype(dtype));
    }
    if n_inputs == 0 {
        panic!("a must be greater than 0 unless no samples are taken");
    }
    if !replace && n_draws > n_inputs {
        panic!(
            "Cannot take a larger sample (size {n_draws}) than population (size {n_inputs}) when \
             'replace=False'"
        );
    }
    let ind = match p {
        None if replace => {
            let int = DType::default_int();
            // `randint(key, shape, 0, n)`: Python ints, weakly typed.
            let lo = super::samplers::weak_literal(crate::dtype::Scalar::Int(0), int, true);
            let n = crate::dtype::Scalar::Int(n_inputs as i128);
            let hi = super::samplers::weak_literal(n, int, true);
            jit_call("_randint", &[typed, lo, hi], |a| {
                vec![randint_body(&a[0], &a[1], &a[2], &shape, int)]
            })
            .remove(0)
        }
        None => {
            // A permutation of the population, cut to the first n_draws along `axis`.
            let source = match &pop {
                Population::Range(n) => jnp::arange(*n as i64),
                Population::Array(a) => (*a).clone(),
            };
            let shuffled = if source.ndim() == 1 {
                shuffle(&typed, &source, 0)
            } else {
                let ind = shuffle(&typed, &jnp::arange(source.shape()[axis] as i64), 0);
                take(&source, &ind, axis)
            };
            let mut start = vec![0; shuffled.ndim()];
            let mut limit = shuffled.shape().to_vec();
            start[axis] = 0;
            limit[axis] = n_draws;
            let cut = lax::slice(&shuffled, &start, &limit, None);
            return jnp::reshape(cut, shape_isize(&out_shape));
        }
        Some(p) => {
            let p = if p.dtype().is_float() {
                p.clone()
            } else {
                lax::convert_element_type(p, DType::default_float(), p.weak_type())
            };
            if p.shape() != [n_inputs] {
                panic!(
                    "p must be None or a 1D vector with the same size as a.shape[axis]. p has \
                     shape {} and a.shape[axis] is {n_inputs}.",
                    py_tuple(p.shape())
                );
            }
            let dtype = p.dtype();
            if replace {
                let p_cuml = jnp::cumsum(&p);
                let total = p_cuml.i(-1);
                let u = uniform_typed(
                    &typed,
                    &shape,
                    dtype,
                    0.0.into_operand(),
                    1.0.into_operand(),
                );
                let r = jnp::multiply(&total, jnp::subtract(1, &u));
                searchsorted_left(&p_cuml, &r)
            } else {
                let g = jnp::add(gumbel_typed(&typed, &[n_inputs], dtype), jnp::log(&p));
                let top = top_k_indices(&g, n_draws);
                lax::convert_element_type(&top, DType::default_int(), false)
            }
        }
    };
    let result = match &pop {
        Population::Range(_) => ind,
        Population::Array(a) => take(a, &ind, axis),
    };
    jnp::reshape(result, shape_isize(&out_shape))
}

/// `jnp.searchsorted(sorted, v)` (side `left`) as the default integer type: for each value,
/// how many entries of the sorted 1-D array are smaller.
#[track_caller]
fn searchsorted_left(sorted: &Array, v: &Array) -> Array {
    let expanded = jnp::expand_dims(v, -1isize);
    let smaller = jnp::less(sorted, &expanded);
    jnp::sum_with(smaller, |kw| kw.axis(-1isize).dtype(DType::default_int()))
}
