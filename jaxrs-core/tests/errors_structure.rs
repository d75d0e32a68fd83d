//! Mistakes in shape functions, products and indexing panic with JAX 0.10.2's message (the
//! text JAX raises for the same mistake, checked by running JAX) at the caller's line.
//! `lax::slice` is checked against JAX's message under tracing (`make_jaxpr`); eagerly JAX
//! 0.10.2 reroutes `lax.slice` and words it differently.

mod common;

use common::catch_panic as catch;
use jaxrs_core::lax;
use jaxrs_core::numpy as jnp;
use jaxrs_core::numpy::Ellipsis;
use jaxrs_core::{s, Array};

/// Asserts a caught panic has `message` and points at `line` of this file.
#[track_caller]
fn check(caught: (String, String, u32), message: &str, line: u32) {
    let (m, file, l) = caught;
    assert_eq!(m, message);
    assert_eq!(file, file!(), "panic location file");
    assert_eq!(l, line, "panic location line");
}

/// `expect_panic! { expr => "message" }`: `expr` panics with JAX's `message` at this line.
/// Braces keep rustfmt from moving `expr` off the line that `line!()` names.
macro_rules! expect_panic {
    ($e:expr => $msg:expr) => {{
        let caught = catch(|| $e);
        check(caught, $msg, line!());
    }};
}

fn v3() -> Array {
    jnp::ones(3)
}

fn m23() -> Array {
    jnp::ones([2, 3])
}

#[test]
fn reshape_to_a_different_size() {
    let x = v3();
    expect_panic! { jnp::reshape(&x, [4]) => "cannot reshape array of shape (3,) (size 3) into shape (4,) (size 4)" }
    expect_panic! { x.reshape(4) => "cannot reshape array of shape (3,) (size 3) into shape 4 (size 4)" }
}

#[test]
fn reshape_with_two_unknowns_or_indivisible() {
    let m = m23();
    expect_panic! { m.reshape([-1, -1]) => "can only specify one unknown axis size with a `-1` value, got (-1, -1)" }
    expect_panic! { m.reshape([4, -1]) => "cannot reshape array of shape (2, 3) (size 6) into shape (4, -1) because the product of specified axis sizes (4) does not evenly divide 6" }
}

#[test]
fn reshape_size_overflow_is_a_message() {
    let x = v3();
    let big = 1usize << 62;
    expect_panic! { x.reshape([big, big]) => "cannot reshape array of shape (3,) (size 3) into shape (4611686018427387904, 4611686018427387904) (size 21267647932558653966460912964485513216)" }
}

#[test]
fn broadcast_size_overflow_is_a_message() {
    let x = v3();
    expect_panic! { jnp::broadcast_to(&x, [usize::MAX, 3]) => "Shape (18446744073709551615, 3) has too many elements: its size overflows usize" }
}

#[test]
fn matmul_inner_dimensions_differ() {
    let m = m23();
    expect_panic! { jnp::matmul(&m, &m) => "dot_general requires contracting dimensions to have the same shape, got (3,) and (2,)." }
    expect_panic! { m.matmul(v3().reshape([1, 3])) => "dot_general requires contracting dimensions to have the same shape, got (3,) and (1,)." }
}

#[test]
fn matmul_of_a_scalar_and_bad_batches() {
    let m = m23();
    expect_panic! { jnp::matmul(&m, 1.0) => "matmul input operand 1 must have ndim at least 1, but it has ndim 0" }
    let a = jnp::ones([2, 3, 4]);
    let b = jnp::ones([3, 4, 5]);
    expect_panic! { jnp::matmul(&a, &b) => "Incompatible types for matmul arguments: float32[2,3,4] and float32[3,4,5]" }
}

#[test]
fn dot_of_vectors_of_different_lengths() {
    expect_panic! { jnp::dot(jnp::ones(3), jnp::ones(4)) => "dot_general requires contracting dimensions to have the same shape, got (3,) and (4,)." }
}

#[test]
fn concatenate_rank_mismatch() {
    let (x, m) = (v3(), m23());
    expect_panic! { jnp::concatenate([&x, &m]) => "Cannot concatenate arrays with different numbers of dimensions: got (3,), (2, 3)." }
}

#[test]
fn concatenate_shape_and_axis_mistakes() {
    let m = m23();
    let n = jnp::ones([2, 4]);
    expect_panic! { jnp::concatenate([&m, &n]) => "Cannot concatenate arrays with shapes that differ in dimensions other than the one being concatenated: concatenating along dimension 0 for shapes (2, 3), (2, 4)." }
    expect_panic! { jnp::concatenate_with([&m, &m], |kw| kw.axis(2)) => "axis 2 is out of bounds for array of dimension 2" }
    let s = jnp::ones([]);
    expect_panic! { jnp::concatenate([&s, &s]) => "Zero-dimensional arrays cannot be concatenated." }
}

#[test]
fn stack_shapes_and_axis() {
    expect_panic! { jnp::stack([v3(), jnp::ones(4)]) => "All input arrays must have the same shape. Got (3,), (4,)." }
    expect_panic! { jnp::stack_with([v3(), v3()], |kw| kw.axis(3)) => "axis 3 is out of bounds for array of dimension 2" }
}

#[test]
fn transpose_bad_permutation() {
    let m = m23();
    expect_panic! { jnp::transpose_with(&m, |kw| kw.axes([0, 0])) => "transpose permutation isn't a permutation of operand dimensions, got permutation (0, 0) for operand shape (2, 3)." }
    expect_panic! { jnp::transpose_with(&m, |kw| kw.axes([0, 2])) => "axis 2 is out of bounds for array of dimension 2" }
}

#[test]
fn axes_out_of_range() {
    let m = m23();
    expect_panic! { jnp::expand_dims(&m, 4) => "axis 4 is out of bounds for array of dimension 3" }
    expect_panic! { jnp::squeeze_with(&m, |kw| kw.axis(5)) => "axis 5 is out of bounds for array of dimension 2" }
    expect_panic! { jnp::flip_with(&m, |kw| kw.axis(2)) => "axis 2 is out of bounds for array of dimension 2" }
    expect_panic! { jnp::sort_with(&m, |kw| kw.axis(3)) => "axis 3 is out of bounds for array of dimension 2" }
}

#[test]
fn squeeze_of_a_non_unit_axis() {
    let m = m23();
    expect_panic! { jnp::squeeze_with(&m, |kw| kw.axis(0)) => "cannot select an axis to squeeze out which has size not equal to one, got shape=(2, 3) and dimensions=(0,)" }
}

#[test]
fn broadcast_to_incompatible() {
    expect_panic! { jnp::broadcast_to(v3(), 4) => "Incompatible types for broadcasting: input type=float32[3] and requested type=float32[4]" }
    expect_panic! { jnp::broadcast_to(m23(), 3) => "Cannot broadcast to shape with fewer dimensions: arr_shape=(2, 3) shape=(3,)" }
}

#[test]
fn too_many_indices() {
    let x = v3();
    expect_panic! { x.i(s![0, 0]) => "Too many indices: array is 1-dimensional, but 2 were indexed" }
    expect_panic! { x.at(s![0, 0]).set(1.0) => "Too many indices: array is 1-dimensional, but 2 were indexed" }
}

#[test]
fn bad_indexers() {
    let x = v3();
    expect_panic! { jnp::ones(0).i(0) => "index is out of bounds for axis 0 with size 0" }
    expect_panic! { x.i(jnp::array([1.0])) => "Indexer must have integer or boolean type, got indexer with type float32" }
    expect_panic! { x.i(s![Ellipsis, Ellipsis]) => "an index can only have a single ellipsis ('...')" }
}

#[test]
fn lax_parameter_checks() {
    let m = m23();
    expect_panic! { lax::slice(&m, &[0, 0], &[3, 3], None) => "slice limit_indices must be less than or equal to operand shape, got limit_indices (3, 3) for operand shape (2, 3)." }
    expect_panic! { lax::rev(&m, &[0, 0]) => "rev dimensions must be unique, got (0, 0)." }
    let ints = jnp::ones([2, 3]).astype(jaxrs_core::DType::I32);
    let both = [m.clone(), ints];
    expect_panic! { lax::concatenate(&both, 0) => "lax.concatenate requires arguments to have the same dtypes, got float32, int32. (Tip: jnp.concatenate is a similar function that does automatic type promotion on inputs)." }
}

#[test]
fn pad_mistakes() {
    let m = m23();
    expect_panic! { jnp::pad(&m, -1) => "index can't contain negative values" }
    expect_panic! { jnp::pad(&m, [(1, 1), (1, 1), (1, 1)]) => "jnp.pad: pad_width with nd=2 has unsupported shape (3, 2). Valid shapes are (2, 2), (1, 2), (2,), (1,), or ()." }
    let empty = jnp::zeros([0, 3]);
    expect_panic! { jnp::pad_with(&empty, 1, |kw| kw.mode("edge")) => "Cannot apply 'edge' padding to empty axis" }
    expect_panic! { jnp::pad_with(&empty, 1, |kw| kw.mode("wrap")) => "Cannot apply 'wrap' padding to empty axis" }
    expect_panic! { jnp::pad_with(&empty, 1, |kw| kw.mode("reflect")) => "Cannot apply 'reflect' padding to empty axis" }
    expect_panic! { jnp::pad_with(&empty, 1, |kw| kw.mode("symmetric")) => "Cannot apply 'symmetric' padding to empty axis" }
    // Constant padding of an empty axis is fine, as in JAX.
    assert_eq!(jnp::pad(&empty, 1).shape(), &[2, 5]);
}

#[test]
fn split_mistakes() {
    let v = jnp::arange(5);
    let m = m23();
    expect_panic! { jnp::split(&v, 2usize) => "array split does not result in an equal division: rest is 1" }
    expect_panic! { jnp::split(&v, [3, 1]) => "Sizes passed to split must be nonnegative, got [np.int64(3), np.int64(-2), np.int64(4)]" }
    expect_panic! { jnp::array_split(&v, [1, 9]) => "Sizes passed to split must be nonnegative, got [np.int64(1), np.int64(8), np.int64(-4)]" }
    expect_panic! { jnp::split_with(&m, 2usize, |kw| kw.axis(2)) => "tuple index out of range" }
    expect_panic! { jnp::split(&m, 0usize) => "integer division or modulo by zero" }
    expect_panic! { lax::split(&v, &[2, 2], 0) => "Sum of sizes 4 must be equal to dimension 0 of the operand shape [5]" }
}

#[test]
fn roll_repeat_tile_mistakes() {
    let m = m23();
    expect_panic! { jnp::roll_with(&m, 1, |kw| kw.axis(2)) => "axis 2 is out of bounds for array of dimension 2" }
    expect_panic! { jnp::roll_with(&m, [1, 2, 3], |kw| kw.axis([0, 1])) => "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (2,) and arg 1 with shape (3,)." }
    expect_panic! { jnp::repeat_with(&m, 2, |kw| kw.axis(3)) => "axis 3 is out of bounds for array of dimension 2" }
    expect_panic! { lax::tile(&m, &[2]) => "reps length must be equal to the ndim of x, got len(reps)=1 and x.ndim=2." }
}

#[test]
fn triangle_and_diagonal_mistakes() {
    let v = v3();
    let m = m23();
    expect_panic! { jnp::tril(&v) => "Argument to jax.numpy.tril must be at least 2D" }
    expect_panic! { jnp::triu(&v) => "Argument to jax.numpy.triu must be at least 2D" }
    expect_panic! { jnp::diagonal(&v) => "diagonal requires an array of at least two dimensions." }
    expect_panic! { jnp::diagonal_with(&m, |kw| kw.axis2(0)) => "transpose permutation isn't a permutation of operand dimensions, got permutation (0, 0, 1) for operand shape (2, 3)." }
    expect_panic! { jnp::diagonal_with(jnp::zeros([2, 3, 4]), |kw| kw.axis1(2).axis2(-1)) => "transpose permutation isn't a permutation of operand dimensions, got permutation (0, 2, 2, 1) for operand shape (2, 3, 4)." }
    expect_panic! { jnp::diag(jnp::zeros([2, 2, 2])) => "diag input must be 1d or 2d" }
}

#[test]
fn stacking_mistakes() {
    let none: Vec<Array> = Vec::new();
    expect_panic! { jnp::dstack(none.clone()) => "Need at least one array to concatenate." }
    expect_panic! { jnp::column_stack(none) => "Need at least one array to concatenate." }
    expect_panic! { jnp::column_stack([jnp::ones(5), m23()]) => "Cannot concatenate arrays with shapes that differ in dimensions other than the one being concatenated: concatenating along dimension 1 for shapes (5, 1), (2, 3)." }
}

#[test]
fn flip_rotate_roll_axis_mistakes() {
    let v = v3();
    let m = m23();
    let t = jnp::ones([2, 3, 4]);
    expect_panic! { jnp::rot90(&v) => "rot90 requires its first argument to have ndim at least two, but got first argument of shape (3,), which has ndim 1" }
    expect_panic! { jnp::rot90_with(&m, |kw| kw.axes((1, -1))) => "Axes must be different" }
    expect_panic! { jnp::fliplr(&v) => "axis 1 is out of bounds for array of dimension 1" }
    expect_panic! { jnp::flipud(1.0) => "axis 0 is out of bounds for array of dimension 0" }
    expect_panic! { jnp::rollaxis_with(&t, 0, |kw| kw.start(4)) => "start=4 must satisfy -3<=start<=3" }
    expect_panic! { jnp::rollaxis_with(&t, 0, |kw| kw.start(-4)) => "start=-4 must satisfy -3<=start<=3" }
    expect_panic! { jnp::trace_with(&m, |kw| kw.axis1(1).axis2(-1)) => "axis1 and axis2 can not be same. axis1=1 and axis2=-1" }
    expect_panic! { jnp::dsplit(&m, 1usize) => "tuple index out of range" }
    expect_panic! { jnp::unstack(1.0) => "axis 0 is out of bounds for array of dimension 0" }
    expect_panic! { jnp::unstack_with(&m, |kw| kw.axis(2)) => "axis 2 is out of bounds for array of dimension 2" }
}

#[test]
fn append_mistakes() {
    let v = v3();
    let m = m23();
    expect_panic! { jnp::append_with(1.0, 2.0, |kw| kw.axis(0)) => "Zero-dimensional arrays cannot be concatenated." }
    expect_panic! { jnp::append_with(&m, &v, |kw| kw.axis(0)) => "Cannot concatenate arrays with different numbers of dimensions: got (2, 3), (3,)." }
    expect_panic! { jnp::append_with(&m, jnp::ones([3, 4]), |kw| kw.axis(0)) => "Cannot concatenate arrays with shapes that differ in dimensions other than the one being concatenated: concatenating along dimension 0 for shapes (2, 3), (3, 4)." }
}

#[test]
fn odd_reflection_of_an_empty_axis() {
    let empty = jnp::zeros([0, 3]);
    expect_panic! { jnp::pad_with(&empty, 1, |kw| kw.mode("reflect").reflect_type("odd")) => "Cannot apply 'reflect' padding to empty axis" }
    expect_panic! { jnp::pad_with(&empty, 1, |kw| kw.mode("symmetric").reflect_type("odd")) => "Cannot apply 'symmetric' padding to empty axis" }
}

#[test]
fn constant_pairs_of_the_wrong_count() {
    let m = m23();
    let three: Vec<(i32, i32)> = (0..3).map(|k| (k, k + 1)).collect();
    expect_panic! { jnp::pad_with(&m, 1, |kw| kw.constant_values(three)) => "Incompatible types for broadcasting: input type=float32[3,2] and requested type=float32[2,2]" }
}
