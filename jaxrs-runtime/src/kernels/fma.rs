//! XLA:CPU's fused multiply-add: the `multiply-add` calls that
//! `jaxrs_core::jaxpr::contract::fuse_products` makes of an add or subtract whose operand is
//! a product, computed `round(p·q + z)` with one rounding, operands read and the result
//! written with subnormals flushed (`jaxrs_core::scalar::fused_multiply_add`).
//!
//! JAX counterpart: the `vfmadd` instructions LLVM selects for XLA's loop fusions.

use std::borrow::Cow;

use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::Scalar;
use jaxrs_core::jaxpr::contract::{self, Factors};
use jaxrs_core::jaxpr::ClosedJaxpr;
use jaxrs_core::primitive::Primitive;
use jaxrs_core::scalar;
use jaxrs_core::xla_math::{flush_f32, flush_f64};

use super::{Src, View, ViewMut};
use crate::exec;

/// One chunk of `round(p·q + z)`; `p`, `q`, `z` are full chunks or splats.
#[inline(always)]
pub fn fma_into(p: View<'_>, q: View<'_>, z: View<'_>, out: ViewMut<'_>) {
    match (p, q, z, out) {
        (View::F32(p), View::F32(q), View::F32(z), ViewMut::F32(o)) => {
            fma_loop(p, q, z, o, |p, q, z| {
                flush_f32(flush_f32(p).mul_add(flush_f32(q), flush_f32(z)))
            })
        }
        (View::F64(p), View::F64(q), View::F64(z), ViewMut::F64(o)) => {
            fma_loop(p, q, z, o, |p, q, z| {
                flush_f64(flush_f64(p).mul_add(flush_f64(q), flush_f64(z)))
            })
        }
        (p, ..) => unreachable!("XLA fuses no {} multiply-add", p.dtype().name()),
    }
}

/// `out[i] = f(p[i], q[i], z[i])`, one loop per combination of full and splat operands
/// (so that LLVM vectorizes each).
#[inline(always)]
fn fma_loop<T: Copy>(
    p: Src<'_, T>,
    q: Src<'_, T>,
    z: Src<'_, T>,
    out: &mut [T],
    f: impl Fn(T, T, T) -> T,
) {
    let n = out.len();
    macro_rules! each {
        ($a:pat, $b:pat, $c:pat, $get:expr) => {
            if let ($a, $b, $c) = (p, q, z) {
                #[allow(clippy::redundant_closure_call)]
                for (i, o) in out.iter_mut().enumerate() {
                    *o = $get(i);
                }
                return;
            }
        };
    }
    use Src::{Slice, Splat};
    each!(Slice(a), Slice(b), Slice(c), |i| f(
        a[..n][i],
        b[..n][i],
        c[..n][i]
    ));
    each!(Splat(a), Slice(b), Slice(c), |i| f(a, b[..n][i], c[..n][i]));
    each!(Slice(a), Splat(b), Slice(c), |i| f(a[..n][i], b, c[..n][i]));
    each!(Slice(a), Slice(b), Splat(c), |i| f(a[..n][i], b[..n][i], c));
    each!(Splat(a), Splat(b), Slice(c), |i| f(a, b, c[..n][i]));
    each!(Splat(a), Slice(b), Splat(c), |i| f(a, b[..n][i], c));
    each!(Slice(a), Splat(b), Splat(c), |i| f(a[..n][i], b, c));
    each!(Splat(a), Splat(b), Splat(c), |_| f(a, b, c));
}

/// The factor a rewritten division multiplies by: `1/c` per element of the divisor `c`,
/// as XLA computes it ([`scalar::broadcast_reciprocal`]).
pub fn reciprocal(c: &Concrete, dtype: jaxrs_core::dtype::DType) -> Concrete {
    let recip = c
        .data()
        .to_scalars()
        .into_iter()
        .map(|v| scalar::broadcast_reciprocal(dtype, v));
    Concrete::new(c.aval().clone(), Buffer::from_scalars(dtype, recip))
}

/// The operands `p, q, z` of `fma_into` for a `multiply-add` call of `body` on `inputs`:
/// the reciprocal of a divisor, the factors of a power, and the signs applied; operands
/// used as they are stay borrowed (a small call allocates only what it computes).
pub fn operands<'a>(
    body: &ClosedJaxpr,
    inputs: &[&'a Concrete],
    out: &Aval,
) -> [Cow<'a, Concrete>; 3] {
    let parts = contract::parts(&body.jaxpr);
    let dtype = out.dtype;
    let (p, q) = match parts.factors {
        Factors::Mul => (Cow::Borrowed(inputs[0]), Cow::Borrowed(inputs[1])),
        Factors::Reciprocal => (
            Cow::Borrowed(inputs[0]),
            Cow::Owned(reciprocal(inputs[1], dtype)),
        ),
        Factors::IntegerPow(y) => {
            let xs = inputs[0].data().to_scalars();
            let (ps, qs): (Vec<Scalar>, Vec<Scalar>) = xs
                .into_iter()
                .map(|x| scalar::integer_pow_factors(dtype, x, y))
                .unzip();
            let aval = inputs[0].aval().clone();
            (
                Cow::Owned(Concrete::new(aval.clone(), Buffer::from_scalars(dtype, ps))),
                Cow::Owned(Concrete::new(aval, Buffer::from_scalars(dtype, qs))),
            )
        }
    };
    let z = Cow::Borrowed(inputs[inputs.len() - 1]);
    let negate = |c: Cow<'a, Concrete>, yes: bool| {
        if !yes {
            return c;
        }
        let aval = c.aval().clone();
        let b = exec::execute(&Primitive::Neg, &[&*c], std::slice::from_ref(&aval)).remove(0);
        Cow::Owned(Concrete::new(aval, b))
    };
    [
        negate(p, parts.negate_product),
        q,
        negate(z, parts.negate_addend),
    ]
}
