//! Polynomials as coefficient arrays, highest power first: `polyval`, `polyadd`,
//! `polysub`, `polymul`, `polyder`, `polyint`, `polydiv`, `poly`.
//!
//! JAX counterpart: `jax/_src/numpy/polynomial.py`. `polyval` is a `lax.scan` of Horner
//! steps in JAX; jaxrs has no `scan` primitive and unrolls the steps (README, "Deliberate
//! differences"). `polymul` and `poly` are `convolve`s, as in JAX.

use crate::array::Array;
use crate::dtype::Scalar;
use crate::lax;
use crate::numpy::operand::{jax_jit, promote_dtypes, ArrayLike, Operand};
use crate::numpy::ufuncs::promote_args_inexact;
use crate::numpy::{self as jnp};
use crate::s;

crate::keywords! {
    /// Keywords of `jnp.polyval(p, x, *, unroll=16)`.
    PolyvalKw {
        /// `unroll`: the steps of JAX's `scan` unrolled per iteration (default `16`); it
        /// does not change the values, and jaxrs unrolls every step.
        unroll: usize = 16; (unroll: usize) => unroll,
    }
}

/// `jnp.polyval(p, x)`: `p[0] x^(M-1) + ... + p[M-1]` by Horner's rule, in the common
/// dtype of `p` and `x` (integers stay integers). Keywords through [`polyval_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::polyval(jnp::array([2, 5, 1]), 3).item::<i32>(), 34);
/// ```
#[track_caller]
pub fn polyval(p: impl ArrayLike, x: impl ArrayLike) -> Array {
    polyval_with(p, x, |kw| kw)
}

/// `jnp.polyval(p, x, unroll=..)`.
#[track_caller]
pub fn polyval_with(
    p: impl ArrayLike,
    x: impl ArrayLike,
    f: impl FnOnce(PolyvalKw) -> PolyvalKw,
) -> Array {
    let _ = crate::keywords::apply::<PolyvalKw>(f);
    jax_jit(
        "polyval",
        &["p", "x"],
        vec![p.into_operand(), x.into_operand()],
        |ops| {
            let [p, x]: [Array; 2] = promote_dtypes(ops)
                .try_into()
                .unwrap_or_else(|_| unreachable!());
            horner(&p, &x)
        },
    )
}

/// Horner's rule over the leading axis of `p`, starting from zeros of the broadcast shape.
#[track_caller]
pub(crate) fn horner(p: &Array, x: &Array) -> Array {
    let shape = crate::shape::broadcast_shapes("polyval", &[&p.shape()[1..], x.shape()]);
    let zero = crate::numpy::scalar_array(Scalar::Int(0), x.dtype(), false);
    let mut y = lax::broadcast_in_dim(&zero, &shape, &[]);
    for i in 0..p.shape().first().copied().unwrap_or(0) {
        y = jnp::add(jnp::multiply(&y, x), p.i(i as i64));
    }
    y
}

/// `jnp.polyadd(a1, a2)`: the sum of two polynomials, the shorter added to the trailing
/// coefficients of the longer.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let s = jnp::polyadd(jnp::array([2, 3]), jnp::array([5, 4, 1]));
/// assert_eq!(s.to_vec::<i32>(), vec![5, 6, 4]);
/// ```
#[track_caller]
pub fn polyadd(a1: impl ArrayLike, a2: impl ArrayLike) -> Array {
    jax_jit(
        "polyadd",
        &["a1", "a2"],
        vec![a1.into_operand(), a2.into_operand()],
        |ops| {
            let [a1, a2]: [Array; 2] = promote_dtypes(ops)
                .try_into()
                .unwrap_or_else(|_| unreachable!());
            polyadd_body(&a1, &a2)
        },
    )
}

#[track_caller]
fn polyadd_body(a1: &Array, a2: &Array) -> Array {
    let (long, short) = if a2.shape()[0] <= a1.shape()[0] {
        (a1, a2)
    } else {
        (a2, a1)
    };
    let n = short.shape()[0] as i64;
    long.at(s![-n..]).add(short)
}

/// `jnp.polysub(a1, a2)`: `polyadd(a1, -a2)`.
#[track_caller]
pub fn polysub(a1: impl ArrayLike, a2: impl ArrayLike) -> Array {
    jax_jit(
        "polysub",
        &["a1", "a2"],
        vec![a1.into_operand(), a2.into_operand()],
        |ops| {
            let [a1, a2]: [Array; 2] = promote_dtypes(ops)
                .try_into()
                .unwrap_or_else(|_| unreachable!());
            polyadd(&a1, jnp::negative(&a2))
        },
    )
}

/// `jnp.polymul(a1, a2)`: the product of two polynomials, `convolve(a1, a2)` in an
/// inexact dtype (leading zeros are kept: JAX's `trim_leading_zeros=False`).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let p = jnp::polymul(jnp::array([1.0, 1.0]), jnp::array([1.0, -1.0]));
/// assert_eq!(p.to_vec::<f32>(), vec![1.0, 0.0, -1.0]);
/// ```
#[track_caller]
pub fn polymul(a1: impl ArrayLike, a2: impl ArrayLike) -> Array {
    let (mut a1, mut a2) = crate::numpy::inexact2(a1.into_operand(), a2.into_operand());
    if a1.shape()[0] == 0 {
        a1 = jnp::zeros_with([1], |kw| kw.dtype(a2.dtype()));
    }
    if a2.shape()[0] == 0 {
        a2 = jnp::zeros_with([1], |kw| kw.dtype(a1.dtype()));
    }
    jnp::convolve(a1, a2)
}

crate::keywords! {
    /// Keywords of `jnp.polyder(p, m=1)`.
    PolyderKw {
        /// `m`: the order of the derivative (default `1`).
        m: usize = 1; (m: usize) => m,
    }
}

/// `jnp.polyder(p)`: the coefficients of the derivative, in an inexact dtype. Keywords
/// through [`polyder_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let d = jnp::polyder(jnp::array([2, -5, 3, -1]));
/// assert_eq!(d.to_vec::<f32>(), vec![6.0, -10.0, 3.0]);
/// ```
#[track_caller]
pub fn polyder(p: impl ArrayLike) -> Array {
    polyder_with(p, |kw| kw)
}

/// `jnp.polyder(p, m=..)`: the `m`-th derivative (`p` itself for `m = 0`).
#[track_caller]
pub fn polyder_with(p: impl ArrayLike, f: impl FnOnce(PolyderKw) -> PolyderKw) -> Array {
    let m = crate::keywords::apply::<PolyderKw>(f).m;
    jax_jit("polyder", &["p"], vec![p.into_operand()], |ops| {
        let p = promote_args_inexact(ops).remove(0);
        if m == 0 {
            return p;
        }
        let len = p.shape()[0];
        // coeff[i] = prod_{j<m} (m + i - j): the falling factorials of the powers.
        let powers = jnp::expand_dims(
            jnp::arange_with(m as i64, |kw| kw.stop(len as i64).dtype(p.dtype())),
            0,
        );
        let shifts = jnp::expand_dims(jnp::arange_with(m as i64, |kw| kw.dtype(p.dtype())), 1);
        let coeff = jnp::prod_with(jnp::subtract(powers, shifts), |kw| kw.axis(0));
        let keep = (len as i64 - m as i64).max(0);
        jnp::multiply(p.i(s![..keep]), coeff.i(s![..;-1]))
    })
}

crate::keywords! {
    /// Keywords of `jnp.polyint(p, m=1, k=None)`.
    PolyintKw {
        /// `m`: the order of the integral (default `1`).
        m: usize = 1; (m: usize) => m,
        /// `k`: the integration constants, a scalar or `m` values (default `0`).
        k: Option<Operand> = None; (k: impl ArrayLike) => Some(k.into_operand()),
    }
}

/// `jnp.polyint(p)`: the coefficients of the antiderivative with constant 0, in an inexact
/// dtype. Keywords through [`polyint_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::polyint(jnp::array([12, 12, 6]));
/// assert_eq!(i.to_vec::<f32>(), vec![4.0, 6.0, 6.0, 0.0]);
/// ```
#[track_caller]
pub fn polyint(p: impl ArrayLike) -> Array {
    polyint_with(p, |kw| kw)
}

/// `jnp.polyint(p, m=.., k=..)`.
///
/// # Panics
/// `k must be a scalar or a rank-1 array of length 1 or m.` (JAX's message).
#[track_caller]
pub fn polyint_with(p: impl ArrayLike, f: impl FnOnce(PolyintKw) -> PolyintKw) -> Array {
    let kw = crate::keywords::apply::<PolyintKw>(f);
    let m = kw.m;
    // JAX's default `k=None` is not an argument of the jit: it becomes the constant 0.
    let (names, operands): (&[&str], Vec<Operand>) = match kw.k {
        Some(k) => (&["p", "k"], vec![p.into_operand(), k]),
        None => (&["p"], vec![p.into_operand()]),
    };
    if let Some(k) = operands.get(1) {
        let k_len = k.shape().iter().product::<usize>();
        if k.shape().len() > 1 || (k_len != 1 && k_len != m) {
            panic!("k must be a scalar or a rank-1 array of length 1 or m.");
        }
    }
    jax_jit("polyint", names, operands, |mut ops| {
        if ops.len() == 1 {
            ops.push(Operand::Scalar(Scalar::Int(0)));
        }
        let [p, k]: [Array; 2] = promote_args_inexact(ops)
            .try_into()
            .unwrap_or_else(|_| unreachable!());
        let mut k = jnp::atleast_1d(&k);
        if k.shape()[0] == 1 {
            k = jnp::full([m], k.i(0));
        }
        if m == 0 {
            return p;
        }
        let len = p.shape()[0];
        let grid = jnp::subtract(
            jnp::expand_dims(
                jnp::arange_with((len + m) as i64, |kw| kw.dtype(p.dtype())),
                0,
            ),
            jnp::expand_dims(jnp::arange_with(m as i64, |kw| kw.dtype(p.dtype())), 1),
        );
        let coeff = jnp::prod_with(jnp::maximum(1, grid), |kw| kw.axis(0)).i(s![..;-1]);
        jnp::true_divide(jnp::concatenate([&p, &k]), coeff)
    })
}

/// `jnp.polydiv(u, v)`: `(quotient, remainder)` of polynomial long division, in an
/// inexact dtype; the remainder keeps `u`'s length (JAX's `trim_leading_zeros=False`).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (q, r) = jnp::polydiv(jnp::array([1.0, -3.0, 2.0]), jnp::array([1.0, -1.0]));
/// assert_eq!(q.to_vec::<f32>(), vec![1.0, -2.0]);
/// assert_eq!(r.to_vec::<f32>(), vec![0.0, 0.0, 0.0]);
/// ```
#[track_caller]
pub fn polydiv(u: impl ArrayLike, v: impl ArrayLike) -> (Array, Array) {
    let (mut u, v) = crate::numpy::inexact2(u.into_operand(), v.into_operand());
    let m = u.shape()[0] as i64 - 1;
    let n = v.shape()[0] as i64 - 1;
    let scale = jnp::divide(1.0, v.i(0));
    let mut q = jnp::zeros_with([(m - n + 1).max(1) as usize], |kw| kw.dtype(u.dtype()));
    for k in 0..(m - n + 1).max(0) {
        let d = jnp::multiply(&scale, u.i(k));
        q = q.at(k).set(&d);
        u = u
            .at(s![k..k + n + 1])
            .add(jnp::multiply(jnp::negative(&d), &v));
    }
    (q, u)
}

/// `jnp.poly(seq_of_zeros)`: the monic polynomial with the given roots (a 1-D array), the
/// product of `(x - r)` as repeated `convolve`s.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let p = jnp::poly(jnp::array([1.0, 2.0]));
/// assert_eq!(p.to_vec::<f32>(), vec![1.0, -3.0, 2.0]);
/// ```
///
/// # Panics
/// For a 2-D square matrix (JAX takes its eigenvalues; jaxrs has no `eigvals`): `poly of a
/// square matrix needs eigvals, which jaxrs does not have`; for other ranks, JAX's `input
/// must be 1d or non-empty square 2d array.`
#[track_caller]
pub fn poly(seq_of_zeros: impl ArrayLike) -> Array {
    let z = seq_of_zeros.into_operand();
    let sh = z.shape().to_vec();
    if sh.len() == 2 && sh[0] == sh[1] && sh[0] != 0 {
        panic!("poly of a square matrix needs eigvals, which jaxrs does not have");
    }
    if sh.len() > 1 {
        panic!("input must be 1d or non-empty square 2d array.");
    }
    jax_jit("poly", &["seq_of_zeros"], vec![z], |ops| {
        let z = jnp::atleast_1d(promote_args_inexact(ops).remove(0));
        let dt = z.dtype();
        if z.shape()[0] == 0 {
            return jnp::ones_with([0usize; 0], |kw| kw.dtype(dt));
        }
        let mut a = jnp::ones_with([1], |kw| kw.dtype(dt));
        for k in 0..z.shape()[0] {
            let one = crate::numpy::scalar_array(Scalar::Int(1), dt, false);
            let factor = jnp::stack([one, jnp::negative(z.i(k as i64))]);
            a = jnp::convolve(&a, factor);
        }
        a
    })
}
