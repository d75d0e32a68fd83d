//! The purity check: one visitor reports every side effect in a `#[jit]` function at its
//! own span, with a help line, so that one compile run shows them all (serde_derive's
//! `internals/check.rs` has one small function per rule, as here).
//!
//! Why purity matters: the body runs once, at trace time, and its jaxpr is what later calls
//! execute. A print would print once (or never); a global read would be frozen at its
//! value during tracing; an I/O call would happen at trace time only. JAX documents these
//! hazards (the "pure functions" section of its tour); here they do not compile.

use proc_macro2::TokenStream;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, FnArg, Macro, Path, Token, Type};

use crate::ctxt::Ctxt;
use crate::parse::Function;

/// Macros that print or log: they would run once, while tracing.
const PRINTING_MACROS: &[&str] = &[
    "println", "print", "eprintln", "eprint", "dbg", "write", "writeln",
];
/// Macros of the `log` and `tracing` crates.
const LOGGING_MACROS: &[&str] = &[
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "log",
    "event",
    "span",
    "trace_span",
    "debug_span",
    "info_span",
    "warn_span",
    "error_span",
];
/// Modules of `std` that reach the outside world.
const IO_MODULES: &[&str] = &["fs", "io", "net", "process", "env"];
/// Types that reach the outside world even when imported by name.
const IO_TYPES: &[&str] = &[
    "File",
    "OpenOptions",
    "TcpStream",
    "TcpListener",
    "UdpSocket",
    "Command",
    "Stdin",
    "Stdout",
    "Stderr",
];
/// Clocks: their value at trace time would be baked into the program.
const CLOCKS: &[&str] = &["Instant", "SystemTime", "UNIX_EPOCH"];
/// Random number generators other than `jaxrs::random`.
const RNG_CRATES: &[&str] = &["rand", "getrandom", "fastrand", "rand_core", "oorandom"];
const RNG_NAMES: &[&str] = &["thread_rng", "OsRng", "ThreadRng", "StdRng", "SmallRng"];
/// Methods that read or write through interior mutability whatever the receiver.
const INTERIOR_METHODS: &[&str] = &[
    "load",
    "store",
    "swap",
    "fetch_add",
    "fetch_sub",
    "fetch_and",
    "fetch_nand",
    "fetch_or",
    "fetch_xor",
    "fetch_max",
    "fetch_min",
    "fetch_update",
    "compare_exchange",
    "compare_exchange_weak",
    "lock",
    "try_lock",
    "borrow_mut",
    "try_borrow_mut",
    "with_borrow",
    "with_borrow_mut",
];
/// Methods that read interior state when the receiver is a global (`COUNTER.get()`).
const GLOBAL_METHODS: &[&str] = &[
    "get",
    "set",
    "read",
    "write",
    "try_read",
    "try_write",
    "borrow",
    "try_borrow",
    "with",
    "take",
    "replace",
    "get_or_init",
    "get_mut",
];

/// Reports every violation in `f` into `cx`.
pub fn check(cx: &Ctxt, f: &Function) {
    let mut v = Checker { cx };
    for arg in &f.item.sig.inputs {
        v.mut_ref_param(arg);
    }
    if let Some(u) = &f.item.sig.unsafety {
        cx.error_help(
            u,
            "a `#[jit]` function cannot be `unsafe`",
            "jitted functions are pure array programs; remove `unsafe`",
        );
    }
    v.visit_block(&f.item.block);
}

struct Checker<'a> {
    cx: &'a Ctxt,
}

impl Checker<'_> {
    /// `&mut` parameters: a traced function cannot write to its caller's values.
    fn mut_ref_param(&self, arg: &FnArg) {
        let mutable = match arg {
            FnArg::Receiver(r) => r.reference.is_some() && r.mutability.is_some(),
            FnArg::Typed(t) => matches!(&*t.ty, Type::Reference(r) if r.mutability.is_some()),
        };
        if !mutable {
            return;
        }
        self.cx.error_help(
            arg,
            "a `#[jit]` function cannot take `&mut` parameters",
            "return the new value instead: arrays are immutable, and the compiled program only sees its inputs",
        );
    }

    /// Printing and logging macros: they would run once, at trace time.
    fn side_effect_macro(&self, mac: &Macro) {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        let from_log = mac.path.segments.len() > 1
            && matches!(
                mac.path.segments[0].ident.to_string().as_str(),
                "log" | "tracing"
            );
        if PRINTING_MACROS.contains(&name.as_str()) {
            self.cx.error_help(
                &mac.path,
                format!("`{name}!` inside `#[jit]` would run once, while tracing, not on every call"),
                "print runtime values with `jaxrs::debug_print!(\"x = {}\", x)`, which runs on every call",
            );
        } else if LOGGING_MACROS.contains(&name.as_str())
            && (from_log || mac.path.segments.len() == 1)
        {
            self.cx.error_help(
                &mac.path,
                format!("logging with `{name}!` inside `#[jit]` would run once, while tracing"),
                "log runtime values with `jaxrs::debug_print!(\"x = {}\", x)`, or log outside the jitted function",
            );
        } else if name == "thread_local" {
            self.cx.error_help(
                &mac.path,
                "`thread_local!` inside `#[jit]` is global mutable state",
                "pass the value as an argument",
            );
        }
    }

    /// Paths to I/O, clocks and random number generators.
    fn forbidden_path(&self, path: &Path) {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let tail = match segs.first().map(String::as_str) {
            Some("std" | "core") => &segs[1..],
            _ => &segs[..],
        };
        if tail.len() >= 2 && IO_MODULES.contains(&tail[0].as_str())
            || segs.iter().any(|s| IO_TYPES.contains(&s.as_str()))
        {
            self.cx.error_help(
                path,
                format!("`{}` inside `#[jit]` does I/O, which would happen once, while tracing", segs.join("::")),
                "do I/O outside the jitted function and pass the data in as arrays or static arguments",
            );
        } else if segs.iter().any(|s| CLOCKS.contains(&s.as_str())) {
            self.cx.error_help(
                path,
                format!(
                    "`{}` inside `#[jit]` reads a clock once, while tracing",
                    segs.join("::")
                ),
                "read the clock outside the jitted function",
            );
        } else if RNG_CRATES.contains(&segs[0].as_str())
            || segs.iter().any(|s| RNG_NAMES.contains(&s.as_str()))
        {
            self.cx.error_help(
                path,
                format!("`{}` inside `#[jit]` draws random numbers once, while tracing", segs.join("::")),
                "use `jaxrs::random` with a key passed as an argument (`random::normal(&key, [3])`)",
            );
        }
    }

    /// Interior mutability: a global read at trace time is frozen into the program.
    fn interior_mutability(&self, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        let global = global_name(&call.receiver);
        let flagged = INTERIOR_METHODS.contains(&method.as_str())
            || global.is_some() && GLOBAL_METHODS.contains(&method.as_str());
        if !flagged {
            return;
        }
        let what = match global {
            Some(g) => format!("the global `{g}`"),
            None => "a value with interior mutability".to_string(),
        };
        self.cx.error_help(
            &call.method,
            format!("`.{method}()` inside `#[jit]` reads {what} (atomics, `Mutex`, `RwLock`, `Cell`, `RefCell`, `OnceCell`, `thread_local!`); its value would be frozen at trace time"),
            "pass the value as an argument (a static argument is part of the cache key)",
        );
    }

    /// `x[i] = v`: arrays are immutable.
    fn item_assignment(&self, place: &Expr, whole: &dyn quote::ToTokens) {
        if let Expr::Index(ix) = place {
            let x = &ix.expr;
            let i = &ix.index;
            let x = quote::quote!(#x).to_string();
            let i = quote::quote!(#i).to_string();
            self.cx.error_help(
                whole,
                "arrays are immutable: item assignment is not supported",
                format!("use `{x} = {x}.at({i}).set(v)` (JAX's `x.at[i].set(v)`)"),
            );
        }
    }

    /// The arguments of a macro call, when they parse as expressions or statements, are
    /// checked like the rest of the body.
    fn macro_arguments(&mut self, tokens: &TokenStream) {
        let exprs = syn::parse::Parser::parse2(
            Punctuated::<Expr, Token![,]>::parse_terminated,
            tokens.clone(),
        );
        if let Ok(exprs) = exprs {
            for e in &exprs {
                self.visit_expr(e);
            }
            return;
        }
        if let Ok(stmts) = syn::parse::Parser::parse2(syn::Block::parse_within, tokens.clone()) {
            for s in &stmts {
                self.visit_stmt(s);
            }
        }
    }
}

/// `COUNTER` or `crate::COUNTER`: an upper-case path, by Rust's naming convention a
/// `static` or a `const`.
fn global_name(e: &Expr) -> Option<String> {
    let Expr::Path(p) = e else {
        return None;
    };
    let last = p.path.segments.last()?.ident.to_string();
    let upper = last.len() > 1
        && last
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && last.chars().any(|c| c.is_ascii_uppercase());
    upper.then_some(last)
}

impl<'ast> Visit<'ast> for Checker<'_> {
    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.side_effect_macro(mac);
        self.visit_path(&mac.path);
        self.macro_arguments(&mac.tokens);
    }

    fn visit_path(&mut self, path: &'ast Path) {
        self.forbidden_path(path);
        visit::visit_path(self, path);
    }

    fn visit_expr_unsafe(&mut self, e: &'ast syn::ExprUnsafe) {
        self.cx.error_help(
            &e.unsafe_token,
            "`unsafe` blocks are not allowed inside `#[jit]`",
            "jitted functions are pure array programs; move the unsafe code out of the function",
        );
        visit::visit_expr_unsafe(self, e);
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        if let syn::StaticMutability::Mut(m) = &s.mutability {
            let (static_token, ident) = (&s.static_token, &s.ident);
            self.cx.error_help(
                &quote::quote!(#static_token #m #ident),
                "`static mut` inside `#[jit]` is global mutable state",
                "use a `const`, or pass the value as an argument",
            );
        }
        visit::visit_item_static(self, s);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if let Some(u) = &f.sig.unsafety {
            self.cx.error_help(
                u,
                "`unsafe fn` items are not allowed inside `#[jit]`",
                "move the unsafe code out of the function",
            );
        }
        visit::visit_item_fn(self, f);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.interior_mutability(call);
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        self.item_assignment(&a.left, a);
        visit::visit_expr_assign(self, a);
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(
            b.op,
            AddAssign(_)
                | SubAssign(_)
                | MulAssign(_)
                | DivAssign(_)
                | RemAssign(_)
                | BitXorAssign(_)
                | BitAndAssign(_)
                | BitOrAssign(_)
                | ShlAssign(_)
                | ShrAssign(_)
        ) {
            self.item_assignment(&b.left, b);
        }
        visit::visit_expr_binary(self, b);
    }
}
