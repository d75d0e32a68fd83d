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
    let cache = internal("__JIT_CACHE");
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
            .map(|t| LitStr::new(&format!("<{t}>"), Span::call_site())),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// The expansion of `item`, formatted as `cargo expand` would show it.
    fn expanded(item: TokenStream) -> String {
        let out = jit(TokenStream::new(), item);
        let file: syn::File = syn::parse2(out).expect("the expansion parses as items");
        prettyplease::unparse(&file)
    }

    /// Compares with the snapshot `tests/expand/<name>.rs`; `JAXRS_BLESS=1` rewrites it.
    fn snapshot(name: &str, actual: &str) {
        let path = format!("{}/tests/expand/{name}.rs", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("JAXRS_BLESS").is_some() {
            std::fs::write(&path, actual).expect("write snapshot");
        }
        let expected = std::fs::read_to_string(&path).expect("snapshot exists");
        assert_eq!(
            actual, expected,
            "expansion of {name} changed (JAXRS_BLESS=1 to accept)"
        );
    }

    #[test]
    fn seed_f_expands_to_one_let_per_equation() {
        let out = expanded(quote! {
            fn f(x: &Array, y: &Array) -> Array {
                2 * x.powi(2) + y
            }
        });
        snapshot("seed_f", &out);
    }

    #[test]
    fn statics_methods_and_donation() {
        let out = expanded(quote! {
            impl Model {
                #[doc = " Applies the model."]
                pub fn apply(&self, x: Array, w: &Array, n: usize, name: &str) -> (Array, Array) {
                    let h = (x.matmul(w) + self.bias(n)).tanh();
                    (h.sum(), -h)
                }
            }
        });
        // Not a function: rejected, item kept.
        assert!(out.contains("compile_error"));
        let out = expanded(quote! {
            pub fn apply(&self, x: Array, w: &Array, n: usize, name: &str) -> (Array, Array) {
                let h = (jnp::matmul(&x, w) + self.bias(n)).tanh();
                (h.sum(), -h)
            }
        });
        snapshot("method_statics_donation", &out);
    }

    #[test]
    fn errors_keep_the_item() {
        let out = expanded(quote! {
            fn f(x: &Array) -> Array {
                println!("a");
                let t = std::time::Instant::now();
                x * 2.0
            }
        });
        snapshot("errors_keep_the_item", &out);
    }

    /// A small deterministic generator (xorshift64*), so that failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "fn", "f", "x", "y", "self", "&", "&mut", "mut", "Array", ":", ",", "->", "(", ")", "{",
        "}", "[", "]", "<", ">", "=", ";", "+", "*", "-", "2", "2.0", "\"s\"", "unsafe", "static",
        "println!", "!", "std", "::", "fs", "Instant", "now", ".", "powi", "let", "if", "else",
        "|", "v", "in", "for", "0..3", "return", "?", "T", "where", "impl", "pub", "async", "...",
        "'a", "usize", "Vec", "#", "=>", "match", "_",
    ];

    /// Random token soup, and mutations of a valid function: the macro returns tokens
    /// (an expansion or compile errors) and never panics.
    #[test]
    fn never_panics_on_random_input() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let valid = "fn f(x: &Array, n: usize) -> Array { let y = x.powi(2) * n as f64; \
                     if n > 1 { y + 1.0 } else { -y } }";
        let valid: Vec<String> = valid.split(' ').map(str::to_string).collect();
        for case in 0..3000 {
            let text = if case % 2 == 0 {
                let n = 1 + rng.below(40);
                (0..n)
                    .map(|_| PIECES[rng.below(PIECES.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                let mut words = valid.clone();
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(words.len());
                    match rng.below(3) {
                        0 => {
                            words.remove(i);
                        }
                        1 => words.insert(i, PIECES[rng.below(PIECES.len())].to_string()),
                        _ => words[i] = PIECES[rng.below(PIECES.len())].to_string(),
                    }
                }
                words.join(" ")
            };
            // Unbalanced delimiters do not lex: such input never reaches a macro.
            let Ok(tokens) = text.parse::<TokenStream>() else {
                continue;
            };
            let attr = if case % 7 == 0 {
                quote!(x)
            } else {
                TokenStream::new()
            };
            let result = catch_unwind(AssertUnwindSafe(|| jit(attr, tokens)));
            assert!(result.is_ok(), "#[jit] panicked on: {text}");
        }
    }
}
