//! Reverse-mode transformations: `grad`, `value_and_grad`, `vjp`, `linearize`, and the
//! Jacobians `jacfwd`, `jacrev`, `hessian`.
//!
//! JAX counterpart: `jax/_src/api.py` (`grad`, `value_and_grad`, `vjp`, `linearize`,
//! `jacfwd`, `jacrev`, `hessian`, `_check_scalar`, `_check_input_dtype_revderiv`).
//!
//! `vjp` is `linearize` (the JVP partially evaluated into a linear jaxpr) followed by the
//! transpose of that jaxpr; `grad` is `vjp` pulled back from a cotangent of one. Options
//! that JAX takes as keywords go through the `_with` twins and a [`GradKw`] builder.

use std::marker::PhantomData;
use std::rc::Rc;

use super::vmap::vmap_call;
use super::{AppliedAt, ArgTuple, ArrayFn, TraceOutput, VmapKw};
use crate::array::Array;
use crate::dtype::{DType, Scalar};
use crate::interpreters::jvp::{instantiate, jvp_traced};
use crate::interpreters::linearize::linearize_traced;
use crate::interpreters::transpose::backward_pass;
use crate::jaxpr::{eval_jaxpr, ClosedJaxpr};
use crate::lax;
use crate::numpy::scalar_array;
use crate::primitive::Primitive;

/// Functions and closures of 1 to 8 `&Array` arguments whose transformed versions are
/// callables of the same arity.
pub trait DiffFn<M>: ArrayFn<M> {
    /// A boxed callable with the function's parameters and result `R`.
    type Callable<'a, R: 'a>;
    /// Wraps `g`, which takes the arguments as a slice, as such a callable.
    fn wrap<'a, R: 'a>(g: impl Fn(&[Array]) -> R + 'a) -> Self::Callable<'a, R>;
}

macro_rules! diff_fn {
    ($($arg:ident),+) => {
        impl<F, R> DiffFn<fn($(diff_fn!(@ty $arg)),+) -> R> for F
        where
            F: Fn($(diff_fn!(@ty $arg)),+) -> R,
            R: TraceOutput,
        {
            type Callable<'a, Out: 'a> = Box<dyn Fn($(diff_fn!(@ty $arg)),+) -> Out + 'a>;
            #[allow(clippy::cloned_ref_to_slice_refs)]
            fn wrap<'a, Out: 'a>(g: impl Fn(&[Array]) -> Out + 'a) -> Self::Callable<'a, Out> {
                Box::new(move |$($arg: &Array),+| g(&[$($arg.clone()),+]))
            }
        }
    };
    (@ty $t:ident) => {
        &Array
    };
}

diff_fn!(a);
diff_fn!(a, b);
diff_fn!(a, b, c);
diff_fn!(a, b, c, d);
diff_fn!(a, b, c, d, e);
diff_fn!(a, b, c, d, e, f);
diff_fn!(a, b, c, d, e, f, g);
diff_fn!(a, b, c, d, e, f, g, h);

/// One argument index of `argnums` (negative counts from the end, as in JAX).
pub trait ArgIndex: Copy {
    /// The index as given.
    fn index(self) -> i64;
}

impl ArgIndex for i32 {
    fn index(self) -> i64 {
        self as i64
    }
}

impl ArgIndex for usize {
    fn index(self) -> i64 {
        self as i64
    }
}

/// What `argnums` accepts: one index (the gradient is one array) or a tuple or `Vec` of
/// them (a tuple or `Vec` of gradients).
pub trait Argnums {
    /// The gradients' type.
    type Grads: TraceOutput;
    /// The indices as given.
    fn indices(&self) -> Vec<i64>;
    /// Whether this is one index rather than a sequence (how JAX prints it).
    const SINGLE: bool;
}

impl<A: ArgIndex> Argnums for A {
    type Grads = Array;
    fn indices(&self) -> Vec<i64> {
        vec![self.index()]
    }
    const SINGLE: bool = true;
}

impl<A: ArgIndex> Argnums for Vec<A> {
    type Grads = Vec<Array>;
    fn indices(&self) -> Vec<i64> {
        self.iter().map(|a| a.index()).collect()
    }
    const SINGLE: bool = false;
}

macro_rules! argnums_tuple {
    ($($t:ident),+) => {
        impl<$($t: ArgIndex),+> Argnums for ($($t,)+) {
            type Grads = ($(argnums_tuple!(@arr $t),)+);
            #[allow(non_snake_case)]
            fn indices(&self) -> Vec<i64> {
                let ($($t,)+) = *self;
                vec![$($t.index()),+]
            }
            const SINGLE: bool = false;
        }
    };
    (@arr $t:ident) => {
        Array
    };
}

argnums_tuple!(A, B);
argnums_tuple!(A, B, C);
argnums_tuple!(A, B, C, D);
argnums_tuple!(A, B, C, D, E);
argnums_tuple!(A, B, C, D, E, G);

/// `has_aux` not set: the function returns the one scalar to differentiate.
pub struct NoAux;
/// `has_aux(true)`: the function returns `(scalar, aux)`.
pub struct WithAux;

/// Outputs of a function with auxiliary data: the differentiated array first, the rest
/// returned alongside, undifferentiated.
pub trait SplitAux: TraceOutput {
    /// The auxiliary part.
    type Aux;
    /// Rebuilds the auxiliary part from its arrays.
    fn aux_from(arrays: Vec<Array>) -> Self::Aux;
}

impl SplitAux for (Array, Array) {
    type Aux = Array;
    fn aux_from(arrays: Vec<Array>) -> Array {
        Array::from_arrays(arrays)
    }
}

impl SplitAux for (Array, Array, Array) {
    type Aux = (Array, Array);
    fn aux_from(arrays: Vec<Array>) -> (Array, Array) {
        <(Array, Array)>::from_arrays(arrays)
    }
}

impl SplitAux for Vec<Array> {
    type Aux = Vec<Array>;
    fn aux_from(arrays: Vec<Array>) -> Vec<Array> {
        arrays
    }
}

/// How `has_aux` shapes the results for a function with output `O`.
pub trait AuxMode<O> {
    /// What `value_and_grad` returns as the value: the scalar, or `(scalar, aux)`.
    type Value;
    /// What `grad` returns for gradients `G`: `G`, or `(G, aux)`.
    type Grad<G>;
    /// Whether the function returns auxiliary data.
    const HAS_AUX: bool;
    /// The value from the primal outputs.
    fn value(outs: Vec<Array>) -> Self::Value;
    /// The gradient result from the gradients and the primal outputs.
    fn grad<G>(grads: G, outs: Vec<Array>) -> Self::Grad<G>;
}

impl AuxMode<Array> for NoAux {
    type Value = Array;
    type Grad<G> = G;
    const HAS_AUX: bool = false;
    fn value(outs: Vec<Array>) -> Array {
        Array::from_arrays(outs)
    }
    fn grad<G>(grads: G, _outs: Vec<Array>) -> G {
        grads
    }
}

impl<O: SplitAux> AuxMode<O> for WithAux {
    type Value = (Array, O::Aux);
    type Grad<G> = (G, O::Aux);
    const HAS_AUX: bool = true;
    fn value(mut outs: Vec<Array>) -> (Array, O::Aux) {
        let aux = outs.split_off(1);
        (outs.remove(0), O::aux_from(aux))
    }
    fn grad<G>(grads: G, mut outs: Vec<Array>) -> (G, O::Aux) {
        (grads, O::aux_from(outs.split_off(1)))
    }
}

/// Keyword arguments of [`grad_with`], [`value_and_grad_with`], [`jacfwd_with`] and
/// [`jacrev_with`] ([`hessian`] takes none yet), named as JAX's: `argnums` (default `0`) and
/// `has_aux` (default `false`).
pub struct GradKw<A = i32, H = NoAux> {
    argnums: A,
    has_aux: PhantomData<H>,
}

impl<A, H> GradKw<A, H> {
    /// `argnums=`: which positional arguments to differentiate, one index (the result is
    /// one gradient) or a tuple or `Vec` of them (a tuple or `Vec` of gradients).
    pub fn argnums<B: Argnums>(self, argnums: B) -> GradKw<B, H> {
        GradKw {
            argnums,
            has_aux: PhantomData,
        }
    }

    /// `has_aux=True`: the function returns `(scalar, aux)`; `aux` comes back with the
    /// result, undifferentiated.
    ///
    /// # Panics
    /// On `has_aux(false)`, which is the default: leave the keyword out instead (the result
    /// type depends on it).
    pub fn has_aux(self, has_aux: bool) -> GradKw<A, WithAux> {
        assert!(
            has_aux,
            "has_aux(false) is the default: leave the keyword out"
        );
        GradKw {
            argnums: self.argnums,
            has_aux: PhantomData,
        }
    }
}

fn default_kw() -> GradKw {
    GradKw {
        argnums: 0,
        has_aux: PhantomData,
    }
}

/// The shared body of a transformed function: takes all arguments, returns all outputs.
type Body<'a> = Rc<dyn Fn(&[Array]) -> Vec<Array> + 'a>;

fn python_argnums(indices: &[i64], single: bool) -> String {
    if single {
        indices[0].to_string()
    } else if indices.len() == 1 {
        format!("({},)", indices[0])
    } else {
        let items: Vec<String> = indices.iter().map(|i| i.to_string()).collect();
        format!("({})", items.join(", "))
    }
}

/// Checks `argnums` against the arity, as `value_and_grad_f` does, and resolves negative
/// indices.
#[track_caller]
fn resolve_argnums(indices: &[i64], single: bool, arity: usize) -> Vec<usize> {
    let max = indices.iter().copied().max().unwrap_or(0);
    if max >= arity as i64 {
        panic!(
            "differentiating with respect to argnums={} requires at least {} positional \
             arguments to be passed by the caller, but got only {} positional arguments.",
            python_argnums(indices, single),
            max + 1,
            arity
        );
    }
    // A loop, not a closure: `#[track_caller]` does not reach into closures.
    let mut out = Vec::with_capacity(indices.len());
    for &i in indices {
        if i < -(arity as i64) {
            panic!(
                "Positional argument indices, e.g. for `static_argnums`, must have value \
                 greater than or equal to -len(args) and less than len(args), but got \
                 value {i} for len(args) == {arity}."
            );
        }
        out.push(if i < 0 { i + arity as i64 } else { i } as usize);
    }
    out
}

/// `_check_input_dtype_revderiv`.
fn check_input_dtype(at: &AppliedAt, name: &str, x: &Array) {
    if !x.dtype().is_float() {
        at.fail(&format!(
            "{name} requires real- or complex-valued inputs (input dtype that is a sub-dtype \
             of np.inexact), but got {}. If you want to use Boolean- or integer-valued \
             inputs, use vjp or set allow_int to True.",
            x.dtype().name()
        ));
    }
}

/// `_check_scalar` and `_check_output_dtype_revderiv`.
fn check_output(at: &AppliedAt, x: &Array) {
    if !x.shape().is_empty() {
        at.fail(&format!(
            "Gradient only defined for scalar-output functions. Output had shape: {}.",
            crate::shape::py_tuple(x.shape())
        ));
    }
    if !x.dtype().is_float() {
        at.fail(&format!(
            "grad requires real-valued outputs (output dtype that is a sub-dtype of \
             np.floating), but got {}. For differentiation of functions with integer \
             outputs, use jax.vjp directly.",
            x.dtype().name()
        ));
    }
}

/// `f` restricted to the arguments at `argnums`, the others fixed to `args`' values.
fn partial_body<'b>(
    f: &'b Body<'_>,
    args: &'b [Array],
    argnums: &'b [usize],
) -> impl Fn(&[Array]) -> Vec<Array> + 'b {
    move |dyn_args: &[Array]| {
        let mut all = args.to_vec();
        for (&i, a) in argnums.iter().zip(dyn_args) {
            all[i] = a.clone();
        }
        f(&all)
    }
}

/// A linearized function: primal outputs (the first `n_diff` differentiated, the rest
/// auxiliary), which differentiated outputs have nonzero tangents, and the linear jaxpr.
struct Lin {
    outs: Vec<Array>,
    out_nz: Vec<bool>,
    jaxpr: ClosedJaxpr,
}

fn linearize_body(
    f: &dyn Fn(&[Array]) -> Vec<Array>,
    primals: &[Array],
    n_diff: Option<usize>,
) -> Lin {
    let (outs, out_nz, jaxpr) = linearize_traced(f, primals, n_diff);
    Lin {
        outs,
        out_nz,
        jaxpr,
    }
}

impl Lin {
    /// The cotangents of the inputs for cotangents of the differentiated outputs (zeros
    /// instantiated), as `vjp`'s function computes them.
    fn pull_back(&self, cts: &[Array], primals: &[Array]) -> Vec<Array> {
        let cts: Vec<Option<Array>> = cts
            .iter()
            .zip(&self.out_nz)
            .filter(|(_, &nz)| nz)
            .map(|(c, _)| Some(c.clone()))
            .collect();
        backward_pass(&self.jaxpr, &cts)
            .into_iter()
            .zip(primals)
            .map(|(g, p)| instantiate(g, p.aval()))
            .collect()
    }
}

/// `value_and_grad_f`: the outputs and the gradients at `argnums`; `at` is where the
/// user applied `grad`, which the checks' messages name.
fn value_and_grad_body(
    at: &AppliedAt,
    f: &Body<'_>,
    args: &[Array],
    argnums: &[usize],
    has_aux: bool,
) -> (Vec<Array>, Vec<Array>) {
    let dyn_args: Vec<Array> = argnums.iter().map(|&i| args[i].clone()).collect();
    for x in &dyn_args {
        check_input_dtype(at, "grad", x);
    }
    let body = partial_body(f, args, argnums);
    let lin = linearize_body(&body, &dyn_args, has_aux.then_some(1));
    let ans = &lin.outs[0];
    check_output(at, ans);
    let one = scalar_array(Scalar::Float(1.0), ans.dtype(), ans.weak_type());
    let grads = lin.pull_back(&[one], &dyn_args);
    (lin.outs, grads)
}

/// `jax.grad(f)`: the gradient of `f`'s scalar result with respect to its first argument.
///
/// The result is a function of the same arguments as `f` returning an array of the first
/// argument's shape and dtype. It nests with itself, [`jvp`](super::jvp) and
/// [`make_jaxpr`](super::make_jaxpr). Use [`grad_with`] for `argnums` and `has_aux`.
///
/// # Panics
/// When called: `Gradient only defined for scalar-output functions. Output had shape: (3,).`
/// for a non-scalar result, and `grad requires real- or complex-valued inputs ...` for an
/// integer or bool argument (JAX's messages).
///
/// # Examples
/// ```
/// use jaxrs_core::api::grad;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let df = grad(|x: &Array| jnp::sum(x * x));
/// assert_eq!(df(&jnp::array([1.0f32, -2.0])).to_vec::<f32>(), vec![2.0, -4.0]);
/// ```
#[track_caller]
pub fn grad<'a, F, M>(f: F) -> F::Callable<'a, Array>
where
    F: DiffFn<M, Output = Array> + 'a,
{
    grad_with(f, |kw| kw)
}

/// `jax.grad(f, argnums=..., has_aux=...)`: [`grad`] with keyword arguments set on a
/// [`GradKw`].
///
/// # Panics
/// At once, with JAX's message, when `argnums` names an argument `f` does not have; when
/// called, as [`grad`] does.
///
/// # Examples
/// ```
/// use jaxrs_core::api::grad_with;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let f = |x: &Array, y: &Array| jnp::sum(x * y);
/// let (dx, dy) = grad_with(f, |kw| kw.argnums((0, 1)))(&jnp::array([1.0f32]), &jnp::array([3.0f32]));
/// assert_eq!((dx.item::<f32>(), dy.item::<f32>()), (3.0, 1.0));
/// ```
#[track_caller]
pub fn grad_with<'a, F, M, A, H>(
    f: F,
    kw: impl FnOnce(GradKw) -> GradKw<A, H>,
) -> F::Callable<'a, H::Grad<A::Grads>>
where
    F: DiffFn<M> + 'a,
    A: Argnums,
    H: AuxMode<F::Output> + 'a,
    H::Grad<A::Grads>: 'a,
{
    let kw = kw(default_kw());
    let argnums = resolve_argnums(&kw.argnums.indices(), A::SINGLE, F::ARITY);
    let at = AppliedAt::here("grad");
    let body: Body<'a> = Rc::new(move |args| f.call_with(args).into_arrays());
    F::wrap(move |args: &[Array]| {
        let (outs, grads) = value_and_grad_body(&at, &body, args, &argnums, H::HAS_AUX);
        H::grad(A::Grads::from_arrays(grads), outs)
    })
}

/// `jax.value_and_grad(f)`: `f`'s scalar result and its gradient with respect to the first
/// argument, as `(value, gradient)`.
///
/// # Panics
/// As [`grad`].
///
/// # Examples
/// ```
/// use jaxrs_core::api::value_and_grad;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let (v, g) = value_and_grad(|x: &Array| jnp::sum(x * x))(&jnp::array([3.0f32]));
/// assert_eq!((v.item::<f32>(), g.to_vec::<f32>()), (9.0, vec![6.0]));
/// ```
#[track_caller]
pub fn value_and_grad<'a, F, M>(f: F) -> F::Callable<'a, (Array, Array)>
where
    F: DiffFn<M, Output = Array> + 'a,
{
    value_and_grad_with(f, |kw| kw)
}

/// `jax.value_and_grad(f, argnums=..., has_aux=...)`: [`value_and_grad`] with keyword
/// arguments; with `has_aux` the value is `(scalar, aux)`.
///
/// # Panics
/// As [`grad_with`].
#[track_caller]
pub fn value_and_grad_with<'a, F, M, A, H>(
    f: F,
    kw: impl FnOnce(GradKw) -> GradKw<A, H>,
) -> F::Callable<'a, (H::Value, A::Grads)>
where
    F: DiffFn<M> + 'a,
    A: Argnums,
    H: AuxMode<F::Output> + 'a,
    H::Value: 'a,
    A::Grads: 'a,
{
    let kw = kw(default_kw());
    let argnums = resolve_argnums(&kw.argnums.indices(), A::SINGLE, F::ARITY);
    let at = AppliedAt::here("value_and_grad");
    let body: Body<'a> = Rc::new(move |args| f.call_with(args).into_arrays());
    F::wrap(move |args: &[Array]| {
        let (outs, grads) = value_and_grad_body(&at, &body, args, &argnums, H::HAS_AUX);
        (H::value(outs), A::Grads::from_arrays(grads))
    })
}

/// The function [`vjp`] returns: from cotangents shaped like `f`'s result to one cotangent
/// per primal.
pub type VjpFn<'a, O> = Box<dyn Fn(O) -> Vec<Array> + 'a>;

/// `jax.vjp(f, *primals)`: `f`'s result at `primals` and the function that pulls a
/// cotangent of the result back to the primals (one cotangent per primal, in order).
///
/// # Panics
/// The returned function panics with JAX's message when a cotangent's shape or dtype
/// differs from its output's.
///
/// # Examples
/// ```
/// use jaxrs_core::api::vjp;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let x = jnp::array([1.0f32, 2.0]);
/// let (y, f_vjp) = vjp(|x: &Array| x * 3.0, (&x,));
/// let ct = f_vjp(jnp::array([1.0f32, 10.0]));
/// assert_eq!((y.to_vec::<f32>(), ct[0].to_vec::<f32>()), (vec![3.0, 6.0], vec![3.0, 30.0]));
/// ```
#[track_caller]
pub fn vjp<'a, F, M, P>(f: F, primals: P) -> (F::Output, VjpFn<'a, F::Output>)
where
    F: ArrayFn<M> + 'a,
    P: ArgTuple,
{
    let primals = primals.into_arrays();
    check_arity("vjp", F::ARITY, primals.len());
    let lin = linearize_body(&|args| f.call_with(args).into_arrays(), &primals, None);
    let outs = lin.outs.clone();
    let out_avals: Vec<crate::aval::Aval> = outs.iter().map(|o| o.aval().clone()).collect();
    let at = AppliedAt::here("vjp");
    let pull = move |cts: F::Output| {
        let cts = cts.into_arrays();
        for (ct, aval) in cts.iter().zip(&out_avals) {
            if ct.shape() != aval.shape.as_slice() || ct.dtype() != aval.dtype {
                at.fail(&format!(
                    "unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got \
                     {}, but expected {} because the corresponding output of the \
                     differentiated function had JAX type {}",
                    ct.aval(),
                    aval,
                    aval
                ));
            }
        }
        lin.pull_back(&cts, &primals)
    };
    (F::Output::from_arrays(outs), Box::new(pull))
}

#[track_caller]
fn check_arity(name: &str, arity: usize, given: usize) {
    if arity != given {
        panic!("{name}: the function takes {arity} arguments, but {given} primals were given");
    }
}

/// `jax.linearize(f, *primals)`: `f`'s result at `primals` and its linear approximation
/// there, a function of tangents (one per primal) giving the result's tangent; evaluating
/// it replays the staged linear jaxpr, without recomputing `f`.
///
/// # Examples
/// ```
/// use jaxrs_core::api::linearize;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let x = jnp::array([2.0f32]);
/// let (y, f_jvp) = linearize(|x: &Array| x * x, (&x,));
/// assert_eq!((y.to_vec::<f32>(), f_jvp(&jnp::array([1.0f32])).to_vec::<f32>()), (vec![4.0], vec![4.0]));
/// ```
#[track_caller]
pub fn linearize<'a, F, M, P>(f: F, primals: P) -> (F::Output, F::Callable<'a, F::Output>)
where
    F: DiffFn<M> + 'a,
    P: ArgTuple,
    F::Output: 'a,
{
    let primals = primals.into_arrays();
    check_arity("linearize", F::ARITY, primals.len());
    let lin = linearize_body(&|args| f.call_with(args).into_arrays(), &primals, None);
    let outs = lin.outs.clone();
    let f_jvp = F::wrap(move |ts: &[Array]| {
        let nz = eval_jaxpr(&lin.jaxpr, ts);
        let mut nz = nz.into_iter();
        let touts = lin
            .outs
            .iter()
            .zip(&lin.out_nz)
            .map(|(o, &n)| instantiate(if n { nz.next() } else { None }, o.aval()))
            .collect();
        F::Output::from_arrays(touts)
    });
    (F::Output::from_arrays(outs), f_jvp)
}

/// `_std_basis`: `jnp.eye(n)` for the `n` elements of `xs` together, in their common
/// dtype, cut along axis 1 into one piece per array, each of shape `(n, *x.shape)` and
/// converted to its array's dtype (a `convert_element_type` JAX always binds here).
fn std_basis(xs: &[Array]) -> Vec<Array> {
    let n: usize = xs.iter().map(Array::size).sum();
    let parts: Vec<(DType, bool)> = xs.iter().map(|x| (x.dtype(), x.weak_type())).collect();
    let (dtype, _) = DType::result_type(&parts);
    let eye = crate::numpy::eye_with(n, |kw| kw.dtype(dtype));
    unravel(&eye, 1, xs)
        .into_iter()
        .zip(xs)
        .map(|(b, x)| {
            let convert = Primitive::ConvertElementType {
                new_dtype: x.dtype(),
                weak_type: x.weak_type(),
            };
            crate::trace::bind1(convert, &[b])
        })
        .collect()
}

/// `_unravel_array_into_pytree` for a flat list of arrays: `arr` cut along `axis` into
/// one piece per array of `like` (a `split` with NumPy sizes, which JAX binds even for one
/// piece), each reshaped so that `axis` becomes that array's shape.
fn unravel(arr: &Array, axis: usize, like: &[Array]) -> Vec<Array> {
    let sizes: Vec<usize> = like.iter().map(Array::size).collect();
    let parts = lax::split_recording_numpy_ints(arr, &sizes, axis as isize, true);
    parts
        .iter()
        .zip(like)
        .map(|(p, l)| {
            let s = arr.shape();
            let shape: Vec<usize> = s[..axis]
                .iter()
                .chain(l.shape())
                .chain(&s[axis + 1..])
                .copied()
                .collect();
            lax::reshape(p, &shape)
        })
        .collect()
}

/// `_possible_downcast` to `example`'s dtype (a no-op when it already has it).
fn downcast(x: Array, example: &Array) -> Array {
    lax::convert_element_type(&x, example.dtype(), example.weak_type())
}

/// The Jacobians of `f`'s output with respect to the arguments at `argnums`, by forward
/// mode as JAX computes them: `vmap` of the JVP over the standard basis of the
/// arguments, the basis axis moved last (`out_axes=(None, -1)`), then cut per argument.
fn jacfwd_body(at: &AppliedAt, f: &Body<'_>, args: &[Array], argnums: &[usize]) -> Vec<Array> {
    let body = partial_body(f, args, argnums);
    let dyn_args: Vec<Array> = argnums.iter().map(|&i| args[i].clone()).collect();
    for x in &dyn_args {
        if !x.dtype().is_float() {
            at.fail(&format!(
                "jacfwd requires real-valued inputs (input dtype that is a sub-dtype of \
                 np.floating), but got {}. For holomorphic differentiation, pass \
                 holomorphic=True. For differentiation of non-holomorphic functions involving \
                 complex inputs or integer inputs, use jax.jvp directly.",
                x.dtype().name()
            ));
        }
    }
    let basis = std_basis(&dyn_args);
    let pushfwd = |tangents: &[Array]| {
        let tangents: Vec<Option<Array>> = tangents.iter().cloned().map(Some).collect();
        let (outs, touts) = jvp_traced(&body, &dyn_args, &tangents);
        let y = outs.into_iter().next().expect("one output");
        let t = instantiate(touts.into_iter().next().flatten(), y.aval());
        vec![y, t]
    };
    let kw = VmapKw::default().out_axes((None, -1));
    let outs = vmap_call(&pushfwd, &basis, &kw, false);
    let y = &outs[0];
    unravel(&outs[1], y.ndim(), &dyn_args)
        .into_iter()
        .map(|j| downcast(j, y))
        .collect()
}

/// The Jacobians of `f`'s output with respect to the arguments at `argnums`, by reverse
/// mode as JAX computes them: `vmap` of the pullback over the standard basis of the
/// output, then each cotangent cut along the basis axis into the output's shape.
fn jacrev_body(at: &AppliedAt, f: &Body<'_>, args: &[Array], argnums: &[usize]) -> Vec<Array> {
    let body = partial_body(f, args, argnums);
    let dyn_args: Vec<Array> = argnums.iter().map(|&i| args[i].clone()).collect();
    for x in &dyn_args {
        check_input_dtype(at, "jacrev", x);
    }
    let lin = linearize_body(&body, &dyn_args, None);
    let y = lin.outs[0].clone();
    let basis = std_basis(std::slice::from_ref(&y));
    let pullback = |cts: &[Array]| lin.pull_back(cts, &dyn_args);
    let jac = vmap_call(&pullback, &basis, &VmapKw::default(), false);
    jac.iter()
        .zip(&dyn_args)
        .map(|(j, x)| {
            let part = unravel(j, 0, std::slice::from_ref(&y)).remove(0);
            downcast(part, x)
        })
        .collect()
}

/// `jax.jacfwd(f)`: the Jacobian of `f`'s array result with respect to its first argument,
/// by forward mode, of shape `result.shape + argument.shape`.
///
/// # Examples
/// ```
/// use jaxrs_core::api::jacfwd;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let j = jacfwd(|x: &Array| x * x)(&jnp::array([1.0f32, 2.0]));
/// assert_eq!(j.to_vec::<f32>(), vec![2.0, 0.0, 0.0, 4.0]);
/// ```
#[track_caller]
pub fn jacfwd<'a, F, M>(f: F) -> F::Callable<'a, Array>
where
    F: DiffFn<M, Output = Array> + 'a,
{
    jacfwd_with(f, |kw| kw)
}

/// `jax.jacfwd(f, argnums=...)`.
#[track_caller]
pub fn jacfwd_with<'a, F, M, A>(
    f: F,
    kw: impl FnOnce(GradKw) -> GradKw<A, NoAux>,
) -> F::Callable<'a, A::Grads>
where
    F: DiffFn<M, Output = Array> + 'a,
    A: Argnums,
    A::Grads: 'a,
{
    let kw = kw(default_kw());
    let argnums = resolve_argnums(&kw.argnums.indices(), A::SINGLE, F::ARITY);
    let at = AppliedAt::here("jacfwd");
    let body: Body<'a> = Rc::new(move |args| f.call_with(args).into_arrays());
    F::wrap(move |args: &[Array]| A::Grads::from_arrays(jacfwd_body(&at, &body, args, &argnums)))
}

/// `jax.jacrev(f)`: the Jacobian of `f`'s array result with respect to its first argument,
/// by reverse mode, of shape `result.shape + argument.shape`.
///
/// # Examples
/// ```
/// use jaxrs_core::api::jacrev;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let j = jacrev(|x: &Array| x * x)(&jnp::array([1.0f32, 2.0]));
/// assert_eq!(j.to_vec::<f32>(), vec![2.0, 0.0, 0.0, 4.0]);
/// ```
#[track_caller]
pub fn jacrev<'a, F, M>(f: F) -> F::Callable<'a, Array>
where
    F: DiffFn<M, Output = Array> + 'a,
{
    jacrev_with(f, |kw| kw)
}

/// `jax.jacrev(f, argnums=...)`.
#[track_caller]
pub fn jacrev_with<'a, F, M, A>(
    f: F,
    kw: impl FnOnce(GradKw) -> GradKw<A, NoAux>,
) -> F::Callable<'a, A::Grads>
where
    F: DiffFn<M, Output = Array> + 'a,
    A: Argnums,
    A::Grads: 'a,
{
    let kw = kw(default_kw());
    let argnums = resolve_argnums(&kw.argnums.indices(), A::SINGLE, F::ARITY);
    let at = AppliedAt::here("jacrev");
    let body: Body<'a> = Rc::new(move |args| f.call_with(args).into_arrays());
    F::wrap(move |args: &[Array]| A::Grads::from_arrays(jacrev_body(&at, &body, args, &argnums)))
}

/// `jax.hessian(f)`: `jacfwd(jacrev(f))`, the matrix of second derivatives of `f`'s
/// scalar result with respect to its first argument, of shape `x.shape + x.shape`.
///
/// # Examples
/// ```
/// use jaxrs_core::api::hessian;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let h = hessian(|x: &Array| jnp::sum(x * x * x))(&jnp::array([1.0f32, 2.0]));
/// assert_eq!(h.to_vec::<f32>(), vec![6.0, 0.0, 0.0, 12.0]);
/// ```
#[track_caller]
pub fn hessian<'a, F, M>(f: F) -> F::Callable<'a, Array>
where
    F: DiffFn<M, Output = Array> + 'a,
{
    let argnums = resolve_argnums(&[0], true, F::ARITY);
    let at = AppliedAt::here("hessian");
    let body: Body<'a> = Rc::new(move |args| f.call_with(args).into_arrays());
    F::wrap(move |args: &[Array]| {
        let inner = body.clone();
        let argnums_inner = argnums.clone();
        let rev: Body<'_> = Rc::new(move |a: &[Array]| jacrev_body(&at, &inner, a, &argnums_inner));
        jacfwd_body(&at, &rev, args, &argnums).remove(0)
    })
}
