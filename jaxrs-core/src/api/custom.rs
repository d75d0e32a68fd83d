//! `custom_jvp`: functions whose derivative is a rule the user gives.
//!
//! JAX counterpart: `jax/_src/custom_derivatives.py` (`custom_jvp`, `defjvp`,
//! `custom_jvp_call_p`, `process_custom_jvp_call` of each trace).
//!
//! Eagerly the function just runs. Under a transformation it is one `custom_jvp_call`
//! equation holding the traced function and the rule: staging prints it as JAX does, and
//! `jvp`/`grad` call the rule instead of differentiating the function's operations.

use std::marker::PhantomData;
use std::sync::Arc;

use super::grad::DiffFn;
use super::{trace_to_jaxpr, TraceOutput};
use crate::array::Array;
use crate::aval::Aval;
use crate::primitive::{CustomJvpRule, CustomVjpBwd, CustomVjpFwd, Primitive};
use crate::trace::{bind, current_trace};

/// Calls `f` on `args` as a `jax.custom_jvp` function named `name` whose JVP rule, named
/// `jvp_name` in jaxprs, is `jvp(primals, tangents) -> (primal_outs, tangent_outs)` (every
/// tangent is an array: zeros are instantiated, JAX's `symbolic_zeros=False`).
///
/// # Examples
/// ```
/// use jaxrs_core::api::{custom_jvp_call, grad};
/// use jaxrs_core::{lax, numpy as jnp, Array};
///
/// // A function whose derivative is declared to be 3 everywhere.
/// let f = |x: &Array| {
///     custom_jvp_call("f", "f_jvp", std::slice::from_ref(x), |a| vec![&a[0] * 2.0], |p, t| {
///         (vec![&p[0] * 2.0], vec![&t[0] * 3.0])
///     })
///     .remove(0)
/// };
/// assert_eq!(grad(|x: &Array| jnp::sum(f(x)))(&jnp::array([1.0f32])).to_vec::<f32>(), vec![3.0]);
/// ```
#[track_caller]
pub fn custom_jvp_call(
    name: &str,
    jvp_name: &str,
    args: &[Array],
    f: impl Fn(&[Array]) -> Vec<Array>,
    jvp: impl Fn(&[Array], &[Array]) -> (Vec<Array>, Vec<Array>) + Send + Sync + 'static,
) -> Vec<Array> {
    // As JAX's eval trace does: no transformation is watching, so the rule is not needed.
    if current_trace().parent().is_none() {
        return f(args);
    }
    let avals: Vec<Aval> = args.iter().map(|a| a.aval().clone()).collect();
    let call_jaxpr = trace_to_jaxpr(&avals, &f);
    bind(
        Primitive::CustomJvpCall {
            name: name.to_string(),
            call_jaxpr: Arc::new(call_jaxpr),
            jvp: CustomJvpRule {
                name: jvp_name.to_string(),
                rule: Arc::new(jvp),
            },
            symbolic_zeros: false,
        },
        args,
    )
}

/// `jax.custom_jvp(f)`, before its rule is defined: call [`CustomJvp::defjvp`].
pub struct CustomJvp<F, M> {
    name: String,
    f: F,
    signature: PhantomData<M>,
}

/// `jax.custom_jvp(f)`: `f` (named `name` in jaxprs) with a JVP rule to be set by
/// [`CustomJvp::defjvp`]; the result is a callable of `f`'s arguments.
///
/// # Examples
/// ```
/// use jaxrs_core::api::{custom_jvp, grad};
/// use jaxrs_core::{lax, numpy as jnp, Array};
///
/// // `relu` as jax.nn writes it: the derivative at 0 is 0.
/// let relu = custom_jvp("relu", |x: &Array| jnp::maximum(x, 0.0)).defjvp(|p: &[Array], t: &[Array]| {
///     let zeros = jnp::zeros_like(&t[0]);
///     (jnp::maximum(&p[0], 0.0), jnp::where_(jnp::greater(&p[0], 0.0), &t[0], zeros))
/// });
/// let g = grad(|x: &Array| jnp::sum(relu(x)))(&jnp::array([-1.0f32, 0.0, 2.0]));
/// assert_eq!(g.to_vec::<f32>(), vec![0.0, 0.0, 1.0]);
/// ```
pub fn custom_jvp<F, M>(name: &str, f: F) -> CustomJvp<F, M>
where
    F: DiffFn<M>,
{
    CustomJvp {
        name: name.to_string(),
        f,
        signature: PhantomData,
    }
}

impl<F, M> CustomJvp<F, M>
where
    F: DiffFn<M>,
{
    /// `f.defjvp(rule)`: `rule(primals, tangents)` returns `(primal_out, tangent_out)`,
    /// each shaped like `f`'s result. Jaxprs name the rule `jvp`.
    pub fn defjvp<'a, R>(self, rule: R) -> F::Callable<'a, F::Output>
    where
        F: 'a,
        F::Output: 'static,
        R: Fn(&[Array], &[Array]) -> (F::Output, F::Output) + Send + Sync + 'static,
    {
        self.defjvp_named("jvp", rule)
    }

    /// [`CustomJvp::defjvp`] with the rule's name for jaxprs (JAX prints the Python
    /// function's name, `jvp=f_jvp`).
    pub fn defjvp_named<'a, R>(self, jvp_name: &str, rule: R) -> F::Callable<'a, F::Output>
    where
        F: 'a,
        F::Output: 'static,
        R: Fn(&[Array], &[Array]) -> (F::Output, F::Output) + Send + Sync + 'static,
    {
        let jvp_name = jvp_name.to_string();
        let rule = Arc::new(rule);
        let CustomJvp { name, f, .. } = self;
        F::wrap(move |args: &[Array]| {
            let rule = rule.clone();
            let outs = custom_jvp_call(
                &name,
                &jvp_name,
                args,
                |a| f.call_with(a).into_arrays(),
                move |p, t| {
                    let (o, to) = rule(p, t);
                    (o.into_arrays(), to.into_arrays())
                },
            );
            F::Output::from_arrays(outs)
        })
    }
}

/// Calls `f` on `args` as a `jax.custom_vjp` function named `name`: under differentiation
/// `fwd(primals) -> (results, residuals)` runs instead of `f`, and the backward pass calls
/// `bwd(residuals, result_cotangents)`, which returns one cotangent per argument. Jaxprs
/// name the two functions `fwd_name` and `bwd_name`.
///
/// # Examples
/// ```
/// use jaxrs_core::api::{custom_vjp_call, grad};
/// use jaxrs_core::{numpy as jnp, Array};
///
/// // `sin` whose gradient is declared to be `2 cos x`.
/// let f = |x: &Array| {
///     let fwd = |p: &[Array]| (vec![jnp::sin(&p[0])], vec![jnp::cos(&p[0])]);
///     let bwd = |res: &[Array], ct: &[Array]| vec![2.0 * &ct[0] * &res[0]];
///     let body = |a: &[Array]| vec![jnp::sin(&a[0])];
///     custom_vjp_call("f", "f_fwd", "f_bwd", std::slice::from_ref(x), body, fwd, bwd).remove(0)
/// };
/// let g = grad(|x: &Array| jnp::sum(f(x)))(&jnp::array([0.0f32]));
/// assert_eq!(g.to_vec::<f32>(), vec![2.0]);
/// ```
#[allow(clippy::too_many_arguments)]
#[track_caller]
pub fn custom_vjp_call(
    name: &str,
    fwd_name: &str,
    bwd_name: &str,
    args: &[Array],
    f: impl Fn(&[Array]) -> Vec<Array>,
    fwd: impl Fn(&[Array]) -> (Vec<Array>, Vec<Array>) + Send + Sync + 'static,
    bwd: impl Fn(&[Array], &[Array]) -> Vec<Array> + Send + Sync + 'static,
) -> Vec<Array> {
    if current_trace().parent().is_none() {
        return f(args);
    }
    let avals: Vec<Aval> = args.iter().map(|a| a.aval().clone()).collect();
    let call_jaxpr = trace_to_jaxpr(&avals, &f);
    bind(
        Primitive::CustomVjpCall {
            name: name.to_string(),
            call_jaxpr: Arc::new(call_jaxpr),
            fwd: CustomVjpFwd {
                name: fwd_name.to_string(),
                rule: Arc::new(fwd),
            },
            bwd: CustomVjpBwd {
                name: bwd_name.to_string(),
                rule: Arc::new(bwd),
            },
            symbolic_zeros: false,
        },
        args,
    )
}
