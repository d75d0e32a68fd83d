//! `Array`: an immutable, `Arc`-shared n-dimensional array, concrete or traced.
//!
//! JAX counterpart: `jax/_src/array.py` (`ArrayImpl`) and `core.Tracer`. User code cannot
//! tell a concrete array from a tracer: both answer `shape()`, `dtype()` and every
//! operation, which is what lets one function run eagerly, under `make_jaxpr`, under `jvp`
//! and, later, under `#[jit]`, `grad` and `vmap`.

mod display;
mod methods;

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::aval::Aval;
use crate::buffer::{Buffer, BufferElement};
use crate::dtype::{DType, Element};
use crate::errors;
use crate::shape::{py_tuple, size_of};
use crate::trace::TraceRef;

/// An immutable n-dimensional array (JAX's `jax.Array`).
///
/// Cloning is O(1): clones share one buffer. There is no `IndexMut`; updates go through
/// [`Array::at`] and return a new array.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2, 3], [4, 5, 6]]);
/// assert_eq!(x.shape(), &[2, 3]);
/// assert_eq!(x.to_vec::<i32>(), vec![1, 2, 3, 4, 5, 6]);
/// ```
#[derive(Clone)]
pub struct Array(Repr);

#[derive(Clone)]
enum Repr {
    Concrete(Arc<Concrete>),
    /// A concrete 0-d value that came from a Rust scalar: JAX inlines such values (Python
    /// and NumPy scalars) into jaxprs as literals, where captured arrays become constvars.
    ScalarLiteral(Arc<Concrete>),
    Traced(Arc<Tracer>),
}

/// A concrete array's abstract value and elements.
#[derive(Clone, Debug, PartialEq)]
pub struct Concrete {
    aval: Aval,
    data: Buffer,
}

impl Concrete {
    /// Wraps a buffer whose dtype and length match `aval`.
    ///
    /// # Panics
    /// If they do not match.
    #[track_caller]
    pub fn new(aval: Aval, data: Buffer) -> Concrete {
        assert_eq!(
            aval.dtype,
            data.dtype(),
            "buffer dtype does not match its aval"
        );
        assert_eq!(
            size_of(&aval.shape),
            data.len(),
            "buffer length does not match shape {}",
            py_tuple(&aval.shape)
        );
        Concrete { aval, data }
    }

    /// The abstract value.
    pub fn aval(&self) -> &Aval {
        &self.aval
    }

    /// The elements, row-major.
    pub fn data(&self) -> &Buffer {
        &self.data
    }

    /// The elements, mutably (used by owning in-place updates).
    pub fn data_mut(&mut self) -> &mut Buffer {
        &mut self.data
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.aval.shape
    }
}

impl Drop for Concrete {
    fn drop(&mut self) {
        let data = std::mem::replace(&mut self.data, Buffer::Bool(Vec::new()));
        crate::backend::recycle(data);
    }
}

/// A traced value: an abstract value owned by one trace, plus that trace's payload.
pub struct Tracer {
    /// The trace that owns this tracer.
    pub trace: TraceRef,
    /// Shape, dtype, weak type.
    pub aval: Aval,
    /// Trace-specific data (a jaxpr variable, a primal/tangent pair, ...).
    pub payload: Box<dyn Any + Send + Sync>,
}

impl Array {
    /// A concrete array over `data` with `shape`.
    ///
    /// # Panics
    /// If `data` does not hold exactly `shape.iter().product()` elements.
    #[track_caller]
    pub fn from_buffer(data: Buffer, shape: Vec<usize>, weak_type: bool) -> Array {
        let aval = Aval::with_weak(shape, data.dtype(), weak_type);
        Array::from_concrete(Concrete::new(aval, data))
    }

    /// Wraps a concrete value.
    pub fn from_concrete(c: Concrete) -> Array {
        Array(Repr::Concrete(Arc::new(c)))
    }

    /// Wraps a 0-d concrete value made from a Rust scalar, which a jaxpr shows inline as a
    /// literal (`2.0:f32[]`), as JAX shows Python and NumPy scalars.
    pub fn scalar_literal(c: Concrete) -> Array {
        debug_assert!(c.shape().is_empty(), "a scalar literal is 0-d");
        Array(Repr::ScalarLiteral(Arc::new(c)))
    }

    /// True for arrays made by [`Array::scalar_literal`].
    pub fn is_scalar_literal(&self) -> bool {
        matches!(self.0, Repr::ScalarLiteral(_))
    }

    /// Wraps a tracer.
    pub fn from_tracer(t: Tracer) -> Array {
        Array(Repr::Traced(Arc::new(t)))
    }

    /// A strongly typed concrete array from a `Vec` of elements.
    ///
    /// # Panics
    /// If `values.len()` differs from the product of `shape`.
    #[track_caller]
    pub fn from_vec<T: BufferElement>(values: Vec<T>, shape: Vec<usize>) -> Array {
        Array::from_buffer(T::into_buffer(values), shape, false)
    }

    /// The abstract value: shape, dtype, weak type.
    pub fn aval(&self) -> &Aval {
        match &self.0 {
            Repr::Concrete(c) | Repr::ScalarLiteral(c) => &c.aval,
            Repr::Traced(t) => &t.aval,
        }
    }

    /// Extent of each axis.
    pub fn shape(&self) -> &[usize] {
        &self.aval().shape
    }

    /// Number of axes.
    pub fn ndim(&self) -> usize {
        self.aval().ndim()
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.aval().size()
    }

    /// Element type.
    pub fn dtype(&self) -> DType {
        self.aval().dtype
    }

    /// Whether the dtype is weak (the array came from a Rust scalar), as JAX's `weak_type`.
    pub fn weak_type(&self) -> bool {
        self.aval().weak_type
    }

    /// The concrete value, if this array is not a tracer.
    pub fn as_concrete(&self) -> Option<&Concrete> {
        match &self.0 {
            Repr::Concrete(c) | Repr::ScalarLiteral(c) => Some(c),
            Repr::Traced(_) => None,
        }
    }

    /// The tracer, if this array is one.
    pub fn as_tracer(&self) -> Option<&Tracer> {
        match &self.0 {
            Repr::Concrete(_) | Repr::ScalarLiteral(_) => None,
            Repr::Traced(t) => Some(t),
        }
    }

    /// Unique access to the concrete value, if this array is concrete and its buffer has no
    /// other owner (the basis of owning in-place updates).
    pub fn concrete_mut(&mut self) -> Option<&mut Concrete> {
        match &mut self.0 {
            Repr::Concrete(c) | Repr::ScalarLiteral(c) => Arc::get_mut(c),
            Repr::Traced(_) => None,
        }
    }

    /// True when both arrays are the same object (share one buffer or tracer).
    pub fn ptr_eq(&self, other: &Array) -> bool {
        match (&self.0, &other.0) {
            (Repr::Concrete(a), Repr::Concrete(b)) => Arc::ptr_eq(a, b),
            (Repr::ScalarLiteral(a), Repr::ScalarLiteral(b)) => Arc::ptr_eq(a, b),
            (Repr::Traced(a), Repr::Traced(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The concrete value of this array, asking its trace when it is a tracer whose value is
    /// known (a JVP tracer over a concrete primal).
    ///
    /// # Panics
    /// With JAX's ConcretizationTypeError when the value is not known at trace time; `what`
    /// names the operation that needed it.
    #[track_caller]
    pub fn to_concrete(&self, what: &str) -> Concrete {
        match &self.0 {
            Repr::Concrete(c) | Repr::ScalarLiteral(c) => (**c).clone(),
            Repr::Traced(t) => match t.trace.concrete_value(t) {
                Some(v) => v.to_concrete(what),
                None => panic!("{}", errors::concretization_error_of(t, what)),
            },
        }
    }

    /// The concrete value, taking the buffer without a copy when nothing else holds it (a
    /// donated argument of a jitted call).
    ///
    /// # Panics
    /// As [`Array::to_concrete`].
    #[track_caller]
    pub fn into_concrete(self, what: &str) -> Concrete {
        match self.0 {
            Repr::Concrete(c) | Repr::ScalarLiteral(c) => {
                Arc::try_unwrap(c).unwrap_or_else(|c| (*c).clone())
            }
            Repr::Traced(_) => self.to_concrete(what),
        }
    }

    /// The value of a one-element array as a Rust scalar, cast as `astype` would.
    ///
    /// # Panics
    /// If the array has more than one element (JAX's message), or is a tracer whose value is
    /// unknown: JAX's TracerBoolConversionError for `item::<bool>()` (Python's `bool(x)`),
    /// its ConcretizationTypeError otherwise.
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::numpy as jnp;
    /// assert_eq!(jnp::arange(5).i(-1).item::<i32>(), 4);
    /// ```
    #[track_caller]
    pub fn item<T: Element>(&self) -> T {
        if self.size() != 1 {
            panic!("can only convert an array of size 1 to a Python scalar");
        }
        if T::DTYPE == DType::Bool {
            if let Some(t) = self.as_tracer() {
                if t.trace.concrete_value(t).is_none() {
                    panic!("{}", errors::bool_conversion_error(t));
                }
            }
        }
        let c = self.to_concrete("item()");
        T::from_scalar(c.data.get(0))
    }

    /// All elements, row-major, cast to `T` as `astype` would.
    ///
    /// # Panics
    /// If the array is a tracer whose value is unknown (ConcretizationTypeError).
    #[track_caller]
    pub fn to_vec<T: BufferElement>(&self) -> Vec<T> {
        // A concrete array is read where it lies; a traced one with a known value is copied.
        let owned;
        let c = match self.as_concrete() {
            Some(c) => c,
            None => {
                owned = self.to_concrete("to_vec()");
                &owned
            }
        };
        match T::slice(&c.data) {
            Some(s) => s.to_vec(),
            None => c
                .data
                .to_scalars()
                .into_iter()
                .map(T::from_scalar)
                .collect(),
        }
    }
}

impl fmt::Debug for Tracer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.trace.fmt_tracer(self, f)
    }
}
