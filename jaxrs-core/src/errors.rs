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
         The value is not available while the function is being traced, because it depends on \
         the value of an argument. Use jnp::where_ or lax control flow instead of branching on \
         it in Rust, and return arrays instead of converting them to Rust values.\n\n\
         See {ERRORS_URL}#jax.errors.ConcretizationTypeError"
    )
}
