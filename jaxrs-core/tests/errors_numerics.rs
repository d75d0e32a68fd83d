//! Mistakes in creation, elementwise and reduction calls: each panics with JAX 0.10.2's
//! message for the same mistake (obtained by running JAX), at the caller's line.

mod common;

use jaxrs_core::numpy as jnp;
use jaxrs_core::{lax, Array, DType};

/// Runs `f`, expecting a panic with exactly `message` reported at `file:line` of this file.
#[track_caller]
fn assert_panics<R>(line: u32, message: &str, f: impl FnOnce() -> R) {
    let (got, file, at) = common::catch_panic(f);
    assert_eq!(got, message);
    assert!(
        file.ends_with("errors_numerics.rs"),
        "panicked in {file}:{at}"
    );
    assert_eq!(at, line, "panic location");
}

fn f32s(n: usize) -> Array {
    jnp::ones([n])
}

#[test]
fn incompatible_broadcast_shapes() {
    let (x, y) = (f32s(3), f32s(4));
    let (line, f) = (line!(), || jnp::add(&x, &y));
    assert_panics(
        line,
        "add got incompatible shapes for broadcasting: (3,), (4,).",
        f,
    );
    let (line, f) = (line!(), || &x * &y);
    assert_panics(
        line,
        "mul got incompatible shapes for broadcasting: (3,), (4,).",
        f,
    );
}

#[test]
fn incompatible_ranks() {
    let (x, y) = (jnp::ones([2, 3]), f32s(4));
    let (line, f) = (line!(), || jnp::add(&x, &y));
    assert_panics(
        line,
        "Incompatible shapes for broadcasting: shapes=[(2, 3), (4,)]",
        f,
    );
}

#[test]
fn where_shapes() {
    let (c, x) = (jnp::ones_with([3], |kw| kw.dtype(DType::Bool)), f32s(2));
    let (line, f) = (line!(), || jnp::where_(&c, &x, 1.0));
    assert_panics(
        line,
        "Incompatible shapes for broadcasting: shapes=[(3,), (2,), ()]",
        f,
    );
}

#[test]
fn clip_shapes() {
    let (x, lo) = (f32s(3), f32s(2));
    let (line, f) = (line!(), || jnp::clip_with(&x, |kw| kw.min(&lo).max(1.0)));
    assert_panics(
        line,
        "max got incompatible shapes for broadcasting: (2,), (3,).",
        f,
    );
}

#[test]
fn remainder_shapes() {
    let (x, y) = (f32s(3), f32s(4));
    let (line, f) = (line!(), || jnp::remainder(&x, &y));
    assert_panics(
        line,
        "rem got incompatible shapes for broadcasting: (3,), (4,).",
        f,
    );
}

#[test]
fn reduction_axis_out_of_range() {
    let x = jnp::ones([2, 3]);
    let (line, f) = (line!(), || jnp::sum_with(&x, |kw| kw.axis(2)));
    assert_panics(line, "axis 2 is out of bounds for array of dimension 2", f);
    let (line, f) = (line!(), || x.max_axis(-3));
    assert_panics(line, "axis -3 is out of bounds for array of dimension 2", f);
    let (line, f) = (line!(), || jnp::cumsum_with(&x, |kw| kw.axis(2)));
    assert_panics(line, "axis 2 is out of bounds for array of dimension 2", f);
    let (line, f) = (line!(), || jnp::var_with(&x, |kw| kw.axis(2)));
    assert_panics(line, "tuple index out of range", f);
}

#[test]
fn duplicate_reduction_axes() {
    let x = jnp::ones([2, 3]);
    let (line, f) = (line!(), || jnp::sum_with(&x, |kw| kw.axis([0, 0])));
    assert_panics(line, "duplicate value in 'axis': (0, 0)", f);
}

#[test]
fn lax_reduction_axes_out_of_range() {
    let x = jnp::ones([2, 3]);
    let (line, f) = (line!(), || lax::reduce_sum(&x, &[2]));
    assert_panics(
        line,
        "reduction axes (2,) contains out-of-bounds indices for float32[2,3].",
        f,
    );
}

#[test]
fn argmax_of_empty() {
    let x = jnp::ones([0]);
    let (line, f) = (line!(), || jnp::argmax(&x));
    assert_panics(line, "attempt to get argmax of an empty sequence", f);
    let (line, f) = (line!(), || x.argmin());
    assert_panics(line, "attempt to get argmin of an empty sequence", f);
    let (line, f) = (line!(), || lax::argmax(&x, 0, DType::I32));
    assert_panics(
        line,
        "argmin and argmax require non-empty reduced dimension. operand.shape=(0,) axis=0",
        f,
    );
}

#[test]
fn max_of_empty() {
    let x = jnp::ones([0, 3]);
    let (line, f) = (line!(), || jnp::max(&x));
    assert_panics(
        line,
        "zero-size array to reduction operation max which has no identity",
        f,
    );
    let (line, f) = (line!(), || jnp::min_with(&x, |kw| kw.axis(0)));
    assert_panics(
        line,
        "zero-size array to reduction operation min which has no identity",
        f,
    );
}

#[test]
fn item_of_non_scalar() {
    let x = f32s(3);
    let (line, f) = (line!(), || x.item::<f32>());
    assert_panics(
        line,
        "can only convert an array of size 1 to a Python scalar",
        f,
    );
}

#[test]
fn float_only_lax_functions_reject_integers() {
    let i = jnp::arange(3);
    let (line, f) = (line!(), || lax::sin(&i));
    assert_panics(
        line,
        "sin does not accept dtype int32. Accepted dtypes are subtypes of floating, complexfloating.",
        f,
    );
    let (line, f) = (line!(), || lax::floor(&i));
    assert_panics(
        line,
        "floor does not accept dtype int32. Accepted dtypes are subtypes of floating.",
        f,
    );
    let (line, f) = (line!(), || lax::atan2(&i, &i));
    assert_panics(
        line,
        "atan2 does not accept dtype int32 at position 0. Accepted dtypes at position 0 are \
         subtypes of floating, complexfloating.",
        f,
    );
}

#[test]
fn lax_rejects_mixed_dtypes() {
    let (i, x) = (jnp::arange(3), f32s(3));
    let (line, f) = (line!(), || lax::add(&i, &x));
    assert_panics(
        line,
        "lax.add requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.add \
         is a similar function that does automatic type promotion on inputs).",
        f,
    );
    let (line, f) = (line!(), || lax::max(&x, &i));
    assert_panics(
        line,
        "lax.max requires arguments to have the same dtypes, got float32, int32. (Tip: \
         jnp.maximum is a similar function that does automatic type promotion on inputs).",
        f,
    );
}

#[test]
fn bitwise_and_shift_reject_floats() {
    let x = f32s(3);
    let (line, f) = (line!(), || jnp::bitwise_and(&x, 1));
    assert_panics(
        line,
        "and does not accept dtype float32 at position 0. Accepted dtypes at position 0 are \
         subtypes of integer, bool.",
        f,
    );
    let (line, f) = (line!(), || jnp::left_shift(&x, 1));
    assert_panics(
        line,
        "shift_left does not accept dtype float32 at position 0. Accepted dtypes at position 0 \
         are subtypes of integer.",
        f,
    );
}

#[test]
fn negation_of_bool() {
    let b = jnp::ones_with([2], |kw| kw.dtype(DType::Bool));
    let (line, f) = (line!(), || -&b);
    assert_panics(
        line,
        "neg does not accept dtype bool. Accepted dtypes are subtypes of integer, floating, \
         complexfloating.",
        f,
    );
}

#[test]
fn integer_overflow_of_a_scalar() {
    let i = jnp::arange(3);
    let (line, f) = (line!(), || jnp::add(&i, 1i64 << 40));
    assert_panics(
        line,
        "An overflow was encountered while parsing an argument to a jitted computation, whose \
         argument path is y. Got <class 'int'> with value 1099511627776",
        f,
    );
    let (line, f) = (line!(), || jnp::array(1i64 << 40));
    assert_panics(
        line,
        "Python int 1099511627776 too large to convert to int32",
        f,
    );
}

#[test]
fn integers_to_negative_powers() {
    let i = jnp::arange(2);
    let (line, f) = (line!(), || jnp::power(&i, -1));
    assert_panics(
        line,
        "Integers cannot be raised to negative powers, got integer_pow(int32[2], -1)",
        f,
    );
}

#[test]
fn bad_creation_arguments() {
    let (line, f) = (line!(), || jnp::linspace(0.0, 1.0, -1));
    assert_panics(line, "Number of samples, -1, must be non-negative.", f);
    let (line, f) = (line!(), || jnp::arange_with(0, |kw| kw.stop(10).step(0)));
    assert_panics(line, "division by zero", f);
}

#[test]
fn lax_select_and_clamp_shapes() {
    let (p, x, lo) = (
        jnp::ones_with([2], |kw| kw.dtype(DType::Bool)),
        f32s(3),
        f32s(2),
    );
    let (line, f) = (line!(), || lax::select(&p, &x, &x));
    assert_panics(
        line,
        "select `which` must be scalar or have the same shape as cases, got `which` shape (2,) \
         but case shape (3,).",
        f,
    );
    let one = jnp::array(1.0f32);
    let (line, f) = (line!(), || lax::clamp(&lo, &x, &one));
    assert_panics(
        line,
        "clamp requires min.shape == operand.shape or min.shape == (), got min.shape=(2,), \
         operand.shape=(3,).",
        f,
    );
}
