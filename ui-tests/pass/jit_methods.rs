// Methods taking `&self` (a static argument) and associated functions.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Affine {
    scale: i32,
    shift: i32,
}

impl Affine {
    #[jit]
    fn apply(&self, x: &Array) -> Array {
        x * self.scale + self.shift
    }

    #[jit]
    fn both(x: &Array, y: &Array) -> (Array, Array) {
        (x + y, x - y)
    }
}

fn main() {
    let a = Affine { scale: 2, shift: 1 };
    let x = jnp::array([1.0, 2.0]);
    assert_eq!(a.apply(&x).to_vec::<f32>(), vec![3.0, 5.0]);
    let (s, d) = Affine::both(&x, &x);
    assert_eq!((s.to_vec::<f32>(), d.to_vec::<f32>()), (vec![2.0, 4.0], vec![0.0, 0.0]));
}
