//! The facade's operators reach the reference evaluator end to end.

use jaxrs::numpy as jnp;

#[test]
fn weak_scalars_keep_float32() {
    let x = jnp::array([1.0, 4.0, 3.0]);
    let y = jnp::array([8.0, 1.0, 2.0]);
    let z = 2 * &x * &x + &y;
    assert_eq!(z.dtype().name(), "float32");
    assert!(!z.weak_type());
    assert_eq!(z.to_vec::<f32>(), vec![10.0, 33.0, 20.0]);
}

#[test]
fn zeros_broadcast_and_add() {
    let z = jnp::zeros([2, 3]) + jnp::array([1.0, 2.0, 3.0]);
    assert_eq!(z.shape(), &[2, 3]);
    assert_eq!(z.to_vec::<f32>(), vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
    assert_eq!((jnp::array([-7, 7]) % 3).to_vec::<i32>(), vec![2, 1]);
}
