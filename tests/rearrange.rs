//! The rearranging `jnp` functions (new `split` and `tile` primitives among them) run on the
//! runtime backend eagerly; expected values derived by hand (NumPy semantics).

use jaxrs::numpy as jnp;

#[test]
fn split_tile_pad_roll_on_the_runtime() {
    assert_eq!(jaxrs_core::backend::name(), "runtime");
    let x = jnp::arange(6).reshape([2, 3]);
    let parts = jnp::split_with(&x, [1, 2], |kw| kw.axis(1));
    let got: Vec<Vec<i32>> = parts.iter().map(|p| p.to_vec::<i32>()).collect();
    assert_eq!(got, vec![vec![0, 3], vec![1, 4], vec![2, 5]]);
    assert_eq!(
        jnp::tile(&x, [1, 2]).to_vec::<i32>(),
        vec![0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5]
    );
    assert_eq!(
        jnp::pad_with(&x, (0, 1), |kw| kw.mode("wrap")).to_vec::<i32>(),
        vec![0, 1, 2, 0, 3, 4, 5, 3, 0, 1, 2, 0]
    );
    assert_eq!(jnp::roll(&x, 1).to_vec::<i32>(), vec![5, 0, 1, 2, 3, 4]);
    assert_eq!(jnp::tril(&x).to_vec::<i32>(), vec![0, 0, 0, 3, 4, 0]);
    assert_eq!(x.i(true).shape(), &[1, 2, 3]);
}
