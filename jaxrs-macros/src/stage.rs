//! Staging: the body rewritten into A-normal form, one `let` per operation, each emitted
//! at the span of the user's expression.
//!
//! Nothing here decides what is traced: under a trace every `Array` is a tracer, so the
//! body's operations, and every helper it calls, record equations by themselves. The
//! rewrite makes `cargo expand` read like the jaxpr it produces (one line per equation),
//! and keeps each operation's tokens at the user's span, so a type error or a
//! `#[track_caller]` location (the source line an equation records) is the user's line.
//!
//! What is split: operators (not `&&`/`||`, which short-circuit, nor assignments), unary
//! `-`/`!`, casts, method calls and calls whose operands are themselves operations.
//! Operands are evaluated left to right, as Rust evaluates them. Everything else (blocks,
//! `if`, `match`, loops, closures, macros, `?`) stays as written; the statements of nested
//! blocks are staged in turn.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Block, Expr, Ident, Local, LocalInit, Stmt};

/// The staged statements of `block`.
pub fn stage_block(block: &Block) -> TokenStream {
    let mut s = Stager::default();
    s.block_stmts(&block.stmts)
}

#[derive(Default)]
struct Stager {
    next: usize,
}

/// The statements being emitted for one block.
struct Out {
    stmts: Vec<TokenStream>,
}

impl Stager {
    fn block_stmts(&mut self, stmts: &[Stmt]) -> TokenStream {
        let mut out = Out { stmts: Vec::new() };
        for stmt in stmts {
            self.stmt(&mut out, stmt);
        }
        let stmts = out.stmts;
        quote!(#(#stmts)*)
    }

    fn stmt(&mut self, out: &mut Out, stmt: &Stmt) {
        match stmt {
            Stmt::Local(local) => self.local(out, local),
            Stmt::Expr(e, semi) => {
                let e = self.operation(out, e);
                out.stmts.push(quote!(#e #semi));
            }
            Stmt::Item(_) | Stmt::Macro(_) => out.stmts.push(quote!(#stmt)),
        }
    }

    fn local(&mut self, out: &mut Out, local: &Local) {
        match &local.init {
            Some(LocalInit {
                eq_token,
                expr,
                diverge: None,
            }) => {
                let attrs = &local.attrs;
                let let_token = &local.let_token;
                let pat = &local.pat;
                let semi = &local.semi_token;
                let e = self.operation(out, expr);
                out.stmts
                    .push(quote!(#(#attrs)* #let_token #pat #eq_token #e #semi));
            }
            _ => out.stmts.push(quote!(#local)),
        }
    }

    /// `e` with its operands made atoms (bound by preceding `let`s); `e` itself stays.
    fn operation(&mut self, out: &mut Out, e: &Expr) -> TokenStream {
        match e {
            Expr::Binary(b) if splits(&b.op) => {
                let lhs = self.atom(out, &b.left);
                let rhs = self.atom(out, &b.right);
                let op = &b.op;
                quote_spanned!(b.span()=> #lhs #op #rhs)
            }
            Expr::Unary(u) if !matches!(u.op, syn::UnOp::Deref(_)) => {
                let x = self.atom(out, &u.expr);
                let op = &u.op;
                quote_spanned!(u.span()=> #op #x)
            }
            Expr::Cast(c) => {
                let x = self.atom(out, &c.expr);
                let as_token = &c.as_token;
                let ty = &c.ty;
                quote_spanned!(c.span()=> #x #as_token #ty)
            }
            Expr::MethodCall(m) => {
                let receiver = self.atom(out, &m.receiver);
                let args: Vec<TokenStream> = m.args.iter().map(|a| self.atom(out, a)).collect();
                let dot = &m.dot_token;
                let method = &m.method;
                let turbofish = &m.turbofish;
                quote_spanned!(m.span()=> #receiver #dot #method #turbofish (#(#args),*))
            }
            Expr::Call(c) if matches!(*c.func, Expr::Path(_)) => {
                let func = &c.func;
                let args: Vec<TokenStream> = c.args.iter().map(|a| self.atom(out, a)).collect();
                quote_spanned!(c.span()=> #func (#(#args),*))
            }
            Expr::Paren(p) => self.operation(out, &p.expr),
            Expr::Tuple(t) => {
                let elems: Vec<TokenStream> = t.elems.iter().map(|a| self.atom(out, a)).collect();
                quote_spanned!(t.span()=> (#(#elems,)*))
            }
            Expr::Array(a) => {
                let elems: Vec<TokenStream> = a.elems.iter().map(|x| self.atom(out, x)).collect();
                quote_spanned!(a.span()=> [#(#elems),*])
            }
            Expr::Reference(r) if r.mutability.is_none() => {
                let x = self.atom(out, &r.expr);
                quote_spanned!(r.span()=> &#x)
            }
            other => self.nested(other),
        }
    }

    /// `e` as an atom: itself when it is one already, else a fresh variable bound to it.
    fn atom(&mut self, out: &mut Out, e: &Expr) -> TokenStream {
        match e {
            Expr::Paren(p) if binds(&p.expr) => self.atom(out, &p.expr),
            Expr::Reference(r) if r.mutability.is_none() => {
                let x = self.atom(out, &r.expr);
                quote_spanned!(r.span()=> &#x)
            }
            e if binds(e) => self.bind(out, e),
            other => self.nested(other),
        }
    }

    /// `let tN = e;` at `e`'s span; returns `tN`.
    fn bind(&mut self, out: &mut Out, e: &Expr) -> TokenStream {
        let value = self.operation(out, e);
        let span = e.span();
        let name = Ident::new(
            &format!("t{}", self.next),
            Span::mixed_site().located_at(span),
        );
        self.next += 1;
        out.stmts.push(quote_spanned!(span=> let #name = #value;));
        quote!(#name)
    }

    /// Expressions that are not split: their nested blocks are staged.
    fn nested(&mut self, e: &Expr) -> TokenStream {
        match e {
            Expr::Block(b) if b.label.is_none() => {
                let attrs = &b.attrs;
                let stmts = self.block_stmts(&b.block.stmts);
                quote_spanned!(b.span()=> #(#attrs)* { #stmts })
            }
            Expr::If(i) => {
                let if_token = &i.if_token;
                let cond = &i.cond;
                let then = self.block_stmts(&i.then_branch.stmts);
                let else_branch = i.else_branch.as_ref().map(|(else_token, e)| {
                    let e = self.nested(e);
                    quote!(#else_token #e)
                });
                quote_spanned!(i.span()=> #if_token #cond { #then } #else_branch)
            }
            other => quote!(#other),
        }
    }
}

/// True for the expressions [`Stager::atom`] binds to a variable of their own.
fn binds(e: &Expr) -> bool {
    match e {
        Expr::Binary(b) => splits(&b.op),
        Expr::Unary(u) => !matches!(u.op, syn::UnOp::Deref(_)),
        Expr::Cast(_) | Expr::MethodCall(_) => true,
        Expr::Call(c) => matches!(*c.func, Expr::Path(_)),
        Expr::Paren(p) => binds(&p.expr),
        _ => false,
    }
}

/// Operators split into their own `let`: all but short-circuiting and assignments.
fn splits(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        Add(_)
            | Sub(_)
            | Mul(_)
            | Div(_)
            | Rem(_)
            | BitXor(_)
            | BitAnd(_)
            | BitOr(_)
            | Shl(_)
            | Shr(_)
            | Eq(_)
            | Lt(_)
            | Le(_)
            | Ne(_)
            | Ge(_)
            | Gt(_)
    )
}
