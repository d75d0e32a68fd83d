//! `Display` (NumPy's `str`) and `Debug` (JAX's `repr`) of arrays.

use std::fmt;

use super::Array;

impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_tracer() {
            Some(t) => write!(f, "{t:?}"),
            None => write!(f, "Array(shape={:?}, dtype={})", self.shape(), self.dtype()),
        }
    }
}
