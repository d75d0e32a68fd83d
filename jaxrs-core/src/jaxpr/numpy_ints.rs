//! Which integers of an equation's axis parameter JAX holds as NumPy integers.
//!
//! JAX's batching rules compute some parameters with NumPy (`np.delete(np.arange(..))`
//! in `batching.broadcast`, `np.where` in `reducer_batcher`), and its jaxprs then print
//! those entries as `np.int64(1)`. Only printing sees the difference, so rather than carry
//! a flag in every [`Primitive`] the rule that binds such a primitive declares it here
//! ([`with_numpy_ints`]); the jaxpr trace that records the equation files it under the
//! equation's first output ([`record`]), and the printer looks it up ([`lookup`]).
//!
//! The parameter is `broadcast_dimensions` of `broadcast_in_dim`, `axes` of the
//! reductions (`reduce_*`, `argmax`, `argmin`), and the dimension numbers of `gather` and
//! `scatter*` (their five fields' entries in field order).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::primitive::Primitive;

thread_local! {
    /// Declarations of the binds in progress, innermost last.
    static PENDING: RefCell<Vec<(Primitive, Vec<bool>)>> = const { RefCell::new(Vec::new()) };
}

/// Flags filed by output variable id (ids are unique in the process).
fn recorded() -> &'static Mutex<HashMap<usize, Vec<bool>>> {
    static MAP: OnceLock<Mutex<HashMap<usize, Vec<bool>>>> = OnceLock::new();
    MAP.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Runs `f` (which binds `primitive`) with entry `i` of the primitive's axis parameter
/// marked as a NumPy integer where `flags[i]` is true.
pub fn with_numpy_ints<R>(primitive: &Primitive, flags: Vec<bool>, f: impl FnOnce() -> R) -> R {
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            PENDING.with(|p| p.borrow_mut().pop());
        }
    }
    PENDING.with(|p| p.borrow_mut().push((primitive.clone(), flags)));
    let _pop = Pop;
    f()
}

/// Files the innermost declaration for an equation of `primitive` whose first output is
/// variable `out_id`, if there is one.
pub(crate) fn record(primitive: &Primitive, out_id: usize) {
    let flags = PENDING.with(|p| {
        let pending = p.borrow();
        if pending.is_empty() {
            return None;
        }
        // Parameters may hold a NaN (a gather's fill value), which `==` never matches;
        // their debug text does.
        let text = format!("{primitive:?}");
        pending
            .iter()
            .rev()
            .find(|(q, _)| q == primitive || format!("{q:?}") == text)
            .map(|(_, f)| f.clone())
    });
    if let Some(flags) = flags {
        if flags.iter().any(|&b| b) {
            recorded()
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(out_id, flags);
        }
    }
}

/// The flags filed for the equation whose first output is variable `out_id`.
pub(crate) fn lookup(out_id: usize) -> Option<Vec<bool>> {
    recorded()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&out_id)
        .cloned()
}
