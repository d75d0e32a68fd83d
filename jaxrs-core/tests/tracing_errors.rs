//! Errors of tracing, as JAX raises them: an escaped tracer used later
//! (`UnexpectedTracerError`) and a traced value asked for its concrete value
//! (`ConcretizationTypeError`). Each panics at the user's line, which a panic hook records
//! from `PanicHookInfo::location()`.

use std::cell::RefCell;

mod common;

use jaxrs_core::api::make_jaxpr;
use jaxrs_core::numpy as jnp;
use jaxrs_core::{lax, Array};

/// Runs `f`, which must panic; returns the panic's file, line and message.
fn panic_of(f: impl FnOnce()) -> (String, u32, String) {
    let (msg, file, line) = common::catch_panic(f);
    (file, line, msg)
}

fn x3() -> Array {
    jnp::array([1.0, 2.0, 3.0])
}

#[test]
fn escaped_tracer_used_eagerly() {
    let leak = RefCell::new(None);
    let created = line!() + 2;
    make_jaxpr(|x: &Array| {
        *leak.borrow_mut() = Some(x * 2.0);
        x.clone()
    })(&x3());
    let y = leak.borrow().clone().unwrap();
    let used = line!() + 1;
    let (file, line, msg) = panic_of(|| drop(&y + 1.0));
    assert_eq!((file.as_str(), line), (file!(), used));
    assert!(msg.starts_with(
        "UnexpectedTracerError: Encountered an unexpected tracer. A function transformed by \
         jaxrs had a side effect, allowing for a reference to an intermediate value with type \
         float32[3] wrapped in a DynamicJaxprTracer to escape the scope of the transformation."
    ));
    assert!(msg.contains("disallow saving intermediate values to global state"));
    let at = format!("created on line {}:{created}:", file!());
    assert!(msg.contains(&at), "{msg}");
}

#[test]
fn escaped_tracer_used_in_another_trace() {
    let leak = RefCell::new(None);
    make_jaxpr(|x: &Array| {
        *leak.borrow_mut() = Some(lax::sin(x));
        x.clone()
    })(&x3());
    let y = leak.borrow().clone().unwrap();
    let used = line!() + 1;
    let (file, line, msg) = panic_of(|| drop(make_jaxpr(|x: &Array| x - &y)(&x3())));
    assert_eq!((file.as_str(), line), (file!(), used));
    assert!(msg.contains("UnexpectedTracerError"), "{msg}");
    assert!(
        msg.contains("float32[3] wrapped in a DynamicJaxprTracer"),
        "{msg}"
    );
}

#[test]
fn item_of_a_tracer() {
    let used = line!() + 1;
    let f = |x: &Array| jnp::full([], x.item::<f32>());
    let (file, line, msg) = panic_of(|| drop(make_jaxpr(f)(&jnp::array(2.0f32))));
    assert_eq!((file.as_str(), line), (file!(), used));
    assert_eq!(
        msg.lines().take(2).collect::<Vec<_>>(),
        [
            "ConcretizationTypeError: Abstract tracer value encountered where concrete value \
             is expected: traced array with shape float32[]",
            "This occurred in the item() method of jaxrs::Array",
        ]
    );
    assert!(msg.contains("Use jnp::where_ or lax control flow"), "{msg}");
}

#[test]
fn to_vec_of_a_tracer() {
    let used = line!() + 1;
    let f = |x: &Array| jnp::full([], x.to_vec::<f32>()[0]);
    let (file, line, msg) = panic_of(|| drop(make_jaxpr(f)(&x3())));
    assert_eq!((file.as_str(), line), (file!(), used));
    assert!(msg.starts_with(
        "ConcretizationTypeError: Abstract tracer value encountered where concrete value is \
         expected: traced array with shape float32[3]\n\
         The to_vec() method was called on traced array with shape float32[3]."
    ));
}

#[test]
fn branching_on_a_traced_value() {
    let branch = line!() + 2;
    fn relu_by_branch(x: &Array) -> Array {
        if lax::gt(x, &jnp::zeros([])).item::<bool>() {
            x.clone()
        } else {
            jnp::zeros([])
        }
    }
    // Eagerly the branch is fine...
    assert_eq!(relu_by_branch(&jnp::array(2.0f32)).item::<f32>(), 2.0);
    // ...traced, its condition has no value.
    let (file, line, msg) = panic_of(|| drop(make_jaxpr(relu_by_branch)(&jnp::array(2.0f32))));
    assert_eq!((file.as_str(), line), (file!(), branch));
    assert!(msg.contains("traced array with shape bool[]"), "{msg}");
}

#[test]
fn tracers_print_as_jax_shows_them() {
    let seen = RefCell::new(Vec::new());
    make_jaxpr(|x: &Array| {
        seen.borrow_mut().push(format!("{x:?}"));
        seen.borrow_mut().push(format!("{x}"));
        x.clone()
    })(&jnp::zeros([2, 3]));
    assert_eq!(
        *seen.borrow(),
        ["JitTracer(float32[2,3])", "JitTracer(float32[2,3])"]
    );
}

#[test]
fn shape_errors_inside_a_trace_point_at_the_user() {
    let used = line!() + 1;
    let f = |x: &Array| x + jnp::zeros([4]);
    let (file, line, msg) = panic_of(|| drop(make_jaxpr(f)(&x3())));
    assert_eq!((file.as_str(), line), (file!(), used));
    assert!(msg.contains("(3,)") && msg.contains("(4,)"), "{msg}");
}
