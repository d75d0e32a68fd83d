// A new user's program written from SEED-WALKTHROUGH.md's list of names compiles unchanged
// (and runs: trybuild executes pass tests). Values are hand-derived.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::{lax, random};

fn f(x: &Array, y: &Array) -> Array {
    2 * x.powi(2) + y
}

fn main() {
    // Creation.
    let s = jnp::array(3.0);
    let m = jnp::array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let v = jnp::array(vec![1, 2, 3]);
    let z = jnp::zeros([2, 3]);
    let o = jnp::ones([2, 3]);
    let full = jnp::full([2], 7);
    let r = jnp::arange(6);
    let l = jnp::linspace(0.0, 2.0, 5);
    let e = jnp::eye(3);
    let zl = jnp::zeros_like(&m);
    let ol = jnp::ones_like(&m);
    assert_eq!(s.ndim(), 0);
    assert_eq!(v.to_vec::<i32>(), vec![1, 2, 3]);
    assert_eq!((z.size(), o.size(), full.size(), r.size(), l.size(), e.size()), (6, 6, 2, 6, 5, 9));
    assert_eq!(zl.shape(), ol.shape());

    // Free functions take arrays or Rust scalars in any array position.
    let mask = jnp::greater(&m, 2);
    let w = jnp::where_(&mask, &m, &zl);
    assert_eq!(w.to_vec::<f32>(), vec![0.0, 0.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(jnp::sum(&m).item::<f32>(), 21.0);
    assert_eq!(jnp::matmul(&m, &m.T()).shape(), &[2, 2]);
    assert_eq!(jnp::maximum(&m, 4).to_vec::<f32>(), vec![4.0, 4.0, 4.0, 4.0, 5.0, 6.0]);
    assert_eq!(jnp::exp(0.0).item::<f32>(), 1.0);

    // Methods.
    assert_eq!(m.shape(), &[2, 3]);
    assert_eq!((m.ndim(), m.size()), (2, 6));
    assert_eq!(r.astype(DType::F32).dtype(), DType::F32);
    assert_eq!(r.reshape([2, -1]).shape(), &[2, 3]);
    assert_eq!(m.i(1).to_vec::<f32>(), vec![4.0, 5.0, 6.0]);
    assert_eq!(m.i(s![.., 0]).to_vec::<f32>(), vec![1.0, 4.0]);
    assert_eq!(r.at(0).set(9).to_vec::<i32>(), vec![9, 1, 2, 3, 4, 5]);
    let _ = (m.sin(), m.cos(), m.tanh(), m.exp());
    assert_eq!(m.sum().item::<f32>(), 21.0);
    assert_eq!(m.sum_axis(0).to_vec::<f32>(), vec![5.0, 7.0, 9.0]);
    assert_eq!(m.mean().item::<f32>(), 3.5);
    assert_eq!(m.mean_axis(0).to_vec::<f32>(), vec![2.5, 3.5, 4.5]);
    assert_eq!(m.max().item::<f32>(), 6.0);
    assert_eq!(m.argmax().item::<i32>(), 5);
    assert_eq!(DType::F32.to_string(), "float32");
    assert_eq!(format!("{:?}", jnp::arange(3)), "Array([0, 1, 2], dtype=int32)");

    // Operators between arrays, references and scalars.
    let x = jnp::array([1.0, 4.0, 3.0]);
    let y = jnp::array([8.0, 1.0, 2.0]);
    let ops = (&x + &y) - (&x * 2.0) / (1.0 + &y) % 3 + -&x;
    assert_eq!(ops.shape(), &[3]);
    assert_eq!(f(&x, &y).to_vec::<f32>(), vec![10.0, 33.0, 20.0]);
    let _ = lax::add(&x, &y);

    // Tracing and transformations.
    let jaxpr = make_jaxpr(f)(&x, &y);
    assert!(jaxpr.to_string().starts_with("{ lambda ; a:f32[3] b:f32[3]. let"));
    let (out, tangent) = jvp(f, (&x, &y), (&jnp::ones([3]), &jnp::zeros([3])));
    assert_eq!(out.to_vec::<f32>(), vec![10.0, 33.0, 20.0]);
    assert_eq!(tangent.to_vec::<f32>(), vec![4.0, 16.0, 12.0]);

    // Explicit PRNG keys.
    let key = random::prng_key(18);
    let [key, subkey] = random::split(&key);
    let keys = random::split_n(&key, 3);
    assert_eq!(keys.shape(), &[3, 2]);
    assert_eq!(random::normal(&subkey, [2, 3]).shape(), &[2, 3]);
    assert_eq!(random::uniform(&subkey, []).shape(), &[] as &[usize]);
}
