//! Rules of the structural primitives (broadcast, reshape, slicing, gather/scatter, sort, ...).
//!
//! JAX counterpart: the `_*_shape_rule`/`_*_dtype_rule` functions of these primitives in
//! `jax/_src/lax/lax.py` and `jax/_src/lax/slicing.py`. Messages are JAX's; weak types follow
//! each primitive's `weak_type_rule` (all operands weak, or the first operand's flag).

use super::expect_arity;
use crate::aval::Aval;
use crate::dtype::DType;
use crate::primitive::{GatherDimensionNumbers, Primitive, ScatterDimensionNumbers};
use crate::shape::{checked_size, py_tuple};

/// Result avals of a structural primitive.
#[track_caller]
pub(super) fn structural(primitive: &Primitive, inputs: &[&Aval]) -> Vec<Aval> {
    use Primitive::*;
    let one = |a: Aval| vec![a];
    match primitive {
        BroadcastInDim {
            shape,
            broadcast_dimensions,
        } => {
            expect_arity(primitive, inputs, 1);
            one(broadcast_in_dim(shape, broadcast_dimensions, inputs[0]))
        }
        Reshape { new_sizes } => {
            expect_arity(primitive, inputs, 1);
            one(reshape(new_sizes, inputs[0]))
        }
        Transpose { permutation } => {
            expect_arity(primitive, inputs, 1);
            one(transpose(permutation, inputs[0]))
        }
        Squeeze { dimensions } => {
            expect_arity(primitive, inputs, 1);
            one(squeeze(dimensions, inputs[0]))
        }
        Rev { dimensions } => {
            expect_arity(primitive, inputs, 1);
            one(rev(dimensions, inputs[0]))
        }
        Concatenate { dimension } => one(concatenate(*dimension, inputs)),
        Stack { axis } => one(stack(*axis, inputs)),
        Pad { padding_config, .. } => {
            expect_arity(primitive, inputs, 2);
            one(pad(padding_config, inputs[0], inputs[1]))
        }
        Unstack { axis } => {
            expect_arity(primitive, inputs, 1);
            unstack(*axis, inputs[0])
        }
        Tile { reps } => {
            expect_arity(primitive, inputs, 1);
            one(tile(reps, inputs[0]))
        }
        Split { axis, sizes, .. } => {
            expect_arity(primitive, inputs, 1);
            split(*axis, sizes, inputs[0])
        }
        Slice {
            start_indices,
            limit_indices,
            strides,
        } => {
            expect_arity(primitive, inputs, 1);
            one(slice(
                start_indices,
                limit_indices,
                strides.as_deref(),
                inputs[0],
            ))
        }
        DynamicSlice { slice_sizes } => one(dynamic_slice(slice_sizes, inputs)),
        DynamicUpdateSlice => one(dynamic_update_slice(inputs)),
        Gather {
            dimension_numbers,
            slice_sizes,
            ..
        } => {
            expect_arity(primitive, inputs, 2);
            one(gather(dimension_numbers, slice_sizes, inputs[0], inputs[1]))
        }
        Scatter {
            dimension_numbers, ..
        } => {
            expect_arity(primitive, inputs, 3);
            one(scatter(dimension_numbers, inputs[0], inputs[1], inputs[2]))
        }
        Iota {
            dtype,
            shape,
            dimension,
        } => one(iota(*dtype, shape, *dimension)),
        Copy | StopGradient => {
            expect_arity(primitive, inputs, 1);
            one(inputs[0].clone())
        }
        Sort { dimension, .. } => sort(*dimension, inputs),
        _ => unreachable!("{} is not structural", primitive.name()),
    }
}

/// Checks that a result shape has a representable size.
#[track_caller]
fn checked_shape(shape: Vec<usize>) -> Vec<usize> {
    if checked_size(&shape).is_none() {
        panic!(
            "Shape {} has too many elements: its size overflows usize",
            py_tuple(&shape)
        );
    }
    shape
}

/// JAX's `check_same_dtypes`: `lax.concatenate requires arguments to have the same dtypes, got
/// float32, int32.`
#[track_caller]
fn same_dtypes(name: &str, avals: &[&Aval]) -> DType {
    let d = avals[0].dtype;
    if avals.iter().any(|a| a.dtype != d) {
        let listed: Vec<&str> = avals.iter().map(|a| a.dtype.name()).collect();
        let tip = if name == "concatenate" {
            " (Tip: jnp.concatenate is a similar function that does automatic type promotion on inputs)."
        } else {
            ""
        };
        panic!(
            "lax.{name} requires arguments to have the same dtypes, got {}.{tip}",
            listed.join(", ")
        );
    }
    d
}

fn all_weak(avals: &[&Aval]) -> bool {
    avals.iter().all(|a| a.weak_type)
}

/// `broadcast_in_dim`: operand axis `i` goes to result axis `broadcast_dimensions[i]`,
/// where it must have the same extent or extent 1; dimensions strictly increase.
#[track_caller]
fn broadcast_in_dim(shape: &[usize], dims: &[usize], x: &Aval) -> Aval {
    if dims.len() != x.ndim() {
        panic!(
            "broadcast_in_dim broadcast_dimensions must have length equal to operand ndim; got \
             broadcast_dimensions {} for operand ndim {}.",
            py_tuple(dims),
            x.ndim()
        );
    }
    if x.ndim() > shape.len() {
        panic!(
            "broadcast_in_dim target broadcast shape must have equal or higher rank to the \
             operand shape; got operand ndim {} and target broadcast ndim {}.",
            x.ndim(),
            shape.len()
        );
    }
    for (i, &d) in dims.iter().enumerate() {
        let ok = d < shape.len() && (x.shape[i] == 1 || x.shape[i] == shape[d]);
        if !ok {
            panic!(
                "broadcast_in_dim operand dimension sizes must either be 1, or be equal to their \
                 corresponding dimensions in the target broadcast shape; got operand of shape {}, \
                 target broadcast shape {}, broadcast_dimensions {} ",
                py_tuple(&x.shape),
                py_tuple(shape),
                py_tuple(dims)
            );
        }
    }
    if dims.windows(2).any(|w| w[0] >= w[1]) {
        panic!(
            "broadcast_in_dim broadcast_dimensions must be strictly increasing; got broadcast_dimensions {}",
            py_tuple(dims)
        );
    }
    Aval::with_weak(checked_shape(shape.to_vec()), x.dtype, x.weak_type)
}

/// `reshape`: same number of elements.
#[track_caller]
fn reshape(new_sizes: &[usize], x: &Aval) -> Aval {
    let Some(new_size) = checked_size(new_sizes) else {
        panic!(
            "cannot reshape array of shape {} (size {}) into shape {} because the size \
             overflows usize",
            py_tuple(&x.shape),
            x.size(),
            py_tuple(new_sizes)
        );
    };
    if new_size != x.size() {
        panic!(
            "cannot reshape array of shape {} (size {}) into shape {} (size {})",
            py_tuple(&x.shape),
            x.size(),
            py_tuple(new_sizes),
            new_size
        );
    }
    Aval::with_weak(new_sizes.to_vec(), x.dtype, x.weak_type)
}

/// `transpose`: `permutation` is a permutation of the operand's axes.
#[track_caller]
fn transpose(permutation: &[usize], x: &Aval) -> Aval {
    let mut sorted = permutation.to_vec();
    sorted.sort_unstable();
    if sorted != (0..x.ndim()).collect::<Vec<_>>() {
        panic!(
            "transpose permutation isn't a permutation of operand dimensions, got permutation {} \
             for operand shape {}.",
            py_tuple(permutation),
            py_tuple(&x.shape)
        );
    }
    let shape = permutation.iter().map(|&p| x.shape[p]).collect();
    Aval::with_weak(shape, x.dtype, x.weak_type)
}

/// `squeeze`: removes distinct, in-range axes of extent one.
#[track_caller]
fn squeeze(dimensions: &[usize], x: &Aval) -> Aval {
    let mut seen = dimensions.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != dimensions.len() {
        panic!("dimensions are not unique: {}", py_tuple(dimensions));
    }
    if dimensions.iter().any(|&d| d >= x.ndim()) {
        panic!(
            "dimensions outside range [0, ndim): {}",
            py_tuple(dimensions)
        );
    }
    if dimensions.iter().any(|&d| x.shape[d] != 1) {
        panic!(
            "cannot select an axis to squeeze out which has size not equal to one, got shape={} \
             and dimensions={}",
            py_tuple(&x.shape),
            py_tuple(dimensions)
        );
    }
    let shape = (0..x.ndim())
        .filter(|i| !dimensions.contains(i))
        .map(|i| x.shape[i])
        .collect();
    Aval::with_weak(shape, x.dtype, x.weak_type)
}

/// `rev`: distinct axes below the rank.
#[track_caller]
fn rev(dimensions: &[usize], x: &Aval) -> Aval {
    let mut seen = dimensions.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != dimensions.len() {
        panic!(
            "rev dimensions must be unique, got {}.",
            py_tuple(dimensions)
        );
    }
    if dimensions.iter().any(|&d| d >= x.ndim()) {
        panic!(
            "rev dimensions must all be less than operand ndim, got dimensions {} for operand \
             ndim {}.",
            py_tuple(dimensions),
            x.ndim()
        );
    }
    x.clone()
}

fn shapes_listed(avals: &[&Aval]) -> String {
    let listed: Vec<String> = avals.iter().map(|a| py_tuple(&a.shape)).collect();
    listed.join(", ")
}

/// `concatenate`: one rank, equal extents except along `dimension`, one dtype.
#[track_caller]
fn concatenate(dimension: usize, inputs: &[&Aval]) -> Aval {
    if inputs.is_empty() {
        panic!("concatenate expects at least one operand, got 0.");
    }
    let ndim = inputs[0].ndim();
    if inputs.iter().any(|a| a.ndim() != ndim) {
        panic!(
            "Cannot concatenate arrays with different numbers of dimensions: got {}.",
            shapes_listed(inputs)
        );
    }
    if dimension >= ndim {
        panic!(
            "concatenate dimension out of bounds: dimension {dimension} for shapes {}.",
            shapes_listed(inputs)
        );
    }
    let others = |a: &Aval| {
        let mut s = a.shape.clone();
        s.remove(dimension);
        s
    };
    let first = others(inputs[0]);
    if inputs.iter().any(|a| others(a) != first) {
        panic!(
            "Cannot concatenate arrays with shapes that differ in dimensions other than the one \
             being concatenated: concatenating along dimension {dimension} for shapes {}.",
            shapes_listed(inputs)
        );
    }
    let dtype = same_dtypes("concatenate", inputs);
    let total = inputs
        .iter()
        .try_fold(0usize, |acc, a| acc.checked_add(a.shape[dimension]))
        .unwrap_or(usize::MAX);
    let mut shape = inputs[0].shape.clone();
    shape[dimension] = total;
    Aval::with_weak(checked_shape(shape), dtype, all_weak(inputs))
}

/// `stack`: operands of one shape joined along a new axis `axis`.
#[track_caller]
fn stack(axis: usize, inputs: &[&Aval]) -> Aval {
    if inputs.is_empty() {
        panic!("stack expects at least one operand, got 0.");
    }
    let ndim = inputs[0].ndim();
    if inputs.iter().any(|a| a.ndim() != ndim) {
        panic!(
            "Cannot stack arrays with different numbers of dimensions: got {}.",
            shapes_listed(inputs)
        );
    }
    if inputs.iter().any(|a| a.shape != inputs[0].shape) {
        panic!(
            "All input arrays must have the same shape. Got {}.",
            shapes_listed(inputs)
        );
    }
    if axis > ndim {
        panic!(
            "axis {axis} is out of bounds for array of dimension {}",
            ndim + 1
        );
    }
    let dtype = same_dtypes("stack", inputs);
    let mut shape = inputs[0].shape.clone();
    shape.insert(axis, inputs.len());
    Aval::with_weak(checked_shape(shape), dtype, all_weak(inputs))
}

fn py_padding(config: &[(i64, i64, i64)]) -> String {
    let parts: Vec<String> = config
        .iter()
        .map(|(l, h, i)| format!("({l}, {h}, {i})"))
        .collect();
    if parts.len() == 1 {
        format!("({},)", parts[0])
    } else {
        format!("({})", parts.join(", "))
    }
}

/// `pad`: a scalar padding value of the operand's dtype; one `(low, high, interior)` per axis.
#[track_caller]
fn pad(config: &[(i64, i64, i64)], x: &Aval, value: &Aval) -> Aval {
    if x.dtype != value.dtype {
        panic!(
            "pad operand and padding_value must be same dtype: got {} and {}.",
            x.dtype, value.dtype
        );
    }
    if value.ndim() != 0 {
        panic!(
            "padding_value must be a scalar; got np.shape(padding_value)={}",
            py_tuple(&value.shape)
        );
    }
    if config.len() != x.ndim() {
        panic!(
            "length of padding_config must equal the number of axes of operand, got \
             padding_config {} for operand shape {}",
            py_padding(config),
            py_tuple(&x.shape)
        );
    }
    if config.iter().any(|&(_, _, i)| i < 0) {
        panic!(
            "interior padding in padding_config must be nonnegative, got padding_config {}",
            py_padding(config)
        );
    }
    let result: Vec<i128> = config
        .iter()
        .zip(&x.shape)
        .map(|(&(l, h, i), &d)| {
            let d = d as i128;
            let dilated = if d == 0 {
                0
            } else {
                (d - 1) * (i as i128 + 1) + 1
            };
            l as i128 + h as i128 + dilated
        })
        .collect();
    if result.iter().any(|&d| d < 0) {
        panic!(
            "Dimension size after padding is not at least 0, got result shape {}, for \
             padding_config {} and operand shape {}",
            py_tuple(&result),
            py_padding(config),
            py_tuple(&x.shape)
        );
    }
    let mut shape = Vec::with_capacity(result.len());
    for &d in &result {
        match usize::try_from(d) {
            Ok(d) => shape.push(d),
            Err(_) => panic!(
                "Shape {} has too many elements: its size overflows usize",
                py_tuple(&result)
            ),
        }
    }
    Aval::with_weak(
        checked_shape(shape),
        x.dtype,
        x.weak_type && value.weak_type,
    )
}

/// `unstack`: one result per index along `axis`, without that axis.
#[track_caller]
fn unstack(axis: usize, x: &Aval) -> Vec<Aval> {
    if x.ndim() == 0 {
        panic!(
            "unstack requires arrays with rank > 0, however a scalar array of shape () was \
             passed."
        );
    }
    if axis >= x.ndim() {
        panic!(
            "axis {axis} is out of bounds for array of dimension {}",
            x.ndim()
        );
    }
    let mut shape = x.shape.clone();
    let n = shape.remove(axis);
    vec![Aval::with_weak(shape, x.dtype, x.weak_type); n]
}

/// `tile`: each extent multiplied by its number of repeats.
#[track_caller]
fn tile(reps: &[usize], x: &Aval) -> Aval {
    if reps.len() != x.ndim() {
        panic!(
            "reps length must be equal to the ndim of x, got len(reps)={} and x.ndim={}.",
            reps.len(),
            x.ndim()
        );
    }
    let shape: Vec<usize> = x.shape.iter().zip(reps).map(|(d, r)| d * r).collect();
    Aval::with_weak(checked_shape(shape), x.dtype, x.weak_type)
}

/// `split`: pieces of the given extents along `axis`, which must add up to the operand's.
/// Sizes arrive as `usize`, so JAX's "nonnegative" check happens in the callers that
/// compute them (`jnp::split`).
#[track_caller]
fn split(axis: usize, sizes: &[usize], x: &Aval) -> Vec<Aval> {
    if axis >= x.ndim() {
        panic!(
            "axis {axis} is out of bounds for array of dimension {}",
            x.ndim()
        );
    }
    let total: usize = sizes.iter().sum();
    if total != x.shape[axis] {
        panic!(
            "Sum of sizes {total} must be equal to dimension {axis} of the operand shape [{}]",
            x.shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    sizes
        .iter()
        .map(|&s| {
            let mut shape = x.shape.clone();
            shape[axis] = s;
            Aval::with_weak(shape, x.dtype, x.weak_type)
        })
        .collect()
}

/// `slice`: `start <= limit <= shape` per axis, positive strides.
#[track_caller]
fn slice(start: &[usize], limit: &[usize], strides: Option<&[usize]>, x: &Aval) -> Aval {
    if x.ndim() != start.len() {
        panic!(
            "slice start_indices must have length equal to the number of dimensions of the \
             operand, got indices {} for operand shape {}.",
            py_tuple(start),
            py_tuple(&x.shape)
        );
    }
    if start.len() != limit.len() {
        panic!(
            "slice limit_indices must have the same length as start_indices, got start_indices \
             {} and limit_indices {}.",
            py_tuple(start),
            py_tuple(limit)
        );
    }
    if x.shape.iter().zip(limit).any(|(d, l)| l > d) {
        panic!(
            "slice limit_indices must be less than or equal to operand shape, got limit_indices \
             {} for operand shape {}.",
            py_tuple(limit),
            py_tuple(&x.shape)
        );
    }
    if start.iter().zip(limit).any(|(s, l)| l < s) {
        panic!(
            "slice limit_indices must be greater than or equal to start_indices, got \
             start_indices {} and limit_indices {}.",
            py_tuple(start),
            py_tuple(limit)
        );
    }
    let diff: Vec<usize> = start.iter().zip(limit).map(|(s, l)| l - s).collect();
    let shape = match strides {
        None => diff,
        Some(st) => {
            if st.len() != x.ndim() {
                panic!(
                    "slice strides must have length equal to the number of dimensions of the \
                     operand, got strides {} for operand shape {}.",
                    py_tuple(st),
                    py_tuple(&x.shape)
                );
            }
            if st.contains(&0) {
                panic!("slice strides must be positive, got {}", py_tuple(st));
            }
            diff.iter()
                .zip(st)
                .map(|(&d, &s)| if d == 0 { 0 } else { (d - 1) / s + 1 })
                .collect()
        }
    };
    Aval::with_weak(shape, x.dtype, x.weak_type)
}

#[track_caller]
fn check_start_indices(name: &str, x: &Aval, starts: &[&Aval]) {
    let integer = |a: &&Aval| a.dtype.is_integer() && a.dtype == starts[0].dtype;
    if !starts.iter().all(integer) {
        let listed: Vec<&str> = starts.iter().map(|a| a.dtype.name()).collect();
        let sep = if name == "dynamic_slice" { ": " } else { " " };
        panic!(
            "index arguments to {name} must be integers of the same type, got{sep}{}",
            listed.join(", ")
        );
    }
    if starts.iter().any(|a| a.ndim() != 0) {
        let listed: Vec<String> = starts.iter().map(|a| a.to_string()).collect();
        panic!(
            "start_indices arguments to {name} must be scalars, got indices [{}]",
            listed.join(", ")
        );
    }
    if starts.len() != x.ndim() {
        panic!(
            "{name} start_indices must have length equal to the rank of operand, got {} indices \
             for operand shape {}.",
            starts.len(),
            py_tuple(&x.shape)
        );
    }
}

/// `dynamic_slice operand *starts`: slice sizes within the operand's shape.
#[track_caller]
fn dynamic_slice(slice_sizes: &[usize], inputs: &[&Aval]) -> Aval {
    if inputs.is_empty() {
        panic!("dynamic_slice takes an operand and start indices, got no operands");
    }
    let x = inputs[0];
    if slice_sizes.len() != x.ndim() || x.shape.iter().zip(slice_sizes).any(|(d, s)| s > d) {
        panic!(
            "slice slice_sizes must be less than or equal to operand shape, got slice_sizes {} \
             for operand shape {}.",
            py_tuple(slice_sizes),
            py_tuple(&x.shape)
        );
    }
    check_start_indices("dynamic_slice", x, &inputs[1..]);
    Aval::with_weak(slice_sizes.to_vec(), x.dtype, x.weak_type)
}

/// `dynamic_update_slice operand update *starts`: an update of the operand's rank and dtype
/// that fits inside it.
#[track_caller]
fn dynamic_update_slice(inputs: &[&Aval]) -> Aval {
    if inputs.len() < 2 {
        panic!(
            "dynamic_update_slice takes an operand, an update and start indices, got {} operands",
            inputs.len()
        );
    }
    let (x, update) = (inputs[0], inputs[1]);
    if x.ndim() != update.ndim() {
        panic!(
            "dynamic_update_slice update must have the same rank as operand, got update shape {} \
             for operand shape {}.",
            py_tuple(&update.shape),
            py_tuple(&x.shape)
        );
    }
    if x.ndim() != inputs.len() - 2 {
        panic!(
            "dynamic_update_slice start_indices must have length equal to the rank of operand, \
             got {} indices for operand shape {}.",
            inputs.len() - 2,
            py_tuple(&x.shape)
        );
    }
    if x.shape.iter().zip(&update.shape).any(|(d, u)| u > d) {
        panic!(
            "dynamic_update_slice update shape must be smaller than operand shape, got update \
             shape {} for operand shape {}.",
            py_tuple(&update.shape),
            py_tuple(&x.shape)
        );
    }
    same_dtypes("dynamic_update_slice", &[x, update]);
    check_start_indices("dynamic_update_slice", x, &inputs[2..]);
    Aval::with_weak(x.shape.clone(), x.dtype, all_weak(inputs))
}

#[track_caller]
fn is_sorted(dims: &[usize], op: &str, name: &str) {
    if dims.windows(2).any(|w| w[1] < w[0]) {
        panic!("{name} in {op} op must be sorted; got {}", py_tuple(dims));
    }
}

#[track_caller]
fn no_duplicates(dims: &[usize], op: &str, name: &str) {
    let mut s = dims.to_vec();
    s.sort_unstable();
    s.dedup();
    if s.len() != dims.len() {
        panic!(
            "{name} in {op} op must not repeat; got: {}.",
            py_tuple(dims)
        );
    }
}

#[track_caller]
fn dims_in_range(dims: &[usize], rank: usize, op: &str, name: &str) {
    if let Some(&bad) = dims.iter().find(|&&d| d >= rank) {
        panic!("Invalid {name} set in {op} op; valid range is [0, {rank}); got: {bad}.");
    }
}

#[track_caller]
fn disjoint(a: &[usize], b: &[usize], op: &str, a_name: &str, b_name: &str) {
    if a.iter().any(|d| b.contains(d)) {
        panic!(
            "{a_name} in {op} op must not overlap with {b_name}, got {} and {}.",
            py_tuple(a),
            py_tuple(b)
        );
    }
}

#[track_caller]
fn integer_indices(indices: &Aval) {
    if !indices.dtype.is_integer() {
        panic!("indices must have an integer type");
    }
}

/// `gather`: XLA's gather with `index_vector_dim` the last axis of `indices`.
#[track_caller]
fn gather(
    dnums: &GatherDimensionNumbers,
    slice_sizes: &[usize],
    operand: &Aval,
    indices: &Aval,
) -> Aval {
    integer_indices(indices);
    let GatherDimensionNumbers {
        offset_dims,
        collapsed_slice_dims,
        start_index_map,
        operand_batching_dims,
        start_indices_batching_dims,
    } = dnums;
    if indices.ndim() == 0 {
        panic!(
            "Gather index leaf dimension must be within [0, rank(indices) + 1). rank(indices) is \
             0 and gather index leaf dimension is -1."
        );
    }
    let index_vector_dim = indices.ndim() - 1;
    let rank = operand.ndim();
    is_sorted(offset_dims, "gather", "offset_dims");
    no_duplicates(offset_dims, "gather", "offset_dims");
    let out_rank = offset_dims.len() + indices.ndim() - 1;
    for (i, &d) in offset_dims.iter().enumerate() {
        if d >= out_rank {
            panic!(
                "Offset dimension {i} in gather op is out of bounds; got {d}, but should have \
                 been in [0, {out_rank})"
            );
        }
    }
    if start_index_map.len() != indices.shape[index_vector_dim] {
        panic!(
            "Gather op has {} elements in start_index_map and the bound of dimension \
             index_vector_dim={index_vector_dim} of indices is {}. These two numbers must be \
             equal.",
            start_index_map.len(),
            indices.shape[index_vector_dim]
        );
    }
    for (i, &d) in start_index_map.iter().enumerate() {
        if d >= rank {
            panic!("Invalid start_index_map; domain is [0, {rank}), got: {i}->{d}.");
        }
    }
    no_duplicates(start_index_map, "gather", "start_index_map");
    is_sorted(collapsed_slice_dims, "gather", "collapsed_slice_dims");
    dims_in_range(collapsed_slice_dims, rank, "gather", "collapsed_slice_dims");
    no_duplicates(collapsed_slice_dims, "gather", "collapsed_slice_dims");
    no_duplicates(operand_batching_dims, "gather", "operand_batching_dims");
    is_sorted(operand_batching_dims, "gather", "operand_batching_dims");
    dims_in_range(
        operand_batching_dims,
        rank,
        "gather",
        "operand_batching_dims",
    );
    disjoint(
        collapsed_slice_dims,
        operand_batching_dims,
        "gather",
        "collapsed_slice_dims",
        "operand_batching_dims",
    );
    disjoint(
        start_index_map,
        operand_batching_dims,
        "gather",
        "start_index_map",
        "operand_batching_dims",
    );
    no_duplicates(
        start_indices_batching_dims,
        "gather",
        "start_indices_batching_dims",
    );
    dims_in_range(
        start_indices_batching_dims,
        indices.ndim(),
        "gather",
        "start_indices_batching_dims",
    );
    if start_indices_batching_dims.contains(&index_vector_dim) {
        panic!(
            "Gather op cannot have the index vector dimension as a batching dimension; got {}.",
            py_tuple(start_indices_batching_dims)
        );
    }
    if operand_batching_dims.len() != start_indices_batching_dims.len() {
        panic!(
            "Gather op requires equal numbers of operand_batching_dims and \
             start_indices_batching_dims, got {} and{}.",
            py_tuple(operand_batching_dims),
            py_tuple(start_indices_batching_dims)
        );
    }
    let ob: Vec<usize> = operand_batching_dims
        .iter()
        .map(|&i| operand.shape[i])
        .collect();
    let ib: Vec<usize> = start_indices_batching_dims
        .iter()
        .map(|&i| indices.shape[i])
        .collect();
    if ob != ib {
        panic!(
            "Gather op requires operand batching dimensions and indices batching dimensions to \
             have the same shape, got {} and {}.",
            py_tuple(&ob),
            py_tuple(&ib)
        );
    }
    if slice_sizes.len() != rank {
        panic!(
            "Gather op must have one slice size for every input dimension; got: \
             len(slice_sizes)={}, input_shape.rank={rank}",
            slice_sizes.len()
        );
    }
    if slice_sizes.len()
        != offset_dims.len() + collapsed_slice_dims.len() + operand_batching_dims.len()
    {
        panic!(
            "All components of the offset index in a gather op must either be a offset \
             dimension or explicitly collapsed/batching; got len(slice_sizes)={}, \
             output_slice_sizes={}, collapsed_slice_dims={}, operand_batching_dims={}.",
            slice_sizes.len(),
            py_tuple(offset_dims),
            py_tuple(collapsed_slice_dims),
            py_tuple(operand_batching_dims)
        );
    }
    let empty_indices = indices.shape.contains(&0);
    for (i, (&s, &d)) in slice_sizes.iter().zip(&operand.shape).enumerate() {
        if !empty_indices && s > d {
            panic!(
                "Slice size at index {i} in gather op is out of range, must be within [0, {d} + \
                 1), got {s}."
            );
        }
    }
    for (i, &d) in collapsed_slice_dims.iter().enumerate() {
        if slice_sizes[d] != 1 {
            panic!(
                "Gather op can only collapse slice dims with bound 1, but bound is {} for index \
                 {d} at position {i}.",
                slice_sizes[d]
            );
        }
    }
    for (i, &d) in operand_batching_dims.iter().enumerate() {
        if slice_sizes[d] > 1 {
            panic!(
                "Gather op can only have operand batching dims with bound 0/1, but bound is {} \
                 for index {d} at position {i}.",
                slice_sizes[d]
            );
        }
    }
    let mut batch_shape = indices.shape[..index_vector_dim].iter();
    let mut window = slice_sizes
        .iter()
        .enumerate()
        .filter(|(i, _)| !collapsed_slice_dims.contains(i) && !operand_batching_dims.contains(i))
        .map(|(_, &s)| s);
    let shape: Vec<usize> = (0..out_rank)
        .map(|i| {
            if offset_dims.contains(&i) {
                window
                    .next()
                    .expect("checked: one slice size per offset dim")
            } else {
                *batch_shape
                    .next()
                    .expect("checked: one index axis per batch dim")
            }
        })
        .collect();
    Aval::with_weak(checked_shape(shape), operand.dtype, operand.weak_type)
}

/// The axes of `updates` that run over scatter indices (not window axes).
fn update_scatter_dims(update_window_dims: &[usize], updates_rank: usize) -> Vec<usize> {
    (0..updates_rank)
        .filter(|d| !update_window_dims.contains(d))
        .collect()
}

/// `scatter*`: XLA's scatter with `index_vector_dim` the last axis of `indices`.
#[track_caller]
fn scatter(
    dnums: &ScatterDimensionNumbers,
    operand: &Aval,
    indices: &Aval,
    updates: &Aval,
) -> Aval {
    integer_indices(indices);
    same_dtypes("scatter", &[operand, updates]);
    let ScatterDimensionNumbers {
        update_window_dims,
        inserted_window_dims,
        scatter_dims_to_operand_dims,
        operand_batching_dims,
        scatter_indices_batching_dims,
    } = dnums;
    if indices.ndim() == 0 {
        panic!(
            "Scatter index leaf dimension must be within [0, rank(indices) + 1). rank(indices) \
             is 0 and scatter index leaf dimension is -1."
        );
    }
    let index_vector_dim = indices.ndim() - 1;
    let rank = operand.ndim();
    let expected = indices.ndim() - 1 + update_window_dims.len();
    if updates.ndim() != expected {
        panic!(
            "Updates tensor must be of rank {expected}; got {}.",
            updates.ndim()
        );
    }
    is_sorted(update_window_dims, "scatter", "update_window_dims");
    no_duplicates(update_window_dims, "scatter", "update_window_dims");
    dims_in_range(
        update_window_dims,
        updates.ndim(),
        "scatter",
        "update_window_dims",
    );
    is_sorted(inserted_window_dims, "scatter", "inserted_window_dims");
    no_duplicates(inserted_window_dims, "scatter", "inserted_window_dims");
    dims_in_range(
        inserted_window_dims,
        rank,
        "scatter",
        "inserted_window_dims",
    );
    is_sorted(operand_batching_dims, "scatter", "operand_batching_dims");
    no_duplicates(operand_batching_dims, "scatter", "operand_batching_dims");
    dims_in_range(
        operand_batching_dims,
        rank,
        "scatter",
        "operand_batching_dims",
    );
    disjoint(
        inserted_window_dims,
        operand_batching_dims,
        "scatter",
        "inserted_window_dims",
        "operand_batching_dims",
    );
    disjoint(
        scatter_dims_to_operand_dims,
        operand_batching_dims,
        "scatter",
        "scatter_dims_to_operand_dims",
        "operand_batching_dims",
    );
    no_duplicates(
        scatter_indices_batching_dims,
        "scatter",
        "scatter_indices_batching_dims",
    );
    dims_in_range(
        scatter_indices_batching_dims,
        indices.ndim(),
        "scatter",
        "scatter_indices_batching_dims",
    );
    if scatter_indices_batching_dims.contains(&index_vector_dim) {
        panic!(
            "Scatter op cannot have the index vector dimension as a batching dimension; got {}.",
            py_tuple(scatter_indices_batching_dims)
        );
    }
    if operand_batching_dims.len() != scatter_indices_batching_dims.len() {
        panic!(
            "Scatter op requires equal numbers of operand_batching_dims and \
             scatter_indices_batching_dims, got {} and {}.",
            py_tuple(operand_batching_dims),
            py_tuple(scatter_indices_batching_dims)
        );
    }
    let ob: Vec<usize> = operand_batching_dims
        .iter()
        .map(|&i| operand.shape[i])
        .collect();
    let ib: Vec<usize> = scatter_indices_batching_dims
        .iter()
        .map(|&i| indices.shape[i])
        .collect();
    if ob != ib {
        panic!(
            "Scatter op requires operand batching dimensions and indices batching dimensions to \
             have the same shape, got {} and {}.",
            py_tuple(&ob),
            py_tuple(&ib)
        );
    }
    // Update scatter axis `k` runs over indices axis `k` (the index vector is the last axis),
    // so the updates' batching axes are the scatter axes at the indices' batching positions.
    let scatter_dims = update_scatter_dims(update_window_dims, updates.ndim());
    let ub: Vec<usize> = scatter_indices_batching_dims
        .iter()
        .map(|&i| updates.shape[scatter_dims[i]])
        .collect();
    if ob != ub {
        panic!(
            "Scatter op requires operand batching dimensions and updates batching dimensions to \
             have the same shape, got {} and {}.",
            py_tuple(&ob),
            py_tuple(&ub)
        );
    }
    let window_size =
        update_window_dims.len() + inserted_window_dims.len() + operand_batching_dims.len();
    if rank != window_size {
        panic!(
            "Scatter op has window of size {window_size}; doesn't match operand of rank {rank}."
        );
    }
    if scatter_dims_to_operand_dims.len() != indices.shape[index_vector_dim] {
        panic!(
            "Scatter op has {} elements in scatter_dims_to_operand_dims and the bound of \
             dimension index_vector_dim={index_vector_dim} of indices is {}. These two numbers \
             must be equal",
            scatter_dims_to_operand_dims.len(),
            indices.shape[index_vector_dim]
        );
    }
    for (i, &d) in scatter_dims_to_operand_dims.iter().enumerate() {
        if d >= rank {
            panic!("Invalid scatter_dims_to_operand_dims mapping; domain is [0, {rank}), got: {i}->{d}.");
        }
    }
    no_duplicates(
        scatter_dims_to_operand_dims,
        "scatter",
        "scatter_dims_to_operand_dims",
    );
    let max_window: Vec<usize> = (0..rank)
        .filter(|i| !inserted_window_dims.contains(i) && !operand_batching_dims.contains(i))
        .map(|i| operand.shape[i])
        .collect();
    for (i, &d) in update_window_dims.iter().enumerate() {
        if max_window[i] < updates.shape[d] {
            panic!(
                "Bounds of the window dimensions of updates must not exceed the bounds of the \
                 corresponding dimensions of operand. For dimension {d}, updates bound is {}, \
                 operand bound is {}.",
                updates.shape[d], max_window[i]
            );
        }
    }
    for (k, &d) in scatter_dims.iter().enumerate() {
        if updates.shape[d] != indices.shape[k] {
            panic!(
                "Bounds of the scatter dimensions of updates must be the same as the bounds of \
                 the corresponding dimensions of scatter indices. For scatter dimension {d}, \
                 updates bound is {}, indices bound is {}.",
                updates.shape[d], indices.shape[k]
            );
        }
    }
    Aval::with_weak(operand.shape.clone(), operand.dtype, operand.weak_type)
}

/// `sort`: operands of one shape; results have the operands' avals.
#[track_caller]
fn sort(dimension: usize, inputs: &[&Aval]) -> Vec<Aval> {
    if inputs.is_empty() {
        panic!("sort requires at least one operand");
    }
    if inputs.iter().any(|a| a.shape != inputs[0].shape) {
        let listed: Vec<String> = inputs.iter().map(|a| py_tuple(&a.shape)).collect();
        panic!(
            "Arguments to sort must have equal shapes, got: {}",
            listed.join(" ")
        );
    }
    if dimension >= inputs[0].ndim() {
        panic!(
            "axis {dimension} is out of bounds for array of dimension {}",
            inputs[0].ndim()
        );
    }
    inputs.iter().map(|a| (*a).clone()).collect()
}

/// `iota`: a number dtype and a dimension inside the shape (lax.py `_iota_abstract_eval`).
#[track_caller]
fn iota(dtype: crate::dtype::DType, shape: &[usize], dimension: usize) -> Aval {
    if dtype == crate::dtype::DType::Bool {
        panic!(
            "iota does not accept dtype bool. Accepted dtypes are subtypes of integer, floating, \
             complexfloating."
        );
    }
    if dimension >= shape.len() {
        panic!(
            "iota dimension must be between 0 and len(shape), got dimension={dimension} for \
             shape={}",
            py_tuple(shape)
        );
    }
    Aval::new(shape.to_vec(), dtype)
}
