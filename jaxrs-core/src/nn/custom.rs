//! `custom_jvp` functions of one argument, as `jax.nn` and `jax.scipy.special` declare
//! them with `f.defjvps(lambda g, ans, x: ..)`.
//!
//! JAX counterpart: `custom_jvp.defjvps` in `jax/_src/custom_derivatives.py`: the rule is
//! called `jvp` in jaxprs and computes the primal output by calling `f` itself.

use crate::api::custom_jvp_call;
use crate::array::Array;

/// Calls `f(x)` as the `custom_jvp` function `name` whose tangent is `df(g, ans, x)`.
#[track_caller]
pub(crate) fn defjvps1(
    name: &str,
    x: Array,
    f: fn(&Array) -> Array,
    df: fn(&Array, &Array, &Array) -> Array,
) -> Array {
    custom_jvp_call(
        name,
        "jvp",
        std::slice::from_ref(&x),
        |a| vec![f(&a[0])],
        move |p, t| {
            let ans = f(&p[0]);
            let tangent = df(&t[0], &ans, &p[0]);
            (vec![ans], vec![tangent])
        },
    )
    .remove(0)
}
