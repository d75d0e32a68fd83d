//! Hand-derived checks of indexing and updates (the golden tests cover the rest).
use jaxrs_core::api::make_jaxpr;
use jaxrs_core::numpy as jnp;
use jaxrs_core::numpy::NewAxis;
use jaxrs_core::{s, Array};

#[test]
fn basics() {
    let x = jnp::array([0, 1, 2, 3, 4]);
    assert_eq!(x.i(10).item::<i32>(), 4);
    assert_eq!(x.i(-1).item::<i32>(), 4);
    assert_eq!(x.i(-10).item::<i32>(), 0);
    assert_eq!(x.i(s![..;-1]).to_vec::<i32>(), vec![4, 3, 2, 1, 0]);
    assert_eq!(x.i(s![1..3]).to_vec::<i32>(), vec![1, 2]);
    assert_eq!(x.i(s![..=2]).to_vec::<i32>(), vec![0, 1, 2]);
    assert_eq!(x.i(s![NewAxis, ..]).shape(), &[1, 5]);
    let m = jnp::array([[0, 1, 2], [3, 4, 5]]);
    assert_eq!(m.i(s![.., 0]).to_vec::<i32>(), vec![0, 3]);
    assert_eq!(
        m.i(jnp::array([1, -2])).to_vec::<i32>(),
        vec![3, 4, 5, 0, 1, 2]
    );
    assert_eq!(
        m.at(s![.., 1]).set(9).to_vec::<i32>(),
        vec![0, 9, 2, 3, 9, 5]
    );
    assert_eq!(
        x.at(jnp::array([0, 0, 7])).add(1).to_vec::<i32>(),
        vec![2, 1, 2, 3, 4]
    );
    assert_eq!(m.T().shape(), &[3, 2]);
    assert_eq!(m.reshape([3, -1]).shape(), &[3, 2]);
}

#[test]
fn jaxprs() {
    let f = |x: &Array| x.i(0);
    let x = jnp::zeros([3, 4]);
    println!("{}", make_jaxpr(f)(&x));
    let f = |x: &Array| x.at(0).set(9.0);
    println!("{}", make_jaxpr(f)(&x));
    let f = |x: &Array| x.i(jnp::array([0, 2]));
    println!("{}", make_jaxpr(f)(&x));
    let f = |x: &Array| jnp::matmul(x, x.T());
    println!("{}", make_jaxpr(f)(&x));
}
