//! `jaxrs::numpy` (used as `jnp`): NumPy's API with JAX's semantics.
//!
//! JAX counterpart: `jax/_src/numpy/` (`lax_numpy.py`, `ufuncs.py`, `reductions.py`,
//! `util.py`). Functions take [`ArrayLike`] operands (`&Array`, `Array` or a Rust scalar),
//! promote dtypes and ranks as JAX does, then call `lax`.

mod creation;
mod indexing;
mod linalg;
mod operand;
pub(crate) use operand::scalar_array;
mod ops;
mod rearrange;
mod reductions;
mod shape_ops;
mod ufuncs;

pub use creation::{
    arange, arange_dtype, arange_start, arange_step, array, eye, eye_dtype, eye_k, full,
    full_dtype, full_like, full_like_dtype, linspace, linspace_dtype, linspace_endpoint, ones,
    ones_dtype, ones_like, ones_like_dtype, zeros, zeros_dtype, zeros_like, zeros_like_dtype,
    IntoArrayData,
};
pub use indexing::{
    Ellipsis, Index, IndexInt, IndexItem, IndexUpdateOwned, IndexUpdateRef, IntoIndex, IntoSlice,
    NewAxis, Slice,
};
pub use linalg::{dot, inner, matmul, outer, vdot};
pub use operand::{ArrayLike, Operand};
pub use rearrange::{
    append, array_split, atleast_3d, column_stack, diag, diagonal, dsplit, dstack, fliplr, flipud,
    hsplit, pad, pad_mode, repeat, roll, rollaxis, rot90, split, tile, trace, tri, tril, triu,
    unstack, vsplit, PadMode, PadWidth, SplitSections,
};
pub use reductions::{
    all, all_axes, all_axis, any, any_axes, any_axis, argmax, argmax_axes, argmax_axis, argmin,
    argmin_axes, argmin_axis, cumprod, cumprod_axis, cumsum, cumsum_axis, max, max_axes, max_axis,
    mean, mean_axes, mean_axis, min, min_axes, min_axis, prod, prod_axes, prod_axis, std, std_axes,
    std_axis, std_ddof, sum, sum_axes, sum_axis, sum_dtype, var, var_axes, var_axis, var_ddof,
    Axes, IntoAxes,
};
pub use shape_ops::{
    argsort, atleast_1d, atleast_2d, broadcast_to, concatenate, expand_dims, flip, hstack,
    moveaxis, ravel, reshape, sort, squeeze, stack, swapaxes, take, transpose, vstack, NewShape,
};
pub use ufuncs::{
    abs, absolute, add, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, bitwise_and,
    bitwise_not, bitwise_or, bitwise_xor, cbrt, ceil, clip, clip_max, clip_min, cos, cosh, deg2rad,
    divide, equal, exp, exp2, expm1, fabs, float_power, floor, floor_divide, fmod, greater,
    greater_equal, invert, isfinite, isinf, isnan, left_shift, less, less_equal, log, log10, log1p,
    log2, logical_and, logical_not, logical_or, logical_xor, maximum, minimum, multiply, negative,
    nextafter, not_equal, positive, pow, power, r#mod, rad2deg, reciprocal, remainder, right_shift,
    rint, round, sign, signbit, sin, sinh, sqrt, square, subtract, tan, tanh, true_divide, trunc,
    where_,
};
