//! Hand-derived checks of creation, elementwise functions and reductions.

use jaxrs_core::numpy as jnp;
use jaxrs_core::DType;

#[test]
fn arange_dtypes_and_values() {
    let a = jnp::arange(5);
    assert_eq!(a.dtype(), DType::I32);
    assert!(!a.weak_type());
    assert_eq!(a.to_vec::<i32>(), vec![0, 1, 2, 3, 4]);
    let f = jnp::arange(2.5);
    assert_eq!(f.dtype(), DType::F32);
    assert_eq!(f.to_vec::<f32>(), vec![0.0, 1.0, 2.0]);
    assert_eq!(
        jnp::arange_with(2, |kw| kw.stop(5)).to_vec::<i32>(),
        vec![2, 3, 4]
    );
    assert_eq!(
        jnp::arange_with(10, |kw| kw.stop(0).step(-3)).to_vec::<i32>(),
        vec![10, 7, 4, 1]
    );
    assert_eq!(
        jnp::arange_with(0, |kw| kw.stop(5).step(1.5)).to_vec::<f32>(),
        vec![0.0, 1.5, 3.0, 4.5]
    );
    assert_eq!(jnp::arange(-3).shape(), &[0]);
}

#[test]
fn comparisons_where_and_reductions() {
    let x = jnp::array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]);
    let m = jnp::greater(&x, 0);
    assert_eq!(m.dtype(), DType::Bool);
    let y = jnp::where_(&m, &x, 0.0);
    assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0, 3.0, 4.0, 5.0, 0.0]);
    assert_eq!(x.sum().item::<f32>(), 5.0);
    assert_eq!(x.sum_axis(0).to_vec::<f32>(), vec![5.0, 3.0, -3.0]);
    assert_eq!(x.sum_with(|kw| kw.axis(-1).keepdims(true)).shape(), &[2, 1]);
    assert_eq!(x.max().item::<f32>(), 5.0);
    assert_eq!(jnp::array([1, 7, 7, 2]).argmax().item::<i32>(), 1);
    assert_eq!(x.argmin_axis(1).to_vec::<i32>(), vec![1, 2]);
    assert_eq!(x.mean_axis(0).to_vec::<f32>(), vec![2.5, 1.5, -1.5]);
    assert_eq!(
        jnp::sum(jnp::array([true, true, false])).dtype(),
        DType::I32
    );
    assert_eq!(jnp::sum(jnp::array([true, true, false])).item::<i32>(), 2);
    assert_eq!(jnp::mean(jnp::array([1, 2])).item::<f32>(), 1.5);
    assert_eq!(jnp::var(jnp::array([1.0, 3.0])).item::<f32>(), 1.0);
    assert_eq!(jnp::std(jnp::array([1.0, 3.0])).item::<f32>(), 1.0);
    assert!(jnp::any(&m).item::<bool>());
    assert!(!jnp::all(&m).item::<bool>());
    assert_eq!(
        jnp::cumsum_with(jnp::array([[1, 2], [3, 4]]), |kw| kw.axis(0)).to_vec::<i32>(),
        vec![1, 2, 4, 6]
    );
}

#[test]
fn eye_and_like() {
    assert_eq!(
        jnp::eye_with(2, |kw| kw.M(3).k(1)).to_vec::<f32>(),
        vec![0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
    );
    let x = jnp::array([1, 2]);
    assert_eq!(jnp::full_like(&x, 2.5).to_vec::<i32>(), vec![2, 2]);
    assert!(jnp::full([2], 7).weak_type());
}

#[test]
fn linspace_and_flattening_reductions() {
    let x = jnp::linspace(0.0, 2.0, 9);
    assert_eq!(
        x.to_vec::<f32>(),
        vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]
    );
    assert_eq!(
        format!("{x}"),
        "[0.   0.25 0.5  0.75 1.   1.25 1.5  1.75 2.  ]"
    );
    assert_eq!(
        jnp::linspace_with(0, 10, 4, |kw| kw.endpoint(true).dtype(DType::I32)).to_vec::<i32>(),
        vec![0, 3, 6, 10]
    );
    let m = jnp::array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]);
    assert_eq!(m.argmax().item::<i32>(), 4);
    assert_eq!(
        jnp::cumsum(jnp::array([[1, 2], [3, 4]])).to_vec::<i32>(),
        vec![1, 3, 6, 10]
    );
}
