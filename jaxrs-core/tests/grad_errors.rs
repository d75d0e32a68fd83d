//! Misuses of the reverse-mode transformations panic with JAX 0.10.2's message (the text
//! JAX raises for the same mistake, checked by running JAX).
//!
//! A wrong `argnums` is known when `grad_with` is called, so it panics at the user's line.
//! A non-scalar output or an integer input is only known when the returned closure runs;
//! stable Rust cannot give a closure `#[track_caller]` (rust-lang/rust#87417), so those
//! panics report jaxrs's own line, and their message names the user's line where the
//! transformation was applied, after JAX's text; the tests pin both.

mod common;

use common::catch_panic as catch;
use jaxrs_core::api::{grad, grad_with, value_and_grad, vjp};
use jaxrs_core::interpreters::transpose::{transpose_rule, Operand};
use jaxrs_core::numpy as jnp;
use jaxrs_core::primitive::Primitive;
use jaxrs_core::{lax, Array};

/// `expect_panic! { expr => "message" }`: `expr` panics with `message` at this line.
macro_rules! expect_panic {
    ($e:expr => $msg:expr) => {{
        let (m, file, line) = catch(|| $e);
        assert_eq!(m, $msg);
        assert_eq!((file.as_str(), line), (file!(), line!()), "panic location");
    }};
}

/// `expect_panic_in_jaxrs! { name, expr => "message" }`: `expr` panics inside the closure
/// that transformation `name` returned, with JAX's `message` followed by the line of this
/// file where `name` was applied (the line of the macro call).
macro_rules! expect_panic_in_jaxrs {
    ($name:literal, $e:expr => $msg:expr) => {{
        let (m, file, _line) = catch(|| $e);
        let suffix = format!(
            "\n(in the function `{}` returned at {}:{}:",
            $name,
            file!(),
            line!()
        );
        let (jax, at) = m.split_at(m.find(&suffix).unwrap_or_else(|| panic!("{m:?}")));
        assert_eq!(jax, $msg);
        assert!(at.ends_with(')'), "{at:?}");
        assert!(file.ends_with("api/grad.rs"), "panic location {file}");
    }};
}

#[test]
fn argnums_past_the_arguments() {
    let f = |x: &Array| x * 2.0;
    let g = |x: &Array, y: &Array| jnp::sum(x * y);
    expect_panic! { grad_with(f, |kw| kw.argnums(2)) => "differentiating with respect to argnums=2 requires at least 3 positional arguments to be passed by the caller, but got only 1 positional arguments." }
    expect_panic! { grad_with(g, |kw| kw.argnums((0, 2))) => "differentiating with respect to argnums=(0, 2) requires at least 3 positional arguments to be passed by the caller, but got only 2 positional arguments." }
    expect_panic! { grad_with(g, |kw| kw.argnums(-3)) => "Positional argument indices, e.g. for `static_argnums`, must have value greater than or equal to -len(args) and less than len(args), but got value -3 for len(args) == 2." }
}

#[test]
fn grad_of_a_non_scalar_output() {
    let x = jnp::ones([3]);
    expect_panic_in_jaxrs! { "grad", grad(|x: &Array| x * 2.0)(&x) => "Gradient only defined for scalar-output functions. Output had shape: (3,)." }
    expect_panic_in_jaxrs! { "value_and_grad", value_and_grad(|x: &Array| x.reshape([3, 1]))(&x) => "Gradient only defined for scalar-output functions. Output had shape: (3, 1)." }
}

#[test]
fn grad_of_an_integer_input_or_output() {
    let i = jnp::array(3);
    expect_panic_in_jaxrs! { "grad", grad(|x: &Array| x * 2)(&i) => "grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got int32. If you want to use Boolean- or integer-valued inputs, use vjp or set allow_int to True." }
    let x = jnp::array(1.5f32);
    expect_panic_in_jaxrs! { "grad", grad(|x: &Array| (x * 2.0).astype(jaxrs_core::DType::I32))(&x) => "grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got int32. For differentiation of functions with integer outputs, use jax.vjp directly." }
}

#[test]
fn vjp_with_a_cotangent_of_the_wrong_shape() {
    let x = jnp::ones([3]);
    expect_panic_in_jaxrs! { "vjp", vjp(|x: &Array| x * 2.0, (&x,)).1(jnp::ones([2])) => "unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got f32[2], but expected f32[3] because the corresponding output of the differentiated function had JAX type f32[3]" }
}

#[test]
fn jacobians_of_integer_inputs() {
    let i = jnp::array([1, 2]);
    expect_panic_in_jaxrs! { "jacrev", jaxrs_core::api::jacrev(|x: &Array| x * 2)(&i) => "jacrev requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got int32. If you want to use Boolean- or integer-valued inputs, use vjp or set allow_int to True." }
    expect_panic_in_jaxrs! { "jacfwd", jaxrs_core::api::jacfwd(|x: &Array| x * 2)(&i) => "jacfwd requires real-valued inputs (input dtype that is a sub-dtype of np.floating), but got int32. For holomorphic differentiation, pass holomorphic=True. For differentiation of non-holomorphic functions involving complex inputs or integer inputs, use jax.jvp directly." }
}

#[test]
fn missing_transpose_rule_names_the_primitive() {
    let x = Operand::Linear(jnp::ones([2]).aval().clone());
    let ct = Some(jnp::ones([2]));
    let (m, _, _) = catch(|| transpose_rule(&Primitive::Sin, &[ct], &[x], &[]));
    assert_eq!(
        m,
        "Transpose rule (for reverse-mode differentiation) for 'sin' not implemented"
    );
}

#[test]
fn missing_jvp_rule_under_grad() {
    let x = jnp::array([1.0f32, 2.0]);
    let (m, _, _) = catch(|| grad(|y: &Array| jnp::sum(lax::nextafter(y, y)))(&x));
    assert_eq!(m, "Differentiation rule for 'nextafter' not implemented");
}
