//! Indexing by hand: the `s!` forms, the seed walkthrough's lines, and owning in-place
//! updates (`into_at`). Expected values are derived by hand (NumPy/JAX semantics); the golden
//! suites (`golden_indexing.rs`) cover JAX's jaxprs.

use jaxrs_core::api::make_jaxpr;
use jaxrs_core::numpy as jnp;
use jaxrs_core::numpy::{Ellipsis, NewAxis};
use jaxrs_core::{s, Array};

fn data_ptr(x: &Array) -> *const f32 {
    x.as_concrete()
        .expect("concrete")
        .data()
        .as_slice::<f32>()
        .as_ptr()
}

#[test]
fn s_macro_forms() {
    let x = jnp::arange(6);
    assert_eq!(x.i(s![1..3]).to_vec::<i32>(), vec![1, 2]);
    assert_eq!(x.i(s![..=2]).to_vec::<i32>(), vec![0, 1, 2]);
    assert_eq!(x.i(s![2..]).to_vec::<i32>(), vec![2, 3, 4, 5]);
    assert_eq!(x.i(s![..-2]).to_vec::<i32>(), vec![0, 1, 2, 3]);
    assert_eq!(x.i(s![-2..=-1]).to_vec::<i32>(), vec![4, 5]);
    assert_eq!(x.i(s![..;2]).to_vec::<i32>(), vec![0, 2, 4]);
    assert_eq!(x.i(s![..;-1]).to_vec::<i32>(), vec![5, 4, 3, 2, 1, 0]);
    assert_eq!(x.i(s![4..1;-1]).to_vec::<i32>(), vec![4, 3, 2]);
    assert_eq!(x.i(s![1..;-2]).to_vec::<i32>(), vec![1]);
    assert_eq!(x.i(s![NewAxis, ..]).shape(), &[1, 6]);
    assert_eq!(x.i(s![.., NewAxis]).shape(), &[6, 1]);
    let m = jnp::arange(12).reshape([3, 4]);
    assert_eq!(m.i(s![.., 0]).to_vec::<i32>(), vec![0, 4, 8]);
    assert_eq!(m.i(s![1..3, ..]).shape(), &[2, 4]);
    assert_eq!(m.i(s![-1, ..;-1]).to_vec::<i32>(), vec![11, 10, 9, 8]);
    assert_eq!(m.i(s![Ellipsis, 1]).to_vec::<i32>(), vec![1, 5, 9]);
    let rows = jnp::array([2, 0]);
    assert_eq!(m.i(s![&rows, 1..3]).to_vec::<i32>(), vec![9, 10, 1, 2]);
    assert_eq!(m.i(s![.., &rows]).to_vec::<i32>(), vec![2, 0, 6, 4, 10, 8]);
}

#[test]
fn seed_walkthrough_lines() {
    assert_eq!(jnp::arange(5).i(10).item::<i32>(), 4);
    assert_eq!(jnp::arange(5).i(-1).item::<i32>(), 4);
    let a = jnp::arange(5);
    let b = a.at(0).set(9);
    assert_eq!(b.to_vec::<i32>(), vec![9, 1, 2, 3, 4]);
    assert_eq!(a.to_vec::<i32>(), vec![0, 1, 2, 3, 4], "a is unchanged");
    assert_eq!(
        a.at(5).set(9).to_vec::<i32>(),
        vec![0, 1, 2, 3, 4],
        "dropped"
    );
    assert_eq!(a.at(1).add(10).to_vec::<i32>(), vec![0, 11, 2, 3, 4]);
    assert_eq!(a.at(2).mul(3).to_vec::<i32>(), vec![0, 1, 6, 3, 4]);
    assert_eq!(a.at(3).min(-1).to_vec::<i32>(), vec![0, 1, 2, -1, 4]);
    assert_eq!(a.at(4).max(7).to_vec::<i32>(), vec![0, 1, 2, 3, 7]);
    assert_eq!(a.at(4).get().item::<i32>(), 4);
    let lin = jnp::linspace(0.0, 2.0, 9).i(s![..;-1]);
    assert_eq!(lin.to_vec::<f32>()[0], 2.0);
    assert_eq!(jnp::arange(24).reshape([2, 3, 4]).shape(), &[2, 3, 4]);
}

#[test]
fn duplicate_indices_accumulate() {
    let x = jnp::zeros(3);
    let idx = jnp::array([0, 2, 0, 0]);
    assert_eq!(x.at(&idx).add(1.0).to_vec::<f32>(), vec![3.0, 0.0, 1.0]);
}

#[test]
fn into_at_updates_a_unique_buffer_in_place() {
    let a = jnp::zeros(10_000_000);
    let before = data_ptr(&a);
    let b = a.into_at(5).set(1.0);
    assert_eq!(data_ptr(&b), before, "no copy of the 10M-element buffer");
    assert_eq!(b.i(5).item::<f32>(), 1.0);
    assert_eq!(b.i(4).item::<f32>(), 0.0);
    let c = b.into_at(s![..3]).add(2.0);
    assert_eq!(data_ptr(&c), before);
    assert_eq!(
        c.i(s![..7]).to_vec::<f32>(),
        vec![2.0, 2.0, 2.0, 0.0, 0.0, 1.0, 0.0]
    );
    let d = c.into_at(20_000_000).set(5.0);
    assert_eq!(
        data_ptr(&d),
        before,
        "out of bounds: dropped, still in place"
    );
}

#[test]
fn into_at_copies_a_shared_buffer() {
    let a = jnp::zeros(4);
    let keep = a.clone();
    let b = a.into_at(1).set(3.0);
    assert_eq!(b.to_vec::<f32>(), vec![0.0, 3.0, 0.0, 0.0]);
    assert_eq!(
        keep.to_vec::<f32>(),
        vec![0.0; 4],
        "the other owner sees no change"
    );
    assert_ne!(data_ptr(&b), data_ptr(&keep));
}

#[test]
fn into_at_promotes_like_at() {
    let a = jnp::arange(3);
    let b = a.into_at(0).set(2.5);
    assert_eq!(b.dtype(), jaxrs_core::DType::I32);
    assert_eq!(b.to_vec::<i32>(), vec![2, 1, 2]);
}

#[test]
fn into_at_under_tracing_is_a_scatter() {
    let f = |x: &Array| x.clone().into_at(0).set(9.0);
    let text = make_jaxpr(f)(&jnp::zeros(3)).to_string();
    assert!(text.contains("scatter["), "{text}");
}

#[test]
fn scalar_bool_indices_add_a_unit_axis() {
    let x = jnp::arange(6).reshape([2, 3]);
    assert_eq!(x.i(true).shape(), &[1, 2, 3]);
    assert_eq!(x.i(false).shape(), &[0, 2, 3]);
    assert_eq!(x.i(s![1, true]).to_vec::<i32>(), vec![3, 4, 5]);
    assert_eq!(x.i(s![1, true]).shape(), &[1, 3]);
    assert_eq!(x.i(s![Ellipsis, false]).shape(), &[2, 3, 0]);
    // Updates through a scalar boolean reach every element (True) or none (False), both
    // through `at` and through the owned (in-place capable) `into_at`.
    let all = x.at(true).add(10);
    assert_eq!(all.to_vec::<i32>(), vec![10, 11, 12, 13, 14, 15]);
    assert_eq!(x.at(false).set(7).to_vec::<i32>(), x.to_vec::<i32>());
    let owned = x.clone().into_at(s![true, 0]).set(-1);
    assert_eq!(owned.to_vec::<i32>(), vec![-1, -1, -1, 3, 4, 5]);
    let untouched = x.clone().into_at(false).set(-1);
    assert_eq!(untouched.to_vec::<i32>(), x.to_vec::<i32>());
}
