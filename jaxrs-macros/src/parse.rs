//! The model of a `#[jit]` function: its item as written, plus which parameters are
//! traced and which are static. The syn nodes are kept, so every error and every emitted
//! token can point at the user's span (serde_derive's `internals/ast.rs`).

use proc_macro2::TokenStream;
use quote::format_ident;
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, Pat, ReturnType, Type};

use crate::ctxt::Ctxt;

/// A parsed `#[jit]` function.
pub struct Function {
    /// The item as the user wrote it.
    pub item: ItemFn,
    /// Its parameters, in order.
    pub params: Vec<Param>,
}

/// One parameter.
pub struct Param {
    /// How the cache treats it.
    pub kind: ParamKind,
    /// The name the expansion uses for it in the outer function (the user's identifier,
    /// or a fresh one when the user wrote a pattern).
    pub ident: Ident,
    /// The name messages use (`x`, `self`).
    pub name: String,
    /// The pattern as written (`mut x`, `(a, b)`), re-bound inside the staged body.
    pub pat: Option<Pat>,
    /// The type as written (`None` for `self`).
    pub ty: Option<Type>,
}

/// Traced or static.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ParamKind {
    /// `&Array`: traced, borrowed.
    Borrowed,
    /// `Array`: traced, donated.
    Donated,
    /// Anything else: part of the cache key. `by_ref` for `&T` (the key holds a `T`).
    Static {
        /// The parameter is a reference.
        by_ref: bool,
    },
    /// `&self`: static, keyed by the value it points to.
    SelfRef,
}

/// Parses the item; `None` (with the error in `cx`) when it is not a function with a body.
pub fn parse(cx: &Ctxt, attr: TokenStream, item: TokenStream) -> Option<Function> {
    if !attr.is_empty() {
        cx.error(
            &attr,
            "`#[jit]` takes no arguments: static parameters are the ones that are not `&Array` or `Array`",
        );
    }
    let item: ItemFn = match syn::parse2(item) {
        Ok(item) => item,
        Err(e) => {
            cx.error_span(
                e.span(),
                "`#[jit]` applies to functions and methods with a body",
            );
            return None;
        }
    };
    let params = item
        .sig
        .inputs
        .iter()
        .enumerate()
        .filter_map(|(i, arg)| param(cx, i, arg))
        .collect();
    if let ReturnType::Default = item.sig.output {
        cx.error_help(
            &item.sig,
            "a `#[jit]` function must return its results",
            "return an `Array`, a tuple of arrays or a `Vec<Array>`",
        );
    }
    if let Some(a) = &item.sig.asyncness {
        cx.error(a, "`#[jit]` functions cannot be `async`");
    }
    if let Some(v) = &item.sig.variadic {
        cx.error(v, "`#[jit]` functions cannot be variadic");
    }
    Some(Function { item, params })
}

fn param(cx: &Ctxt, index: usize, arg: &FnArg) -> Option<Param> {
    match arg {
        FnArg::Receiver(r) => {
            if r.mutability.is_some() && r.reference.is_some() {
                // Reported by `check` as a `&mut` parameter.
                return None;
            }
            if r.reference.is_none() {
                cx.error_help(
                    r,
                    "a `#[jit]` method takes `&self`",
                    "`self` is a static argument, compared with and cloned into the cache key; borrow it",
                );
                return None;
            }
            Some(Param {
                kind: ParamKind::SelfRef,
                ident: Ident::new("self", r.self_token.span),
                name: "self".to_string(),
                pat: None,
                ty: None,
            })
        }
        FnArg::Typed(t) => {
            let kind = match kind_of(&t.ty) {
                Ok(kind) => kind,
                Err(Misuse::MutRef) => return None,
                Err(Misuse::ArrayInside) => {
                    cx.error_help(
                        &t.ty,
                        "`#[jit]` traces parameters of type `&Array` or `Array` only",
                        "pass each array as a parameter of its own; a collection of arrays cannot be part of the cache key",
                    );
                    return None;
                }
            };
            let (ident, name) = match &*t.pat {
                Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => {
                    (p.ident.clone(), p.ident.to_string())
                }
                other => (
                    format_ident!("__jit_arg{}", index, span = other.span()),
                    quote::quote!(#other).to_string(),
                ),
            };
            Some(Param {
                kind,
                ident,
                name,
                pat: Some((*t.pat).clone()),
                ty: Some((*t.ty).clone()),
            })
        }
    }
}

enum Misuse {
    MutRef,
    ArrayInside,
}

/// Traced when the type is `&Array` or `Array` (any path ending in `Array`).
fn kind_of(ty: &Type) -> Result<ParamKind, Misuse> {
    match ty {
        Type::Reference(r) if r.mutability.is_some() => Err(Misuse::MutRef),
        Type::Reference(r) if is_array(&r.elem) => Ok(ParamKind::Borrowed),
        Type::Reference(r) if mentions_array(&r.elem) => Err(Misuse::ArrayInside),
        Type::Reference(_) => Ok(ParamKind::Static { by_ref: true }),
        Type::Paren(p) => kind_of(&p.elem),
        t if is_array(t) => Ok(ParamKind::Donated),
        t if mentions_array(t) => Err(Misuse::ArrayInside),
        _ => Ok(ParamKind::Static { by_ref: false }),
    }
}

fn is_array(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => {
            p.qself.is_none()
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Array" && s.arguments.is_none())
        }
        Type::Paren(p) => is_array(&p.elem),
        Type::Group(g) => is_array(&g.elem),
        _ => false,
    }
}

/// True when `Array` appears anywhere in the type (`Vec<Array>`, `&[Array]`).
fn mentions_array(ty: &Type) -> bool {
    quote::quote!(#ty).into_iter().any(|t| mentions(&t))
}

fn mentions(t: &proc_macro2::TokenTree) -> bool {
    match t {
        proc_macro2::TokenTree::Ident(i) => i == "Array",
        proc_macro2::TokenTree::Group(g) => g.stream().into_iter().any(|t| mentions(&t)),
        _ => false,
    }
}

impl Function {
    /// The traced parameters, in order.
    pub fn traced(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| matches!(p.kind, ParamKind::Borrowed | ParamKind::Donated))
    }

    /// The static parameters, in order.
    pub fn statics(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| matches!(p.kind, ParamKind::Static { .. } | ParamKind::SelfRef))
    }
}
