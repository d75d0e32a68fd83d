//! `contract`: the products XLA:CPU would fuse into a following add or subtract, made
//! explicit so that kernels which round every operation give XLA's bits: scalar factors
//! reassociated as XLA's algebraic simplifier does (`jaxrs_core::jaxpr::reassociate`),
//! YNNPACK's functions where XLA's YNNPACK fusions run them (`jaxrs_core::jaxpr::ynn`),
//! then each fused add a `multiply-add` call (`jaxrs_core::jaxpr::contract`), run by
//! [`crate::kernels::fma`] alone or inside a fused loop.
//!
//! JAX counterpart: XLA's `AlgebraicSimplifier` and LLVM's multiply-add contraction in the
//! loops XLA:CPU emits.

use jaxrs_core::jaxpr::contract::fuse_products;
use jaxrs_core::jaxpr::xla_rewrites;
use jaxrs_core::jaxpr::ClosedJaxpr;

/// `closed` (flat) with XLA's rewrites made (`jaxrs_core::jaxpr::xla_rewrites`:
/// reassociated scalar products, YNNPACK's functions in its fusions) and its fused products
/// explicit.
pub fn contract(closed: ClosedJaxpr) -> ClosedJaxpr {
    fuse_products(&xla_rewrites(&closed))
}

/// A called jaxpr the compiler has not seen (an eager `jit` call such as `jnp.linspace`'s),
/// flattened and given XLA's rewrites as one computation, as XLA compiles it: what the
/// fused and row kernels and [`crate::fuse::interpret`] take (the compiler's own `fusion`
/// calls already are).
pub fn as_compiled(jaxpr: &ClosedJaxpr) -> ClosedJaxpr {
    contract(jaxrs_core::jaxpr::inline::inline(jaxpr))
}
