//! The transformations nested in each other: `vmap` of `grad` (per-example gradients),
//! `grad` of a vmapped loss, `#[jit]` of vmapped and differentiated code, and `grad` of a
//! `#[jit]` function.
//!
//! The functions are chosen so that the exact results can be derived by hand and every
//! intermediate is exact in `float32` (small integers and halves), so the comparisons are
//! by bits.

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

fn bits(a: &Array) -> Vec<u32> {
    a.to_vec::<f32>().iter().map(|v| v.to_bits()).collect()
}

/// Rows of small integers and halves: every sum, square and product below is exact.
fn batch() -> Array {
    jnp::array([
        [1.0, -2.0, 0.5],
        [3.0, 0.0, -1.5],
        [-4.0, 2.5, 1.0],
        [0.5, 0.5, -0.5],
    ])
}

fn sum_of_squares(x: &Array) -> Array {
    jnp::sum(x * x)
}

#[jit]
fn jitted_sum_of_squares(x: &Array) -> Array {
    jnp::sum(x * x)
}

#[jit]
fn jitted_grad(x: &Array) -> Array {
    grad(sum_of_squares)(x)
}

#[jit]
fn jitted_per_example_norms(xs: &Array) -> Array {
    vmap(sum_of_squares)(xs)
}

#[test]
fn vmap_of_grad_gives_per_example_gradients() {
    // d/dx sum(x * x) = 2x, row by row.
    let xs = batch();
    let g = vmap(grad(sum_of_squares))(&xs);
    assert_eq!(g.shape(), xs.shape());
    assert_eq!(bits(&g), bits(&(2.0 * &xs)));
}

#[test]
fn grad_of_a_vmapped_loss() {
    // loss(w) = sum_b sum_i xs[b, i] * w[i], so d loss / dw = sum_b xs[b, :].
    let xs = batch();
    let loss = |w: &Array| jnp::sum(vmap(|x: &Array| jnp::sum(x * w))(&xs));
    let g = grad(loss)(&jnp::array([1.0, 2.0, 3.0]));
    let by_hand: Vec<f32> = (0..3)
        .map(|i| (0..4).map(|b| xs.to_vec::<f32>()[b * 3 + i]).sum())
        .collect();
    assert_eq!(g.to_vec::<f32>(), by_hand);
}

#[test]
fn jit_of_vmap_and_of_grad_equal_the_eager_transformations() {
    let xs = batch();
    let eager = vmap(sum_of_squares)(&xs);
    assert_eq!(bits(&jitted_per_example_norms(&xs)), bits(&eager));
    // A second call hits the cache and gives the same bits.
    assert_eq!(bits(&jitted_per_example_norms(&xs)), bits(&eager));
    let stats = jaxrs::jit_stats(jitted_per_example_norms);
    assert_eq!((stats.traces, stats.hits), (1, 1));

    let x = jnp::array([1.0, -2.0, 0.5]);
    assert_eq!(bits(&jitted_grad(&x)), bits(&(2.0 * &x)));
}

#[test]
fn grad_and_vmap_of_a_jit_function() {
    let x = jnp::array([3.0, 0.0, -1.5]);
    assert_eq!(bits(&grad(jitted_sum_of_squares)(&x)), bits(&(2.0 * &x)));
    let xs = batch();
    let norms = vmap(jitted_sum_of_squares)(&xs);
    assert_eq!(bits(&norms), bits(&vmap(sum_of_squares)(&xs)));
}
