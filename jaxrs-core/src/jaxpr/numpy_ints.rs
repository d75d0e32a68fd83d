//! Which integers of an equation's parameters JAX holds as NumPy integers.
//!
//! JAX computes some parameters with NumPy (`jnp.pad`'s widths, `jnp.split`'s sizes,
//! `np.delete(np.arange(..))` in the reduction transpose and in `batching.broadcast`,
//! `np.negative`/`np.subtract` in the `pad` and `slice` transposes, ...), and its jaxprs
//! then print those entries as `np.int64(1)`. Only printing sees the difference, so rather
//! than carry a flag in every [`Primitive`] the code that binds such a primitive declares
//! it here ([`with_numpy_ints`]); the jaxpr trace that records the equation files it under
//! the equation's first output (`record`), and the printer looks it up (`lookup`).
//! Code that binds a recorded equation's primitive again (evaluating a jaxpr under a trace,
//! transposing it) declares the equation's flags again (`redeclare`), so they survive
//! transformations as JAX's parameter values do.
//!
//! This is the one mechanism for all of them. The flags of a primitive are one list over
//! its integer parameter entries, in this order:
//! - `broadcast_in_dim`: `broadcast_dimensions`;
//! - the reductions (`reduce_*`, `argmax`, `argmin`): `axes`;
//! - `gather` and `scatter*`: the five dimension-number fields' entries, in field order;
//! - `pad`: per axis, low, high and interior (three entries per axis);
//! - `slice`: `start_indices`, then `limit_indices`, then `strides` (when given);
//! - `split`: `sizes`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::primitive::Primitive;

thread_local! {
    /// Declarations of the binds in progress, innermost last.
    static PENDING: RefCell<Vec<(Primitive, Vec<bool>)>> = const { RefCell::new(Vec::new()) };
}

/// Whether anything was ever filed (so that jaxprs without NumPy integers never lock).
static ANY: AtomicBool = AtomicBool::new(false);

/// Flags filed by output variable id (ids are unique in the process).
fn recorded() -> &'static Mutex<HashMap<usize, Vec<bool>>> {
    static MAP: OnceLock<Mutex<HashMap<usize, Vec<bool>>>> = OnceLock::new();
    MAP.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Runs `f` (which binds `primitive`) with entry `i` of the primitive's integer parameters
/// (in the order of the module documentation) marked as a NumPy integer where `flags[i]`
/// is true.
pub fn with_numpy_ints<R>(primitive: &Primitive, flags: Vec<bool>, f: impl FnOnce() -> R) -> R {
    let _declared = declare(primitive, flags);
    f()
}

/// The declaration of [`with_numpy_ints`] as a guard, in force until it is dropped (for
/// `#[track_caller]` functions, whose location a closure would lose).
pub(crate) fn declare(primitive: &Primitive, flags: Vec<bool>) -> Declared {
    let pushed = flags.iter().any(|&b| b);
    if pushed {
        PENDING.with(|p| p.borrow_mut().push((primitive.clone(), flags)));
    }
    Declared { pushed }
}

/// A declaration in force (see [`declare`]).
pub(crate) struct Declared {
    pushed: bool,
}

impl Drop for Declared {
    fn drop(&mut self) {
        if self.pushed {
            PENDING.with(|p| p.borrow_mut().pop());
        }
    }
}

/// The innermost declaration for a bind of `primitive` in progress: what a batching rule
/// adapts when it binds the primitive with changed parameters.
pub(crate) fn pending(primitive: &Primitive) -> Option<Vec<bool>> {
    PENDING.with(|p| {
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
    })
}

/// Files the innermost declaration for an equation of `primitive` whose first output is
/// variable `out_id`, if there is one.
pub(crate) fn record(primitive: &Primitive, out_id: usize) {
    if let Some(flags) = pending(primitive) {
        ANY.store(true, Ordering::Relaxed);
        recorded()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(out_id, flags);
    }
}

/// The flags filed for the equation whose first output is variable `out_id`.
pub(crate) fn lookup(out_id: usize) -> Option<Vec<bool>> {
    if !ANY.load(Ordering::Relaxed) {
        return None;
    }
    recorded()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&out_id)
        .cloned()
}

/// Runs `f`, which binds `primitive` (the primitive of a recorded equation whose first
/// output is `out_id`, or one with the same integer parameters, such as the `scatter-add`
/// that transposes a `gather`), with the equation's flags declared again.
pub(crate) fn redeclare<R>(
    primitive: &Primitive,
    out_id: Option<usize>,
    f: impl FnOnce() -> R,
) -> R {
    match out_id.and_then(lookup) {
        Some(flags) => with_numpy_ints(primitive, flags, f),
        None => f(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::make_jaxpr;
    use crate::array::Array;
    use crate::jaxpr::eval_jaxpr;
    use crate::lax;
    use crate::numpy as jnp;

    fn bcast(x: &Array) -> Array {
        let p = Primitive::BroadcastInDim {
            shape: vec![2, 3],
            broadcast_dimensions: vec![1],
        };
        with_numpy_ints(&p, vec![true], || lax::broadcast_in_dim(x, &[2, 3], &[1]))
    }

    #[test]
    fn declared_entries_print_as_numpy_integers() {
        let j = make_jaxpr(bcast)(&jnp::zeros([3]));
        assert!(
            j.to_string()
                .contains("broadcast_dimensions=(np.int64(1),)"),
            "{j}"
        );
    }

    #[test]
    fn evaluating_a_jaxpr_under_a_trace_keeps_the_flags() {
        let inner = make_jaxpr(bcast)(&jnp::zeros([3]));
        let outer = make_jaxpr(|x: &Array| eval_jaxpr(&inner, std::slice::from_ref(x)).remove(0))(
            &jnp::zeros([3]),
        );
        assert!(
            outer
                .to_string()
                .contains("broadcast_dimensions=(np.int64(1),)"),
            "{outer}"
        );
    }

    #[test]
    fn undeclared_binds_print_plain_integers() {
        let j = make_jaxpr(|x: &Array| lax::broadcast_in_dim(x, &[2, 3], &[1]))(&jnp::zeros([3]));
        assert!(j.to_string().contains("broadcast_dimensions=(1,)"), "{j}");
    }
}
