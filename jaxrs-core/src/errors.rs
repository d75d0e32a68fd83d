//! Messages of the errors that JAX raises as exception classes of its own.
//!
//! JAX counterpart: `jax/_src/errors.py` (`UnexpectedTracerError`,
//! `ConcretizationTypeError`). The texts follow JAX 0.10.2's, with Rust's names for the
//! things a Rust user does instead (`jnp::where_` rather than a Python `if`).

use crate::array::Tracer;
use crate::aval::Aval;

const ERRORS_URL: &str = "https://docs.jax.dev/en/latest/errors.html";

/// An aval as JAX's error messages write it: `float32[3]`, `bool[]`.
fn type_str(aval: &Aval) -> String {
    let dims: Vec<String> = aval.shape.iter().map(|d| d.to_string()).collect();
    format!("{}[{}]", aval.dtype.name(), dims.join(","))
}

/// JAX's `UnexpectedTracerError`: a tracer was used after its trace ended.
pub fn escaped_tracer(tracer: &Tracer) -> String {
    let created = match tracer.trace.tracer_source(tracer) {
        Some(loc) => format!(
            "\nThe leaked intermediate value was created on line {}:{}:{}.",
            loc.file(),
            loc.line(),
            loc.column()
        ),
        None => String::new(),
    };
    format!(
        "UnexpectedTracerError: Encountered an unexpected tracer. A function transformed by \
         jaxrs had a side effect, allowing for a reference to an intermediate value with type \
         {} wrapped in a {} to escape the scope of the transformation.\n\
         jaxrs transformations require that functions explicitly return their outputs, and \
         disallow saving intermediate values to global state.{created}\n\
         See {ERRORS_URL}#jax.errors.UnexpectedTracerError",
        type_str(&tracer.aval),
        tracer.trace.tracer_type_name(),
    )
}

/// JAX's `ConcretizationTypeError`: a traced value's concrete value was needed.
///
/// `what` names the operation that needed it: `item()` or `to_vec()` (JAX's `item()` and
/// `tolist()` methods) or another description.
pub fn concretization_error(aval: &Aval, what: &str) -> String {
    concretization_error_in(aval, what, None)
}

/// [`concretization_error`] for `tracer`, saying which `#[jit]` function was being traced
/// and which of its arguments the value depends on when that is known (JAX's
/// `_origin_msg`).
pub fn concretization_error_of(tracer: &Tracer, what: &str) -> String {
    concretization_error_in(&tracer.aval, what, origin(tracer))
}

fn concretization_error_in(aval: &Aval, what: &str, origin: Option<String>) -> String {
    let ty = type_str(aval);
    let context = match what {
        "item()" => "This occurred in the item() method of jaxrs::Array".to_string(),
        "to_vec()" => format!("The to_vec() method was called on traced array with shape {ty}."),
        other => format!("The problem arose with {other}."),
    };
    format!(
        "ConcretizationTypeError: Abstract tracer value encountered where concrete value is \
         expected: traced array with shape {ty}\n\
         {context}\n\
         {}\n\n\
         See {ERRORS_URL}#jax.errors.ConcretizationTypeError",
        explanation(origin)
    )
}

/// JAX's `TracerBoolConversionError`: a traced boolean was needed as a Rust `bool`.
pub fn bool_conversion_error(tracer: &Tracer) -> String {
    format!(
        "TracerBoolConversionError: Attempted boolean conversion of traced array with shape \
         {}.\n\
         {}\n\
         See {ERRORS_URL}#jax.errors.TracerBoolConversionError",
        type_str(&tracer.aval),
        explanation(origin(tracer))
    )
}

/// Where the value came from, and what to do instead.
fn explanation(origin: Option<String>) -> String {
    match origin {
        Some(origin) => format!(
            "{origin}\n\
             Use jnp::where_ or lax control flow instead of branching on it in Rust, or make \
             the argument static (a parameter that is not an array), and return arrays instead \
             of converting them to Rust values."
        ),
        None => "The value is not available while the function is being traced, because it \
                 depends on the value of an argument. Use jnp::where_ or lax control flow \
                 instead of branching on it in Rust, and return arrays instead of converting \
                 them to Rust values."
            .to_string(),
    }
}

/// "The error occurred while tracing the function f at src/lib.rs:3 for jit. This concrete
/// value was not available in Rust because it depends on the value of the argument x."
fn origin(tracer: &Tracer) -> Option<String> {
    let (name, source, arg_names) = crate::api::jit::tracing_function(tracer.trace.id())?;
    let mut origin = format!(
        "The error occurred while tracing the function {name} at {}:{} for jit.",
        source.file(),
        source.line()
    );
    let positions = tracer.trace.progenitor_args(tracer).unwrap_or_default();
    let names: Vec<&str> = positions
        .iter()
        .map(|&i| arg_names.get(i).copied().unwrap_or("unknown"))
        .collect();
    let args = match names.as_slice() {
        [] => None,
        [one] => Some(format!("the argument {one}")),
        [a, b] => Some(format!("the arguments {a} and {b}")),
        [rest @ .., last] => Some(format!("the arguments {}, and {last}", rest.join(", "))),
    };
    if let Some(args) = args {
        let s = if names.len() > 1 { "s" } else { "" };
        origin.push_str(&format!(
            " This concrete value was not available in Rust because it depends on the value{s} \
             of {args}."
        ));
    }
    Some(origin)
}
