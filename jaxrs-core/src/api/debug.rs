//! `jax.debug.print`: a print that is an effect of the program, recorded in the jaxpr as
//! `debug_print[fmt=..]` and executed with the runtime values every time the program runs,
//! in program order, never while tracing.
//!
//! JAX counterpart: `jax/_src/debugging.py` (`debug_print`, `debug_callback_p`, which
//! JAX 0.10.2 prints as `debug_print` with the parameters below).

use std::cell::RefCell;
use std::fmt::Write;

use crate::array::{Array, Concrete};
use crate::primitive::Primitive;
use crate::trace::bind;

thread_local! {
    /// Where this thread's prints go while [`capture_debug_prints`] runs.
    static CAPTURE: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// `jax.debug.print(fmt, *args)`: prints `fmt` with each `{}` (or `{0}`, `{1}`, ...)
/// replaced by an argument as `Display` prints it (NumPy's `str`). Use it through the
/// `jaxrs::debug_print!` macro.
///
/// Eagerly it prints at once; under `#[jit]` it is an equation of the jaxpr, and the
/// compiled program prints on every call with the values of that call.
///
/// # Examples
/// ```
/// use jaxrs_core::api::debug::{capture_debug_prints, debug_print};
/// use jaxrs_core::numpy as jnp;
///
/// let x = jnp::array([1.0, 4.0, 3.0]);
/// let ((), printed) = capture_debug_prints(|| debug_print("x = {}", &[&x]));
/// assert_eq!(printed, vec!["x = [1. 4. 3.]".to_string()]);
/// ```
#[track_caller]
pub fn debug_print(fmt: &str, args: &[&Array]) {
    let args: Vec<Array> = args.iter().map(|a| (*a).clone()).collect();
    bind(
        Primitive::DebugPrint {
            fmt: fmt.to_string(),
        },
        &args,
    );
}

/// Runs `f` and returns what debug prints on this thread printed meanwhile, instead of
/// printing it (for tests).
pub fn capture_debug_prints<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
    struct Restore(Option<Vec<String>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            CAPTURE.with(|c| *c.borrow_mut() = outer);
        }
    }
    let outer = CAPTURE.with(|c| c.borrow_mut().replace(Vec::new()));
    let restore = Restore(outer);
    let r = f();
    let printed = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    drop(restore);
    (r, printed)
}

/// The reference implementation of `debug_print`: formats and prints (or captures).
pub fn execute_debug_print(fmt: &str, args: &[&Concrete]) {
    let arrays: Vec<Array> = args
        .iter()
        .map(|c| Array::from_concrete((*c).clone()))
        .collect();
    let line = format_python(fmt, &arrays);
    let captured = CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(lines) => {
            lines.push(line.clone());
            true
        }
        None => false,
    });
    if !captured {
        println!("{line}");
    }
}

/// Python's `str.format` for positional fields: `{}` takes the next argument, `{N}` the
/// N-th, `{{`/`}}` are braces. A format spec after `:` is ignored (values print as
/// `Display` prints them).
///
/// # Panics
/// When a field names a missing argument ("Replacement index 2 out of range for positional
/// args tuple", Python's `IndexError`).
pub fn format_python(fmt: &str, args: &[Array]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    field.push(d);
                }
                let index_text = field.split(':').next().unwrap_or("");
                let index = if index_text.is_empty() {
                    next += 1;
                    next - 1
                } else {
                    index_text.parse().unwrap_or(usize::MAX)
                };
                match args.get(index) {
                    Some(a) => {
                        let _ = write!(out, "{a}");
                    }
                    None => {
                        panic!("Replacement index {index} out of range for positional args tuple")
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// True when `fmt` has a replacement field (JAX's `has_placeholders`).
pub fn has_placeholders(fmt: &str) -> bool {
    fmt.replace("{{", "").contains('{')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numpy as jnp;

    #[test]
    fn python_format_fields() {
        let a = jnp::array([1.0, 2.0]);
        let b = jnp::array(3i32);
        assert_eq!(
            format_python("{} and {}", &[a.clone(), b.clone()]),
            "[1. 2.] and 3"
        );
        assert_eq!(format_python("{1} {0} {{x}}", &[a, b]), "3 [1. 2.] {x}");
        assert!(!has_placeholders("no {{args}}"));
        assert!(has_placeholders("x = {}"));
    }
}
