//! `contract`: the products XLA:CPU would fuse into a following add or subtract, made
//! explicit so that kernels which round every operation give XLA's bits: scalar factors
//! reassociated as XLA's algebraic simplifier does (`jaxrs_core::jaxpr::reassociate`),
//! then each fused add a `multiply-add` call (`jaxrs_core::jaxpr::contract`), run by
//! [`crate::kernels::fma`] alone or inside a fused loop.
//!
//! JAX counterpart: XLA's `AlgebraicSimplifier` and LLVM's multiply-add contraction in the
//! loops XLA:CPU emits.

use jaxrs_core::jaxpr::contract::fuse_products;
use jaxrs_core::jaxpr::reassociate::reassociate;
use jaxrs_core::jaxpr::ClosedJaxpr;

/// `closed` (flat) with XLA's reassociations applied and its fused products explicit.
pub fn contract(closed: ClosedJaxpr) -> ClosedJaxpr {
    fuse_products(&reassociate(&closed))
}
