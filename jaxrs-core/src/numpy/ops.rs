//! Rust operators on arrays: `+ - * / %` and unary `-`, for every mix of `Array`, `&Array`
//! and Rust scalars on either side (on the left, `i32` and `f64`: the types of unsuffixed
//! literals, so that `2 * &x` and `2.0 * &x` infer). Each is the `jnp` function of the same meaning (`/` is
//! true division, `%` is `jnp.remainder`), and panics at the operator's line.

use std::ops::{Add, Div, Mul, Neg, Rem, Sub};

use crate::array::Array;
use crate::numpy::operand::ArrayLike;
use crate::numpy::ufuncs;

macro_rules! binary_operator {
    ($trait:ident, $method:ident, $func:path) => {
        impl<R: ArrayLike> $trait<R> for Array {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: R) -> Array {
                $func(self, rhs)
            }
        }
        impl<R: ArrayLike> $trait<R> for &Array {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: R) -> Array {
                $func(self, rhs)
            }
        }
        // Only the types of unsuffixed literals: more would make `2 * &x` ambiguous.
        binary_operator!(@scalars $trait, $method, $func; i32, f64);
    };
    (@scalars $trait:ident, $method:ident, $func:path; $($t:ty),*) => {$(
        impl $trait<Array> for $t {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: Array) -> Array {
                $func(self, rhs)
            }
        }
        impl $trait<&Array> for $t {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: &Array) -> Array {
                $func(self, rhs)
            }
        }
    )*};
}

binary_operator!(Add, add, ufuncs::add);
binary_operator!(Sub, sub, ufuncs::subtract);
binary_operator!(Mul, mul, ufuncs::multiply);
binary_operator!(Div, div, ufuncs::divide);
binary_operator!(Rem, rem, ufuncs::remainder);

impl Neg for Array {
    type Output = Array;
    #[track_caller]
    fn neg(self) -> Array {
        crate::numpy::negative(&self)
    }
}

impl Neg for &Array {
    type Output = Array;
    #[track_caller]
    fn neg(self) -> Array {
        crate::numpy::negative(self)
    }
}
