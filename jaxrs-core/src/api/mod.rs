//! The transformations users call: `make_jaxpr` and `jvp`, and the `jit` wrapper that
//! `jnp` functions use internally.
//!
//! JAX counterpart: `jax/_src/api.py` (`make_jaxpr`, `jvp`) and `jax/_src/pjit.py` (the
//! `jit` that `jax.numpy` wraps many of its functions in).
//!
//! A function is traced through the traits [`ArrayFn`] (functions and closures of 1 to 8
//! `&Array` arguments) and [`TraceOutput`] (an `Array`, a tuple of them or a `Vec`).

mod applied_at;
mod custom;
pub mod debug;
mod grad;
pub mod jit;

pub use applied_at::AppliedAt;
pub use custom::*;
pub use grad::*;
mod vmap;
pub use vmap::{vmap, vmap_with, Axes, AxesSpec, AxisSpec, VmapFn, VmapKw};

use std::cell::RefCell;
use std::sync::Arc;

use crate::array::Array;
use crate::aval::Aval;
use crate::interpreters::jvp::{instantiate, jvp_traced};
use crate::interpreters::staging::JaxprTrace;
use crate::jaxpr::ClosedJaxpr;
use crate::primitive::Primitive;
use crate::trace::{bind, current_trace, with_trace, with_user_source, TraceRef};

/// What a traced function may return: an [`Array`], a tuple of them, or a `Vec<Array>`.
pub trait TraceOutput: Sized {
    /// The arrays, in order.
    fn into_arrays(self) -> Vec<Array>;
    /// Rebuilds the value from arrays, in the order [`TraceOutput::into_arrays`] gave.
    fn from_arrays(arrays: Vec<Array>) -> Self;
}

impl TraceOutput for Array {
    fn into_arrays(self) -> Vec<Array> {
        vec![self]
    }
    fn from_arrays(arrays: Vec<Array>) -> Self {
        arrays.into_iter().next().expect("one array")
    }
}

impl TraceOutput for Vec<Array> {
    fn into_arrays(self) -> Vec<Array> {
        self
    }
    fn from_arrays(arrays: Vec<Array>) -> Self {
        arrays
    }
}

macro_rules! tuple_output {
    ($($t:ident),+) => {
        impl TraceOutput for ($(tuple_output!(@ty $t),)+) {
            fn into_arrays(self) -> Vec<Array> {
                let ($($t,)+) = self;
                vec![$($t),+]
            }
            fn from_arrays(arrays: Vec<Array>) -> Self {
                let mut it = arrays.into_iter();
                ($(tuple_output!(@next it $t),)+)
            }
        }
    };
    (@next $it:ident $t:ident) => {
        $it.next().expect("one array per tuple field")
    };
    (@ty $t:ident) => {
        Array
    };
}

tuple_output!(a, b);
tuple_output!(a, b, c);
tuple_output!(a, b, c, d);
tuple_output!(a, b, c, d, e);
tuple_output!(a, b, c, d, e, f);

/// Functions and closures of 1 to 8 `&Array` arguments that return a [`TraceOutput`].
///
/// `M` is the function's signature (`fn(&Array, &Array) -> R`); it is inferred, and lets one
/// trait cover every arity.
pub trait ArrayFn<M> {
    /// What the function returns.
    type Output: TraceOutput;
    /// The callable that [`make_jaxpr`] returns: same arguments, a [`ClosedJaxpr`] out.
    type JaxprFn<'a>
    where
        Self: 'a;
    /// Number of arguments.
    const ARITY: usize;
    /// Calls the function on `args` (exactly [`ArrayFn::ARITY`] of them).
    fn call_with(&self, args: &[Array]) -> Self::Output;
    /// Wraps the function for [`make_jaxpr`].
    fn jaxpr_fn<'a>(self) -> Self::JaxprFn<'a>
    where
        Self: 'a;
}

macro_rules! array_fn {
    ($n:expr; $($arg:ident),+) => {
        impl<F, R> ArrayFn<fn($(array_fn!(@ty $arg)),+) -> R> for F
        where
            F: Fn($(array_fn!(@ty $arg)),+) -> R,
            R: TraceOutput,
        {
            type Output = R;
            type JaxprFn<'a> = Box<dyn Fn($(array_fn!(@ty $arg)),+) -> ClosedJaxpr + 'a> where F: 'a;
            const ARITY: usize = $n;
            #[allow(unused_assignments)]
            fn call_with(&self, args: &[Array]) -> R {
                let mut i = 0;
                $(let $arg = &args[i]; i += 1;)+
                self($($arg),+)
            }
            fn jaxpr_fn<'a>(self) -> Self::JaxprFn<'a>
            where
                F: 'a,
            {
                Box::new(
                    move |$($arg: &Array),+| {
                        let avals = vec![$($arg.aval().clone()),+];
                        jit::make_jaxpr_trace(&avals, |args| self.call_with(args).into_arrays())
                    },
                )
            }
        }
    };
    (@ty $t:ident) => {
        &Array
    };
}

array_fn!(1; a);
array_fn!(2; a, b);
array_fn!(3; a, b, c);
array_fn!(4; a, b, c, d);
array_fn!(5; a, b, c, d, e);
array_fn!(6; a, b, c, d, e, f);
array_fn!(7; a, b, c, d, e, f, g);
array_fn!(8; a, b, c, d, e, f, g, h);

/// `jax.make_jaxpr(f)`: a function that traces `f` on arguments of the given avals and
/// returns the jaxpr it staged.
///
/// Operations are recorded, not computed: arguments become the jaxpr's inputs, concrete
/// arrays that `f` captures become constvars, and Rust scalars become literals.
///
/// `f` is a function item (`fn f(x: &Array, y: &Array) -> Array`) or a closure whose
/// parameter types are written out (`|x: &Array| x * 2.0`): the arity is read from them.
///
/// # Panics
/// With JAX's `UnexpectedTracerError` when `f` returns a tracer of a trace that has ended.
///
/// # Examples
/// ```
/// use jaxrs_core::api::make_jaxpr;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::{lax, Array};
///
/// fn f(x: &Array, y: &Array) -> Array {
///     2 * lax::integer_pow(x, 2) + y
/// }
/// let x = jnp::array([1.0, 4.0, 3.0]);
/// let y = jnp::array([8.0, 1.0, 2.0]);
/// assert_eq!(
///     make_jaxpr(f)(&x, &y).to_string(),
///     "{ lambda ; a:f32[3] b:f32[3]. let
///     c:f32[3] = integer_pow[y=2] a
///     d:f32[3] = mul 2.0:f32[] c
///     e:f32[3] = add d b
///   in (e,) }"
/// );
/// ```
pub fn make_jaxpr<'a, F, M>(f: F) -> F::JaxprFn<'a>
where
    F: ArrayFn<M> + 'a,
{
    f.jaxpr_fn()
}

/// Traces `f` on fresh arguments of `in_avals` with a new jaxpr trace over the current one.
///
/// # Panics
/// With JAX's `UnexpectedTracerError` when a result is a tracer of a trace that has ended.
#[track_caller]
pub fn trace_to_jaxpr(in_avals: &[Aval], f: impl FnOnce(&[Array]) -> Vec<Array>) -> ClosedJaxpr {
    let trace = JaxprTrace::new(current_trace());
    let args: Vec<Array> = in_avals.iter().map(|a| trace.new_arg(a.clone())).collect();
    let outs = with_trace(trace.clone() as TraceRef, || f(&args));
    match trace.finish(&outs) {
        Ok(jaxpr) => jaxpr,
        Err(message) => panic!("{message}"),
    }
}

thread_local! {
    /// Jaxprs of recent `jit` calls. JAX caches the traced jaxpr per function and argument
    /// types, so two calls of one `jnp` function on one signature share one jaxpr, which
    /// then prints once as `let name = { ... } in`; equal traces share here.
    static JIT_CACHE: RefCell<Vec<(String, Arc<ClosedJaxpr>)>> = const { RefCell::new(Vec::new()) };
}

const JIT_CACHE_SIZE: usize = 256;

/// Calls `body` on `args` as JAX's `jit(body)` named `name` would: the body is traced to
/// a jaxpr and bound as one `jit[name=.. jaxpr=..]` equation, which prints as JAX prints
/// the `jnp` functions it wraps in `jit` (`_where`, `clip`, ...). Eagerly the jaxpr runs
/// at once.
///
/// Under a trace, concrete arrays or enclosing tracers that `body` captures become
/// leading arguments of the call, as JAX's `jit` passes closed-over values; eagerly the
/// captured arrays stay constants of the computation, as JAX embeds them in what it compiles.
#[track_caller]
pub fn jit_call(
    name: &str,
    args: &[Array],
    body: impl FnOnce(&[Array]) -> Vec<Array>,
) -> Vec<Array> {
    traced_call(name, args, body, false)
}

/// [`jit_call`] of a function JAX wraps in `jax.jit(..., inline=True)`: where no trace
/// stages a jaxpr it is a call like [`jit_call`]'s (see [`Primitive::Jit`]'s `inline`).
#[track_caller]
pub(crate) fn jit_call_inline(
    name: &str,
    args: &[Array],
    body: impl FnOnce(&[Array]) -> Vec<Array>,
) -> Vec<Array> {
    traced_call(name, args, body, true)
}

/// Traces `body` on `args`' avals (its equations sourced at the caller's line) and binds
/// the call.
#[track_caller]
fn traced_call(
    name: &str,
    args: &[Array],
    body: impl FnOnce(&[Array]) -> Vec<Array>,
    inline: bool,
) -> Vec<Array> {
    let avals: Vec<Aval> = args.iter().map(|a| a.aval().clone()).collect();
    let source = std::panic::Location::caller();
    let closed = with_user_source(source, || trace_to_jaxpr(&avals, body));
    bind_jit(name, closed, args, inline)
}

/// Binds `jit[name=.. jaxpr=..]` on `args`. Under a trace the jaxpr's constants become
/// leading arguments, and a jaxpr equal to a recent one of the same name is shared with
/// it; eagerly they stay constants of the computation, as JAX embeds them in the program
/// it compiles (which XLA's simplifier then treats as constants: `x / c` is `x * (1 / c)`).
#[track_caller]
pub(crate) fn bind_jit(
    name: &str,
    mut closed: ClosedJaxpr,
    args: &[Array],
    inline: bool,
) -> Vec<Array> {
    let current = current_trace();
    if inline && current.stages_jaxpr() {
        return crate::jaxpr::eval_jaxpr(&closed, args);
    }
    // Sharing only shows in printed jaxprs; eagerly the call runs at once, so skip the
    // (printing-based) lookup.
    if current.parent().is_none() {
        return bind(
            Primitive::Jit {
                name: name.to_string(),
                jaxpr: Arc::new(closed),
                inline,
            },
            args,
        );
    }
    let mut call_args = std::mem::take(&mut closed.consts);
    call_args.extend_from_slice(args);
    let mut constvars = std::mem::take(&mut closed.jaxpr.constvars);
    constvars.append(&mut closed.jaxpr.invars);
    closed.jaxpr.invars = constvars;
    let key = {
        let weak: Vec<bool> = closed
            .jaxpr
            .invars
            .iter()
            .map(|v| v.aval.weak_type)
            .collect();
        format!("{name}\n{closed}\n{weak:?}")
    };
    let jaxpr = JIT_CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if let Some((_, j)) = cache.iter().find(|(k, _)| *k == key) {
            return j.clone();
        }
        let j = Arc::new(closed);
        if cache.len() >= JIT_CACHE_SIZE {
            cache.remove(0);
        }
        cache.push((key, j.clone()));
        j
    });
    bind(
        Primitive::Jit {
            name: name.to_string(),
            jaxpr,
            inline,
        },
        &call_args,
    )
}

/// Argument tuples of [`jvp`]: `(&x,)`, `(&x, &y)`, ... up to 8 arrays.
pub trait ArgTuple {
    /// The arrays, in order.
    fn into_arrays(self) -> Vec<Array>;
}

macro_rules! arg_tuple {
    ($($t:ident),+) => {
        impl ArgTuple for ($(arg_tuple!(@ty $t),)+) {
            fn into_arrays(self) -> Vec<Array> {
                let ($($t,)+) = self;
                vec![$($t.clone()),+]
            }
        }
    };
    (@ty $t:ident) => {
        &Array
    };
}

arg_tuple!(a);
arg_tuple!(a, b);
arg_tuple!(a, b, c);
arg_tuple!(a, b, c, d);
arg_tuple!(a, b, c, d, e);
arg_tuple!(a, b, c, d, e, f);
arg_tuple!(a, b, c, d, e, f, g);
arg_tuple!(a, b, c, d, e, f, g, h);

/// `jax.jvp(f, primals, tangents)`: `f`'s value at `primals` and its directional
/// derivative along `tangents` (forward mode), as `(primal_out, tangent_out)` of the same
/// structure as `f`'s result.
///
/// It nests: `jvp` of a function that calls `jvp` gives second derivatives, `make_jaxpr`
/// of it shows the equations, and `jvp` of a function that calls `make_jaxpr` works.
///
/// # Panics
/// If the number of primals, tangents and `f`'s arguments differ, or a tangent's shape or
/// dtype differs from its primal's (JAX's messages); with JAX's "Differentiation rule for
/// 'x' not implemented" for a primitive without a JVP rule.
///
/// # Examples
/// ```
/// use jaxrs_core::api::jvp;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::{lax, Array};
///
/// let x = jnp::array([0.0f32, 1.0]);
/// let t = jnp::array([1.0f32, 1.0]);
/// let (y, dy) = jvp(|x: &Array| lax::sin(x), (&x,), (&t,));
/// assert_eq!(y.to_vec::<f32>(), vec![0.0, 1.0f32.sin()]);
/// assert_eq!(dy.to_vec::<f32>(), vec![1.0, 1.0f32.cos()]);
/// ```
#[track_caller]
pub fn jvp<F, M, P>(f: F, primals: P, tangents: P) -> (F::Output, F::Output)
where
    F: ArrayFn<M>,
    P: ArgTuple,
{
    let primals = primals.into_arrays();
    let tangents = tangents.into_arrays();
    if primals.len() != F::ARITY {
        panic!(
            "jvp: the function takes {} arguments, but {} primals were given",
            F::ARITY,
            primals.len()
        );
    }
    for (p, t) in primals.iter().zip(&tangents) {
        if p.shape() != t.shape() {
            panic!(
                "jvp called with different primal and tangent shapes;Got primal shape {} and \
                 tangent shape as {}",
                crate::shape::py_tuple(p.shape()),
                crate::shape::py_tuple(t.shape())
            );
        }
        if p.dtype() != t.dtype() {
            panic!(
                "primal and tangent arguments to jax.jvp do not match; dtypes must be equal, \
                 or in case of int/bool primal dtype the tangent dtype must be float0.Got \
                 primal dtype {} and so expected tangent dtype {}, but got tangent dtype {} \
                 instead.",
                p.dtype(),
                p.dtype(),
                t.dtype()
            );
        }
    }
    let tangents: Vec<Option<Array>> = tangents.into_iter().map(Some).collect();
    let (outs, touts) = jvp_traced(|args| f.call_with(args).into_arrays(), &primals, &tangents);
    let touts = outs
        .iter()
        .zip(touts)
        .map(|(o, t)| instantiate(t, o.aval()))
        .collect();
    (F::Output::from_arrays(outs), F::Output::from_arrays(touts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lax;
    use crate::numpy as jnp;

    #[test]
    fn seed_jaxpr() {
        fn f(x: &Array, y: &Array) -> Array {
            2 * lax::integer_pow(x, 2) + y
        }
        let x = jnp::array([1.0, 4.0, 3.0]);
        let y = jnp::array([8.0, 1.0, 2.0]);
        assert_eq!(
            make_jaxpr(f)(&x, &y).to_string(),
            "{ lambda ; a:f32[3] b:f32[3]. let\n    c:f32[3] = integer_pow[y=2] a\n    \
             d:f32[3] = mul 2.0:f32[] c\n    e:f32[3] = add d b\n  in (e,) }"
        );
    }

    #[test]
    fn enclosing_tracers_become_constvars() {
        // JAX prints the inner jaxpr with the outer tracer as a constvar.
        let inner = std::cell::RefCell::new(String::new());
        let outer = make_jaxpr(|x: &Array| {
            *inner.borrow_mut() = make_jaxpr(|y: &Array| lax::mul(x, y))(x).to_string();
            x + 1.0
        })(&jnp::array([0.5f32, -1.0, 1.5]));
        assert_eq!(
            *inner.borrow(),
            "{ lambda a:f32[3]; b:f32[3]. let c:f32[3] = mul a b in (c,) }"
        );
        assert_eq!(
            outer.to_string(),
            "{ lambda ; a:f32[3]. let b:f32[3] = add a 1.0:f32[] in (b,) }"
        );
    }

    #[test]
    fn rule_equations_record_the_users_line() {
        let line = line!() + 2;
        let j = make_jaxpr(|x: &Array, t: &Array| {
            let (y, dy) = jvp(|v: &Array| lax::sin(v), (x,), (t,));
            vec![y, dy]
        })(&jnp::zeros([2]), &jnp::zeros([2]));
        assert!(j.jaxpr.eqns.iter().all(|e| e.source.line() == line));
        assert_eq!(j.jaxpr.eqns.len(), 3);
    }

    #[test]
    fn jit_call_prints_nested_and_evaluates() {
        let body = |a: &[Array]| vec![lax::add(&a[0], &a[1])];
        let f = |x: &Array| jit_call("f", &[x.clone(), x.clone()], body).remove(0);
        let x = jnp::array([1.0, 2.0]);
        assert_eq!(f(&x).to_vec::<f32>(), vec![2.0, 4.0]);
        assert_eq!(
            make_jaxpr(f)(&x).to_string(),
            "{ lambda ; a:f32[2]. let\n    b:f32[2] = jit[\n      name=f\n      \
             jaxpr={ lambda ; a:f32[2] c:f32[2]. let b:f32[2] = add a c in (b,) }\n    ] a a\n  \
             in (b,) }"
        );
    }
}
