//! More of `jax.numpy`: `diff`, `meshgrid`, `searchsorted`, `isclose`, `allclose`,
//! `array_equal`, `count_nonzero`, `ptp`, `nan_to_num`, and the array-API aliases.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py`, `reductions.py`, `ufuncs.py`. Each
//! emits JAX's primitives in JAX's order inside the same `jit[name=..]`, except
//! `searchsorted` (see its documentation).

use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::lax;
use crate::numpy::operand::{jax_jit, scalar_array, ArrayLike, Operand};
use crate::numpy::reductions::{reduction, Axes, IntoAxes, Monoid};
use crate::numpy::{self as jnp};
use crate::shape::canonicalize_axis;

crate::keywords! {
    /// Keywords of `jnp.diff(a, n=1, axis=-1, prepend=None, append=None)`.
    DiffKw {
        /// `n`: how many times to difference (default `1`).
        n: usize = 1; (n: usize) => n,
        /// `axis`: the axis (default `-1`).
        axis: i64 = -1; (axis: i64) => axis,
        /// `prepend`: values put before `a` along `axis` (a scalar is broadcast).
        prepend: Option<Operand> = None; (values: impl ArrayLike) => Some(values.into_operand()),
        /// `append`: values put after `a` along `axis` (a scalar is broadcast).
        append: Option<Operand> = None; (values: impl ArrayLike) => Some(values.into_operand()),
    }
}

/// `jnp.diff(a)`: `a[..., 1:] - a[..., :-1]` (`!=` for bools). Keywords through
/// [`diff_with`].
///
/// # Panics
/// `diff requires input that is at least one dimensional; got 3` for a 0-d `a`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::diff(jnp::array([1, 4, 9])).to_vec::<i32>(), vec![3, 5]);
/// ```
#[track_caller]
pub fn diff(a: impl ArrayLike) -> Array {
    diff_with(a, |kw| kw)
}

/// `jnp.diff(a, n=.., axis=.., prepend=.., append=..)`.
#[track_caller]
pub fn diff_with(a: impl ArrayLike, f: impl FnOnce(DiffKw) -> DiffKw) -> Array {
    let kw = crate::keywords::apply::<DiffKw>(f);
    let a = a.into_operand().into_array();
    if kw.n == 0 {
        return a;
    }
    if a.ndim() == 0 {
        panic!("diff requires input that is at least one dimensional; got {a}");
    }
    let axis = canonicalize_axis(kw.axis as isize, a.ndim());
    let n = kw.n;
    let mut names = vec!["a"];
    let mut args = vec![Operand::Array(a)];
    let (has_pre, has_app) = (kw.prepend.is_some(), kw.append.is_some());
    if let Some(p) = kw.prepend {
        names.push("prepend");
        args.push(p);
    }
    if let Some(p) = kw.append {
        names.push("append");
        args.push(p);
    }
    jax_jit("diff", &names, args, move |ops| {
        let mut ops = ops.into_iter();
        let arr = ops.next().expect("a").into_array();
        let edge = |v: Operand, arr: &Array| {
            let v = v.into_array();
            if v.ndim() == 0 {
                let mut shape = arr.shape().to_vec();
                shape[axis] = 1;
                jnp::broadcast_to(&v, shape)
            } else {
                v
            }
        };
        let mut parts = Vec::new();
        if has_pre {
            parts.push(edge(ops.next().expect("prepend"), &arr));
        }
        parts.push(arr.clone());
        if has_app {
            parts.push(edge(ops.next().expect("append"), &arr));
        }
        let mut arr = if parts.len() > 1 {
            jnp::concatenate_with(parts, |k| k.axis(axis as i64))
        } else {
            arr
        };
        for _ in 0..n {
            let shape = arr.shape().to_vec();
            let zeros = vec![0; shape.len()];
            let (mut s1, mut l2) = (zeros.clone(), shape.clone());
            s1[axis] = 1;
            l2[axis] = shape[axis].saturating_sub(1);
            let hi = lax::slice(&arr, &s1, &shape, None);
            let lo = lax::slice(&arr, &zeros, &l2, None);
            arr = if arr.dtype() == DType::Bool {
                lax::ne(&hi, &lo)
            } else {
                lax::sub(&hi, &lo)
            };
        }
        arr
    })
}

crate::keywords! {
    /// Keywords of `jnp.meshgrid(*xi, copy=True, sparse=False, indexing='xy')`.
    MeshgridKw {
        /// `sparse`: unit axes instead of broadcast copies (default `false`).
        sparse: bool = false; (sparse: bool) => sparse,
        /// `indexing`: `"xy"` (default, Cartesian) or `"ij"` (matrix).
        indexing: String = "xy".into(); (indexing: &str) => indexing.into(),
    }
}

/// `jnp.meshgrid(*xi)`: coordinate grids from 1-d arrays (Cartesian `"xy"` indexing).
/// Keywords through [`meshgrid_with`].
///
/// # Panics
/// `Arguments to jax.numpy.meshgrid must be 1D, got shapes [(2, 2)]`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let g = jnp::meshgrid([jnp::array([1, 2, 3]), jnp::array([4, 5])]);
/// assert_eq!(g[0].shape(), &[2, 3]);
/// ```
#[track_caller]
pub fn meshgrid<A: ArrayLike>(xi: impl IntoIterator<Item = A>) -> Vec<Array> {
    meshgrid_with(xi, |kw| kw)
}

/// `jnp.meshgrid(*xi, sparse=.., indexing=..)`.
///
/// # Panics
/// `Valid values for indexing are 'xy' and 'ij', got x`.
#[track_caller]
pub fn meshgrid_with<A: ArrayLike>(
    xi: impl IntoIterator<Item = A>,
    f: impl FnOnce(MeshgridKw) -> MeshgridKw,
) -> Vec<Array> {
    let kw = crate::keywords::apply::<MeshgridKw>(f);
    let mut args: Vec<Array> = xi
        .into_iter()
        .map(|a| a.into_operand().into_array())
        .collect();
    let xy = match kw.indexing.as_str() {
        "xy" => true,
        "ij" => false,
        other => panic!("Valid values for indexing are 'xy' and 'ij', got {other}"),
    };
    if args.iter().any(|a| a.ndim() != 1) {
        let shapes: Vec<String> = args
            .iter()
            .map(|a| crate::shape::py_tuple(a.shape()))
            .collect();
        panic!(
            "Arguments to jax.numpy.meshgrid must be 1D, got shapes [{}]",
            shapes.join(", ")
        );
    }
    let swap = xy && args.len() >= 2;
    if swap {
        args.swap(0, 1);
    }
    let shape: Vec<usize> = args
        .iter()
        .map(|a| if kw.sparse { 1 } else { a.shape()[0] })
        .collect();
    let mut out: Vec<Array> = args
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut s = shape.clone();
            s[i] = a.shape()[0];
            lax::broadcast_in_dim(a, &s, &[i])
        })
        .collect();
    if swap {
        out.swap(0, 1);
    }
    out
}

crate::keywords! {
    /// Keywords of `jnp.searchsorted(a, v, side='left', sorter=None)`.
    SearchsortedKw {
        /// `side`: `"left"` (default: the first suitable index) or `"right"` (the last).
        side: String = "left".into(); (side: &str) => side.into(),
    }
}

/// `jnp.searchsorted(a, v)`: for each element of `v`, the index at which inserting it
/// keeps the sorted 1-d `a` sorted (`int32`). Keywords through [`searchsorted_with`].
///
/// The values are JAX's; the computation is JAX's `method='compare_all'` (count the
/// elements of `a` that sort before `v`, NaNs last), not its default `'scan'` bisection,
/// so the jaxpr differs.
///
/// # Panics
/// `a should be 1-dimensional`; `side="x" not in ['left', 'right']`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let i = jnp::searchsorted(jnp::array([1.0, 2.0, 3.0]), jnp::array([2.0, 0.0, 9.0]));
/// assert_eq!(i.to_vec::<i32>(), vec![1, 0, 3]);
/// ```
#[track_caller]
pub fn searchsorted(a: impl ArrayLike, v: impl ArrayLike) -> Array {
    searchsorted_with(a, v, |kw| kw)
}

/// `jnp.searchsorted(a, v, side=..)`.
#[track_caller]
pub fn searchsorted_with(
    a: impl ArrayLike,
    v: impl ArrayLike,
    f: impl FnOnce(SearchsortedKw) -> SearchsortedKw,
) -> Array {
    let kw = crate::keywords::apply::<SearchsortedKw>(f);
    let left = match kw.side.as_str() {
        "left" => true,
        "right" => false,
        other => panic!("side=\"{other}\" not in ['left', 'right']"),
    };
    let both = crate::numpy::operand::promote_dtypes(vec![a.into_operand(), v.into_operand()]);
    let (a, v) = (&both[0], &both[1]);
    if a.ndim() != 1 {
        panic!("a should be 1-dimensional");
    }
    // Element k of `a` sorts before v when a[k] < v (left) or a[k] <= v (right), with
    // NaNs after every number, as lax.sort orders them.
    let n = a.shape()[0];
    let mut a_shape = vec![n];
    a_shape.extend(std::iter::repeat_n(1, v.ndim()));
    let mut full = vec![n];
    full.extend_from_slice(v.shape());
    let a_b = lax::broadcast_in_dim(
        &lax::reshape(a, &a_shape),
        &full,
        &(0..full.len()).collect::<Vec<_>>(),
    );
    let dims: Vec<usize> = (1..full.len()).collect();
    let v_b = lax::broadcast_in_dim(v, &full, &dims);
    let before = if a.dtype().is_float() {
        let a_nan = lax::ne(&a_b, &a_b);
        let v_nan = lax::ne(&v_b, &v_b);
        let ordered = if left {
            lax::lt(&a_b, &v_b)
        } else {
            lax::le(&a_b, &v_b)
        };
        let nan_rule = if left {
            lax::bitwise_and(lax::bitwise_not(&a_nan), &v_nan)
        } else {
            v_nan
        };
        lax::bitwise_or(
            &lax::bitwise_and(lax::bitwise_not(&a_nan), &ordered),
            &nan_rule,
        )
    } else if left {
        lax::lt(&a_b, &v_b)
    } else {
        lax::le(&a_b, &v_b)
    };
    reduction(
        before.into(),
        Monoid::Sum,
        Axes::Some(vec![0]),
        Some(DType::default_int()),
        false,
    )
}

crate::keywords! {
    /// Keywords of `jnp.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)` and
    /// `jnp.allclose`.
    IscloseKw {
        /// `rtol`: the relative tolerance (default `1e-5`).
        rtol: Option<f64> = None; (rtol: f64) => Some(rtol),
        /// `atol`: the absolute tolerance (default `1e-8`).
        atol: Option<f64> = None; (atol: f64) => Some(atol),
        /// `equal_nan`: NaN equals NaN (default `false`).
        equal_nan: bool = false; (equal_nan: bool) => equal_nan,
    }
}

/// Keywords of `jnp.allclose` ([`IscloseKw`]).
pub type AllcloseKw = IscloseKw;

/// `isclose` inside its jit: `|a - b| <= atol + rtol * |b|`, or `a == b`.
#[track_caller]
fn isclose_body(a: Operand, b: Operand, rtol: Operand, atol: Operand, equal_nan: bool) -> Array {
    let ab = crate::numpy::operand::promote_args(vec![a, b]);
    let ab =
        crate::numpy::ufuncs::promote_args_inexact(ab.into_iter().map(Operand::Array).collect());
    let (a, b) = (&ab[0], &ab[1]);
    let dtype = a.dtype();
    let rtol = rtol.convert(dtype, false);
    let atol = atol.convert(dtype, false);
    let both_nan = jnp::logical_and(jnp::isnan(a), jnp::isnan(b));
    let check_fin = jnp::isfinite(b);
    let in_range = lax::le(
        lax::abs(lax::sub(a, b)),
        lax::add(&atol, lax::mul(&rtol, lax::abs(b))),
    );
    let out = jnp::logical_or(lax::eq(a, b), jnp::logical_and(check_fin, in_range));
    if equal_nan {
        jnp::logical_or(out, both_nan)
    } else {
        out
    }
}

/// Runs `isclose` as JAX's jit: tolerances that were passed are its arguments.
#[track_caller]
fn isclose_jit(a: Operand, b: Operand, kw: &IscloseKw, force_args: bool) -> Array {
    let equal_nan = kw.equal_nan;
    let tol = |v: Option<f64>, d: f64| Operand::Scalar(Scalar::Float(v.unwrap_or(d)));
    let (rtol, atol) = (tol(kw.rtol, 1e-5), tol(kw.atol, 1e-8));
    if force_args || kw.rtol.is_some() || kw.atol.is_some() {
        jax_jit(
            "isclose",
            &["a", "b", "rtol", "atol"],
            vec![a, b, rtol, atol],
            move |ops| {
                let [a, b, r, t]: [Operand; 4] = ops.try_into().unwrap_or_else(|_| unreachable!());
                isclose_body(a, b, r, t, equal_nan)
            },
        )
    } else {
        jax_jit("isclose", &["a", "b"], vec![a, b], move |ops| {
            let [a, b]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
            isclose_body(a, b, rtol, atol, equal_nan)
        })
    }
}

/// `jnp.isclose(a, b)`: elementwise `|a - b| <= 1e-8 + 1e-5 * |b|`. Keywords through
/// [`isclose_with`].
#[track_caller]
pub fn isclose(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    isclose_with(a, b, |kw| kw)
}

/// `jnp.isclose(a, b, rtol=.., atol=.., equal_nan=..)`.
#[track_caller]
pub fn isclose_with(
    a: impl ArrayLike,
    b: impl ArrayLike,
    f: impl FnOnce(IscloseKw) -> IscloseKw,
) -> Array {
    let kw = crate::keywords::apply::<IscloseKw>(f);
    isclose_jit(a.into_operand(), b.into_operand(), &kw, false)
}

/// `jnp.allclose(a, b)`: whether `isclose` holds everywhere (0-d `bool`).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1.0, 2.0]);
/// assert!(jnp::allclose(&x, jnp::add(&x, 1e-9)).item::<bool>());
/// ```
#[track_caller]
pub fn allclose(a: impl ArrayLike, b: impl ArrayLike) -> Array {
    allclose_with(a, b, |kw| kw)
}

/// `jnp.allclose(a, b, rtol=.., atol=.., equal_nan=..)`.
#[track_caller]
pub fn allclose_with(
    a: impl ArrayLike,
    b: impl ArrayLike,
    f: impl FnOnce(AllcloseKw) -> AllcloseKw,
) -> Array {
    let kw = crate::keywords::apply::<AllcloseKw>(f);
    jax_jit(
        "allclose",
        &["a", "b"],
        vec![a.into_operand(), b.into_operand()],
        move |ops| {
            let [a, b]: [Operand; 2] = ops.try_into().unwrap_or_else(|_| unreachable!());
            // `allclose` passes its tolerances on to `isclose` as arguments.
            jnp::all(isclose_jit(a, b, &kw, true))
        },
    )
}

crate::keywords! {
    /// Keywords of `jnp.array_equal(a1, a2, equal_nan=False)`.
    ArrayEqualKw {
        /// `equal_nan`: NaN equals NaN (default `false`).
        equal_nan: bool = false; (equal_nan: bool) => equal_nan,
    }
}

/// `jnp.array_equal(a1, a2)`: same shape and equal elements (0-d `bool`).
#[track_caller]
pub fn array_equal(a1: impl ArrayLike, a2: impl ArrayLike) -> Array {
    array_equal_with(a1, a2, |kw| kw)
}

/// `jnp.array_equal(a1, a2, equal_nan=..)`.
#[track_caller]
pub fn array_equal_with(
    a1: impl ArrayLike,
    a2: impl ArrayLike,
    f: impl FnOnce(ArrayEqualKw) -> ArrayEqualKw,
) -> Array {
    let kw = crate::keywords::apply::<ArrayEqualKw>(f);
    let (a1, a2) = (
        a1.into_operand().into_array(),
        a2.into_operand().into_array(),
    );
    if a1.shape() != a2.shape() {
        return scalar_array(Scalar::Bool(false), DType::Bool, false);
    }
    let mut eq = jnp::equal(&a1, &a2);
    if kw.equal_nan {
        eq = jnp::logical_or(eq, jnp::logical_and(jnp::isnan(&a1), jnp::isnan(&a2)));
    }
    jnp::all(eq)
}

crate::keywords! {
    /// Keywords of `jnp.count_nonzero(a, axis=None, keepdims=False)` and `jnp.ptp`.
    CountNonzeroKw {
        /// `axis`: the axes (default all).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
        /// `keepdims`: keep reduced axes as length-1 axes (default `false`).
        keepdims: bool = false; (keepdims: bool) => keepdims,
    }
}

/// Keywords of `jnp.ptp` ([`CountNonzeroKw`]).
pub type PtpKw = CountNonzeroKw;

/// `jnp.count_nonzero(a)`: how many elements are not zero (`int32`).
#[track_caller]
pub fn count_nonzero(a: impl ArrayLike) -> Array {
    count_nonzero_with(a, |kw| kw)
}

/// `jnp.count_nonzero(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn count_nonzero_with(
    a: impl ArrayLike,
    f: impl FnOnce(CountNonzeroKw) -> CountNonzeroKw,
) -> Array {
    let kw = crate::keywords::apply::<CountNonzeroKw>(f);
    jax_jit(
        "count_nonzero",
        &["a"],
        vec![a.into_operand()],
        move |ops| {
            let a = ops.into_iter().next().expect("a").into_array();
            let zero = scalar_array(Scalar::Int(0), a.dtype(), false);
            let nz = lax::ne(&a, &zero);
            reduction(
                nz.into(),
                Monoid::Sum,
                kw.axis,
                Some(DType::default_int()),
                kw.keepdims,
            )
        },
    )
}

/// `jnp.ptp(a)`: `max(a) - min(a)`.
#[track_caller]
pub fn ptp(a: impl ArrayLike) -> Array {
    ptp_with(a, |kw| kw)
}

/// `jnp.ptp(a, axis=.., keepdims=..)`.
#[track_caller]
pub fn ptp_with(a: impl ArrayLike, f: impl FnOnce(PtpKw) -> PtpKw) -> Array {
    let kw = crate::keywords::apply::<PtpKw>(f);
    jax_jit("_ptp", &["a"], vec![a.into_operand()], move |ops| {
        let a = ops.into_iter().next().expect("a").into_array();
        let hi = reduction(
            a.clone().into(),
            Monoid::Max,
            kw.axis.clone(),
            None,
            kw.keepdims,
        );
        let lo = reduction(a.into(), Monoid::Min, kw.axis, None, kw.keepdims);
        lax::sub(&hi, &lo)
    })
}

/// `jnp.nan_to_num(x)`: NaN becomes 0, `±inf` the largest finite values of the dtype.
#[track_caller]
pub fn nan_to_num(x: impl ArrayLike) -> Array {
    jax_jit("nan_to_num", &["x"], vec![x.into_operand()], |ops| {
        let x = ops.into_iter().next().expect("x").into_array();
        let dtype = x.dtype();
        if !dtype.is_float() {
            return x;
        }
        let max = match dtype {
            DType::F64 => f64::MAX,
            DType::F16 => 65504.0,
            DType::BF16 => f64::from(half::bf16::MAX),
            _ => f64::from(f32::MAX),
        };
        let c = |v: f64| scalar_array(Scalar::Float(v), dtype, false);
        let out = jnp::where_(jnp::isnan(&x), c(0.0), &x);
        let out = jnp::where_(lax::eq(&out, c(f64::INFINITY)), c(max), &out);
        jnp::where_(lax::eq(&out, c(f64::NEG_INFINITY)), c(-max), &out)
    })
}

/// `jnp.amax(a)`: the same function as [`jnp::max`](crate::numpy::max).
#[track_caller]
pub fn amax(a: impl ArrayLike) -> Array {
    jnp::max(a)
}

/// `jnp.amin(a)`: the same function as [`jnp::min`](crate::numpy::min).
#[track_caller]
pub fn amin(a: impl ArrayLike) -> Array {
    jnp::min(a)
}

/// `jnp.concat(arrays)`: the array-API name of [`jnp::concatenate`](crate::numpy::concatenate).
#[track_caller]
pub fn concat<A: ArrayLike>(arrays: impl IntoIterator<Item = A>) -> Array {
    jnp::concatenate(arrays)
}

/// `jnp.permute_dims(a, axes)`: the array-API name of `transpose` (axes required).
#[track_caller]
pub fn permute_dims(a: impl ArrayLike, axes: impl IntoAxes) -> Array {
    jnp::transpose_with(a, |kw| kw.axes(axes))
}

/// `jnp.matrix_transpose(x)`: swaps the last two axes.
///
/// # Panics
/// `x must be at least two-dimensional for matrix_transpose; got ndim=1`.
#[track_caller]
pub fn matrix_transpose(x: impl ArrayLike) -> Array {
    let x = x.into_operand().into_array();
    let nd = x.ndim();
    if nd < 2 {
        panic!("x must be at least two-dimensional for matrix_transpose; got ndim={nd}");
    }
    let mut perm: Vec<usize> = (0..nd).collect();
    perm.swap(nd - 2, nd - 1);
    lax::transpose(&x, &perm)
}

macro_rules! aliases {
    ($($name:ident => $target:ident),* $(,)?) => {$(
        #[doc = concat!("`jnp.", stringify!($name), "`: the array-API name of [`jnp::", stringify!($target), "`](crate::numpy::", stringify!($target), ").")]
        #[track_caller]
        pub fn $name(x: impl ArrayLike) -> Array {
            jnp::$target(x)
        }
    )*};
}

aliases! {
    acos => arccos, asin => arcsin, atan => arctan, acosh => arccosh, asinh => arcsinh,
    atanh => arctanh, bitwise_invert => invert,
}

/// `jnp.atan2(x1, x2)`: the array-API name of [`jnp::arctan2`](crate::numpy::arctan2).
#[track_caller]
pub fn atan2(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jnp::arctan2(x1, x2)
}

/// `jnp.bitwise_left_shift(x1, x2)`: [`jnp::left_shift`](crate::numpy::left_shift).
#[track_caller]
pub fn bitwise_left_shift(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jnp::left_shift(x1, x2)
}

/// `jnp.bitwise_right_shift(x1, x2)`: [`jnp::right_shift`](crate::numpy::right_shift).
#[track_caller]
pub fn bitwise_right_shift(x1: impl ArrayLike, x2: impl ArrayLike) -> Array {
    jnp::right_shift(x1, x2)
}

aliases! { degrees => rad2deg, radians => deg2rad }

/// `jnp.isposinf(x)`: `x == inf` (all `false` for integers).
#[track_caller]
pub fn isposinf(x: impl ArrayLike) -> Array {
    isposneginf(x.into_operand().into_array(), f64::INFINITY)
}

/// `jnp.isneginf(x)`: `x == -inf` (all `false` for integers).
#[track_caller]
pub fn isneginf(x: impl ArrayLike) -> Array {
    isposneginf(x.into_operand().into_array(), f64::NEG_INFINITY)
}

/// ufuncs.py `_isposneginf`.
#[track_caller]
fn isposneginf(x: Array, infinity: f64) -> Array {
    if x.dtype().is_float() {
        lax::eq(&x, scalar_array(Scalar::Float(infinity), x.dtype(), false))
    } else {
        jnp::full_like_with(&x, false, |kw| kw.dtype(DType::Bool))
    }
}

/// `jnp.empty(shape)`: as in JAX, zeros (`float32`); `dtype` through [`jnp::zeros_with`].
#[track_caller]
pub fn empty(shape: impl crate::shape::IntoShape) -> Array {
    jnp::zeros(shape)
}

/// `jnp.empty_like(x)`: as in JAX, [`jnp::zeros_like`](crate::numpy::zeros_like).
#[track_caller]
pub fn empty_like(x: impl ArrayLike) -> Array {
    jnp::zeros_like(x)
}

/// `jnp.identity(n)`: the `n × n` identity, as [`jnp::eye`](crate::numpy::eye).
#[track_caller]
pub fn identity(n: usize) -> Array {
    jnp::eye(n)
}

/// `jnp.ediff1d(ary)`: the differences of consecutive elements of the flattened array.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::ediff1d(jnp::array([1, 4, 9])).to_vec::<i32>(), vec![3, 5]);
/// ```
#[track_caller]
pub fn ediff1d(ary: impl ArrayLike) -> Array {
    jax_jit("ediff1d", &["ary"], vec![ary.into_operand()], |ops| {
        let a = jnp::ravel(ops.into_iter().next().expect("ary").into_array());
        let n = a.shape()[0];
        let hi = lax::slice(&a, &[1.min(n)], &[n], None);
        let lo = lax::slice(&a, &[0], &[n.saturating_sub(1)], None);
        lax::sub(&hi, &lo)
    })
}

crate::keywords! {
    /// Keywords of `jnp.take_along_axis(arr, indices, axis=-1, mode=None, fill_value=None)`.
    TakeAlongAxisKw {
        /// `axis`: the axis to take along (default `-1`; [`Axes::All`] flattens `arr`).
        axis: Axes = Axes::Some(vec![-1]); (axis: impl IntoAxes) => axis.into_axes(),
        /// `mode`: out-of-bounds indices `"fill"` (default) or `"clip"`.
        mode: String = "fill".into(); (mode: &str) => mode.into(),
        /// `fill_value`: what `"fill"` mode returns out of bounds (default NaN for floats).
        fill_value: Option<Scalar> = None; (v: impl crate::dtype::Element) => Some(v.to_scalar()),
    }
}

/// `jnp.take_along_axis(arr, indices)`: `arr[..., indices[..., j], ...]` along the last
/// axis, the other axes paired with `indices`' (or broadcast where `indices` has length 1).
/// Keywords through [`take_along_axis_with`].
///
/// # Panics
/// `indices and arr must have the same number of dimensions; 1 vs. 2`; for non-integer
/// indices, `take_along_axis indices must be of integer type, got float32`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[10, 30, 20], [60, 40, 50]]);
/// let i = jnp::argsort(&x);
/// let s = jnp::take_along_axis(&x, &i);
/// assert_eq!(s.to_vec::<i32>(), vec![10, 20, 30, 40, 50, 60]);
/// ```
#[track_caller]
pub fn take_along_axis(arr: impl ArrayLike, indices: impl ArrayLike) -> Array {
    take_along_axis_with(arr, indices, |kw| kw)
}

/// `jnp.take_along_axis(arr, indices, axis=.., mode=.., fill_value=..)`.
#[track_caller]
pub fn take_along_axis_with(
    arr: impl ArrayLike,
    indices: impl ArrayLike,
    f: impl FnOnce(TakeAlongAxisKw) -> TakeAlongAxisKw,
) -> Array {
    use crate::primitive::{GatherDimensionNumbers, GatherScatterMode};
    let kw = crate::keywords::apply::<TakeAlongAxisKw>(f);
    let (a, idx) = (
        arr.into_operand().into_array(),
        indices.into_operand().into_array(),
    );
    if !idx.dtype().is_integer() {
        panic!(
            "take_along_axis indices must be of integer type, got {}",
            idx.dtype()
        );
    }
    let mode = match kw.mode.as_str() {
        "fill" => GatherScatterMode::FillOrDrop,
        "clip" => GatherScatterMode::Clip,
        other => panic!("Invalid mode '{other}' for take_along_axis"),
    };
    let flat = matches!(kw.axis, Axes::All);
    if flat && idx.ndim() != 1 {
        panic!(
            "take_along_axis indices must be 1D if axis=None, got shape {}",
            crate::shape::py_tuple(idx.shape())
        );
    }
    let rank = if flat { 1 } else { a.ndim() };
    if rank != idx.ndim() {
        panic!(
            "indices and arr must have the same number of dimensions; {} vs. {}",
            idx.ndim(),
            rank
        );
    }
    let axis = match &kw.axis {
        Axes::All => 0,
        Axes::Some(v) => canonicalize_axis(v[0], rank),
    };
    let fill_value = kw.fill_value;
    crate::api::jit_call("take_along_axis", &[a, idx], |args| {
        let a = if flat {
            jnp::ravel(&args[0])
        } else {
            args[0].clone()
        };
        let idx = &args[1];
        let idx_shape = idx.shape().to_vec();
        let axis_size = a.shape()[axis];
        let mut arr_shape = a.shape().to_vec();
        arr_shape[axis] = 1;
        let out_shape: Vec<usize> = idx_shape
            .iter()
            .zip(&arr_shape)
            .map(|(&i, &s)| i.max(s))
            .collect();
        if axis_size == 0 {
            return vec![jnp::zeros_with(out_shape, |k| k.dtype(a.dtype()))];
        }
        // `_normalize_index`: negative indices count from the end.
        let size = scalar_array(Scalar::Int(axis_size as i128), idx.dtype(), false);
        let idx = if idx.dtype().is_signed_integer() {
            let neg = lax::lt(
                idx,
                Operand::Scalar(Scalar::Int(0)).convert(idx.dtype(), true),
            );
            lax::select(&neg, &lax::add(idx, &size), idx)
        } else {
            idx.clone()
        };
        let index_dims: Vec<usize> = (0..rank)
            .filter(|&i| i == axis || idx_shape[i] != 1)
            .collect();
        let mut gather_shape: Vec<usize> = index_dims.iter().map(|&i| out_shape[i]).collect();
        gather_shape.push(1);
        let gather_indices = lax::reshape(&idx, &gather_shape);
        let (mut slice_sizes, mut offset_dims, mut start_index_map) = (vec![], vec![], vec![]);
        let (mut collapsed, mut operand_batching, mut indices_batching) = (vec![], vec![], vec![]);
        let mut squeeze = vec![];
        let (mut new_i, mut j) = (0, 0);
        for i in 0..rank {
            if i == axis {
                slice_sizes.push(1);
                start_index_map.push(new_i);
                collapsed.push(new_i);
                new_i += 1;
                j += 1;
            } else if idx_shape[i] == 1 {
                offset_dims.push(i);
                slice_sizes.push(arr_shape[i]);
                new_i += 1;
            } else if arr_shape[i] == 1 {
                squeeze.push(i as isize);
                j += 1;
            } else {
                slice_sizes.push(usize::from(arr_shape[i] != 0));
                operand_batching.push(new_i);
                indices_batching.push(j);
                new_i += 1;
                j += 1;
            }
        }
        let a = if squeeze.is_empty() {
            a
        } else {
            lax::squeeze(&a, &squeeze)
        };
        let dnums = GatherDimensionNumbers {
            offset_dims,
            collapsed_slice_dims: collapsed,
            start_index_map,
            operand_batching_dims: operand_batching,
            start_indices_batching_dims: indices_batching,
        };
        vec![lax::gather_with(
            &a,
            &gather_indices,
            dnums,
            &slice_sizes,
            |kw| kw.mode(mode).fill_value(fill_value),
        )]
    })
    .remove(0)
}

/// `jnp.around(a)`: [`jnp::round`](crate::numpy::round), inside JAX's `jit[name=around]`.
#[track_caller]
pub fn around(a: impl ArrayLike) -> Array {
    jax_jit("around", &["a"], vec![a.into_operand()], |ops| {
        jnp::round(ops.into_iter().next().expect("a"))
    })
}
