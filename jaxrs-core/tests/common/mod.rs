//! Helpers shared by the error tests: catching a panic together with the file and line it
//! reports, so a test can check that a mistake panics at the caller's line.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// The message, file and line of the last panic caught on this thread.
    static CAUGHT: RefCell<Option<(String, String, u32)>> = const { RefCell::new(None) };
    /// Whether this thread is inside `catch_panic` (other panics go to the default hook).
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, which must panic; returns the panic's message, file and line.
///
/// The location comes from a panic hook (`PanicHookInfo::location()`), installed once per
/// process; it records only panics of a thread inside `catch_panic`, so tests may run in
/// parallel.
pub fn catch_panic<R>(f: impl FnOnce() -> R) -> (String, String, u32) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            match (ACTIVE.with(Cell::get), info.location()) {
                (true, Some(l)) => {
                    let payload = info.payload();
                    let message = payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    CAUGHT.with(|c| {
                        *c.borrow_mut() = Some((message, l.file().to_string(), l.line()))
                    });
                }
                _ => previous(info),
            }
        }));
    });
    ACTIVE.with(|a| a.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    ACTIVE.with(|a| a.set(false));
    assert!(result.is_err(), "expected a panic");
    CAUGHT
        .with(|c| c.borrow_mut().take())
        .expect("the hook saw the panic")
}
