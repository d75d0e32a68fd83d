//! Messages of the errors that JAX raises as exception classes of its own.
//!
//! JAX counterpart: `jax/_src/errors.py` (`UnexpectedTracerError`,
//! `ConcretizationTypeError`).

use crate::array::Tracer;
use crate::aval::Aval;

/// JAX's `UnexpectedTracerError`: a tracer was used after its trace ended.
pub fn escaped_tracer(tracer: &Tracer) -> String {
    format!(
        "UnexpectedTracerError: Encountered an unexpected tracer. A function transformed by jaxrs \
         had a side effect, allowing for a reference to an intermediate value with type {}{} \
         wrapped in a {} to escape the scope of the transformation.\n\
         jaxrs transformations require that functions explicitly return their outputs, and \
         disallow saving intermediate values to global state.",
        tracer.aval.dtype.name(),
        crate::shape::py_tuple(&tracer.aval.shape),
        tracer.trace.tracer_type_name(),
    )
}

/// JAX's `ConcretizationTypeError`: a traced value's concrete value was needed.
pub fn concretization_error(aval: &Aval, what: &str) -> String {
    format!(
        "ConcretizationTypeError: Abstract tracer value encountered where concrete value is \
         expected: {what} needs the value of a traced array with shape {} and dtype {}.\n\
         The value is not known while the function is being traced. Use jnp::where_ or \
         lax control flow instead of branching on traced values, and return arrays instead \
         of converting them to Rust values.",
        crate::shape::py_tuple(&aval.shape),
        aval.dtype.name(),
    )
}
