//! The trace stack and `bind`: every operation goes to the thread's current trace.
//!
//! JAX counterpart: `jax/_src/core.py` (`Primitive.bind`, `trace_ctx`, `EvalTrace`,
//! `set_current_trace`) and autodidax Part 3 ("omnistaging"). The current trace is chosen by
//! context, not by the inputs, so that `jnp::zeros(3)` inside a traced function is staged
//! rather than computed.
//!
//! A transform trace (JVP today, batching later) keeps its parent, treats any input that is
//! not its own tracer as a constant, and runs its rules with the parent current. The eval
//! trace sits at the bottom: a tracer that reaches it has escaped its trace.

use std::cell::RefCell;
use std::fmt;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::abstract_eval::abstract_eval;
use crate::array::{Array, Concrete, Tracer};
use crate::aval::Aval;
use crate::backend;
use crate::errors;
use crate::primitive::Primitive;

/// A shared handle to a trace.
pub type TraceRef = Arc<dyn Trace>;

/// Where an operation was written in user code (JAX's `source_info`).
pub type Source = &'static Location<'static>;

/// An interpreter of primitives: evaluates them, records them, or transforms them.
pub trait Trace: Send + Sync + 'static {
    /// Applies `primitive` to `inputs`, whose result avals `abstract_eval` already
    /// computed. An `Err` becomes a panic at the user's line in [`bind`].
    fn process_primitive(
        &self,
        primitive: &Primitive,
        inputs: &[Array],
        out_avals: Vec<Aval>,
        source: Source,
    ) -> Result<Vec<Array>, String>;

    /// A number unique to this trace for the life of the process.
    fn id(&self) -> TraceId;

    /// The trace this one forwards to; `None` only for the eval trace.
    fn parent(&self) -> Option<&TraceRef>;

    /// The class name JAX gives this trace's tracers in error messages
    /// (`DynamicJaxprTracer`, `JVPTracer`).
    fn tracer_type_name(&self) -> &'static str;

    /// Whether this trace records a jaxpr as JAX's `DynamicJaxprTrace` does (`make_jaxpr`,
    /// a `jit` body), the trace that traces a `jit(inline=True)` call in place.
    fn stages_jaxpr(&self) -> bool {
        false
    }

    /// Where the operation that made `tracer` was written, if known (for error messages).
    fn tracer_source(&self, tracer: &Tracer) -> Option<Source> {
        let _ = tracer;
        None
    }

    /// How a tracer of this trace prints with `{:?}` and `{}` (JAX's `repr`/`str` of a
    /// tracer: `JitTracer(float32[3])`, `JVPTracer(primal=..., tangent=...)`).
    fn fmt_tracer(&self, tracer: &Tracer, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dims: Vec<String> = tracer.aval.shape.iter().map(|d| d.to_string()).collect();
        write!(
            f,
            "{}({}[{}])",
            self.tracer_type_name(),
            tracer.aval.dtype.name(),
            dims.join(",")
        )
    }

    /// The value of `tracer` if it is known at trace time (a JVP tracer over a concrete
    /// primal), else `None`.
    fn concrete_value(&self, tracer: &Tracer) -> Option<Array> {
        let _ = tracer;
        None
    }

    /// The positions of this trace's arguments that `tracer`'s value depends on, if the
    /// trace records its operations (JAX's `find_progenitors`, for error messages).
    fn progenitor_args(&self, tracer: &Tracer) -> Option<Vec<usize>> {
        let _ = tracer;
        None
    }
}

/// Identity of a trace.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct TraceId(u64);

impl TraceId {
    /// A fresh id, never handed out before.
    pub fn fresh() -> TraceId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        TraceId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

thread_local! {
    static CURRENT: RefCell<TraceRef> = RefCell::new(Arc::new(EvalTrace::new()));
    /// The user's location while library code (a JVP rule, a `jit`-wrapped `jnp` body)
    /// binds on their behalf: JAX's source info skips its own frames the same way.
    static USER_SOURCE: std::cell::Cell<Option<Source>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with equations it binds attributed to `source` (unless an enclosing call
/// already set one), so they record the user's line rather than library code's.
pub fn with_user_source<R>(source: Source, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Source>);
    impl Drop for Restore {
        fn drop(&mut self) {
            USER_SOURCE.with(|s| s.set(self.0));
        }
    }
    let prev = USER_SOURCE.with(|s| s.get());
    let _restore = Restore(prev);
    if prev.is_none() {
        USER_SOURCE.with(|s| s.set(Some(source)));
    }
    f()
}

/// The thread's current trace.
pub fn current_trace() -> TraceRef {
    CURRENT.with(|c| c.borrow().clone())
}

/// Whether the current trace is the eval trace (no trace is active): [`current_trace`]'s
/// `parent().is_none()` without cloning the trace, for the eager hot path.
pub fn eager() -> bool {
    CURRENT.with(|c| c.borrow().parent().is_none())
}

/// Runs `f` with `trace` as the current trace, restoring the previous one afterwards
/// (also when `f` panics).
pub fn with_trace<R>(trace: TraceRef, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<TraceRef>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(prev) = self.0.take() {
                CURRENT.with(|c| *c.borrow_mut() = prev);
            }
        }
    }
    let prev = CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), trace));
    let _restore = Restore(Some(prev));
    f()
}

/// True when the trace `id` is `trace` or one of its ancestors: a tracer of such a trace
/// may be used as a constant by `trace`.
pub fn is_live_in(trace: &TraceRef, id: TraceId) -> bool {
    let mut t = Some(trace);
    while let Some(cur) = t {
        if cur.id() == id {
            return true;
        }
        t = cur.parent();
    }
    false
}

/// Applies a primitive to operands through the current trace (JAX's `Primitive.bind`).
///
/// Checks the operands with the primitive's shape rule first, so a shape or dtype mistake
/// panics at the caller's line with JAX's message, whatever the trace.
#[track_caller]
pub fn bind(primitive: Primitive, inputs: &[Array]) -> Vec<Array> {
    let source = USER_SOURCE.with(|s| s.get()).unwrap_or(Location::caller());
    let in_avals: Vec<&Aval> = inputs.iter().map(|x| x.aval()).collect();
    let out_avals = abstract_eval(&primitive, &in_avals);
    let trace = current_trace();
    match trace.process_primitive(&primitive, inputs, out_avals, source) {
        Ok(outs) => outs,
        Err(message) => panic!("{message}"),
    }
}

/// [`bind`] for primitives with exactly one result.
#[track_caller]
pub fn bind1(primitive: Primitive, inputs: &[Array]) -> Array {
    let mut outs = bind(primitive, inputs);
    debug_assert_eq!(outs.len(), 1);
    outs.pop().expect("primitive has one result")
}

/// The bottom of the stack: computes primitives on concrete arrays with the backend.
pub struct EvalTrace {
    id: TraceId,
}

impl EvalTrace {
    /// The eval trace (one per thread).
    pub fn new() -> EvalTrace {
        EvalTrace {
            id: TraceId::fresh(),
        }
    }
}

impl Default for EvalTrace {
    fn default() -> Self {
        EvalTrace::new()
    }
}

impl Trace for EvalTrace {
    fn process_primitive(
        &self,
        primitive: &Primitive,
        inputs: &[Array],
        out_avals: Vec<Aval>,
        _source: Source,
    ) -> Result<Vec<Array>, String> {
        let mut concrete: Vec<&Concrete> = Vec::with_capacity(inputs.len());
        for x in inputs {
            match (x.as_concrete(), x.as_tracer()) {
                (Some(c), _) => concrete.push(c),
                (None, Some(t)) => return Err(errors::escaped_tracer(t)),
                (None, None) => unreachable!("an array is concrete or a tracer"),
            }
        }
        let buffers = backend::execute(primitive, &concrete, &out_avals);
        Ok(out_avals
            .into_iter()
            .zip(buffers)
            .map(|(aval, data)| Array::from_concrete(Concrete::new(aval, data)))
            .collect())
    }

    fn id(&self) -> TraceId {
        self.id
    }

    fn parent(&self) -> Option<&TraceRef> {
        None
    }

    fn tracer_type_name(&self) -> &'static str {
        "Tracer"
    }
}
