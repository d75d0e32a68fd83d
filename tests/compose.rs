//! The transformations nested in each other: `vmap` of `grad` (per-example gradients),
//! `grad` of a vmapped loss, `#[jit]` of vmapped and differentiated code, and `grad` of a
//! `#[jit]` function.
//!
//! The first functions are chosen so that the exact results can be derived by hand and
//! every intermediate is exact in `float32` (small integers and halves); the later ones
//! (`jit` with `argnums`, `has_aux`, several arguments, `hessian`) are compared with the
//! values JAX 0.10.2 computes for the same compositions (`tools/golden/gen_grad.py`,
//! `compositions` in `jaxrs-core/tests/golden/grad.json`). All comparisons are by bits.

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use serde_json::Value;

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

/// The `compositions` entries of the grad golden file, by name: arguments and results.
fn composition(name: &str) -> (Vec<Array>, Vec<Value>) {
    let g: Value =
        serde_json::from_str(include_str!("../jaxrs-core/tests/golden/grad.json")).expect("json");
    let c = g["compositions"]
        .as_array()
        .expect("compositions")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no golden composition {name}"))
        .clone();
    let array = |v: &Value| {
        let data: Vec<f32> = v["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|x| x.as_f64().expect("a number") as f32)
            .collect();
        let shape: Vec<usize> = v["shape"]
            .as_array()
            .expect("shape")
            .iter()
            .map(|d| d.as_u64().expect("a size") as usize)
            .collect();
        Array::from_vec(data, shape)
    };
    let args = c["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(array)
        .collect();
    let results = c["results"].as_array().expect("results").clone();
    (args, results)
}

/// `got` equals JAX's results bit for bit.
fn assert_jax_bits(name: &str, got: &[Array], want: &[Value]) {
    assert_jax_ulps(name, got, want, 0);
}

/// `got` is within `ulps` units in the last place of JAX's results.
fn assert_jax_ulps(name: &str, got: &[Array], want: &[Value], ulps: u32) {
    assert_eq!(got.len(), want.len(), "{name}: number of results");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        let shape: Vec<usize> = w["shape"]
            .as_array()
            .expect("shape")
            .iter()
            .map(|d| d.as_u64().expect("a size") as usize)
            .collect();
        assert_eq!(g.shape(), shape.as_slice(), "{name} result {k}: shape");
        let want: Vec<u32> = w["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|x| (x.as_f64().expect("a number") as f32).to_bits())
            .collect();
        let close = bits(g)
            .iter()
            .zip(&want)
            .all(|(&a, &b)| (a as i64 - b as i64).unsigned_abs() <= u64::from(ulps));
        assert!(
            close,
            "{name} result {k}: {:?} vs JAX bits {want:?}",
            bits(g)
        );
    }
}

fn sin_times_square(x: &Array, y: &Array) -> Array {
    jnp::sum(jnp::sin(x) * y.powi(2))
}

fn tanh_square_with_aux(x: &Array) -> (Array, Array) {
    (jnp::sum(jnp::tanh(x).powi(2)), x * 2.0)
}

fn sin_cubic(x: &Array) -> Array {
    jnp::sum(jnp::sin(x) * x.powi(2))
}

#[jit]
fn jit_of_grad_argnums(x: &Array, y: &Array) -> (Array, Array) {
    grad_with(sin_times_square, |kw| kw.argnums((0, 1)))(x, y)
}

#[jit]
fn jit_of_grad_has_aux(x: &Array) -> (Array, Array) {
    grad_with(tanh_square_with_aux, |kw| kw.has_aux(true))(x)
}

#[jit]
fn three_args(x: &Array, y: &Array, z: &Array) -> Array {
    jnp::sum(x * y + jnp::exp(z) * x)
}

#[jit]
fn jitted_sin_cubic(x: &Array) -> Array {
    sin_cubic(x)
}

#[jit]
fn jit_of_hessian(x: &Array) -> Array {
    hessian(sin_cubic)(x)
}

#[test]
fn jit_of_grad_with_argnums_and_has_aux_equals_jax() {
    let (a, want) = composition("jit_of_grad_argnums");
    let (dx, dy) = jit_of_grad_argnums(&a[0], &a[1]);
    assert_jax_bits("jit_of_grad_argnums", &[dx, dy], &want);
    let (a, want) = composition("jit_of_grad_has_aux");
    let (g, aux) = jit_of_grad_has_aux(&a[0]);
    // XLA contracts the `add_any` of `tanh`'s transposed derivative with its product into
    // a fused multiply-add, as the runtime does.
    assert_jax_bits("jit_of_grad_has_aux", &[g, aux], &want);
}

#[test]
fn grad_of_a_jit_function_of_three_arguments_equals_jax() {
    let (a, want) = composition("grad_of_jit_three_args");
    let (dx, dy, dz) = grad_with(three_args, |kw| kw.argnums((0, 1, 2)))(&a[0], &a[1], &a[2]);
    assert_jax_bits("grad_of_jit_three_args", &[dx, dy, dz], &want);
}

#[test]
fn hessian_of_jit_and_jit_of_hessian_equal_jax() {
    let (a, want) = composition("hessian_of_jit");
    assert_jax_bits("hessian_of_jit", &[hessian(jitted_sin_cubic)(&a[0])], &want);
    let (a, want) = composition("jit_of_hessian");
    assert_jax_bits("jit_of_hessian", &[jit_of_hessian(&a[0])], &want);
}
