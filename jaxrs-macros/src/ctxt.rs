//! Collects the errors of one expansion, so that every violation is reported in one
//! compile run (serde_derive's `internals/ctxt.rs` does the same).

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// The errors found so far. Must be consumed with [`Ctxt::check`]: dropping it unchecked
/// would lose errors, so it panics (in the macro's own tests, never for users: every path
/// of `expand` checks it).
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    /// An empty context.
    pub fn new() -> Ctxt {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records an error at the tokens of `node` (all of them, first to last), with a
    /// `help:` line saying what to do instead.
    pub fn error_help(&self, node: &dyn ToTokens, message: impl Display, help: impl Display) {
        self.push(syn::Error::new_spanned(
            node,
            format!("{message}\n\nhelp: {help}"),
        ));
    }

    /// Records an error at the tokens of `node`.
    pub fn error(&self, node: &dyn ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(node, message));
    }

    /// Records an error at `span`.
    pub fn error_span(&self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error made elsewhere (a `syn` parse error).
    pub fn push(&self, error: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(error);
        }
    }

    /// All errors combined into one, or `Ok` when there were none.
    pub fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut it = errors.into_iter();
        let Some(mut combined) = it.next() else {
            return Ok(());
        };
        for e in it {
            combined.combine(e);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("Ctxt dropped without check()");
        }
    }
}
