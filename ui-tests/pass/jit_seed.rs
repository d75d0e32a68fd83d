// The walkthrough's `f`, staged with `#[jit]`: its value, its jaxpr and its cache.
use jaxrs::numpy as jnp;
use jaxrs::prelude::*;

#[jit]
fn f(x: &Array, y: &Array) -> Array {
    2 * x.powi(2) + y
}

fn main() {
    let x = jnp::array([1.0, 4.0, 3.0]);
    let y = jnp::array([8.0, 1.0, 2.0]);
    assert_eq!(f(&x, &y).to_string(), "[10. 33. 20.]");
    assert_eq!(f(&x, &y).to_string(), "[10. 33. 20.]");
    assert_eq!(
        make_jaxpr(f)(&x, &y).to_string(),
        "{ lambda ; a:f32[3] b:f32[3]. let\n    c:f32[3] = integer_pow[y=2] a\n    \
         d:f32[3] = mul 2.0:f32[] c\n    e:f32[3] = add d b\n  in (e,) }"
    );
    // Two traces (the first call, and `make_jaxpr`), one compile, one hit.
    let stats = jaxrs::jit_stats(f);
    assert_eq!((stats.traces, stats.compiles, stats.hits), (2, 1, 1));
}
