//! The builders behind the `_with` functions: JAX's keyword arguments with defaults.
//!
//! The README's rule: a function's JAX parameters that have defaults are set on a
//! `<Function>Kw` builder passed to the function's `_with` twin, one method per keyword,
//! named as JAX names it. [`keywords!`](crate::keywords) writes such a builder from a list
//! of fields, each with its default and how a method's argument becomes the field.

/// Declares a keyword builder: a struct with `pub(crate)` fields, a `Default` holding JAX's
/// defaults, and one by-value setter per field.
///
/// ```text
/// keywords! {
///     /// Keywords of [`tril`]: `jnp.tril(m, k=0)`.
///     TrilKw {
///         /// `k`: the diagonal (default `0`).
///         k: i64 = 0; (k: i64) => k,
///     }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! keywords {
    ($(#[$m:meta])* $name:ident {
        $( $(#[$fm:meta])* $field:ident : $ty:ty = $default:expr ; ($arg:ident : $argty:ty) => $conv:expr ),* $(,)?
    }) => {
        $(#[$m])*
        #[derive(Clone)]
        #[must_use]
        #[allow(non_snake_case)]
        pub struct $name {
            $( pub(crate) $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $( $field: $default, )* }
            }
        }

        impl $name {
            $(
                $(#[$fm])*
                #[allow(non_snake_case)]
                pub fn $field(mut self, $arg: $argty) -> Self {
                    self.$field = $conv;
                    self
                }
            )*
        }
    };
}

/// Runs a `_with` function's closure on the default keywords.
pub(crate) fn apply<K: Default>(f: impl FnOnce(K) -> K) -> K {
    f(K::default())
}
