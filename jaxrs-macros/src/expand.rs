//! Emits the jitted function: the signature as written, a `static` cache, and a call that
//! runs the cached executable or, on a miss, traces the staged body.
//!
//! The emitted code names only `::jaxrs::…` and `::std::…` paths; the macro's own names
//! (`__jit_cache`, `__jit_traced`, the staged temporaries) are hygienic
//! (`Span::mixed_site`), so they can neither clash with nor be seen by the user's code.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericParam, Ident, LitStr, ReturnType};

use crate::check::check;
use crate::ctxt::Ctxt;
use crate::parse::{parse, Function, ParamKind};
use crate::stage::stage_block;

/// The whole pipeline: `#[jit]`'s output for `attr` and `item`.
///
/// On any error the output is the errors plus `item` unchanged, so the rest of the crate
/// still sees the function.
pub fn jit(attr: TokenStream, item: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    let Some(f) = parse(&cx, attr, item.clone()) else {
        return with_errors(cx, item);
    };
    check(&cx, &f);
    match cx.check() {
        Ok(()) => emit(&f),
        Err(e) => {
            let errors = e.to_compile_error();
            quote!(#errors #item)
        }
    }
}

fn with_errors(cx: Ctxt, item: TokenStream) -> TokenStream {
    let errors = match cx.check() {
        Ok(()) => TokenStream::new(),
        Err(e) => e.to_compile_error(),
    };
    quote!(#errors #item)
}

fn internal(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

fn emit(f: &Function) -> TokenStream {
    let item = &f.item;
    let attrs = &item.attrs;
    let vis = &item.vis;
    let mut sig = item.sig.clone();
    // Patterns (`mut x`, `(a, b)`) move into the staged body; the outer function binds
    // plain names.
    for (arg, p) in sig.inputs.iter_mut().zip(&f.params) {
        if let syn::FnArg::Typed(t) = arg {
            let ident = &p.ident;
            *t.pat = syn::parse_quote_spanned!(ident.span()=> #ident);
        }
    }
    let cache = internal("__jit_cache");
    let traced = internal("__jit_traced");
    let statics_var = internal("__jit_statics");
    let marker = internal("__jit_marker");
    let name = LitStr::new(&item.sig.ident.to_string(), item.sig.ident.span());

    let traced_names: Vec<LitStr> = f
        .traced()
        .map(|p| LitStr::new(&p.name, Span::call_site()))
        .collect();
    let type_params: Vec<&Ident> = item
        .sig
        .generics
        .params
        .iter()
        .filter_map(|g| match g {
            GenericParam::Type(t) => Some(&t.ident),
            _ => None,
        })
        .collect();
    let mut static_names: Vec<LitStr> = f
        .statics()
        .map(|p| LitStr::new(&p.name, Span::call_site()))
        .collect();
    static_names.extend(
        type_params
            .iter()
            .map(|t| LitStr::new(&t.to_string(), Span::call_site())),
    );

    let args = f.traced().map(|p| {
        let ident = &p.ident;
        let span = p.ty.as_ref().map_or(ident.span(), |t| t.span());
        match p.kind {
            ParamKind::Donated => quote_spanned!(span=> ::jaxrs::jit::JitArg::Donated(#ident)),
            _ => quote_spanned!(span=> ::jaxrs::jit::JitArg::Borrowed(#ident)),
        }
    });
    // Keys that are not a parameter as it is (a `&str` as a `String`, a type parameter as
    // its name) are bound first, so the key array can borrow them.
    let mut owned_keys = Vec::new();
    let mut keys = Vec::new();
    for (i, p) in f.statics().enumerate() {
        let ident = &p.ident;
        let span = p.ty.as_ref().map_or(ident.span(), |t| t.span());
        keys.push(match (&p.kind, &p.ty) {
            (ParamKind::Static { by_ref: false }, _) => {
                quote_spanned!(span=> ::jaxrs::jit::static_arg(&#ident))
            }
            (ParamKind::Static { by_ref: true }, Some(syn::Type::Reference(r)))
                if is_str(&r.elem) =>
            {
                let k = internal(&format!("__jit_key{i}"));
                owned_keys.push(
                    quote_spanned!(span=> let #k = ::std::string::ToString::to_string(#ident);),
                );
                quote_spanned!(span=> ::jaxrs::jit::static_arg(&#k))
            }
            _ => quote_spanned!(span=> ::jaxrs::jit::static_arg(#ident)),
        });
    }
    for (i, t) in type_params.iter().enumerate() {
        let k = internal(&format!("__jit_type{i}"));
        owned_keys.push(quote!(let #k: &'static str = ::std::any::type_name::<#t>();));
        keys.push(quote!(::jaxrs::jit::static_arg(&#k)));
    }
    let n_statics = static_names.len();

    let rebind = f.params.iter().filter_map(|p| {
        let ident = &p.ident;
        let pat = p.pat.as_ref()?;
        Some(match p.kind {
            ParamKind::Borrowed => {
                let i = f.traced().position(|q| q.ident == p.ident).unwrap_or(0);
                quote_spanned!(pat.span()=> let #pat = &#traced[#i];)
            }
            ParamKind::Donated => {
                let i = f.traced().position(|q| q.ident == p.ident).unwrap_or(0);
                quote_spanned!(pat.span()=> let #pat = ::std::clone::Clone::clone(&#traced[#i]);)
            }
            ParamKind::Static { by_ref } => {
                let span = p.ty.as_ref().map_or(pat.span(), |t| t.span());
                let plain = matches!(pat, syn::Pat::Ident(i) if i.ident == *ident && i.mutability.is_none());
                let value = if by_ref {
                    if plain {
                        // The closure sees the reference itself.
                        return None;
                    }
                    quote_spanned!(span=> #ident)
                } else {
                    quote_spanned!(span=> ::jaxrs::jit::static_clone(&#ident))
                };
                quote_spanned!(span=> let #pat = #value;)
            }
            ParamKind::SelfRef => return None,
        })
    });
    let ret = match &item.sig.output {
        ReturnType::Type(_, ty) => quote!(#ty),
        ReturnType::Default => quote!(()),
    };
    let body = stage_block(&item.block);
    let span = item.sig.ident.span();
    quote_spanned! {span=>
        #(#attrs)*
        #vis #sig {
            static #cache: ::jaxrs::jit::JitCache =
                ::jaxrs::jit::JitCache::new(#name, &[#(#traced_names),*], &[#(#static_names),*]);
            {
                fn #marker() {}
                #cache.register(::std::any::type_name_of_val(&#marker));
            }
            #(#owned_keys)*
            let #statics_var: [&dyn ::jaxrs::jit::StaticKey; #n_statics] = [#(#keys),*];
            #cache.call(
                ::std::vec![#(#args),*],
                &#statics_var,
                &|#traced: &[::jaxrs::Array]| -> #ret {
                    #(#rebind)*
                    #body
                },
            )
        }
    }
}

fn is_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("str"))
}
