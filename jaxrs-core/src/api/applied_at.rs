//! Where a transformation was applied, for the checks that can only run when the function
//! it returned is called.
//!
//! `grad(f)` and `vmap(f)` return closures, and stable Rust gives a closure no
//! `#[track_caller]` (rust-lang/rust#87417), so a panic raised while one runs (a
//! non-scalar output, an integer input, a mis-shaped cotangent, a mis-sized mapped axis)
//! reports jaxrs's own line. The transformation records the user's line when it is applied
//! (`#[track_caller]` reaches that far), and such a panic names it after JAX's message.

use std::panic::Location;

/// The user's line where a transformation named `name` was applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppliedAt {
    name: &'static str,
    location: &'static Location<'static>,
}

impl AppliedAt {
    /// The caller's location (call it from a `#[track_caller]` function).
    #[track_caller]
    pub fn here(name: &'static str) -> AppliedAt {
        AppliedAt {
            name,
            location: Location::caller(),
        }
    }

    /// Panics with JAX's `message` followed by the line where the transformation was
    /// applied: `... Output had shape: (3,).\n(in the function `grad` returned at
    /// src/main.rs:4:13)`.
    #[track_caller]
    pub fn fail(&self, message: &str) -> ! {
        panic!(
            "{message}\n(in the function `{}` returned at {})",
            self.name, self.location
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_recorded_line() {
        let at = AppliedAt::here("grad");
        let line = line!() - 1;
        let err = std::panic::catch_unwind(|| at.fail("boom")).unwrap_err();
        let text = err.downcast_ref::<String>().unwrap();
        assert_eq!(
            text,
            &format!(
                "boom\n(in the function `grad` returned at {}:{line}:18)",
                file!()
            )
        );
    }
}
